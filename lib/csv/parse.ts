// A whole CSV file (bytes) to canonical rows: encoding, delimiter, header mapping, validation, duplicates.
import Papa from 'papaparse';
import { tableDef, type TableName } from '../schema';
import { decode, detectDelimiter, type Encoding } from './decode';
import { detectTable, mapHeaders, type HeaderMapping } from './headers';
import { RowNormalizer, type CanonicalRow, type Problem } from './rows';

export interface ParsedFile {
  fileName: string;
  encoding: Encoding;
  delimiter: string;
  headers: string[];
  mapping: HeaderMapping | null;
  rows: CanonicalRow[];
  problems: Problem[];
  /** Rows identical to an earlier row (regional files repeat them): imported once. */
  duplicatesDropped: number;
  records: number;
}

/**
 * Keys seen so far: exact repeats are dropped, a key with other values is a problem. In lists a key is a
 * membership (year × school × list), so any repeat of it is dropped: regional files repeat schools.
 */
export class DuplicateFilter {
  private readonly seen = new Map<string, { row: number; json: string }>();
  dropped = 0;
  constructor(private readonly table: TableName) {}
  /** true when the row should be kept. */
  accept(r: CanonicalRow, row: number, problems: Problem[]): boolean {
    const def = tableDef(this.table);
    const key = JSON.stringify(def.key.map((k) => r[k]));
    const json = JSON.stringify(r);
    const prev = this.seen.get(key);
    if (!prev) {
      this.seen.set(key, { row, json });
      return true;
    }
    if (prev.json === json || this.table === 'lists') {
      this.dropped++;
      return false;
    }
    const label = def.key.map((k) => def.columns.find((c) => c.name === k)!.label).join(' + ');
    problems.push({ row, column: label, value: def.key.map((k) => r[k]).join(' / '), message: `ключ повторяется (впервые в строке ${prev.row}) с другими значениями` });
    return false;
  }
}

export function parseCsv(bytes: Uint8Array, fileName: string, table?: TableName): ParsedFile {
  const { text, encoding } = decode(bytes);
  const delimiter = detectDelimiter(text);
  const base: ParsedFile = { fileName, encoding, delimiter, headers: [], mapping: null, rows: [], problems: [], duplicatesDropped: 0, records: 0 };
  // No letter or digit: nothing, or only delimiters (a blank sheet saved from Excel).
  if (!/[\p{L}\p{N}]/u.test(text)) return { ...base, problems: [{ row: 0, column: '', value: '', message: 'файл пуст' }] };
  // Empty lines are kept while parsing so that record i is spreadsheet row i + 1, then skipped.
  const data = Papa.parse<string[]>(text, { delimiter }).data;
  const blank = (rec: string[]) => rec.every((f) => f.trim() === '');
  const headerIndex = data.findIndex((rec) => !blank(rec));
  if (headerIndex < 0) return { ...base, problems: [{ row: 0, column: '', value: '', message: 'файл пуст' }] };
  const headers = data[headerIndex];
  const records: { rec: string[]; row: number }[] = [];
  for (let i = headerIndex + 1; i < data.length; i++) if (!blank(data[i])) records.push({ rec: data[i], row: i + 1 });
  const mapping = table ? mapHeaders(table, headers) : detectTable(headers);
  const result: ParsedFile = { ...base, headers, mapping, records: records.length };
  const headerRow = headerIndex + 1;
  if (mapping.missing.length) {
    const def = tableDef(mapping.table);
    result.problems = mapping.missing.map((m) => ({ row: headerRow, column: def.columns.find((c) => c.name === m)!.label, value: '', message: `нет обязательного столбца «${m}»` }));
    return result;
  }
  if (records.length === 0) {
    result.problems = [{ row: headerRow, column: '', value: '', message: 'в файле только заголовок, нет строк данных' }];
    return result;
  }
  const normalizer = new RowNormalizer(mapping, headers);
  const dups = new DuplicateFilter(mapping.table);
  for (const { rec, row } of records) {
    const r = normalizer.normalize(rec, row);
    if (r && dups.accept(r, row, normalizer.problems)) result.rows.push(r);
  }
  result.problems = normalizer.problems;
  result.duplicatesDropped = dups.dropped;
  return result;
}

/** «файл results.csv, строка 5, столбец «Год», значение «20x4»: не число». */
export function describeProblem(fileName: string, p: Problem): string {
  const where = [`файл ${fileName}`, p.row ? `строка ${p.row}` : null, p.column ? `столбец «${p.column}»` : null, p.value ? `значение «${p.value}»` : null];
  return `${where.filter(Boolean).join(', ')}: ${p.message}`;
}
