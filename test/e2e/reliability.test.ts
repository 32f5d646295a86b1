// Own data is never corrupted or lost: large Cyrillic files, the browser SIGKILLed while parsing, while the
// database imports and while IndexedDB writes (then started again on the same profile), a replace with
// refused rows, two tabs importing at once, a 200 MB file cancelled half-way, and the site's storage
// cleared behind the app's back. Every case checks exact row counts before and after.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchKillable, type KillableBrowser } from './killable';
import { serveExport, type StaticServer } from './server';
import { writeBigResultsCsv } from '../helpers/big-csv';

interface Counts {
  results: number;
  schools: number;
  files: number;
}

describe('own data survives crashes, races and storage loss (Chromium, SIGKILL)', () => {
  let server: StaticServer;
  let dir: string;
  let profile: string;
  let browser: KillableBrowser | null = null;
  let page: Page;
  const file = (name: string) => join(dir, name);

  const launch = async () => {
    await browser?.kill();
    browser = await launchKillable(profile);
    page = await browser.context.newPage();
    page.on('dialog', (d) => void d.accept());
  };

  /** Rows in this tab's database after loading what the profile stores, and the files listed. */
  const counts = async (p: Page = page, reload = true): Promise<Counts> => {
    if (reload) await p.goto(`${server.url}upload/`);
    await p.waitForSelector('[data-testid=loaded-panel][data-engine=ready]', { timeout: 120_000 });
    const n = async (t: string) => {
      const el = p.locator(`[data-testid=user-count-${t}]`);
      return (await el.count()) ? Number((await el.textContent())!.replace(/\s/g, '')) : 0;
    };
    return {
      results: await n('results'),
      schools: await n('schools'),
      files: await p.locator('[data-testid=loaded-row]').count(),
    };
  };

  const job = (p: Page, name: string) => p.locator(`[data-testid=file-job][data-file="${name}"]`);
  const pick = async (p: Page, path: string) => {
    await p.goto(`${server.url}upload/`);
    await p.waitForSelector('[data-testid=upload][data-hydrated=true]');
    await p.setInputFiles('[data-testid=file-input]', path);
  };
  const parsed = async (p: Page, name: string) => {
    await p.waitForSelector(`[data-testid=file-job][data-file="${name}"]:not([data-status=parsing])`, {
      timeout: 180_000,
    });
    await p.waitForFunction(
      `!document.querySelector('[data-file="${name}"] [data-testid=job-import]')?.disabled`,
      undefined,
      { timeout: 120_000 },
    );
  };
  const startImport = async (p: Page, name: string, mode?: string) => {
    await parsed(p, name);
    if (mode) await job(p, name).locator('[data-testid=job-mode]').selectOption(mode);
    await job(p, name).locator('[data-testid=job-import]').click();
  };
  const imported = (p: Page, name: string) =>
    p.waitForSelector(`[data-testid=file-job][data-file="${name}"][data-status=imported]`, {
      timeout: 180_000,
    });
  const message = async (p: Page, name: string) =>
    (await job(p, name).locator('[data-testid=job-message]').textContent())!.replace(/\s/g, ' ');
  const num = async (p: Page, name: string, what: string) =>
    Number((await job(p, name).locator(`[data-testid=job-${what}]`).textContent())!.replace(/\s/g, ''));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shnor-reliability-'));
    profile = mkdtempSync(join(tmpdir(), 'shnor-profile-'));
    // Generated here, never committed. 1,000,000 rows (≈ 60 MB) with Cyrillic in every row: at 1 MiB chunks,
    // dozens of chunk boundaries fall inside a two-byte character.
    writeBigResultsCsv(file('big1m.csv'), 1_000_000);
    writeBigResultsCsv(file('k2023.csv'), 200_000, { years: [2023], codePrefix: 'K' });
    writeBigResultsCsv(file('l2022.csv'), 200_000, { years: [2022], codePrefix: 'L' });
    writeBigResultsCsv(file('m2021.csv'), 200_000, { years: [2021], codePrefix: 'M' });
    server = await serveExport();
    await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  it('a 1,000,000-row UTF-8 file with Cyrillic in every row reads with zero errors, imports whole and reloads', async () => {
    expect(await counts()).toEqual({ results: 0, schools: 0, files: 0 });
    await pick(page, file('big1m.csv'));
    await parsed(page, 'big1m.csv');
    expect(await num(page, 'big1m.csv', 'problems')).toBe(0);
    expect(await num(page, 'big1m.csv', 'rows')).toBe(1_000_000);
    await startImport(page, 'big1m.csv');
    await imported(page, 'big1m.csv');
    // 100,000 codes no schools table knows: named in the report, stored as no placeholder schools.
    expect(await job(page, 'big1m.csv').locator('[data-testid=job-unknown]').textContent()).toMatch(
      /100\s000/,
    );
    expect(await counts()).toEqual({ results: 1_000_000, schools: 0, files: 1 });
  }, 300_000);

  it('a browser killed while parsing leaves the stored data exactly as it was', async () => {
    const before = await counts();
    await pick(page, file('k2023.csv'));
    await page.waitForFunction(
      `(document.querySelector('[data-file="k2023.csv"] progress')?.value ?? 0) > 0`,
      undefined,
      { timeout: 60_000 },
    );
    await launch();
    expect(await counts()).toEqual(before);
  });

  // Killed at a moment of the import: afterwards the whole import or none of it.
  const killDuring = async (name: string, phase: 'importing' | 'storing') => {
    const before = await counts();
    await pick(page, file(name));
    await startImport(page, name);
    await page.waitForSelector(`[data-file="${name}"][data-phase=${phase}]`, { timeout: 120_000 });
    await launch();
    const after = await counts();
    const whole = { results: before.results + 200_000, schools: before.schools, files: before.files + 1 };
    expect([before, whole]).toContainEqual(after);
    return after;
  };

  it('a browser killed while the database imports leaves all of the import or none (none: nothing was stored yet)', async () => {
    const before = await counts();
    expect(await killDuring('l2022.csv', 'importing')).toEqual(before);
  }, 300_000);

  it('a browser killed while IndexedDB writes leaves all of the import or none', async () => {
    await killDuring('m2021.csv', 'storing');
  }, 300_000);

  it('replacing the same years keeps the loaded row whose new row is refused, and says so per year', async () => {
    writeFileSync(
      file('oge-a.csv'),
      'Год;Процедура;Предмет;Класс;Код ОО;Участников\n2023;ОГЭ;Математика;9;000001;50\n2024;ОГЭ;Математика;9;000001;186\n2024;ОГЭ;Математика;9;000002;60\n2024;ОГЭ;Математика;9;000003;70\n',
    );
    writeFileSync(
      file('oge-b.csv'),
      'Год;Процедура;Предмет;Класс;Код ОО;Участников\n2024;ОГЭ;Математика;9;000001;-5\n2024;ОГЭ;Математика;9;000002;62\n',
    );
    const before = await counts();
    await pick(page, file('oge-a.csv'));
    await startImport(page, 'oge-a.csv');
    await imported(page, 'oge-a.csv');
    await pick(page, file('oge-b.csv'));
    await parsed(page, 'oge-b.csv');
    expect(await num(page, 'oge-b.csv', 'problems')).toBe(1);
    await startImport(page, 'oge-b.csv', 'replace-years');
    await imported(page, 'oge-b.csv');
    // 2024 ОГЭ: 000001 kept (its new row has −5 participants), 000002 replaced, 000003 removed; 2023 untouched.
    expect(await message(page, 'oge-b.csv')).toContain('По годам: 2024 — заменено 1, сохранено 1, удалено 1');
    expect(await counts()).toEqual({ ...before, results: before.results + 3, files: before.files + 2 });
  });

  it('two tabs importing at once both keep their import, and each tells the other', async () => {
    writeFileSync(
      file('ege-1.csv'),
      'Год;Процедура;Предмет;Класс;Код ОО;Участников\n2024;ЕГЭ;Математика;11;000010;20\n',
    );
    writeFileSync(
      file('ege-2.csv'),
      'Год;Процедура;Предмет;Класс;Код ОО;Участников\n2024;ЕГЭ;Физика;11;000011;15\n2023;ЕГЭ;Физика;11;000011;14\n',
    );
    const before = await counts();
    const other = await browser!.context.newPage();
    await Promise.all([pick(page, file('ege-1.csv')), pick(other, file('ege-2.csv'))]);
    await Promise.all([parsed(page, 'ege-1.csv'), parsed(other, 'ege-2.csv')]);
    await Promise.all([
      job(page, 'ege-1.csv').locator('[data-testid=job-import]').click(),
      job(other, 'ege-2.csv').locator('[data-testid=job-import]').click(),
    ]);
    await Promise.all([imported(page, 'ege-1.csv'), imported(other, 'ege-2.csv')]);
    // Each tab has its own import and is told of the other's.
    await page.waitForSelector('[data-testid=changed-elsewhere]');
    await other.waitForSelector('[data-testid=changed-elsewhere]');
    await page.click('[data-testid=sync-tabs]');
    await page.waitForSelector('[data-testid=changed-elsewhere]', { state: 'detached' });
    const both = { ...before, results: before.results + 3, files: before.files + 2 };
    // Taken in without a reload: the page's counts follow.
    await page.waitForFunction(
      `document.querySelector('[data-testid=user-count-results]')?.textContent.replace(/\\s/g, '') === '${both.results}'`,
      undefined,
      { timeout: 60_000 },
    );
    expect(await counts(page, false)).toEqual(both);
    expect(await counts(other)).toEqual(both);
    await other.close();
  }, 300_000);

  it('a 200 MB file cancelled at 50 % imports nothing', async () => {
    writeBigResultsCsv(file('big200mb.csv'), 3_154_184, { years: [2022, 2023, 2024, 2025] });
    const before = await counts();
    await pick(page, file('big200mb.csv'));
    await page.waitForFunction(
      `(document.querySelector('[data-file="big200mb.csv"] progress')?.value ?? 0) >= 50`,
      undefined,
      { timeout: 120_000 },
    );
    await job(page, 'big200mb.csv').getByRole('button', { name: 'Отменить' }).click();
    await page.waitForSelector('[data-file="big200mb.csv"][data-status=cancelled]');
    expect(await counts()).toEqual(before);
    rmSync(file('big200mb.csv'));
  }, 300_000);

  it('storage cleared behind the app is said aloud; the demo is shown and re-upload offered', async () => {
    expect((await counts()).files).toBeGreaterThan(0);
    await page.evaluate(
      `new Promise((resolve, reject) => { const r = indexedDB.deleteDatabase('shnor-dinamika'); r.onsuccess = resolve; r.onerror = reject; r.onblocked = () => reject(new Error('blocked')); })`,
    );
    await page.goto(server.url);
    const alert = await page.waitForSelector('[data-testid=storage-lost]', { timeout: 60_000 });
    expect(await alert.textContent()).toContain('Сохранённые данные этого браузера недоступны');
    expect(await alert.textContent()).toContain('Загрузить файлы');
    // The demo region's figures, not empty views.
    await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
    expect(await counts()).toEqual({ results: 0, schools: 0, files: 0 });
    expect(await page.isChecked('[data-testid=source-switch] input[value=demo]')).toBe(true);
  });
});
