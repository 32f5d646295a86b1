'use client';
import { useEffect, useRef, useState } from 'react';
import type { ParseResult } from '@/lib/upload/parse-worker';
import { describeProblem, marksConvertedText } from '@/lib/csv/parse';
import { detectTable } from '@/lib/csv/headers';
import { LIST_NAMES, TABLES, tableDef, type TableName } from '@/lib/schema';
import { listShortLabel } from '@/lib/narrative';
import { DEFAULT_LIST } from '@/lib/filters';
import type { IdentityCheck } from '@/lib/upload/identity';
import { MODE_LABELS, type ImportMode } from '@/lib/db/user-data';
import { formatInt, plural } from '@/lib/format';
import { downloadCsv } from '../download';
import { parseInWorker, type ParseHandle } from './useParser';

type ParseChoice = { table?: TableName; columns?: (string | null)[]; sheet?: string; list?: string };
type Status = 'parsing' | 'parsed' | 'importing' | 'imported' | 'refused' | 'cancelled' | 'error';

const ENCODINGS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'windows-1251': 'Windows-1251',
  'utf-16le': 'UTF-16 («Текст Юникод»)',
  'utf-16be': 'UTF-16 BE',
};
const DELIMITERS: Record<string, string> = { ';': 'точка с запятой', ',': 'запятая', '\t': 'табуляция' };
const NO_IDENTITY: IdentityCheck = { unknown: [], conflicts: [] };
const mb = (bytes: number) =>
  (bytes / 1e6).toLocaleString('ru-RU', { maximumFractionDigits: bytes < 1e5 ? 3 : 1 });

