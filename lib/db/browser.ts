// DuckDB-wasm in a Web Worker, started once per tab. Only ever loaded with dynamic import() from effects.
import * as duckdb from '@duckdb/duckdb-wasm';
import { plainRow, serializer, type Engine, type SqlParam } from './engine';
import { canonicalViewsSql } from '../schema';

export const BASE_PATH = process.env.NEXT_PUBLIC_BASE_PATH ?? '';
const assetUrl = (path: string) => new URL(`${BASE_PATH}${path}`, location.href).href;

export interface BrowserEngine extends Engine {
  timings: { startMs: number; loadMs: number };
}

async function start(): Promise<BrowserEngine> {
  const t0 = performance.now();
  const worker = new Worker(assetUrl('/duckdb/duckdb-browser-eh.worker.js'));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(assetUrl('/duckdb/duckdb-eh.wasm'));
  const conn = await db.connect();
  await conn.query('SET autoload_known_extensions=false');
  const t1 = performance.now();
  // The whole file in memory: works on any static host (no Range requests needed) and offline afterwards.
  const response = await fetch(assetUrl('/data/demo.duckdb'));
  if (!response.ok) throw new Error(`Не удалось загрузить демонстрационные данные (HTTP ${response.status})`);
  await db.registerFileBuffer('demo.duckdb', new Uint8Array(await response.arrayBuffer()));
  await conn.query(`ATTACH 'demo.duckdb' AS demo (READ_ONLY)`);
  await conn.query(canonicalViewsSql('demo'));
  const t2 = performance.now();

  const serial = serializer();
  return {
    timings: { startMs: t1 - t0, loadMs: t2 - t1 },
    query<T extends object>(sql: string, params: SqlParam[] = []) {
      return serial(async () => {
        const stmt = await conn.prepare(sql);
        try {
          const table = await stmt.query(...params);
          return table.toArray().map((r) => plainRow<T>(r.toJSON()));
        } finally {
          await stmt.close();
        }
      });
    },
    exec(sql: string) {
      return serial(async () => {
        await conn.query(sql);
      });
    },
    async close() {
      await conn.close();
      await db.terminate();
    },
  };
}

let engine: Promise<BrowserEngine> | null = null;

/** The tab's engine; the first call starts it. A failed start may be retried. */
export function getBrowserEngine(): Promise<BrowserEngine> {
  if (!engine) {
    engine = start();
    engine.catch(() => {
      engine = null;
    });
  }
  return engine;
}
