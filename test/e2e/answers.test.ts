// A municipality's «Справка» opened from its link shows its whole text and charts from the build's prepared
// answers while DuckDB-wasm is still held back, and the same text as the engine computes it; so does another
// year chosen on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { demoListsAndSchools, listReference } from '../helpers/list-reference';
import { servedPage, type ServedPage, watchErrors } from './page';

const CITY = 'г. Северогорск';
const LINK = `report/?mun=${encodeURIComponent(CITY)}`;

const reportReady = (page: Page) =>
  page.waitForFunction(
    `document.querySelector('[data-testid=report][data-loading=false]') && ![...document.querySelectorAll('[data-chart-id]')].some((f) => f.dataset.drawn !== 'true')`,
    undefined,
    { timeout: 60_000 },
  );
const reportText = async (page: Page) =>
  (await page.textContent('[data-testid=report-document]'))!.replace(/\s/g, ' ');
const engineUp = (page: Page) => page.evaluate(() => performance.getEntriesByName('duckdb:load').length > 0);

describe('prepared answers in Chromium', () => {
  let s: ServedPage;
  beforeAll(async () => {
    s = await servedPage();
  });
  afterAll(async () => s?.close());

  it('shows a municipality’s report before the engine is up, the same as the engine computes it', async () => {
    const { page } = s;
    const held: Route[] = [];
    let release = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    await page.route('**/duckdb/duckdb-eh.wasm', async (route) => {
      held.push(route);
      await released;
      await route.continue();
    });
    await s.open(LINK);
    await reportReady(page);
    // The report may be ready before the worker even asks for the wasm: wait for that request, held.
    await expect.poll(() => held.length, { timeout: 30_000 }).toBe(1);
    expect(await engineUp(page)).toBe(false);
    const answered = await reportText(page);
    // The list figures, counted in TypeScript from the demo's CSV files.
    const { lists, schools } = demoListsAndSchools();
    const city = new Set(schools.filter((x) => x.municipality === CITY).map((x) => x.school_id));
    const ref = listReference(lists, schools, 'ШНОР', (id) => city.has(id));
    const year = ref.pub.at(-1)!;
    const c = ref.summary(year);
    expect(answered).toContain(`Справка о перечне ШНОР за ${year} год`);
    expect(answered).toContain(`${c.listed} ОО: впервые — ${c.first_time}`);
    expect(answered).not.toMatch(/NaN|undefined/);

    // Released: the engine comes up and changes nothing on the page.
    release();
    await page.waitForFunction(() => performance.getEntriesByName('duckdb:load').length > 0, undefined, {
      timeout: 60_000,
    });
    expect(await reportText(page)).toBe(answered);

    // Without the answers file every figure comes from the engine: the same text.
    await page.route('**/data/answers/**', (route) => route.fulfill({ status: 404, body: '' }));
    await page.reload();
    await reportReady(page);
    expect(await engineUp(page)).toBe(true);
    expect(await reportText(page)).toBe(answered);
    expect(s.errors.filter((e) => !/404/.test(e))).toEqual([]);
  });

  it('answers a year chosen on the municipality’s report before the engine is up', async () => {
    const p = await s.browser.context.newPage();
    const errors = watchErrors(p);
    await p.route('**/duckdb/duckdb-eh.wasm', () => {});
    try {
      await p.goto(`${s.server.url}${LINK}`);
      await reportReady(p);
      const { lists, schools } = demoListsAndSchools();
      const city = new Set(schools.filter((x) => x.municipality === CITY).map((x) => x.school_id));
      const ref = listReference(lists, schools, 'ШНОР', (id) => city.has(id));
      const year = ref.pub.at(-2)!;
      const c = ref.summary(year);
      await p.selectOption('[data-testid=filter-year]', String(year));
      await p.waitForFunction(
        (y) =>
          document
            .querySelector('[data-testid=report-document]')
            ?.textContent?.replace(/\u00a0/g, ' ')
            .includes(`за ${y} год`),
        year,
      );
      await reportReady(p);
      const text = await reportText(p);
      expect(text).toContain(`${c.listed} ОО: впервые — ${c.first_time}`);
      expect(text).not.toMatch(/NaN|undefined/);
      expect(await engineUp(p)).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
