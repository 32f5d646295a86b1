// DuckDB-wasm's Node build: the browser's exact engine, used by the tests.
import { createRequire } from 'node:module';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { plainRow, type Engine, type SqlParam } from './engine';

const require = createRequire(import.meta.url);

export interface WasmNodeEngine extends Engine {
  registerFile(name: string, data: Uint8Array | string): void;
}

export async function createWasmNodeEngine(): Promise<WasmNodeEngine> {
  const dir = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm').replace(/duckdb-eh\.wasm$/, '');
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: `${dir}duckdb-mvp.wasm`, mainWorker: `${dir}duckdb-node-mvp.worker.cjs` },
      eh: { mainModule: `${dir}duckdb-eh.wasm`, mainWorker: `${dir}duckdb-node-eh.worker.cjs` },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate(() => {});
  const conn = db.connect();
  conn.query('SET autoload_known_extensions=false');
  return {
    async query<T extends object>(sql: string, params: SqlParam[] = []) {
      const stmt = conn.prepare(sql);
      try {
        return stmt.query(...params).toArray().map((r) => plainRow<T>(r.toJSON()));
      } finally {
        stmt.close();
      }
    },
    async exec(sql: string) {
      conn.query(sql);
    },
    registerFile(name, data) {
      if (typeof data === 'string') db.registerFileText(name, data);
      else db.registerFileBuffer(name, data);
    },
    async close() {
      conn.close();
    },
  };
}
