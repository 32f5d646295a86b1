// DuckDB-wasm's Node build: the browser's exact engine, used by the tests.
import { createRequire } from 'node:module';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { WASM_WORK_DATABASE, wrapEngine, type Engine, type SqlParam } from './engine';
import { arrowRows } from './arrow-rows';

const require = createRequire(import.meta.url);

export async function createWasmNodeEngine(): Promise<Engine> {
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
  conn.query(WASM_WORK_DATABASE);
  return wrapEngine({
    async query<T extends object>(sql: string, params: SqlParam[]) {
      const stmt = conn.prepare(sql);
      try {
        return arrowRows<T>(stmt.query(...params));
      } finally {
        stmt.close();
      }
    },
    async exec(sql: string) {
      conn.query(sql);
    },
    async registerFile(name, data) {
      if (typeof data === 'string') await db.registerFileText(name, data);
      else await db.registerFileBuffer(name, data);
      return name;
    },
    async close() {
      conn.close();
    },
  });
}
