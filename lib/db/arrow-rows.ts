// Arrow tables from DuckDB-wasm to plain row objects, a column at a time: a column without nulls is read
// as one typed array, far cheaper than a row proxy and a toJSON() per row (thousands of rows per view).
import { plainValue } from './engine';

interface ArrowColumn {
  nullCount: number;
  toArray(): ArrayLike<unknown>;
  get(index: number): unknown;
}

interface ArrowTable {
  numRows: number;
  schema: { fields: { name: string }[] };
  getChildAt(index: number): ArrowColumn | null;
}

function columnValues(column: ArrowColumn, n: number): unknown[] {
  const out = new Array<unknown>(n);
  if (column.nullCount === 0) {
    const values = column.toArray();
    for (let i = 0; i < n; i++) out[i] = plainValue(values[i]);
  } else {
    for (let i = 0; i < n; i++) out[i] = plainValue(column.get(i));
  }
  return out;
}

export function arrowRows<T>(table: ArrowTable): T[] {
  const n = table.numRows;
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((_, i) => columnValues(table.getChildAt(i)!, n));
  const rows = new Array<T>(n);
  for (let r = 0; r < n; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]] = columns[c][r];
    rows[r] = row as T;
  }
  return rows;
}
