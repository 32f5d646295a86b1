// A small generated country attached by URL: DuckDB-wasm reads it with range requests through the static
// server, «Регионы» shows each region's figures (counted here from the file's canonical tables in plain
// TypeScript), and a server that ignores Range, a truncated or foreign file, or a manifest of an older schema
// leave the demo in place with a Russian message.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createNativeEngine } from '@/lib/db/node-native';
import { formatPercent } from '@/lib/format';
import { codeStamp, MANIFEST } from '@/lib/data/derived';
import { createWasmNodeEngine } from '@/lib/db/node-wasm';
import { attachDemo, pointViewsAt } from '@/lib/data/load';
import { dataStamp, recordAnswers } from '@/lib/data/answers';
import { nationalAnswerStates } from '@/lib/answer-pages';
import { answersFileName } from '@/lib/data/answer-files';
import { freshBrowser, type FreshBrowser } from './browser';
import { serveExport } from './server';

const root = join(import.meta.dirname, '..', '..');
const EXPORT = 'out-national-test';
const FILE = join(root, EXPORT, 'data', 'national.duckdb');
const nbsp = (s: string | null) => (s ?? '').replace(/\s/g, ' ');

/** out/ by symbolic links, with a national file of two small regions in its data/. */
function exportWithCountry() {
  const dir = join(root, EXPORT);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'data'), { recursive: true });
  for (const name of readdirSync(join(root, 'out')))
    if (name !== 'data') symlinkSync(join(root, 'out', name), join(dir, name));
  for (const name of readdirSync(join(root, 'out', 'data')))
    if (!name.startsWith('national.')) symlinkSync(join(root, 'out', 'data', name), join(dir, 'data', name));
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/tsx/dist/cli.mjs'),
      'scripts/build-national.ts',
      '--regions',
      '2',
      '--scale',
      '0.05',
      '--out',
      FILE,
    ],
    { cwd: root, stdio: 'ignore' },
  );
}

interface Expected {
  /** The list's latest year. */
  year: number;
  region: string;
  active: number;
  listed: number;
}
/** ШНОР in its latest year, per region: listed schools and schools open that year, from the raw tables. */
async function expected(): Promise<Expected[]> {
  const db = await createNativeEngine();
  await db.exec(`ATTACH '${FILE}' AS f (READ_ONLY)`);
  const schools = await db.query<{ school_id: string; region: string; closed_year: number | null }>(
    'SELECT school_id, region, closed_year FROM f.schools',
  );
  const lists = await db.query<{ year: number; school_id: string }>(
    `SELECT year, school_id FROM f.lists WHERE list = 'ШНОР'`,
  );
  await db.close();
  const year = Math.max(...lists.map((l) => l.year));
  const listed = new Set(lists.filter((l) => l.year === year).map((l) => l.school_id));
  const regions = [...new Set(schools.map((s) => s.region))].sort();
  return regions.map((region) => {
    const own = schools.filter((s) => s.region === region);
    return {
      year,
      region,
      active: own.filter((s) => s.closed_year === null || s.closed_year > year).length,
      listed: own.filter((s) => listed.has(s.school_id)).length,
    };
  });
}

/** A municipality of `region`, from the raw schools table. */
async function municipalityOf(region: string): Promise<string> {
  const db = await createNativeEngine();
  await db.exec(`ATTACH '${FILE}' AS f (READ_ONLY)`);
  const [row] = await db.query<{ municipality: string }>(
    'SELECT min(municipality) AS municipality FROM f.schools WHERE region = $1',
    [region],
  );
  await db.close();
  return row.municipality;
}

async function regionRows(page: Page) {
  // Figures answered in advance stay shown, dimmed, while a change of the data (a country that failed to open)
  // is computed: the rows are read once the view has its own.
  await page.waitForSelector('[data-testid=view-ready][data-loading=false] [data-testid=table-regions]', {
    timeout: 90_000,
  });
  return page.$$eval('[data-testid=table-regions] tbody tr', (trs) =>
    trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent ?? '')),
  );
}

