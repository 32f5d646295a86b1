// Native DuckDB (@duckdb/node-api, same DuckDB version as the wasm build): CLI and build steps.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { plainRow, wrapEngine, type Engine, type SqlParam } from './engine';

export interface NativeEngine extends Engine {
  /**
   * Another connection to the same database, with its own queue and temporary tables: statements on two
   * connections run at once (the CLI reads its files side by side). Closing it leaves the database open.
   */
  connect(): Promise<Engine>;
}

export async function createNativeEngine(path = ':memory:'): Promise<NativeEngine> {
  const instance = await DuckDBInstance.create(path);
  let files: string | null = null;
  const registerFile = async (name: string, data: Uint8Array | string) => {
    files ??= mkdtempSync(join(tmpdir(), 'shnor-duckdb-'));
    const file = join(files, name.replace(/[^\w.-]/g, '_'));
    writeFileSync(file, data);
    return file;
  };
  const engineOn = (conn: DuckDBConnection, close: () => Promise<void>) =>
    wrapEngine({
      async query<T extends object>(sql: string, params: SqlParam[]) {
        const reader = await conn.runAndReadAll(sql, params);
        return reader.getRowObjectsJS().map((r) => plainRow<T>(r as Record<string, unknown>));
      },
      async exec(sql: string) {
        await conn.run(sql);
      },
      registerFile,
      close,
    });
  const conn = await instance.connect();
  const main = engineOn(conn, async () => {
    conn.closeSync();
    instance.closeSync();
    if (files) rmSync(files, { recursive: true, force: true });
  });
  return {
    ...main,
    async connect() {
      const other = await instance.connect();
      return engineOn(other, async () => other.closeSync());
    },
  };
}
