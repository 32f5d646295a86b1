// Own data reloaded from its stored derived tables in Chromium: tables stored in several parts read back
// whole; stored rows that no longer insert after the first figures (the deferred insert fails) neither
// lock the tab out nor pass for all the data: the stored tables are dropped, what loads is loaded the
// complete way, and the file that does not is named; the views' default states answered from answers
// recorded in an earlier visit before the engine is up, exactly as the engine computes them, and never
// once the imports or the build changed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { freshBrowser } from './browser';
import { serveExport, type StaticServer } from './server';
import { FILES, open, origins, stored, table, writeFiles } from './own-fixture';
import { importFiles, upload } from './upload-page';

/** One IndexedDB store's records (Blobs as their sizes), or an edit of them, in the page. */
const idb = <T>(page: Page, body: string) =>
  page.evaluate<T>(`new Promise((resolve, reject) => {
    const req = indexedDB.open('shnor-dinamika');
    req.onsuccess = () => {
      const db = req.result;
      const run = async () => { ${body} };
      run().then((v) => { db.close(); resolve(v); }, (e) => { db.close(); reject(e); });
    };
    req.onerror = () => reject(req.error);
  })`);
const derivedParts = (page: Page) =>
  idb<{ key: string; names: string[] } | null>(
    page,
    `return await new Promise((res, rej) => {
      const r = db.transaction('derived').objectStore('derived').get('own');
      r.onsuccess = () => res(r.result ? { key: r.result.key, names: r.result.tables.map((t) => t.name) } : null);
      r.onerror = () => rej(r.error);
    });`,
  );

/** Rows of each user table on the upload page (0 when the table is not listed). */
async function counts(page: Page) {
  await page.goto(`${server.url}upload/`);
  await page.waitForSelector('[data-testid=loaded-panel][data-engine=ready]', { timeout: 120_000 });
  const n = async (t: string) => {
    const el = page.locator(`[data-testid=user-count-${t}]`);
    return (await el.count()) ? Number((await el.textContent())!.replace(/\s/g, '')) : 0;
  };
  return { schools: await n('schools'), lists: await n('lists'), results: await n('results') };
}

let server: StaticServer;
let dir: string;

