import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshBrowser, type FreshBrowser } from './browser';
import { serveExport, type StaticServer } from './server';

const root = join(import.meta.dirname, '..', '..');
const BASE = '/shnor';

describe('static export under a sub-path', () => {
  let server: StaticServer;
  let browser: FreshBrowser;
  beforeAll(async () => {
    execFileSync(join(root, 'node_modules/.bin/next'), ['build'], {
      cwd: root,
      env: {
        ...process.env,
        NEXT_PUBLIC_BASE_PATH: BASE,
        EXPORT_DIR: 'out-basepath',
        NEXT_TELEMETRY_DISABLED: '1',
      },
      stdio: 'ignore',
    });
    server = await serveExport('out-basepath', BASE);
    browser = await freshBrowser();
    // A second production build: minutes when the two cores are shared.
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(`loads the engine, data and chart from ${BASE}/ with no failed request`, async () => {
    const page = await browser.context.newPage();
    const failed: string[] = [];
    page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    // Prefetches that the router cancels end as ERR_ABORTED: not a failure.
    page.on(
      'requestfailed',
      (r) =>
        r.failure()?.errorText !== 'net::ERR_ABORTED' && failed.push(`${r.failure()?.errorText} ${r.url()}`),
    );
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid=chart-listed-by-streak][data-drawn=true]');
    expect(Number(await page.getAttribute('[data-testid=kpi-listed]', 'data-value'))).toBeGreaterThan(0);
    // A filter change keeps the sub-path in the URL, and the reloaded link shows the same year.
    await page.selectOption('[data-testid=filter-year]', '2022');
    await page.waitForURL(`${server.url}?year=2022`);
    await page.reload();
    await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
    expect(await page.inputValue('[data-testid=filter-year]')).toBe('2022');
    expect(failed).toEqual([]);
  });
});
