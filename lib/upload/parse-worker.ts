// Parses one uploaded file off the main thread: streaming, with progress, cancellable. Produces the
// validated rows as canonical CSV (what DuckDB reads natively), the keys of refused rows and the problem report.
import { decode, detectDelimiter } from '../csv/decode';
import { RecordSink, type MarksConverted } from '../csv/parse';
import { CsvByteStream } from '../csv/stream';
import type { CanonicalRow, Problem } from '../csv/rows';
import type { HeaderMapping } from '../csv/headers';
import { toCsv } from '../csv/write';
import { tableDef, type TableName } from '../schema';
import { WORKBOOK_EXTENSIONS, type SheetInfo } from '../xlsx/read';
import { workbookJob } from '../xlsx/worker-job';

export interface ParseRequest {
  type: 'parse';
  file: File;
  table?: TableName;
  columns?: (string | null)[];
  /** Excel: the sheet to read (the best-matching one by default). */
  sheet?: string;
  /** The list of a lists file without a list column. */
  list?: string;
}

export interface ParseResult {
  fileName: string;
  size: number;
  encoding: string;
  delimiter: string;
  headers: string[];
  mapping: HeaderMapping | null;
  records: number;
  rows: number;
  duplicatesDropped: number;
  problems: Problem[];
  rawPreview: string[][];
  years: number[];
  procedures: string[];
  csv: Blob;
  /** Canonical CSV of the key columns of each refused row (null where unreadable): what a replace keeps. */
  refused: Blob;
  seconds: number;
  /** The first row of each school code among the kept rows (RecordSink.firstRows). */
  firstRows: Record<string, number>;
  /** Kept rows whose marks were given in shares and turned into pupils. */
  converted: MarksConverted;
  /** Excel: the sheet read and every sheet of the book. */
  sheet?: string;
  sheets?: SheetInfo[];
}

export type WorkerMessage =
  | { type: 'progress'; bytes: number; total: number; records: number; seconds: number }
  | { type: 'done'; result: ParseResult }
  | { type: 'cancelled' }
  | { type: 'error'; message: string };

const post = (m: WorkerMessage) => (self as unknown as Worker).postMessage(m);
const CHUNK = 1 << 20;
let cancelled = false;

async function parse(req: ParseRequest) {
  const t0 = performance.now();
  cancelled = false;
  if (WORKBOOK_EXTENSIONS.test(req.file.name)) {
    const result = await workbookJob(req, (bytes, records) =>
      post({
        type: 'progress',
        bytes,
        total: req.file.size,
        records,
        seconds: (performance.now() - t0) / 1000,
      }),
    );
    if (!cancelled) post({ type: 'done', result });
    return;
  }
  const head = new Uint8Array(await req.file.slice(0, CHUNK).arrayBuffer());
  const { text, encoding } = decode(head, req.file.size > head.length);
  const delimiter = detectDelimiter(text);
  const parts: string[] = [];
  let batch: CanonicalRow[] = [];
  const rawPreview: string[][] = [];
  const years = new Set<number>();
  const procedures = new Set<string>();
  let columns: string[] | null = null;
  const flush = () => {
    if (!batch.length || !columns) return;
    const text = toCsv(columns, batch);
    parts.push(parts.length ? text.slice(text.indexOf('\n') + 1) : text);
    batch = [];
  };
  const refused: CanonicalRow[] = [];
  const sink = new RecordSink(
    { table: req.table, columns: req.columns, list: req.list, delimiter, onRefused: (k) => refused.push(k) },
    (r) => {
      columns ??= tableDef(sink.mapping!.table).columns.map((c) => c.name);
      batch.push(r);
      if (typeof r.year === 'number') years.add(r.year);
      if (typeof r.procedure === 'string') procedures.add(r.procedure);
      if (typeof r.list === 'string') procedures.add(r.list);
    },
  );
  const stream = new CsvByteStream(encoding, delimiter, (rec) => {
    if (rawPreview.length < 11) rawPreview.push(rec);
    sink.push(rec);
  });
  for (let bytes = 0; bytes < req.file.size; ) {
    const chunk = new Uint8Array(await req.file.slice(bytes, bytes + CHUNK).arrayBuffer());
    // A cancel arrives while the chunk is read.
    if (cancelled) return;
    stream.push(chunk);
    flush();
    bytes += chunk.length;
    post({
      type: 'progress',
      bytes,
      total: req.file.size,
      records: sink.records,
      seconds: (performance.now() - t0) / 1000,
    });
  }
  stream.end();
  sink.finish();
  flush();
  const keyColumns = sink.mapping ? tableDef(sink.mapping.table).key : [];
  post({
    type: 'done',
    result: {
      fileName: req.file.name,
      size: req.file.size,
      encoding,
      delimiter,
      headers: sink.headers ?? [],
      mapping: sink.mapping,
      records: sink.records,
      rows: sink.rows,
      duplicatesDropped: sink.duplicatesDropped,
      problems: sink.problems,
      rawPreview,
      years: [...years].sort(),
      procedures: [...procedures].sort(),
      csv: new Blob(parts, { type: 'text/csv' }),
      refused: new Blob([toCsv(keyColumns, refused)], { type: 'text/csv' }),
      firstRows: Object.fromEntries(sink.firstRows),
      converted: sink.converted,
      seconds: (performance.now() - t0) / 1000,
    },
  });
}

self.onmessage = (e: MessageEvent<ParseRequest | { type: 'cancel' }>) => {
  if (e.data.type === 'cancel') {
    cancelled = true;
    post({ type: 'cancelled' });
    return;
  }
  parse(e.data).catch((err: unknown) =>
    post({
      type: 'error',
      message: `Не удалось прочитать файл: ${err instanceof Error ? err.message : String(err)}`,
    }),
  );
};
