// A table as an Excel book with typed cells: codes as text (leading zeros kept), shares as numbers formatted
// as percents, years and counts as integers, the header row frozen.
import * as XLSX from '@e965/xlsx';

/** How a column's values go into cells. */
export type CellKind = 'text' | 'code' | 'int' | 'year' | 'number' | 'share';

export interface XlsxColumn {
  label: string;
  kind: CellKind;
}

const FORMATS: Partial<Record<CellKind, string>> = {
  share: '0.0%',
  int: '#,##0',
  number: '#,##0.00',
  year: '0',
};

function cell(v: unknown, kind: CellKind): XLSX.CellObject | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'boolean') return { t: 's', v: v ? 'да' : 'нет' };
  if (kind === 'text' || kind === 'code' || typeof v !== 'number') return { t: 's', v: String(v) };
  return { t: 'n', v, z: FORMATS[kind] };
}

export function tableWorkbook(sheetName: string, columns: XlsxColumn[], rows: unknown[][]): Uint8Array {
  const ws: XLSX.WorkSheet = {};
  columns.forEach((c, j) => {
    ws[XLSX.utils.encode_cell({ r: 0, c: j })] = { t: 's', v: c.label };
  });
  rows.forEach((row, i) => {
    columns.forEach((c, j) => {
      const x = cell(row[j], c.kind);
      if (x) ws[XLSX.utils.encode_cell({ r: i + 1, c: j })] = x;
    });
  });
  ws['!ref'] = XLSX.utils.encode_range({
    s: { r: 0, c: 0 },
    e: { r: rows.length, c: Math.max(0, columns.length - 1) },
  });
  ws['!cols'] = columns.map((c, j) => ({
    wch: Math.min(
      60,
      Math.max(c.label.length, ...rows.slice(0, 200).map((r) => String(r[j] ?? '').length)) + 2,
    ),
  }));
  ws['!autofilter'] = { ref: ws['!ref'] };
  const wb = XLSX.utils.book_new();
  // Excel limits sheet names to 31 characters without []:*?/\.
  XLSX.utils.book_append_sheet(wb, ws, sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
  return freezeHeader(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true })));
}

/** The library writes no panes: the first row is frozen in the sheet's XML. */
function freezeHeader(bytes: Uint8Array): Uint8Array {
  const zip = XLSX.CFB.read(bytes, { type: 'array' });
  const entry = XLSX.CFB.find(zip, '/xl/worksheets/sheet1.xml');
  if (!entry) return bytes;
  const xml = new TextDecoder()
    .decode(entry.content as Uint8Array)
    .replace(
      '<sheetView workbookViewId="0"/>',
      '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView>',
    );
  entry.content = new TextEncoder().encode(xml) as never;
  return new Uint8Array(XLSX.CFB.write(zip, { type: 'array', fileType: 'zip' }) as ArrayLike<number>);
}
