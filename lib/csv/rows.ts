// One record of a file at a time to a canonical row, with every problem named by row, column and value.
// Used whole-file by parseCsv and the Excel reader, record by record by the browser's streaming parser. The CLI's
// native reader applies the same rules in SQL (rows-sql.ts) and words its problems here: change both together.
import { tableDef, LIST_NAMES, PROCEDURES, type ColumnDef, type TableName } from '../schema';
import type { HeaderMapping } from './headers';
import { DEFAULT_LIST } from '../filters';

export interface Problem {
  /** Row number as a spreadsheet shows it: the header is row 1. */
  row: number;
  column: string;
  value: string;
  message: string;
}

export type CanonicalRow = Record<string, string | number | null>;

export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;
/**
 * How far the four marks' shares may sum from 100 %: each rounded to a whole percent is off by at most 0,5 (a
 * hair more, for the sum of decimal fractions in floating point: 0,12 + 0,37 + 0,37 + 0,12 is 0,97999…).
 */
export const PCT_TOLERANCE = 2 + 1e-9;
/** The same for fractions of 1 (rounded to hundredths). */
export const FRACTION_TOLERANCE = PCT_TOLERANCE / 100;

export const canon = (s: string) =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^a-zа-я0-9+]/g, '');
export const PROCEDURE_NAMES: Record<string, string> = {
  впр: 'ВПР',
  огэ: 'ОГЭ',
  егэ: 'ЕГЭ',
  vpr: 'ВПР',
  oge: 'ОГЭ',
  ege: 'ЕГЭ',
  гвэ9: 'ОГЭ',
  гвэ11: 'ЕГЭ',
};
export const LIST_ALIASES: Record<string, string> = {
  шнор: 'ШНОР',
  шнороо: 'ШНОР',
  низкиерезультаты: 'ШНОР',
  оосннор: 'ШНОР',
  оонор: 'ШНОР',
  необъективность: 'необъективность',
  признакинеобъективности: 'необъективность',
  необъективныерезультаты: 'необъективность',
  группариска: 'группа_риска',
  рискгруппа: 'группа_риска',
  '500+': '500+',
  '500': '500+',
  проект500: '500+',
};

/** '12,5' or '12.5' or '1 234' → number; '' → null; anything else → NaN. */
export function parseNumber(raw: string): number | null {
  const s = raw
    .trim()
    .replace(/[\s\u00a0]/g, '')
    .replace(',', '.')
    .replace(/%$/, '');
  if (s === '') return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return NaN;
  return Number(s);
}

export const MARKS = ['m2', 'm3', 'm4', 'm5'] as const;
/** «4 РУ», «5 МА», «11 ИСТ»: a grade and a subject's abbreviation, as regional lists head their paper columns. */
const PAPER_HEADER = /^\d{1,2}\s*[A-Za-zА-Яа-яЁё]{2,5}$/;
/** An empty, zero or «нет» cell (in any case): the paper has no marker. */
export const NO_MARKER = ['', '0', 'нет', '-', '—'];

/** What is wrong with a number read from a column, or null. */
function numberProblem(c: string, col: ColumnDef, n: number | null): string | null {
  if (n === null || Number.isNaN(n)) return 'не число';
  if (n < 0) return 'отрицательное значение';
  if (col.type === 'INTEGER' && !Number.isInteger(n)) return 'ожидается целое число';
  if ((c === 'year' || c === 'closed_year') && (n < YEAR_MIN || n > YEAR_MAX))
    return `год вне диапазона ${YEAR_MIN}–${YEAR_MAX}`;
  if (c === 'grade' && (n < 1 || n > 12)) return 'класс должен быть от 1 до 12';
  return null;
}

