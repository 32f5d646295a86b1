// The corpus of odd and broken upload files (test/fixtures/uploads): each data file runs through parseCsv, or
// parseWorkbook for Excel books (written by `npm run xlsx-corpus`), and is checked against the fields listed in
// its sidecar NN-name.expected.json. Add a case by adding a pair.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, type ParsedFile } from '@/lib/csv/parse';
import type { TableName } from '@/lib/schema';
import { bigResultsCsv } from '../helpers/big-csv';
import { bigResultsWorkbook } from '../helpers/xlsx-corpus';
import { parseWorkbook, WORKBOOK_EXTENSIONS, type ParsedWorkbook } from '@/lib/xlsx/read';

const DIR = join(__dirname, '../fixtures/uploads');
const SIDECAR = '.expected.json';

interface Expected {
  /** Parse as this table instead of detecting it from the headers. */
  parseAs?: TableName;
  /** The detected table, or null when there is no header mapping (empty file). */
  table?: TableName | null;
  encoding?: string;
  delimiter?: string;
  headers?: string[];
  /** mapping.columns: the canonical column of each file column, null when ignored. */
  mappedColumns?: (string | null)[];
  /** Rows kept, data records read (empty lines excluded), exact repeats dropped. */
  rows?: number;
  records?: number;
  duplicatesDropped?: number;
  /** Compared on row, column and message, and on value when listed. */
  problems?: { row: number; column: string; message: string; value?: string }[];
  /** Subsets of the first and last canonical rows. */
  firstRow?: Record<string, unknown>;
  lastRow?: Record<string, unknown>;
  /** Whole columns of the kept rows, in order. */
  columnValues?: Record<string, unknown[]>;
  /** Excel: the sheet read, and every sheet of the book. */
  sheet?: string;
  sheets?: string[];
  /** Excel: the whole book is refused with this message. */
  error?: string;
  note: string;
}

const pick = (row: Record<string, unknown> | undefined, keys: string[]) =>
  row ? Object.fromEntries(keys.map((k) => [k, row[k]])) : row;

/** The parsed file seen through the fields the sidecar lists. */
function observed(p: ParsedFile & Partial<ParsedWorkbook>, e: Expected): Omit<Expected, 'note' | 'parseAs'> {
  const o: Omit<Expected, 'note' | 'parseAs'> = {};
  if (e.sheet !== undefined) o.sheet = p.sheet;
  if (e.sheets) o.sheets = p.sheets?.map((x) => x.name);
  if ('table' in e) o.table = p.mapping?.table ?? null;
  if (e.encoding !== undefined) o.encoding = p.encoding;
  if (e.delimiter !== undefined) o.delimiter = p.delimiter;
  if (e.headers) o.headers = p.headers;
  if (e.mappedColumns) o.mappedColumns = p.mapping?.columns;
  if (e.rows !== undefined) o.rows = p.rows.length;
  if (e.records !== undefined) o.records = p.records;
  if (e.duplicatesDropped !== undefined) o.duplicatesDropped = p.duplicatesDropped;
  if (e.problems) {
    o.problems = p.problems.map((x, i) => {
      const listed = e.problems![i];
      return {
        row: x.row,
        column: x.column,
        message: x.message,
        ...(listed && 'value' in listed ? { value: x.value } : {}),
      };
    });
  }
  if (e.firstRow) o.firstRow = pick(p.rows[0], Object.keys(e.firstRow));
  if (e.lastRow) o.lastRow = pick(p.rows.at(-1), Object.keys(e.lastRow));
  if (e.columnValues)
    o.columnValues = Object.fromEntries(Object.keys(e.columnValues).map((c) => [c, p.rows.map((r) => r[c])]));
  return o;
}

const files = readdirSync(DIR).sort();
const cases = files
  .filter((f) => f.endsWith(SIDECAR))
  .map((sidecar) => {
    const base = sidecar.slice(0, -SIDECAR.length);
    const data = files.filter((f) => f !== sidecar && f.startsWith(`${base}.`));
    return { base, sidecar, data };
  });

