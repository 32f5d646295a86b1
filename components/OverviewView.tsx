'use client';
import { ruNumberText } from '@/lib/input/ru-number';
import { useMemo } from 'react';
import { overviewOf, overviewSeries, type OverviewData } from '@/lib/overview';
import { countSchools, formatInt, formatPercent, ofSchools } from '@/lib/format';
import { cohortSentence, listLabel } from '@/lib/narrative';
import { type CohortClass, cohortKnown } from '@/lib/metrics/lists';
import { DEFAULT_STATE, filterOf } from '@/lib/view-state';
import { storedSource } from '@/lib/upload/store';
import { useEngineQuery } from './hooks/useEngineQuery';
import { useViewState } from './filters/ViewStateProvider';
import { FilterBar } from './filters/FilterBar';
import { VIEW_CONTROLS } from '@/lib/view-controls';
import { KpiCard } from './KpiCard';
import { ListNotPublished } from './ListNotPublished';
import { ListedByStreakChart } from './charts/ListedByStreakChart';
import { ShareChart } from './charts/ShareChart';
import { ExitRatesChart } from './charts/ExitRatesChart';
import { EngineStatus } from './EngineStatus';
import { Panel } from './Panel';
import { ReportLink } from './report/ReportLink';

const DEFAULT_FILTER_KEY = JSON.stringify(filterOf(DEFAULT_STATE));
const SHARE_GAP =
  'по одному перечню неизвестно, сколько школ на территории — загрузите справочник школ или результаты';
/** With a municipality, type or location chosen: results name no municipality, so only a schools table tells. */
const AREA_SHARE_GAP =
  'без справочника школ неизвестно, сколько школ в выбранной территории (у результатов нет муниципалитета) — загрузите справочник школ';

/** «Обзор». With the default filters it shows the build-time figures at once, then DuckDB-wasm's own. */
export function OverviewView({ precomputed }: { precomputed: OverviewData }) {
  const { state, filter, filterKey } = useViewState();
  const shareGap =
    filter.municipalities?.length ||
    filter.types?.length ||
    filter.locations?.length ||
    filter.regions?.length
      ? AREA_SHARE_GAP
      : SHARE_GAP;
  // Every year at once: a change of year picks other rows and runs no query.
  const series = useEngineQuery(`overview:${JSON.stringify({ ...filter, year: undefined })}`, (db) =>
    overviewSeries(db, filter),
  );
  const liveData = useMemo(
    () => (series.data ? overviewOf(series.data, filter.year) : null),
    [series.data, filter.year],
  );
  const live = { ...series, data: liveData };
  // The build-time figures are the demo's: never shown while the user's own data or the country is on.
  const fallback =
    filterKey === DEFAULT_FILTER_KEY && state.dataset === 'demo' && ['demo', null].includes(storedSource())
      ? precomputed
      : null;
  const data = live.data && !live.loading ? live.data : (fallback ?? live.data);
  const c = data?.cohort;
  // A count the data's start hides (cohortKnown) is absent, not 0.
  const known = (k: CohortClass, n: number) => (c && cohortKnown(k, c.years_before) ? n : null);
  return (
    <div
      data-testid="overview"
      data-source={live.data && !live.loading ? 'duckdb' : data === precomputed ? 'precomputed' : 'loading'}
      className="space-y-6"
    >
      <FilterBar controls={VIEW_CONTROLS['/']} />
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">
          Обзор{data?.year ? `: перечень ${listLabel(data.list)}, ${data.year} год` : ''}
        </h1>
        <ReportLink
          label="Справка для отчёта (печать, DOCX)"
          className="no-print text-sm text-sky-800 underline"
        />
        <EngineStatus
          loading={live.loading}
          error={live.error}
          computedInBrowser={Boolean(live.data) && !series.prepared}
          precomputedShown={data !== null && data === precomputed}
        />
      </div>
      {!data ? (
        <p role="status" className="text-slate-500">
          Считаем показатели…
        </p>
      ) : !c && data.year !== null && data.shares.length > 0 ? (
        <ListNotPublished list={data.list} year={data.year} years={data.shares.map((r) => r.year)} />
      ) : data.year === null || !c ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-4">
          В загруженных данных нет перечня {listLabel(data.list)}. Загрузите файл перечня, чтобы увидеть
          обзор.
        </p>
      ) : (
        <>
          <p className="max-w-4xl text-slate-700" data-testid="cohort-sentence">
            {cohortSentence(c)}
          </p>
          <section aria-label="Ключевые показатели" className="grid grid-cols-2 gap-3 md:grid-cols-4">
            <KpiCard
              id="listed"
              label={`В перечне в ${data.year} году`}
              value={formatInt(c.listed)}
              raw={c.listed}
              hint={countSchools(c.listed)}
            />
            <KpiCard
              id="first-year"
              label="Первый год подряд"
              value={formatInt(known('first_time', c.first_time + c.returned))}
              raw={known('first_time', c.first_time + c.returned)}
              hint={
                <>
                  впервые —{' '}
                  <span data-testid="kpi-first-time" data-value={known('first_time', c.first_time) ?? ''}>
                    {formatInt(known('first_time', c.first_time))}
                  </span>
                  , вернулись —{' '}
                  <span data-testid="kpi-returned" data-value={known('returned', c.returned) ?? ''}>
                    {formatInt(known('returned', c.returned))}
                  </span>
                </>
              }
            />
            {(
              [
                ['streak2', 'Второй год подряд'],
                ['streak3', 'Третий год подряд'],
                ['streak4plus', 'Четвёртый год и более'],
              ] as const
            ).map(([k, label]) => (
              <KpiCard key={k} id={k} label={label} value={formatInt(known(k, c[k]))} raw={known(k, c[k])} />
            ))}
            <KpiCard
              id="exit-rate"
              label={data.exitFromYear ? `Вышли из перечня ${data.exitFromYear} года` : 'Выход из перечня'}
              value={formatPercent(data.exitRate)}
              raw={data.exitRate}
              hint={
                data.exitFromYear
                  ? `доля школ перечня ${data.exitFromYear} года, не вошедших в перечень ${data.year} года ${data.closuresKnown ? '(закрытые не учитываются)' : '(закрытия школ не известны без справочника школ: закрытые учтены как вышедшие)'}`
                  : 'нет предыдущего года перечня'
              }
            />
            <KpiCard
              id="share"
              label="Доля школ территории в перечне"
              value={formatPercent(data.share)}
              raw={data.share}
              hint={
                data.active === null
                  ? shareGap
                  : `${formatInt(c.listed)} из ${ofSchools(data.active)}${data.closuresKnown ? '' : ' (закрытия не известны без справочника школ: закрытые учтены как действующие)'}; цель — ${ruNumberText(state.target)}\u00a0%`
              }
            />
          </section>
          <Panel title={`Школы в перечне ${listLabel(data.list)} по годам и числу лет в перечне подряд`}>
            <ListedByStreakChart rows={data.byYear} listName={listLabel(data.list)} />
          </Panel>
          <div className="grid gap-4 lg:grid-cols-2">
            <Panel title="Доля школ в перечне и целевое значение">
              {data.shares.some((r) => r.share !== null) ? (
                <ShareChart rows={data.shares} target={state.target} />
              ) : (
                <p className="text-sm text-slate-600" data-testid="share-gap">
                  Нет данных: {shareGap}.
                </p>
              )}
            </Panel>
            <Panel title="Доля вышедших из перечня к следующему году">
              <ExitRatesChart rows={data.exitsByYear} />
            </Panel>
          </div>
        </>
      )}
    </div>
  );
}
