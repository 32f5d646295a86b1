import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { freshBrowser, type FreshBrowser } from './browser';
import { watchErrors } from './page';
import { serveExport, type StaticServer } from './server';
import { demoListsAndSchools, listReference } from '../helpers/list-reference';

async function kpi(page: Page, id: string): Promise<number | null> {
  const v = await page.getAttribute(`[data-testid=kpi-${id}]`, 'data-value');
  return v === '' || v === null ? null : Number(v);
}

describe('«Обзор» in Chromium', () => {
  let server: StaticServer;
  let browser: FreshBrowser;
  // The demo's figures counted in plain TypeScript from its CSV files (test/helpers/list-reference.ts), not by the SQL.
  const { lists, schools } = demoListsAndSchools();
  const ref = listReference(lists, schools, 'ШНОР');
  const year = ref.pub.at(-1)!;
  const expected = {
    year,
    cohort: ref.summary(year),
    exitRate: ref.exitRows.find((e) => e.next_year === year)!.exit_rate!,
    share: ref.share(year).share,
    bars: new Set(ref.streakRows.map((r) => `${r.year}:${Math.min(r.streak, 4)}`)).size,
  };
  beforeAll(async () => {
    server = await serveExport();
    browser = await freshBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the demo's figures, first precomputed, then from DuckDB-wasm", async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=chart-listed-by-streak][data-drawn=true]');
    for (const source of ['precomputed', 'duckdb']) {
      if (source === 'duckdb')
        await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
      const c = expected.cohort;
      expect(await kpi(page, 'listed')).toBe(c.listed);
      expect(await kpi(page, 'first-time')).toBe(c.first_time);
      expect(await kpi(page, 'returned')).toBe(c.returned);
      expect(await kpi(page, 'streak2')).toBe(c.streak2);
      expect(await kpi(page, 'streak3')).toBe(c.streak3);
      expect(await kpi(page, 'streak4plus')).toBe(c.streak4plus);
      expect(await kpi(page, 'exit-rate')).toBeCloseTo(expected.exitRate, 12);
      expect(await kpi(page, 'share')).toBeCloseTo(expected.share, 12);
    }
    // One bar segment per year and streak group with schools in it.
    const bars = await page.locator('[data-testid=chart-listed-by-streak] svg rect').count();
    expect(bars).toBeGreaterThanOrEqual(expected.bars);
    expect(await page.textContent('h1')).toContain(String(expected.year));
    expect(errors).toEqual([]);
  });

  it('takes the target typed with a decimal comma, and refuses an out-of-range one beside the field without changing it', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
    const field = page.locator('[data-testid=filter-target]');
    // The share's hint names the target; it follows once the new state's statement is answered.
    const targetShown = (text: string) =>
      page.waitForFunction(
        (t) =>
          document
            .querySelector('[data-testid=kpi-share]')!
            .textContent!.replace(/\s/g, ' ')
            .includes(`цель — ${t} %`),
        text,
        { timeout: 30_000 },
      );
    await field.fill('12,5');
    await field.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('target') === '12.5');
    // The link changes first.
    await targetShown('12,5');
    expect(await page.locator('[data-testid=filter-target-error]').count()).toBe(0);
    // The target as typed, not rounded to tenths of a percent («7,25 %», not «7,3 %»).
    await field.fill('7,25');
    await field.press('Enter');
    await targetShown('7,25');
    await field.fill('12,5');
    await field.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('target') === '12.5');
    await field.fill('125');
    await field.press('Tab');
    expect(await page.textContent('[data-testid=filter-target-error]')).toBe('Допустимо от 0 до 100');
    // Neither reverted nor applied: the field keeps what was typed, the view keeps 12,5 %.
    expect(await field.inputValue()).toBe('125');
    expect(new URL(page.url()).searchParams.get('target')).toBe('12.5');
    await field.fill('1 2,5');
    await field.press('Enter');
    expect(await page.textContent('[data-testid=filter-target-error]')).toBe('«1 2,5» — не число');
    await page.close();
  });

  it('downloads a chart that stands alone and a table as a typed Excel book', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid=chart-listed-by-streak][data-drawn=true]');
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=chart-listed-by-streak-svg]'),
    ]);
    expect(svg.suggestedFilename()).toBe(
      'chislo-shkol-v-perechne-shnor-po-godam-po-chislu-let-v-perechne-podryad_region.svg',
    );
    const text = readFileSync((await svg.path())!, 'utf8');
    expect(text).toContain('Число школ в перечне ШНОР по годам');
    expect(text).toContain('регион');
    expect(text).toMatch(
      /Источник: ШНОР-Динамика, демо-данные \(вымышленный регион\), данные за \d{4}–\d{4} годы; выгружено \d\d\.\d\d\.\d{4}/,
    );
    // The legend's labels travel with the plot.
    for (const label of ['1-й год', '4 года и более']) expect(text).toContain(label);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=chart-listed-by-streak-png]'),
    ]);
    expect(png.suggestedFilename()).toMatch(/_region\.png$/);
    expect(
      readFileSync((await png.path())!)
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    await page.goto(`${server.url}municipalities/`);
    await page.waitForSelector('[data-testid=view-ready][data-loading=false]', { timeout: 60_000 });
    const [book] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=xlsx-municipalities]'),
    ]);
    expect(book.suggestedFilename()).toBe('municipalitety.xlsx');
    const ws = Object.values(XLSX.read(readFileSync((await book.path())!), { cellNF: true }).Sheets)[0];
    expect(ws.A1.v).toBe('Муниципалитет');
    expect([ws.D1.v, ws.D2.t, ws.D2.z]).toEqual(['Доля в перечне', 'n', '0.0%']);
    expect([ws.B2.t, ws.B2.z]).toEqual(['n', '#,##0']);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=csv-municipalities]'),
    ]);
    const header = readFileSync((await csv.path())!, 'utf8').split('\n')[0];
    expect(header).toContain('Доля в перечне, %');
    await page.close();
  });

  it('renders the methodology page with the thresholds in force', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}methodology/`);
    await page.waitForSelector('[data-testid=methodology]');
    expect(await page.textContent('h1')).toBe('Методика расчёта показателей');
    // The defaults: a sign needs z ≥ 4,5 and 10 pupils; five signs count as markers (journal, peaks, jump,
    // unconfirmed, combined), then the journal's other side and the official list.
    expect(await page.textContent('#objectivity')).toContain('z ≥ 4,5');
    expect(await page.locator('#objectivity dt').count()).toBe(7);
    expect(await page.textContent('#objectivity')).toContain('Несколько признаков вместе');
  });
});
