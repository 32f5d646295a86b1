// The DOCX read back as Word would show it (mammoth to HTML): headings, numbers, tables with their header row.
import { expect, it } from 'vitest';
import mammoth from 'mammoth';
import { territoryData } from '@/lib/report/data';
import { territoryReport } from '@/lib/report/territory';
import { reportDocxBuffer } from '@/lib/report/docx';
import { cohortSummary, exits, listShare } from '@/lib/metrics/lists';
import { pct } from '@/lib/report/russian';
import { describeOnEngines } from '../helpers/engines';
import { ISSUED, PROVENANCE, REPORT_REGION } from '../fixtures/report/region';

const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describeOnEngines('report DOCX', REPORT_REGION, (db) => {
  it('has the headings, the metric functions’ numbers and the tables', async () => {
    const f = { list: 'ШНОР', municipalities: ['Северный район'] };
    const data = await territoryData(db(), { ...f, target: 0.15 });
    const report = territoryReport(data, PROVENANCE, ISSUED);
    const buffer = await reportDocxBuffer(report);
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const { value: html } = await mammoth.convertToHtml({ buffer });
    const text = plain(html);
    expect(text).toContain('<h1>Справка о перечне ШНОР за 2024 год</h1>');
    expect([...text.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1])).toEqual([
      '1. Состав перечня',
      '2. Выход из перечня (переход в эффективный режим)',
      '3. Доля ОО в перечне и целевое значение',
      '4. Результаты ОО перечня',
      '5. Объективность результатов и группа риска',
      '6. ОО перечня 2024 года',
    ]);
    // Numbers in the text are the metric functions' own, as the views show them.
    const [c2024] = await cohortSummary(db(), { ...f, year: 2024 });
    const into = (await exits(db(), f)).find((e) => e.next_year === 2024)!;
    const share = (await listShare(db(), f)).find((r) => r.year === 2024)!;
    expect(text).toContain(`входит ${c2024.listed} ОО`);
    expect(text).toContain(`третий год — ${c2024.streak3}`);
    expect(text).toContain(
      `вышли ${into.exited} ОО: доля выхода в эффективный режим — ${plain(pct(into.exit_rate!))}`,
    );
    expect(text).toContain(
      `${share.listed} ОО из ${share.active} действующих ОО территории — ${plain(pct(share.share!))}`,
    );
    // Six tables (composition, exits, share, ВПР, ОГЭ, schools); the schools' table has 21 rows and a header.
    const tables = [...text.matchAll(/<table>(.*?)<\/table>/g)].map((m) => m[1]);
    expect(tables).toHaveLength(6);
    expect(tables[5].match(/<tr>/g)).toHaveLength(22);
    expect(tables[5]).toContain('<p><strong>Лет в перечне подряд</strong></p>');
    expect(text).not.toMatch(/NaN|undefined/);
  });
});