describe('the country attached by URL', () => {
  let browser: FreshBrowser;
  beforeAll(async () => {
    exportWithCountry();
    browser = await freshBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(join(root, EXPORT), { recursive: true, force: true });
  });

  it('reads the file by range requests and ranks its regions', async () => {
    const server = await serveExport(EXPORT);
    const page = await browser.context.newPage();
    let fetched = 0;
    const statuses: number[] = [];
    const wal: string[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.endsWith('.wal')) wal.push(`${r.status()} ${r.url()}`);
      if (!new URL(r.url()).pathname.endsWith('/data/national.duckdb')) return;
      statuses.push(r.status());
      // A HEAD (the file's size) carries the length of a body it does not send.
      if (r.request().method() !== 'HEAD') fetched += Number(r.headers()['content-length'] ?? 0);
    });
    // The engine's reads are the subject here: the country's answers (tested below) are left out.
    await page.route('**/national-answers/**', (r) => r.fulfill({ status: 404, body: '' }));
    try {
      await page.goto(`${server.url}regions/?data=national`);
      const want = await expected();
      const rows = await regionRows(page);
      // Columns: rank, region, schools, listed, share, exit rate; ranked by the share.
      const byRegion = new Map(rows.map((r) => [r[1], r]));
      expect([...byRegion.keys()].sort()).toEqual(want.map((w) => w.region));
      for (const w of want) {
        const row = byRegion.get(w.region)!;
        expect(nbsp(row[2])).toBe(String(w.active));
        expect(nbsp(row[3])).toBe(String(w.listed));
        expect(nbsp(row[4])).toBe(nbsp(formatPercent(w.listed / w.active)));
      }
      const shares = want.map((w) => w.listed / w.active);
      expect(rows[0][1]).toBe(want[shares.indexOf(Math.max(...shares))].region);
      expect(await page.locator('[data-testid=national-failed]').count()).toBe(0);
      // Every read was a range (206), together less than the file.
      expect(statuses.length).toBeGreaterThan(1);
      expect(statuses.every((s) => s === 206)).toBe(true);
      expect(fetched).toBeLessThan(statSync(FILE).size);
      // No request for a write-ahead log (it would be a 404 in the console).
      expect(wal).toEqual([]);
      // «Справка» with two regions chosen: one region's report is asked for, nothing is written.
      const two = want.map((w) => `reg=${encodeURIComponent(w.region)}`).join('&');
      await page.goto(`${server.url}report/?data=national&${two}`);
      await expect
        .poll(() => page.locator('[data-testid=report-pick-region]').textContent(), { timeout: 60_000 })
        .toContain('Выбрано несколько регионов');
      expect(await page.locator('[data-testid=report-document]').count()).toBe(0);
      // From «выберите регион», a municipality picked in the page: while its region is looked up, the old request
      // is neither shown nor said to be loaded.
      const picked = await municipalityOf(want[0].region);
      await page.goto(`${server.url}report/?data=national`);
      await page.waitForSelector('[data-testid=report-pick-region]', { timeout: 60_000 });
      await page.evaluate((m) => {
        const seen: [string | undefined, string, string][] = [];
        Object.assign(globalThis, { __seen: seen });
        const root = document.querySelector<HTMLElement>('[data-testid=report]')!;
        const text = (sel: string) => document.querySelector(sel)?.textContent ?? '';
        new MutationObserver(() =>
          seen.push([
            root.dataset.loading,
            text('[data-testid=report-pick-region]'),
            text('[data-testid=filter-municipality] summary span'),
          ]),
        ).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
        const label = [...document.querySelectorAll('[data-testid=filter-municipality] label')].find(
          (l) => l.textContent === m,
        );
        label!.querySelector('input')!.click();
      }, picked);
      await page.waitForSelector('[data-testid=report][data-loading=false] [data-testid=report-document]', {
        timeout: 90_000,
      });
      const seen = await page.evaluate(
        () => (globalThis as unknown as { __seen: [string, string, string][] }).__seen,
      );
      // Once the filter shows the municipality, never the old request as if loaded.
      expect(seen.some(([, , chosen]) => chosen.startsWith(picked))).toBe(true);
      expect(
        seen.filter(
          ([loading, text, chosen]) =>
            chosen.startsWith(picked) && loading === 'false' && text.startsWith('В данных несколько'),
        ),
      ).toEqual([]);
      // A region chosen: the municipality filter offers that region's municipalities alone.
      await page.goto(`${server.url}municipalities/?data=national&reg=${encodeURIComponent(want[0].region)}`);
      await page.waitForSelector('[data-testid=filter-municipality] input[type=checkbox]', {
        state: 'attached',
        timeout: 60_000,
      });
      const offered = await page.$$eval('[data-testid=filter-municipality] label', (ls) =>
        ls.map((l) => l.textContent ?? ''),
      );
      const code = want[0].region.slice(-2);
      expect(offered.length).toBeGreaterThan(0);
      expect(offered.filter((m) => !m.endsWith(`(${code})`))).toEqual([]);
      // A municipality alone: its region is the one it lies in; with another region chosen, said so.
      const [one, other] = want.map((w) => w.region);
      const mun = await municipalityOf(one);
      await page.goto(`${server.url}report/?data=national&mun=${encodeURIComponent(mun)}`);
      await page.waitForSelector('[data-testid=report][data-loading=false] [data-testid=report-document]', {
        timeout: 90_000,
      });
      expect(nbsp(await page.locator('[data-testid=report-meta]').textContent())).toContain(
        `Территория: ${mun}`,
      );
      await page.goto(
        `${server.url}report/?data=national&reg=${encodeURIComponent(other)}&mun=${encodeURIComponent(mun)}`,
      );
      await expect
        .poll(() => page.locator('[data-testid=report-pick-region]').textContent(), { timeout: 60_000 })
        .toBe(
          `Муниципалитет «${mun}» не входит в регион «${other}»: выберите муниципалитеты этого региона или другой регион.`,
        );
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('the answers prepared beside the file are the rows DuckDB-wasm gives for the same statements', async () => {
    const dir = join(root, EXPORT, 'data', 'national-answers');
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    const db = await createWasmNodeEngine();
    try {
      await attachDemo(db, new Uint8Array(readFileSync(FILE)), 'national');
      await pointViewsAt(db, 'demo', { demoAlias: 'national' });
      expect(index.stamp).toBe(await dataStamp(db, 'national'));
      expect(index.code).toBe(codeStamp());
      const states = await nationalAnswerStates(db);
      // Each view of the menu, «Справка» of the whole country among them, as the tab names its page with
      // `?data=national`; those with a year control in each year of the data too.
      const opened = states.filter((s) => s.search === 'data=national').map((s) => s.path);
      expect(opened.sort()).toEqual(
        [
          '/',
          '/cohorts/',
          '/dynamics/',
          '/exits/',
          '/municipalities/',
          '/objectivity/',
          '/regions/',
          '/report/',
          '/risk/',
        ].sort(),
      );
      const years = states.filter((s) => s.path === '/risk/' && s.search !== 'data=national');
      expect(years.map((s) => s.search)).toEqual(
        [2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => `data=national&year=${y}`),
      );
      expect(index.files.sort()).toEqual(states.map((s) => answersFileName(s.path, s.search)).sort());
      for (const s of states) {
        const file = JSON.parse(readFileSync(join(dir, answersFileName(s.path, s.search)!), 'utf8'));
        expect(file.stamp).toBe(index.stamp);
        const wasm = await recordAnswers(db, s.run);
        expect(Object.keys(file.answers).sort(), s.path).toEqual(Object.keys(wasm).sort());
        for (const [key, rows] of Object.entries(wasm))
          expect(file.answers[key], `${s.path} ${key}`).toStrictEqual(rows);
      }
    } finally {
      await db.close();
    }
  }, 300_000);

  it('opens a view of the country from its answers before the engine is up, and not answers of other code', async () => {
    const server = await serveExport(EXPORT);
    const index = join(root, EXPORT, 'data', 'national-answers', 'index.json');
    const good = readFileSync(index, 'utf8');
    const open = async () => {
      const page = await browser.context.newPage();
      const answered: string[] = [];
      page.on('request', (r) => {
        if (/national-answers\/regions-/.test(r.url())) answered.push(r.url());
      });
      // The engine never starts: whatever the page shows comes from the answers.
      await page.route('**/duckdb/duckdb-eh.wasm', () => {});
      await page.goto(`${server.url}regions/?data=national`);
      return { page, answered };
    };
    try {
      const want = await expected();
      const a = await open();
      const rows = await regionRows(a.page);
      expect(rows.map((r) => [r[1], nbsp(r[2]), nbsp(r[3])]).sort()).toEqual(
        want.map((w) => [w.region, String(w.active), String(w.listed)]).sort(),
      );
      expect(a.answered.length).toBe(1);
      expect(await a.page.evaluate(() => performance.getEntriesByName('duckdb:load').length)).toBe(0);
      // «Справка», the engine still held: the whole country asks for a region, a region's report is its own.
      await a.page.goto(`${server.url}report/?data=national`);
      await a.page.waitForSelector('[data-testid=report-pick-region]', { timeout: 30_000 });
      const region = want[0];
      await a.page.goto(`${server.url}report/?data=national&reg=${encodeURIComponent(region.region)}`);
      await a.page.waitForSelector('[data-testid=report][data-loading=false] [data-testid=report-document]', {
        timeout: 30_000,
      });
      const text = nbsp(await a.page.locator('[data-testid=report]').textContent());
      expect(text).toContain(`В перечне ШНОР ${region.year} года — ${region.listed} ОО региона.`);
      expect(text).toContain(`Территория: ${region.region}`);
      expect(text).toContain('Источник данных: сгенерированные данные страны (вымышленные регионы)');
      expect(await a.page.evaluate(() => performance.getEntriesByName('duckdb:load').length)).toBe(0);
      await a.page.close();

      // Recorded by code whose derived tables differ from this build's: not even fetched, the view waits.
      writeFileSync(index, JSON.stringify({ ...JSON.parse(good), code: 'other code' }));
      const b = await open();
      await b.page.waitForSelector('[data-testid=regions]');
      await b.page.waitForTimeout(3000);
      expect(await b.page.locator('[data-testid=table-regions]').count()).toBe(0);
      expect(b.answered).toEqual([]);
      await b.page.close();
    } finally {
      writeFileSync(index, good);
      await server.stop();
    }
  });

  it('a server that ignores Range: a Russian message, and the demo stays', async () => {
    const server = await serveExport(EXPORT, '', { NO_RANGES: '1' });
    const page = await browser.context.newPage();
    // The demo comes 3 s after the country failed: long enough to see what the view shows meanwhile.
    await page.route('**/data/demo.duckdb', async (r) => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await r.continue();
    });
    try {
      await page.goto(`${server.url}regions/?data=national`);
      const notice = page.locator('[data-testid=national-failed]');
      await notice.waitFor({ timeout: 90_000 });
      await page.waitForTimeout(500);
      // The country's answers (shown before the file was tried) are not given as the view's figures under it.
      expect(
        await page.evaluate(() =>
          [
            ...document.querySelectorAll(
              '[data-testid=view-ready][data-loading=false] [data-testid=table-regions] tbody tr',
            ),
          ].some((tr) => tr.textContent?.includes('Демо-регион')),
        ),
      ).toBe(false);
      expect(await notice.textContent()).toContain('не поддерживает частичную загрузку');
      const rows = await regionRows(page);
      expect(rows.map((r) => r[1])).toEqual(['Демонстрационная область']);
      // The page's own words agree with the notice: not «Показаны данные страны» over the demo's row.
      const text = (await page.textContent('[data-testid=regions]')) ?? '';
      expect(text).toContain(
        'Данные страны не открыты (см. сообщение выше): показан демонстрационный регион.',
      );
      expect(text).not.toContain('Показаны данные страны');
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('a truncated file, a foreign one, a manifest of an older schema: each a Russian message, the demo stays', async () => {
    const good = readFileSync(FILE);
    const older = join(root, EXPORT, 'older.duckdb');
    copyFileSync(FILE, older);
    const db = await createNativeEngine();
    await db.exec(`ATTACH '${older}' AS o; UPDATE o.${MANIFEST} SET schema_version = '0:older'; DETACH o`);
    await db.close();
    const cases: [string, Uint8Array, string][] = [
      ['truncated', good.subarray(0, good.length - 262_144), 'файл обрезан'],
      [
        'foreign',
        new TextEncoder().encode('Код ОО;Наименование\n1;Школа\n'.repeat(2000)),
        'это не файл базы данных DuckDB',
      ],
      ['older schema', readFileSync(older), 'другой версии схемы данных'],
    ];
    try {
      for (const [what, bytes, said] of cases) {
        writeFileSync(FILE, bytes);
        const server = await serveExport(EXPORT);
        const page = await browser.context.newPage();
        try {
          await page.goto(`${server.url}regions/?data=national`);
          const notice = page.locator('[data-testid=national-failed]');
          await notice.waitFor({ timeout: 90_000 });
          expect(await notice.textContent(), what).toContain(said);
          expect(
            (await regionRows(page)).map((r) => r[1]),
            what,
          ).toEqual(['Демонстрационная область']);
        } finally {
          await page.close();
          await server.stop();
        }
      }
    } finally {
      writeFileSync(FILE, good);
    }
  });
});
