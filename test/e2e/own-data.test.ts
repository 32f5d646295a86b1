import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Int32, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { freshBrowser, type FreshBrowser } from './browser';
import { serveExport, type StaticServer } from './server';
import { navigate } from './page';
import { importFiles, job, upload } from './upload-page';

// A small region of six schools. The lists file is as regions send it: «Логин», «ОО», no list column (ШНОР).
const SCHOOLS = [
  ['0012345', 'МБОУ «СОШ № 1 п. Лесозаводский»', 'Лесозаводский район', 'СОШ', 'село'],
  ['0012346', 'МБОУ «СОШ № 2 п. Лесозаводский»', 'Лесозаводский район', 'СОШ', 'село'],
  ['0012347', 'МКОУ «ООШ с. Берёзовка»', 'Лесозаводский район', 'ООШ', 'село'],
  ['0012348', 'МАОУ «Гимназия № 3»', 'Озёрный район', 'гимназия', 'город'],
  ['0012349', 'МБОУ «СОШ № 4»', 'Озёрный район', 'СОШ', 'город'],
  ['0012350', 'МБОУ «СОШ № 5»', 'Озёрный район', 'СОШ', 'город'],
];
const FILES = {
  'школы.csv': ['Код ОО;Наименование;Муниципалитет;Тип ОО;Местность', ...SCHOOLS.map((s) => s.join(';'))],
  // 0012347 is spelled differently from the schools file: a conflict for the import report.
  'перечень.csv': [
    'Год;Логин;Муниципалитет;ОО',
    '2024;0012345;Лесозаводский район;МБОУ «СОШ № 1 п. Лесозаводский»',
    '2024;0012347;Лесозаводский район;МКОУ ООШ с. Березовка',
    '2025;0012345;Лесозаводский район;МБОУ «СОШ № 1 п. Лесозаводский»',
    '2025;0012348;Озёрный район;МАОУ «Гимназия № 3»',
    '2025;0012349;Озёрный район;МБОУ «СОШ № 4»',
  ],
  // One published year: no exit is observed yet.
  'перечень-2025.csv': [
    'Год;Логин;Муниципалитет;ОО',
    '2025;0012345;Лесозаводский район;МБОУ «СОШ № 1 п. Лесозаводский»',
    '2025;0012348;Озёрный район;МАОУ «Гимназия № 3»',
  ],
  'впр.csv': [
    'Год;Процедура;Предмет;Класс;Код ОО;Участников;«2»;«3»;«4»;«5»',
    ...[2024, 2025].flatMap((y) =>
      SCHOOLS.map(
        ([id], i) =>
          `${y};ВПР;Математика;5;${id};40;${2 + i + (y - 2024) * 3};18;12;${8 - i - (y - 2024) * 3 + 0}`,
      ),
    ),
  ],
};

const VIEWS = ['', 'dynamics/', 'cohorts/', 'exits/', 'risk/', 'municipalities/', 'school/?id=0012345'];
const text = async (page: Page, sel = 'main') => ((await page.textContent(sel)) ?? '').replace(/\s/g, ' ');

/** A view has answered the current URL (the card: all three of its parts). */
async function settled(page: Page) {
  await page.waitForFunction(
    `document.querySelector('[data-testid=view-state]')?.dataset.search === new URLSearchParams(location.search).toString()
      && (document.querySelector('[data-testid=overview]') ? document.querySelector('[data-testid=overview]').dataset.source === 'duckdb'
        : document.querySelector('[data-testid=view-ready]') && !document.querySelector('[data-loading=true]'))`,
    undefined,
    { timeout: 60_000 },
  );
}

