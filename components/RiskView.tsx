'use client';
import { riskGroup, type RiskRow } from '@/lib/metrics/risk';
import { coverage, gaps } from '@/lib/metrics/coverage';
import { useEngineQuery } from './hooks/useEngineQuery';
import { useViewState } from './filters/ViewStateProvider';
import { FilterBar } from './filters/FilterBar';
import { DataTable, SchoolLink } from './table/DataTable';
import { Panel } from './Panel';
import { ViewStatus } from './ViewStatus';

/** «Группа риска»: schools off the ШНОР list with negative dynamics or weak key indicators. */
export function RiskView() {
  const { filter, filterKey } = useViewState();
  const q = useEngineQuery(`risk:${filterKey}`, async (db) => {
    const gap = gaps.risk(await coverage(db));
    return gap ? { gap, rows: [] } : { gap, rows: await riskGroup(db, filter) };
  });
  const rows = q.data?.rows ?? [];
  const year = rows[0]?.year;
  return (
    <div className="space-y-4" data-testid="risk">
      <FilterBar controls={['year', 'area']} />
      <h1 className="text-2xl font-semibold">Группа риска{year ? `, ${year}` : ''}</h1>
      <ViewStatus query={q} empty={rows.length === 0} emptyText={q.data?.gap ? `${q.data.gap}.` : 'Для выбранных фильтров школ группы риска нет.'}>
        <Panel title={`Школ в группе риска: ${rows.length}`} note="Школы не из перечня ШНОР этого года. Правило — на странице «Методика». «В региональном списке» — школа есть в загруженном перечне «группа_риска».">
          <DataTable<RiskRow> id="risk" caption="Группа риска" fileName="gruppa-riska.csv" rows={rows} inUrl
            columns={[
              { key: 'name', label: 'Школа', value: (r) => r.name, render: (r) => <SchoolLink id={r.school_id} name={r.name} /> },
              { key: 'municipality', label: 'Муниципалитет', value: (r) => r.municipality },
              { key: 'type', label: 'Тип', value: (r) => r.type },
              { key: 'bottom_quartile', label: 'Показателей в нижней четверти', value: (r) => r.bottom_quartile, numeric: true },
              { key: 'negative_dynamics', label: 'Отрицательная динамика', value: (r) => (r.negative_dynamics ? 'да' : 'нет') },
              { key: 'on_risk_list', label: 'В региональном списке', value: (r) => (r.on_risk_list ? 'да' : 'нет') },
              { key: 'reasons', label: 'Причины', value: (r) => r.reasons, render: (r) => <span className="text-xs">{r.reasons}</span> },
            ]} />
        </Panel>
      </ViewStatus>
    </div>
  );
}
