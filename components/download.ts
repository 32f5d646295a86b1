// Files made in the browser: CSV and XLSX of a table, a chart as SVG or PNG.
import { toCsv } from '@/lib/csv/write';
import type { XlsxColumn } from '@/lib/xlsx/write';

export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** UTF-8 with BOM, ';' separated, decimal commas, formula-like cells made safe: what Russian Excel opens cleanly. */
export function downloadCsv(fileName: string, header: string[], rows: unknown[][]) {
  const objects = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  const text = toCsv(header, objects, { delimiter: ';', bom: true, formulaSafe: true, decimalComma: true });
  saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), fileName);
}

/** An Excel book of one table; the library loads only when asked for. */
export async function downloadXlsx(
  fileName: string,
  sheetName: string,
  columns: XlsxColumn[],
  rows: unknown[][],
) {
  const { tableWorkbook } = await import('@/lib/xlsx/write');
  saveBlob(
    new Blob([tableWorkbook(sheetName, columns, rows) as BlobPart], {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }),
    fileName,
  );
}

export function downloadSvg(svg: string, fileName: string) {
  saveBlob(new Blob([svg], { type: 'image/svg+xml' }), fileName);
}

/** An SVG text as a PNG blob at `scale` × its size, on white. */
export async function svgTextToPng(svg: string, width: number, height: number, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG не получен'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function downloadPng(svg: string, width: number, height: number, fileName: string, scale = 2) {
  saveBlob(await svgTextToPng(svg, width, height, scale), fileName);
}
