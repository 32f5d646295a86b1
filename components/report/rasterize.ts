// A drawn chart as PNG bytes at print resolution, for the DOCX.
import type { ChartImage } from '@/lib/report/docx';
import { svgTextToPng } from '../download';

/** scale 2.5: 640 CSS pixels become 1,600, about 250 dpi across the 16.5 cm text column. */
export async function svgToPng(svg: SVGSVGElement, scale = 2.5): Promise<ChartImage> {
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const blob = await svgTextToPng(new XMLSerializer().serializeToString(clone), width, height, scale);
  return { data: new Uint8Array(await blob.arrayBuffer()), width, height };
}
