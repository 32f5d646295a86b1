// DuckDB-wasm's memory ends at 3.1 GiB: 3 million own rows ran out of it while their derived tables were built
// and stored (the objectivity steps all kept, every stored table copied). Here a tenth of the rows in 380 MB:
// with the steps kept they run out even at 400 MB; freed, they pass at 360 MB (measured 2026-12-02 with the
// unconfirmed test on the mean mark). 3 M rows peak at 3.0 GiB of the process's memory
// (scripts/bench-own-memory.ts). The steps are gone afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/db/engine';
import { createWasmNodeEngine } from '@/lib/db/node-wasm';
import { ensureUserSchema } from '@/lib/db/user-data';
import { pointViewsAt } from '@/lib/data/load';
import { storeOwnDerived } from '@/lib/data/derived';
import { derivedTables } from '@/lib/data/derived-tables';

const SCHOOLS = 10_000;
const PAPERS = `[('Математика', 4), ('Русский язык', 4), ('Математика', 5), ('Русский язык', 5), ('История', 5),
  ('Биология', 6), ('География', 7), ('Физика', 8), ('Химия', 8), ('Английский язык', 7)]`;

describe('own data in DuckDB-wasm memory', () => {
  let db: Engine;
  beforeAll(async () => {
    db = await createWasmNodeEngine();
    await db.exec(`SET memory_limit = '380MB'`);
    await ensureUserSchema(db);
    // Every school writes the ten papers in each of three years, 20–49 pupils each.
    await db.exec(`INSERT INTO user_data.results (year, procedure, subject, grade, school_id, participants, m2, m3, m4, m5, mean_score)
      SELECT 2022 + i // ${SCHOOLS * 10}, 'ВПР', p[1], p[2], lpad((i % ${SCHOOLS})::VARCHAR, 6, '0'),
        20 + i % 30, i % 5, 8, 6, 20 + i % 30 - i % 5 - 14, 15
      FROM range(${SCHOOLS * 30}) r(i), LATERAL (SELECT ${PAPERS}[(i // ${SCHOOLS}) % 10 + 1] AS p)`);
  }, 120_000);
  afterAll(async () => db?.close());

  it('builds and stores every derived table of 300,000 own rows within about a tenth of its memory', async () => {
    await pointViewsAt(db, 'mine', { own: { key: 'big' } });
    const manifest = await storeOwnDerived(db);
    expect(manifest.find((r) => r.name === 'results')?.rows).toBe(300_000);
    expect(manifest.filter((r) => r.kind === 'derived').map((r) => r.name)).toEqual(
      derivedTables()
        .filter((t) => t.stored)
        .map((t) => t.name),
    );
    const steps = derivedTables().filter((t) => t.step);
    expect(steps.length).toBeGreaterThan(0);
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name IN (${steps.map((t) => `'${t.name}'`).join(', ')})`,
    );
    expect(n).toBe(0);
  }, 300_000);
});
