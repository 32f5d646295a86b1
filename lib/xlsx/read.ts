// An Excel workbook (.xlsx, .xls) to the records the CSV path validates: one sheet, its header row found below
// any title rows, merged cells filled, cached values of formulas, percent cells as percents, dates as text.
// The records keep the sheet's row numbers, so a problem names the row Excel shows.
import * as XLSX from '@e965/xlsx';
import { detectTable, mapHeaders } from '../csv/headers';
import { RecordSink, type ParsedFile } from '../csv/parse';
import type { CanonicalRow } from '../csv/rows';
import type { TableName } from '../schema';

export const WORKBOOK_EXTENSIONS = /\.(xlsx|xlsm|xls)$/i;

export interface SheetInfo {
  name: string;
  /** Rows with anything in them; 0 for a chart sheet or an empty one. */
  rows: number;
  chart: boolean;
}

export interface WorkbookRecords {
  sheets: SheetInfo[];
  sheet: string;
  /** Record i is sheet row i + 1; rows above the header are blanked. */
  records: string[][];
}

/** A refusal the user can act on, in Russian. */
export class WorkbookError extends Error {}

const pad = (n: number) => String(n).padStart(2, '0');

function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  const fmt = typeof cell.z === 'string' ? cell.z : '';
  if (cell.t === 'd' || cell.v instanceof Date) {
    const d = cell.v as Date;
    return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
  }
  if (cell.t === 'n') {
    const v = cell.v as number;
    // Percent-formatted cells hold fractions: 0,125 shown as «12,5 %» means 12,5.
    if (fmt.includes('%')) return String(Math.round(v * 100 * 1e9) / 1e9);
    // Codes kept with leading zeros by a «0000000» format: the text Excel shows.
    if (/^0{2,}$/.test(fmt) && cell.w) return cell.w;
    return String(v);
  }
  if (cell.t === 'b') return cell.v ? 'ИСТИНА' : 'ЛОЖЬ';
  if (cell.t === 'e') return '';
  return String(cell.v).trim();
}

/** The sheet as records from row 1, merged ranges filled with their first cell, trailing blank rows dropped. */
function sheetRecords(ws: XLSX.WorkSheet): string[][] {
  if (!ws['!ref']) return [];
  const range = XLSX.utils.decode_range(ws['!ref']);
  const merged = new Map<string, string>();
  for (const m of ws['!merges'] ?? []) {
    const text = cellText(ws[XLSX.utils.encode_cell(m.s)]);
    for (let r = m.s.r; r <= m.e.r; r++) for (let c = m.s.c; c <= m.e.c; c++) merged.set(`${r}:${c}`, text);
  }
  const out: string[][] = [];
  for (let r = 0; r <= range.e.r; r++) {
    const rec: string[] = [];
    for (let c = 0; c <= range.e.c; c++)
      rec.push(merged.get(`${r}:${c}`) ?? cellText(ws[XLSX.utils.encode_cell({ r, c })]));
    out.push(rec);
  }
  while (out.length && out[out.length - 1].every((f) => f === '')) out.pop();
  return out;
}

/** Within the first rows, the one whose cells name the most canonical columns: title rows above it are skipped. */
/**
 * Within the first rows, the one whose cells name the most canonical columns (title rows above it are skipped),
 * and how many it names.
 */
function headerRow(records: string[][], table?: TableName): { index: number; score: number } {
  let index = -1;
  let score = 1;
  for (let i = 0; i < Math.min(records.length, 30); i++) {
    if (records[i].every((f) => f === '')) continue;
    const m = table ? mapHeaders(table, records[i]) : detectTable(records[i]);
    const n = m.columns.filter(Boolean).length;
    if (n > score) [index, score] = [i, n];
  }
  // No row names two columns: the first non-blank row, so the report says which columns are missing.
  return index >= 0
    ? { index, score }
    : { index: records.findIndex((r) => r.some((f) => f !== '')), score: 0 };
}

export function readWorkbook(
  bytes: Uint8Array,
  opts: { sheet?: string; table?: TableName } = {},
): WorkbookRecords {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', cellDates: true, cellNF: true, cellFormula: false, dense: false });
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(m))
      throw new WorkbookError(
        'книга защищена паролем: снимите защиту в Excel («Файл → Сведения → Защита книги») и сохраните файл заново',
      );
    throw new WorkbookError(`не удалось прочитать книгу Excel: ${m}`);
  }
  const all = wb.SheetNames.map((name) => {
    const ws = wb.Sheets[name];
    const chart = (ws as { '!type'?: string })['!type'] === 'chart';
    const records = chart ? [] : sheetRecords(ws);
    return { info: { name, rows: records.filter((r) => r.some((f) => f !== '')).length, chart }, records };
  });
  const sheets = all.map((s) => s.info);
  // Unless the user chose a sheet: the one whose header names the most columns (not a title or instructions sheet).
  const scored = all.map((s) => ({
    ...s,
    header: s.info.rows ? headerRow(s.records, opts.table) : { index: -1, score: -1 },
  }));
  const chosen = opts.sheet
    ? scored.find((s) => s.info.name === opts.sheet)
    : scored.reduce((a, b) => (b.header.score > a.header.score ? b : a));
  if (opts.sheet && !chosen) throw new WorkbookError(`в книге нет листа «${opts.sheet}»`);
  if (!chosen || chosen.info.rows === 0) {
    throw new WorkbookError(
      chosen?.info.chart || sheets.every((s) => s.chart || s.rows === 0)
        ? `в книге нет листа с данными (${sheets.map((s) => `«${s.name}»${s.chart ? ' — диаграмма' : ' — пустой'}`).join(', ')})`
        : `лист «${chosen?.info.name}» пуст`,
    );
  }
  const h = chosen.header.index;
  const records = chosen.records.map((r, i) => (i < h ? [''] : r));
  return { sheets, sheet: chosen.info.name, records };
}

export interface ParsedWorkbook extends ParsedFile {
  sheets: SheetInfo[];
  sheet: string;
  /** The header and the first data records, as the sheet has them. */
  preview: string[][];
}

/** The whole workbook through the CSV path's validation (RecordSink): what the CLI, the tests and the worker use. */
export function parseWorkbook(
  bytes: Uint8Array,
  fileName: string,
  opts: { sheet?: string; table?: TableName; columns?: (string | null)[]; list?: string } = {},
  onRow?: (r: CanonicalRow) => void,
): ParsedWorkbook {
  const { sheets, sheet, records } = readWorkbook(bytes, opts);
  const rows: CanonicalRow[] = [];
  const refused: CanonicalRow[] = [];
  const sink = new RecordSink(
    {
      table: opts.table,
      columns: opts.columns,
      list: opts.list,
      onRefused: (k) => refused.push(k),
      extraFields: 'ignore',
    },
    onRow ?? ((r) => rows.push(r)),
  );
  for (const rec of records) sink.push(rec);
  sink.finish();
  return {
    fileName,
    encoding: 'utf-8',
    delimiter: '',
    headers: sink.headers ?? [],
    mapping: sink.mapping,
    rows,
    refused,
    problems: sink.problems,
    duplicatesDropped: sink.duplicatesDropped,
    firstRows: Object.fromEntries(sink.firstRows),
    converted: sink.converted,
    records: sink.records,
    sheets,
    sheet,
    preview: records.filter((r) => r.some((f) => f !== '')).slice(0, 11),
  };
}
