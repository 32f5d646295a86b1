'use client';
import Link from 'next/link';
import { useMemo, useState, type ReactNode } from 'react';
import { downloadCsv, downloadXlsx } from '../download';
import { ScrollX } from './ScrollX';
import type { CellKind } from '@/lib/xlsx/write';
import { useViewState } from '../filters/ViewStateProvider';
import { formatNumber, formatPercent, NO_DATA } from '@/lib/format';
import type { TableState } from '@/lib/view-state';

export interface Column<T> {
  key: string;
  label: string;
  /** The raw value: sorted on and written to CSV. */
  value: (row: T) => string | number | boolean | null;
  /** How the cell shows; the raw value by default. */
  render?: (row: T) => ReactNode;
  numeric?: boolean;
  /** How the value goes into a downloaded cell; inferred from the key and the values when left out. */
  kind?: CellKind;
}

/** A column's cell kind: codes and years by their key, integers by their values. */
function kindOf<T>(c: Column<T>, rows: T[]): CellKind {
  if (c.kind) return c.kind;
  if (c.key === 'school_id' || c.key.endsWith('_id')) return 'code';
  if (c.key === 'year' || c.key.endsWith('_year')) return 'year';
  if (!c.numeric) return 'text';
  return rows.every((r) => {
    const v = c.value(r);
    return v === null || typeof v !== 'number' || Number.isInteger(v);
  })
    ? 'int'
    : 'number';
}

/** A cell without its own render: numbers with thousands separators (years and codes as they are). */
function show(v: string | number | boolean | null, kind: CellKind): ReactNode {
  if (v === null) return NO_DATA;
  if (typeof v === 'number' && kind !== 'year' && kind !== 'code') return formatNumber(v);
  return String(v);
}

/** Rows for a download: what each column holds, shares in percent for CSV (as the screen shows them). */
function downloadRows<T>(columns: Column<T>[], kinds: CellKind[], rows: T[], percent: boolean) {
  return rows.map((r) =>
    columns.map((c, j) => {
      const v = c.value(r);
      return percent && kinds[j] === 'share' && typeof v === 'number' ? Math.round(v * 1000) / 10 : v;
    }),
  );
}

interface Props<T> {
  id: string;
  caption: string;
  columns: Column<T>[];
  rows: T[];
  fileName: string;
  /** The view's main table: its sort and search text are the URL's `sort` and `q` (the others' are `sort.<id>`, `q.<id>`). */
  inUrl?: boolean;
  /** Rows with fewer than 10 participants: greyed and labelled. */
  small?: (row: T) => boolean;
  empty?: string;
  pageSize?: number;
}

const collator = new Intl.Collator('ru');

