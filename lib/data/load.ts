// Loading data, on any engine: the demo database attached, canonical CSV loaded, the source switched. Each
// ends by pointing the canonical views at the data and making the derived tables (`derived.ts`), so the
// engine layer (lib/db/) knows no metric.
import type { Engine } from '../db/engine';
import { canonicalViewsSql, createTablesSql, type TableName } from '../schema';
import { readCanonicalCsvSql } from '../db/load';
import { SqlBuilder, sqlString } from '../sql';
import { ensureUserSchema, USER_SCHEMA, type DataSource } from '../db/user-data';
import { refreshDerived } from './derived';

export const DEMO_ALIAS = 'demo';

/**
 * Attaches the demo database (or any prepared file) read-only beside the user's empty schema. The browser
 * and the tests attach it so; `pointViewsAt` then shows it.
 */
export async function attachDemo(db: Engine, bytes: Uint8Array, alias = DEMO_ALIAS): Promise<void> {
  const file = await db.registerFile(`${alias}.duckdb`, bytes);
  await db.exec(`ATTACH ${sqlString(file)} AS ${alias} (READ_ONLY)`);
  await ensureUserSchema(db);
}

/** Points the canonical views at the chosen source and makes the derived tables for it. */
export async function pointViewsAt(db: Engine, source: DataSource, demoAlias = DEMO_ALIAS): Promise<void> {
  const sources =
    source === 'demo' ? [demoAlias] : source === 'mine' ? [USER_SCHEMA] : [demoAlias, USER_SCHEMA];
  await db.exec(canonicalViewsSql(...sources));
  await refreshDerived(db, sources);
}

/** Creates every canonical table, fills those given as CSV text and makes the derived tables. */
export async function loadCanonicalCsv(
  db: Engine,
  tables: Partial<Record<TableName, string>>,
): Promise<void> {
  await db.exec(createTablesSql());
  for (const [table, text] of Object.entries(tables) as [TableName, string][]) {
    const file = await db.registerFile(`${table}.csv`, text);
    const b = new SqlBuilder();
    await db.query(`INSERT INTO ${table} ${readCanonicalCsvSql(table, b.p(file))}`, b.params);
  }
  await refreshDerived(db, []);
}
