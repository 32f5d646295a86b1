// DuckDB-wasm in a Web Worker, started once per tab. What it holds (the demo, the user's stored imports) is
// loaded by lib/data/browser.ts. Only ever loaded with dynamic import() from effects.
import * as duckdb from '@duckdb/duckdb-wasm';
import { tableToIPC } from 'apache-arrow';
import { wrapEngine, type Engine, type SqlParam } from './engine';
import { arrowRows } from './arrow-rows';
import { BASE_PATH_PREFIX } from '../base-path';

export const assetUrl = (path: string) => new URL(`${BASE_PATH_PREFIX}${path}`, location.href).href;

/** The engine with what only DuckDB-wasm's connection offers: Arrow in and out, and dropping a registered file. */
export interface BrowserEngine extends Engine {
  /** Appends an Arrow IPC stream to `schema.name` (creates the table with `create`). Run inside `transaction` when it must be atomic. */
  insertArrow(ipc: Uint8Array, target: { name: string; schema?: string; create: boolean }): Promise<void>;
  /** A query's result as an Arrow IPC stream (parameters bound as in `query`). */
  queryArrow(sql: string, params?: SqlParam[]): Promise<Uint8Array>;
  dropFile(name: string): Promise<void>;
  /** Registers a file DuckDB reads from `url` with HTTP range requests, a block at a time (never whole). */
  registerFileUrl(name: string, url: string): Promise<void>;
}

// The performance.measure entry duckdb:start is read by `npm run bench`.
export async function startBrowserEngine(): Promise<BrowserEngine> {
  const t0 = performance.now();
  const worker = new Worker(assetUrl('/duckdb/duckdb-browser-eh.worker.js'));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(assetUrl('/duckdb/duckdb-eh.wasm'));
  // A file attached by URL is read by ranges only (the caller checks first that the server answers Range).
  await db.open({
    filesystem: { reliableHeadRequests: true, allowFullHTTPReads: false, forceFullHTTPReads: false },
  });
  const conn = await db.connect();
  await conn.query('SET autoload_known_extensions=false');
  performance.measure('duckdb:start', { start: t0, end: performance.now() });

  // Prepared statements are kept by SQL text: each prepare and close is a round trip to the worker, and a
  // filter change re-runs the same texts with new parameters. Any DDL (exec) drops them.
  const prepared = new Map<string, Awaited<ReturnType<typeof conn.prepare>>>();
  const dropPrepared = async () => {
    for (const stmt of prepared.values()) await stmt.close();
    prepared.clear();
  };
  const engine = wrapEngine({
    async query<T extends object>(sql: string, params: SqlParam[]) {
      if (!params.length) return arrowRows<T>(await conn.query(sql));
      let stmt = prepared.get(sql);
      if (!stmt) {
        if (prepared.size >= 64) await dropPrepared();
        stmt = await conn.prepare(sql);
        prepared.set(sql, stmt);
      }
      return arrowRows<T>(await stmt.query(...params));
    },
    async exec(sql: string) {
      await dropPrepared();
      await conn.query(sql);
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
  });
  return {
    ...engine,
    insertArrow: async (ipc, { name, schema, create }) => {
      await conn.insertArrowFromIPCStream(ipc, { name, schema, create });
    },
    queryArrow: async (sql, params = []) => {
      if (!params.length) return tableToIPC(await conn.query(sql), 'stream');
      const stmt = await conn.prepare(sql);
      try {
        return tableToIPC(await stmt.query(...params), 'stream');
      } finally {
        await stmt.close();
      }
    },
    dropFile: async (name) => {
      await db.dropFile(name);
    },
    registerFileUrl: (name, url) => db.registerFileURL(name, url, duckdb.DuckDBDataProtocol.HTTP, false),
  };
}
