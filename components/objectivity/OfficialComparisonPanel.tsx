'use client';
import { memo } from 'react';
import type { AgreementRow, OfficialComparisonRow } from '@/lib/metrics/objectivity';
import { officialData } from '@/lib/view-data';
import { formatInt, formatPercent } from '@/lib/format';
import { useEngineQuery } from '../hooks/useEngineQuery';
import { useViewState } from '../filters/ViewStateProvider';
import { DataTable, municipalityColumn, schoolColumn, shareColumn } from '../table/DataTable';
import { Panel } from '../Panel';

/** A share whose base is empty: no list to find, nothing computed to confirm (not missing data). */
const EMPTY_BASE = { found: 'в официальном нет школ', confirmed: 'расчёт не выявил школ' } as const;
const shareOrEmpty = (key: 'found' | 'confirmed', x: number | null | undefined) =>
  x === null || x === undefined ? EMPTY_BASE[key] : formatPercent(x);

const STATUS = (r: OfficialComparisonRow) =>
  r.computed && r.official ? 'в обоих' : r.computed ? 'только в расчётном' : 'только в официальном';

function Figure({
  id,
  label,
  value,
  text,
}: {
  id: string;
  label: string;
  value: number | null;
  text: string;
}) {
  return (
    <div className="min-w-0 rounded border border-slate-200 p-2">
      <div className="text-xs text-slate-600">{label}</div>
      <div
        className="text-xl font-semibold tabular-nums"
        data-testid={`official-${id}`}
        data-value={value ?? ''}
      >
        {text}
      </div>
    </div>
  );
}

/** The computed list of a ВПР year beside the official list «необъективность» approved on its results. */
// Memoized: the view's own figures arriving re-render the view, not this panel (its props and state are the same).
export const OfficialComparisonPanel = memo(function OfficialComparisonPanel({ year }: { year: number }) {
  const { filter, state } = useViewState();
  const q = useEngineQuery(
    // The comparison reads the area only: the year is the prop (a change of year is one query set, not two).
    `official:${year}:${JSON.stringify({ ...filter, year: undefined })}:${JSON.stringify(state.objectivity)}`,
    (db) => officialData(db, filter, year, state.objectivity),
  );
  const d = q.data;
  const total = d?.agreement.find((a) => a.municipality === null);
  return (
    <div
      data-testid="official"
      data-loading={q.loading || (!d && !q.error) ? 'true' : 'false'}
      className={q.loading && d ? 'opacity-60' : ''}
    >
      <Panel
        title={`Сравнение с официальным перечнем «необъективность»${d?.officialYear ? ` ${d.officialYear} года` : ''}`}
        note="Расчётный перечень года ВПР сравнивается с перечнем, утверждённым по его итогам: перечнем следующего года, если он есть в данных, иначе того же года. «Найдено» — доля официального перечня, которую нашёл расчёт; «подтверждено» — доля расчётного перечня, которая есть в официальном."
      >
        {!d ? (
          <p className="text-sm text-slate-500" role="status">
            {q.error ? `Не удалось сравнить: ${q.error}` : 'Сравниваем с официальным перечнем…'}
          </p>
        ) : d.officialYear === null ? (
          <p className="text-sm" data-testid="official-missing">
            Официального перечня «необъективность» за {year} или {year + 1} год нет в данных: нет данных для
            сравнения — загрузите перечень (файл lists, перечень «необъективность»).
          </p>
        ) : (
          <div className="space-y-3">
            {d.officialYear === year && (
              <p className="text-sm text-amber-900" data-testid="official-same-year">
                Перечня {year + 1} года, утверждаемого по итогам ВПР {year}, в данных нет: расчёт сравнивается
                с перечнем {year} года. Если тот утверждён по итогам ВПР {year - 1}, совпадения — это школы, у
                которых признаки повторились, а не проверка расчёта.
              </p>
            )}
            {(filter.subject || filter.grade) && (
              <p className="text-sm text-slate-600" data-testid="official-all-papers">
                Сравнение — по всем предметам и классам: официальный перечень называет школы, а не работы.
              </p>
            )}
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-5">
              <Figure
                id="both"
                label="В обоих перечнях"
                value={total?.both ?? 0}
                text={formatInt(total?.both ?? 0)}
              />
              <Figure
                id="only-computed"
                label="Только в расчётном"
                value={total?.only_computed ?? 0}
                text={formatInt(total?.only_computed ?? 0)}
              />
              <Figure
                id="only-official"
                label="Только в официальном"
                value={total?.only_official ?? 0}
                text={formatInt(total?.only_official ?? 0)}
              />
              <Figure
                id="found"
                label="Найдено из официального"
                value={total?.found ?? null}
                text={shareOrEmpty('found', total?.found)}
              />
              <Figure
                id="confirmed"
                label="Подтверждено официальным"
                value={total?.confirmed ?? null}
                text={shareOrEmpty('confirmed', total?.confirmed)}
              />
            </div>
            <DataTable<AgreementRow>
              id="official-municipalities"
              caption="Сравнение по муниципалитетам"
              fileName={`sravnenie-perechney-${year}.csv`}
              rows={d.agreement.filter((a) => a.municipality !== null)}
              pageSize={20}
              columns={[
                municipalityColumn(),
                { key: 'both', label: 'В обоих', value: (r) => r.both, numeric: true },
                {
                  key: 'only_computed',
                  label: 'Только расчётный',
                  value: (r) => r.only_computed,
                  numeric: true,
                },
                {
                  key: 'only_official',
                  label: 'Только официальный',
                  value: (r) => r.only_official,
                  numeric: true,
                },
                {
                  ...shareColumn<AgreementRow, 'found'>('found', 'Найдено'),
                  render: (r) => shareOrEmpty('found', r.found),
                },
                {
                  ...shareColumn<AgreementRow, 'confirmed'>('confirmed', 'Подтверждено'),
                  render: (r) => shareOrEmpty('confirmed', r.confirmed),
                },
              ]}
            />
            <details>
              <summary className="cursor-pointer text-sm text-sky-800">
                Все школы расчётного и официального перечней ({formatInt(d.rows.length)})
              </summary>
              <DataTable<OfficialComparisonRow>
                id="official-schools"
                caption="Школы расчётного и официального перечней"
                fileName={`shkoly-perechney-${year}.csv`}
                rows={d.rows}
                pageSize={50}
                columns={[
                  schoolColumn(),
                  municipalityColumn(),
                  { key: 'status', label: 'Где', value: STATUS },
                  { key: 'markers', label: 'Маркеров (расчёт)', value: (r) => r.markers, numeric: true },
                ]}
              />
            </details>
          </div>
        )}
      </Panel>
    </div>
  );
});
