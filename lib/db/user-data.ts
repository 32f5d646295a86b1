// The user's own data: canonical tables in the schema user_data beside the read-only demo database, imported
// one file at a time in a transaction, and the switch between demo, own data, or both.
import type { Engine } from './engine';
import { canonicalViewsSql, createTablesSql, tableDef, TABLES, type TableName } from '../schema';
import { readCanonicalCsvSql } from './load';
import { refreshDerived } from '../derived';

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

/** Points the metric tables at the chosen source and rebuilds the derived tables. */
export async function useSource(db: Engine, source: DataSource, demoAlias = 'demo'): Promise<void> {
  const sources = source === 'demo' ? [demoAlias] : source === 'mine' ? [USER_SCHEMA] : [demoAlias, USER_SCHEMA];
  await db.exec(canonicalViewsSql(...sources));
  await refreshDerived(db);
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

export interface ImportOutcome {
  inserted: number;
  replaced: number;
  /** Rows whose key was already loaded (mode add): not imported. */
  conflicts: number;
}

/**
 * One canonical CSV file (registered under `file`) into user_data.`table`, in one transaction: on any
 * failure the user's tables are exactly as before.
 */
export async function importCanonical(db: Engine, table: TableName, file: string, mode: ImportMode): Promise<ImportOutcome> {
  const target = `${USER_SCHEMA}.${table}`;
  const key = tableDef(table).key.map((k) => `"${k}"`);
  const sameKey = key.map((k) => `t.${k} IS NOT DISTINCT FROM i.${k}`).join(' AND ');
  const scope = SCOPE[table].map((k) => `"${k}"`);
  return db.transaction(async (tx) => {
    await tx.exec(`CREATE OR REPLACE TEMP TABLE incoming AS ${readCanonicalCsvSql(table, file)}`);
    const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM incoming');
    let replaced = 0;
    let conflicts = 0;
    if (mode === 'replace-all') {
      [{ n: replaced }] = await tx.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${target}`);
      await tx.exec(`DELETE FROM ${target}`);
    } else if (mode === 'replace-years') {
      const inScope = `(${scope.join(', ')}) IN (SELECT DISTINCT ${scope.join(', ')} FROM incoming)`;
      [{ n: replaced }] = await tx.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${target} WHERE ${inScope}`);
      await tx.exec(`DELETE FROM ${target} WHERE ${inScope}`);
    } else {
      [{ n: conflicts }] = await tx.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM incoming i WHERE EXISTS (SELECT 1 FROM ${target} t WHERE ${sameKey})`);
    }
    await tx.exec(`INSERT INTO ${target} SELECT * FROM incoming i WHERE NOT EXISTS (SELECT 1 FROM ${target} t WHERE ${sameKey})`);
    await tx.exec('DROP TABLE incoming');
    return { inserted: n - conflicts, replaced, conflicts };
  });
}

export async function clearUserData(db: Engine): Promise<void> {
  await db.exec(TABLES.map((t) => `DELETE FROM ${USER_SCHEMA}.${t.name};`).join('\n'));
}

