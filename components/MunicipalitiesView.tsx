'use client';
import { useMemo } from 'react';
import { municipalitySummary, type MunicipalityRow } from '@/lib/metrics/municipalities';
import { municipalMultiples, type MultipleRow } from '@/lib/view-data';
import { formatDecimal, formatInt, formatPercent } from '@/lib/format';
import { listLabel } from '@/lib/narrative';
import { useEngineQuery } from './hooks/useEngineQuery';
import { useViewState } from './filters/ViewStateProvider';
import { FilterBar } from './filters/FilterBar';
import { VIEW_CONTROLS } from '@/lib/view-controls';
import { DataTable, shareColumn } from './table/DataTable';
import { PlotChart } from './charts/PlotChart';
import { CATEGORICAL } from './charts/palette';
import { Panel } from './Panel';
import { ViewStatus } from './ViewStatus';
import { ReportLink } from './report/ReportLink';

/** «Муниципалитеты»: one row per municipality, and small multiples of listed schools by year. */
export function MunicipalitiesView() {
  const { state, filter, filterKey, options } = useViewState();
  const q = useEngineQuery(`municipalities:${filterKey}`, async (db) => ({
    rows: await municipalitySummary(db, filter),
  }));
  // The small multiples cover every year: a change of year leaves them (and their drawing) as they are. A
  // country seen whole gets one per region (lib/view-data.ts).
  const { list, regions, municipalities, types, locations } = filter;
  const regionCount = options?.regions.length ?? null;
  const multiples = useEngineQuery(
    `municipal-multiples:${JSON.stringify({ list, regions, municipalities, types, locations, regionCount })}`,
    (db) => (regionCount === null ? Promise.resolve(null) : municipalMultiples(db, filter, regionCount)),
  );
  const byYear = multiples.data?.rows ?? null;
  const byRegion = multiples.data?.by === 'region';
  const facets = useMemo(() => {
    const names = [...new Set(byYear?.map((r) => r.area))];
    return { names, at: new Map(names.map((m, i) => [m, i])) };
  }, [byYear]);
  const d = q.data;
  const year = d?.rows[0]?.year;
  const target = state.target / 100;
  return (
    <div className="space-y-4" data-testid="municipalities">
      <FilterBar controls={VIEW_CONTROLS['/municipalities/']} />
      <h1 className="text-2xl font-semibold">
        Муниципалитеты: перечень {listLabel(state.list)}
        {year ? `, ${year}` : ''}
      </h1>
      <ViewStatus
        query={q}
        empty={!!d && d.rows.length === 0}
        emptyText="Нет муниципалитетов для выбранных фильтров."
      >
        {d && (
          <>
            {d.rows.length > 0 && d.rows.every((r) => r.active === null) && (
              <p
                role="status"
                data-testid="municipalities-unknown"
                className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
              >
                Школы муниципалитетов не известны: без справочника школ муниципалитет есть только у школ из
                перечня, поэтому число школ, доля в перечне и результаты по муниципалитетам — «нет данных».
                Загрузите файл школ на странице «Загрузка данных».
              </p>
            )}
            <DataTable<MunicipalityRow>
              id="municipalities"
              caption="Показатели муниципалитетов"
              fileName="municipalitety.csv"
              rows={d.rows}
              inUrl
              pageSize={200}
              columns={[
                {
                  key: 'municipality',
                  label: 'Муниципалитет',
                  value: (r) => r.municipality,
                  render: (r) => (
                    <>
                      {r.municipality}{' '}
                      <ReportLink
                        municipality={r.municipality}
                        className="no-print ml-1 text-xs text-sky-800 underline"
                      />
                    </>
                  ),
                },
                { key: 'active', label: 'Школ', value: (r) => r.active, numeric: true },
                { key: 'listed', label: 'В перечне', value: (r) => r.listed, numeric: true },
                {
                  ...shareColumn('share', 'Доля в перечне'),
                  render: (r) => (
                    <span
                      className={r.share !== null && r.share > target ? 'font-medium text-orange-700' : ''}
                    >
                      {formatPercent(r.share)}
                    </span>
                  ),
                },
                shareColumn('exit_rate', 'Вышли к этому году'),
                shareColumn('vpr_share_2', 'ВПР: доля «2»'),
                shareColumn('vpr_quality', 'ВПР: качество'),
                shareColumn('oge_share_2', 'ОГЭ: доля «2»'),
                {
                  key: 'ege_mean_score',
                  label: 'ЕГЭ: средний балл',
                  value: (r) => r.ege_mean_score,
                  numeric: true,
                  render: (r) => formatDecimal(r.ege_mean_score),
                },
              ]}
            />
            <Panel
              title={`Школы в перечне ${listLabel(state.list)} по годам`}
              note={`Одинаковая шкала у всех ${byRegion ? 'регионов' : 'муниципалитетов'}: высоты столбцов можно сравнивать между графиками.`}
            >
              <div
                data-testid="municipal-multiples"
                data-loading={multiples.loading || (!byYear && !multiples.error) ? 'true' : 'false'}
              >
                {multiples.error && (
                  <p role="alert" className="text-sm text-red-800">
                    Не удалось построить графики: {multiples.error}
                  </p>
                )}
                {byYear && (
                  <PlotChart
                    testId="chart-municipal-multiples"
                    title={`Школы в перечне ${listLabel(state.list)} по годам, по ${byRegion ? 'регионам' : 'муниципалитетам'}`}
                    data={byYear}
                    height={Math.ceil(facets.names.length / 6) * 110 + 40}
                    ariaLabel={`Малые графики: число школ в перечне по годам в каждом ${byRegion ? 'регионе' : 'муниципалитете'}`}
                    render={(Plot, width) => {
                      // Two columns on a phone; the names get their own band above the bars (headroom on the shared scale).
                      const cols = width < 560 ? 2 : width < 960 ? 4 : 6;
                      const top = Math.max(1, ...byYear.map((r) => r.listed));
                      const at = (m: string) => facets.at.get(m)!;
                      return Plot.plot({
                        width,
                        height: Math.ceil(facets.names.length / cols) * 120 + 40,
                        marginLeft: 30,
                        ariaDescription: `Один малый график на ${byRegion ? 'регион' : 'муниципалитет'}`,
                        fx: { label: null, tickFormat: () => '' },
                        // Rows apart, so that a name reads as the title of the bars below it.
                        fy: { label: null, tickFormat: () => '', padding: 0.2 },
                        x: {
                          label: null,
                          tickFormat: (y: number) => `’${String(y).slice(2)}`,
                          type: 'band',
                          ticks: cols === 2 ? 3 : undefined,
                        },
                        y: {
                          label: null,
                          grid: true,
                          domain: [0, top * 1.35],
                          // Ticks only up to the data: the headroom above is the names' band, not a value.
                          ticks: [...new Set([0, Math.round(top / 2), top])],
                          tickFormat: (d: number) => formatInt(d),
                        },
                        marks: [
                          Plot.barY(byYear, {
                            x: 'year',
                            y: 'listed',
                            fill: CATEGORICAL[0],
                            fx: (r: MultipleRow) => at(r.area) % cols,
                            fy: (r: MultipleRow) => Math.floor(at(r.area) / cols),
                            tip: true,
                            title: (r: MultipleRow) => `${r.area}, ${r.year}: ${r.listed}`,
                          }),
                          Plot.text(facets.names, {
                            frameAnchor: 'top-left',
                            text: (m: string) => m.replace(' район', ' р-н'),
                            fontSize: 9,
                            dy: 2,
                            dx: 2,
                            fx: (m: string) => at(m) % cols,
                            fy: (m: string) => Math.floor(at(m) / cols),
                          }),
                        ],
                      });
                    }}
                  />
                )}
              </div>
            </Panel>
          </>
        )}
      </ViewStatus>
    </div>
  );
}
