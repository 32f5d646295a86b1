// Canonical CSV text (header row of canonical names) into the canonical tables, on any engine.
import type { Engine } from './engine';
import { toCsv } from '../csv/write';
import { SqlBuilder } from '../sql';
import { tableDef, type TableName } from '../schema';

/**
 * A SELECT over a canonical CSV file (comma-separated, the header row of canonical names). `file` is the SQL
 * of the file's name: a bound parameter (`b.p(name)`), or `sqlString(name)` where the statement has none.
 */
export function readCanonicalCsvSql(table: TableName, file: string, keysOnly = false): string {
  const def = tableDef(table);
  const cols = def.columns
    .filter((c) => !keysOnly || def.key.includes(c.name))
    .map((c) => `'${c.name}': '${c.type}'`)
    .join(', ');
  // null_padding: files written before a column was added to the schema (stored imports) lack it at the end.
  return `SELECT * FROM read_csv(${file}, header = true, delim = ',', quote = '"', escape = '"', null_padding = true, auto_detect = false, columns = {${cols}})`;
}

/** Appends validated canonical rows to a table (through CSV text, which both engines read natively). */
export async function insertCanonicalRows(
  db: Engine,
  table: TableName,
  rows: Record<string, unknown>[],
  target: string = table,
): Promise<void> {
  if (!rows.length) return;
  const cols = tableDef(table).columns.map((c) => c.name);
  const file = await db.registerFile(`${target}_${Date.now()}.csv`, toCsv(cols, rows));
  const b = new SqlBuilder();
  await db.query(`INSERT INTO ${target} ${readCanonicalCsvSql(table, b.p(file))}`, b.params);
}
