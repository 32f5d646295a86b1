// Prepared data files (`cli prepare`) for the tests: a good one, and the bad ones a user might upload.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNativeEngine } from '@/lib/db/node-native';
import { loadCanonicalCsv } from '@/lib/data/load';
import { writePreparedFile } from '@/lib/data/prepare';
import { MANIFEST } from '@/lib/data/derived';
import type { TableName } from '@/lib/schema';

export interface PreparedFiles {
  good: Uint8Array;
  /** A manifest of an older schema version. */
  oldSchema: Uint8Array;
  /** A DuckDB database that is no prepared file (no manifest). */
  foreign: Uint8Array;
  /** The good file cut in half. */
  truncated: Uint8Array;
}

/** Writes the files into `dir` (prepared.duckdb, old-schema.duckdb, foreign.duckdb, truncated.duckdb). */
export async function preparedFiles(
  dir: string,
  tables: Partial<Record<TableName, string>>,
): Promise<PreparedFiles> {
  const db = await createNativeEngine();
  try {
    await loadCanonicalCsv(db, tables);
    const good = join(dir, 'prepared.duckdb');
    await writePreparedFile(db, good);
    const old = join(dir, 'old-schema.duckdb');
    await writePreparedFile(db, old);
    await db.exec(`ATTACH '${old}' AS old_file`);
    await db.exec(`UPDATE old_file.${MANIFEST} SET schema_version = '0:old'; DETACH old_file`);
    const foreign = join(dir, 'foreign.duckdb');
    await db.exec(
      `ATTACH '${foreign}' AS foreign_file; CREATE TABLE foreign_file.t AS SELECT 1 AS x; DETACH foreign_file`,
    );
    const bytes = new Uint8Array(readFileSync(good));
    return {
      good: bytes,
      oldSchema: new Uint8Array(readFileSync(old)),
      foreign: new Uint8Array(readFileSync(foreign)),
      truncated: bytes.slice(0, Math.floor(bytes.length / 2)),
    };
  } finally {
    await db.close();
  }
}
