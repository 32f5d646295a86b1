// One data file (CSV, Excel or Parquet) into its canonical table on native DuckDB, with the checks and Russian
// messages of the browser's upload (lib/csv). A clean CSV file is read by DuckDB with typed columns straight into
// its table, checked by one statement; any other CSV, and Parquet, into a staging table of text fields checked in
// SQL (lib/csv/rows-sql.ts), which names the rows and takes a fraction of a JavaScript pass on a large file;
// Excel books, and CSV files DuckDB's reader cannot take as the shared parser does (see `stageCsv`), go through
// the shared parser itself.
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Papa from 'papaparse';
import type { Engine } from '../db/engine';
import { DEFAULT_LIST } from '../filters';
import { decode, detectDelimiter, detectEncoding, type Encoding } from '../csv/decode';
import type { HeaderMapping } from '../csv/headers';
import { DuplicateFilter, parseCsv, RecordSink, type MarksConverted, type ParsedFile } from '../csv/parse';
import { RowNormalizer, type Problem } from '../csv/rows';
import { toCsv } from '../csv/write';
import { checkedRowsSql, cleanRowsSql, repeatedKeysSql, type StagedRows } from '../csv/rows-sql';
import { SqlBuilder } from '../sql';
import { tableDef, type TableName } from '../schema';

/** A file that cannot be read at all, said in Russian (exit code 1). */
export class TableFileError extends Error {}

/** The SQL checks and RowNormalizer disagree on a row: a fault of rows-sql.ts. */
class CheckMismatch extends Error {}

export interface TableFileVerdict {
  /** Who checked the rows: native DuckDB, or the shared JavaScript parser (Excel, and CSV DuckDB cannot read as it does). */
  reader: 'duckdb' | 'javascript';
  /** A clean CSV file read by DuckDB with typed columns and checked in one statement (`loadCleanCsv`). */
  typed?: boolean;
  /** Why a CSV file went to the JavaScript parser. */
  fallback?: string;
  encoding?: string;
  delimiter?: string;
  headers: string[];
  mapping: HeaderMapping | null;
  /** Data records read (blank lines excluded), rows loaded, exact repeats dropped. */
  records: number;
  rows: number;
  duplicatesDropped: number;
  /** Loaded rows whose marks came in shares and were turned into pupils. */
  converted: MarksConverted;
  /** The problems in row order: all of them, or the first whole rows up to `maxProblems`. */
  problems: Problem[];
  problemCount: number;
}

export interface ReadOptions {
  /** Problems to describe (all are counted). */
  maxProblems?: number;
  /** The table to fill, when not the canonical table itself (same columns). */
  target?: string;
}

/**
 * Reads one file into its canonical table: the rows that pass the checks, once each. The problems are returned,
 * not thrown: the caller decides (the CLI stops on any). One call at a time on an engine: the staging tables
 * have fixed names.
 */
