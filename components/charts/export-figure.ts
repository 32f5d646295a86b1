// A chart as a file that stands alone when pasted into a report: title, territory and period, the legend,
// the plot, and «Источник: …» with the date, composed into one SVG (and drawn from it as PNG).

export interface FigureMeta {
  title: string;
  /** Territory and period, e.g. «г. Северогорск, 2021–2025». */
  subtitle: string;
  source: string;
}

const NS = 'http://www.w3.org/2000/svg';
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Words of `text` in lines of at most `chars` characters. */
function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/)) {
    if (line && `${line} ${w}`.length > chars) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

/** Plot's swatch legends (HTML) as colour and label pairs; ramp legends are SVGs of their own. */
function legendOf(figure: Element): { swatches: { color: string; label: string }[]; ramps: SVGSVGElement[] } {
  const swatches = [...figure.querySelectorAll('[class$="-swatch"]')].map((el) => {
    const svg = el.querySelector('svg');
    const shape = svg?.querySelector('[fill]:not([fill=none])');
    return {
      color:
        svg?.getAttribute('fill') ?? shape?.getAttribute('fill') ?? svg?.getAttribute('stroke') ?? '#888',
      label: el.textContent?.trim() ?? '',
    };
  });
  const ramps = [...figure.querySelectorAll('svg[class$="-ramp"]')] as SVGSVGElement[];
  return { swatches, ramps };
}

export function composeFigure(
  figure: Element,
  plot: SVGSVGElement,
  meta: FigureMeta,
): { svg: string; width: number; height: number } {
  const width = Math.max(Number(plot.getAttribute('width')) || plot.getBoundingClientRect().width, 320);
  const plotHeight = Number(plot.getAttribute('height')) || plot.getBoundingClientRect().height;
  const pad = 16;
  const perLine = Math.floor((width - 2 * pad) / 8.5);
  const parts: string[] = [];
  let y = pad;
  for (const line of wrap(meta.title, Math.floor(perLine * 0.85))) {
    y += 20;
    parts.push(
      `<text x="${pad}" y="${y}" font-size="16" font-weight="600" fill="#0f172a">${esc(line)}</text>`,
    );
  }
  if (meta.subtitle) {
    y += 18;
    parts.push(`<text x="${pad}" y="${y}" font-size="12" fill="#475569">${esc(meta.subtitle)}</text>`);
  }
  const { swatches, ramps } = legendOf(figure);
  if (swatches.length) {
    y += 10;
    let x = pad;
    let row = y + 12;
    for (const s of swatches) {
      const w = 18 + s.label.length * 6.5 + 14;
      if (x + w > width - pad && x > pad) {
        x = pad;
        row += 18;
      }
      parts.push(
        `<rect x="${x}" y="${row - 10}" width="12" height="12" fill="${esc(s.color)}"/><text x="${x + 16}" y="${row}" font-size="11" fill="#0f172a">${esc(s.label)}</text>`,
      );
      x += w;
    }
    y = row + 6;
  }
  for (const ramp of ramps) {
    const h = Number(ramp.getAttribute('height')) || 50;
    const clone = ramp.cloneNode(true) as SVGSVGElement;
    clone.setAttribute('x', String(pad));
    clone.setAttribute('y', String(y + 6));
    parts.push(new XMLSerializer().serializeToString(clone));
    y += h + 6;
  }
  const body = plot.cloneNode(true) as SVGSVGElement;
  body.setAttribute('x', '0');
  body.setAttribute('y', String(y + 8));
  body.setAttribute('width', String(width));
  body.setAttribute('height', String(plotHeight));
  parts.push(new XMLSerializer().serializeToString(body));
  y += 8 + plotHeight;
  for (const line of wrap(meta.source, perLine)) {
    y += 16;
    parts.push(`<text x="${pad}" y="${y}" font-size="11" fill="#475569">${esc(line)}</text>`);
  }
  const height = Math.ceil(y + pad);
  const svg = `<svg xmlns="${NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" style="background:white"><rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>`;
  return { svg, width, height };
}
