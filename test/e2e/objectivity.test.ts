// «Объективность» walked through on the objectivity fixture (test/fixtures/metrics/objectivity.ts), uploaded
// through the page: every figure below is one worked by hand there and in test/unit/objectivity.test.ts. The
// demo is only opened, to see that its prepared tests are read.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { freshBrowser } from './browser';
import { plainSpaces as nbsp, servedPage, tableRows as rows, viewReady, type ServedPage } from './page';
import { importFixture } from './upload-page';
import { OBJECTIVITY_FIXTURE } from '../fixtures/metrics/objectivity';

const ready = (page: Page) => viewReady(page, 90_000);
// components/charts/palette.ts: CATEGORICAL[0], CATEGORICAL[5], GREY.
const [BLUE, ORANGE, GREY] = ['#0072B2', '#D55E00', '#9ca3af'];
/** The chart's dot per school (the orange dots of the schools with signs are drawn over them). */
const BASE_DOTS = '[data-testid=chart-vpr-oge] g[data-mark=dot]';
/** Where the orange dots are, in the chart's own coordinates. */
const orangeAt = (page: Page) =>
  page.$$eval(`[data-testid=chart-vpr-oge] circle[fill="${ORANGE}"]`, (cs) =>
    cs.map((c) => [Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))] as [number, number]),
  );

