import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { freshBrowser, type FreshBrowser } from './browser';
import { serveExport, type StaticServer } from './server';
import { importFiles, job, upload } from './upload-page';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'uploads');
const text = async (page: Page, file: string, what: string) =>
  ((await job(page, file).locator(`[data-testid=job-${what}]`).textContent()) ?? '').replace(/\s/g, ' ');

describe('Excel books on «Загрузка данных» in Chromium', () => {
  let server: StaticServer;
  let browser: FreshBrowser;
  let page: Page;
  beforeAll(async () => {
    server = await serveExport();
    browser = await freshBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('reads a regional list below its title rows as the list the user names, offers the sheets of a book, refuses a locked book, and imports', async () => {
    await page.goto(`${server.url}upload/`);
    const files = [
      'x02-regional-list-title-rows.xlsx',
      'x09-instructions-then-data-sheet.xlsx',
      'x11-password-protected.xlsx',
    ];
    await upload(
      page,
      files.map((f) => join(FIXTURES, f)),
    );
    expect(await text(page, files[0], 'summary')).toContain('лист «Лист1»');
    expect(await text(page, files[0], 'rows')).toBe('3');
    expect(await text(page, files[0], 'problems')).toBe('0');
    // The data sheet is chosen over the instructions; the other sheet stays a choice.
    expect(await job(page, files[1]).locator('[data-testid=job-sheet]').inputValue()).toBe('Данные');
    expect(await text(page, files[1], 'rows')).toBe('1');
    await job(page, files[1]).locator('[data-testid=job-sheet]').selectOption('Инструкция');
    await page.waitForFunction(
      `document.querySelector('[data-file="${files[1]}"]').dataset.status === 'parsed' && document.querySelector('[data-file="${files[1]}"] [data-testid=job-sheet]')?.value === 'Инструкция'`,
      undefined,
      { timeout: 30_000 },
    );
    expect(await text(page, files[1], 'report')).toContain('обязательного столбца нет в файле');
    await job(page, files[1]).locator('[data-testid=job-sheet]').selectOption('Данные');
    await page.waitForFunction(
      `document.querySelector('[data-file="${files[1]}"] [data-testid=job-sheet]')?.value === 'Данные' && document.querySelector('[data-file="${files[1]}"]').dataset.status === 'parsed'`,
      undefined,
      { timeout: 30_000 },
    );
    expect(await text(page, files[2], 'report')).toContain('книга защищена паролем');
    expect(await job(page, files[2]).locator('[data-testid=job-import]').count()).toBe(0);

    // The regional list of schools with signs of non-objectivity has no list column: the user names the list.
    await job(page, files[0]).locator('[data-testid=job-list]').selectOption('необъективность');
    await page.waitForFunction(
      `document.querySelector('[data-file="${files[0]}"]').dataset.status === 'parsed' && document.querySelector('[data-file="${files[0]}"] [data-testid=job-list]')?.value === 'необъективность'`,
      undefined,
      { timeout: 30_000 },
    );
    await importFiles(page, [files[0]]);
    await page.goto(`${server.url}school/?id=sch0012345`);
    await page.waitForSelector('[data-testid=chart-list-history][data-drawn=true]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=school-name]')).toBe('МБОУ «СОШ № 1 п. Лесозаводский»');
    expect(await page.textContent('[data-testid=chart-list-history]')).toContain('Необъективность');
  });
});
