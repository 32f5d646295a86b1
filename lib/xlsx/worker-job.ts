// An Excel book in the upload's worker: read whole (a book is a zip, not a stream), validated like a CSV file,
// and handed on as the same canonical CSV and report.
import type { ParseRequest, ParseResult } from '../upload/parse-worker';
import type { CanonicalRow } from '../csv/rows';
import { toCsv } from '../csv/write';
import { tableDef } from '../schema';
import { parseWorkbook, WorkbookError } from './read';

export async function workbookJob(
  req: ParseRequest,
  progress: (bytes: number, records: number) => void,
): Promise<ParseResult> {
  const t0 = performance.now();
  const bytes = new Uint8Array(await req.file.arrayBuffer());
  progress(0, 0);
  const rows: CanonicalRow[] = [];
  const years = new Set<number>();
  const procedures = new Set<string>();
  const base = {
    fileName: req.file.name,
    size: req.file.size,
    encoding: 'xlsx',
    delimiter: '',
    duplicatesDropped: 0,
    years: [],
    procedures: [],
    firstRows: {},
    converted: { rows: 0, first: [] },
  };
  try {
    const p = parseWorkbook(
      bytes,
      req.file.name,
      { sheet: req.sheet, table: req.table, columns: req.columns, list: req.list },
      (r) => {
        rows.push(r);
        if (typeof r.year === 'number') years.add(r.year);
        if (typeof r.procedure === 'string') procedures.add(r.procedure);
        if (typeof r.list === 'string') procedures.add(r.list);
      },
    );
    progress(req.file.size, p.records);
    const columns = p.mapping ? tableDef(p.mapping.table).columns.map((c) => c.name) : [];
    const keyColumns = p.mapping ? tableDef(p.mapping.table).key : [];
    return {
      ...base,
      headers: p.headers,
      mapping: p.mapping,
      records: p.records,
      rows: rows.length,
      duplicatesDropped: p.duplicatesDropped,
      firstRows: p.firstRows,
      converted: p.converted,
      problems: p.problems,
      rawPreview: p.preview,
      years: [...years].sort(),
      procedures: [...procedures].sort(),
      csv: new Blob(rows.length ? [toCsv(columns, rows)] : [], { type: 'text/csv' }),
      seconds: (performance.now() - t0) / 1000,
      refused: new Blob([toCsv(keyColumns, p.refused)], { type: 'text/csv' }),
      sheet: p.sheet,
      sheets: p.sheets,
    };
  } catch (e) {
    if (!(e instanceof WorkbookError)) throw e;
    return {
      ...base,
      headers: [],
      mapping: null,
      records: 0,
      rows: 0,
      problems: [{ row: 0, column: '', value: '', message: e.message }],
      rawPreview: [],
      csv: new Blob([]),
      refused: new Blob([]),
      seconds: (performance.now() - t0) / 1000,
    };
  }
}
