import type { Engine } from './engine';
import { canonicalViewsSql } from '../schema';
import { sqlString } from '../sql';
import { refreshDerived } from '../derived';

/** Attaches a canonical .duckdb file read-only and points the metrics' table names at it. */
export async function attachCanonicalDatabase(db: Engine, bytes: Uint8Array, alias = 'demo'): Promise<void> {
  const file = await db.registerFile(`${alias}.duckdb`, bytes);
  await db.exec(`ATTACH ${sqlString(file)} AS ${alias} (READ_ONLY)`);
  await db.exec(canonicalViewsSql(alias));
  await refreshDerived(db);
}
