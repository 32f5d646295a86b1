// DuckDB-wasm in a Web Worker, started once per tab. Only ever loaded with dynamic import() from effects.
import * as duckdb from '@duckdb/duckdb-wasm';
import { plainRow, serializer, type Engine, type SqlParam } from './engine';
import { attachCanonicalDatabase } from './attach';

export const BASE_PATH = process.env.NEXT_PUBLIC_BASE_PATH ?? '';
const assetUrl = (path: string) => new URL(`${BASE_PATH}${path}`, location.href).href;

// performance.measure entries (duckdb:start, duckdb:load) are read by `npm run bench`.
async function start(): Promise<Engine> {
  const t0 = performance.now();
  const worker = new Worker(assetUrl('/duckdb/duckdb-browser-eh.worker.js'));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(assetUrl('/duckdb/duckdb-eh.wasm'));
  const conn = await db.connect();
  await conn.query('SET autoload_known_extensions=false');
  const t1 = performance.now();
  performance.measure('duckdb:start', { start: t0, end: t1 });
  // The whole file in memory: works on any static host (no Range requests needed) and offline afterwards.
  const response = await fetch(assetUrl('/data/demo.duckdb'));
  if (!response.ok) throw new Error(`Не удалось загрузить демонстрационные данные (HTTP ${response.status})`);
  const bytes = new Uint8Array(await response.arrayBuffer());

  const serial = serializer();
  const engine: Engine = {
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
    async registerFile(name, data) {
      if (typeof data === 'string') await db.registerFileText(name, data);
      else await db.registerFileBuffer(name, data);
      return name;
    },
    async close() {
      await conn.close();
      await db.terminate();
    },
  };
  await attachCanonicalDatabase(engine, bytes);
  performance.measure('duckdb:load', { start: t1, end: performance.now() });
  return engine;
}

let engine: Promise<Engine> | null = null;

/** The tab's engine; the first call starts it. A failed start may be retried. */
export function getBrowserEngine(): Promise<Engine> {
  if (!engine) {
    engine = start();
    engine.catch(() => {
      engine = null;
    });
  }
  return engine;
}
