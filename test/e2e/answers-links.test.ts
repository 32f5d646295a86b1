// Links one filter away from a view's default state (a year, a list, a municipality, a subject, a grade, a
// procedure, an indicator) open with every figure from the build's prepared answers while DuckDB-wasm is held
// back, and the engine, once up, shows the same; a link two filters away waits for the engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedPage, type ServedPage, viewReady } from './page';

const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
const CITY = 'г. Северогорск';
const ONE_AWAY = [
  `?${q({ list: 'необъективность' })}`,
  `dynamics/?${q({ subj: 'Математика' })}`,
  `dynamics/?${q({ proc: 'ОГЭ' })}`,
  `cohorts/?${q({ mun: CITY })}`,
  'exits/?year=2021',
  `objectivity/?${q({ grade: '5' })}`,
  'risk/?year=2022',
  `municipalities/?${q({ list: 'группа_риска' })}`,
];

/** The view's figures for the link: «Обзор» says where its figures came from; the others use the views' wait. */
async function ready(s: ServedPage, link: string, timeout = 30_000) {
  if (link.startsWith('?'))
    await s.page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout });
  else await viewReady(s.page, timeout);
  await s.page.waitForFunction(
    `![...document.querySelectorAll('[data-chart-id]')].some((f) => f.dataset.drawn !== 'true')`,
    undefined,
    { timeout },
  );
}
// innerText: the lines as laid out, so that the label's removal below leaves the same lines.
// biome-ignore lint/performance/useDomNodeTextContent: the rendered lines are what is compared
const mainText = (s: ServedPage) => s.page.evaluate(() => document.querySelector('main')!.innerText);
/** The main text once two reads 500 ms apart agree (charts draw after the figures arrive). */
async function settledText(s: ServedPage) {
  let last = await mainText(s);
  for (;;) {
    await s.page.waitForTimeout(500);
    const now = await mainText(s);
    if (now === last) return now;
    last = now;
  }
}
const engineUp = (s: ServedPage) =>
  s.page.evaluate(() => performance.getEntriesByName('duckdb:load').length > 0);

describe('prepared answers of links one filter away', () => {
  let s: ServedPage;
  beforeAll(async () => {
    s = await servedPage();
    // The engine never comes up in this page: its wasm is never answered.
    await s.page.route('**/duckdb/duckdb-eh.wasm', () => undefined);
  });
  afterAll(async () => s?.close());

  it("a school's card, with its filters, shows the school and its list history before the engine is up", async () => {
    // edu9901035: on ШНОР in 2021 and 2022 alone (data/generated/demo/lists.csv), so its history chart writes the
    // streak 1 and 2; its results and signs wait for the engine.
    await s.open(`school/?${q({ id: 'edu9901035', proc: 'ОГЭ' })}`);
    await s.page.waitForSelector('[data-testid=chart-list-history][data-drawn=true]', { timeout: 30_000 });
    expect(await s.page.locator('[data-testid=school-name]').textContent()).toBe('МБОУ «СОШ № 35»');
    const streaks = await s.page.$$eval('[data-testid=chart-list-history] svg g[fill=white] text', (ts) =>
      ts.map((t) => t.textContent),
    );
    expect(streaks.sort()).toEqual(['1', '2']);
    expect(await engineUp(s)).toBe(false);
  });

  it.each(ONE_AWAY)('%s shows every figure before the engine is up', async (link) => {
    await s.open(link);
    await ready(s, link);
    expect(await engineUp(s)).toBe(false);
    const text = await mainText(s);
    expect(text).not.toMatch(/NaN|undefined|Считаем/);
    expect(text).not.toContain('Рассчитано в браузере');
  });

  it('a link two filters away waits for the engine', async () => {
    await s.open(`risk/?year=2022&mun=${encodeURIComponent(CITY)}`);
    await s.page.waitForTimeout(3_000);
    expect(await s.page.$('[data-testid=loading]')).not.toBeNull();
    expect(await engineUp(s)).toBe(false);
  });

  it('the engine, once up, shows the same figures', async () => {
    const fresh = await servedPage();
    try {
      for (const link of ONE_AWAY.slice(0, 3)) {
        await s.open(link);
        await ready(s, link);
        const answered = await settledText(s);
        // The same link in a page whose answers are all refused: every figure from DuckDB-wasm.
        await fresh.page.route('**/data/answers/**', (route) => route.fulfill({ status: 404, body: '' }));
        await fresh.open(link);
        await ready(fresh, link, 60_000);
        expect(await engineUp(fresh)).toBe(true);
        // Only the label of figures computed in the tab differs.
        expect((await settledText(fresh)).replace(/Рассчитано в браузере \(DuckDB\)\n?/g, '')).toBe(answered);
      }
    } finally {
      await fresh.close();
    }
  }, 180_000);
});