export async function loadTableFile(
  db: Engine,
  table: TableName,
  path: string,
  opts: ReadOptions = {},
): Promise<TableFileVerdict> {
  const name = basename(path);
  if (!existsSync(path)) throw new TableFileError(`файл ${path} не найден`);
  if (statSync(path).isDirectory()) throw new TableFileError(`${path} — папка, а не файл`);
  // The Excel reader loads only for a name that may be a book: the other files are read sooner.
  const xlsx = /\.xls/i.test(name) ? await import('../xlsx/read') : null;
  if (xlsx?.WORKBOOK_EXTENSIONS.test(name)) {
    try {
      return await loadParsed(
        db,
        table,
        xlsx.parseWorkbook(new Uint8Array(readFileSync(path)), name, { table }),
        opts,
      );
    } catch (e) {
      if (e instanceof xlsx.WorkbookError) throw new TableFileError(`файл ${name}: ${e.message}`);
      throw e;
    }
  }
  const work = mkdtempSync(join(tmpdir(), 'shnor-read-'));
  try {
    const parquet = /\.parquet$/i.test(name);
    let fallback: string;
    try {
      let staged: Staged | { fallback: string };
      if (parquet) staged = await stageParquet(db, table, path);
      else {
        const sniffed = sniffCsv(table, path, work);
        const clean = 'fallback' in sniffed ? null : await loadCleanCsv(db, sniffed, opts);
        if (clean) return clean;
        staged = 'fallback' in sniffed ? sniffed : await stageCsv(db, sniffed);
      }
      if ('fallback' in staged) fallback = staged.fallback;
      else return await checkStaged(db, staged, opts);
    } catch (e) {
      // Parquet has no other reader: a mismatch there is an internal error (exit code 2).
      if (!(e instanceof CheckMismatch) || parquet) throw e;
      fallback = e.message;
    } finally {
      await db.exec(
        `DROP TABLE IF EXISTS ${STAGE}; DROP TABLE IF EXISTS ${BLANKS}; DROP TABLE IF EXISTS ${CHECKED}; DROP TABLE IF EXISTS ${REPEATS};`,
      );
    }
    const parsed = parseCsv(new Uint8Array(readFileSync(path)), name, table);
    return { ...(await loadParsed(db, table, parsed, opts)), fallback };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Where a file names each of `codes` first (the row as the upload numbers it, blank lines counted) and its code
 * column: read only for a file that names codes the schools file lacks, so that a mistyped code can be found. A
 * CSV file is staged by DuckDB's reader as the complete way stages it (insertion order kept: after loading);
 * Excel books, and CSV files DuckDB cannot stage, go through the shared parser. Parquet has no rows to name.
 */
export async function codeRows(
  db: Engine,
  table: TableName,
  path: string,
  codes: string[],
): Promise<{ column?: string; rows: Record<string, number> } | null> {
  const name = basename(path);
  if (/\.parquet$/i.test(name)) return null;
  if (!/\.xls/i.test(name)) {
    const work = mkdtempSync(join(tmpdir(), 'shnor-read-'));
    try {
      const sniffed = sniffCsv(table, path, work);
      const staged = 'fallback' in sniffed ? sniffed : await stageCsv(db, sniffed);
      if (!('fallback' in staged)) {
        const at = staged.mapping.columns.indexOf('school_id');
        if (at < 0) return null;
        const b = new SqlBuilder();
        const found = await db.query<{ code: string; row: number }>(
          `SELECT trim(c${at}) AS code, min(row)::INTEGER AS row FROM ${staged.from}
           WHERE row > ${staged.headerRow} AND list_contains(${b.list(codes)}, trim(c${at})) GROUP BY 1`,
          b.params,
        );
        return { column: staged.headers[at], rows: Object.fromEntries(found.map((r) => [r.code, r.row])) };
      }
    } finally {
      await db.exec(`DROP TABLE IF EXISTS ${STAGE}; DROP TABLE IF EXISTS ${BLANKS};`);
      rmSync(work, { recursive: true, force: true });
    }
  }
  const bytes = new Uint8Array(readFileSync(path));
  const xlsx = /\.xls/i.test(name) ? await import('../xlsx/read') : null;
  const p: ParsedFile = xlsx?.WORKBOOK_EXTENSIONS.test(name)
    ? xlsx.parseWorkbook(bytes, name, { table })
    : parseCsv(bytes, name, table);
  const at = p.mapping?.columns.indexOf('school_id') ?? -1;
  return { column: at >= 0 ? p.headers[at] : undefined, rows: p.firstRows };
}

/**
 * The typed read alone (`loadCleanCsv`): the verdict of a clean CSV file, or null when the file must be read the
 * complete way (not clean, not CSV, not there: `loadTableFile` says why). It numbers no rows, so it may run while
 * the database does not keep insertion order; the complete way may not.
 */
export async function loadCleanTableFile(
  db: Engine,
  table: TableName,
  path: string,
  opts: ReadOptions = {},
): Promise<TableFileVerdict | null> {
  if (!existsSync(path) || statSync(path).isDirectory() || /\.(xls|parquet)/i.test(basename(path)))
    return null;
  const work = mkdtempSync(join(tmpdir(), 'shnor-read-'));
  try {
    const sniffed = sniffCsv(table, path, work);
    return 'fallback' in sniffed ? null : await loadCleanCsv(db, sniffed, opts);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Rows the shared parser kept into the table. */
async function loadParsed(
  db: Engine,
  table: TableName,
  p: ParsedFile,
  opts: ReadOptions,
): Promise<TableFileVerdict> {
  if (p.rows.length) {
    // Not insertCanonicalRows: native DuckDB reads a line break inside quotes only without parallel reading.
    const def = tableDef(table);
    const file = await db.registerFile(
      `${table}.csv`,
      toCsv(
        def.columns.map((c) => c.name),
        p.rows,
      ),
    );
    const b = new SqlBuilder();
    await db.query(
      `INSERT INTO ${opts.target ?? table} SELECT * FROM read_csv(${b.p(file)}, header = true, delim = ',', quote = '"', escape = '"', parallel = false,
         auto_detect = false, columns = {${def.columns.map((c) => `'${c.name}': '${c.type}'`).join(', ')}})`,
      b.params,
    );
  }
  return {
    reader: 'javascript',
    encoding: p.encoding,
    delimiter: p.delimiter,
    headers: p.headers,
    mapping: p.mapping,
    records: p.records,
    rows: p.rows.length,
    duplicatesDropped: p.duplicatesDropped,
    converted: p.converted,
    problems: p.problems.slice(0, opts.maxProblems),
    problemCount: p.problems.length,
  };
}

const STAGE = 'read_stage';
const BLANKS = 'read_blank_lines';
const CHECKED = 'read_checked';
const REPEATS = 'read_repeats';
const SNIFF = 1 << 20;

interface Staged extends Omit<StagedRows, 'normalizer' | 'defaultList'> {
  sink: RecordSink;
  encoding?: string;
  delimiter?: string;
}

/** A CSV file's head as the shared parser reads it, and its bytes as DuckDB will: what both readers need. */
interface SniffedCsv {
  /** The file DuckDB reads: the file itself, or its UTF-8 copy. */
  file: string;
  sink: RecordSink;
  encoding: string;
  delimiter: string;
  scan: ReturnType<typeof scanBytes>;
  /** A byte `_` after the first line: DuckDB reads `1_000` as a number, parseNumber refuses it. */
  underscore: boolean;
}

/**
 * The header as parseCsv finds it (the first record that is not blank), the encoding and the delimiter from the
 * first MiB, or the reason the shared parser must read the file. Windows-1251 and UTF-16 are decoded to a UTF-8
 * copy first (DuckDB has neither built in).
 */
function sniffCsv(table: TableName, path: string, work: string): SniffedCsv | { fallback: string } {
  const size = statSync(path).size;
  const head = readHead(path);
  const encoding = detectEncoding(head, size > head.length);
  const { text } = decode(head, size > head.length);
  if (!/[\p{L}\p{N}]/u.test(text)) return { fallback: 'в первом мегабайте нет заголовка' };
  const delimiter = detectDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, preview: 1000 });
  const sink = new RecordSink({ table, delimiter }, () => undefined);
  const complete = size <= head.length ? parsed.data.length : parsed.data.length - 1;
  for (let i = 0; i < complete && !sink.headers; i++) sink.push(parsed.data[i]);
  if (!sink.headers) return { fallback: 'в первом мегабайте нет заголовка' };
  let file = path;
  if (encoding !== 'utf-8') {
    file = join(work, 'utf8.csv');
    transcode(path, file, encoding);
  }
  const bytes = readFileSync(file);
  const firstLine = bytes.indexOf(parsed.meta.linebreak);
  return {
    file,
    sink,
    encoding,
    delimiter,
    scan: scanBytes(bytes, parsed.meta.linebreak, delimiter),
    underscore: firstLine >= 0 && bytes.indexOf(0x5f, firstLine) >= 0,
  };
}

/**
 * A clean file straight into its table, typed by DuckDB and checked by one statement (cleanRowsSql), or null
 * with nothing changed: a row the shared parser would refuse or change, a record DuckDB splits otherwise
 * (fields more or fewer than the header, a quote, a line break inside quotes), a repeated key. Most large files
 * are clean, and this skips the text checks (about half of the read). A file it declines is read as text.
 */
async function loadCleanCsv(db: Engine, s: SniffedCsv, opts: ReadOptions): Promise<TableFileVerdict | null> {
  const mapping = s.sink.mapping!;
  if (
    mapping.table === 'lists' ||
    mapping.missing.length ||
    s.sink.headerRow !== 1 ||
    s.underscore ||
    s.scan.spacedQuote ||
    s.scan.before.length
  )
    return null;
  const def = tableDef(mapping.table);
  const target = opts.target ?? mapping.table;
  const types = mapping.columns.map((c, i) => {
    const col = def.columns.find((x) => x.name === c);
    return `'c${i}': '${col && col.type !== 'VARCHAR' ? 'DOUBLE' : 'VARCHAR'}'`;
  });
  const b = new SqlBuilder();
  const from = `read_csv(${b.p(s.file)}, header = true, delim = ${b.p(s.delimiter)}, quote = '"', escape = '"',
    auto_detect = false, columns = {${types.join(', ')}})`;
  const sql = `INSERT INTO ${target} ${cleanRowsSql(b, mapping, from)}`;
  const key = def.key.map((k) => `"${k}"`).join(', ');
  class Declined extends Error {}
  try {
    const rows = await db.transaction(async (tx) => {
      const [{ n: before }] = await tx.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${target}`);
      await tx.query(sql, b.params).catch(() => {
        throw new Declined();
      });
      const [{ n, repeated }] = await tx.query<{ n: number; repeated: number }>(
        `SELECT (SELECT count(*) FROM ${target})::INTEGER AS n,
          (SELECT count(*) - count(DISTINCT hash(${key})) FROM ${target})::INTEGER AS repeated`,
      );
      const records = n - before;
      // Rows the shared parser counts otherwise (a quoted line break), repeats (dropped or refused; two keys of one
      // hash only send the file to the exact check), or none.
      if (repeated || records === 0 || (s.scan.lines !== null && records !== s.scan.lines - 1))
        throw new Declined();
      return records;
    });
    return {
      reader: 'duckdb',
      typed: true,
      encoding: s.encoding,
      delimiter: s.delimiter,
      headers: s.sink.headers!,
      mapping,
      records: rows,
      rows,
      duplicatesDropped: 0,
      // A row of marks in shares sends the file the complete way: none here.
      converted: { rows: 0, first: [] },
      problems: [],
      problemCount: 0,
    };
  } catch (e) {
    if (e instanceof Declined) return null;
    throw e;
  }
}

/**
 * CSV text fields into the staging table with DuckDB's reader, or the reason the shared parser must read the file:
 * a record DuckDB splits otherwise than papaparse (more fields than the header, a quote left open or one after
 * spaces, a line break inside quotes, mixed line endings), or bytes that are not UTF-8 past the first MiB.
 */
async function stageCsv(db: Engine, s: SniffedCsv): Promise<Staged | { fallback: string }> {
  const { sink, delimiter, file, scan: blanks } = s;
  const width = sink.headers!.length;
  const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const b = new SqlBuilder();
  try {
    await db.query(
      `CREATE TEMP TABLE read_stage AS SELECT * FROM read_csv(${b.p(file)}, header = false, delim = ${b.p(delimiter)}, quote = '"', escape = '"',
         null_padding = true, auto_detect = false, columns = {${columns}})`,
      b.params,
    );
  } catch (e) {
    return {
      fallback: `DuckDB не читает файл как CSV: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
    };
  }
  if (blanks.spacedQuote) return { fallback: 'кавычка после пробелов в начале поля' };
  if (blanks.lines !== null) {
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${STAGE}`);
    if (n !== blanks.lines) return { fallback: `DuckDB прочёл ${n} строк из ${blanks.lines}` };
  }
  let from = `(SELECT rowid + 1 AS row, * FROM ${STAGE})`;
  if (blanks.before.length) {
    const c = new SqlBuilder();
    await db.query(
      `CREATE TEMP TABLE read_blank_lines AS SELECT before, count(*) OVER (ORDER BY before) AS n
       FROM (SELECT unnest(string_split(${c.p(blanks.before.join(','))}, ','))::BIGINT AS before)`,
      c.params,
    );
    from = `(SELECT s.rowid + 1 + coalesce(b.n, 0) AS row, s.* FROM ${STAGE} s ASOF LEFT JOIN (SELECT before, max(n) AS n FROM ${BLANKS} GROUP BY before) b ON s.rowid >= b.before)`;
  }
  return {
    from,
    width,
    headerRow: sink.headerRow,
    mapping: sink.mapping!,
    headers: sink.headers!,
    sink,
    encoding: s.encoding,
    delimiter,
  };
}

function readHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF);
    return new Uint8Array(buf.buffer, buf.byteOffset, readSync(fd, buf, 0, SNIFF, 0));
  } finally {
    closeSync(fd);
  }
}

/** Windows-1251 or UTF-16 to UTF-8, a chunk at a time (the BOM of UTF-16 is dropped). */
function transcode(from: string, to: string, encoding: Encoding): void {
  const input = openSync(from, 'r');
  const output = openSync(to, 'w');
  try {
    const decoder = new TextDecoder(encoding);
    const buf = Buffer.alloc(SNIFF);
    for (let n = readSync(input, buf, 0, SNIFF, null); n > 0; n = readSync(input, buf, 0, SNIFF, null)) {
      writeSync(output, decoder.decode(buf.subarray(0, n), { stream: true }));
    }
    writeSync(output, decoder.decode());
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

/**
 * What DuckDB's reader does otherwise than papaparse, found in the bytes. It drops empty lines, which papaparse
 * keeps as records (rows count them): the lines that are not empty, and for each empty line before the last of
 * them how many precede it. It skips spaces before a quote that opens a field (papaparse keeps ` "a"` as it is).
 * A line break inside quotes is not told apart here: a file with quotes is counted line by line, and one whose
 * count DuckDB does not match goes to the shared parser.
 */
function scanBytes(
  bytes: Buffer,
  linebreak: string,
  delimiter: string,
): { lines: number | null; before: number[]; spacedQuote: boolean } {
  const nl = Buffer.from(linebreak);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const empty = bytes.indexOf(Buffer.concat([nl, nl]), start) >= 0 || bytes.indexOf(nl, start) === start;
  const quotes = bytes.indexOf(0x22, start) >= 0;
  // Most large files: no empty line and no quote, so nothing to count.
  if (!empty && !quotes) return { lines: null, before: [], spacedQuote: false };
  let spacedQuote = false;
  const fieldStart = new Set([delimiter.charCodeAt(0), 0x0a, 0x0d]);
  for (
    let at = bytes.indexOf(' "', start);
    quotes && at >= 0 && !spacedQuote;
    at = bytes.indexOf(' "', at + 1)
  ) {
    let i = at;
    while (i > start && bytes[i - 1] === 0x20) i--;
    spacedQuote = i === start || fieldStart.has(bytes[i - 1]);
  }
  let lines = 0;
  const before: number[] = [];
  let pending = 0;
  for (let pos = start; pos < bytes.length; ) {
    const end = bytes.indexOf(nl, pos);
    const stop = end < 0 ? bytes.length : end;
    if (stop === pos) pending++;
    else {
      for (; pending > 0; pending--) before.push(lines);
      lines++;
    }
    if (end < 0) break;
    pos = end + nl.length;
  }
  return { lines, before, spacedQuote };
}

/** Parquet columns as text into the staging table; rows are numbered from 1 (a Parquet file has no header row). */
async function stageParquet(db: Engine, table: TableName, path: string): Promise<Staged> {
  const b = new SqlBuilder();
  const cols = (
    await db
      .query<{ column_name: string }>(
        `SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${b.p(path)}))`,
        b.params,
      )
      .catch((e: unknown) => {
        // Not a Parquet file at all (no magic bytes, cut short): the file's fault, said in Russian.
        const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
        throw new TableFileError(`файл ${basename(path)} не читается как Parquet (${why})`);
      })
  ).map((c) => c.column_name);
  const sink = new RecordSink({ table }, () => undefined);
  sink.push(cols);
  sink.headerRow = 0;
  sink.problems = sink.problems.map((p) => ({ ...p, row: 0 }));
  const c = new SqlBuilder();
  const select = cols.map((col, i) => `CAST("${col.replace(/"/g, '""')}" AS VARCHAR) AS c${i}`);
  await db.query(
    `CREATE TEMP TABLE read_stage AS SELECT ${select.join(', ')} FROM read_parquet(${c.p(path)})`,
    c.params,
  );
  return {
    from: `(SELECT rowid + 1 AS row, * FROM ${STAGE})`,
    width: cols.length,
    headerRow: 0,
    mapping: sink.mapping!,
    headers: cols,
    sink,
  };
}

/** The staged rows checked in SQL; the problems of the first bad rows worded by the shared RowNormalizer. */
async function checkStaged(db: Engine, s: Staged, opts: ReadOptions): Promise<TableFileVerdict> {
  const table = s.mapping.table;
  const def = tableDef(table);
  const normalizer = new RowNormalizer(s.mapping, s.headers);
  const b = new SqlBuilder();
  await db.query(
    `CREATE TEMP TABLE read_checked AS ${checkedRowsSql(b, { ...s, normalizer, defaultList: DEFAULT_LIST })}`,
    b.params,
  );
  const [counts] = await db.query<{ records: number; kept: number; problems: number }>(
    `SELECT count(*)::INTEGER AS records, count(*) FILTER (WHERE problems = 0)::INTEGER AS kept, coalesce(sum(problems), 0)::INTEGER AS problems FROM ${CHECKED}`,
  );
  const verdict = {
    reader: 'duckdb' as const,
    encoding: s.encoding,
    delimiter: s.delimiter,
    headers: s.headers,
    mapping: s.mapping,
    records: counts.records,
  };
  if (s.mapping.missing.length || counts.records === 0) {
    s.sink.records = counts.records;
    s.sink.finish();
    return {
      ...verdict,
      rows: 0,
      duplicatesDropped: 0,
      converted: { rows: 0, first: [] },
      problems: s.sink.problems,
      problemCount: s.sink.problems.length,
    };
  }
  await db.exec(`CREATE TEMP TABLE read_repeats AS ${repeatedKeysSql(table, CHECKED)}`);
  const [rep] = await db.query<{ dropped: number; conflicts: number }>(
    `SELECT count(*) FILTER (WHERE same OR ${table === 'lists'})::INTEGER AS dropped, count(*) FILTER (WHERE NOT (same OR ${table === 'lists'}))::INTEGER AS conflicts FROM ${REPEATS}`,
  );
  const problemCount = counts.problems + rep.conflicts;
  const problems = problemCount ? await wordProblems(db, s, normalizer, opts.maxProblems ?? Infinity) : [];
  const cols = def.columns.map((c) =>
    c.type === 'INTEGER' ? `CAST("${c.name}" AS INTEGER)` : `"${c.name}"`,
  );
  // In file order: the join that numbers rows around blank lines runs in parallel and may reorder them.
  const repeats = rep.dropped + rep.conflicts ? `AND row NOT IN (SELECT row FROM ${REPEATS})` : '';
  await db.exec(
    `INSERT INTO ${opts.target ?? table} SELECT ${cols.join(', ')} FROM ${CHECKED} WHERE problems = 0 ${repeats} ORDER BY row`,
  );
  const [converted] = await db.query<{ rows: number; first: number[] }>(
    `SELECT count(*)::INTEGER AS rows, coalesce(list(row::INTEGER ORDER BY row)[1:5], []) AS first
     FROM ${CHECKED} WHERE problems = 0 AND converted ${repeats}`,
  );
  return {
    ...verdict,
    rows: counts.kept - rep.dropped - rep.conflicts,
    duplicatesDropped: rep.dropped,
    converted: { rows: converted.rows, first: [...converted.first] },
    problems,
    problemCount,
  };
}

/**
 * The problems of the first bad rows (whole rows, at least `max` problems when there are as many), worded by
 * RowNormalizer and DuplicateFilter on the rows' own fields. A row the SQL counts otherwise than RowNormalizer is
 * a fault of rows-sql.ts: the file is then read again by the shared parser.
 */
async function wordProblems(
  db: Engine,
  s: Staged,
  normalizer: RowNormalizer,
  max: number,
): Promise<Problem[]> {
  const limit = Number.isFinite(max) ? `LIMIT ${Math.max(1, Math.floor(max))}` : '';
  const bad = await db.query<{ row: number; problems: number; first_row: number | null }>(
    `SELECT * FROM (
       SELECT row::INTEGER AS row, problems, NULL::INTEGER AS first_row FROM ${CHECKED} WHERE problems > 0
       UNION ALL
       SELECT row::INTEGER, 1, first_row::INTEGER FROM ${REPEATS} WHERE NOT (same OR ${s.mapping.table === 'lists'})
     ) ORDER BY row ${limit}`,
  );
  let total = 0;
  const chosen = bad.filter((r) => {
    if (total >= max) return false;
    total += r.problems;
    return true;
  });
  const wanted = [...new Set(chosen.flatMap((r) => (r.first_row === null ? [r.row] : [r.row, r.first_row])))];
  const b = new SqlBuilder();
  const fields = Array.from({ length: s.width }, (_, i) => `coalesce(c${i}, '') AS c${i}`);
  const raw = await db.query<Record<string, string | number>>(
    `SELECT row::INTEGER AS row, ${fields.join(', ')} FROM ${s.from} WHERE row IN (SELECT unnest(string_split(${b.p(wanted.join(','))}, ','))::BIGINT)`,
    b.params,
  );
  const records = new Map(
    raw.map((r) => [r.row as number, Array.from({ length: s.width }, (_, i) => String(r[`c${i}`]))]),
  );
  const problems: Problem[] = [];
  for (const r of chosen) {
    const before = normalizer.problems.length;
    if (r.first_row === null) {
      normalizer.normalize(records.get(r.row)!, r.row);
      const found = normalizer.problems.slice(before);
      if (found.length !== r.problems)
        throw new CheckMismatch(
          `проверка строк в SQL и в JavaScript разошлась: строка ${r.row}, ${r.problems} и ${found.length} ошибок`,
        );
      problems.push(...found);
      continue;
    }
    const first = normalizer.normalize(records.get(r.first_row)!, r.first_row);
    const row = normalizer.normalize(records.get(r.row)!, r.row);
    const dups = new DuplicateFilter(s.mapping.table);
    const found: Problem[] = [];
    if (
      !first ||
      !row ||
      !dups.accept(first, r.first_row, found) ||
      dups.accept(row, r.row, found) ||
      found.length !== 1
    ) {
      throw new CheckMismatch(
        `проверка повторов в SQL и в JavaScript разошлась: строки ${r.first_row} и ${r.row}`,
      );
    }
    problems.push(...found);
  }
  return problems;
}
