// `npm run bench`: cold start figures for the demo data in headless Chromium, median of 5 fresh profiles;
// each view opened cold from a shared link; CHANGES filter changes per view (p50, p95) and their queries
// replayed on native DuckDB (the floor); a 1-million-row upload parse.
// `npm run bench -- --views [Динамика,…]`: only the links and filter changes (of the views whose label starts so).
// Environment: CHANGES (20), LINK_RUNS (3), QUERY_LOG=file.json writes the changes' queries with their times.
// `npm run bench -- --reload [out-before]`: only the reload of own data (1 and 3 million imported rows,
// RELOAD_ROWS to change): stored data loaded, first and all figures of «Обзор» and «Муниципалитеты»; with a
// directory, that build too, in turns.
// `npm run bench -- --national`: only the country file opened by URL (scripts/bench-national.ts).
// `npm run bench -- --floor`: only DuckDB-wasm's bare start in Chromium (scripts/bench-floor.ts), the cold links' floor.
// `npm run bench -- --parse`: only the parsers under Node: CSV on 1,000,000 results rows, an Excel sheet of
// 100,000 (needs no build).
// `npm run bench -- --open out-before [Динамика,…]`: only each view's cold opening, this build (out/, or
// EXPORT_DIR) and another one beside it in turns, so that both see the same load on a shared machine.
// `npm run bench -- --views [Динамика,…] --against out-before`: the links and filter changes, each view
// in this build and in another one in turns (each figure's label names its build).
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpus } from 'node:os';
import type { Page } from 'playwright-core';
import { freshBrowser } from '../test/e2e/browser';
import { serveExport } from '../test/e2e/server';
import { bigResultsCsv, writeBigResultsCsv } from '../test/helpers/big-csv';
import { createNativeEngine } from '../lib/db/node-native';
import type { LoggedQuery } from '../lib/db/engine';
import { attachDemo, pointViewsAt } from '../lib/data/load';
import { derived } from '../lib/data/derived';
import { derivedTables } from '../lib/data/derived-tables';
import { parseCsv } from '../lib/csv/parse';
import { parseWorkbook } from '../lib/xlsx/read';
import { bigResultsWorkbook } from '../test/helpers/xlsx-corpus';

const RUNS = 5;
const root = join(import.meta.dirname, '..');
const fmt = (x: number) => (Math.abs(x) < 100 ? x.toFixed(1) : x.toFixed(0));

/** Nearest-rank percentile. */
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * xs.length) - 1)] ?? NaN;
const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The shared CSV parser (CLI and the upload worker) on 1,000,000 valid results rows, in this process. */
function parseBench(): [string, number[]][] {
  const bytes = new TextEncoder().encode(bigResultsCsv(1_000_000));
  const mb = bytes.length / 1e6;
  const seconds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const p = parseCsv(bytes, 'results-1m.csv');
    seconds.push((performance.now() - t0) / 1000);
    if (p.rows.length !== 1_000_000 || p.problems.length)
      throw new Error(`разбор: ${p.rows.length} строк, ${p.problems.length} ошибок`);
  }
  // An Excel sheet of 100,000 rows through the same checks (parseWorkbook).
  const book = bigResultsWorkbook(100_000);
  const excel: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const p = parseWorkbook(book, 'results-100k.xlsx');
    excel.push((performance.now() - t0) / 1000);
    if (p.rows.length !== 100_000 || p.problems.length)
      throw new Error(`разбор Excel: ${p.rows.length} строк, ${p.problems.length} ошибок`);
  }
  return [
    [`Разбор 1 млн строк под Node (${mb.toFixed(0)} МБ, parseCsv), с`, seconds],
    ['  скорость, МБ/с', seconds.map((s) => mb / s)],
    ['  скорость, строк/с', seconds.map((s) => 1e6 / s)],
    [`Лист Excel 100 тыс. строк (${(book.length / 1e6).toFixed(1)} МБ, parseWorkbook), с`, excel],
  ];
}

