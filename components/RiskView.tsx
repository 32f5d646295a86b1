'use client';
import type { PublishedOnlyRow, RiskRow } from '@/lib/metrics/risk';
import { riskData } from '@/lib/view-data';
import { gaps, resultCoverage } from '@/lib/metrics/coverage';
import { RISK_RULE } from '@/lib/methodology';
import { countSchools, formatInt, NO_DATA } from '@/lib/format';
import { useEngineQuery } from './hooks/useEngineQuery';
import { useViewState } from './filters/ViewStateProvider';
import { FilterBar } from './filters/FilterBar';
import { VIEW_CONTROLS } from '@/lib/view-controls';
import { DataTable, municipalityColumn, schoolColumn } from './table/DataTable';
import { Panel } from './Panel';
import { ViewStatus } from './ViewStatus';

/**
 * «Группа риска»: the group computed by the rule (schools off the ШНОР list with negative dynamics or weak key
 * indicators) beside the list a region or municipality published.
 */
export function RiskView() {
  const { filter, filterKey } = useViewState();
  // Which tables the data has does not change with the filters: read once per data version.
  const has = useEngineQuery('result-coverage', (db) => resultCoverage(db));
  // Without results the group is simply empty: the coverage decides what is shown.
  const risk = useEngineQuery(`risk:${filterKey}`, (db) => riskData(db, filter));
  const gap = has.data ? gaps.risk(has.data) : null;
  const q = {
    data: has.data && risk.data ? (gap ? { gap, rows: [], compared: null } : { gap, ...risk.data }) : null,
    loading: has.loading || risk.loading,
    error: has.error ?? risk.error,
  };
  const rows = q.data?.rows ?? [];
  const c = q.data?.compared;
  const year = c?.summary.year;
  return (
    <div className="space-y-4" data-testid="risk">
      <FilterBar controls={VIEW_CONTROLS['/risk/']} />
      <h1 className="text-2xl font-semibold">Группа риска по расчёту{year ? `, ${year}` : ''}</h1>
      <p className="max-w-4xl text-sm text-slate-700" data-testid="risk-rule">
        <b>Правило расчёта.</b> {RISK_RULE} Это не опубликованный список группы риска: он сравнивается с
        расчётом ниже.
      </p>
      <ViewStatus query={q} empty={!!q.data?.gap} emptyText={`${q.data?.gap}.`}>
        {c && (
          <Panel title={`Расчёт и опубликованный список группы риска${year ? `, ${year}` : ''}`}>
            {c.summary.published ? (
              <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-3" data-testid="risk-comparison">
                <div>
                  <dt className="text-slate-600">В обоих</dt>
                  <dd className="text-2xl font-semibold tabular-nums" data-testid="risk-both">
                    {formatInt(c.summary.both)}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-600">Только по расчёту</dt>
                  <dd className="text-2xl font-semibold tabular-nums" data-testid="risk-only-computed">
                    {formatInt(c.summary.only_computed)}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-600">Только в опубликованном списке</dt>
                  <dd className="text-2xl font-semibold tabular-nums" data-testid="risk-only-published">
                    {formatInt(c.summary.only_published)}
                  </dd>
                </div>
              </dl>
            ) : (
              <p className="text-sm text-slate-600" data-testid="risk-no-published">
                Опубликованного списка группы риска за {year} год в данных нет: загрузите перечень «группа
                риска», чтобы сравнить его с расчётом.
              </p>
            )}
          </Panel>
        )}
        <Panel
          title={`По расчёту: ${countSchools(rows.length)}`}
          note="«В опубликованном списке» — школа есть в загруженном перечне «группа риска» этого года."
        >
          <DataTable<RiskRow>
            id="risk"
            caption="Группа риска по расчёту"
            fileName="gruppa-riska-raschet.csv"
            rows={rows}
            inUrl
            empty="Для выбранных фильтров школ, которые правило выделяет, нет."
            columns={[
              schoolColumn(),
              municipalityColumn(),
              { key: 'type', label: 'Тип', value: (r) => r.type },
              {
                key: 'bottom_quartile',
                label: 'Показателей в нижней четверти',
                value: (r) => r.bottom_quartile,
                numeric: true,
              },
              {
                key: 'negative_dynamics',
                label: 'Отрицательная динамика',
                value: (r) => (r.negative_dynamics === null ? NO_DATA : r.negative_dynamics ? 'да' : 'нет'),
              },
              {
                key: 'on_risk_list',
                label: 'В опубликованном списке',
                value: (r) => (r.on_risk_list ? 'да' : 'нет'),
              },
              {
                key: 'reasons',
                label: 'Причины',
                value: (r) => r.reasons,
                render: (r) => <span className="inline-block min-w-64 text-xs">{r.reasons}</span>,
              },
            ]}
          />
        </Panel>
        {c && c.publishedOnly.length > 0 && (
          <Panel
            title={`Только в опубликованном списке: ${countSchools(c.publishedOnly.length)}`}
            note="Почему правило расчёта эти школы не выделяет."
          >
            <DataTable<PublishedOnlyRow>
              id="risk-published-only"
              caption="Только в опубликованном списке группы риска"
              fileName="gruppa-riska-tolko-opublikovannyj.csv"
              rows={c.publishedOnly}
              columns={[
                schoolColumn(),
                municipalityColumn(),
                { key: 'why', label: 'Почему не по расчёту', value: (r) => r.why },
              ]}
            />
          </Panel>
        )}
      </ViewStatus>
    </div>
  );
}
