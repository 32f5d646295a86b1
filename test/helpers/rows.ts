// Comparing two relations row by row.
import type { Engine } from '@/lib/db/engine';

/** Rows of `a` missing from `b`, doubles compared to 9 decimals (native DuckDB sums in parallel, in another order). */
export async function missing(db: Engine, a: string, b: string): Promise<number> {
  const cols = await db.query<{ column_name: string; column_type: string }>(
    `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${a})`,
  );
  const list = cols
    .map((c) => (/DOUBLE|FLOAT/.test(c.column_type) ? `round("${c.column_name}", 9)` : `"${c.column_name}"`))
    .join(', ');
  const [{ n }] = await db.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM (SELECT ${list} FROM ${a} EXCEPT ALL SELECT ${list} FROM ${b})`,
  );
  return n;
}
