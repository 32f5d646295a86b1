// The demo file the build wrote serves every stored derived table to the browser's engine: its manifest
// matches what DuckDB-wasm would build, so no visitor of the demo builds them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/db/engine';
import { derived, derivedOrigins } from '@/lib/data/derived';
import { derivedTables } from '@/lib/data/derived-tables';
import { demoEngine } from '../helpers/demo';

describe('the demo as a prepared file', () => {
  let db: Engine;
  beforeAll(async () => {
    db = await demoEngine();
  });
  afterAll(async () => db?.close());

  it('gives every stored derived table from the file, none built in the engine', async () => {
    const stored = derivedTables()
      .filter((t) => t.stored)
      .map((t) => t.name);
    await derived(db, ...stored);
    expect(await derivedOrigins(db)).toEqual(Object.fromEntries(stored.map((t) => [t, 'demo'])));
  });
});
