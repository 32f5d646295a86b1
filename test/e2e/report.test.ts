import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import mammoth from 'mammoth';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pct } from '@/lib/report/russian';
import { servedPage, type ServedPage } from './page';
import { demoListsAndSchools, listReference } from '../helpers/list-reference';

const CITY = 'г. Северогорск';
const plain = (s: string | null) => (s ?? '').replace(/\u00a0/g, ' ');

async function reportReady(page: Page) {
  await page.waitForFunction(
    `document.querySelector('[data-testid=report][data-loading=false]') && ![...document.querySelectorAll('[data-chart-id]')].some((f) => f.dataset.drawn !== 'true')`,
    undefined,
    { timeout: 60_000 },
  );
}

async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string[] }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const text: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text.push(
      content.items
        .map((it) => ('str' in it ? it.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  return { pages: doc.numPages, text };
}

describe('«Справка» in Chromium', () => {
  let s: ServedPage;
  let page: Page;
  beforeAll(async () => {
    s = await servedPage();
    page = s.page;
  });
  afterAll(async () => s?.close());

  it('writes a municipality’s figures, as counted from the demo’s CSV files', async () => {
    await page.goto(`${s.server.url}report/?mun=${encodeURIComponent(CITY)}`);
    await reportReady(page);
    // In plain TypeScript from the demo's lists and schools (test/helpers/list-reference.ts), not by the SQL.
    const { lists, schools } = demoListsAndSchools();
    const city = new Set(schools.filter((s) => s.municipality === CITY).map((s) => s.school_id));
    const ref = listReference(lists, schools, 'ШНОР', (id) => city.has(id));
    const year = ref.pub.at(-1)!;
    const c = ref.summary(year);
    const into = ref.exitRows.find((e) => e.next_year === year)!;
    const share = ref.share(year);
    const text = plain(await page.textContent('[data-testid=report-document]'));
    expect(text).toContain(`Справка о перечне ШНОР за ${year} год`);
    expect(text).toContain(`${c.listed} ОО: впервые — ${c.first_time}`);
    expect(text).toContain(`доля выхода в эффективный режим — ${plain(pct(into.exit_rate!))}`);
    expect(text).toContain(
      `${share.listed} ОО из ${share.active} действующих ОО территории — ${plain(pct(share.share))}`,
    );
    expect(text).toContain(`Выход из перечня ${year} года ещё не наблюдается`);
    expect(text).not.toMatch(/NaN|undefined|null/);
    expect(await page.locator('[data-testid=report-document] h2').count()).toBe(6);

    // A change of year in place: the list figures of every year are kept, the chosen year's are new.
    const prev = ref.pub.at(-2)!;
    const p = ref.summary(prev);
    const prevShare = ref.share(prev);
    await page.selectOption('[data-testid=filter-year]', String(prev));
    await page.waitForFunction(`new URLSearchParams(location.search).get('year') === '${prev}'`);
    await reportReady(page);
    const prevText = plain(await page.textContent('[data-testid=report-document]'));
    expect(prevText).toContain(`Справка о перечне ШНОР за ${prev} год`);
    expect(prevText).toContain(`${p.listed} ОО: впервые — ${p.first_time}`);
    expect(prevText).toContain(
      `${prevShare.listed} ОО из ${prevShare.active} действующих ОО территории — ${plain(pct(prevShare.share))}`,
    );
    expect(prevText).not.toMatch(/NaN|undefined|null/);
    expect(s.errors).toEqual([]);
  });

  it("says that a school's code is unknown, and is not loading", async () => {
    await page.goto(`${s.server.url}report/?id=edu0000000`);
    await page.waitForSelector('[data-testid=report][data-loading=false]', { timeout: 60_000 });
    expect(plain(await page.textContent('[data-testid=report]'))).toContain(
      'ОО с кодом «edu0000000» нет в загруженных данных.',
    );
  });

  it('keeps the chosen procedures in the link and shows only their results', async () => {
    await page.goto(
      `${s.server.url}report/?mun=${encodeURIComponent(CITY)}&procs=${encodeURIComponent('ОГЭ')}`,
    );
    await reportReady(page);
    const text = plain(await page.textContent('[data-testid=report-document]'));
    expect(text).toContain('Результаты: ОГЭ по предметам «Русский язык» и «Математика»');
    expect(text).toContain('ОГЭ, математика.');
    expect(text).not.toContain('ВПР, русский язык.');
    expect(await page.textContent('[data-testid=filter-procedures] summary')).toContain('ОГЭ');
    await page.click('[data-testid=filter-procedures] summary');
    // click, not check: the box is checked once the URL (the state) has changed, not at the click.
    await page.getByRole('checkbox', { name: 'ЕГЭ' }).click();
    await page.waitForURL((u) => u.searchParams.getAll('procs').join(',') === 'ОГЭ,ЕГЭ');
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid=report-document]')
        ?.textContent?.replace(/\u00a0/g, ' ')
        .includes('Результаты: ОГЭ и ЕГЭ по предметам'),
    );
  });

  it('a year change sends DuckDB only what the year changes: nothing it already read for the territory', async () => {
    // A page of its own that logs every statement from its start. The risk group's report: the build's
    // prepared answers hold each year of the default list only, so the engine answers.
    const p = await s.browser.context.newPage();
    await p.addInitScript('globalThis.__queryLog = []');
    try {
      await p.goto(`${s.server.url}report/?list=${encodeURIComponent('группа_риска')}&year=2021`);
      await reportReady(p);
      type Logged = { sql: string; params: unknown[] };
      const sent = async () =>
        (await p.evaluate<Logged[]>('globalThis.__queryLog.splice(0)')).map((q) =>
          JSON.stringify([q.sql, q.params]),
        );
      const before = new Set(await sent());
      expect(before.size).toBeGreaterThan(5);
      await p.selectOption('[data-testid=filter-year]', '2022');
      await p.waitForURL((u) => u.searchParams.get('year') === '2022');
      await p.waitForFunction(() =>
        document
          .querySelector('[data-testid=report-document]')
          ?.textContent?.replace(/\u00a0/g, ' ')
          .includes('за 2022 год'),
      );
      await reportReady(p);
      const after = await sent();
      expect(after.length).toBeGreaterThan(0);
      // The per-municipality counts over every year, the list's shares, cohorts and exits: read once.
      expect(after.filter((q) => before.has(q))).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('prints to a few A4 pages with the text and without the site’s controls', async () => {
    await page.goto(`${s.server.url}report/?mun=${encodeURIComponent(CITY)}`);
    await reportReady(page);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: false });
    await page.emulateMedia({ media: 'screen' });
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(20);
    const all = plain(text.join(' '));
    expect(all).toContain('Справка о перечне ШНОР');
    expect(all).toContain('Состав перечня');
    expect(all).toContain('Доля ОО в перечне и целевое значение');
    expect(all).not.toContain('Скачать DOCX');
    expect(all).not.toContain('Загрузка данных');
  });

  it('downloads the DOCX with its headings, tables and charts', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=report-docx]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^spravka-г-Северогорск-\d{4}\.docx$/);
    const { value: html } = await mammoth.convertToHtml({ buffer: readFileSync(await download.path()) });
    expect(html).toContain('<h1>Справка о перечне ШНОР за');
    expect(html.match(/<h2>/g)).toHaveLength(6);
    expect((html.match(/<table>/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect((html.match(/<img /g) ?? []).length).toBe(await page.locator('[data-chart-id]').count());
  });

  it('is linked from Муниципалитеты (each row), Обзор and Карточка ОО', async () => {
    await page.goto(`${s.server.url}municipalities/`);
    await page.waitForSelector('[data-testid=view-ready][data-loading=false]', { timeout: 60_000 });
    await page.locator('[data-testid=table-municipalities] [data-testid=report-link]').first().click();
    await page.waitForURL(/\/report\/\?mun=/);
    await reportReady(page);
    expect(await page.textContent('[data-testid=report-meta]')).toContain('Территория:');
    await page.goto(`${s.server.url}school/?id=edu9901007`);
    await page.locator('[data-testid=report-link]').click();
    await page.waitForURL(/\/report\/\?id=edu9901007/);
    await reportReady(page);
    expect(await page.textContent('[data-testid=report-document] h1')).toBe(
      'Справка по общеобразовательной организации',
    );
    await page.goto(s.server.url);
    expect(await page.locator('[data-testid=report-link]').getAttribute('href')).toMatch(/\/report\/$/);
  });
});
