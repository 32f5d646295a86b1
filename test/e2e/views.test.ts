import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Engine } from '@/lib/db/engine';
import { overview } from '@/lib/overview';
import { cohortSummary, exits } from '@/lib/metrics/lists';
import { levelChange, schoolIndicators } from '@/lib/metrics/results';
import { objectivityMarkers, OBJECTIVITY_DEFAULTS } from '@/lib/metrics/objectivity';
import { riskComparison, riskGroup } from '@/lib/metrics/risk';
import { municipalitySummary } from '@/lib/metrics/municipalities';
import { formatPercent } from '@/lib/format';
import { freshBrowser, type FreshBrowser } from './browser';
import { serveExport, type StaticServer } from './server';
import { demoEngine } from '../helpers/demo';

const CITY = 'г. Северогорск';
const nbsp = (s: string | null) => (s ?? '').replace(/\s/g, ' ');

/** The view shows fresh figures for the current URL (which changes before React renders it). */
async function ready(page: Page) {
  await page.waitForFunction(
    `document.querySelector('[data-testid=view-state]')?.dataset.search === new URLSearchParams(location.search).toString()
      && document.querySelector('[data-testid=view-ready]') && !document.querySelector('[data-loading=true]')`,
    undefined, { timeout: 60_000 });
}
const rows = async (page: Page, id: string) => Number(await page.getAttribute(`[data-testid=table-${id}]`, 'data-rows'));

describe('views in Chromium agree with the same SQL under Node', () => {
  let server: StaticServer;
  let browser: FreshBrowser;
  let db: Engine;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    db = await demoEngine();
    server = await serveExport();
    browser = await freshBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.close();
  });
  const open = (path: string) => page.goto(`${server.url}${path.replace(/^\//, '')}`);

  it('Обзор for one municipality', async () => {
    await open(`/?mun=${encodeURIComponent(CITY)}`);
    await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
    const expected = await overview(db, { list: 'ШНОР', municipalities: [CITY] });
    expect(Number(await page.getAttribute('[data-testid=kpi-listed]', 'data-value'))).toBe(expected.cohort!.listed);
    expect(Number(await page.getAttribute('[data-testid=kpi-share]', 'data-value'))).toBeCloseTo(expected.share!, 12);
  });

  it('Когорты: a cell, and the schools behind it', async () => {
    await open('/cohorts/');
    await ready(page);
    const [y2024] = await cohortSummary(db, { list: 'ШНОР', year: 2024 });
    expect(Number(await page.textContent('[data-testid=cohort-2024-streak2]'))).toBe(y2024.streak2);
    await page.click('[data-testid=cohort-2024-streak2]');
    await page.waitForSelector('[data-testid=table-cohort-schools]');
    expect(await rows(page, 'cohort-schools')).toBe(y2024.streak2);
    expect(page.url()).toContain('cell=c%3A2024%3Astreak2');
  });

  it('Выход из перечня: rates by year, null for the last year', async () => {
    await open('/exits/');
    await ready(page);
    const expected = await exits(db, { list: 'ШНОР' });
    expect(await rows(page, 'exits-by-year')).toBe(expected.length);
    const text = nbsp(await page.textContent('[data-testid=table-exits-by-year]'));
    expect(text).toContain(nbsp(formatPercent(expected[0].exit_rate)));
    expect(text).toContain('нет данных');
  });

  it('Динамика: the level × change grid', async () => {
    await open('/dynamics/?from=2021&to=2025&subj=%D0%9C%D0%B0%D1%82%D0%B5%D0%BC%D0%B0%D1%82%D0%B8%D0%BA%D0%B0');
    await ready(page);
    const grid = await levelChange(db, { procedure: 'ВПР', subject: 'Математика', years: [2021, 2025] }, 'share_2');
    const cell = grid.filter((r) => r.level === 1 && r.change_level === 1).length;
    expect(Number(await page.textContent('[data-testid=grid-1-1]'))).toBe(cell);
    await page.click('[data-testid=grid-1-1]');
    await page.waitForSelector('[data-testid=table-grid-schools]');
    expect(await rows(page, 'grid-schools')).toBe(cell);
  });

  it('Объективность: a threshold from the link changes the list and the methodology text', async () => {
    await open('/objectivity/?year=2024&z=3.5');
    await ready(page);
    expect(await rows(page, 'markers')).toBe((await objectivityMarkers(db, { year: 2024 }, { ...OBJECTIVITY_DEFAULTS, zMin: 3.5 })).length);
    await page.waitForSelector('[data-testid=chart-vpr-oge][data-drawn=true]');
    await page.click('nav a[href*="methodology"]');
    await page.waitForSelector('[data-testid=methodology]');
    expect(page.url()).toContain('z=3.5');
    expect(await page.textContent('#objectivity')).toContain('z ≥ 3,5');
  });

  it('Группа риска and Муниципалитеты', async () => {
    await open('/risk/');
    await ready(page);
    expect(await rows(page, 'risk')).toBe((await riskGroup(db, {})).length);
    // The computed group and the published list, told apart and compared.
    const { summary } = await riskComparison(db, {});
    expect(await page.textContent('h1')).toContain('Группа риска по расчёту');
    expect(await page.textContent('[data-testid=risk-rule]')).toContain('нижней четверти');
    if (summary.published) {
      expect(Number((await page.textContent('[data-testid=risk-both]'))!.replace(/\s/g, ''))).toBe(summary.both);
      expect(Number((await page.textContent('[data-testid=risk-only-computed]'))!.replace(/\s/g, ''))).toBe(summary.only_computed);
      expect(Number((await page.textContent('[data-testid=risk-only-published]'))!.replace(/\s/g, ''))).toBe(summary.only_published);
    } else expect(await page.locator('[data-testid=risk-no-published]').count()).toBe(1);
    await open('/municipalities/');
    await ready(page);
    const m = await municipalitySummary(db, { list: 'ШНОР' });
    expect(await rows(page, 'municipalities')).toBe(m.length);
    const city = m.find((r) => r.municipality === CITY)!;
    expect(nbsp(await page.textContent('[data-testid=table-municipalities]'))).toContain(nbsp(formatPercent(city.share)));
  });

  it('Карточка ОО: found by search, with its indicators by year', async () => {
    await open('/school/');
    await page.fill('[data-testid=school-search]', 'edu9901007');
    await page.click('[data-testid=school-search-results] a');
    await ready(page);
    expect(page.url()).toContain('id=edu9901007');
    const own = await schoolIndicators(db, 'edu9901007', { procedure: 'ВПР' });
    expect(await rows(page, 'school-indicators')).toBe(own.length);
    const [row] = await db.query<{ name: string }>("SELECT name FROM schools WHERE school_id = 'edu9901007'");
    expect(await page.textContent('[data-testid=school-name]')).toBe(row.name);
  });

  it('had no errors in the console', () => {
    expect(errors).toEqual([]);
  });
});

