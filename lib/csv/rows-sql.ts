// The checks of rows.ts (RowNormalizer) and parse.ts (DuplicateFilter) as SQL over raw text fields, so native
// DuckDB can check a large file without a JavaScript pass over every row (the CLI, lib/cli/read-table.ts). The
// SQL decides which rows are refused and how many problems each has; the messages come from RowNormalizer run on
// those rows. test/unit/native-read.test.ts runs the upload corpus through both and compares the verdicts.
import { tableDef, type TableName } from '../schema';
import type { SqlBuilder } from '../sql';
import type { HeaderMapping } from './headers';
import {
  BOUNDS,
  LIST_ALIASES,
  MARKS,
  NO_MARKER,
  FRACTION_TOLERANCE,
  PCT_TOLERANCE,
  PROCEDURE_NAMES,
  YEAR_MAX,
  YEAR_MIN,
  type RowNormalizer,
} from './rows';

/** What JavaScript's trim() and \s remove: WhiteSpace and LineTerminator. */
const JS_SPACE = [
  0x09,
  0x0a,
  0x0b,
  0x0c,
  0x0d,
  0x20,
  0xa0,
  0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
];
const SPACE_CLASS = `[${JS_SPACE.map((c) => `\\x{${c.toString(16)}}`).join('')}]`;
/** trim() in SQL (DuckDB's trim(text, characters) is many times slower on a large file). */
const trimSql = (c: string) => `regexp_replace(${c}, '^${SPACE_CLASS}+|${SPACE_CLASS}+$', '', 'g')`;
/** Whether a field of the row starts or ends with a space: one test a row, so most rows are not trimmed field by field. */
const spacedSql = (fields: string[]) =>
  `regexp_matches(concat_ws(chr(1), ${fields.join(', ')}), '(^|\x01)${SPACE_CLASS}|${SPACE_CLASS}(\x01|$)')`;
/** parseNumber's pattern, after spaces, the first comma and a trailing % are dropped. */
const NUMBER = `[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?`;
/** Plain numbers, which DuckDB's cast reads exactly as Number() does: no need to strip anything. */
const PLAIN_NUMBER = `-?[0-9]+(\\.[0-9]+)?`;

const canonSql = (t: string) => `regexp_replace(replace(lower(${t}), 'ё', 'е'), '[^a-zа-я0-9+]', '', 'g')`;

/** parseNumber in SQL: NULL for empty text, NULL also for text that is not a number (told apart by `t = ''`). */
function numberSql(t: string): string {
  const s = `regexp_replace(regexp_replace(regexp_replace(${t}, '${SPACE_CLASS}', '', 'g'), ',', '.'), '%$', '')`;
  return `CASE WHEN ${t} = '' THEN NULL WHEN regexp_full_match(${t}, '${PLAIN_NUMBER}') THEN CAST(${t} AS DOUBLE)
    WHEN regexp_full_match(${s}, '${NUMBER}') THEN TRY_CAST(${s} AS DOUBLE) END`;
}

/** A code lookup (alias → canonical name): NULL when the text is not a known alias. A canonical name is its own alias. */
function lookupSql(b: SqlBuilder, map: Record<string, string>, t: string): string {
  const names = [...new Set(Object.values(map))];
  return `CASE WHEN ${t} IN (${names.map((n) => b.p(n)).join(', ')}) THEN ${t}
    ELSE list_extract(${b.list(Object.values(map))}, coalesce(list_position(${b.list(Object.keys(map))}, ${canonSql(t)}), 0)) END`;
}

export interface StagedRows {
  /** A relation with `row` (the spreadsheet row) and the text fields c0 … c{width-1}, NULL where missing. */
  from: string;
  width: number;
  /** Rows up to this one (the header and what precedes it) are not data. */
  headerRow: number;
  mapping: HeaderMapping;
  headers: string[];
  normalizer: RowNormalizer;
  defaultList: string;
}

/**
 * One row per data record that is not blank: `row`, every canonical column (numbers as DOUBLE) as RowNormalizer
 * would return it, `problems`, the number of problems RowNormalizer would report for it (0: the row is kept), and
 * `converted`, whether its marks came in shares and were turned into pupils (RowNormalizer.converted).
 */