describe('upload corpus (test/fixtures/uploads)', () => {
  it('has at least 32 cases, 12 of them Excel books, each one small data file with a sidecar', () => {
    expect(cases.length).toBeGreaterThanOrEqual(32);
    expect(
      cases.filter((c) => c.data.some((f) => WORKBOOK_EXTENSIONS.test(f))).length,
    ).toBeGreaterThanOrEqual(12);
    for (const c of cases) {
      expect(c.data, c.base).toHaveLength(1);
      expect(statSync(join(DIR, c.data[0])).size, c.data[0]).toBeLessThan(20_000);
    }
    const claimed = new Set(cases.flatMap((c) => [c.sidecar, ...c.data]));
    expect(
      files.filter((f) => !claimed.has(f)),
      'data files without a sidecar',
    ).toEqual([]);
  });

  for (const { base, sidecar, data } of cases) {
    it(base, () => {
      const { note, parseAs, ...expected } = JSON.parse(readFileSync(join(DIR, sidecar), 'utf8')) as Expected;
      expect(note, 'every case says why it exists').toBeTruthy();
      const bytes = new Uint8Array(readFileSync(join(DIR, data[0])));
      if (!WORKBOOK_EXTENSIONS.test(data[0]))
        return expect(observed(parseCsv(bytes, data[0], parseAs), { note, ...expected })).toEqual(expected);
      if (expected.error) return expect(() => parseWorkbook(bytes, data[0])).toThrow(expected.error);
      expect(observed(parseWorkbook(bytes, data[0], { table: parseAs }), { note, ...expected })).toEqual(
        expected,
      );
    });
  }
});

describe('a large upload', () => {
  // Correctness only: the 1,000,000-row timing is in the bench (`npm run bench -- --parse`).
  it('parses 120,000 valid results rows without problems, past the first subject', () => {
    const N = 120_000;
    const p = parseCsv(new TextEncoder().encode(bigResultsCsv(N)), 'results-120k.csv');
    expect([p.mapping?.table, p.rows.length, p.problems, p.duplicatesDropped]).toEqual(['results', N, [], 0]);
    // Row 119,999 (from 0): subject-grade 119,999 div 100,000 = 1 → «Русский язык;4»; code 119,999 mod 100,000;
    // 20 + 119,999 mod 30 = 49 pupils, «2» 119,999 mod 5 = 4, «5» 49 − 4 − 14 = 31; score 10 + 19 and ,9.
    expect(p.rows[N - 1]).toMatchObject({
      subject: 'Русский язык',
      grade: 4,
      school_id: '019999',
      participants: 49,
      m2: 4,
      m5: 31,
      mean_score: 29.9,
    });
  });
});

describe('a regional list without a list column', () => {
  it('is the list the user names (ШНОР when not named)', () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, 'x02-regional-list-title-rows.xlsx')));
    expect(new Set(parseWorkbook(bytes, 'x02.xlsx').rows.map((r) => r.list))).toEqual(new Set(['ШНОР']));
    expect(
      new Set(parseWorkbook(bytes, 'x02.xlsx', { list: 'необъективность' }).rows.map((r) => r.list)),
    ).toEqual(new Set(['необъективность']));
  });
});

describe('a large Excel upload', () => {
  it('reads a 100,000-row sheet through the same validation', () => {
    const N = 100_000;
    // Its time: `npm run bench -- --parse`.
    const p = parseWorkbook(bigResultsWorkbook(N), 'results-100k.xlsx');
    expect([p.mapping?.table, p.rows.length, p.problems, p.records]).toEqual(['results', N, [], N]);
    expect(p.rows[N - 1]).toMatchObject({ school_id: 'S099999', participants: 30, m2: 3, m5: 5 });
  }, 120_000);
});
