// `npx tsx scripts/bench-report.ts`: «Справка» on the demo in headless Chromium, median of 5: a cold open
// (fresh profile: DuckDB start, data, every derived table the report reads), an open from «Обзор» by its
// link (engine already running), and the DOCX from the click to the file.
import { cpus } from 'node:os';
import { freshBrowser } from '../test/e2e/browser';
import { serveExport } from '../test/e2e/server';

const RUNS = Number(process.env.RUNS ?? 5);
const MUN = 'г. Северогорск';
const READY = `document.querySelector('[data-testid=report][data-loading=false]') && ![...document.querySelectorAll('[data-chart-id]')].some((f) => f.dataset.drawn !== 'true')`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples: Record<string, number[]> = {};
const add = (k: string, v: number) => {
  samples[k] = [...(samples[k] ?? []), v];
};

const server = await serveExport(process.env.EXPORT_DIR ?? 'out');
try {
  for (let i = 0; i < RUNS; i++) {
    const browser = await freshBrowser();
    const page = await browser.context.newPage();
    await page.goto(`${server.url}report/?mun=${encodeURIComponent(MUN)}`);
    await page.waitForFunction(READY, undefined, { timeout: 120_000, polling: 'raf' });
    add(
      'Холодное открытие справки муниципалитета: от навигации до всех цифр и графиков (мс)',
      await page.evaluate<number>('performance.now()'),
    );
    add(
      '  первые цифры (состав, выход, доля): от навигации (мс)',
      await page.evaluate<number>(
        `(() => { const m = performance.getEntriesByName('report:first').at(-1); return m ? m.startTime + m.duration : NaN; })()`,
      ),
    );
    add(
      '  объективность и группа риска: запросы (мс)',
      await page.evaluate<number>(`performance.getEntriesByName('report:signs').at(-1)?.duration ?? NaN`),
    );
    for (const [label, path] of [
      ['муниципалитет', `?mun=${encodeURIComponent(MUN)}`],
      ['регион', ''],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
      // «Обзор» may show prepared answers before the engine is up: the transition is timed with it running.
      await page.waitForFunction(`performance.getEntriesByName('duckdb:load').length > 0`, undefined, {
        timeout: 60_000,
      });
      const t0 = Date.now();
      await page.click('[data-testid=report-link]');
      await page.waitForFunction(READY, undefined, { timeout: 120_000, polling: 'raf' });
      add(`Переход «Обзор» → «Справка» (${label}): до всех цифр и графиков (мс)`, Date.now() - t0);
      add(
        `  (${label}): первые цифры — состав, выход, доля (мс)`,
        await page.evaluate<number>(`performance.getEntriesByName('report:first').at(-1)?.duration ?? NaN`),
      );
      const d0 = Date.now();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-testid=report-docx]'),
      ]);
      await download.path();
      add(`DOCX (${label}): от нажатия до файла (мс)`, Date.now() - d0);
      for (const m of ['images', 'import', 'pack'])
        add(
          `  DOCX (${label}): ${m} (мс)`,
          await page.evaluate<number>(`performance.getEntriesByName('docx:${m}').at(-1)?.duration ?? NaN`),
        );
    }
    await browser.close();
  }
} finally {
  await server.stop();
}
console.log(
  `«Справка» bench: ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, медиана ${RUNS}`,
);
const fmt = (x: number) => x.toFixed(0);
for (const [k, v] of Object.entries(samples))
  console.log(`${k.padEnd(90)} ${fmt(median(v)).padStart(6)}   [${v.map(fmt).join(', ')}]`);
