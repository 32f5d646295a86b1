'use client';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { dataVersion } from '@/lib/db/data-version';
import type { Engine } from '@/lib/db/engine';
import { renderedPage } from '@/lib/data/answer-files';

export interface EngineQueryState<T> {
  data: T | null;
  error: string | null;
  /** True until `data` answers the current key (stale data stays shown meanwhile). */
  loading: boolean;
  /** `data` came whole from the build's prepared answers, not computed in this tab. */
  prepared?: boolean;
}

interface Outcome<T> {
  data: T;
  prepared: boolean;
}

function start<T>(queryKey: string, run: (db: Engine) => Promise<T>): Promise<Outcome<T>> {
  // The tab's engine, or one that answers the page's prepared statements before it is up (lib/data/tab-answers.ts).
  const page = renderedPage() ?? undefined;
  const promise = import('@/lib/data/tab-answers').then(async ({ tabEngine, preparedOnly }) => {
    const db = await tabEngine(page);
    const t0 = performance.now();
    const data = await run(db);
    performance.measure(`query:${queryKey.split(':')[0]}`, { start: t0, end: performance.now() });
    return { data, prepared: preparedOnly(db) };
  });
  // A render can start a query for a key that is never committed: its failure must not surface as an
  // unhandled rejection (the effect that does wait reports it in the view).
  promise.catch(() => undefined);
  return promise;
}

/** Runs `run` on the tab's DuckDB (started on first use) and re-runs it when `key` changes. */
export function useEngineQuery<T>(queryKey: string, run: (db: Engine) => Promise<T>): EngineQueryState<T> {
  const version = useSyncExternalStore(dataVersion.subscribe, dataVersion.get, () => 0);
  const key = `${queryKey}@${version}`;
  const [state, setState] = useState<{
    key: string | null;
    data: T | null;
    prepared: boolean;
    error: string | null;
  }>({ key: null, data: null, prepared: false, error: null });
  // Started as soon as a render sees a new key, not after the commit: DuckDB works in its worker while React
  // renders the loading state (a large table takes tens of milliseconds). Once per key, in the browser only.
  const started = useRef<{ key: string; promise: Promise<Outcome<T>> } | null>(null);
  // `run` is a new closure on every render; `key` names what it depends on, so the effect reads the latest one.
  const latest = useRef({ queryKey, run });
  latest.current = { queryKey, run };
  if (typeof window !== 'undefined' && started.current?.key !== key)
    started.current = { key, promise: start(queryKey, run) };
  useEffect(() => {
    let live = true;
    if (started.current?.key !== key)
      started.current = { key, promise: start(latest.current.queryKey, latest.current.run) };
    const current = started.current;
    current.promise.then(
      ({ data, prepared }) => live && setState({ key, data, prepared, error: null }),
      (e: unknown) =>
        live && setState((s) => ({ ...s, key, error: e instanceof Error ? e.message : String(e) })),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return { data: state.data, error: state.error, loading: state.key !== key, prepared: state.prepared };
}
