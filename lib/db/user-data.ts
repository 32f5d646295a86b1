// The user's own data: canonical tables in the schema user_data beside the read-only demo database, imported
// one file at a time in a transaction (the switch between demo, own data, or both: lib/data/load.ts).
import type { Engine } from './engine';
import { createTablesSql, tableDef, TABLES, type TableName } from '../schema';
import { readCanonicalCsvSql } from './load';
import { sqlString } from '../sql';

export const USER_SCHEMA = 'user_data';
export type DataSource = 'demo' | 'mine' | 'both';
export type ImportMode = 'add' | 'replace-years' | 'replace-all';

export const SOURCE_LABELS: Record<DataSource, string> = {
  demo: 'Демо-данные',
  mine: 'Мои данные',
  both: 'Демо и мои данные вместе (для проверки формата: годы, доли и ранги считаются по обоим)',
};
export const MODE_LABELS: Record<ImportMode, string> = {
  add: 'Добавить (строки с уже загруженным ключом не заменяются)',
  'replace-years': 'Заменить совпадающие: те же годы и процедуры (перечни), для школ — те же коды',
  'replace-all': 'Заменить всю таблицу',
};

export async function ensureUserSchema(db: Engine): Promise<void> {
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${USER_SCHEMA}; ${createTablesSql(USER_SCHEMA, true)}`);
}

/** What a replace-years import replaces: rows of the same year and procedure, list or subject. */
const SCOPE: Record<TableName, string[]> = {
  schools: ['school_id'],
  lists: ['year', 'list'],
  results: ['year', 'procedure'],
  vpr_journal: ['year'],
  score_dist: ['year', 'procedure'],
  mark_scales: ['year', 'procedure'],
};

/** What one import brings: relations (table names or parenthesised queries) readable by SQL. */
export interface ImportSource {
  /** The validated rows, canonical columns in order. */
  rows: string;
  /** Key columns of the rows the checks refused (null where unreadable): a replace keeps the loaded rows they match. */
  refused?: string;
  /** Schools (canonical columns) added with the import; codes already loaded are left as they are. */
  newSchools?: string;
}

/** The loaded rows a replace touched, for one year (null for tables without years). */
export interface ReplaceCounts {
  year: number | null;
  /** A new row with the same key took its place. */
  replaced: number;
  /** Its new row was refused by the checks: the loaded row stays. */
  kept: number;
  /** In the replaced years, not in the new file: deleted. */
  removed: number;
}

export interface ImportOutcome {
  inserted: number;
  replaced: number;
  kept: number;
  removed: number;
  byYear: ReplaceCounts[];
  /** Rows whose key was already loaded (mode add): not imported. */
  conflicts: number;
  newSchools: number;
}

/** Schools not loaded yet into user_data.schools (inside the caller's transaction); returns how many. */
export async function importNewSchools(tx: Engine, relation: string): Promise<number> {
  const fresh = `${relation} s WHERE NOT EXISTS (SELECT 1 FROM ${USER_SCHEMA}.schools u WHERE u.school_id = s.school_id)`;
  const [{ n }] = await tx.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${fresh}`);
  await tx.exec(`INSERT INTO ${USER_SCHEMA}.schools SELECT s.* FROM ${fresh}`);
  return n;
}

/** A canonical CSV file registered under `file`, as a relation for ImportSource (`keys`: the key columns only). */
export const csvRelation = (table: TableName, file: string, keys = false) =>
  `(${readCanonicalCsvSql(table, sqlString(file), keys)})`;

/** One import into user_data in one transaction: new schools, then the rows. On any failure the user's tables are exactly as before. */
export async function importCanonical(
  db: Engine,
  table: TableName,
  src: ImportSource,
  mode: ImportMode,
): Promise<ImportOutcome> {
  return db.transaction(async (tx) => {
    const outcome = await importInTransaction(tx, table, src, mode);
    await tx.exec('DROP TABLE incoming');
    return outcome;
  });
}

