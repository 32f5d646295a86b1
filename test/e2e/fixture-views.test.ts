// Views on small datasets whose figures were worked by hand (test/fixtures/metrics/, the same fixtures the unit
// tests use), uploaded through «Загрузка данных» as a user would: the browser's figures are compared with the
// hand-worked ones, never with the same SQL run under Node.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatPercent } from '@/lib/format';
import type { TableName } from '@/lib/schema';
import { freshBrowser } from './browser';
import { plainSpaces as nbsp, tableRows as rows, viewReady as ready, watchErrors } from './page';
import { serveExport, type StaticServer } from './server';
import { importFixture } from './upload-page';
import { OBJECTIVITY_FIXTURE } from '../fixtures/metrics/objectivity';
import { SCALES_FIXTURE } from '../fixtures/metrics/objectivity-scales';
import { RESULTS_FIXTURE } from '../fixtures/metrics/results';
import { RISK_FIXTURE } from '../fixtures/metrics/risk';
import { TERRITORY_FIXTURE } from '../fixtures/metrics/territory';

const count = async (page: Page, id: string) =>
  Number(((await page.textContent(`[data-testid=${id}]`)) ?? '').replace(/\s/g, ''));

describe('views in Chromium on hand-worked fixtures uploaded through the page', () => {
  let server: StaticServer;
  let dir: string;
  beforeAll(async () => {
    server = await serveExport();
    dir = mkdtempSync(join(tmpdir(), 'shnor-fixture-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh profile with the fixture's tables imported (as canonical CSV files); `check` runs on it. */
  async function withFixture(
    name: string,
    tables: Partial<Record<TableName, string>>,
    check: (page: Page, open: (path: string) => Promise<void>) => Promise<void>,
  ) {
    mkdirSync(join(dir, name), { recursive: true });
    const browser = await freshBrowser();
    try {
      const page = await browser.context.newPage();
      const errors = watchErrors(page);
      await importFixture(page, server.url, join(dir, name), tables);
      await check(page, async (path) => {
        await page.goto(`${server.url}${path}`);
        await ready(page);
      });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }

  it('Муниципалитеты: counts, shares and exit rates, «нет данных» where nobody could leave', async () => {
    await withFixture('territory', TERRITORY_FIXTURE, async (page, open) => {
      await open('municipalities/');
      // test/unit/territory.test.ts: 2024, М1 1 of 1 (exit 0 of 1); М2 1 of 3 (exit 2 of 3); М3 1 of 3 (no exit rate).
      expect(await rows(page, 'municipalities')).toBe(3);
      const row = async (m: string) =>
        nbsp(await page.locator('[data-testid=table-municipalities] tbody tr', { hasText: m }).textContent());
      expect(await row('М2')).toContain(nbsp(formatPercent(1 / 3)));
      expect(await row('М2')).toContain(nbsp(formatPercent(2 / 3)));
      expect(await row('М3')).toContain('нет данных');
      // Обзор: 3 of 7 active schools; into 2024, 2 of 4 left.
      await page.goto(server.url);
      await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
      expect(Number(await page.getAttribute('[data-testid=kpi-listed]', 'data-value'))).toBe(3);
      expect(Number(await page.getAttribute('[data-testid=kpi-share]', 'data-value'))).toBeCloseTo(3 / 7, 12);
      expect(Number(await page.getAttribute('[data-testid=kpi-exit-rate]', 'data-value'))).toBe(0.5);
    });
  });

  it('Динамика: the level × change grid and the schools behind a cell', async () => {
    await withFixture('results', RESULTS_FIXTURE, async (page, open) => {
      // test/unit/results.test.ts: of the eligible schools S2 is worst on level and change (1, 1), S1 best (5, 5).
      await open(`dynamics/?from=2023&to=2025&subj=${encodeURIComponent('Математика')}`);
      const grid: number[] = [];
      for (const l of [1, 2, 3, 4, 5])
        for (const c of [1, 2, 3, 4, 5]) grid.push(await count(page, `grid-${l}-${c}`));
      expect(grid.reduce((a, b) => a + b, 0)).toBe(2);
      expect([await count(page, 'grid-1-1'), await count(page, 'grid-5-5')]).toEqual([1, 1]);
      await page.click('[data-testid=grid-1-1]');
      await page.waitForSelector('[data-testid=table-grid-schools]');
      expect(await rows(page, 'grid-schools')).toBe(1);
      expect(await page.textContent('[data-testid=table-grid-schools]')).toContain('Школа 2');
    });
  });

  it('Объективность: the markers, and a threshold from the link that changes them and the methodology text', async () => {
    await withFixture('objectivity', OBJECTIVITY_FIXTURE, async (page, open) => {
      // test/unit/objectivity.test.ts: J5, J6, P1, S2 at z ≥ 4,5; H1's change (z = 4,29) joins at z ≥ 4.
      await open('objectivity/?year=2024');
      expect(await rows(page, 'markers')).toBe(4);
      await open('objectivity/?year=2024&z=4');
      expect(await rows(page, 'markers')).toBe(5);
      expect(await page.textContent('[data-testid=table-markers]')).toContain('H1');
      await page.click('nav a[href*="methodology"]');
      await page.waitForSelector('[data-testid=methodology]');
      expect(page.url()).toContain('z=4');
      // The setting as the link has it: «4», not «4,0» (and 4.25 is «4,25», not «4,3»).
      expect(await page.textContent('#objectivity')).toContain('z ≥ 4 и в работе');
    });
  });

  it('Объективность: mark scales inferred where mark_scales has none, said on the view and under the histogram', async () => {
    await withFixture('scales', SCALES_FIXTURE, async (page, open) => {
      // test/fixtures/metrics/objectivity-scales.ts: 5 МА's minimums 6, 10, 14 come from the schools' scores; G1's peaks are tested.
      await open('objectivity/?year=2024&id=G1');
      expect(await page.textContent('[data-testid=objectivity-missing]')).toContain(
        'минимальные баллы отметок этих работ выведены из распределений баллов и отметок школ',
      );
      await page.waitForSelector('#evidence[data-loading=false] [data-testid=evidence-inferred-scales]');
      expect(await page.textContent('[data-testid=evidence-inferred-scales]')).toContain(
        'шкал (mark_scales) этих работ за 2024 год в данных нет',
      );
    });
  });

  it('Группа риска: the computed group and the published list compared', async () => {
    await withFixture('risk', RISK_FIXTURE, async (page, open) => {
      // test/unit/risk.test.ts: computed R1, R3; published R1, R2, R4.
      await open('risk/');
      expect(await rows(page, 'risk')).toBe(2);
      expect(await page.textContent('h1')).toContain('Группа риска по расчёту');
      expect([
        await count(page, 'risk-both'),
        await count(page, 'risk-only-computed'),
        await count(page, 'risk-only-published'),
      ]).toEqual([1, 1, 2]);
    });
  });
});
