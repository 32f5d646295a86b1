// The report's whole text for the fixture region, compared with reviewed files under test/golden/
// (UPDATE_GOLDEN=1 rewrites them; read every changed line before committing).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  territoryData,
  territoryListsBase,
  territoryListsOfYear,
  territoryResults,
  territorySigns,
} from '@/lib/report/data';
import { territoryReport } from '@/lib/report/territory';
import { reportMarkdown } from '@/lib/report/markdown';
import { schoolData, schoolReport } from '@/lib/report/school';
import { describeOnEngines } from '../helpers/engines';
import { ISSUED, PROVENANCE, REPORT_REGION } from '../fixtures/report/region';

const GOLDEN = join(import.meta.dirname, '..', 'golden');

export function compareGolden(name: string, text: string) {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const CASES: [file: string, municipalities: string[], year?: number][] = [
  ['report-21-schools.md', ['Северный район']],
  ['report-1-school.md', ['Южный район']],
  ['report-0-schools.md', ['Западный район']],
  ['report-region.md', []],
  ['report-region-2022.md', [], 2022],
];

describeOnEngines('report text', REPORT_REGION, (db) => {
  for (const [file, municipalities, year] of CASES) {
    it(`writes ${file}`, async () => {
      const data = await territoryData(db(), { list: 'ШНОР', municipalities, year, target: 0.15 });
      const text = reportMarkdown(territoryReport(data, PROVENANCE, ISSUED));
      expect(text).not.toMatch(/NaN|undefined|null|Infinity|\[object/);
      compareGolden(file, text);
    });
  }
  it('writes the same report-region-2022.md when the year is chosen after the list figures were read', async () => {
    // As the page does on a change of year: the figures no year changes are read once, without a year.
    const base = await territoryListsBase(db(), { list: 'ШНОР', municipalities: [], target: 0.15 });
    const p = { list: 'ШНОР', municipalities: [], year: 2022, target: 0.15 };
    const lists = await territoryListsOfYear(db(), p, base);
    const data = {
      ...lists,
      ...(await territoryResults(db(), p, 2022)),
      ...(await territorySigns(db(), p, 2022)),
    };
    compareGolden('report-region-2022.md', reportMarkdown(territoryReport(data, PROVENANCE, ISSUED)));
  });
  it("says in the streak chart's caption when a year's split is not known (the list's first year in the data)", async () => {
    const data = await territoryData(db(), { list: 'ШНОР', municipalities: [], target: 0.15 });
    const report = territoryReport(data, PROVENANCE, ISSUED);
    const chart = report.sections
      .flatMap((s) => s.blocks)
      .find((b) => b.kind === 'chart' && b.chart.kind === 'streaks');
    // The fixture's ШНОР begins in 2021: that year's schools are in no known streak group.
    expect(chart?.kind === 'chart' && chart.caption).toContain('белый — срок не известен');
    const rows = chart?.kind === 'chart' && chart.chart.kind === 'streaks' ? chart.chart.rows : [];
    expect(rows.filter((r) => r.year === 2021).every((r) => !r.known)).toBe(true);
    // 2024 is its third published year (2021, 2022, 2024): the data's start forces only 4+ (to 0), as on the cards.
    expect(rows.filter((r) => r.year === 2024).map((r) => r.known)).toEqual([true, true, true, false]);
  });

  it('says when the chosen year has no list', async () => {
    const data = await territoryData(db(), { list: 'ШНОР', year: 2023, target: 0.15 });
    const text = reportMarkdown(territoryReport(data, PROVENANCE, ISSUED)).replace(/\u00a0/g, ' ');
    expect(text).toContain(
      'Перечень ШНОР за 2023 год в данных не опубликован (опубликованы перечни 2021, 2022 и 2024 годов): выберите год перечня.',
    );
  });
  it('in the first year of the data names no list or ВПР year the data does not have', async () => {
    // The fixture's ШНОР and its ВПР both begin in 2021.
    const data = await territoryData(db(), { list: 'ШНОР', year: 2021, target: 0.15 });
    const text = reportMarkdown(territoryReport(data, PROVENANCE, ISSUED)).replace(/\u00a0/g, ' ');
    expect(text).toContain('Темп изменения доли оценить нельзя: перечня ШНОР до 2021 года в данных нет.');
    expect(text).toContain(
      'Изменение числа ОО в перечне по муниципалитетам оценить нельзя: перечня ШНОР до 2021 года в данных нет.',
    );
    expect(text).toContain('ОО перечня 2021 года: ВПР за 2021 год (первый и последний год с данными)');
    expect(text).toContain('Изменение доли «2» не оценить: результатов ВПР до 2021 года в данных нет.');
    expect(text).not.toMatch(/2019|2020|один перечень|перечень один/);
  });
  it('shows only the chosen procedures in the results section', async () => {
    const data = await territoryData(db(), {
      list: 'ШНОР',
      municipalities: ['Северный район'],
      target: 0.15,
      procedures: ['ЕГЭ', 'ОГЭ'],
    });
    const text = reportMarkdown(territoryReport(data, PROVENANCE, ISSUED)).replace(/\u00a0/g, ' ');
    const results = text.slice(text.indexOf('## 4.'), text.indexOf('## 5.'));
    // report-21-schools.md's section 4 without its ВПР paragraph, table and chart: ОГЭ first, so its table is now the 4th.
    expect(text).toContain('- Результаты: ОГЭ и ЕГЭ по предметам «Русский язык» и «Математика»');
    expect(results).toContain(
      'ОГЭ, математика. У ОО перечня доля «2» не изменилась: 20,0 % в 2022 и в 2024 году',
    );
    expect(results).toContain('Таблица 4. ОГЭ: ОО перечня, остальные ОО территории и регион');
    expect(results).toContain('ЕГЭ: результатов по предметам «Русский язык» и «Математика» в данных нет.');
    expect(results).not.toMatch(/ВПР/);
  });
  it('writes report-school.md', async () => {
    const data = await schoolData(db(), 'С15');
    const text = reportMarkdown(schoolReport(data!, PROVENANCE, ISSUED));
    expect(text).not.toMatch(/NaN|undefined|null|Infinity|\[object/);
    compareGolden('report-school.md', text);
  });
});
