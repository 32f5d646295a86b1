// Parses one uploaded file off the main thread: streaming, with progress, cancellable. Produces the
// validated rows as canonical CSV (what DuckDB reads natively) and the problem report.
import Papa from 'papaparse';
import { decode, detectDelimiter } from '../csv/decode';
import { RecordSink } from '../csv/parse';
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
  seconds: number;
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
let current: Papa.Parser | null = null;
let cancelled = false;

async function parse(req: ParseRequest) {
  const t0 = performance.now();
  cancelled = false;
  if (WORKBOOK_EXTENSIONS.test(req.file.name)) {
    const result = await workbookJob(req, (bytes, records) => post({ type: 'progress', bytes, total: req.file.size, records, seconds: (performance.now() - t0) / 1000 }));
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
  const sink = new RecordSink({ table: req.table, columns: req.columns, list: req.list }, (r) => {
    columns ??= tableDef(sink.mapping!.table).columns.map((c) => c.name);
    batch.push(r);
    if (typeof r.year === 'number') years.add(r.year);
    if (typeof r.procedure === 'string') procedures.add(r.procedure);
    if (typeof r.list === 'string') procedures.add(r.list);
  });
  let bytes = 0;
  Papa.parse<string[]>(req.file, {
    encoding,
    delimiter,
    chunkSize: CHUNK,
    chunk(results, parser) {
      current = parser;
      for (const rec of results.data) {
        if (rawPreview.length < 11) rawPreview.push(rec);
        sink.push(rec);
      }
      flush();
      bytes = Math.min(req.file.size, bytes + CHUNK);
      post({ type: 'progress', bytes, total: req.file.size, records: sink.records, seconds: (performance.now() - t0) / 1000 });
    },
    complete() {
      if (cancelled) return;
      sink.finish();
      flush();
      post({
        type: 'done',
        result: {
          fileName: req.file.name, size: req.file.size, encoding, delimiter, headers: sink.headers ?? [], mapping: sink.mapping,
          records: sink.records, rows: sink.rows, duplicatesDropped: sink.duplicatesDropped,
          problems: sink.problems,
          rawPreview, years: [...years].sort(), procedures: [...procedures].sort(),
          csv: new Blob(parts, { type: 'text/csv' }), seconds: (performance.now() - t0) / 1000,
        },
      });
    },
    error(err) {
      post({ type: 'error', message: `Не удалось прочитать файл: ${err.message}` });
    },
  });
}

self.onmessage = (e: MessageEvent<ParseRequest | { type: 'cancel' }>) => {
  if (e.data.type === 'cancel') {
    cancelled = true;
    current?.abort();
    post({ type: 'cancelled' });
    return;
  }
  parse(e.data).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
};
