// The report's whole text for the fixture region, compared with reviewed files under test/golden/
// (UPDATE_GOLDEN=1 rewrites them; read every changed line before committing).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { territoryData } from '@/lib/report/data';
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
  it('says when the chosen year has no list', async () => {
    const data = await territoryData(db(), { list: 'ШНОР', year: 2023, target: 0.15 });
    const text = reportMarkdown(territoryReport(data, PROVENANCE, ISSUED)).replace(/\u00a0/g, ' ');
    expect(text).toContain('Перечень ШНОР за 2023 год в данных не опубликован (опубликованы перечни 2021, 2022 и 2024 годов): выберите год перечня.');
  });
  it('writes report-school.md', async () => {
    const data = await schoolData(db(), 'С15');
    const text = reportMarkdown(schoolReport(data!, PROVENANCE, ISSUED));
    expect(text).not.toMatch(/NaN|undefined|null|Infinity|\[object/);
    compareGolden('report-school.md', text);
  });
});