/** Like importCanonical, inside a transaction the caller holds; leaves the rows in the temp table `incoming`. */
export async function importInTransaction(
  tx: Engine,
  table: TableName,
  src: ImportSource,
  mode: ImportMode,
): Promise<ImportOutcome> {
  const target = `${USER_SCHEMA}.${table}`;
  const def = tableDef(table);
  const key = def.key.map((k) => `"${k}"`);
  const sameKey = key.map((k) => `t.${k} IS NOT DISTINCT FROM i.${k}`).join(' AND ');
  const scope = SCOPE[table].map((k) => `"${k}"`);
  const count = async (sql: string) =>
    (await tx.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${sql}`))[0].n;
  const newSchools = src.newSchools ? await importNewSchools(tx, src.newSchools) : 0;
  await tx.exec(`CREATE OR REPLACE TEMP TABLE incoming AS SELECT * FROM ${src.rows}`);
  const n = await count('incoming');
  let conflicts = 0;
  let byYear: ReplaceCounts[] = [];
  if (mode === 'add') {
    conflicts = await count(`incoming i WHERE EXISTS (SELECT 1 FROM ${target} t WHERE ${sameKey})`);
  } else {
    // The loaded rows in the replaced slice, each replaced, kept (its new row was refused) or removed.
    const inScope =
      mode === 'replace-all'
        ? 'true'
        : `(${scope.join(', ')}) IN (SELECT DISTINCT ${scope.join(', ')} FROM incoming)`;
    const refusedMatch = src.refused
      ? `EXISTS (SELECT 1 FROM ${src.refused} r WHERE ${key.map((k) => `(r.${k} IS NULL OR r.${k} = t.${k})`).join(' AND ')})`
      : 'false';
    const year = def.columns.some((c) => c.name === 'year') ? 't.year::INTEGER' : 'NULL::INTEGER';
    await tx.exec(`CREATE OR REPLACE TEMP TABLE replace_fate AS
      SELECT t.rowid AS rid, ${year} AS year,
        CASE WHEN EXISTS (SELECT 1 FROM incoming i WHERE ${sameKey}) THEN 'replaced' WHEN ${refusedMatch} THEN 'kept' ELSE 'removed' END AS fate
      FROM ${target} t WHERE ${inScope}`);
    byYear = await tx.query<ReplaceCounts>(`SELECT year,
        count(*) FILTER (WHERE fate = 'replaced')::INTEGER AS replaced,
        count(*) FILTER (WHERE fate = 'kept')::INTEGER AS kept,
        count(*) FILTER (WHERE fate = 'removed')::INTEGER AS removed
      FROM replace_fate GROUP BY year ORDER BY year`);
    await tx.exec(
      `DELETE FROM ${target} WHERE rowid IN (SELECT rid FROM replace_fate WHERE fate <> 'kept'); DROP TABLE replace_fate`,
    );
  }
  await tx.exec(
    `INSERT INTO ${target} SELECT * FROM incoming i WHERE NOT EXISTS (SELECT 1 FROM ${target} t WHERE ${sameKey})`,
  );
  const sum = (k: 'replaced' | 'kept' | 'removed') => byYear.reduce((a, r) => a + r[k], 0);
  return {
    inserted: n - conflicts,
    replaced: sum('replaced'),
    kept: sum('kept'),
    removed: sum('removed'),
    byYear,
    conflicts,
    newSchools,
  };
}

/** An engine that also loads Arrow IPC streams: DuckDB-wasm, in the browser and in the tests. */
export interface ArrowEngine extends Engine {
  insertArrow(ipc: Uint8Array, target: { name: string; schema?: string; create: boolean }): Promise<void>;
}

/**
 * The column names of an Arrow IPC stream (read from its schema message alone). Arrow is loaded here, when a
 * stored import is read, not by everything that names the user's schema (the CLI starts 0.1 s sooner).
 */
export async function arrowColumns(ipc: Uint8Array): Promise<string[]> {
  const { RecordBatchReader } = await import('apache-arrow');
  const reader = RecordBatchReader.from(ipc);
  reader.open();
  return reader.schema.fields.map((f) => f.name);
}

/**
 * `relation`'s rows as `table`'s canonical columns in order, taken by name: those it lacks (optional columns
 * added to the schema after it was written, as `schools.region`) are NULL; a required one missing is an error.
 */
export function canonicalRowsSql(table: TableName, relation: string, present: string[]): string {
  const def = tableDef(table);
  const missing = def.columns.filter((c) => c.required && !present.includes(c.name));
  if (missing.length)
    throw new Error(
      `в сохранённых строках таблицы ${table} нет обязательных столбцов: ${missing.map((c) => c.label).join(', ')}`,
    );
  const cols = def.columns.map((c) =>
    present.includes(c.name) ? `"${c.name}"` : `NULL::${c.type} AS "${c.name}"`,
  );
  return `(SELECT ${cols.join(', ')} FROM ${relation})`;
}

/**
 * A stored import (its rows as Arrow IPC) into user_data again, in one transaction. Rows whose columns are the
 * table's go straight in when the table is empty; others (a record stored before a column was added) by name.
 */
export async function replayArrowImport(
  db: ArrowEngine,
  table: TableName,
  rows: Uint8Array,
  src: Omit<ImportSource, 'rows'>,
  mode: ImportMode,
): Promise<void> {
  const columns = await arrowColumns(rows);
  const asTable =
    columns.join() ===
    tableDef(table)
      .columns.map((c) => c.name)
      .join();
  await db.transaction(async (tx) => {
    const [{ n }] = await tx.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM ${USER_SCHEMA}.${table}`,
    );
    if (n === 0 && asTable) {
      // Into an empty table every mode inserts every row: straight from Arrow, no copy and no key checks.
      if (src.newSchools) await importNewSchools(tx, src.newSchools);
      await db.insertArrow(rows, { name: table, schema: USER_SCHEMA, create: false });
      return;
    }
    await tx.exec('DROP TABLE IF EXISTS import_rows');
    await db.insertArrow(rows, { name: 'import_rows', create: true });
    await importInTransaction(
      tx,
      table,
      { ...src, rows: canonicalRowsSql(table, 'import_rows', columns) },
      mode,
    );
    await tx.exec('DROP TABLE incoming; DROP TABLE import_rows');
  });
}

export async function clearUserData(db: Engine): Promise<void> {
  await db.exec(TABLES.map((t) => `DELETE FROM ${USER_SCHEMA}.${t.name};`).join('\n'));
}