/** Sortable, searchable, paged table with a CSV download; fast with thousands of rows. */
export function DataTable<T>({
  id,
  caption,
  columns,
  rows,
  fileName,
  inUrl = false,
  small,
  empty = 'Нет строк для выбранных фильтров.',
  pageSize = 50,
}: Props<T>) {
  const view = useViewState();
  // Every table's sort and search are in the URL, so that a copied link shows the table as it is.
  const own = view.state.tables[id] ?? { sort: null, q: '' };
  const sort = inUrl ? view.state.sort : own.sort;
  const q = inUrl ? view.state.q : own.q;
  const setTable = (patch: Partial<TableState>) => ({
    tables: { ...view.state.tables, [id]: { ...own, ...patch } },
  });
  const setSort = (s: string | null) => view.update(inUrl ? { sort: s } : setTable({ sort: s }));
  const setQ = (text: string) => view.update(inUrl ? { q: text } : setTable({ q: text }), { replace: true });
  // «Показать ещё» counts for the rows it was clicked on: new rows start again at one page.
  const [more, setMore] = useState<{ rows: T[]; shown: number } | null>(null);
  const shown = more?.rows === rows ? more.shown : pageSize;
  const visible = useMemo(() => {
    const needle = q.trim().toLowerCase();
    let out = needle
      ? rows.filter((r) =>
          columns.some((c) =>
            String(c.value(r) ?? '')
              .toLowerCase()
              .includes(needle),
          ),
        )
      : rows;
    const [key, dir] = (sort ?? '').split(':');
    const col = columns.find((c) => c.key === key);
    if (col) {
      const sign = dir === 'desc' ? -1 : 1;
      out = [...out].sort((a, b) => {
        const x = col.value(a);
        const y = col.value(b);
        if (x === y) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        return (
          sign *
          (typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y)))
        );
      });
    }
    return out;
  }, [rows, columns, q, sort]);

  const kinds = useMemo(() => columns.map((c) => kindOf(c, rows)), [columns, rows]);
  const [sortKey, sortDir] = (sort ?? '').split(':');
  const unknownSort = sortKey && !columns.some((c) => c.key === sortKey);
  return (
    <div className="space-y-2" data-testid={`table-${id}`} data-rows={visible.length}>
      {unknownSort && (
        <p role="status" className="text-sm text-amber-800" data-testid={`sort-notice-${id}`}>
          Столбца «{sortKey}» для сортировки в этой таблице нет: строки в исходном порядке.
        </p>
      )}
      <div className="no-print flex flex-wrap items-center gap-3">
        <input
          type="search"
          aria-label={`Поиск: ${caption}`}
          placeholder="Поиск по таблице"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="w-64 rounded border border-slate-300 px-2 py-1 text-sm"
          data-testid={`search-${id}`}
        />
        <span className="text-sm text-slate-600">Строк: {visible.length.toLocaleString('ru-RU')}</span>
        <button
          type="button"
          className="text-sm text-sky-800 underline"
          data-testid={`csv-${id}`}
          onClick={() => {
            const kinds = columns.map((c) => kindOf(c, visible));
            downloadCsv(
              fileName,
              columns.map((c, j) => (kinds[j] === 'share' ? `${c.label}, %` : c.label)),
              downloadRows(columns, kinds, visible, true),
            );
          }}
        >
          Скачать CSV
        </button>
        <button
          type="button"
          className="text-sm text-sky-800 underline"
          data-testid={`xlsx-${id}`}
          onClick={() => {
            const kinds = columns.map((c) => kindOf(c, visible));
            void downloadXlsx(
              fileName.replace(/\.csv$/, '.xlsx'),
              caption,
              columns.map((c, j) => ({ label: c.label, kind: kinds[j] })),
              downloadRows(columns, kinds, visible, false),
            );
          }}
        >
          Скачать XLSX
        </button>
      </div>
      <ScrollX className="rounded-lg border border-slate-200 bg-white" cue={`scroll-cue-${id}`}>
        <table className="min-w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-slate-100 text-left text-slate-700">
            <tr>
              {columns.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={`px-3 py-2 font-medium ${c.numeric ? 'text-right' : ''}`}
                  aria-sort={sortKey === c.key ? (sortDir === 'desc' ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    className="hover:underline"
                    onClick={() =>
                      setSort(sortKey === c.key && sortDir !== 'desc' ? `${c.key}:desc` : `${c.key}`)
                    }
                  >
                    {c.label}
                    {sortKey === c.key ? (sortDir === 'desc' ? ' ↓' : ' ↑') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visible.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-3 py-6 text-slate-500">
                  {/* Kept in view when the table is wider than the screen (centred, its end was cut). */}
                  <div className="sticky left-3 max-w-[calc(100vw-4rem)]">{empty}</div>
                </td>
              </tr>
            ) : (
              visible.slice(0, shown).map((r, i) => {
                const isSmall = small?.(r) ?? false;
                return (
                  <tr
                    key={i}
                    className={`border-t border-slate-100 ${isSmall ? 'text-slate-400' : ''}`}
                    title={isSmall ? 'Меньше 10 участников: результат малоинформативен' : undefined}
                  >
                    {columns.map((c, j) => (
                      <td key={c.key} className={`px-3 py-1.5 ${c.numeric ? 'text-right tabular-nums' : ''}`}>
                        {c.render ? c.render(r) : show(c.value(r), kinds[j])}
                      </td>
                    ))}
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </ScrollX>
      {visible.length > shown && (
        <button
          type="button"
          className="no-print text-sm text-sky-800 underline"
          onClick={() => setMore({ rows, shown: shown + pageSize * 5 })}
        >
          Показать ещё (показано {shown} из {visible.length})
        </button>
      )}
    </div>
  );
}

/** The «Школа» column: a school's name, linking to its card. */
export function schoolColumn<T extends { school_id: string; name: string }>(): Column<T> {
  return {
    key: 'name',
    label: 'Школа',
    value: (r) => r.name,
    render: (r) => <SchoolLink id={r.school_id} name={r.name} />,
  };
}

/** A share (0–1) column: shown in percent, downloaded as a share (in percent in CSV, as the screen shows it). */
export function shareColumn<T extends Record<K, number | null>, K extends string>(
  key: K,
  label: string,
): Column<T> {
  return {
    key,
    label,
    value: (r) => r[key],
    numeric: true,
    kind: 'share',
    render: (r) => formatPercent(r[key]),
  };
}

/** The «Муниципалитет» column. */
export function municipalityColumn<T extends { municipality: string | null }>(): Column<T> {
  return { key: 'municipality', label: 'Муниципалитет', value: (r) => r.municipality };
}

/** A school's name linking to its card, keeping the current filters. */
export function SchoolLink({
  id,
  name,
  className = 'text-sky-800 hover:underline',
}: {
  id: string;
  name: string;
  className?: string;
}) {
  const { query } = useViewState();
  const params = new URLSearchParams(query);
  params.set('id', id);
  for (const k of ['sort', 'q', 'cell']) params.delete(k);
  return (
    <Link href={`/school/?${params.toString()}`} className={className}>
      {name}
    </Link>
  );
}
