'use client';
import { useMemo } from 'react';
import {
  indicatorDef,
  levelChange,
  MIN_CHANGE_YEARS,
  MIN_PARTICIPANTS_RANK,
  type LevelChangeRow,
} from '@/lib/metrics/results';
import { dynamicsData } from '@/lib/view-data';
import { countSchools, formatPrintedChange, formatValue } from '@/lib/format';
import { useEngineQuery } from './hooks/useEngineQuery';
import { useViewState } from './filters/ViewStateProvider';
import { FilterBar } from './filters/FilterBar';
import { VIEW_CONTROLS } from '@/lib/view-controls';
import { DataTable, municipalityColumn, schoolColumn } from './table/DataTable';
import { IndicatorLinesChart } from './charts/IndicatorLinesChart';
import { Panel } from './Panel';
import { ViewStatus } from './ViewStatus';
import { ScrollX } from './table/ScrollX';

// Quintiles of the region's schools, 1 = worst whichever way the indicator points.
const LEVELS = ['худшие 20 %', 'ниже среднего', 'средний', 'выше среднего', 'лучшие 20 %'];
const CHANGES = ['сильное ухудшение', 'ухудшение', 'без изменений', 'улучшение', 'сильное улучшение'];
// Status-and-change colours (diverging, colour-blind safe): red = low and worsening, blue = high and improving.
const CELL = [
  '#b2182b',
  '#ef8a62',
  '#fddbc7',
  '#f7f7f7',
  '#d1e5f0',
  '#67a9cf',
  '#2166ac',
  '#2166ac',
  '#2166ac',
];

