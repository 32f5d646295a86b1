'use client';
import { cohortKnown, type CohortClass } from '@/lib/metrics/lists';
import { cohortsData } from '@/lib/view-data';
import { formatInt, formatPercent } from '@/lib/format';
import { listLabel } from '@/lib/narrative';
import { useEngineQuery } from './hooks/useEngineQuery';
import { useViewState } from './filters/ViewStateProvider';
import { FilterBar } from './filters/FilterBar';
import { VIEW_CONTROLS } from '@/lib/view-controls';
import { DataTable, municipalityColumn, schoolColumn } from './table/DataTable';
import { PlotChart } from './charts/PlotChart';
import { Panel } from './Panel';
import { ViewStatus } from './ViewStatus';
import { yearTick } from './charts/axes';
import { ScrollX } from './table/ScrollX';

const GROUPS: { key: CohortClass; label: string }[] = [
  { key: 'first_time', label: 'впервые' },
  { key: 'returned', label: 'вернулись' },
  { key: 'streak2', label: '2-й год' },
  { key: 'streak3', label: '3-й год' },
  { key: 'streak4plus', label: '4-й год и более' },
];

/** «Когорты»: schools by years in the list, the entry-cohort matrix, and the schools behind any cell. */
export function CohortsView() {
  const { state, filter, filterKey, update } = useViewState();
  const q = useEngineQuery(`cohorts:${filterKey}`, (db) => cohortsData(db, filter));
  const [kind, a, b] = (state.cell ?? '').split(':');
  const d = q.data;
  // A cell of the link the table does not have, or whose group the data cannot tell: said, and no schools.
  const row = kind === 'c' ? d?.summary.find((r) => r.year === Number(a)) : undefined;
  const group = GROUPS.find((g) => g.key === b);
  const cellProblem =
    !d || !state.cell
      ? null
      : kind === 'c'
        ? !row || !group
          ? `Клетки ссылки «${state.cell}» нет в таблице: в ${a} году перечня нет.`
          : !cohortKnown(group.key, row.years_before)
            ? `В ${a} году группа «${group.label}» неизвестна: перечень за прошлые годы не загружен — школы клетки не показаны.`
            : null
        : !d.matrix.some((c) => c.cohort === Number(a) && c.year === Number(b))
          ? `Клетки ссылки «${state.cell}» нет в таблице когорт входа.`
          : null;
  // The schools behind the chosen cell: the rows the SQL returned with the cell's keys.
  const picked: { school_id: string; name: string; municipality: string }[] =
    !d || cellProblem
      ? []
      : kind === 'c'
        ? d.members.filter((m) => m.year === Number(a) && m.cohort_class === b)
        : kind === 'm'
          ? d.entered.filter((m) => m.cohort === Number(a) && m.year === Number(b))
          : [];
  const pickedTitle =
    kind === 'c'
      ? `${a} год, ${GROUPS.find((g) => g.key === b)?.label ?? ''}`
      : kind === 'm'
        ? `вошли в ${a} году и остаются в перечне в ${b} году`
        : '';
  return (
    <div className="space-y-4" data-testid="cohorts">
      <FilterBar controls={VIEW_CONTROLS['/cohorts/']} />
      <h1 className="text-2xl font-semibold">
        Когорты: сколько лет подряд школы в перечне {listLabel(state.list)}
      </h1>
      <ViewStatus
        query={q}
        empty={!!d && d.summary.length === 0}
        emptyText={`В данных нет перечня ${listLabel(state.list)} для выбранной территории.`}
      >
        {d && (
          <>
            {cellProblem && (
              <p
                role="status"
                className="rounded border border-amber-300 bg-amber-50 p-3 text-sm"
                data-testid="cell-notice"
              >
                {cellProblem}
              </p>
            )}
            <Panel title="Школы по числу лет подряд в перечне" note="Нажмите на число, чтобы увидеть школы.">
              <ScrollX cue="scroll-cue-cohort-table">
                <table className="min-w-full text-sm" data-testid="cohort-table">
                  <caption className="sr-only">Число школ в перечне по годам и числу лет подряд</caption>
                  <thead className="bg-slate-100 text-left">
                    <tr>
                      <th scope="col" className="px-3 py-2">
                        Год
                      </th>
                      <th scope="col" className="px-3 py-2 text-right">
                        Всего
                      </th>
                      {GROUPS.map((g) => (
                        <th key={g.key} scope="col" className="px-3 py-2 text-right">
                          {g.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {d.summary.map((r) => (
                      <tr key={r.year} className="border-t border-slate-100">
                        <th scope="row" className="px-3 py-1.5 text-left font-normal">
                          {r.year}
                        </th>
                        <td
                          className="px-3 py-1.5 text-right tabular-nums"
                          data-testid={`cohort-${r.year}-listed`}
                        >
                          {formatInt(r.listed)}
                        </td>
                        {GROUPS.map((g) =>
                          !cohortKnown(g.key, r.years_before) ? (
                            <td
                              key={g.key}
                              className="px-3 py-1.5 text-right text-slate-500"
                              data-testid={`cohort-${r.year}-${g.key}`}
                              title="Данные перечня за прошлые годы не загружены: стаж в перечне до них неизвестен"
                            >
                              нет данных
                            </td>
                          ) : (
                            <td key={g.key} className="px-3 py-1.5 text-right tabular-nums">
                              <button
                                type="button"
                                className="text-sky-800 hover:underline disabled:text-slate-400"
                                disabled={!r[g.key]}
                                data-testid={`cohort-${r.year}-${g.key}`}
                                aria-pressed={state.cell === `c:${r.year}:${g.key}`}
                                onClick={() => update({ cell: `c:${r.year}:${g.key}` })}
                              >
                                {formatInt(r[g.key])}
                              </button>
                            </td>
                          ),
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollX>
            </Panel>
            <Panel
              title="Когорты входа: доля школ, остающихся в перечне"
              note="Строка — год входа в перечень (в том числе повторного), столбец — год. Строка первого года перечня в данных включает и школы, бывшие в перечне раньше: их год входа неизвестен. Нажмите на клетку, чтобы увидеть школы."
            >
              <PlotChart
                testId="chart-entry-cohorts"
                data={d.matrix}
                height={300}
                ariaLabel="Тепловая карта: доля школ когорты входа, остающихся в перечне по годам"
                onPick={(v) => {
                  const c = v as { cohort: number; year: number };
                  update({ cell: `m:${c.cohort}:${c.year}` });
                }}
                render={(Plot, width) =>
                  Plot.plot({
                    width,
                    height: 300,
                    marginLeft: 60,
                    padding: 0.05,
                    ariaDescription: 'Цвет и подпись — доля школ когорты, остающихся в перечне',
                    x: { label: 'Год', tickFormat: yearTick(width), type: 'band' },
                    y: { label: 'Год входа', tickFormat: 'd', type: 'band' },
                    color: {
                      type: 'linear',
                      scheme: 'blues',
                      domain: [0, 1],
                      legend: true,
                      label: 'Остаются в перечне',
                      tickFormat: (x: number) => formatPercent(x),
                    },
                    marks: [
                      Plot.cell(d.matrix, { x: 'year', y: 'cohort', fill: 'share', inset: 1 }),
                      Plot.text(d.matrix, {
                        x: 'year',
                        y: 'cohort',
                        text: (c: (typeof d.matrix)[number]) => `${c.still_listed}`,
                        fill: (c: (typeof d.matrix)[number]) => (c.share > 0.55 ? 'white' : 'black'),
                      }),
                      Plot.tip(
                        d.matrix,
                        Plot.pointer({
                          x: 'year',
                          y: 'cohort',
                          title: (c: (typeof d.matrix)[number]) =>
                            `Вошли в ${c.cohort}: ${c.entered}\nВ перечне в ${c.year}: ${c.still_listed} (${formatPercent(c.share)})`,
                        }),
                      ),
                    ],
                  })
                }
              />
            </Panel>
            {picked.length > 0 && (
              <Panel title={`Школы: ${pickedTitle}`}>
                <DataTable
                  id="cohort-schools"
                  caption="Школы выбранной клетки"
                  fileName="shkoly-kogorty.csv"
                  rows={picked}
                  columns={[
                    schoolColumn(),
                    { key: 'school_id', label: 'Код ОО', value: (r) => r.school_id },
                    municipalityColumn(),
                  ]}
                />
              </Panel>
            )}
          </>
        )}
      </ViewStatus>
    </div>
  );
}
