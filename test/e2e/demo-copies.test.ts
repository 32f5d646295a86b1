// The demo file the build wrote, in DuckDB-wasm: its small derived tables are copied into memory, its large
// ones read from the file, and either way they hold exactly the file's rows. (After the build: it reads
// public/data/demo.duckdb.)
import { describe, expect, it } from 'vitest';
import { derivedTables } from '@/lib/data/derived-tables';
import { COPIED_ROWS, derived, MANIFEST } from '@/lib/data/derived';
import { demoEngine } from '../helpers/demo';
import { missing } from '../helpers/rows';

const STORED = derivedTables()
  .filter((t) => t.stored)
  .map((t) => t.name);

describe('the demo file in DuckDB-wasm', () => {
  it('copies its small tables into memory and reads its large ones from the file, with the same rows', async () => {
    const db = await demoEngine();
    try {
      await derived(db, ...STORED);
      const kinds = new Map(
        (
          await db.query<{ name: string; kind: string }>(
            `SELECT table_name AS name, table_type AS kind FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main'`,
          )
        ).map((r) => [r.name, r.kind]),
      );
      const counted = await db.query<{ name: string; rows: number }>(
        `SELECT name, rows::INTEGER AS rows FROM demo.${MANIFEST} WHERE kind = 'derived'`,
      );
      // The demo has tables on both sides of the limit (school_dim has 1,503 rows; result_totals a few hundred thousand).
      expect(counted.find((r) => r.name === 'school_dim')!.rows).toBeLessThanOrEqual(COPIED_ROWS);
      expect(counted.find((r) => r.name === 'result_totals')!.rows).toBeGreaterThan(COPIED_ROWS);
      for (const { name, rows } of counted) {
        expect(kinds.get(name), name).toBe(rows <= COPIED_ROWS ? 'BASE TABLE' : 'VIEW');
        expect(await missing(db, name, `demo.${name}`), name).toBe(0);
        expect(await missing(db, `demo.${name}`, name), name).toBe(0);
      }
    } finally {
      await db.close();
    }
  }, 120_000);
});