/** Per table: [column, the column it cannot exceed, the message]. */
export const BOUNDS: Partial<Record<TableName, [string, string, (limit: number) => string][]>> = {
  results: [
    ['below_min', 'participants', (n) => `больше числа участников (${n})`],
    ['high_80', 'participants', (n) => `больше числа участников (${n})`],
  ],
  mark_scales: [['min_score', 'max_score', (n) => `больше максимального балла (${n})`]],
};

export class RowNormalizer {
  readonly problems: Problem[] = [];
  /** The last row's marks were given in shares (percent or fractions of 1) and turned into pupils. */
  converted = false;
  private readonly def;
  private readonly labels: Record<string, string>;
  private readonly colDefs: (ColumnDef | null)[];
  private readonly hasProcedure: boolean;

  constructor(
    private readonly mapping: HeaderMapping,
    private readonly headers: string[],
    private readonly defaultList = DEFAULT_LIST,
  ) {
    this.def = tableDef(mapping.table);
    this.labels = Object.fromEntries(mapping.columns.map((c, i) => [c, headers[i]]).filter(([c]) => c));
    this.colDefs = mapping.columns.map((c) => this.def.columns.find((x) => x.name === c) ?? null);
    this.hasProcedure = this.def.columns.some((c) => c.name === 'procedure');
    // A list's per-paper marker columns («4 РУ», «5 МА», …), unless the file has a papers column itself.
    this.paperCols =
      mapping.table === 'lists' && !mapping.columns.includes('papers')
        ? headers.flatMap((h, i) => (mapping.columns[i] === null && PAPER_HEADER.test(h.trim()) ? [i] : []))
        : [];
  }

  /** File columns of per-paper markers («4 РУ») in a lists file. */
  readonly paperCols: number[];

  private label(column: string): string {
    return this.labels[column] ?? column;
  }

  private problem(row: number, column: string, value: unknown, message: string) {
    this.problems.push({
      row,
      column: this.label(column),
      value: value === null || value === undefined ? '' : String(value),
      message,
    });
  }

  /** The canonical row, or null when the record has a problem (recorded in `problems`). */
  normalize(record: string[], row: number): CanonicalRow | null {
    const before = this.problems.length;
    this.converted = false;
    const out: CanonicalRow = {};
    for (const c of this.def.columns) out[c.name] = null;
    this.mapping.columns.forEach((c, i) => {
      if (!c) return;
      const raw = (record[i] ?? '').trim();
      const col = this.colDefs[i]!;
      if (raw === '') {
        if (col.required) this.problem(row, c, raw, 'пустое значение в обязательном столбце');
        return;
      }
      if (col.type === 'VARCHAR') {
        out[c] = raw;
        return;
      }
      const n = parseNumber(raw);
      const bad = numberProblem(c, col, n);
      if (bad) this.problem(row, c, raw, bad);
      else out[c] = n;
    });
    if (this.mapping.table === 'lists') {
      this.normalizeList(out, row);
      const papers = this.paperCols
        .filter((i) => !NO_MARKER.includes((record[i] ?? '').trim().toLowerCase()))
        .map((i) => this.headers[i].trim().replace(/\s+/g, ' '));
      if (papers.length) out.papers = papers.join(', ');
    }
    if (this.hasProcedure && out.procedure !== null) {
      const p = PROCEDURE_NAMES[canon(String(out.procedure))];
      if (p) out.procedure = p;
      else
        this.problem(
          row,
          'procedure',
          out.procedure,
          `неизвестная процедура (ожидается ${PROCEDURES.join(', ')})`,
        );
    }
    if (this.mapping.table === 'results' && this.problems.length === before) this.normalizeMarks(out, row);
    if (this.problems.length === before) this.checkBounds(out, row);
    return this.problems.length === before ? out : null;
  }