describe('own data with gaps in Chromium: what is missing is said, never shown as a figure', () => {
  let server: StaticServer;
  let dir: string;
  beforeAll(async () => {
    server = await serveExport();
    dir = mkdtempSync(join(tmpdir(), 'shnor-own-'));
    for (const [name, lines] of Object.entries(FILES))
      writeFileSync(join(dir, name), `${lines.join('\r\n')}\r\n`);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh browser profile on the upload page; `check` runs on it, and no page error may occur. */
  async function onUploadPage(check: (page: Page) => Promise<void>) {
    const browser: FreshBrowser = await freshBrowser();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}upload/`);
      await check(page);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }

  /** A fresh browser profile with `files` imported; `check` runs on it. */
  async function withData(
    files: (keyof typeof FILES)[],
    check: (page: Page, open: (path: string, reload?: boolean) => Promise<string>) => Promise<void>,
  ) {
    await onUploadPage(async (page) => {
      await upload(
        page,
        files.map((f) => join(dir, f)),
      );
      await importFiles(page, files);
      // The first view loads the page (the imports replayed from the browser's storage); the others are
      // reached as the app's links reach them, with the engine up. `reload` loads the page again.
      let loaded = false;
      const open = async (path: string, reload = false) => {
        if (reload || !loaded) await page.goto(`${server.url}${path}`);
        else await navigate(page, path);
        loaded = true;
        await settled(page);
        return text(page);
      };
      await check(page, open);
      // No view prints a raw null, NaN or undefined, or says the engine is still loading once it has answered.
      for (const v of VIEWS) {
        const t = await open(v);
        expect(t, v).not.toMatch(/\bnull\b|NaN|undefined|движок DuckDB загружается/);
      }
    });
  }

  it('lists only: names from the list; no share, flags or risk, and the view says what to upload', async () => {
    await withData(['перечень.csv'], async (page, open) => {
      expect(await job(page, 'перечень.csv').locator('[data-testid=job-named]').textContent()).toContain(
        'Школ нет в справочнике школ: 4',
      );
      await open('');
      expect(await page.getAttribute('[data-testid=kpi-share]', 'data-value')).toBe('');
      // Not «100,0 % — 7 из 7 школ»: only the listed schools are known.
      expect(await text(page, '[data-testid=kpi-share]')).toContain('нет данных');
      expect(await text(page, '[data-testid=kpi-share]')).not.toMatch(/%|из \d/);
      expect(await text(page, '[data-testid=share-gap]')).toContain(
        'загрузите справочник школ или результаты',
      );
      // The exit rate into 2025 cannot leave closed schools out: it says so.
      expect(await text(page, '[data-testid=kpi-exit-rate]')).toContain(
        'закрытия школ не известны без справочника школ',
      );
      const card = await open('school/?id=0012345');
      expect(await page.textContent('[data-testid=school-name]')).toBe('МБОУ «СОШ № 1 п. Лесозаводский»');
      expect(card).toContain('Лесозаводский район');
      expect(await text(page, '[data-testid=school-flags-gap]')).toContain(
        'Нет результатов ВПР школы: признаки не рассчитаны',
      );
      expect(await text(page, '[data-testid=school-risk-gap]')).toContain('группа риска не определена');
      expect(card).not.toMatch(/Признаков не выявлено|не в группе риска/);
      expect(await open('risk/')).toContain('Нет результатов ВПР и ОГЭ: группа риска не определена');
      expect(await open('dynamics/')).toContain(
        'В загруженных данных нет результатов: загрузите результаты ВПР, ОГЭ или ЕГЭ',
      );
      expect(await open('municipalities/')).toContain('нет данных');
      // 0012347 is off the 2025 list: exited or closed, the lists alone cannot tell; «Закрыты» is not 0.
      await open('exits/');
      expect(await text(page, '[data-testid=exits-closures-unknown]')).toContain(
        'Закрытия школ не известны: не загружен справочник школ',
      );
      const row2024 = page.locator('[data-testid=table-exits-by-year] tbody tr', { hasText: '2024' }).first();
      expect((await row2024.locator('td').allTextContents()).slice(0, 5)).toEqual([
        '2024',
        '2025',
        '2',
        '1',
        'нет данных',
      ]);
    });
  });

  it('one year of the list: no exit observed, so no time-to-exit curve (not a flat 100 %)', async () => {
    await withData(['перечень-2025.csv'], async (page, open) => {
      const t = await open('exits/');
      expect(await text(page, '[data-testid=survival-empty]')).toContain(
        'выход из перечня ещё не наблюдался',
      );
      expect(await page.locator('[data-testid=chart-survival]').count()).toBe(0);
      expect(t).toContain('нет данных');
    });
  });

  it('results only: no list is said so; an unnamed school is marked as such', async () => {
    await withData(['впр.csv'], async (page, open) => {
      // Each unknown code with its first row and the file's column: a mistyped code can be found.
      const unknown = await job(page, 'впр.csv').locator('[data-testid=job-unknown]').textContent();
      expect(unknown).toContain('Коды ОО (столбец «Код ОО»)');
      expect(unknown).toContain('(6: 0012345 — строка 2, 0012346 — строка 3,');
      expect(await open('')).toContain('В загруженных данных нет перечня ШНОР');
      const card = await open('school/?id=0012345');
      expect(await page.textContent('[data-testid=school-name]')).toBe('ОО 0012345');
      expect(await text(page, '[data-testid=school-unnamed]')).toContain(
        'Наименование и муниципалитет школы не загружены',
      );
      expect(card).toContain('муниципалитет не указан');
      expect(await page.locator('[data-testid=school-flags-gap]').count()).toBe(0);
      expect(await page.locator('[data-testid=school-risk-gap]').count()).toBe(0);
    });
  });

  it('lists, then results: the codes the lists name are not reported as unknown; municipalities stay unknown', async () => {
    await withData(['перечень.csv'], async (page, open) => {
      await upload(page, [join(dir, 'впр.csv')]);
      const identity = job(page, 'впр.csv').locator('[data-testid=job-identity]');
      await identity.waitFor();
      // The lists name 0012345, 0012347, 0012348, 0012349; the results have six schools.
      expect(await identity.locator('[data-testid=job-named-in-data]').textContent()).toContain(
        'Школ нет в справочнике школ: 4. Их наименования и муниципалитеты взяты из загруженных перечней.',
      );
      expect(await identity.locator('[data-testid=job-unknown]').textContent()).toContain(
        '(2: 0012346 — строка 3, 0012350 — строка 7)',
      );
      // Imported: the region's schools are known from the results, a municipality's are not (results name
      // no municipality): its share and results are absent, not those of its listed schools alone.
      await importFiles(page, ['впр.csv']);
      await open('municipalities/');
      expect(await text(page, '[data-testid=municipalities-unknown]')).toContain(
        'Школы муниципалитетов не известны',
      );
      await open('');
      expect(await text(page, '[data-testid=kpi-share]')).toMatch(/из 6 школ/);
      expect(await text(page, '[data-testid=kpi-share]')).toContain(
        'закрытия не известны без справочника школ: закрытые учтены как действующие',
      );
      await open(`?mun=${encodeURIComponent('Лесозаводский район')}`);
      expect(await text(page, '[data-testid=kpi-share]')).toContain('нет данных');
      expect(await text(page, '[data-testid=kpi-share]')).toContain('без справочника школ неизвестно');
    });
  });

  it('lists and schools: the share is known (3 of 6), name conflicts are reported, flags still need results', async () => {
    await withData(['школы.csv', 'перечень.csv'], async (page, open) => {
      expect(await text(page, '[data-file="перечень.csv"] [data-testid=job-conflicts]')).toContain(
        '0012347: наименование сейчас «МКОУ «ООШ с. Берёзовка»», в файле — «МКОУ ООШ с. Березовка»',
      );
      await open('');
      expect(Number(await page.getAttribute('[data-testid=kpi-share]', 'data-value'))).toBe(0.5);
      expect(await text(page, '[data-testid=kpi-share]')).toContain('3 из 6 школ');
      expect(await text(page, '[data-testid=kpi-share]')).not.toContain('закрытия не известны');
      await open('school/?id=0012347');
      expect(await page.textContent('[data-testid=school-name]')).toBe('МКОУ «ООШ с. Берёзовка»');
      expect(await text(page, '[data-testid=school-flags-gap]')).toContain('Нет результатов ВПР школы');
      // With the schools file closures are known (none closed): no notice, «Закрыты» 0.
      await open('exits/');
      expect(await page.locator('[data-testid=exits-closures-unknown]').count()).toBe(0);
      const row2024 = page.locator('[data-testid=table-exits-by-year] tbody tr', { hasText: '2024' }).first();
      expect((await row2024.locator('td').allTextContents())[4]).toBe('0');
    });
  });

  it('everything: figures everywhere; the card never reads «no results» while it is loading', async () => {
    await withData(['школы.csv', 'перечень.csv', 'впр.csv'], async (page, open) => {
      await open('');
      expect(Number(await page.getAttribute('[data-testid=kpi-share]', 'data-value'))).toBe(0.5);
      // Everything the card shows before its figures arrive, recorded from the first paint.
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { seen: string[] }).seen = seen;
        new MutationObserver(() => {
          const t = document.querySelector('main')?.textContent ?? '';
          if (/Нет результатов|Строк: 0/.test(t)) seen.push(t);
        }).observe(document, { subtree: true, childList: true, characterData: true });
      });
      await open('school/?id=0012345', true);
      expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual([]);
      expect(await page.locator('[data-testid=school-flags-gap]').count()).toBe(0);
      expect(await page.locator('[data-testid=school-risk-gap]').count()).toBe(0);
      expect(await page.locator('[data-testid=chart-school-trend]').count()).toBe(1);
    });
  });
  it('a schools import stored before the region column (seven columns) replays after a reload', async () => {
    // The record as the browser stored it then: the rows as a gzip-compressed Arrow IPC stream.
    const ipc = tableToIPC(
      new Table({
        school_id: vectorFromArray(['0012345', '0012346'], new Utf8()),
        name: vectorFromArray(['МБОУ «СОШ № 1»', 'МБОУ «СОШ № 2»'], new Utf8()),
        municipality: vectorFromArray(['Лесозаводский район', 'Озёрный район'], new Utf8()),
        type: vectorFromArray(['СОШ', null], new Utf8()),
        location: vectorFromArray(['село', null], new Utf8()),
        closed_year: vectorFromArray([null, null], new Int32()),
        successor_id: vectorFromArray([null, null], new Utf8()),
      }),
      'stream',
    );
    const gz = [...gzipSync(ipc)];
    const browser: FreshBrowser = await freshBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}upload/`);
      await page.waitForSelector('[data-testid=loaded-panel][data-engine=ready]', { timeout: 60_000 });
      await page.evaluate(
        `new Promise((resolve, reject) => {
          const req = indexedDB.open('shnor-dinamika');
          req.onupgradeneeded = () => req.result.createObjectStore('imports', { keyPath: 'id' });
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            const t = req.result.transaction('imports', 'readwrite');
            t.objectStore('imports').put({ id: 'old-1', fileName: 'школы-2025.csv', table: 'schools', mode: 'add', rows: 2,
              years: [], procedures: [], importedAt: '2025-11-01T10:00:00.000Z', arrow: new Blob([new Uint8Array(${JSON.stringify(gz)})]) });
            t.oncomplete = () => { localStorage.setItem('shnor-dinamika:imports-held', '1'); resolve(null); };
            t.onerror = () => reject(t.error);
          };
        })`,
      );
      await page.reload();
      await page.waitForSelector('[data-testid=loaded-panel][data-engine=ready]', { timeout: 60_000 });
      const row = page.locator('[data-testid=loaded-row]');
      expect(await row.count()).toBe(1);
      expect(await row.textContent()).not.toContain('Не удалось восстановить');
      expect(await page.textContent('[data-testid=user-count-schools]')).toBe('2');
    } finally {
      await browser.close();
    }
  });

  it('«Мои данные» chosen with nothing uploaded: every view says there is no data, none stays loading', async () => {
    await onUploadPage(async (page) => {
      await page.waitForSelector('[data-testid=loaded-panel][data-engine=ready]', { timeout: 60_000 });
      await page.getByRole('radio', { name: 'Мои данные', exact: true }).click();
      await page.waitForFunction(
        () => document.querySelector<HTMLInputElement>('input[value=mine]')?.checked,
        null,
        {
          timeout: 60_000,
        },
      );
      expect(await text(page, '[data-testid=source-empty]')).toContain('Своих данных пока нет');
      // «Объективность» stayed on «Считаем показатели…» for good: its query answers null (no year) when the data is empty.
      for (const v of ['objectivity/', 'dynamics/', 'municipalities/', 'cohorts/']) {
        await navigate(page, v);
        await settled(page);
        expect(await text(page), v).toContain(
          'Нет данных: в выбранном источнике нет ни перечней, ни результатов',
        );
      }
    });
  });
});