describe('links reproduce views; bad parameters are noticed', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveExport();
  });
  afterAll(async () => server?.stop());

  it('a link copied after filter changes shows the same view in a fresh browser; back and forward work', async () => {
    const a = await freshBrowser();
    const page = await a.context.newPage();
    await page.goto(`${server.url}cohorts/`);
    await ready(page);
    await page.selectOption('[data-testid=filter-list]', 'группа_риска');
    await page.waitForURL(/list=/);
    await ready(page);
    await page.click('[data-testid=cohort-2023-first_time]');
    await page.waitForSelector('[data-testid=table-cohort-schools]');
    const url = page.url();
    const shown = await rows(page, 'cohort-schools');
    const headline = await page.textContent('h1');
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes('cell='));
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes('list='));
    await ready(page);
    expect(await page.inputValue('[data-testid=filter-list]')).toBe('ШНОР');
    await page.goForward();
    await page.waitForFunction(() => location.search.includes('list='));
    await a.close();

    const b = await freshBrowser();
    const again = await b.context.newPage();
    await again.goto(url);
    await ready(again);
    await again.waitForSelector('[data-testid=table-cohort-schools]');
    expect(await again.inputValue('[data-testid=filter-list]')).toBe('группа_риска');
    expect(await rows(again, 'cohort-schools')).toBe(shown);
    expect(await again.textContent('h1')).toBe(headline);
    await b.close();
  });

  it('a school card link with filters opens the same school and series', async () => {
    const b = await freshBrowser();
    const page = await b.context.newPage();
    await page.goto(`${server.url}school/?id=edu9901007&proc=%D0%9E%D0%93%D0%AD&ind=quality`);
    await ready(page);
    expect(await page.inputValue('[data-testid=filter-procedure]')).toBe('ОГЭ');
    expect(await page.inputValue('[data-testid=filter-indicator]')).toBe('quality');
    await page.waitForSelector('[data-testid=chart-school-trend][data-drawn=true]');
    await b.close();
  });

  it('unknown and invalid parameters give a Russian notice, never an error page', async () => {
    const b = await freshBrowser();
    const page = await b.context.newPage();
    await page.goto(`${server.url}?year=abc&foo=1&list=nope&mun=${encodeURIComponent('Несуществующий район')}`);
    // Values unknown to the data are noticed once the filter choices have loaded.
    await page.waitForFunction(`document.querySelector('[data-testid=url-notices]')?.textContent.includes('Муниципалитета')`, undefined, { timeout: 60_000 });
    await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
    const notice = await page.textContent('[data-testid=url-notices]');
    expect(notice).toContain('Параметр ссылки «year=abc» не распознан');
    expect(notice).toContain('Параметр ссылки «foo» неизвестен и пропущен');
    expect(notice).toContain('Параметр ссылки «list=nope» не распознан: показан перечень ШНОР');
    expect(notice).toContain('Муниципалитета «Несуществующий район» нет в данных');
    expect(Number(await page.getAttribute('[data-testid=kpi-listed]', 'data-value'))).toBeGreaterThan(0);
    await b.close();
  });
});
