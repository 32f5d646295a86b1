// Driving «Загрузка данных»: choosing files, waiting for their checks, importing them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TableName } from '@/lib/schema';

/** Chooses files and waits until every one of them is checked. */
export async function upload(page: Page, paths: string[]) {
  await page.waitForSelector('[data-testid=upload][data-hydrated=true]');
  const before = await page.locator('[data-testid=file-job]').count();
  await page.setInputFiles('[data-testid=file-input]', paths);
  await page.waitForFunction(
    `document.querySelectorAll('[data-testid=file-job]').length === ${before + paths.length} && [...document.querySelectorAll('[data-testid=file-job]')].every((j) => j.dataset.status !== 'parsing')`,
    undefined,
    { timeout: 60_000 },
  );
}

export const job = (page: Page, file: string) => page.locator(`[data-testid=file-job][data-file="${file}"]`);

/** Imports checked files one after the other, each once its codes are checked. */
export async function importFiles(page: Page, files: string[]) {
  for (const f of files) {
    await page.waitForFunction(
      `!document.querySelector('[data-file="${f}"] [data-testid=job-import]').disabled`,
      undefined,
      { timeout: 60_000 },
    );
    await job(page, f).locator('[data-testid=job-import]').click();
    await page.waitForSelector(`[data-file="${f}"][data-status=imported]`, { timeout: 60_000 });
  }
}

const ORDER: TableName[] = ['schools', 'lists', 'results', 'vpr_journal', 'score_dist', 'mark_scales'];

/** Writes a fixture's tables (canonical CSV text) into `dir` as `<table>.csv` and imports them on the upload page. */
export async function importFixture(
  page: Page,
  baseUrl: string,
  dir: string,
  tables: Partial<Record<TableName, string>>,
) {
  const files = ORDER.filter((t) => tables[t]).map((t) => `${t}.csv`);
  for (const t of ORDER) if (tables[t]) writeFileSync(join(dir, `${t}.csv`), tables[t]!);
  await page.goto(`${baseUrl}upload/`);
  await upload(
    page,
    files.map((f) => join(dir, f)),
  );
  await importFiles(page, files);
}