export function checkedRowsSql(b: SqlBuilder, s: StagedRows): string {
  const def = tableDef(s.mapping.table);
  const fields = Array.from({ length: s.width }, (_, i) => i);
  const mapped = new Map(s.mapping.columns.flatMap((c, i) => (c ? [[c, i] as const] : [])));
  const trimmed = fields.map(
    (i) => `CASE WHEN spaced THEN ${trimSql(`coalesce(c${i}, '')`)} ELSE coalesce(c${i}, '') END AS t${i}`,
  );
  // A blank record (every field empty or spaces) is skipped, though it has a row number.
  const blank = `regexp_full_match(concat(${fields.map((i) => `c${i}`).join(', ')}), '${SPACE_CLASS}*')`;

  // Numbers first (n<i>), then one flag per problem RowNormalizer can report.
  const numbers: string[] = [];
  const flags: string[] = [];
  const value: Record<string, string> = {};
  for (const col of def.columns) {
    const i = mapped.get(col.name);
    if (i === undefined) {
      value[col.name] = `NULL::${col.type === 'VARCHAR' ? 'VARCHAR' : 'DOUBLE'}`;
      continue;
    }
    const t = `t${i}`;
    if (col.type === 'VARCHAR') {
      value[col.name] = `NULLIF(${t}, '')`;
      if (col.required) flags.push(`(${t} = '')::INTEGER`);
      continue;
    }
    numbers.push(`${numberSql(t)} AS n${i}`);
    value[col.name] = `n${i}`;
    const n = `n${i}`;
    const range =
      col.name === 'year' || col.name === 'closed_year'
        ? `${n} < ${YEAR_MIN} OR ${n} > ${YEAR_MAX}`
        : col.name === 'grade'
          ? `${n} < 1 OR ${n} > 12`
          : 'false';
    flags.push(`(CASE WHEN ${t} = '' THEN ${col.required} WHEN ${n} IS NULL OR ${n} < 0 THEN true
      WHEN ${col.type === 'INTEGER'} AND NOT (isfinite(${n}) AND ${n} = floor(${n})) THEN true ELSE ${range} END)::INTEGER`);
  }
  if (s.mapping.table === 'lists') {
    const i = mapped.get('list');
    const known = i === undefined ? '' : lookupSql(b, LIST_ALIASES, `t${i}`);
    value.list =
      i === undefined
        ? `${b.p(s.defaultList)}::VARCHAR`
        : `CASE WHEN t${i} = '' THEN ${b.p(s.defaultList)} ELSE ${known} END`;
    if (i !== undefined) flags.push(`(t${i} <> '' AND ${known} IS NULL)::INTEGER`);
    if (s.normalizer.paperCols.length) {
      const noMarker = b.list(NO_MARKER);
      const papers = s.normalizer.paperCols.map(
        (p) =>
          `CASE WHEN NOT list_contains(${noMarker}, lower(t${p})) THEN ${b.p(s.headers[p].trim().replace(/\s+/g, ' '))} END`,
      );
      value.papers = `NULLIF(concat_ws(', ', ${papers.join(', ')}), '')`;
    }
  }
  const proc = mapped.get('procedure');
  if (proc !== undefined) {
    const known = lookupSql(b, PROCEDURE_NAMES, `t${proc}`);
    value.procedure = `CASE WHEN t${proc} = '' THEN NULL ELSE ${known} END`;
    flags.push(`(t${proc} <> '' AND ${known} IS NULL)::INTEGER`);
  }
  const before = flags.join(' + ') || '0';

  // Marks as counts or percentages (RowNormalizer.normalizeMarks), only for a row without other problems.
  let marksProblem = '0';
  let converted = 'false';
  let outer = def.columns.map((c) => `"${c.name}"`);
  if (s.mapping.table === 'results') {
    const m = MARKS.map((k) => `"${k}"`);
    const allNull = m.map((x) => `${x} IS NULL`).join(' AND ');
    const anyNull = m.map((x) => `${x} IS NULL`).join(' OR ');
    const sum = `(${m.join(' + ')})`;
    const integers = m.map((x) => `(isfinite(${x}) AND ${x} = floor(${x}))`).join(' AND ');
    const counts = `(${integers} AND abs(${sum} - participants) < 0.5)`;
    const fraction = `(NOT ${counts} AND abs(${sum} - 1) <= ${FRACTION_TOLERANCE})`;
    const percentSum = `(abs(${sum} - 100) <= ${PCT_TOLERANCE})`;
    const percent = `(NOT ${counts} AND NOT ${fraction} AND (${percentSum} OR ${s.normalizer.percentHeaders} OR NOT (${integers})))`;
    marksProblem = `CASE WHEN before > 0 OR (${allNull}) THEN 0 WHEN ${anyNull} THEN 1 WHEN ${counts} OR ${fraction} THEN 0 WHEN ${percent} THEN (NOT ${percentSum})::INTEGER ELSE 1 END`;
    const valid = `before = 0 AND NOT (${anyNull})`;
    converted = `(${valid} AND (${fraction} OR (${percent} AND ${percentSum})))`;
    outer = def.columns.map((c) =>
      (MARKS as readonly string[]).includes(c.name)
        ? `CASE WHEN ${valid} AND ${fraction} THEN round("${c.name}" * participants)
            WHEN ${valid} AND ${percent} AND ${percentSum} THEN round("${c.name}" * participants / 100)
            ELSE "${c.name}" END AS "${c.name}"`
        : `"${c.name}"`,
    );
  }

  // RowNormalizer.checkBounds, only for a row without other problems.
  const bounds =
    (BOUNDS[s.mapping.table] ?? [])
      .map(([c, limit]) => `coalesce("${c}" > "${limit}", false)::INTEGER`)
      .join(' + ') || '0';
  const problems = `before + ${marksProblem}`;
  return `SELECT row, ${outer.join(', ')}, ${problems} + CASE WHEN ${problems} > 0 THEN 0 ELSE ${bounds} END AS problems,
      coalesce(${converted}, false) AS converted FROM (
    SELECT row, ${def.columns.map((c) => `${value[c.name]} AS "${c.name}"`).join(', ')}, ${before} AS before FROM (
      SELECT *${numbers.length ? `, ${numbers.join(', ')}` : ''} FROM (
        SELECT row, ${trimmed.join(', ')} FROM (
          SELECT *, ${spacedSql(fields.map((i) => `c${i}`))} AS spaced FROM ${s.from} WHERE row > ${s.headerRow} AND NOT ${blank}))))`;
}