  /**
   * The key of a refused record as far as it can be read: each key column on its own, null where its value
   * is empty or invalid. A replace keeps the loaded rows this key matches (null matches anything).
   */
  keyOf(record: string[]): CanonicalRow {
    const key: CanonicalRow = {};
    for (const k of this.def.key) {
      const i = this.mapping.columns.indexOf(k);
      const raw = i < 0 ? '' : (record[i] ?? '').trim();
      const col = this.def.columns.find((c) => c.name === k)!;
      let v: string | number | null = raw === '' ? null : raw;
      if (v !== null && col.type !== 'VARCHAR') {
        const n = parseNumber(raw);
        v = n !== null && Number.isInteger(n) && n >= 0 ? n : null;
      }
      if (k === 'procedure' && v !== null) v = PROCEDURE_NAMES[canon(String(v))] ?? null;
      if (k === 'list') v = v === null ? this.defaultList : (LIST_ALIASES[canon(String(v))] ?? null);
      key[k] = v;
    }
    return key;
  }

  private normalizeList(out: CanonicalRow, row: number) {
    if (out.list === null) {
      out.list = this.defaultList;
      return;
    }
    const l = LIST_ALIASES[canon(String(out.list))];
    if (l) out.list = l;
    else this.problem(row, 'list', out.list, `неизвестный перечень (ожидается ${LIST_NAMES.join(', ')})`);
  }

  /**
   * Counts that cannot exceed another column of the row (rows-sql.ts's BOUNDS): pupils below the minimum or
   * with 80+ points among the participants; a scale's minimum score not above its maximum.
   */
  private checkBounds(out: CanonicalRow, row: number) {
    for (const [c, limit, message] of BOUNDS[this.mapping.table] ?? []) {
      const v = out[c] as number | null;
      const l = out[limit] as number | null;
      if (v !== null && l !== null && v > l) this.problem(row, c, v, message(l));
    }
  }

  /** A mark column's header says it holds shares («Доля 2», «share2»). */
  get percentHeaders(): boolean {
    return MARKS.some((m) => /доля|процент|share|percent|%/i.test(this.label(m)));
  }

  /**
   * Marks given as percentages (summing to about 100 while participants differ) or as fractions of 1 (summing
   * to about 1) become counts. A file of fractions has whole rows too: every pupil of a class on one mark is
   * 0, 0, 1, 0.
   */
  private normalizeMarks(out: CanonicalRow, row: number) {
    const marks = MARKS.map((m) => out[m] as number | null);
    if (marks.every((m) => m === null)) return;
    if (marks.some((m) => m === null)) {
      this.problem(row, MARKS[marks.indexOf(null)], '', 'указаны не все отметки «2»–«5»');
      return;
    }
    const n = out.participants as number;
    const sum = (marks as number[]).reduce((a, b) => a + b, 0);
    const integers = (marks as number[]).every(Number.isInteger);
    if (integers && Math.abs(sum - n) < 0.5) return;
    if (Math.abs(sum - 1) <= FRACTION_TOLERANCE) {
      MARKS.forEach((m, i) => {
        out[m] = Math.round((marks[i] as number) * n);
      });
      this.converted = true;
      return;
    }
    // Fractional marks cannot be counts of pupils: they are percentages too.
    if (Math.abs(sum - 100) <= PCT_TOLERANCE || this.percentHeaders || !integers) {
      if (Math.abs(sum - 100) > PCT_TOLERANCE) {
        // Under 2 they were meant as fractions of 1.
        const [shown, expected] =
          sum < 2 ? [sum.toFixed(2).replace('.', ','), ''] : [sum.toFixed(1).replace('.', ','), ' %'];
        this.problem(
          row,
          'm2',
          shown,
          `доли отметок в сумме дают ${shown}${expected}, а не ${sum < 2 ? '1' : '100 %'}`,
        );
        return;
      }
      MARKS.forEach((m, i) => {
        out[m] = Math.round(((marks[i] as number) * n) / 100);
      });
      this.converted = true;
      return;
    }
    this.problem(row, 'participants', n, `сумма отметок «2»–«5» (${sum}) не равна числу участников (${n})`);
  }
}