if (process.argv.includes('--parse')) {
  for (const [k, v] of parseBench())
    console.log(`${k.padEnd(62)} ${fmt(median(v)).padStart(8)}   [${v.map(fmt).join(', ')}]`);
  process.exit(0);
}
if (process.argv.includes('--national')) {
  await import('./bench-national');
  process.exit(0);
}
if (!existsSync(join(root, process.env.EXPORT_DIR ?? 'out', 'index.html'))) {
  console.error('Нет сборки out/: сначала выполните npm run build');
  process.exit(1);
}
if (process.argv.includes('--floor')) {
  const { floorBench } = await import('./bench-floor');
  for (const [k, v] of await floorBench(process.env.EXPORT_DIR ?? 'out'))
    console.log(`${k.padEnd(62)} ${fmt(median(v)).padStart(8)}   [${v.map(fmt).join(', ')}]`);
  process.exit(0);
}

const READY =
  '[data-testid=view-ready][data-loading=false], [data-testid=overview][data-source=duckdb], [data-testid=report][data-loading=false]';
const BUSY = '[data-loading=true], [data-source=loading], [data-source=precomputed]';
/** First figures on screen: any panel that has finished loading (or «Обзор»'s build-time figures). */
const FIRST = '[data-loading=false], [data-source=duckdb], [data-source=precomputed]';
/**
 * Per view: a shared link with non-default filters (opened cold, in a fresh browser) and a filter to change
 * CHANGES times in a row, cycling through `values` (each keeps `param` in the URL).
 */
const VIEWS = [
  {
    label: 'Обзор, год',
    path: '',
    link: '?year=2023',
    control: 'filter-year',
    values: ['2023', '2022', '2021', '2024'],
    param: 'year=',
  },
  {
    label: 'Динамика, предмет',
    path: 'dynamics/?from=2021',
    link: 'dynamics/?from=2021&subj=%D0%9C%D0%B0%D1%82%D0%B5%D0%BC%D0%B0%D1%82%D0%B8%D0%BA%D0%B0',
    control: 'filter-subject',
    values: ['Математика', 'Русский язык'],
    param: 'subj=',
  },
  {
    label: 'Когорты, перечень',
    path: 'cohorts/',
    link: 'cohorts/?list=%D0%B3%D1%80%D1%83%D0%BF%D0%BF%D0%B0_%D1%80%D0%B8%D1%81%D0%BA%D0%B0',
    control: 'filter-list',
    values: ['группа_риска', 'необъективность'],
    param: 'list=',
  },
  {
    label: 'Выход из перечня, год',
    path: 'exits/',
    link: 'exits/?year=2022',
    control: 'filter-year',
    values: ['2022', '2021', '2023'],
    param: 'year=',
  },
  {
    label: 'Объективность, год',
    path: 'objectivity/',
    link: 'objectivity/?year=2023&z=4',
    control: 'filter-year',
    values: ['2023', '2022', '2024'],
    param: 'year=',
  },
  {
    // A settings change: the threshold typed with a decimal comma and committed with Enter (issue 9's 200 ms).
    label: 'Объективность, порог z',
    path: 'objectivity/?year=2023&z=4',
    link: '',
    control: 'threshold-z',
    typed: true,
    values: ['4,25', '3,5', '4', '5'],
    param: 'z=',
  },
  {
    label: 'Группа риска, год',
    path: 'risk/',
    link: 'risk/?year=2023',
    control: 'filter-year',
    values: ['2024', '2023', '2022'],
    param: 'year=',
  },
  {
    label: 'Муниципалитеты, год',
    path: 'municipalities/',
    link: 'municipalities/?year=2023',
    control: 'filter-year',
    values: ['2023', '2022', '2024'],
    param: 'year=',
  },
  {
    label: 'Карточка ОО, процедура',
    path: 'school/?id=edu9901007',
    link: 'school/?id=edu9901007&proc=%D0%9E%D0%93%D0%AD',
    control: 'filter-procedure',
    values: ['ОГЭ', 'ЕГЭ'],
    param: 'proc=',
  },
  {
    label: 'Справка, год',
    path: 'report/',
    link: 'report/?mun=%D0%B3.%20%D0%A1%D0%B5%D0%B2%D0%B5%D1%80%D0%BE%D0%B3%D0%BE%D1%80%D1%81%D0%BA',
    control: 'filter-year',
    values: ['2022', '2021', '2024'],
    param: 'year=',
  },
];
const CHANGES = Number(process.env.CHANGES ?? 20);
const LINK_RUNS = Number(process.env.LINK_RUNS ?? 3);

