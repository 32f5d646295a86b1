// Files made in the browser: CSV for Excel, a chart as SVG or PNG.
import { toCsv } from '@/lib/csv/write';

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

function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  if (!clone.style.background) clone.style.background = 'white';
  return new XMLSerializer().serializeToString(clone);
}

export function downloadSvg(svg: SVGSVGElement, fileName: string) {
  saveBlob(new Blob([svgText(svg)], { type: 'image/svg+xml' }), fileName);
}

export async function downloadPng(svg: SVGSVGElement, fileName: string, scale = 2) {
  const { width, height } = svg.getBoundingClientRect();
  const img = new Image();
  img.src = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  URL.revokeObjectURL(img.src);
  canvas.toBlob((b) => b && saveBlob(b, fileName), 'image/png');
}
