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

export interface OwnData {
  /** Where own data is: the user's schema and/or an attached prepared file (default: the schema). */
  sources?: string[];
  /** Names own data as it is now (the stored imports' ids), so that its derived tables can be stored and reused. */
  key?: string;
  /** Inserts one of own data's stored derived tables on its first use (kept compressed until then). */
  load?: (name: string) => Promise<void>;
}

/** Points the canonical views at the chosen source and makes the derived tables for it. */
export async function pointViewsAt(
  db: Engine,
  source: DataSource,
  { demoAlias = DEMO_ALIAS, own = {} }: { demoAlias?: string; own?: OwnData } = {},
): Promise<void> {
  const mine = own.sources ?? [USER_SCHEMA];
  const sources = source === 'demo' ? [demoAlias] : source === 'mine' ? mine : [demoAlias, ...mine];
  await db.exec(canonicalViewsSql(...sources));
  await refreshDerived(db, sources, source === 'mine' ? { dataKey: own.key, load: own.load } : {});
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