/** «Динамика»: the area's indicator by year and the school grid of level × change. */
export function DynamicsView() {
  const { state, filter, filterKey, update } = useViewState();
  const def = indicatorDef(state.indicator);
  const q = useEngineQuery(`dynamics:${filterKey}:${state.indicator}`, (db) =>
    dynamicsData(db, filter, state.indicator),
  );
  const [lv, ch] = (state.cell ?? '').split(':').map(Number);
  // The schools of the chosen cell, asked for only once a cell is chosen.
  const schools = useEngineQuery(
    `dynamics-cell:${filterKey}:${state.indicator}:${state.cell ?? ''}`,
    async (db) =>
      state.cell
        ? (await levelChange(db, filter, state.indicator)).filter(
            (r) => r.level === lv && r.change_level === ch,
          )
        : null,
  );
  const d = q.data;
  const shown = state.municipalities.join('\u001f');
  // Kept between renders: a new array would make the chart redraw the old lines on every state change.
  const lineRows = useMemo(
    () => d?.areas.filter((r) => r.level === 'region' || shown.split('\u001f').includes(r.area)) ?? [],
    [d, shown],
  );
  const fmt = (x: number | null) => formatValue(x, def.share, def.decimals);
  const count = (l: number, c: number) =>
    d?.cells.find((x) => x.level === l && x.change_level === c)?.schools ?? 0;
  return (
    <div className="space-y-4" data-testid="dynamics">
      <FilterBar controls={VIEW_CONTROLS['/dynamics/']} />
      <h1 className="text-2xl font-semibold">
        Динамика: {def.label.toLowerCase()}, {state.procedure}
        {state.subject ? `, ${state.subject}` : ''}
        {state.grade ? `, ${state.grade} класс` : ''}
      </h1>
      <ViewStatus
        query={q}
        empty={!!d && d.areas.length === 0}
        emptyText={
          d?.anyResults === false
            ? 'В загруженных данных нет результатов: загрузите результаты ВПР, ОГЭ или ЕГЭ на странице «Загрузка данных».'
            : `Нет результатов ${state.procedure} для выбранных фильтров.`
        }
      >
        {d && (
          <>
            <Panel
              title="Регион и выбранные муниципалитеты по годам"
              note={`Муниципалитеты выбираются в фильтре; значения — с весом по числу участников.${
                filter.types?.length || filter.locations?.length
                  ? ' Линии — по всем школам территорий: фильтры «Тип ОО» и «Местность» действуют на сетку и список школ ниже.'
                  : ''
              }`}
            >
              <IndicatorLinesChart rows={lineRows} def={def} />
            </Panel>
            <Panel
              title="Школы: уровень × изменение"
              note={`Уровень — место последнего значения среди школ региона (пятые части), изменение — место изменения за выбранные годы. ${def.higherIsBetter ? `Лучше — выше: «лучшие 20 %» — школы с самым высоким значением.` : `Для этого показателя лучше — ниже: «лучшие 20 %» — школы с самым низким значением, «худшие 20 %» — с самым высоким; «ухудшение» — рост показателя.`} Только школы с данными хотя бы за ${MIN_CHANGE_YEARS} года и ${MIN_PARTICIPANTS_RANK}+ участниками в последнем году. Всего: ${countSchools(d.cells.reduce((n, c) => n + c.schools, 0))}.`}
            >
              <ScrollX cue="scroll-cue-level-change">
                <table className="text-sm" data-testid="level-change-grid">
                  <caption className="sr-only">Число школ по уровню и изменению показателя</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="px-2 py-1 text-left">
                        Уровень \ изменение
                      </th>
                      {CHANGES.map((c) => (
                        <th key={c} scope="col" className="px-2 py-1 text-center font-medium">
                          {c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {[5, 4, 3, 2, 1].map((l) => (
                      <tr key={l}>
                        <th scope="row" className="px-2 py-1 text-left font-medium">
                          {LEVELS[l - 1]}
                        </th>
                        {[1, 2, 3, 4, 5].map((c) => (
                          <td key={c} className="p-0.5">
                            <button
                              type="button"
                              data-testid={`grid-${l}-${c}`}
                              aria-pressed={lv === l && ch === c}
                              aria-label={`Уровень «${LEVELS[l - 1]}», ${CHANGES[c - 1]}: ${countSchools(count(l, c))}`}
                              onClick={() => update({ cell: `${l}:${c}` })}
                              className={`h-12 w-28 rounded tabular-nums ${lv === l && ch === c ? 'ring-2 ring-black' : ''} ${l + c - 2 === 0 || l + c - 2 >= 6 ? 'text-white' : 'text-slate-900'}`}
                              style={{ background: CELL[l + c - 2] }}
                            >
                              {count(l, c)}
                            </button>
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollX>
              <p
                className="flex flex-wrap items-center gap-2 text-xs text-slate-600"
                data-testid="grid-legend"
              >
                Цвет:
                {CELL.slice(0, 7).map((c, i) => (
                  <span
                    key={i}
                    aria-hidden="true"
                    className="inline-block h-3 w-5 rounded-sm border border-slate-300"
                    style={{ background: c }}
                  />
                ))}
                от красного — худший уровень и ухудшение — к синему — лучший уровень и улучшение.
              </p>
            </Panel>
            {state.cell && schools.data && (
              <Panel title={`Школы: уровень «${LEVELS[lv - 1] ?? ''}», изменение «${CHANGES[ch - 1] ?? ''}»`}>
                <DataTable<LevelChangeRow>
                  id="grid-schools"
                  caption="Школы выбранной клетки"
                  fileName="shkoly-dinamika.csv"
                  rows={schools.data}
                  inUrl
                  columns={[
                    schoolColumn(),
                    municipalityColumn(),
                    {
                      key: 'first_value',
                      label: 'Первый год',
                      kind: def.share ? 'share' : 'number',
                      value: (r) => r.first_value,
                      render: (r) => `${fmt(r.first_value)} (${r.first_year})`,
                      numeric: true,
                    },
                    {
                      key: 'last_value',
                      label: 'Последний год',
                      kind: def.share ? 'share' : 'number',
                      value: (r) => r.last_value,
                      render: (r) => `${fmt(r.last_value)} (${r.last_year})`,
                      numeric: true,
                    },
                    {
                      key: 'change',
                      label: def.share ? 'Изменение, п. п.' : 'Изменение',
                      value: (r) => r.change,
                      render: (r) =>
                        formatPrintedChange(r.first_value, r.last_value, def.share, def.decimals),
                      numeric: true,
                    },
                    {
                      key: 'last_participants',
                      label: 'Участников',
                      value: (r) => r.last_participants,
                      numeric: true,
                    },
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
