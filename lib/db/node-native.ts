// Native DuckDB (@duckdb/node-api, same DuckDB version as the wasm build): CLI and build steps.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { plainRow, wrapEngine, type Engine, type SqlParam } from './engine';

export async function createNativeEngine(path = ':memory:'): Promise<Engine> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  let files: string | null = null;
  return wrapEngine({
    async query<T extends object>(sql: string, params: SqlParam[]) {
      const reader = await conn.runAndReadAll(sql, params);
      return reader.getRowObjectsJS().map((r) => plainRow<T>(r as Record<string, unknown>));
    },
    async exec(sql: string) {
      await conn.run(sql);
    },
    async registerFile(name, data) {
      files ??= mkdtempSync(join(tmpdir(), 'shnor-duckdb-'));
      const path = join(files, name.replace(/[^\w.-]/g, '_'));
      writeFileSync(path, data);
      return path;
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
      if (files) rmSync(files, { recursive: true, force: true });
    },
  });
}