describe('«Объективность» in Chromium', () => {
  let s: ServedPage;
  let page: Page;
  let dir: string;
  beforeAll(async () => {
    s = await servedPage();
    page = s.page;
    dir = mkdtempSync(join(tmpdir(), 'shnor-objectivity-'));
    await importFixture(page, s.server.url, dir, OBJECTIVITY_FIXTURE);
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const open = (path: string) => s.open(path);

  it('on the demo, lists schools from the tests the demo ships prepared', async () => {
    const demo = await freshBrowser();
    try {
      const p = await demo.context.newPage();
      // The latest ВПР year (2025) has no list of 2026 to compare with: the list of 2025, said so.
      await p.goto(`${s.server.url}objectivity/`);
      await ready(p);
      await p.waitForSelector('[data-testid=official-same-year]');
      expect(nbsp(await p.textContent('[data-testid=official-same-year]'))).toContain(
        'Перечня 2026 года, утверждаемого по итогам ВПР 2025, в данных нет',
      );
      await p.goto(`${s.server.url}objectivity/?year=2024`);
      await ready(p);
      const n = await rows(p, 'markers');
      expect(n).toBeGreaterThan(0);
      expect(nbsp(await p.textContent('h2:has-text("Школы с признаками")'))).toBe(`Школы с признаками: ${n}`);
      // ВПР against ОГЭ: a dot per school (hundreds on the demo), the schools with signs orange.
      const fills = async (page: Page) => {
        await page.waitForSelector('[data-testid=chart-vpr-oge][data-drawn=true]');
        return page.$$eval('[data-testid=chart-vpr-oge] svg circle', (cs) =>
          cs.map((c) => c.getAttribute('fill')),
        );
      };
      const dots = await fills(p);
      expect(dots.length).toBeGreaterThan(300);
      expect(new Set(dots)).toEqual(new Set([BLUE, ORANGE, GREY]));
      expect(await p.$$('[data-testid=chart-vpr-oge] svg rect[fill]')).toHaveLength(0);
      // A higher threshold lists fewer schools, and the chart (read apart from the signs) colours fewer orange.
      const orange = (fs: (string | null)[]) => fs.filter((f) => f === ORANGE).length;
      const orangeBefore = await orangeAt(p);
      await p.evaluate((sel) => Object.assign(document.querySelector(sel) ?? {}, { kept: true }), BASE_DOTS);
      await p.click('[data-testid=objectivity-settings] summary');
      await p.fill('[data-testid=threshold-z]', '6,5');
      await p.press('[data-testid=threshold-z]', 'Enter');
      await p.waitForURL(/z=6\.5/);
      await ready(p);
      const fewer = await rows(p, 'markers');
      expect(fewer).toBeLessThan(n);
      await p.waitForFunction(
        ([before, fill]) =>
          [...document.querySelectorAll('[data-testid=chart-vpr-oge] svg circle')].filter(
            (c) => c.getAttribute('fill') === fill,
          ).length < before,
        [orange(dots), ORANGE] as const,
      );
      expect(orange(await fills(p))).toBeLessThanOrEqual(fewer);
      // Only the orange dots were drawn again: the schools' dots are the ones drawn for the year.
      expect(
        await p.evaluate(
          (sel) => (document.querySelector(sel) as { kept?: boolean } | null)?.kept,
          BASE_DOTS,
        ),
      ).toBe(true);
      // The tip says whether a school has signs under the threshold of the moment: a school orange at 4,5 and
      // not at 6,5 is said to have none, one still orange is said to have them.
      const tipAt = async ([x, y]: [number, number]) => {
        await p.mouse.move(0, 0);
        await p.locator('[data-testid=chart-vpr-oge]').scrollIntoViewIfNeeded();
        const box = (await p.locator('[data-testid=chart-vpr-oge] svg').boundingBox())!;
        await p.mouse.move(box.x + x, box.y + y);
        await p.waitForFunction(() =>
          document.querySelector('[data-testid=chart-vpr-oge] g[aria-label=tip] text'),
        );
        return nbsp(await p.textContent('[data-testid=chart-vpr-oge] g[aria-label=tip]'));
      };
      const stillOrange = await orangeAt(p);
      const dropped = orangeBefore.filter(([x, y]) => !stillOrange.some(([a, b]) => a === x && b === y));
      expect(dropped.length).toBeGreaterThan(0);
      expect(stillOrange.length).toBeGreaterThan(0);
      expect(await tipAt(dropped[0])).not.toContain('есть признаки необъективности');
      expect(await tipAt(stillOrange[0])).toContain('есть признаки необъективности');
      // The downloaded chart carries the orange dots of the moment, drawn over the schools' dots.
      const [svg] = await Promise.all([
        p.waitForEvent('download'),
        p.click('[data-testid=chart-vpr-oge-svg]'),
      ]);
      const file = readFileSync((await svg.path())!, 'utf8');
      expect(file.split(`fill="${ORANGE}"`).length - 1).toBe(stillOrange.length);

      // With more schools than the limit (lowered here): a density grid of every school, dots only for the
      // schools with signs — at most one per school in the list.
      const dense = await demo.context.newPage();
      await dense.addInitScript('globalThis.shnorDotsMax = 100');
      await dense.goto(`${s.server.url}objectivity/?year=2024`);
      await ready(dense);
      const flaggedDots = await fills(dense);
      expect(flaggedDots.length).toBeGreaterThan(0);
      expect(flaggedDots.length).toBeLessThanOrEqual(n);
      expect(flaggedDots.filter((f) => f !== ORANGE && f !== GREY)).toEqual([]);
      expect((await dense.$$('[data-testid=chart-vpr-oge] svg rect[fill]')).length).toBeGreaterThan(20);
      expect(await dense.textContent('[data-testid=chart-vpr-oge]')).toContain('Школ в клетке');
    } finally {
      await demo.close();
    }
  });

  // One page for the whole walk: the steps move within the app as a user would.
  it('lists the schools with markers; a retired parameter gets a Russian notice', async () => {
    await open('/objectivity/?year=2024&jtop=5');
    await ready(page);
    expect(await page.textContent('[data-testid=url-notices]')).toContain(
      'Параметр ссылки «jtop» относится к прежним правилам',
    );
    // At z ≥ 4,5: J5 (journal 5 МА, z = 5,59; unconfirmed 7 МА, 4,87), J6, P1, S2 — J5 first, with two papers.
    expect(await rows(page, 'markers')).toBe(4);
    expect(nbsp(await page.textContent('h2:has-text("Школы с признаками")'))).toBe('Школы с признаками: 4');
    const first = page.locator('[data-testid=table-markers] tbody tr').first();
    expect(await first.textContent()).toContain('5 МА, 7 МА');
    // A row's reasons are read when it is opened, grouped by paper.
    await first.locator('summary').click();
    await page.waitForSelector('[data-testid=table-markers] [data-testid=reasons] li');
    expect(await page.locator('[data-testid=table-markers] [data-testid=reasons] li').count()).toBe(2);
    expect(await page.locator('[data-testid=table-markers] [data-testid=paper-signs]').count()).toBe(2);
    expect(
      await page.locator('[data-testid=table-markers] [data-testid=reasons] li').first().textContent(),
    ).toBe(
      '5 МА: в 5 классе по математике 62,5\u00a0% учащихся (40 уч.) получили на ВПР отметку выше журнальной при 20,5\u00a0% по региону; z\u00a0=\u00a05,6',
    );
  });

  it('z typed with a decimal comma in the form goes to the link as 4.25 and lists H1 too; a wrong entry is said, not applied', async () => {
    const before = await rows(page, 'markers');
    await page.click('[data-testid=objectivity-settings] summary');
    expect(await page.inputValue('[data-testid=threshold-z]')).toBe('4,5');
    await page.fill('[data-testid=threshold-z]', '4,25');
    await page.press('[data-testid=threshold-z]', 'Enter');
    await page.waitForURL(/[?&]z=4\.25(&|$)/);
    await ready(page);
    // H1's change (z = 4,29) is a sign at any threshold up to 4,29; nothing else lies between 4 and 4,5.
    expect(await rows(page, 'markers')).toBe(5);
    expect(await page.textContent('[data-testid=table-markers]')).toContain('H1');
    expect(await page.inputValue('[data-testid=threshold-z]')).toBe('4,25');

    await page.fill('[data-testid=threshold-z]', '4,25,1');
    await page.press('[data-testid=threshold-z]', 'Enter');
    await page.waitForSelector('[data-testid=threshold-z-error]');
    expect(page.url()).toContain('z=4.25');
    expect(await page.inputValue('[data-testid=threshold-z]')).toBe('4,25,1');

    await page.click('[data-testid=objectivity-defaults]');
    await page.waitForFunction(() => !location.search.includes('z='));
    await ready(page);
    expect(await rows(page, 'markers')).toBe(before);
    expect(before).toBe(4);
  });

  it('a school picked in the table shows its evidence: every test, the signs highlighted, the histogram', async () => {
    // P1: one noteworthy test, its peaks at the minimum scores (z = 6,55), which is a sign.
    await page.fill('[data-testid=search-markers]', 'P1');
    await page.waitForFunction(`document.querySelector('[data-testid=table-markers]')?.dataset.rows === '1'`);
    await ready(page);
    await page.locator('[data-testid=table-markers] tbody tr').first().locator('summary').click();
    await page.click('[data-testid=table-markers] [data-testid=show-evidence]');
    await page.waitForURL(/id=P1/);
    await ready(page);
    // The first click scrolls to the evidence too (the placeholder before it carries the same anchor).
    await page.waitForFunction(() => {
      const top = document.getElementById('evidence')?.getBoundingClientRect().top ?? -1;
      return top >= 0 && top < innerHeight / 2;
    });
    // The keyboard's focus lands on the evidence, named for a screen reader.
    await page.waitForFunction(() => document.activeElement?.id === 'evidence');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Доказательства, 2024: Школа P1',
    );
    expect(Number(await page.getAttribute('[data-testid=evidence-tests]', 'data-rows'))).toBe(1);
    expect(await page.locator('[data-testid=evidence-tests] tr[data-sign=true]').count()).toBe(1);
    // A sign on its own z: the threshold it holds to is that z, in both cells.
    const sign = page.locator('[data-testid=evidence-tests] tr[data-sign=true] td');
    expect(await sign.nth(6).textContent()).toBe(await sign.nth(5).textContent());
    expect(await sign.nth(6).textContent()).toMatch(/^6,[56]/);
    expect(await page.textContent('[data-testid=evidence] h2')).toContain('Школа P1');
    await page.waitForSelector('[data-testid=chart-score-histogram][data-drawn=true]');
    // The chart is one named image for a screen reader, not a string of its tick labels.
    expect(
      await page.getAttribute('[data-testid=chart-score-histogram] svg[role=img]', 'aria-label'),
    ).toMatch(/\S/);
    // The evidence is a step of its own in the history: back returns to the list of the same year.
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes('id=P1'));
    expect(page.url()).toContain('year=2024');
    await page.goForward();
    await page.waitForURL(/id=P1/);
    await ready(page);
    await page.waitForSelector('[data-testid=chart-score-histogram][data-drawn=true]');
  });

  it("shows the unconfirmed test's figures as mean marks, not shares", async () => {
    // J5's 7 МА: mean mark 3,975 against 3,549 expected from its ОГЭ (test/fixtures/metrics/objectivity.ts, D).
    await open('/objectivity/?year=2024&id=J5');
    await ready(page);
    const row = page.locator('[data-testid=evidence-tests] tr', { hasText: 'средняя отметка против ОГЭ' });
    expect(nbsp(await row.textContent())).toContain('7 МА');
    expect(
      await row.locator('td').evaluateAll((cells) => cells.slice(3, 5).map((c) => c.textContent)),
    ).toEqual(['3,98', '3,55']);
    await open('/objectivity/?year=2024&id=P1');
    await ready(page);
  });

  it('draws the «повысили» share of the paper whose journal test stands out, against the same paper in the region', async () => {
    // S2 raises 25 of 40 in 8 МА only (62,5 %; 4 of 40 in РУ and ИС, 27,5 % over its three papers): a sign, z = 4,55.
    await open('/objectivity/?year=2024&id=S2');
    await ready(page);
    await page.waitForSelector('[data-testid=chart-evidence-journal][data-drawn=true]');
    const panel = page
      .locator('section', { has: page.locator('[data-testid=chart-evidence-journal]') })
      .last();
    expect(nbsp(await panel.locator('h2, h3').first().textContent())).toBe(
      'Повысили отметку, 8 МА: школа среди школ региона',
    );
    expect(
      nbsp(
        await page
          .locator('[data-testid=chart-evidence-journal] svg text', { hasText: 'школа' })
          .textContent(),
      ),
    ).toBe('школа, 8 МА: 62,5 %');
    // P1 has no journal test: all its papers against the region's schools.
    await open('/objectivity/?year=2024&id=P1');
    await ready(page);
  });

  it('fits a 390 px phone without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.documentElement.clientWidth === 390);
    await page.waitForSelector('[data-testid=chart-score-histogram][data-drawn=true]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The evidence's tests are wider than a phone: the table scrolls and says so.
    await page.waitForSelector('[data-testid=scroll-cue-evidence-tests]');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.waitForSelector('[data-testid=scroll-cue-evidence-tests]', { state: 'detached' });
  });

  it('Карточка ОО lists the school’s papers with signs', async () => {
    await page.click('[data-testid=evidence] a:has-text("Карточка ОО")');
    await page.waitForSelector('[data-testid=school]');
    await ready(page);
    expect(await page.textContent('[data-testid=school-flags-2024]')).toContain('4 РУ');
    expect(await page.locator('[data-testid=school-flags-2024] [data-testid=paper-signs]').count()).toBe(1);
    await page.goBack();
    await page.waitForSelector('[data-testid=objectivity]');
  });

  it('compares with the official list approved from the same results', async () => {
    await open('/objectivity/?year=2024');
    await ready(page);
    // The fixture's list «необъективность» of 2025 holds J5 and P2. Computed: J5, J6, P1, S2. Both: J5; found 1 of
    // 2 official, confirmed 1 of 4 computed; by municipality М1, М2 and «не указан» (S2 has no schools row).
    const figure = async (id: string) =>
      Number(await page.getAttribute(`[data-testid=official-${id}]`, 'data-value'));
    expect([
      await figure('both'),
      await figure('only-computed'),
      await figure('only-official'),
      await figure('found'),
      await figure('confirmed'),
    ]).toEqual([1, 3, 1, 0.5, 0.25]);
    expect(await rows(page, 'official-municipalities')).toBe(3);
    expect(await rows(page, 'official-schools')).toBe(5);
    expect(await page.textContent('[data-testid=official] h2')).toContain('2025 года');
    // «не указан» (S2 alone, computed): no official school to find — said so, not «нет данных».
    const unnamed = page.locator('[data-testid=table-official-municipalities] tbody tr', {
      hasText: 'не указан',
    });
    expect(nbsp(await unnamed.textContent())).toContain('в официальном нет школ');
    // The list of 2025 was approved on 2024's results: no notice of a same-year list.
    expect(await page.$('[data-testid=official-same-year]')).toBeNull();
    expect(await page.$('[data-testid=official-all-papers]')).toBeNull();
    // A subject chosen: the comparison stays over every paper (the official list names schools), and says so.
    await open('/objectivity/?year=2024&subj=История');
    await ready(page);
    await page.waitForSelector('[data-testid=official-all-papers]');
    expect(await figure('both')).toBe(1);
  });

  it('says a school was checked with nothing standing out, and a school too small to be checked', async () => {
    // H8: 6 ИС, 40 pupils, no test reaching z ≥ 2 (test/unit/objectivity.test.ts).
    await open('/objectivity/?year=2024&id=H8');
    await ready(page);
    await page.waitForSelector('[data-testid=evidence-clean]');
    expect(nbsp(await page.textContent('[data-testid=evidence-clean]'))).toContain(
      'Работа ВПР школы: 6 ИС — 40 уч. Ни одна проверка не показала расхождения с ожидаемым с z ≥ 2',
    );
    expect(await page.$('[data-testid=evidence-empty]')).toBeNull();
    expect(await page.textContent('[data-testid=evidence] h2')).toContain('H8');
    expect(await page.textContent('[data-testid=evidence-no-changes]')).toContain('Резких изменений нет');
    // J11: its one paper has 3 pupils, under the 10 a sign needs: the card says it is not checked.
    await open('/school/?id=J11');
    await page.waitForSelector('[data-testid=school-flags-small]', { timeout: 90_000 });
    expect(nbsp(await page.textContent('[data-testid=school-flags-small]'))).toContain(
      'во всех работах ВПР школы меньше 10 участников (самая большая — 3)',
    );
  });

  it('had no errors in the console', () => {
    expect(s.errors).toEqual([]);
  });
});
