import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Engine } from '@/lib/db/engine';
import {
  objectivityFlags, objectivityMarkers, officialAgreement, officialListYear, schoolTests, OBJECTIVITY_DEFAULTS,
} from '@/lib/metrics/objectivity';
import { formatInt } from '@/lib/format';
import { freshBrowser, type FreshBrowser } from './browser';
import { serveExport, type StaticServer } from './server';
import { demoEngine } from '../helpers/demo';

/** The view shows fresh figures for the current URL, every panel loaded. */
async function ready(page: Page) {
  await page.waitForFunction(
    `document.querySelector('[data-testid=view-state]')?.dataset.search === new URLSearchParams(location.search).toString()
      && document.querySelector('[data-testid=view-ready]') && !document.querySelector('[data-loading=true]')`,
    undefined, { timeout: 90_000 });
}
const rows = async (page: Page, id: string) => Number(await page.getAttribute(`[data-testid=table-${id}]`, 'data-rows'));
const nbsp = (s: string | null) => (s ?? '').replace(/\s/g, ' ');

describe('«Объективность» in Chromium', () => {
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

  // One page for the whole walk: the steps move within the app as a user would.
  it('lists the schools with markers that the same SQL lists under Node; a retired parameter gets a Russian notice', async () => {
    await open('/objectivity/?year=2024&jtop=5');
    await ready(page);
    expect(await page.textContent('[data-testid=url-notices]')).toContain('Параметр ссылки «jtop» относится к прежним правилам');
    const markers = await objectivityMarkers(db, { year: 2024 });
    expect(await rows(page, 'markers')).toBe(markers.length);
    expect(nbsp(await page.textContent('h2:has-text("Школы с признаками")'))).toBe(nbsp(`Школы с признаками: ${formatInt(markers.length)}`));
    const first = page.locator('[data-testid=table-markers] tbody tr').first();
    expect(await first.textContent()).toContain(markers[0].papers);
    // A row's reasons are read when it is opened, grouped by paper.
    await first.locator('summary').click();
    await page.waitForSelector('[data-testid=table-markers] [data-testid=reasons] li');
    const flags = await objectivityFlags(db, { school: markers[0].school_id, year: 2024 });
    expect(await page.locator('[data-testid=table-markers] [data-testid=reasons] li').count()).toBe(flags.length);
    expect(await page.locator('[data-testid=table-markers] [data-testid=paper-signs]').count()).toBe(markers[0].markers);
    expect(await page.locator('[data-testid=table-markers] [data-testid=reasons] li').first().textContent()).toBe(flags[0].reason);
  });

  it('z typed with a decimal comma in the form goes to the link as 3.5 and lists more schools; a wrong entry is said, not applied', async () => {
    const before = await rows(page, 'markers');
    await page.click('[data-testid=objectivity-settings] summary');
    expect(await page.inputValue('[data-testid=threshold-z]')).toBe('4,5');
    await page.fill('[data-testid=threshold-z]', '3,5');
    await page.press('[data-testid=threshold-z]', 'Enter');
    await page.waitForURL(/[?&]z=3\.5(&|$)/);
    await ready(page);
    const after = await rows(page, 'markers');
    expect(after).toBeGreaterThan(before);
    expect(after).toBe((await objectivityMarkers(db, { year: 2024 }, { ...OBJECTIVITY_DEFAULTS, zMin: 3.5 })).length);
    expect(await page.inputValue('[data-testid=threshold-z]')).toBe('3,5');

    await page.fill('[data-testid=threshold-z]', '3,5,1');
    await page.press('[data-testid=threshold-z]', 'Enter');
    await page.waitForSelector('[data-testid=threshold-z-error]');
    expect(page.url()).toContain('z=3.5');
    expect(await page.inputValue('[data-testid=threshold-z]')).toBe('3,5,1');

    await page.click('[data-testid=objectivity-defaults]');
    await page.waitForFunction(() => !location.search.includes('z='));
    await ready(page);
    expect(await rows(page, 'markers')).toBe(before);
  });

  it('a school picked in the table shows its evidence: every test, the signs highlighted, the histogram', async () => {
    const markers = await objectivityMarkers(db, { year: 2024 });
    const pick = markers[1] ?? markers[0];
    await page.fill('[data-testid=search-markers]', pick.school_id);
    await page.waitForFunction(`document.querySelector('[data-testid=table-markers]')?.dataset.rows === '1'`);
    await ready(page);
    await page.locator('[data-testid=table-markers] tbody tr').first().locator('summary').click();
    await page.click('[data-testid=table-markers] [data-testid=show-evidence]');
    await page.waitForURL(new RegExp(`id=${pick.school_id}`));
    await ready(page);
    const tests = await schoolTests(db, pick.school_id, 2024);
    const flags = await objectivityFlags(db, { school: pick.school_id, year: 2024 });
    expect(Number(await page.getAttribute('[data-testid=evidence-tests]', 'data-rows'))).toBe(tests.length);
    expect(await page.locator('[data-testid=evidence-tests] tr[data-sign=true]').count()).toBe(flags.length);
    expect(await page.textContent('[data-testid=evidence] h2')).toContain(pick.name);
    await page.waitForSelector('[data-testid=chart-score-histogram][data-drawn=true]');
  });

  it('fits a 390 px phone without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.documentElement.clientWidth === 390);
    await page.waitForSelector('[data-testid=chart-score-histogram][data-drawn=true]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('Карточка ОО lists the school’s papers with signs', async () => {
    const markers = await objectivityMarkers(db, { year: 2024 });
    const pick = markers[1] ?? markers[0];
    await page.click('[data-testid=evidence] a:has-text("Карточка ОО")');
    await page.waitForSelector('[data-testid=school]');
    await ready(page);
    const text = await page.textContent('[data-testid=school-flags-2024]');
    for (const paper of pick.papers.split(', ')) expect(text).toContain(paper);
    expect(await page.locator('[data-testid=school-flags-2024] [data-testid=paper-signs]').count()).toBe(pick.markers);
    await page.goBack();
    await page.waitForSelector('[data-testid=objectivity]');
  });

  it('compares with the official list as officialAgreement counts it', async () => {
    await page.selectOption('[data-testid=filter-year]', '2023');
    await page.waitForURL(/year=2023/);
    await ready(page);
    // The demo's list «необъективность» is published for 2024, so 2023's results are compared with it.
    expect(await officialListYear(db, 2023)).toBe(2024);
    const [total, ...municipalities] = await officialAgreement(db, {}, 2023, 2024);
    const figure = async (id: string) => page.getAttribute(`[data-testid=official-${id}]`, 'data-value');
    expect(Number(await figure('both'))).toBe(total.both);
    expect(Number(await figure('only-computed'))).toBe(total.only_computed);
    expect(Number(await figure('only-official'))).toBe(total.only_official);
    expect(Number(await figure('found'))).toBeCloseTo(total.found!, 12);
    expect(Number(await figure('confirmed'))).toBeCloseTo(total.confirmed!, 12);
    expect(await rows(page, 'official-municipalities')).toBe(municipalities.length);
    expect(await rows(page, 'official-schools')).toBe(total.both + total.only_computed + total.only_official);
    expect(await page.textContent('[data-testid=official] h2')).toContain('2024 года');
  });

  it('had no errors in the console', () => {
    expect(errors).toEqual([]);
  });
});
