'use client';
import type { ExitRow } from '@/lib/metrics/lists';
import { exitsOfYear, exitsSeries, exitsYear, nextPublishedYear } from '@/lib/view-data';
import { formatInt, NO_DATA } from '@/lib/format';
import { listLabel } from '@/lib/narrative';
import { useEngineQuery } from './hooks/useEngineQuery';
import { useViewState } from './filters/ViewStateProvider';
import { FilterBar } from './filters/FilterBar';
import { VIEW_CONTROLS } from '@/lib/view-controls';
import { DataTable, shareColumn, type Column } from './table/DataTable';
import { ExitRatesChart } from './charts/ExitRatesChart';
import { SurvivalChart } from './charts/SurvivalChart';
import { ListNotPublished } from './ListNotPublished';
import { Panel } from './Panel';
import { ViewStatus } from './ViewStatus';

const exitColumns = (group?: string): Column<ExitRow>[] => [
  ...(group
    ? [
        {
          key: 'group',
          label: group,
          value: (r: ExitRow) => r.group ?? null,
          // Only the list's first year in the data has no known streak (lib/metrics/lists.ts exitsSql).
          render: (r: ExitRow) => r.group ?? 'не известно: первый год перечня в данных',
        },
      ]
    : [{ key: 'year', label: 'Год перечня', value: (r: ExitRow) => r.year }]),
  {
    key: 'next_year',
    label: 'Следующий год',
    value: (r) => r.next_year,
    render: (r) => r.next_year ?? NO_DATA,
  },
  { key: 'listed', label: 'В перечне', value: (r) => r.listed, numeric: true },
  {
    key: 'exited',
    label: 'Вышли',
    value: (r) => r.exited,
    numeric: true,
    render: (r) => formatInt(r.exited),
  },
  {
    key: 'closed',
    label: 'Закрыты',
    value: (r) => r.closed,
    numeric: true,
    render: (r) => formatInt(r.closed),
  },
  shareColumn('exit_rate', 'Доля вышедших'),
  {
    key: 'sustained',
    label: 'Из вышедших: не вернулись и через год',
    value: (r) => r.sustained,
    numeric: true,
    render: (r) => formatInt(r.sustained),
  },
  {
    key: 'reentered',
    label: 'Из вышедших: вернулись позже',
    value: (r) => r.reentered,
    numeric: true,
    render: (r) => formatInt(r.reentered),
  },
];

/** «Выход из перечня»: rates by year, by years in the list, by municipality; Kaplan–Meier by entry cohort. */
export function ExitsView() {
  const { state, filter, filterKey } = useViewState();
  // The series over every year do not depend on the chosen year: a change of year reads only its breakdowns.
  const series = useEngineQuery(`exits:${JSON.stringify({ ...filter, year: undefined })}`, (db) =>
    exitsSeries(db, filter),
  );
  const year = exitsYear(filter, series.data);
  const parts = useEngineQuery(`exits-year:${filterKey}:${year}`, (db) => exitsOfYear(db, filter, year));
  const q = {
    data: series.data && parts.data ? { ...series.data, ...parts.data, year } : null,
    loading: series.loading || parts.loading,
    error: series.error ?? parts.error,
  };
  const d = q.data;
  return (
    <div className="space-y-4" data-testid="exits">
      <FilterBar controls={VIEW_CONTROLS['/exits/']} />
      <h1 className="text-2xl font-semibold">Выход из перечня {listLabel(state.list)}</h1>
      <ViewStatus
        query={q}
        empty={!!d && d.byYear.length === 0}
        emptyText={`В данных нет перечня ${listLabel(state.list)} для выбранной территории.`}
      >
        {d && (
          <>
            {d.byYear.some((r) => r.next_year !== null && r.closed === null) && (
              <p
                role="status"
                data-testid="exits-closures-unknown"
                className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
              >
                Закрытия школ не известны: не загружен справочник школ (год закрытия). Закрытая школа, которой
                нет в следующем перечне, учтена как вышедшая, а «Закрыты» — «нет данных». Загрузите файл школ
                на странице «Загрузка данных».
              </p>
            )}
            <Panel
              title="Доля вышедших, устойчивый выход и возврат по годам"
              note="Устойчивый выход и возврат — доли от вышедших (устойчивый — среди вышедших, не закрытых к году, в котором он проверяется). Для последнего года выход ещё не наблюдается: «нет данных». Возврат считается по всем следующим годам данных, поэтому у недавних лет он ниже: вернуться они успели меньше."
            >
              <ExitRatesChart rows={d.byYear} full />
            </Panel>
            <DataTable
              id="exits-by-year"
              caption="Выход из перечня по годам"
              fileName="vyhod-po-godam.csv"
              rows={d.byYear}
              columns={exitColumns()}
            />
            {d.year && !d.published.includes(d.year) && (
              <ListNotPublished list={state.list} year={d.year} years={d.published} />
            )}
            {d.year && d.published.includes(d.year) && (
              <div className="grid gap-4 lg:grid-cols-2">
                <Panel
                  title={`По числу лет подряд в перечне, ${d.year}${nextPublishedYear(d.published, d.year) ? ` → ${nextPublishedYear(d.published, d.year)}` : ''}`}
                >
                  <DataTable
                    id="exits-by-streak"
                    caption="Выход по числу лет в перечне"
                    fileName="vyhod-po-stazhu.csv"
                    rows={d.byStreak}
                    columns={exitColumns('Лет подряд')}
                  />
                </Panel>
                <Panel title={`По типам ОО, ${d.year}`}>
                  <DataTable
                    id="exits-by-type"
                    caption="Выход по типам ОО"
                    fileName="vyhod-po-tipam.csv"
                    rows={d.byType}
                    columns={exitColumns('Тип ОО')}
                  />
                </Panel>
              </div>
            )}
            {d.year && d.published.includes(d.year) && (
              <Panel title={`По муниципалитетам, ${d.year}`}>
                <DataTable
                  id="exits-by-municipality"
                  caption="Выход по муниципалитетам"
                  fileName="vyhod-po-municipalitetam.csv"
                  rows={d.byMunicipality}
                  columns={exitColumns('Муниципалитет')}
                  inUrl
                />
              </Panel>
            )}
            <Panel
              title="Время до выхода по когортам входа (Каплан — Мейер)"
              note="Школа, закрытая или остающаяся в перечне в последнем опубликованном году, учитывается на год меньше: осталась бы она в перечне ещё год, не известно; поэтому когорта последнего года не показана. Когорта первого года перечня в данных включает и школы, бывшие в перечне раньше: их время в перечне занижено."
            >
              {d.survival.length ? (
                <SurvivalChart rows={d.survival} />
              ) : (
                <p className="text-sm text-slate-600" data-testid="survival-empty">
                  Нет данных: выход из перечня ещё не наблюдался.{' '}
                  {d.published.length < 2
                    ? 'Кривые появятся, когда на странице «Загрузка данных» будут загружены перечни хотя бы двух лет.'
                    : 'В выбранной территории нет школ, вошедших в перечень до его последнего года.'}
                </p>
              )}
            </Panel>
          </>
        )}
      </ViewStatus>
    </div>
  );
}