describe('own data reloaded from its stored derived tables', () => {
  beforeAll(async () => {
    server = await serveExport();
    dir = mkdtempSync(join(tmpdir(), 'shnor-own-reload-'));
    writeFiles(dir);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const importAll = async (page: Page) => {
    await page.goto(`${server.url}upload/`);
    const names = Object.keys(FILES);
    await upload(
      page,
      names.map((f) => join(dir, f)),
    );
    await importFiles(page, names);
    await stored(page);
  };

  it('tables stored in parts of two rows are read back whole: the same figures as built', async () => {
    const browser = await freshBrowser();
    try {
      const page = await browser.context.newPage();
      // The part size (500 000 rows in use) made small enough for these few rows to need several parts.
      await page.addInitScript('globalThis.shnorDerivedPartRows = 2');
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await importAll(page);
      const { names } = (await derivedParts(page))!;
      // school_dim holds the three schools: two parts.
      expect(names.filter((n) => n === 'school_dim')).toHaveLength(2);

      await open(page, `${server.url}municipalities/?year=2024`);
      expect((await origins(page)).school_dim).toBe('user_derived');
      expect(await page.evaluate(`performance.getEntriesByName('rows-deferred').length`)).toBe(1);
      const reread = await table(page);
      // Северный район in 2024: one listed school of two; its participants 40 of 70.
      expect(reread).toContain('Северный район');
      expect(reread).toContain('50,0 %');
      expect(await counts(page)).toEqual({ schools: 3, lists: 3, results: 3 });

      // Built from the rows instead (the stored tables cleared): the same table.
      await idb(
        page,
        `await new Promise((res, rej) => {
          const t = db.transaction('derived', 'readwrite');
          t.objectStore('derived').clear();
          t.oncomplete = res;
          t.onerror = () => rej(t.error);
        });`,
      );
      await open(page, `${server.url}municipalities/?year=2024`);
      expect((await origins(page)).school_dim).toBe('built');
      expect(await table(page)).toBe(reread);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('stored rows that no longer insert after the first figures: no lockout, the file named, the rest loaded the complete way', async () => {
    const browser = await freshBrowser();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await importAll(page);
      const before = (await derivedParts(page))!;
      // The results import's stored rows corrupted: not gzip, so they cannot be read back.
      const resultsId = await idb<string>(
        page,
        `const all = await new Promise((res, rej) => {
          const r = db.transaction('imports').objectStore('imports').getAll();
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
        const rec = all.find((r) => r.fileName === 'впр.csv');
        rec.arrow = new Blob([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])]);
        await new Promise((res, rej) => {
          const t = db.transaction('imports', 'readwrite');
          t.objectStore('imports').put(rec);
          t.oncomplete = res;
          t.onerror = () => rej(t.error);
        });
        return rec.id;`,
      );
      expect(before.key.split(',')).toContain(resultsId);

      // First figures from the stored tables; then the rows fail to insert.
      await open(page, `${server.url}municipalities/?year=2024`);
      expect((await origins(page)).school_dim).toBe('user_derived');
      await page.waitForSelector('[data-testid=stored-failed]', { timeout: 60_000 });
      const notice = (await page.textContent('[data-testid=stored-failed]'))!;
      expect(notice).toContain('впр.csv');
      expect(notice).toContain('не загрузился');
      // The stored tables (a cache of all three files) are gone; what is shown now is built from what loaded.
      await page.waitForFunction(
        `performance.getEntriesByName('derived-origins').at(-1)?.detail.school_dim === 'built'`,
        undefined,
        { timeout: 60_000 },
      );
      // Nothing that reads rows is locked out, and the counts are exact: the results are not in.
      expect(await counts(page)).toEqual({ schools: 3, lists: 3, results: 0 });
      expect(await page.textContent('main')).toContain('впр.csv');
      expect(await page.textContent('main')).not.toContain('обновите страницу');
      const failedRow = page.locator('[data-testid=loaded-row]', { hasText: 'впр.csv' });
      expect(await failedRow.textContent()).toContain('файл не учитывается');

      // Every reload again: loaded the complete way, the same counts, the file named again.
      for (let i = 0; i < 2; i++) {
        expect(await counts(page)).toEqual({ schools: 3, lists: 3, results: 0 });
        expect(await page.textContent('[data-testid=stored-failed]')).toContain('впр.csv');
        expect(await page.evaluate(`performance.getEntriesByName('rows-deferred').length`)).toBe(0);
      }
      await open(page, `${server.url}municipalities/?year=2024`);
      expect(await page.textContent('[data-testid=stored-failed]')).toContain('впр.csv');

      // The file removed: the notice goes, the rest stays.
      await page.goto(`${server.url}upload/`);
      await page.waitForSelector('[data-testid=loaded-panel][data-engine=ready]');
      // Removing an import asks first.
      page.once('dialog', (d) => void d.accept());
      await page
        .locator('[data-testid=loaded-row]', { hasText: 'впр.csv' })
        .getByRole('button', { name: 'Удалить' })
        .click();
      await page.waitForFunction(`document.querySelectorAll('[data-testid=loaded-row]').length === 2`);
      await page.waitForSelector('[data-testid=stored-failed]', { state: 'detached' });
      expect(await counts(page)).toEqual({ schools: 3, lists: 3, results: 0 });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
  it('stored rows that fail to insert while own answers are being recorded: no deadlock, the file named', async () => {
    const browser = await freshBrowser();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await importAll(page);
      await derivedParts(page);
      // No answers stored (as after a new build): a recording starts 3 s after the first figures, and its
      // statements that read rows wait for the insert, held back here until they do; then the insert fails.
      await idb<void>(
        page,
        `await new Promise((res, rej) => {
          const t = db.transaction(['imports', 'derived'], 'readwrite');
          t.objectStore('derived').delete(IDBKeyRange.bound('answers:', 'answers:\\uffff'));
          const r = t.objectStore('imports').getAll();
          r.onsuccess = () => {
            const rec = r.result.find((x) => x.fileName === 'впр.csv');
            rec.arrow = new Blob([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])]);
            t.objectStore('imports').put(rec);
          };
          t.oncomplete = res;
          t.onerror = () => rej(t.error);
        });`,
      );
      await page.addInitScript('globalThis.shnorInsertAfterMs = 8000');
      await open(page, `${server.url}municipalities/?year=2024`);
      expect((await origins(page)).school_dim).toBe('user_derived');
      await page.waitForFunction(`performance.getEntriesByName('rows-wait').length > 0`, undefined, {
        timeout: 30_000,
      });
      expect(await page.evaluate(`performance.getEntriesByName('rows-deferred-failed').length`)).toBe(0);
      await page.waitForSelector('[data-testid=stored-failed]', { timeout: 60_000 });
      expect(await page.textContent('[data-testid=stored-failed]')).toContain('впр.csv');
      await page.waitForFunction(
        `performance.getEntriesByName('derived-origins').at(-1)?.detail.school_dim === 'built'`,
        undefined,
        { timeout: 60_000 },
      );
      expect(await counts(page)).toEqual({ schools: 3, lists: 3, results: 0 });
      expect(await page.textContent('main')).not.toContain('обновите страницу');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

const VIEWS = ['', 'municipalities/', 'dynamics/', 'cohorts/', 'exits/', 'objectivity/', 'risk/', 'report/'];
/** Every panel of the page has its figures (or says there are none), and every chart is drawn. */
const READY = `(document.querySelector('[data-testid=view-ready]') || document.querySelector('[data-testid=overview][data-source=duckdb]') || document.querySelector('[data-testid=report][data-loading=false]')) && !document.querySelector('[data-loading=true], [data-source=loading]') && ![...document.querySelectorAll('[data-chart-id]')].some((f) => f.dataset.drawn !== 'true')`;
/** The page's text without its charts (drawn from the same rows, when in view) and the line that says where the figures were computed. */
const figures = async (page: Page) =>
  (
    await page.evaluate<string>(`(() => {
      const main = document.querySelector('main').cloneNode(true);
      for (const e of main.querySelectorAll('svg, style, figure, [data-chart-id]')) e.remove();
      return main.textContent;
    })()`)
  )
    .replace('Рассчитано в браузере (DuckDB)', '')
    .replace(/\s+/g, ' ');
const engineUp = (page: Page) => page.evaluate(`performance.getEntriesByName('duckdb:load').length > 0`);

describe('own data answered before the engine is up', () => {
  beforeAll(async () => {
    server = await serveExport();
    dir = mkdtempSync(join(tmpdir(), 'shnor-own-answers-'));
    writeFiles(dir);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the default states from stored answers equal the engine’s figures; other imports or another build use none', async () => {
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
      await stored(page);
      expect(await page.evaluate(`performance.getEntriesByName('own-answers:stored').length`)).toBe(1);

      // The engine's wasm held back: what the page shows comes from the stored answers alone.
      let release = () => {};
      const hold = async () => {
        const released = new Promise<void>((r) => {
          release = r;
        });
        await page.route('**/duckdb/duckdb-eh.wasm', async (route: Route) => {
          await released;
          await route.continue().catch(() => undefined);
        });
      };
      const unhold = async () => {
        release();
        await page.unroute('**/duckdb/duckdb-eh.wasm');
      };
      const answered = new Map<string, string>();
      for (const v of VIEWS) {
        await hold();
        await page.goto(`${server.url}${v}`);
        await page.waitForFunction(READY, undefined, { timeout: 60_000 });
        expect(await engineUp(page), v).toBe(false);
        answered.set(v, await figures(page));
        await unhold();
      }
      // «Муниципалитеты» in 2025, by hand: Северный район 2 schools, 1 listed (50 %); Южный район 1 of 1.
      expect(answered.get('municipalities/')).toContain('Северный район Справка2150,0 %');
      expect(answered.get('municipalities/')).toContain('Южный район Справка11100,0 %');

      // The same views computed by the engine, the answers gone: the same figures.
      await idb(
        page,
        `await new Promise((res, rej) => {
        const t = db.transaction('derived', 'readwrite');
        t.objectStore('derived').delete(IDBKeyRange.bound('answers:', 'answers:\\uffff'));
        t.oncomplete = res;
        t.onerror = () => rej(t.error);
      });`,
      );
      for (const v of VIEWS) {
        await page.goto(`${server.url}${v}`);
        await page.waitForFunction(READY, undefined, { timeout: 60_000 });
        expect(await engineUp(page), v).toBe(true);
        expect(await figures(page), v).toBe(answered.get(v));
      }
      // Stored tables without answers (stored by an earlier build): the answers are recorded on a visit.
      await page.goto(server.url);
      await page.waitForFunction(`performance.getEntriesByName('own-answers:stored').length > 0`, undefined, {
        timeout: 60_000,
      });
      expect((await origins(page)).school_dim).toBe('user_derived');
      await hold();
      await page.goto(`${server.url}municipalities/`);
      await page.waitForFunction(READY, undefined, { timeout: 60_000 });
      expect(await engineUp(page)).toBe(false);
      expect(await figures(page)).toBe(answered.get('municipalities/'));
      await unhold();

      // Answers recorded by another build, or from other imports, are not used: with the engine held back,
      // nothing is shown.
      await page.goto(`${server.url}upload/`);
      await page.waitForSelector('[data-testid=loaded-panel][data-engine=ready]');
      // Removing an import asks first.
      page.once('dialog', (d) => void d.accept());
      await page
        .locator('[data-testid=loaded-row]', { hasText: 'впр.csv' })
        .getByRole('button', { name: 'Удалить' })
        .click();
      await page.waitForFunction(`document.querySelectorAll('[data-testid=loaded-row]').length === 2`);
      await stored(page);
      const overview = async () => {
        await hold();
        await page.goto(server.url);
        await page.waitForSelector('[data-testid=overview]');
        await page.waitForTimeout(1500);
        const source = await page.getAttribute('[data-testid=overview]', 'data-source');
        await unhold();
        return source;
      };
      expect(await overview()).toBe('duckdb');
      // The stored answers of «Обзор» changed in place.
      const change = (js: string) =>
        idb(
          page,
          `const t = db.transaction('derived', 'readwrite');
          const s = t.objectStore('derived');
          const r = s.get('answers:overview.json');
          r.onsuccess = () => { const a = r.result; ${js}; s.put(a); };
          await new Promise((res, rej) => { t.oncomplete = res; t.onerror = () => rej(t.error); });`,
        );
      const { stamp, key } = (await idb<{ stamp: string; key: string }>(
        page,
        `return await new Promise((res) => {
          const r = db.transaction('derived').objectStore('derived').get('answers:overview.json');
          r.onsuccess = () => res({ stamp: r.result.stamp, key: r.result.key });
        });`,
      ))!;
      // Recorded by another build.
      await change(`a.stamp = 'другая сборка'`);
      expect(await overview()).toBe('loading');
      // From other imports: the key names a record no longer stored.
      await change(`a.stamp = ${JSON.stringify(stamp)}; a.key = ${JSON.stringify(`${key},1-removed`)}`);
      expect(await overview()).toBe('loading');
      // Put back: used again (what held the figures back above was the check, not the held engine).
      await change(`a.key = ${JSON.stringify(key)}`);
      expect(await overview()).toBe('duckdb');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 300_000);
});
