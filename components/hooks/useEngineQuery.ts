'use client';
import { useEffect, useState } from 'react';
import type { Engine } from '@/lib/db/engine';

export interface EngineQueryState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/** Runs `run` on the tab's DuckDB (started on first use) and re-runs it when `key` changes. */
export function useEngineQuery<T>(key: string, run: (db: Engine) => Promise<T>): EngineQueryState<T> {
  const [state, setState] = useState<EngineQueryState<T>>({ data: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    import('@/lib/db/browser')
      .then(({ getBrowserEngine }) => getBrowserEngine())
      .then(async (db) => {
        const t0 = performance.now();
        const result = await run(db);
        performance.measure(`query:${key}`, { start: t0, end: performance.now() });
        return result;
      })
      .then(
        (data) => live && setState({ data, error: null, loading: false }),
        (e: unknown) => live && setState((s) => ({ data: s.data, error: e instanceof Error ? e.message : String(e), loading: false })),
      );
    return () => {
      live = false;
    };
    // `run` is rebuilt on each render; `key` names what it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
