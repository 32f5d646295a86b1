import type { ReactNode } from 'react';
import type { EngineQueryState } from './hooks/useEngineQuery';

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
  if (query.error)
    return (
      <p role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-red-800">
        Не удалось посчитать показатели: {query.error}
      </p>
    );
  if (!query.data)
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
      {empty ? <p className="rounded border border-amber-300 bg-amber-50 p-4">{emptyText}</p> : children}
    </div>
  );
}
