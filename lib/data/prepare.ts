// A prepared data file: the canonical tables and every stored derived table of the registry, built once
// (natively: `cli prepare`, the demo build) with a manifest, so that the browser reads them instead of
// building them (lib/data/derived.ts decides per table).
import { rmSync } from 'node:fs';
import type { Engine } from '../db/engine';
import { createTablesSql, TABLES } from '../schema';
import { sqlString } from '../sql';
import { writePrepared, type ManifestRow } from './derived';

const OUT = 'prepared_out';

/**
 * Writes the data the canonical names show now (tables or views) and the derived tables built from it into
 * a new .duckdb file at `path`. Returns the manifest; `onBuilt` gets each derived table's build time.
 */
export async function writePreparedFile(
  db: Engine,
  path: string,
  onBuilt?: (name: string, ms: number) => void,
): Promise<ManifestRow[]> {
  for (const f of [path, `${path}.wal`]) rmSync(f, { force: true });
  await db.exec(`ATTACH ${sqlString(path)} AS ${OUT}`);
  try {
    await db.exec(createTablesSql(OUT));
    for (const t of TABLES) await db.exec(`INSERT INTO ${OUT}.${t.name} SELECT * FROM ${t.name}`);
    return await writePrepared(db, OUT, onBuilt);
  } finally {
    await db.exec(`DETACH ${OUT}`);
  }
}
