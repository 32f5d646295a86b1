import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { freshBrowser, type FreshBrowser } from './browser';
import { serveExport, type StaticServer } from './server';
import { encodeCp1251 } from '../helpers/cp1251';
import { importFiles, job, upload } from './upload-page';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'uploads');
const expected = (name: string) =>
  JSON.parse(readFileSync(join(FIXTURES, name.replace(/\.(csv|tsv)$/, '.expected.json')), 'utf8'));

const num = async (page: Page, file: string, what: string) =>
  Number((await job(page, file).locator(`[data-testid=job-${what}]`).textContent())!.replace(/\s/g, ''));

describe('«Загрузка данных» in Chromium', () => {
  let server: StaticServer;
  let browser: FreshBrowser;
  let page: Page;
  let dir: string;
  const dialogs: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shnor-upload-'));
    server = await serveExport();
    browser = await freshBrowser();
    page = await browser.context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks corpus files and shows each report as the corpus expects', async () => {
    await page.goto(`${server.url}upload/`);
    const files = [
      '04-cp1251-semicolon-decimal-comma-percent-marks.csv',
      '07-missing-required-columns.csv',
      '09-empty-file.csv',
      '15-counts-not-summing-to-participants.csv',
      '19-lists-repeated-year-block.csv',
      '24-script-and-formula-in-names.csv',
    ];
    await upload(
      page,
      files.map((f) => join(FIXTURES, f)),
    );
    for (const f of files) {
      const e = expected(f);
      expect(await num(page, f, 'problems'), f).toBe(e.problems.length);
      if (e.rows !== undefined && e.table) expect(await num(page, f, 'rows'), f).toBe(e.rows);
    }
    // A missing column or an empty file cannot be imported; the report names row and column.
    expect(await job(page, files[1]).locator('[data-testid=job-import]').count()).toBe(0);
    expect(await job(page, files[1]).locator('[data-testid=job-report]').textContent()).toContain(
      'строка 1, столбец «Класс»: обязательного столбца нет в файле',
    );
    expect(await job(page, files[2]).locator('[data-testid=job-report]').textContent()).toContain(
      'файл пуст',
    );
    // Such a file says there is nothing to import, and its card can be put away.
    expect(await job(page, files[2]).locator('[data-testid=job-status]').textContent()).toBe(
      'Проверен: загружать нечего',
    );
    await job(page, files[2]).locator('[data-testid=job-close]').click();
    expect(await job(page, files[2]).count()).toBe(0);
    expect(await job(page, files[3]).locator('[data-testid=job-report]').textContent()).toContain('строка 2');
    // Its three rows give «Доля 2»… in percent: taken as pupils, and said with the rows.
    expect(await job(page, files[0]).locator('[data-testid=job-converted]').textContent()).toContain(
      'Отметки «2»–«5» в 3 строках (строки 2, 3, 4) даны в процентах или долях от участников',
    );
    expect(await job(page, files[3]).locator('[data-testid=job-converted]').count()).toBe(0);
    expect(await job(page, files[4]).locator('[data-testid=job-summary]').textContent()).toContain(
      'повторов учтено один раз: 4',
    );
    // Names with markup stay text: nothing runs.
    await job(page, files[5]).locator('summary').click();
    expect(await job(page, files[5]).textContent()).toContain('<script>alert(1)</script>');
    expect(dialogs).toEqual([]);
    // Results taken by hand as a list: the rows would pass a list's checks, so the choice is questioned.
    const r = '12-marks-as-counts.csv';
    await upload(page, [join(FIXTURES, r)]);
    expect(await job(page, r).locator('[data-testid=job-other-table]').count()).toBe(0);
    await job(page, r).locator('summary').first().click();
    await job(page, r).locator('[data-testid=job-table]').selectOption('lists');
    await page.waitForSelector(`[data-file="${r}"] [data-testid=job-other-table]`);
    expect(await job(page, r).locator('[data-testid=job-other-table]').textContent()).toMatch(
      /Столбцы файла похожи на таблицу «Результаты ВПР, ОГЭ, ЕГЭ».*а выбрана «Перечни»/,
    );
  });

  it('imports a Windows-1251 ВПР file of a new municipality: it appears in the views and survives a reload', async () => {
    const schools = join(dir, 'школы.csv');
    const results = join(dir, 'впр-2025.csv');
    writeFileSync(
      schools,
      encodeCp1251(
        'Код ОО;Наименование;Муниципалитет;Тип ОО;Местность\r\n0701;МБОУ «СОШ № 1»;Тестовый район;СОШ;село\r\n0702;МКОУ «ООШ с. Лесное»;Тестовый район;ООШ;село\r\n',
      ),
    );
    writeFileSync(
      results,
      encodeCp1251(
        'Год;Процедура;Предмет;Класс;Код ОО;Кол-во участников;Доля 2;Доля 3;Доля 4;Доля 5\r\n2025;ВПР;Математика;5;0701;40;12,5;37,5;30;20\r\n2025;ВПР;Математика;5;0702;20;25;50;15;10\r\n',
      ),
    );
    await page.goto(`${server.url}upload/`);
    await upload(page, [schools, results]);
    await importFiles(page, ['школы.csv', 'впр-2025.csv']);
    expect(await page.locator('[data-testid=loaded-row]').count()).toBe(2);

    const check = async () => {
      await page.goto(`${server.url}municipalities/?mun=${encodeURIComponent('Тестовый район')}&year=2025`);
      await page.waitForSelector('[data-testid=view-ready][data-loading=false]', { timeout: 60_000 });
      const text = (await page.textContent('[data-testid=table-municipalities]'))!.replace(/\s/g, ' ');
      // ВПР share of «2»: (5 + 5) / 60 = 16,7 %.
      expect(text).toContain('Тестовый район');
      expect(text).toContain('16,7 %');
    };
    await check();
    await page.reload();
    await check();
    await page.goto(`${server.url}upload/`);
    await page.waitForSelector('[data-testid=loaded-row]');
    expect(await page.locator('[data-testid=loaded-row]').count()).toBe(2);
  });

  it('refusing a broken file loses nothing; a copied link warns that own data stays in this browser', async () => {
    await page.goto(`${server.url}upload/`);
    await upload(page, [join(FIXTURES, '17-text-in-number-columns.csv')]);
    await job(page, '17-text-in-number-columns.csv').locator('[data-testid=job-refuse]').click();
    await page.waitForSelector('[data-testid=file-job][data-status=refused]');
    expect(await page.locator('[data-testid=loaded-row]').count()).toBe(2);
    await page.goto(`${server.url}?mun=${encodeURIComponent('Тестовый район')}`);
    await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
    await page.click('[data-testid=copy-link]');
    await page.waitForSelector('[data-testid=own-data-link-warning]');
  });
});
