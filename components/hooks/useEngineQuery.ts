'use client';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { dataVersion } from '@/lib/db/data-version';
import type { Engine } from '@/lib/db/engine';

export interface EngineQueryState<T> {
  data: T | null;
  error: string | null;
  /** True until `data` answers the current key (stale data stays shown meanwhile). */
  loading: boolean;
}

/** Runs `run` on the tab's DuckDB (started on first use) and re-runs it when `key` changes. */
export function useEngineQuery<T>(queryKey: string, run: (db: Engine) => Promise<T>): EngineQueryState<T> {
  const version = useSyncExternalStore(dataVersion.subscribe, dataVersion.get, () => 0);
  const key = `${queryKey}@${version}`;
  const [state, setState] = useState<{ key: string | null; data: T | null; error: string | null }>({ key: null, data: null, error: null });
  useEffect(() => {
    let live = true;
    import('@/lib/db/browser')
      .then(({ getBrowserEngine }) => getBrowserEngine())
      .then(async (db) => {
        const t0 = performance.now();
        const result = await run(db);
        performance.measure(`query:${queryKey.split(':')[0]}`, { start: t0, end: performance.now() });
        return result;
      })
      .then(
        (data) => live && setState({ key, data, error: null }),
        (e: unknown) => live && setState((s) => ({ key, data: s.data, error: e instanceof Error ? e.message : String(e) })),
      );
    return () => {
      live = false;
    };
    // `run` is rebuilt on each render; `key` names what it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return { data: state.data, error: state.error, loading: state.key !== key };
}
