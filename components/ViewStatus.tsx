import type { ReactNode } from 'react';
import type { EngineQueryState } from './hooks/useEngineQuery';
import { useViewState } from './filters/ViewStateProvider';

/** The data shown has neither lists nor results (own data chosen, nothing uploaded): no filter is to blame. */
const NO_DATA_TEXT =
  'Нет данных: в выбранном источнике нет ни перечней, ни результатов — загрузите файлы на странице «Загрузка данных» или выберите там демо-данные.';

/** Loading, error and empty states every view shares. */
export function ViewStatus({
  query,
  empty,
  emptyText,
  children,
}: {
  query: EngineQueryState<unknown>;
  empty: boolean;
  emptyText: string;
  children: ReactNode;
}) {
  const { options } = useViewState();
  if (query.error)
    return (
      <p role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-red-800">
        Не удалось посчитать показатели: {query.error}
      </p>
    );
  // A query that answered nothing (no year with data, say) is empty, not loading.
  if (!query.data && query.loading)
    return (
      <p role="status" className="text-slate-500" data-testid="loading">
        Считаем показатели в браузере (DuckDB)…
      </p>
    );
  return (
    <div
      data-testid="view-ready"
      data-loading={query.loading ? 'true' : 'false'}
      className={`space-y-4 ${query.loading ? 'opacity-60 transition-opacity' : ''}`}
    >
      {empty || !query.data ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-4">
          {options?.years.length === 0 ? NO_DATA_TEXT : emptyText}
        </p>
      ) : (
        children
      )}
    </div>
  );
}
