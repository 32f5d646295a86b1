import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatPercent } from '@/lib/format';
import { freshBrowser } from './browser';
import {
  plainSpaces as nbsp,
  servedPage,
  tableRows as rows,
  viewReady as ready,
  type ServedPage,
} from './page';
import { serveExport, type StaticServer } from './server';
import { DEMO, demoListsAndSchools, listReference } from '../helpers/list-reference';

const CITY = 'г. Северогорск';
const SCHOOL = 'edu9901007';

// The demo's figures counted in plain TypeScript from the CSV files the build wrote beside its database
// (test/helpers/list-reference.ts), never by the metric SQL. Динамика, Объективность and Группа риска are
// checked on hand-worked fixtures uploaded through the page: test/e2e/fixture-views.test.ts.
const demo = demoListsAndSchools();
const shnor = listReference(demo.lists, demo.schools, 'ШНОР');
const inCity = new Set(demo.schools.filter((s) => s.municipality === CITY).map((s) => s.school_id));
const city = listReference(demo.lists, demo.schools, 'ШНОР', (id) => inCity.has(id));
const latest = shnor.pub.at(-1)!;

describe("views in Chromium show the demo's figures, counted from its CSV files", () => {
  let s: ServedPage;
  let page: Page;
  beforeAll(async () => {
    s = await servedPage();
    page = s.page;
  });
  afterAll(async () => s?.close());
  const open = (path: string) => s.open(path);

  it('Обзор for one municipality', async () => {
    await open(`/?mun=${encodeURIComponent(CITY)}`);
    await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
    expect(Number(await page.getAttribute('[data-testid=kpi-listed]', 'data-value'))).toBe(
      city.summary(latest).listed,
    );
    expect(Number(await page.getAttribute('[data-testid=kpi-share]', 'data-value'))).toBeCloseTo(
      city.share(latest).share,
      12,
    );
  });

  it('Обзор of a year the list was not published: said so, not «no list loaded»', async () => {
    // The demo's «необъективность» skips 2021 (data/README.md).
    const pub = listReference(demo.lists, demo.schools, 'необъективность').pub;
    expect(pub).not.toContain(2021);
    await open('/?list=необъективность&year=2021');
    await page.waitForSelector('[data-testid=list-not-published]', { timeout: 60_000 });
    const text = nbsp(await page.textContent('[data-testid=list-not-published]'));
    expect(text).toContain('за 2021 год в данных нет');
    expect(text).toContain(`Перечень есть за ${pub[0]}–2020 и 2022–${pub.at(-1)} годы`);
    expect(text).not.toContain('Загрузите файл перечня');
    // «Выход из перечня» of that year: the same notice, not empty breakdown tables.
    await open('/exits/?list=необъективность&year=2021');
    await page.waitForSelector('[data-testid=list-not-published]', { timeout: 60_000 });
    expect(await page.locator('[data-testid=table-exits-by-streak]').count()).toBe(0);
    expect(await rows(page, 'exits-by-year')).toBe(pub.length);
  });

  it('Когорты: a cell, and the schools behind it', async () => {
    await open('/cohorts/');
    await ready(page);
    const { streak2 } = shnor.summary(2024);
    expect(streak2).toBeGreaterThan(0);
    expect(Number(await page.textContent('[data-testid=cohort-2024-streak2]'))).toBe(streak2);
    await page.click('[data-testid=cohort-2024-streak2]');
    await page.waitForSelector('[data-testid=table-cohort-schools]');
    expect(await rows(page, 'cohort-schools')).toBe(streak2);
    expect(page.url()).toContain('cell=c%3A2024%3Astreak2');
    // The demo's list begins in 2019: what the years before would tell reads «нет данных», not 0 or «впервые».
    const cell = (year: number, c: string) => page.textContent(`[data-testid=cohort-${year}-${c}]`);
    expect(await cell(2019, 'first_time')).toBe('нет данных');
    expect(await cell(2019, 'streak2')).toBe('нет данных');
    expect(await cell(2020, 'returned')).toBe('нет данных');
    expect(await cell(2020, 'streak3')).toBe('нет данных');
    expect(await cell(2021, 'streak4plus')).toBe('нет данных');
    expect(Number(await cell(2020, 'first_time'))).toBe(shnor.summary(2020).first_time);
    expect(Number(await cell(2021, 'returned'))).toBe(shnor.summary(2021).returned);
    expect(Number(await cell(2022, 'streak4plus'))).toBe(shnor.summary(2022).streak4plus);
    // Обзор of the list's second year says the same: a number where the data shows it, «нет данных» elsewhere.
    await open('/?year=2020');
    await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=cohort-sentence]')).toContain(
      `впервые — ${shnor.summary(2020).first_time}, второй год — ${shnor.summary(2020).streak2}, третий год — нет данных`,
    );
    expect(await page.getAttribute('[data-testid=kpi-streak3]', 'data-value')).toBe('');
    expect(await page.textContent('[data-testid=kpi-streak3]')).toContain('нет данных');
  });

  it('Выход из перечня: rates by year, null for the last year', async () => {
    await open('/exits/');
    await ready(page);
    expect(await rows(page, 'exits-by-year')).toBe(shnor.pub.length);
    const text = nbsp(await page.textContent('[data-testid=table-exits-by-year]'));
    for (const e of shnor.exitRows.slice(0, -1)) expect(text).toContain(nbsp(formatPercent(e.exit_rate)));
    expect(text).toContain('нет данных');
    // The list's first year in the data: its schools' years on the list are not known, so one row, not «1».
    const first = shnor.pub[0];
    await open(`/exits/?year=${first}`);
    await ready(page);
    expect(await rows(page, 'exits-by-streak')).toBe(1);
    const cells = await page.locator('[data-testid=table-exits-by-streak] tbody tr td').allTextContents();
    expect(cells.slice(0, 3).map(nbsp)).toEqual([
      'не известно: первый год перечня в данных',
      String(shnor.pub[1]),
      String(shnor.exitRows[0].listed),
    ]);
    // A municipality with no school on the list that year: the heading still names the year exits go into.
    const listed = new Set(
      demo.lists.filter((l) => l.list === 'ШНОР' && l.year === first).map((l) => l.school_id),
    );
    const none = [...new Set(demo.schools.map((x) => x.municipality))].find((m) =>
      demo.schools.every((x) => x.municipality !== m || !listed.has(x.school_id)),
    )!;
    await open(`/exits/?year=${first}&mun=${encodeURIComponent(none)}`);
    await ready(page);
    expect(await page.locator('h2', { hasText: 'По числу лет подряд в перечне' }).textContent()).toBe(
      `По числу лет подряд в перечне, ${first} → ${shnor.pub[1]}`,
    );
  });

  it('Муниципалитеты: one row per municipality, with the share of the city', async () => {
    await open('/municipalities/');
    await ready(page);
    expect(await rows(page, 'municipalities')).toBe(new Set(demo.schools.map((s) => s.municipality)).size);
    expect(nbsp(await page.textContent('[data-testid=table-municipalities]'))).toContain(
      nbsp(formatPercent(city.share(latest).share)),
    );
  });

  it('a long table shows 50 rows at first, and 250 more on request', async () => {
    await open('/risk/');
    await ready(page);
    const all = await rows(page, 'risk');
    expect(all).toBeGreaterThan(50);
    const body = '[data-testid=table-risk] tbody tr';
    expect(await page.locator(body).count()).toBe(50);
    const more = page.getByRole('button', { name: /Показать ещё/ });
    expect(nbsp(await more.textContent())).toBe(`Показать ещё (показано 50 из ${all})`);
    await more.click();
    await expect.poll(() => page.locator(body).count()).toBe(Math.min(all, 300));
  });

  it('Динамика: mean marks with two decimals, each change as its printed values differ; a note on type filters', async () => {
    await open('/dynamics/?ind=mean_mark&cell=5%3A5&type=%D0%A1%D0%9E%D0%A8');
    await page.waitForSelector('[data-testid=table-grid-schools]', { timeout: 60_000 });
    await ready(page);
    const num = (t: string) =>
      Number(
        t
          .replace(/\s|\(.*\)/g, '')
          .replace(',', '.')
          .replace('\u2212', '-'),
      );
    const cells = await page
      .locator('[data-testid=table-grid-schools] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
    expect(cells.length).toBeGreaterThan(0);
    for (const r of cells) {
      expect(r[2]).toMatch(/^\d,\d\d \(\d{4}\)$/);
      expect(num(r[4])).toBeCloseTo(num(r[3]) - num(r[2]), 9);
    }
    expect(await page.textContent('main')).toContain('Линии — по всем школам территорий');
  });

  it('Карточка ОО: found by search, with its indicators by year', async () => {
    await open('/school/');
    await page.fill('[data-testid=school-search]', SCHOOL);
    await page.click('[data-testid=school-search-results] a');
    await ready(page);
    expect(page.url()).toContain(`id=${SCHOOL}`);
    // One row per year in which the school wrote ВПР, from the demo's results file.
    const results = readFileSync(join(DEMO, 'results.csv'), 'utf8').split('\n');
    const cols = results[0].split(',');
    const [year, procedure, id] = ['year', 'procedure', 'school_id'].map((c) => cols.indexOf(c));
    const years = new Set(
      results
        .map((l) => l.split(','))
        .filter((v) => v[id] === SCHOOL && v[procedure] === 'ВПР')
        .map((v) => v[year]),
    );
    expect(years.size).toBeGreaterThan(1);
    expect(await rows(page, 'school-indicators')).toBe(years.size);
    expect(await page.textContent('[data-testid=school-name]')).toBe(
      demo.schools.find((s) => s.school_id === SCHOOL)!.name,
    );
  });

  it('Карточка ОО after a jump to another school of the same municipality shows that school’s indicators', async () => {
    // Both in г. Северогорск. The first year's ВПР participants of edu9901002, summed from the demo's results
    // file: the card's table must show them, not those of the school it came from.
    const results = readFileSync(join(DEMO, 'results.csv'), 'utf8').split('\n');
    const cols = results[0].split(',');
    const [year, procedure, id, n] = ['year', 'procedure', 'school_id', 'participants'].map((c) =>
      cols.indexOf(c),
    );
    const vpr = (school: string) =>
      results.map((l) => l.split(',')).filter((v) => v[id] === school && v[procedure] === 'ВПР');
    const first = (school: string) => {
      const rows = vpr(school);
      const y = Math.min(...rows.map((v) => Number(v[year])));
      return { y, n: rows.filter((v) => Number(v[year]) === y).reduce((sum, v) => sum + Number(v[n]), 0) };
    };
    const [a, b] = [first('edu9901035'), first('edu9901002')];
    expect(a.n).not.toBe(b.n);
    await open('/school/?id=edu9901035');
    await ready(page);
    await page.fill('[data-testid=school-search]', 'edu9901002');
    await page.click('[data-testid=school-search-results] a');
    // The card of the school before is still «ready» until the address changes.
    await page.waitForURL(/id=edu9901002/);
    await ready(page);
    const firstRow = nbsp(await page.textContent('[data-testid=table-school-indicators] tbody tr'));
    expect(firstRow).toContain(String(b.y));
    expect(firstRow).toContain(String(b.n));
  });

  it("Карточка ОО of a closed school: the risk rule in the school's last year with results, not the region's", async () => {
    // edu9910027 closed in 2023; its last results are of 2022 (the demo's results file), when it was on ШНОР.
    const closed = 'edu9910027';
    const results = readFileSync(join(DEMO, 'results.csv'), 'utf8').split('\n');
    const cols = results[0].split(',');
    const [year, id] = ['year', 'school_id'].map((c) => cols.indexOf(c));
    const last = Math.max(
      ...results
        .map((l) => l.split(','))
        .filter((v) => v[id] === closed)
        .map((v) => Number(v[year])),
    );
    expect(last).toBe(2022);
    expect(demo.lists.some((l) => l.school_id === closed && l.year === last && l.list === 'ШНОР')).toBe(true);
    await open(`/school/?id=${closed}`);
    await page.waitForSelector('[data-testid=school-risk-none]', { timeout: 60_000 });
    expect(nbsp(await page.textContent('[data-testid=school-risk-none]'))).toContain(
      `В ${last} году, последнем с результатами школы, правило расчёта её не выделяет`,
    );
  });

  it('had no errors in the console', () => {
    expect(s.errors).toEqual([]);
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

  it("every table's sort and search go to the link, not only the view's main table", async () => {
    const a = await freshBrowser();
    const page = await a.context.newPage();
    await page.goto(`${server.url}exits/`);
    await ready(page);
    // Two clicks on a header: descending.
    const header = page.locator('[data-testid=table-exits-by-year] th button').nth(1);
    await header.click();
    await page.waitForURL(/sort\.exits-by-year=/);
    await header.click();
    await page.waitForURL(/sort\.exits-by-year=[a-z_]+%3Adesc/);
    await page.fill('[data-testid=search-exits-by-type]', 'СОШ');
    await page.waitForURL(/q\.exits-by-type=/);
    const url = page.url();
    const firstCells = async (p: Page) =>
      p.$$eval('[data-testid=table-exits-by-year] tbody tr', (trs) => trs.map((t) => t.textContent));
    const byYear = await firstCells(page);
    const byType = await rows(page, 'exits-by-type');
    await a.close();
    const b = await freshBrowser();
    const again = await b.context.newPage();
    await again.goto(url);
    await ready(again);
    expect(await again.inputValue('[data-testid=search-exits-by-type]')).toBe('СОШ');
    expect(await rows(again, 'exits-by-type')).toBe(byType);
    expect(await firstCells(again)).toEqual(byYear);
    expect(await again.getAttribute('[data-testid=table-exits-by-year] th:nth-child(2)', 'aria-sort')).toBe(
      'descending',
    );
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

  it('an address the site does not have: a Russian page with the views', async () => {
    const b = await freshBrowser();
    const page = await b.context.newPage();
    const response = await page.goto(`${server.url}cohort/`);
    expect(response?.status()).toBe(404);
    await page.waitForSelector('[data-testid=not-found]', { timeout: 60_000 });
    expect(await page.textContent('h1')).toBe('Страница не найдена');
    await page.click('[data-testid=not-found] >> text=Когорты');
    await page.waitForURL(/\/cohorts\/$/);
    await b.close();
  });

  it('unknown and invalid parameters give a Russian notice, never an error page', async () => {
    const b = await freshBrowser();
    const page = await b.context.newPage();
    await page.goto(
      `${server.url}?year=abc&foo=1&list=nope&mun=${encodeURIComponent('Несуществующий район')}`,
    );
    // Values unknown to the data are noticed once the filter choices have loaded.
    await page.waitForFunction(
      `document.querySelector('[data-testid=url-notices]')?.textContent.includes('Муниципалитета')`,
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
    const notice = await page.textContent('[data-testid=url-notices]');
    expect(notice).toContain('Параметр ссылки «year=abc» не распознан');
    expect(notice).toContain('Параметр ссылки «foo» неизвестен и пропущен');
    expect(notice).toContain('Параметр ссылки «list=nope» не распознан: показан перечень ШНОР');
    expect(notice).toContain('Муниципалитета «Несуществующий район» нет в данных');
    expect(Number(await page.getAttribute('[data-testid=kpi-listed]', 'data-value'))).toBeGreaterThan(0);
    await b.close();
  });

  it('a link is read against the view it opens: its procedures, its cells, the years its table can tell', async () => {
    const b = await freshBrowser();
    const page = await b.context.newPage();
    const notices = async () => {
      await page.waitForSelector('[data-testid=url-notices]', { timeout: 60_000 });
      return nbsp(await page.textContent('[data-testid=url-notices]'));
    };
    // From «Динамика» of ОГЭ mathematics, grade 9: «Объективность» is about ВПР, which has no grade 9.
    await page.goto(
      `${server.url}objectivity/?proc=${encodeURIComponent('ОГЭ')}&subj=${encodeURIComponent('Математика')}&grade=9`,
    );
    await ready(page);
    expect(await notices()).toContain(
      '9 класса нет в результатах ВПР по предмету «Математика»: показаны все классы.',
    );
    expect(await page.inputValue('[data-testid=filter-subject]')).toBe('Математика');
    expect(await rows(page, 'markers')).toBeGreaterThan(0);
    // A grade the ВПР results lack, on «Динамика».
    await page.goto(`${server.url}dynamics/?grade=9`);
    await ready(page);
    expect(await notices()).toContain('9 класса нет в результатах ВПР: показаны все классы.');
    // Another view's cell.
    await page.goto(`${server.url}dynamics/?cell=c:2024:first_time`);
    await ready(page);
    expect(await notices()).toContain('Клетка ссылки «c:2024:first_time» относится к другой странице');
    // «Когорты»: the list's first year in the data cannot tell who was there for the first time.
    const first = shnor.pub[0];
    await page.goto(`${server.url}cohorts/?cell=c:${first}:first_time`);
    await ready(page);
    expect(nbsp(await page.textContent('[data-testid=cell-notice]'))).toContain(
      `В ${first} году группа «впервые» неизвестна`,
    );
    expect(await page.$('[data-testid=table-cohort-schools]')).toBeNull();
    // «Справка» of ОГЭ offers and keeps an ОГЭ subject that ВПР lacks.
    await page.goto(
      `${server.url}report/?procs=${encodeURIComponent('ОГЭ')}&subj=${encodeURIComponent('Информатика')}`,
    );
    await page.waitForSelector('[data-testid=filter-subject] option:has-text("Информатика")', {
      state: 'attached',
      timeout: 60_000,
    });
    expect(await page.inputValue('[data-testid=filter-subject]')).toBe('Информатика');
    expect(await page.$('text=Предмета «Информатика» нет')).toBeNull();
    // A parameter given twice: the last is read, and said.
    await page.goto(`${server.url}?year=2023&year=2024`);
    expect(await notices()).toContain(
      'Параметр ссылки «year» указан 2 раза («2023», «2024»): взято последнее значение.',
    );
    await b.close();
  });
});
