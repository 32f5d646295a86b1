// Own data's derived tables in Chromium: built once after an import and stored in IndexedDB, read on the
// next visit instead of built, built again once the imports change; a prepared .duckdb file as own data,
// and bad ones refused in Russian with the loaded data left as it was.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshBrowser } from './browser';
import { serveExport, type StaticServer } from './server';
import { FILES, open, origins, stored, table, writeFiles } from './own-fixture';
import { importFiles, job, upload } from './upload-page';
import { csv } from '../helpers/engines';
import { preparedFiles } from '../helpers/prepared-files';

describe('own data keeps its derived tables; a prepared file is own data', () => {
  let server: StaticServer;
  let dir: string;
  beforeAll(async () => {
    server = await serveExport();
    dir = mkdtempSync(join(tmpdir(), 'shnor-own-derived-'));
    writeFiles(dir);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a reload reads the stored tables; removing an import makes them stale and they are built again', async () => {
    const browser = await freshBrowser();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}upload/`);
      const names = Object.keys(FILES);
      await upload(
        page,
        names.map((f) => join(dir, f)),
      );
      await importFiles(page, names);
      expect((await origins(page)).school_dim).toBe('built');
      await stored(page);

      // A new page: the stored tables are read, nothing is built or stored again.
      expect(await open(page, `${server.url}municipalities/?year=2024`)).toContain('Северный район');
      const reread = await table(page);
      const o = await origins(page);
      expect(o.school_dim).toBe('user_derived');
      expect(o.list_outcomes).toBe('user_derived');
      expect(reread).toContain('50,0 %');
      expect(await page.evaluate(`performance.getEntriesByName('own-derived:stored').length`)).toBe(0);
      // Its figures came from the stored tables alone: the rows were inserted after them, nothing waited.
      expect(await page.evaluate(`performance.getEntriesByName('rows-deferred').length`)).toBe(1);
      expect(await page.evaluate(`performance.getEntriesByName('rows-wait').map((e) => e.detail)`)).toEqual(
        [],
      );
      // What reads the rows waits for all of them: the exact counts.
      await page.goto(`${server.url}upload/`);
      await page.waitForSelector('[data-testid=user-count-results]');
      expect(await page.evaluate(`performance.getEntriesByName('rows-deferred').length`)).toBe(1);
      expect(await page.textContent('[data-testid=user-count-results]')).toBe('3');
      expect(await page.textContent('[data-testid=user-count-lists]')).toBe('3');
      // The same view with the stored tables gone from IndexedDB: built here, with the same figures.
      await page.evaluate(`new Promise((resolve, reject) => {
        const req = indexedDB.open('shnor-dinamika');
        req.onsuccess = () => {
          const t = req.result.transaction('derived', 'readwrite');
          t.objectStore('derived').clear();
          t.oncomplete = () => { req.result.close(); resolve(); };
          t.onerror = () => reject(t.error);
        };
      })`);
      await open(page, `${server.url}municipalities/?year=2024`);
      expect((await origins(page)).school_dim).toBe('built');
      expect(await table(page)).toBe(reread);
      await stored(page);

      // The results import removed: the stored tables describe other data and are not used.
      await page.goto(`${server.url}upload/`);
      await page.waitForSelector('[data-testid=loaded-row]');
      // Removing an import asks first.
      page.once('dialog', (d) => void d.accept());
      await page
        .locator('[data-testid=loaded-row]', { hasText: 'впр.csv' })
        .getByRole('button', { name: 'Удалить' })
        .click();
      await page.waitForFunction(`document.querySelectorAll('[data-testid=loaded-row]').length === 2`);
      expect((await origins(page)).school_dim).toBe('built');
      await stored(page);
      await page.goto(`${server.url}upload/`);
      await page.waitForSelector('[data-testid=loaded-panel][data-engine=ready]');
      expect((await origins(page)).school_dim).toBe('user_derived');
      expect(await page.locator('[data-testid=user-count-results]').count()).toBe(0);
      // With the results gone, a school's card has none.
      expect(await open(page, `${server.url}school/?id=0010001`)).toContain(
        'Нет результатов ВПР школы: признаки не рассчитаны',
      );
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('a prepared .duckdb is own data across reloads; a truncated, foreign or outdated file is refused and changes nothing', async () => {
    const files = await preparedFiles(dir, {
      schools: csv(
        'school_id,name,municipality,type,location,closed_year,successor_id',
        'P1,Лицей «Подготовленный»,Западный район,СОШ,город,,',
        'P2,Школа № 2,Западный район,СОШ,село,,',
      ),
      lists: csv('year,school_id,list,name,municipality,source', '2024,P1,ШНОР,,,', '2025,P2,ШНОР,,,'),
      results: csv(
        'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80',
        '2024,ВПР,Математика,5,P1,40,10,18,8,4,,,',
        '2024,ВПР,Математика,5,P2,30,3,12,10,5,,,',
      ),
    });
    const write = (name: string, bytes: Uint8Array) => {
      writeFileSync(join(dir, name), bytes);
      return join(dir, name);
    };
    const browser = await freshBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}upload/`);
      await page.waitForSelector('[data-testid=upload][data-hydrated=true]');
      const prepared = async (path: string, file: string) => {
        await page.setInputFiles('[data-testid=file-input]', path);
        const job = page.locator(`[data-testid=prepared-job][data-file="${file}"]`);
        await page.waitForSelector(
          `[data-testid=prepared-job][data-file="${file}"]:not([data-status=checking])`,
          {
            timeout: 60_000,
          },
        );
        return { status: await job.getAttribute('data-status'), text: (await job.textContent()) ?? '' };
      };
      // Rows imported before the prepared file: it replaces them (else matching rows would count twice).
      await upload(page, [join(dir, 'впр.csv')]);
      await importFiles(page, ['впр.csv']);
      await page.waitForSelector('[data-testid=user-count-results]');
      expect(await page.textContent('[data-testid=user-count-results]')).toBe('3');
      const good = await prepared(write('регион.duckdb', files.good), 'регион.duckdb');
      expect(good.status).toBe('imported');
      expect(good.text).toContain('Он заменил все свои файлы, загруженные ранее');
      await page.waitForFunction(`document.querySelectorAll('[data-testid=loaded-row]').length === 1`);
      await page.waitForSelector('[data-testid=user-count-results]');
      expect(await page.textContent('[data-testid=user-count-results]')).toBe('2');
      expect(await page.textContent('[data-testid=loaded-panel]')).toContain('Подготовленный файл (.duckdb)');
      // The file's own derived tables are read.
      expect((await origins(page)).school_dim).toBe('own_file');

      for (const [name, bytes, why] of [
        ['обрезан.duckdb', files.truncated, ''],
        ['чужой.duckdb', files.foreign, 'в нём нет описания подготовленных данных'],
        ['старый.duckdb', files.oldSchema, 'он подготовлен для другой версии схемы данных'],
      ] as const) {
        const bad = await prepared(write(name, bytes), name);
        expect(bad.status, name).toBe('refused');
        expect(bad.text).toContain(`Файл «${name}» не принят: ${why}`);
        expect(bad.text).toContain('Загруженные ранее данные не изменились');
      }
      expect(await page.locator('[data-testid=loaded-row]').count()).toBe(1);
      expect(await page.textContent('[data-testid=user-count-results]')).toBe('2');
      // Rows are not added to a prepared file: refused in Russian, nothing stored.
      await upload(page, [join(dir, 'перечень.csv')]);
      await page.waitForFunction(
        `!document.querySelector('[data-file="перечень.csv"] [data-testid=job-import]').disabled`,
        undefined,
        { timeout: 60_000 },
      );
      await job(page, 'перечень.csv').locator('[data-testid=job-import]').click();
      await page.waitForFunction(
        `document.querySelector('[data-file="перечень.csv"]')?.textContent.includes('Файл не загружен')`,
        undefined,
        { timeout: 60_000 },
      );
      expect(await job(page, 'перечень.csv').textContent()).toContain(
        'свои данные сейчас — подготовленный файл: строки из CSV и Excel к нему не добавляются',
      );
      expect(await page.locator('[data-testid=loaded-row]').count()).toBe(1);
      expect(await page.textContent('[data-testid=user-count-results]')).toBe('2');

      // Kept across a reload.
      const card = await open(page, `${server.url}school/?id=P1`);
      expect(card).toContain('Лицей «Подготовленный»');
      expect((await origins(page)).school_dim).toBe('own_file');
    } finally {
      await browser.close();
    }
  });
});
