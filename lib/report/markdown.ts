// The report as Markdown (the golden files and the CLI's md): tables as pipe tables; charts are omitted,
// since their data is in the table before them.
import type { Report, ReportTable } from './model';

const esc = (s: string) => s.replace(/\|/g, '\\|');

function mdTable(t: ReportTable, n: number): string {
  const lines = [
    `Таблица ${n}. ${t.caption}`,
    '',
    `| ${t.header.map(esc).join(' | ')} |`,
    `|${t.numeric
      .slice(0, t.header.length)
      .map((r) => (r ? '---:' : '---'))
      .join('|')}|`,
  ];
  for (const row of t.rows) lines.push(`| ${row.map(esc).join(' | ')} |`);
  if (t.note) lines.push('', `*${t.note}*`);
  return lines.join('\n');
}

export function reportMarkdown(r: Report): string {
  const out = [`# ${r.title}`, '', `**${r.subtitle}**`, '', ...r.meta.map(([k, v]) => `- ${k}: ${v}`)];
  let tables = 0;
  r.sections.forEach((s, i) => {
    out.push('', `## ${i + 1}. ${s.title}`);
    for (const b of s.blocks) {
      if (b.kind === 'p') out.push('', b.text);
      else if (b.kind === 'table') out.push('', mdTable(b.table, ++tables));
    }
  });
  return `${out.join('\n')}\n`;
}
