'use client';
import { overview, type OverviewData } from '@/lib/overview';
import { countSchools, formatInt, formatPercent } from '@/lib/format';
import { cohortSentence } from '@/lib/narrative';
import { useEngineQuery } from './hooks/useEngineQuery';
import { KpiCard } from './KpiCard';
import { ListedByStreakChart } from './charts/ListedByStreakChart';
import { EngineStatus } from './EngineStatus';

/** «Обзор»: shows the figures precomputed at build time at once, then the same SQL's answer from the browser's DuckDB. */
export function OverviewView({ precomputed }: { precomputed: OverviewData }) {
  const live = useEngineQuery('overview', (db) => overview(db));
  const data = live.data ?? precomputed;
  const c = data.cohort;
  return (
    <div data-testid="overview" data-source={live.data ? 'duckdb' : 'precomputed'} className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">
          Обзор{data.year ? `: перечень ${data.list}, ${data.year} год` : ''}
        </h1>
        <EngineStatus loading={live.loading} error={live.error} computedInBrowser={Boolean(live.data)} />
      </div>
      {data.year === null || !c ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-4">В загруженных данных нет перечня {data.list}. Загрузите файл перечня, чтобы увидеть обзор.</p>
      ) : (
        <>
          <p className="max-w-4xl text-slate-700" data-testid="cohort-sentence">{cohortSentence(c)}</p>
          <section aria-label="Ключевые показатели" className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-4">
            <KpiCard id="listed" label={`В перечне в ${data.year} году`} value={formatInt(c.listed)} raw={c.listed} hint={countSchools(c.listed)} />
            <KpiCard id="first-year" label="Первый год подряд" value={formatInt(c.first_time + c.returned)} raw={c.first_time + c.returned}
              hint={<>впервые — <span data-testid="kpi-first-time" data-value={c.first_time}>{formatInt(c.first_time)}</span>, вернулись — <span data-testid="kpi-returned" data-value={c.returned}>{formatInt(c.returned)}</span></>} />
            <KpiCard id="streak2" label="Второй год подряд" value={formatInt(c.streak2)} raw={c.streak2} />
            <KpiCard id="streak3" label="Третий год подряд" value={formatInt(c.streak3)} raw={c.streak3} />
            <KpiCard id="streak4plus" label="Четвёртый год и более" value={formatInt(c.streak4plus)} raw={c.streak4plus} />
            <KpiCard id="exit-rate" label={data.exitFromYear ? `Вышли из перечня ${data.exitFromYear} года` : 'Выход из перечня'} value={formatPercent(data.exitRate)} raw={data.exitRate}
              hint={data.exitFromYear ? `доля школ перечня ${data.exitFromYear} года, не вошедших в перечень ${data.year} года (закрытые не учитываются)` : 'нет предыдущего года перечня'} />
            <KpiCard id="share" label="Доля школ региона в перечне" value={formatPercent(data.share)} raw={data.share} hint={`${formatInt(c.listed)} из ${countSchools(data.active)}`} />
          </section>
          <section aria-labelledby="chart-listed-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 id="chart-listed-title" className="mb-2 font-medium">Школы в перечне {data.list} по годам и числу лет в перечне подряд</h2>
            <ListedByStreakChart rows={data.byYear} listName={data.list} />
          </section>
        </>
      )}
    </div>
  );
}