/** One uploaded file: parsing with progress, mapping, preview, the problem report, and the import itself. */
export function FileJob({ file, onDone, onClose }: { file: File; onDone(): void; onClose(): void }) {
  const [status, setStatus] = useState<Status>('parsing');
  const [progress, setProgress] = useState({ bytes: 0, total: file.size, records: 0, seconds: 0 });
  const [result, setResult] = useState<ParseResult | null>(null);
  const [table, setTable] = useState<TableName | undefined>(undefined);
  const [columns, setColumns] = useState<(string | null)[] | undefined>(undefined);
  const [sheet, setSheet] = useState<string | undefined>(undefined);
  const [list, setList] = useState<string | undefined>(undefined);
  const [mode, setMode] = useState<ImportMode>('add');
  const [identity, setIdentity] = useState<IdentityCheck | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const handle = useRef<ParseHandle | null>(null);
  // What the file was last parsed with: a new request (the table, sheet or list chosen, or the mapping
  // confirmed) parses it again; editing a column's mapping alone does not.
  const [request, setRequest] = useState<ParseChoice>({});
  const [phase, setPhase] = useState<'importing' | 'storing' | null>(null);

  useEffect(() => {
    let live = true;
    setStatus('parsing');
    setMessage(null);
    const h = parseInWorker({ file, ...request }, (p) => live && setProgress(p));
    handle.current = h;
    h.promise.then(
      async (r) => {
        if (!live) return;
        if (!r) return setStatus('cancelled');
        if (r.mapping?.table === 'schools') setMode('replace-years');
        setResult(r);
        setIdentity(null);
        setStatus('parsed');
        if (r.rows > 0 && r.mapping) {
          try {
            const { getBrowserEngine } = await import('@/lib/data/browser');
            const { identityCheck } = await import('@/lib/upload/identity');
            const db = await getBrowserEngine();
            const name = await db.registerFile(
              `check-${Date.now()}.csv`,
              new Uint8Array(await r.csv.arrayBuffer()),
            );
            setIdentity(await identityCheck(db, r.mapping.table, name));
          } catch (e) {
            setIdentity(NO_IDENTITY);
            setMessage(
              `Не удалось сверить коды ОО со справочником: ${e instanceof Error ? e.message : String(e)}`,
            );
          }
        } else setIdentity(NO_IDENTITY);
      },
      (e: Error) => {
        if (!live) return;
        setStatus('error');
        setMessage(e.message);
      },
    );
    return () => {
      live = false;
      h.cancel();
    };
  }, [file, request]);

  const doImport = async () => {
    if (!result?.mapping) return;
    setStatus('importing');
    try {
      const { importUserFile, getBrowserEngine } = await import('@/lib/data/browser');
      // Checked again now: a file imported meanwhile (a schools table) may have named these schools.
      const { identityCheck } = await import('@/lib/upload/identity');
      const db = await getBrowserEngine();
      setIdentity(
        await identityCheck(
          db,
          result.mapping.table,
          await db.registerFile(`check-${Date.now()}.csv`, new Uint8Array(await result.csv.arrayBuffer())),
        ),
      );
      // The rows and the keys of the refused ones: one import, stored whole or not at all.
      const out = await importUserFile(
        {
          fileName: file.name,
          table: result.mapping.table,
          mode,
          rows: result.rows,
          years: result.years,
          procedures: result.procedures,
          csv: result.csv,
          refused: result.refused,
        },
        setPhase,
      );
      const { describeOutcome } = await import('@/lib/upload/outcome');
      setStatus('imported');
      setMessage(describeOutcome(out, mode));
      onDone();
    } catch (e) {
      setStatus('parsed');
      setMessage(`Файл не загружен, его строки не записаны: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const def = result?.mapping ? tableDef(result.mapping.table) : null;
  const problems = result?.problems ?? [];
  const pct = progress.total ? Math.round((100 * progress.bytes) / progress.total) : 100;
  // An empty file, or one without a required column: nothing to import, only the report to read.
  const nothingToImport =
    !!result && (result.rows === 0 || !result.mapping || result.mapping.missing.length > 0);
  return (
    <article
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="file-job"
      data-status={status}
      data-phase={status === 'importing' ? (phase ?? 'importing') : undefined}
      data-file={file.name}
      data-seconds={result?.seconds}
      data-rows={result?.rows}
    >
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="min-w-0 font-medium [overflow-wrap:anywhere]">
          {file.name} <span className="text-sm text-slate-500">· {mb(file.size)} МБ</span>
        </h3>
        <span className="flex items-baseline gap-3 text-sm">
          <span data-testid="job-status">
            {status === 'importing' && phase === 'storing'
              ? 'Сохранение в браузере…'
              : status === 'parsed' && nothingToImport
                ? 'Проверен: загружать нечего'
                : STATUS_LABEL[status]}
          </span>
          {(['imported', 'refused', 'cancelled', 'error'].includes(status) ||
            (status === 'parsed' && nothingToImport)) && (
            <button
              type="button"
              className="text-slate-700 underline"
              onClick={onClose}
              data-testid="job-close"
            >
              Убрать из списка
            </button>
          )}
        </span>
      </header>

      {status === 'parsing' && (
        <div className="space-y-1">
          <progress className="w-full" max={100} value={pct} aria-label="Прогресс разбора файла" />
          <p className="text-xs text-slate-600">
            {pct} % · строк: {formatInt(progress.records)} · {mb(progress.bytes)} из {mb(progress.total)} МБ
            {progress.seconds > 0 ? ` · ${formatInt(progress.records / progress.seconds)} строк/с` : ''}
          </p>
          <button
            type="button"
            className="text-sm text-red-700 underline"
            onClick={() => handle.current?.cancel()}
          >
            Отменить
          </button>
        </div>
      )}

      {message && (
        <p
          role="status"
          className={`text-sm ${status === 'imported' ? 'text-green-800' : 'text-red-800'}`}
          data-testid="job-message"
        >
          {message}
        </p>
      )}

      {result && status !== 'parsing' && (
        <>
          <p className="text-sm text-slate-700" data-testid="job-summary">
            Таблица: <b>{def?.label ?? 'не распознана'}</b> ·{' '}
            {result.sheet ? (
              <>книга Excel, лист «{result.sheet}»</>
            ) : (
              <>
                кодировка {ENCODINGS[result.encoding] ?? result.encoding} · разделитель —{' '}
                {DELIMITERS[result.delimiter] ?? result.delimiter}
              </>
            )}{' '}
            · строк данных: {formatInt(result.records)} · без ошибок:{' '}
            <span data-testid="job-rows">{formatInt(result.rows)}</span>
            {result.duplicatesDropped
              ? ` · повторов учтено один раз: ${formatInt(result.duplicatesDropped)}`
              : ''}{' '}
            · ошибок: <span data-testid="job-problems">{formatInt(problems.length)}</span> ·{' '}
            {result.seconds.toLocaleString('ru-RU', { maximumFractionDigits: 1 })} с
          </p>
          {marksConvertedText(result.converted) && (
            <p className="text-sm text-amber-800" data-testid="job-converted">
              {marksConvertedText(result.converted)}
            </p>
          )}

          {result.sheets && result.sheets.length > 1 && status === 'parsed' && (
            <label className="flex flex-col gap-1 text-xs text-slate-600">
              Лист книги
              <select
                className="w-fit max-w-full rounded border border-slate-300 px-2 py-1 text-sm"
                value={result.sheet}
                data-testid="job-sheet"
                onChange={(e) => {
                  setSheet(e.target.value);
                  setTable(undefined);
                  setColumns(undefined);
                  setRequest({ sheet: e.target.value, list });
                }}
              >
                {result.sheets.map((x) => (
                  <option key={x.name} value={x.name} disabled={x.chart || x.rows === 0}>
                    {x.name}
                    {x.chart ? ' (диаграмма)' : x.rows === 0 ? ' (пустой)' : ''}
                  </option>
                ))}
              </select>
            </label>
          )}

          {status === 'parsed' && <OtherTableNotice result={result} />}

          {result.mapping?.table === 'lists' &&
            !result.mapping.columns.includes('list') &&
            status === 'parsed' && (
              <label className="flex flex-col gap-1 text-xs text-slate-600">
                В файле нет столбца «Перечень»: это перечень
                <select
                  className="w-fit max-w-full rounded border border-slate-300 px-2 py-1 text-sm"
                  value={list ?? DEFAULT_LIST}
                  data-testid="job-list"
                  onChange={(e) => {
                    setList(e.target.value);
                    setRequest({ table, columns, sheet, list: e.target.value });
                  }}
                >
                  {LIST_NAMES.map((l) => (
                    <option key={l} value={l}>
                      {listShortLabel(l)}
                    </option>
                  ))}
                </select>
              </label>
            )}

          {result.headers.length > 0 && status === 'parsed' && (
            <details className="text-sm" open={!!result.mapping?.missing.length}>
              <summary className="cursor-pointer text-sky-800">
                Сопоставление столбцов и первые строки
              </summary>
              <div className="mt-2 flex flex-wrap items-end gap-3">
                <label className="flex flex-col gap-1 text-xs text-slate-600">
                  Таблица
                  <select
                    className="max-w-full rounded border border-slate-300 px-2 py-1 text-sm"
                    value={table ?? result.mapping?.table ?? ''}
                    data-testid="job-table"
                    onChange={(e) => {
                      setTable(e.target.value as TableName);
                      setColumns(undefined);
                      setRequest({ table: e.target.value as TableName, sheet, list });
                    }}
                  >
                    {TABLES.map((t) => (
                      <option key={t.name} value={t.name}>
                        {t.label}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <div className="mt-2 overflow-x-auto">
                <table className="text-xs">
                  <thead>
                    <tr>
                      {result.headers.map((h, i) => (
                        <th key={i} className="border px-2 py-1 text-left align-top">
                          <div className="font-medium">{h}</div>
                          <select
                            aria-label={`Столбец «${h}»`}
                            className="mt-1 rounded border border-slate-300 text-xs"
                            value={(columns ?? result.mapping?.columns ?? [])[i] ?? ''}
                            onChange={(e) => {
                              const next = [
                                ...(columns ?? result.mapping?.columns ?? result.headers.map(() => null)),
                              ];
                              next[i] = e.target.value || null;
                              setColumns(next);
                            }}
                          >
                            <option value="">— не загружать —</option>
                            {def?.columns.map((c) => (
                              <option key={c.name} value={c.name}>
                                {c.label}
                                {c.required ? ' *' : ''}
                              </option>
                            ))}
                          </select>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {result.rawPreview.slice(1, 6).map((r, i) => (
                      <tr key={i}>
                        {result.headers.map((_, j) => (
                          <td key={j} className="border px-2 py-0.5">
                            {r[j]}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {columns && (
                <button
                  type="button"
                  className="mt-2 rounded bg-slate-700 px-3 py-1 text-sm text-white"
                  onClick={() => setRequest({ table, columns, sheet, list })}
                >
                  Проверить заново с этим сопоставлением
                </button>
              )}
            </details>
          )}

          {problems.length > 0 && (
            <section
              className="rounded border border-amber-300 bg-amber-50 p-3 text-sm"
              data-testid="job-report"
            >
              <h4 className="font-medium">
                Найдены ошибки: {formatInt(problems.length)}. Строки с ошибками не будут загружены.
              </h4>
              <ul className="mt-1 max-h-48 list-disc overflow-auto pl-5">
                {problems.slice(0, 50).map((p, i) => (
                  <li key={i}>{describeProblem(file.name, p)}</li>
                ))}
              </ul>
              {problems.length > 50 && <p>… и ещё {formatInt(problems.length - 50)}</p>}
              <button
                type="button"
                className="mt-1 text-sky-800 underline"
                onClick={() =>
                  downloadCsv(
                    `oshibki-${file.name}.csv`,
                    ['Строка', 'Столбец', 'Значение', 'Ошибка'],
                    problems.map((p) => [p.row, p.column, p.value, p.message]),
                  )
                }
              >
                Скачать отчёт об ошибках (CSV)
              </button>
            </section>
          )}

          {identity && (status === 'parsed' || status === 'imported') && (
            <IdentityReport
              identity={identity}
              firstRows={result.firstRows}
              codeColumn={result.headers[result.mapping?.columns.indexOf('school_id') ?? -1]}
            />
          )}

          {status === 'parsed' && result.rows > 0 && result.mapping && !result.mapping.missing.length && (
            <div className="flex flex-wrap items-end gap-3">
              <label className="flex min-w-0 max-w-full flex-col gap-1 text-xs text-slate-600">
                Как загрузить
                <select
                  className="max-w-full rounded border border-slate-300 px-2 py-1 text-sm"
                  value={mode}
                  onChange={(e) => setMode(e.target.value as ImportMode)}
                  data-testid="job-mode"
                >
                  {Object.entries(MODE_LABELS).map(([k, v]) => (
                    <option key={k} value={k}>
                      {v}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="rounded bg-sky-800 px-3 py-1.5 text-sm text-white disabled:bg-slate-400"
                onClick={doImport}
                data-testid="job-import"
                disabled={identity === null}
              >
                {identity === null
                  ? 'Сверяем коды ОО со справочником…'
                  : problems.length
                    ? `Загрузить ${formatInt(result.rows)} ${plural(result.rows, ['строку', 'строки', 'строк'])} без ошибок`
                    : `Загрузить ${formatInt(result.rows)} ${plural(result.rows, ['строку', 'строки', 'строк'])}`}
              </button>
              <button
                type="button"
                className="text-sm text-slate-700 underline"
                onClick={() => setStatus('refused')}
                data-testid="job-refuse"
              >
                Отказаться от файла
              </button>
            </div>
          )}
        </>
      )}
    </article>
  );
}

const STATUS_LABEL: Record<Status, string> = {
  parsing: 'Разбор файла…',
  parsed: 'Проверен',
  importing: 'Загрузка…',
  imported: 'Загружен',
  refused: 'Файл не загружен',
  cancelled: 'Разбор отменён',
  error: 'Ошибка',
};

const FIELD_LABEL = { name: 'наименование', municipality: 'муниципалитет' };

/**
 * A table chosen by hand that the file's headers fit worse than another (results taken as a list): said before
 * the import, since the rows would pass the chosen table's checks and change its figures.
 */
function OtherTableNotice({ result }: { result: ParseResult }) {
  if (!result.mapping || !result.headers.length) return null;
  const guess = detectTable(result.headers);
  const fits = (columns: (string | null)[]) => columns.filter(Boolean).length;
  if (guess.table === result.mapping.table || fits(guess.columns) <= fits(result.mapping.columns))
    return null;
  return (
    <p
      role="alert"
      data-testid="job-other-table"
      className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900"
    >
      Столбцы файла похожи на таблицу «{tableDef(guess.table).label}» (узнано столбцов: {fits(guess.columns)}
      ), а выбрана «{tableDef(result.mapping.table).label}» (узнано: {fits(result.mapping.columns)}).
      Проверьте выбор таблицы: строки загрузятся в выбранную и изменят её показатели.
    </p>
  );
}

/** Codes no schools table knows, and names that differ from those shown now. */
function IdentityReport({
  identity: { unknown, conflicts },
  firstRows,
  codeColumn,
}: {
  identity: IdentityCheck;
  firstRows: Record<string, number>;
  codeColumn?: string;
}) {
  const byFile = unknown.filter((u) => u.named);
  const byData = unknown.filter((u) => !u.named && u.namedInData);
  const unnamed = unknown.filter((u) => !u.named && !u.namedInData);
  // Each code with the row it first appears in: a mistyped code is found and fixed in the file.
  const list = (ids: string[]) =>
    `${ids
      .slice(0, 10)
      .map((id) => (firstRows[id] ? `${id} — строка ${formatInt(firstRows[id])}` : id))
      .join(', ')}${ids.length > 10 ? '…' : ''}`;
  if (!unknown.length && !conflicts.length) return null;
  return (
    <section className="space-y-1 text-sm" data-testid="job-identity">
      {byFile.length > 0 && (
        <p data-testid="job-named">
          Школ нет в справочнике школ: {formatInt(byFile.length)}. Их наименования и муниципалитеты взяты из
          этого файла.
        </p>
      )}
      {byData.length > 0 && (
        <p data-testid="job-named-in-data">
          Школ нет в справочнике школ: {formatInt(byData.length)}. Их наименования и муниципалитеты взяты из
          загруженных перечней.
        </p>
      )}
      {unnamed.length > 0 && (
        <p data-testid="job-unknown">
          Коды ОО{codeColumn ? ` (столбец «${codeColumn}»)` : ''}, которых нет ни в справочнике школ, ни в
          загруженных перечнях ({formatInt(unnamed.length)}: {list(unnamed.map((u) => u.school_id))}): строки
          загрузятся, а школы будут показаны как «ОО код» с пометкой «наименование не загружено». Если код
          набран с ошибкой, исправьте его в файле; иначе загрузите справочник школ, чтобы дать им
          наименования, муниципалитеты и типы.
        </p>
      )}
      {conflicts.length > 0 && (
        <details data-testid="job-conflicts">
          <summary className="cursor-pointer text-amber-800">
            Расхождения с уже загруженными сведениями о школах: {formatInt(conflicts.length)}
          </summary>
          <p className="text-xs text-slate-600">
            Справочник школ главнее наименований из перечней; среди перечней — последний год.
          </p>
          <ul className="max-h-48 list-disc overflow-auto pl-5">
            {conflicts.slice(0, 50).map((c, i) => (
              <li key={i}>
                {c.school_id}: {FIELD_LABEL[c.field]} сейчас «{c.shown}», в файле — «{c.incoming}»
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