const viewsArg = process.argv.indexOf('--views');
const openArg = process.argv.indexOf('--open');
const reloadArg = process.argv.indexOf('--reload');
const onlyReload = reloadArg >= 0;
const reloadOther =
  onlyReload && !process.argv[reloadArg + 1]?.startsWith('-') ? process.argv[reloadArg + 1] : undefined;
const onlyOpen = openArg >= 0;
const againstArg = process.argv.indexOf('--against');
const against = againstArg >= 0 ? process.argv[againstArg + 1] : null;
const onlyViews = viewsArg >= 0 || onlyReload || onlyOpen;
const viewFilter = onlyViews
  ? (process.argv[(onlyOpen ? openArg + 1 : viewsArg) + 1] ?? '')
      .split(',')
      .filter((x) => x && !x.startsWith('--'))
  : [];
const views = VIEWS.filter((v) => !viewFilter.length || viewFilter.some((p) => v.label.startsWith(p)));
/** The SQL each view ran during its filter changes, with the browser's time, replayed on native DuckDB below. */
const logs: Record<string, LoggedQuery[]> = {};

// EXPORT_DIR: another build to compare (a directory beside out/).
const server = await serveExport(process.env.EXPORT_DIR ?? 'out');
const samples: Record<string, number[]> = {};
const add = (k: string, v: number) => {
  samples[k] = [...(samples[k] ?? []), v];
};
async function openInTurns(other: string) {
  const builds = [
    { name: process.env.EXPORT_DIR ?? 'out', server },
    { name: other, server: await serveExport(other) },
  ];
  const browsers = await Promise.all(builds.map(() => freshBrowser()));
  try {
    const pages = await Promise.all(browsers.map((b) => b.context.newPage()));
    for (let run = 0; run <= RUNS; run++) {
      for (const v of views.filter((x) => !('typed' in x))) {
        for (const [i, b] of builds.entries()) {
          await pages[i].goto(`${b.server.url}${v.path}`);
          await pages[i].waitForFunction(
            `document.querySelector(${JSON.stringify(READY)}) && !document.querySelector(${JSON.stringify(BUSY)})`,
            undefined,
            { timeout: 60_000, polling: 'raf' },
          );
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
  for (const v of views) {
    const view = v.label.split(',')[0];
    const [a, b] = builds.map((x) => median(samples[`Открытие вида: ${view} [${x.name}] (мс)`] ?? []));
    add(`Открытие вида: ${view}: ${builds[0].name} / ${builds[1].name}`, a / b);
  }
}

/** Own data reloaded: each build gets the file imported in its own profile, then the views are reopened in turns. */
async function reloadBench(other?: string) {
  const builds = [{ name: process.env.EXPORT_DIR ?? 'out', server }];
  if (other) builds.push({ name: other, server: await serveExport(other) });
  const tag = (b: { name: string }) => (other ? ` [${b.name}]` : '');
  try {
    for (const n of (process.env.RELOAD_ROWS ?? '1000000,3000000').split(',').map(Number)) {
      const label = `${n / 1e6} млн строк`;
      const dir = mkdtempSync(join(tmpdir(), 'shnor-bench-'));
      const big = join(dir, `results-${n}.csv`);
      writeBigResultsCsv(big, n, { years: [2022, 2023, 2024] });
      const browsers = [];
      try {
        for (const b of builds) {
          const own = await freshBrowser();
          browsers.push(own);
          const p = await own.context.newPage();
          await p.goto(`${b.server.url}upload/`);
          await p.waitForSelector('[data-testid=upload][data-hydrated=true]');
          await p.setInputFiles('[data-testid=file-input]', big);
          await p.waitForSelector('[data-testid=file-job][data-status=parsed]', { timeout: 600_000 });
          await p.waitForFunction(`!document.querySelector('[data-testid=job-import]').disabled`, undefined, {
            timeout: 600_000,
          });
          const t0 = Date.now();
          await p.click('[data-testid=job-import]');
          await p.waitForSelector('[data-testid=file-job][data-status=imported]', { timeout: 600_000 });
          add(`Свои данные, ${label}: импорт и запись в IndexedDB (с)${tag(b)}`, (Date.now() - t0) / 1000);
          // Builds that store own data's derived tables: wait until they are stored (the next visit reads them).
          if (await p.evaluate(`performance.getEntriesByName('derived-origins').length > 0`)) {
            await p.waitForFunction(
              `performance.getEntriesByName('own-derived:stored').length > 0 || performance.getEntriesByName('own-derived:failed').length > 0`,
              undefined,
              { timeout: 600_000 },
            );
            const failed = await p.evaluate(`performance.getEntriesByName('own-derived:failed')[0]?.detail`);
            if (failed) throw new Error(`Свои данные, ${label}: производные таблицы не сохранены: ${failed}`);
            add(
              `Свои данные, ${label}: импорт, затем производные таблицы сохранены (с)${tag(b)}`,
              (Date.now() - t0) / 1000,
            );
            const answers: number = await p.evaluate(
              `performance.getEntriesByName('own-answers:stored').reduce((s, e) => s + e.duration, 0)`,
            );
            if (answers)
              add(`  ${label}: из них ответы видов по умолчанию записаны (с)${tag(b)}`, answers / 1000);
          }
          await p.close();
        }
        for (let i = 0; i < 3; i++) {
          for (const [view, path] of [
            ['Обзор', ''],
            ['Муниципалитеты', 'municipalities/'],
          ]) {
            for (const [k, b] of builds.entries()) {
              const p = await browsers[k].context.newPage();
              await p.addInitScript(`(() => {
                const seen = () => { if (document.querySelector(${JSON.stringify(FIRST)})) { window.__first = performance.now(); return true; } return false; };
                const tick = () => { if (!seen()) requestAnimationFrame(tick); };
                requestAnimationFrame(tick);
              })()`);
              await p.goto(`${b.server.url}${path}`);
              await p.waitForFunction(
                `document.querySelector(${JSON.stringify(READY)}) && !document.querySelector(${JSON.stringify(BUSY)})`,
                undefined,
                { timeout: 300_000, polling: 'raf' },
              );
              const all: number = await p.evaluate('performance.now()');
              // Figures from own data's stored answers come before the engine: wait for it too (a filter change needs it).
              await p.waitForFunction(`performance.getEntriesByName('duckdb:load').length > 0`, undefined, {
                timeout: 300_000,
              });
              // Rows inserted after the first figures: wait for them, to say when they were all in.
              if (await p.evaluate(`performance.getEntriesByName('rows-deferred').length > 0`))
                await p.waitForFunction(`performance.getEntriesByName('replay:rows').length > 0`, undefined, {
                  timeout: 300_000,
                });
              const m: Record<string, number> = await p.evaluate(`(() => {
                const d = (name) => performance.getEntriesByName(name).reduce((s, e) => s + e.duration, 0);
                const rows = performance.getEntriesByName('replay:rows').at(-1);
                const up = performance.getEntriesByName('duckdb:load')[0];
                return { first: window.__first ?? NaN, start: d('duckdb:start'), up: up.startTime + up.duration,
                  load: d('duckdb:load'), read: d('replay:read'), insert: d('replay:import'),
                  derived: d('replay:derived') + d('replay:derived-table'), rows: rows ? rows.startTime + rows.duration : 0,
                  waits: performance.getEntriesByName('rows-wait').length };
              })()`);
              m.all = all;
              await p.close();
              const at = `${label}, «${view}»`;
              add(`Свои данные, ${at}: первые цифры (мс, цель ${n < 2e6 ? 3000 : 8000})${tag(b)}`, m.first);
              add(`Свои данные, ${at}: все цифры (мс)${tag(b)}`, m.all);
              add(`  ${at}: движок готов, свои данные загружены (мс)${tag(b)}`, m.up);
              add(`  ${at}: запуск DuckDB-wasm (мс)${tag(b)}`, m.start);
              add(`  ${at}: сохранённые данные загружены, duckdb:load (мс)${tag(b)}`, m.load);
              add(`  ${at}: из них чтение IndexedDB и распаковка после запуска (мс)${tag(b)}`, m.read);
              add(`  ${at}: из них строки в DuckDB (мс)${tag(b)}`, m.insert);
              add(`  ${at}: из них производные таблицы (мс)${tag(b)}`, m.derived);
              if (m.rows) {
                add(`  ${at}: строки вставлены после первых цифр, все к (мс)${tag(b)}`, m.rows);
                add(`  ${at}: запросов ждали строк${tag(b)}`, m.waits);
              }
            }
          }
        }
      } finally {
        for (const b of browsers) await b.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    if (other) await builds[1].server.stop();
  }
}

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
  // Shared links opened cold: a fresh browser (no cache, no compiled wasm), from navigation to the first
  // figures on screen and to every figure of the view computed.
  const openLink = async (url: string, v: (typeof VIEWS)[number], tag: string) => {
    const fresh = await freshBrowser();
    const p = await fresh.context.newPage();
    await p.addInitScript(`(() => {
      const seen = () => { if (document.querySelector(${JSON.stringify(FIRST)})) { window.__first = performance.now(); return true; } return false; };
      const tick = () => { if (!seen()) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    await p.goto(`${url}${v.link}`);
    await p.waitForFunction(
      `document.querySelector(${JSON.stringify(READY)}) && !document.querySelector(${JSON.stringify(BUSY)})`,
      undefined,
      { timeout: 120_000, polling: 'raf' },
    );
    const m: { all: number; first: number } = await p.evaluate(
      `({ all: performance.now(), first: window.__first ?? NaN })`,
    );
    add(`Ссылка: ${v.label.split(',')[0]}${tag} — первые цифры (мс, цель 1000)`, m.first);
    add(`Ссылка: ${v.label.split(',')[0]}${tag} — все цифры (мс, цель 1500)`, m.all);
    await fresh.close();
  };
  // Filter changes: from the select's change event (a typed field's Enter) to the view's fresh figures, measured in the page,
  // CHANGES in a row on one page (no result is cached between them: each change runs its queries).
  const changeFilters = async (page: Page, url: string, v: (typeof VIEWS)[number], tag: string) => {
    await page.goto(`${url}${v.path}`);
    await page.waitForFunction(
      `document.querySelector(${JSON.stringify(READY)}) && !document.querySelector(${JSON.stringify(BUSY)})`,
      undefined,
      { timeout: 120_000, polling: 'raf' },
    );
    // A default state is answered from the prepared answers before DuckDB-wasm is up: the changes are timed
    // once the engine has the data (the first change would otherwise wait for its start).
    await page.waitForFunction(`performance.getEntriesByName('duckdb:load').length > 0`, undefined, {
      timeout: 120_000,
    });
    await page.evaluate('globalThis.__queryLog = []');
    for (let i = 0; i < CHANGES; i++) {
      const value = v.values[i % v.values.length];
      // The choices come from the data: wait until the select offers this one.
      if (!('typed' in v))
        await page.waitForFunction(
          `[...document.querySelectorAll('[data-testid=${v.control}] option')].some((o) => o.value === ${JSON.stringify(value)})`,
        );
      // In the URL a typed «4,25» reads 4.25.
      const inUrl = 'typed' in v ? value.replace(',', '.') : value;
      // A typed field: its text set as typing sets it, then Enter (the field commits on Enter).
      const change =
        'typed' in v
          ? `Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(control, ${JSON.stringify(value)});
           control.dispatchEvent(new Event('input', { bubbles: true }));
           control.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));`
          : `control.value = ${JSON.stringify(value)};
           control.dispatchEvent(new Event('change', { bubbles: true }));`;
      const { ms, queries } = await page.evaluate<{ ms: number; queries: number }>(`new Promise((resolve) => {
        const t0 = performance.now();
        const control = document.querySelector('[data-testid=${v.control}]');
        ${change}
        const started = Date.now();
        const tick = () => {
          if (Date.now() - started > 30000) return resolve({ ms: NaN, queries: NaN });
          const busy = document.querySelector(${JSON.stringify(BUSY)});
          // The URL changes at once (history API): the view answers it once it has rendered these parameters.
          const state = document.querySelector('[data-testid=view-state]');
          const answers = !state || state.dataset.search === new URLSearchParams(location.search).toString();
          const done = answers && new URLSearchParams(location.search).get(${JSON.stringify(v.param.slice(0, -1))}) === ${JSON.stringify(inUrl)} && !busy && document.querySelector(${JSON.stringify(READY)});
          // The queries' share: the span of the engine queries that started after the change.
          const measures = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('query:') && m.startTime >= t0);
          const queries = measures.length ? Math.max(...measures.map((m) => m.startTime + m.duration)) - t0 : 0;
          if (done) requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ms: performance.now() - t0, queries })));
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      })`);
      if (Number.isNaN(ms)) console.error(`${v.label}${tag}: за 30 с вид не обновился`);
      add(`Смена фильтра: ${v.label}${tag} (мс, p95 ≤ 100)`, ms);
      add(`  ${v.label}${tag}: из них запросы DuckDB (мс)`, queries);
    }
    logs[`${v.label}${tag}`] = await page.evaluate<LoggedQuery[]>('globalThis.__queryLog');
    await page.evaluate('delete globalThis.__queryLog');
  };
  // With --against, each view in both builds in turns: both see the same load.
  const builds = [{ tag: against ? ` [${process.env.EXPORT_DIR ?? 'out'}]` : '', url: server.url }];
  const other = against ? await serveExport(against) : null;
  if (other) builds.push({ tag: ` [${against}]`, url: other.url });
  const browser = await freshBrowser();
  const page = await browser.context.newPage();
  for (const v of onlyReload || onlyOpen ? [] : views) {
    // A settings change is timed on «Объективность»'s page; its link is that view's.
    if (!('typed' in v))
      for (let i = 0; i < LINK_RUNS; i++) for (const b of builds) await openLink(b.url, v, b.tag);
    for (const b of builds) await changeFilters(page, b.url, v, b.tag);
  }
  await other?.stop();
  // Upload: a 1,000,000-row results file parsed in the worker; the longest main-thread task meanwhile.
  if (!onlyViews) {
    const big = join(mkdtempSync(join(tmpdir(), 'shnor-bench-')), 'results-1m.csv');
    writeFileSync(big, bigResultsCsv(1_000_000));
    const size = statSync(big).size;
    for (let i = 0; i < 3; i++) {
      await page.goto(`${server.url}upload/`);
      await page.waitForSelector('[data-testid=upload][data-hydrated=true]');
      await page.evaluate(
        `window.__longest = 0; new PerformanceObserver((l) => l.getEntries().forEach((e) => { window.__longest = Math.max(window.__longest, e.duration); })).observe({ type: 'longtask' })`,
      );
      await page.setInputFiles('[data-testid=file-input]', big);
      await page.waitForSelector('[data-testid=file-job][data-status=parsed]', { timeout: 300_000 });
      const seconds = Number(await page.getAttribute('[data-testid=file-job]', 'data-seconds'));
      const rows = Number(await page.getAttribute('[data-testid=file-job]', 'data-rows'));
      add(`Загрузка 1 млн строк (${(size / 1e6).toFixed(0)} МБ): разбор в фоне, с`, seconds);
      add('  скорость разбора, МБ/с', size / 1e6 / seconds);
      add('  скорость разбора, строк/с', rows / seconds);
      add(
        '  самая долгая задача главного потока за разбор, мс',
        Number(await page.evaluate('window.__longest')),
      );
    }
  }
  await browser.close();
  // Reload of own data: a results file imported once (stored in IndexedDB), then the page opened again in
  // the same profile. With `--reload DIR` the same is done in another build beside this one, in turns.
  if (onlyReload) await reloadBench(reloadOther);
} finally {
  await server.stop();
}
if (!onlyViews) for (const [k, v] of parseBench()) samples[k] = v;
console.log(
  `ШНОР-Динамика bench: ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, медиана ${RUNS} холодных запусков; открытий ссылки: ${LINK_RUNS} (каждое в свежем браузере); смен фильтра подряд: ${CHANGES}`,
);
for (const [k, v] of Object.entries(samples)) {
  const p95 = k.startsWith('Смена фильтра') ? `  p95 ${fmt(percentile(v, 0.95))}` : '';
  console.log(`${k.padEnd(62)} ${fmt(median(v)).padStart(8)}${p95}   [${v.map(fmt).join(', ')}]`);
}

// The floor: every query of the filter changes above, run again on native DuckDB over the same demo file.
if (process.env.QUERY_LOG) writeFileSync(process.env.QUERY_LOG, JSON.stringify(logs, null, 1));
if (Object.keys(logs).length) {
  const native = await createNativeEngine();
  await attachDemo(native, new Uint8Array(readFileSync(join(root, 'public/data/demo.duckdb'))));
  await pointViewsAt(native, 'demo');
  // Every derived table made as the browser makes it (from the demo file, or built) before any query is timed.
  await derived(native, ...derivedTables().map((t) => t.name));
  console.log(
    '\nТе же запросы в нативном DuckDB (пол): медиана запроса в браузере и нативно, мс; отношение сумм по смене фильтра',
  );
  for (const [label, log] of Object.entries(logs)) {
    const byQuery = new Map<string, { q: LoggedQuery; ms: number[] }>();
    for (const q of log) {
      if (q.exec) continue;
      const key = JSON.stringify([q.sql, q.params]);
      if (!byQuery.has(key)) byQuery.set(key, { q, ms: [] });
      byQuery.get(key)!.ms.push(q.ms);
    }
    let browserSum = 0;
    let nativeSum = 0;
    const worst: { ratio: number; wasm: number; floor: number; sql: string }[] = [];
    for (const { q, ms } of byQuery.values()) {
      const floor: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await native.query(q.sql, q.params);
        floor.push(performance.now() - t0);
      }
      const [wasm, nat] = [median(ms), median(floor)];
      browserSum += wasm * ms.length;
      nativeSum += nat * ms.length;
      worst.push({
        ratio: wasm / Math.max(nat, 0.5),
        wasm,
        floor: nat,
        sql: q.sql.replace(/\s+/g, ' ').slice(0, 90),
      });
    }
    worst.sort((a, b) => b.ratio - a.ratio);
    const w = worst[0];
    // A change that reads no query (the figures were already in the page).
    if (!w) {
      console.log(`${label.padEnd(28)} запросов   0`);
      continue;
    }
    console.log(
      `${label.padEnd(28)} запросов ${String(byQuery.size).padStart(3)}: браузер ${fmt(browserSum / CHANGES)} мс, нативно ${fmt(nativeSum / CHANGES)} мс на смену (×${(browserSum / nativeSum).toFixed(1)}); ` +
        `хуже всех ×${w.ratio.toFixed(1)} (${fmt(w.wasm)} против ${fmt(w.floor)} мс): ${w.sql}`,
    );
  }
  await native.close();
}
