// The report as a standalone HTML file (the CLI's html): A4 print styles, tables only.
import type { Report } from './model';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const PRINT_CSS = `
  @page { size: A4 portrait; margin: 2cm 1.5cm 2cm 3cm; @bottom-center { content: counter(page); font: 10pt 'Times New Roman', serif; } }
  body { font: 14pt/1.5 'Times New Roman', Times, serif; color: #000; max-width: 17cm; margin: 1cm auto; }
  h1 { font-size: 16pt; text-align: center; margin: 0; } h2 { font-size: 14pt; break-after: avoid; margin: 1.2em 0 0.4em; }
  p { text-align: justify; margin: 0 0 0.5em; text-indent: 1.25cm; }
  .meta { list-style: none; padding: 0; font-size: 12pt; } .subtitle { text-align: center; font-weight: bold; text-indent: 0; }
  table { border-collapse: collapse; width: 100%; font-size: 11pt; line-height: 1.2; margin: 0.3em 0 0.8em; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  th, td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; } th { font-weight: bold; } td.num { text-align: right; white-space: nowrap; }
  caption { caption-side: top; text-align: left; font-size: 12pt; padding-bottom: 2px; break-after: avoid; }
  .note { font-size: 11pt; text-indent: 0; }`;

export function reportHtml(r: Report): string {
  const body: string[] = [
    `<h1>${esc(r.title)}</h1>`,
    `<p class="subtitle">${esc(r.subtitle)}</p>`,
    `<ul class="meta">${r.meta.map(([k, v]) => `<li>${esc(k)}: ${esc(v)}</li>`).join('')}</ul>`,
  ];
  let tables = 0;
  r.sections.forEach((s, i) => {
    body.push(`<section id="${s.id}"><h2>${i + 1}. ${esc(s.title)}</h2>`);
    for (const b of s.blocks) {
      if (b.kind === 'p') body.push(`<p>${esc(b.text)}</p>`);
      else if (b.kind === 'table') {
        const t = b.table;
        body.push(
          `<table><caption>Таблица ${++tables}. ${esc(t.caption)}</caption><thead><tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>` +
            t.rows
              .map(
                (row) =>
                  `<tr>${row.map((v, j) => `<td${t.numeric[j] ? ' class="num"' : ''}>${esc(v)}</td>`).join('')}</tr>`,
              )
              .join('') +
            '</tbody></table>' +
            (t.note ? `<p class="note">${esc(t.note)}</p>` : ''),
        );
      }
    }
    body.push('</section>');
  });
  return `<!doctype html>\n<html lang="ru"><head><meta charset="utf-8"><title>${esc(r.title)} — ${esc(r.subtitle)}</title><style>${PRINT_CSS}</style></head><body>\n${body.join('\n')}\n</body></html>\n`;
}
