'use client';
import { useSyncExternalStore } from 'react';
import { dataNotice } from '@/lib/upload/sync';
import { regionSummary, type RegionRow } from '@/lib/metrics/regions';
import { formatInt } from '@/lib/format';
import { listLabel } from '@/lib/narrative';
import { useEngineQuery } from './hooks/useEngineQuery';
import { useViewState } from './filters/ViewStateProvider';
import { FilterBar } from './filters/FilterBar';
import { VIEW_CONTROLS } from '@/lib/view-controls';
import { DataTable, shareColumn } from './table/DataTable';
import { ViewStatus } from './ViewStatus';
import { BASE_PATH_PREFIX } from '@/lib/base-path';

/** «Регионы»: the country's regions ranked by the share of schools on the list. */
export function RegionsView() {
  const { state, filter, filterKey } = useViewState();
  const notice = useSyncExternalStore(dataNotice.subscribe, dataNotice.get, dataNotice.get);
  const q = useEngineQuery(`regions:${filterKey}`, (db) => regionSummary(db, filter));
  const rows = q.data;
  const year = rows?.[0]?.year;
  return (
    <div className="space-y-4" data-testid="regions">
      <FilterBar controls={VIEW_CONTROLS['/regions/']} />
      <h1 className="text-2xl font-semibold">
        Регионы: перечень {listLabel(state.list)}
        {year ? `, ${year}` : ''}
      </h1>
      <p className="text-sm text-slate-600">
        Место — по доле школ в перечне (1 — наибольшая доля).
        {state.dataset === 'national' ? (
          notice.nationalFailed ? (
            ' Данные страны не открыты (см. сообщение выше): показан демонстрационный регион.'
          ) : rows ? (
            state.municipalities.length ? (
              ' Выбраны муниципалитеты: место региона не присваивается (их доля — не доля региона).'
            ) : state.regions.length ? (
              ' Показаны выбранные регионы; место — среди всех регионов страны.'
            ) : (
              ' Показаны данные страны.'
            )
          ) : (
            ''
          )
        ) : (
          <>
            {' '}
            Данные одного региона дают одну строку;{' '}
            {/* A page load, not the router: the tab opens the country's file when it starts. */}
            <a className="text-sky-800 underline" href={`${BASE_PATH_PREFIX}/regions/?data=national`}>
              открыть данные страны
            </a>{' '}
            (если файл страны опубликован на этом сайте).
          </>
        )}
      </p>
      <ViewStatus
        query={q}
        empty={!!rows && rows.length === 0}
        emptyText="Нет регионов для выбранных фильтров."
      >
        {rows && (
          <DataTable<RegionRow>
            id="regions"
            caption="Регионы по доле школ в перечне"
            fileName="regiony.csv"
            rows={rows}
            inUrl
            pageSize={100}
            columns={[
              {
                key: 'rank',
                label: 'Место',
                value: (r) => r.rank,
                numeric: true,
                render: (r) => (state.municipalities.length ? '—' : formatInt(r.rank)),
              },
              { key: 'region', label: 'Регион', value: (r) => r.region },
              { key: 'active', label: 'Школ', value: (r) => r.active, numeric: true },
              { key: 'listed', label: 'В перечне', value: (r) => r.listed, numeric: true },
              shareColumn('share', 'Доля в перечне'),
              shareColumn('exit_rate', 'Вышли к этому году'),
            ]}
          />
        )}
      </ViewStatus>
    </div>
  );
}
