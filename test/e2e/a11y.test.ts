import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { freshBrowser, type FreshBrowser } from './browser';
import { navigate } from './page';
import { serveExport, type StaticServer } from './server';
import { upload } from './upload-page';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Every view, and what shows it has answered.
const VIEWS: [path: string, ready: string][] = [
  ['', '[data-testid=overview][data-source=duckdb]'],
  ['dynamics/', '[data-testid=view-ready][data-loading=false]'],
  ['cohorts/', '[data-testid=view-ready][data-loading=false]'],
  ['exits/', '[data-testid=view-ready][data-loading=false]'],
  ['objectivity/', '[data-testid=view-ready][data-loading=false]'],
  ['risk/', '[data-testid=view-ready][data-loading=false]'],
  ['regions/', '[data-testid=table-regions]'],
  ['municipalities/', '[data-testid=municipal-multiples][data-loading=false]'],
  ['school/?id=edu9901007', '[data-testid=school-signs][data-loading=false]'],
  ['methodology/', '[data-testid=methodology]'],
  ['upload/', '[data-testid=upload][data-hydrated=true]'],
  ['format/', 'h1'],
];

/** The first view of a page is loaded; the others are reached as the app's links reach them. */
async function open(page: Page, server: StaticServer, path: string, ready: string) {
  if (page.url().startsWith(server.url)) await navigate(page, path);
  else await page.goto(`${server.url}${path}`);
  await page.waitForSelector(ready, { timeout: 90_000 });
  // Charts draw after the figures arrive.
  await page.waitForFunction(
    `[...document.querySelectorAll('figure[data-drawn]')].every((f) => f.dataset.drawn === 'true')`,
    undefined,
    { timeout: 30_000 },
  );
}

describe('accessibility and phones in Chromium', () => {
  let server: StaticServer;
  let browser: FreshBrowser;
  beforeAll(async () => {
    server = await serveExport();
    browser = await freshBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('axe-core finds no serious or critical violation on any view', async () => {
    const page = await browser.context.newPage();
    const found: Record<string, string[]> = {};
    for (const [path, ready] of VIEWS) {
      await open(page, server, path, ready);
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(
                d: Document,
                o: object,
              ): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
            };
          }
        ).axe;
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) =>
              `${v.id}: ${v.nodes
                .slice(0, 3)
                .map((n) => n.target.join(' '))
                .join(' | ')}`,
          );
      });
      if (violations.length) found[path || '/'] = violations;
    }
    expect(found).toEqual({});
    await page.close();
    // Every view in turn: a few seconds each on an idle machine, minutes on a busy one.
  }, 360_000);

  it('no view is wider than a 390 px phone', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const wide: Record<string, number> = {};
    for (const [path, ready] of VIEWS) {
      await open(page, server, path, ready);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > 390) wide[path || '/'] = w;
    }
    // Each multiselect of a filter bar opened in turn: its list stays on the screen, whatever its column.
    const [riskPath, riskReady] = VIEWS.find(([p]) => p === 'risk/')!;
    await open(page, server, riskPath, riskReady);
    const selects = page.locator('details[data-testid^=filter-]');
    for (let i = 0; i < (await selects.count()); i++) {
      const select = selects.nth(i);
      await select.locator('summary').click();
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > 390) wide[`${await select.getAttribute('data-testid')} open`] = w;
      await select.locator('summary').click();
    }
    expect(await selects.count()).toBeGreaterThan(1);
    // «Загрузка данных» with a checked file of a long name: the name wraps, the choices stay on the screen.
    const dir = mkdtempSync(join(tmpdir(), 'shnor-phone-'));
    const name = `Perechen_SHNOR_${'ochen_dlinnoe_imya_faila_'.repeat(6)}2025.csv`;
    writeFileSync(join(dir, name), 'Год;Код ОО;Перечень\r\n2025;0012;ШНОР\r\n');
    await open(page, server, 'upload/', '[data-testid=upload][data-hydrated=true]');
    await upload(page, [join(dir, name)]);
    await page.waitForSelector('[data-testid=job-mode]');
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    if (w > 390) wide['upload/ with a checked file'] = w;
    rmSync(dir, { recursive: true, force: true });
    expect(wide).toEqual({});
    await page.close();
  }, 360_000);

  it('a skip link leads to the content; Escape closes a multiselect and returns focus to it', async () => {
    const page = await browser.context.newPage();
    await open(page, server, '', VIEWS[0][1]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Перейти к содержимому');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    const select = page.locator('[data-testid=filter-municipality]');
    await select.locator('summary').click();
    expect(await select.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await select.locator('input[type=checkbox]').first().focus();
    await page.keyboard.press('Escape');
    expect(await select.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    await page.close();
  });
});