/**
 * Kept rows (`problems = 0`) whose key an earlier kept row has (DuplicateFilter): `row`, `first_row` and `same`,
 * whether every value equals the first row's. A repeat is dropped when `same` (always in lists), otherwise it is
 * a problem.
 */
export function repeatedKeysSql(table: TableName, checked: string): string {
  const def = tableDef(table);
  const key = def.key.map((k) => `"${k}"`);
  const equal = (cols: string[]) => cols.map((c) => `r.${c} IS NOT DISTINCT FROM f.${c}`).join(' AND ');
  // Keys are grouped by their hash first: one number a row is grouped faster than five columns.
  return `WITH kept AS (SELECT * FROM ${checked} WHERE problems = 0),
    hashes AS (SELECT hash(${key.join(', ')}) AS h FROM kept GROUP BY h HAVING count(*) > 1),
    firsts AS (SELECT ${key.join(', ')}, min(row) AS first_row FROM kept WHERE hash(${key.join(', ')}) IN (SELECT h FROM hashes)
      GROUP BY ALL HAVING count(*) > 1)
    SELECT r.row, f.row AS first_row, ${equal(def.columns.map((c) => `"${c.name}"`))} AS same
    FROM kept r JOIN firsts k ON ${key.map((c) => `r.${c} IS NOT DISTINCT FROM k.${c}`).join(' AND ')} AND r.row <> k.first_row
    JOIN kept f ON f.row = k.first_row`;
}

/**
 * A file's rows read by DuckDB as typed fields (`c<i>`: numbers as DOUBLE, text as VARCHAR) into its canonical
 * columns, only where the shared parser would keep every row exactly as read: no problem, no space to trim, no
 * procedure alias, marks as counts. Any other row stops the statement with an error, and the caller reads the
 * file as text instead (checkedRowsSql), which names the rows. DuckDB's numbers agree with parseNumber except
 * `1_000`, which DuckDB reads and parseNumber refuses: the caller does not come here for a file with `_` in its
 * rows. Not for lists (aliases and per-paper columns).
 */
export function cleanRowsSql(b: SqlBuilder, mapping: HeaderMapping, from: string): string {
  const def = tableDef(mapping.table);
  const at = new Map(mapping.columns.flatMap((c, i) => (c ? [[c, `c${i}`] as const] : [])));
  const bad: string[] = [];
  const text: string[] = [];
  for (const col of def.columns) {
    const c = at.get(col.name);
    if (!c) continue;
    if (col.type === 'VARCHAR') {
      text.push(c);
      if (col.required) bad.push(`coalesce(${c}, '') = ''`);
      continue;
    }
    const range =
      col.name === 'year' || col.name === 'closed_year'
        ? ` AND ${c} BETWEEN ${YEAR_MIN} AND ${YEAR_MAX}`
        : col.name === 'grade'
          ? ` AND ${c} BETWEEN 1 AND 12`
          : '';
    const whole = col.type === 'INTEGER' ? ` AND ${c} = floor(${c})` : '';
    bad.push(
      `CASE WHEN ${c} IS NULL THEN ${col.required} ELSE NOT (isfinite(${c}) AND ${c} >= 0${whole}${range}) END`,
    );
  }
  if (text.length) bad.push(spacedSql(text));
  const proc = at.get('procedure');
  if (proc)
    bad.push(
      `${proc} NOT IN (${[...new Set(Object.values(PROCEDURE_NAMES))].map((p) => b.p(p)).join(', ')})`,
    );
  const value = (name: string) => at.get(name) ?? 'NULL';
  if (mapping.table === 'results') {
    const m = MARKS.map(value);
    const counts = `${m.map((x) => `${x} = floor(${x})`).join(' AND ')} AND abs(${m.join(' + ')} - ${value('participants')}) < 0.5`;
    bad.push(`NOT (${m.map((x) => `${x} IS NULL`).join(' AND ')} OR coalesce(${counts}, false))`);
  }
  for (const [c, limit] of BOUNDS[mapping.table] ?? [])
    bad.push(`coalesce(${value(c)} > ${value(limit)}, false)`);
  const cols = def.columns.map((col) => {
    const v = at.get(col.name);
    if (!v) return `NULL::${col.type}`;
    return col.type === 'VARCHAR' ? `NULLIF(${v}, '')` : `CAST(${v} AS ${col.type})`;
  });
  return `SELECT ${cols.join(', ')} FROM ${from}
    WHERE CASE WHEN ${bad.map((x) => `(${x})`).join(' OR ') || 'false'} THEN error('clean read: a row to check') ELSE true END`;
}
