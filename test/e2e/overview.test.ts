import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { overview, type OverviewData } from '@/lib/overview';
import { freshBrowser, type FreshBrowser } from './browser';
import { serveExport, type StaticServer } from './server';
import { demoEngine } from '../helpers/demo';

async function kpi(page: Page, id: string): Promise<number | null> {
  const v = await page.getAttribute(`[data-testid=kpi-${id}]`, 'data-value');
  return v === '' || v === null ? null : Number(v);
}

describe('«Обзор» in Chromium', () => {
  let server: StaticServer;
  let browser: FreshBrowser;
  let expected: OverviewData;
  beforeAll(async () => {
    const db = await demoEngine();
    expected = await overview(db);
    await db.close();
    server = await serveExport();
    browser = await freshBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the figures that the same SQL computes under Node, first precomputed, then from DuckDB-wasm', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=chart-listed-by-streak][data-drawn=true]');
    for (const source of ['precomputed', 'duckdb']) {
      if (source === 'duckdb') await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
      const c = expected.cohort!;
      expect(await kpi(page, 'listed')).toBe(c.listed);
      expect(await kpi(page, 'first-time')).toBe(c.first_time);
      expect(await kpi(page, 'returned')).toBe(c.returned);
      expect(await kpi(page, 'streak2')).toBe(c.streak2);
      expect(await kpi(page, 'streak3')).toBe(c.streak3);
      expect(await kpi(page, 'streak4plus')).toBe(c.streak4plus);
      expect(await kpi(page, 'exit-rate')).toBeCloseTo(expected.exitRate!, 12);
      expect(await kpi(page, 'share')).toBeCloseTo(expected.share!, 12);
    }
    // One bar segment per year and streak group with schools in it.
    const bars = await page.locator('[data-testid=chart-listed-by-streak] svg rect').count();
    expect(bars).toBeGreaterThanOrEqual(expected.byYear.filter((r) => r.schools > 0).length);
    expect(await page.textContent('h1')).toContain(String(expected.year));
    expect(errors).toEqual([]);
  });

  it('renders the methodology page with the thresholds in force', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}methodology/`);
    await page.waitForSelector('[data-testid=methodology]');
    expect(await page.textContent('h1')).toBe('Методика расчёта показателей');
    // The defaults: a sign needs z ≥ 4,5 and 10 pupils; four signs count as markers, then the journal's other side and the official list.
    expect(await page.textContent('#objectivity')).toContain('z ≥ 4,5');
    expect(await page.locator('#objectivity dt').count()).toBe(6);
  });
});
