// `npm run bench`: cold start figures for the demo data in headless Chromium, median of 5 fresh profiles.
// `npm run bench -- --views [Динамика,…]`: only the filter changes (of the views whose label starts so).
// `npm run bench -- --reload`: only the reload of own data (1 and 3 million imported rows) to first figures.
// `npm run bench -- --open out-before [Динамика,…]`: only each view's cold opening, this build (out/, or
// EXPORT_DIR) and another one beside it in turns, so that both see the same load on a shared machine.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { freshBrowser } from '../test/e2e/browser';
import { serveExport } from '../test/e2e/server';
import { bigResultsCsv, writeBigResultsCsv } from '../test/helpers/big-csv';

const RUNS = 5;
const root = join(import.meta.dirname, '..');
if (!existsSync(join(root, process.env.EXPORT_DIR ?? 'out', 'index.html'))) {
  console.error('Нет сборки out/: сначала выполните npm run build');
  process.exit(1);
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const READY = '[data-testid=view-ready][data-loading=false], [data-testid=overview][data-source=duckdb]';
const FILTER_CHANGES = [
  { label: 'Обзор, год', path: '', control: 'filter-year', values: ['2023', '2022'], param: 'year=' },
  { label: 'Динамика, предмет', path: 'dynamics/?from=2021', control: 'filter-subject', values: ['Математика', 'Русский язык'], param: 'subj=' },
  { label: 'Когорты, перечень', path: 'cohorts/', control: 'filter-list', values: ['группа_риска', 'необъективность'], param: 'list=' },
  { label: 'Выход из перечня, год', path: 'exits/', control: 'filter-year', values: ['2022', '2021'], param: 'year=' },
  { label: 'Объективность, год', path: 'objectivity/', control: 'filter-year', values: ['2023', '2022'], param: 'year=' },
  { label: 'Группа риска, год', path: 'risk/', control: 'filter-year', values: ['2024', '2023'], param: 'year=' },
  { label: 'Муниципалитеты, год', path: 'municipalities/', control: 'filter-year', values: ['2023', '2022'], param: 'year=' },
  { label: 'Карточка ОО, процедура', path: 'school/?id=edu9901007', control: 'filter-procedure', values: ['ОГЭ', 'ЕГЭ'], param: 'proc=' },
];

const viewsArg = process.argv.indexOf('--views');
const openArg = process.argv.indexOf('--open');
const onlyReload = process.argv.includes('--reload');
const onlyOpen = openArg >= 0;
const onlyViews = viewsArg >= 0 || onlyReload || onlyOpen;
const viewFilter = onlyViews ? (process.argv[(onlyOpen ? openArg + 1 : viewsArg) + 1] ?? '').split(',').filter(Boolean) : [];
const changes = FILTER_CHANGES.filter((v) => !viewFilter.length || viewFilter.some((p) => v.label.startsWith(p)));

// EXPORT_DIR: another build to compare (a directory beside out/).
const server = await serveExport(process.env.EXPORT_DIR ?? 'out');
const samples: Record<string, number[]> = {};
const add = (k: string, v: number) => (samples[k] ??= []).push(v);
try {
  for (let i = 0; i < (onlyViews ? 0 : RUNS); i++) {
    const browser = await freshBrowser();
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=overview][data-source=duckdb]', { timeout: 60_000 });
    // A string, not a function: tsx's helpers do not exist inside the page.
    const m: Record<string, number> = await page.evaluate(`(() => {
      const pick = (name) => performance.getEntriesByName(name).at(-1);
      const first = (name) => performance.getEntriesByName(name).at(0);
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        chart: first('chart-drawn:chart-listed-by-streak')?.startTime ?? NaN,
        start: pick('duckdb:start')?.duration ?? NaN,
        load: pick('duckdb:load')?.duration ?? NaN,
        query: pick('query:overview')?.duration ?? NaN,
        ready: pick('query:overview')?.startTime ?? NaN,
        dcl: nav.domContentLoadedEventEnd,
      };
    })()`);
    add('Навигация → график нарисован (мс, бюджет 1500)', m.chart);
    add('DOMContentLoaded (мс)', m.dcl);
    add('DuckDB-wasm: запуск (загрузка и компиляция wasm, мс)', m.start);
    add('Данные: загрузка demo.duckdb и ATTACH (мс)', m.load);
    add('Запросы «Обзора» в DuckDB-wasm (мс)', m.query);
    add('Навигация → цифры посчитаны в браузере (мс)', m.ready + m.query);
    await browser.close();
  }
  if (onlyOpen) await openInTurns(process.argv[openArg + 1]);
  // Filter changes: from the select's change event to the view's fresh figures, measured in the page.
  const browser = await freshBrowser();
  const page = await browser.context.newPage();
  // Every visit loads the page anew: the time to its first figures includes starting DuckDB-wasm, loading
  // the data and building the derived tables the view needs.
  const open = async (v: (typeof changes)[number]) => {
    await page.goto(`${server.url}${v.path}`);
    await page.waitForFunction(`document.querySelector(${JSON.stringify(READY)}) && !document.querySelector('[data-loading=true], [data-source=loading], [data-source=precomputed]')`, undefined, { timeout: 60_000, polling: 'raf' });
    add(`Открытие вида: ${v.label.split(',')[0]} (мс от навигации до всех цифр)`, await page.evaluate<number>('performance.now()'));
  };
  for (const v of onlyReload || onlyOpen ? [] : changes) {
    await open(v);
    for (let i = 0; i < RUNS; i++) {
      const value = v.values[i % v.values.length];
      // The choices come from the data: wait until the select offers this one.
      await page.waitForFunction(`[...document.querySelectorAll('[data-testid=${v.control}] option')].some((o) => o.value === ${JSON.stringify(value)})`);
      const { ms, queries } = await page.evaluate<{ ms: number; queries: number }>(`new Promise((resolve) => {
        const t0 = performance.now();
        const select = document.querySelector('[data-testid=${v.control}]');
        select.value = ${JSON.stringify(value)};
        select.dispatchEvent(new Event('change', { bubbles: true }));
        const started = Date.now();
        const tick = () => {
          if (Date.now() - started > 30000) return resolve({ ms: NaN, queries: NaN });
          const busy = document.querySelector('[data-loading=true], [data-source=loading], [data-source=precomputed]');
          // The URL changes at once (history API): the view answers it once it has rendered these parameters.
          const state = document.querySelector('[data-testid=view-state]');
          const answers = !state || state.dataset.search === new URLSearchParams(location.search).toString();
          const done = answers && location.search.includes(${JSON.stringify(v.param)}) && !busy && document.querySelector(${JSON.stringify(READY)});
          // The queries' share: the span of the engine queries that started after the change.
          const measures = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('query:') && m.startTime >= t0);
          const queries = measures.length ? Math.max(...measures.map((m) => m.startTime + m.duration)) - t0 : 0;
          if (done) requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ms: performance.now() - t0, queries })));
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      })`);
      if (Number.isNaN(ms)) console.error(`${v.label}: за 30 с вид не обновился`);
      add(`Смена фильтра: ${v.label} (мс, бюджет 200)`, ms);
      add(`  ${v.label}: из них запросы DuckDB (мс)`, queries);
      await open(v);
    }
  }
  // Upload: a 1,000,000-row results file parsed in the worker; the longest main-thread task meanwhile.
  if (!onlyViews) {
    const big = join(mkdtempSync(join(tmpdir(), 'shnor-bench-')), 'results-1m.csv');
    writeFileSync(big, bigResultsCsv(1_000_000));
    const size = statSync(big).size;
    for (let i = 0; i < 3; i++) {
      await page.goto(`${server.url}upload/`);
      await page.waitForSelector('[data-testid=upload][data-hydrated=true]');
      await page.evaluate(`window.__longest = 0; new PerformanceObserver((l) => l.getEntries().forEach((e) => { window.__longest = Math.max(window.__longest, e.duration); })).observe({ type: 'longtask' })`);
      await page.setInputFiles('[data-testid=file-input]', big);
      await page.waitForSelector('[data-testid=file-job][data-status=parsed]', { timeout: 300_000 });
      const seconds = Number(await page.getAttribute('[data-testid=file-job]', 'data-seconds'));
      const rows = Number(await page.getAttribute('[data-testid=file-job]', 'data-rows'));
      add(`Загрузка 1 млн строк (${(size / 1e6).toFixed(0)} МБ): разбор в фоне, с`, seconds);
      add('  скорость разбора, МБ/с', size / 1e6 / seconds);
      add('  скорость разбора, строк/с', rows / seconds);
      add('  самая долгая задача главного потока за разбор, мс', Number(await page.evaluate('window.__longest')));
    }
  }
  await browser.close();
  // Reload of own data: a results file imported once (stored as Arrow IPC in IndexedDB), then the page
  // opened again: the stored rows go into DuckDB-wasm, and the view computes its first figures from them.
  if (onlyReload) {
    for (const n of [1_000_000, 3_000_000]) {
      const label = `${n / 1e6} млн строк`;
      const dir = mkdtempSync(join(tmpdir(), 'shnor-bench-'));
      const big = join(dir, `results-${n}.csv`);
      writeBigResultsCsv(big, n, { years: [2022, 2023, 2024] });
      const own = await freshBrowser();
      const p = await own.context.newPage();
      await p.goto(`${server.url}upload/`);
      await p.waitForSelector('[data-testid=upload][data-hydrated=true]');
      await p.setInputFiles('[data-testid=file-input]', big);
      await p.waitForSelector('[data-testid=file-job][data-status=parsed]', { timeout: 600_000 });
      await p.waitForFunction(`!document.querySelector('[data-testid=job-import]').disabled`, undefined, { timeout: 600_000 });
      const t0 = Date.now();
      await p.click('[data-testid=job-import]');
      await p.waitForSelector('[data-testid=file-job][data-status=imported]', { timeout: 600_000 });
      add(`Свои данные, ${label}: импорт и запись в IndexedDB (с)`, (Date.now() - t0) / 1000);
      for (let i = 0; i < 3; i++) {
        for (const [view, path] of [['Муниципалитеты', 'municipalities/'], ['Динамика', 'dynamics/']]) {
          await p.goto(`${server.url}${path}`);
          await p.waitForFunction(`document.querySelector(${JSON.stringify(READY)}) && !document.querySelector('[data-loading=true], [data-source=loading], [data-source=precomputed]')`, undefined, { timeout: 120_000, polling: 'raf' });
          const m: { ready: number; load: number } = await p.evaluate(`({ ready: performance.now(), load: performance.getEntriesByName('duckdb:load').at(-1)?.duration ?? NaN })`);
          add(`Свои данные, ${label}: навигация → цифры «${view}» (мс, цель ${n < 2e6 ? 3000 : 8000})`, m.ready);
          add(`  ${label}: из них загрузка сохранённых данных в DuckDB (мс)`, m.load);
        }
      }
      await own.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await server.stop();
}

/** Each view opened from its link in a new page (HTTP cache warm, as in --views), in this build and in `other`, in turns. */
async function openInTurns(other: string) {
  const builds = [
    { name: process.env.EXPORT_DIR ?? 'out', server },
    { name: other, server: await serveExport(other) },
  ];
  const browsers = await Promise.all(builds.map(() => freshBrowser()));
  try {
    const pages = await Promise.all(browsers.map((b) => b.context.newPage()));
    for (let run = 0; run <= RUNS; run++) {
      for (const v of changes) {
        for (const [i, b] of builds.entries()) {
          await pages[i].goto(`${b.server.url}${v.path}`);
          await pages[i].waitForFunction(`document.querySelector(${JSON.stringify(READY)}) && !document.querySelector('[data-loading=true], [data-source=loading], [data-source=precomputed]')`, undefined, { timeout: 60_000, polling: 'raf' });
          const m: { ready: number; start: number; load: number } = await pages[i].evaluate(
            `({ ready: performance.now(), start: performance.getEntriesByName('duckdb:start').at(-1)?.duration ?? NaN, load: performance.getEntriesByName('duckdb:load').at(-1)?.duration ?? NaN })`,
          );
          // The first round fills the HTTP cache and is not counted.
          if (run === 0) continue;
          const view = v.label.split(',')[0];
          add(`Открытие вида: ${view} [${b.name}] (мс)`, m.ready);
          add(`  DuckDB-wasm: запуск [${b.name}] (мс)`, m.start);
          add(`  данные и производные таблицы [${b.name}] (мс)`, m.load);
        }
      }
    }
  } finally {
    for (const b of browsers) await b.close();
    await builds[1].server.stop();
  }
  for (const v of changes) {
    const view = v.label.split(',')[0];
    const [a, b] = builds.map((x) => median(samples[`Открытие вида: ${view} [${x.name}] (мс)`] ?? []));
    add(`Открытие вида: ${view}: ${builds[0].name} / ${builds[1].name}`, a / b);
  }
}
console.log(`ШНОР-Динамика bench: ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, медиана ${RUNS} холодных запусков`);
const fmt = (x: number) => (Math.abs(x) < 100 ? x.toFixed(1) : x.toFixed(0));
for (const [k, v] of Object.entries(samples)) console.log(`${k.padEnd(62)} ${fmt(median(v)).padStart(8)}   [${v.map(fmt).join(', ')}]`);
