// Every metric test runs on both builds of DuckDB: the wasm build (as in the browser) and the native one (CLI).
import { afterAll, beforeAll, describe } from 'vitest';
import type { Engine } from '@/lib/db/engine';
import { createWasmNodeEngine } from '@/lib/db/node-wasm';
import { createNativeEngine } from '@/lib/db/node-native';
import { loadCanonicalCsv } from '@/lib/data/load';
import type { TableName } from '@/lib/schema';

export const ENGINES: [string, () => Promise<Engine>][] = [
  ['duckdb-wasm', createWasmNodeEngine],
  ['duckdb native', () => createNativeEngine()],
];

/** `body(db)` declares tests; `db()` is the engine loaded with `tables` (canonical CSV text). */
export function describeOnEngines(
  title: string,
  tables: Partial<Record<TableName, string>>,
  body: (db: () => Engine) => void,
) {
  for (const [name, create] of ENGINES) {
    describe(`${title} [${name}]`, () => {
      let engine: Engine;
      beforeAll(async () => {
        engine = await create();
        await loadCanonicalCsv(engine, tables);
      });
      afterAll(async () => engine?.close());
      body(() => engine);
    });
  }
}

/** CSV text from lines, so fixtures read like tables. */
export const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
