// Native DuckDB (@duckdb/node-api, same DuckDB version as the wasm build): CLI and build steps.
import { DuckDBInstance } from '@duckdb/node-api';
import { plainRow, serializer, type Engine, type SqlParam } from './engine';

export async function createNativeEngine(path = ':memory:'): Promise<Engine> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  const serial = serializer();
  return {
    query<T extends object>(sql: string, params: SqlParam[] = []) {
      return serial(async () => {
        const reader = await conn.runAndReadAll(sql, params);
        return reader.getRowObjectsJS().map((r) => plainRow<T>(r as Record<string, unknown>));
      });
    },
    exec(sql: string) {
      return serial(async () => {
        await conn.run(sql);
      });
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
