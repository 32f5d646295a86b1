// `npm run bench -- --national`: the country file (`npm run data:national`, then `npm run build`) opened
// by URL in headless Chromium: time to the first view, each view switch, filter changes (p50, p95), the
// tab's peak memory (the renderer processes' resident memory, which holds DuckDB-wasm's worker, sampled
// every 100 ms; and the page's JS heap from Chromium's Performance.getMetrics), and the bytes of the file
// fetched by range requests, against the targets of issue 10.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LoggedQuery } from '../lib/db/engine';
import { freshBrowser } from '../test/e2e/browser';
import { serveExport } from '../test/e2e/server';

const root = join(import.meta.dirname, '..');
const exportDir = process.env.EXPORT_DIR ?? 'out';
const file = join(root, exportDir, 'data', 'national.duckdb');
if (!existsSync(file)) {
  console.error(
    `Нет ${exportDir}/data/national.duckdb: выполните npm run data:national, затем npm run build`,
  );
  process.exit(1);
}
const fileSize = statSync(file).size;
const CHANGES = Number(process.env.CHANGES ?? 20);
const READY =
  '[data-testid=view-ready][data-loading=false], [data-testid=overview][data-source=duckdb], [data-testid=table-regions]';
const BUSY = '[data-loading=true], [data-source=loading], [data-source=precomputed]';
const VIEWS: [string, string][] = [
  ['Динамика', '/dynamics/'],
  ['Когорты', '/cohorts/'],
  ['Выход из перечня', '/exits/'],
  ['Регионы', '/regions/'],
  ['Муниципалитеты', '/municipalities/'],
  ['Группа риска', '/risk/'],
  ['Объективность', '/objectivity/'],
];
const CHANGE_VIEWS = ['/regions/', '/exits/', '/municipalities/'];
const YEARS = ['2023', '2022', '2024'];

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * xs.length) - 1)] ?? NaN;

/** Resident memory (bytes) of the renderer processes of the browser started with profile `dir`. */
function rendererRss(dir: string): number {
  const ps = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l)!)
    .filter(Boolean)
    .map((m) => ({ pid: +m[1], ppid: +m[2], rss: +m[3] * 1024, args: m[4] }));
  const ours = new Set(ps.filter((p) => p.args.includes(`--user-data-dir=${dir}`)).map((p) => p.pid));
  // Renderers are forked from the zygote, whose parent is the browser: follow the tree down.
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of ps)
      if (!ours.has(p.pid) && ours.has(p.ppid)) {
        ours.add(p.pid);
        grew = true;
      }
  }
  return ps
    .filter((p) => ours.has(p.pid) && p.args.includes('--type=renderer'))
    .reduce((s, p) => s + p.rss, 0);
}

async function ready(page: Page, timeout = 120_000) {
  await page.waitForFunction(
    `document.querySelector(${JSON.stringify(READY)}) && !document.querySelector(${JSON.stringify(BUSY)})
      && (!document.querySelector('[data-testid=view-state]') || document.querySelector('[data-testid=view-state]').dataset.search === new URLSearchParams(location.search).toString())`,
    undefined,
    { timeout, polling: 'raf' },
  );
}

const server = await serveExport(exportDir);
const browser = await freshBrowser();
const out: [string, string][] = [];
const row = (k: string, v: string) => {
  out.push([k, v]);
  console.log(`${k.padEnd(58)} ${v}`);
};
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, rendererRss(browser.dir));
}, 100);
try {
  const page = await browser.context.newPage();
  let bytes = 0;
  let requests = 0;
  page.on('response', (r) => {
    if (!new URL(r.url()).pathname.endsWith('/data/national.duckdb') || r.request().method() === 'HEAD')
      return;
    requests++;
    bytes += Number(r.headers()['content-length'] ?? 0);
  });
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  let heapPeak = 0;
  const heap = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    heapPeak = Math.max(heapPeak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
  };
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} МБ`;
  row('Файл страны', `${mb(fileSize)}`);
  // Where a step's time goes: the engine's statements (sum of their times, the slowest) and the file's
  // range requests since the previous step; all statements into .bench/national-profile.json.
  await page.addInitScript('globalThis.__queryLog = []');
  const profile: { step: string; ms: number; requests: number; bytes: number; log: LoggedQuery[] }[] = [];
  let mark = { requests: 0, bytes: 0 };
  const profiled = async (step: string, ms: number) => {
    const log = await page.evaluate<LoggedQuery[]>('globalThis.__queryLog.splice(0)');
    const p = { step, ms, requests: requests - mark.requests, bytes: bytes - mark.bytes, log };
    mark = { requests, bytes };
    profile.push(p);
    const sum = log.reduce((a, q) => a + q.ms, 0);
    console.log(
      `  ${step}: ${log.length} statements, ${sum.toFixed(0)} ms in the engine; ${p.requests} range requests, ${mb(p.bytes)}`,
    );
    for (const q of [...log].sort((a, b) => b.ms - a.ms).slice(0, 5))
      console.log(`    ${q.ms.toFixed(0).padStart(6)} ms  ${q.sql.replace(/\s+/g, ' ').slice(0, 110)}`);
  };

  let t = Date.now();
  // NATIONAL_PARAMS (e.g. reg=Демо-регион 01): the whole run with these filters, which the section links keep.
  const extra = process.env.NATIONAL_PARAMS ? `&${new URLSearchParams(process.env.NATIONAL_PARAMS)}` : '';
  await page.goto(`${server.url}?data=national${extra}`);
  await ready(page);
  const first = Date.now() - t;
  row('Первый вид (Обзор) от навигации, мс (цель ≤ 6000)', String(first));
  await profiled('Обзор', first);
  const phases = await page.evaluate<string>(
    `['duckdb:start', 'duckdb:load'].map((n) => { const m = performance.getEntriesByName(n)[0]; return m ? n + ' ' + Math.round(m.startTime) + '+' + Math.round(m.duration) + ' ms' : n + ' —'; }).join(', ')`,
  );
  console.log(`  from navigation: ${phases}`);
  row(
    'Байт файла к первому виду (цель ≤ 25 %)',
    `${mb(bytes)} из ${mb(fileSize)} = ${((100 * bytes) / fileSize).toFixed(1)} %, ${requests} запросов`,
  );
  await heap();
  for (const [label, href] of VIEWS) {
    t = Date.now();
    await page.click(`nav a[href^="${href}"]`);
    await page.waitForURL((u) => u.pathname.endsWith(href));
    await ready(page);
    const ms = Date.now() - t;
    row(`Переход: ${label}, мс (цель ≤ 1000)`, String(ms));
    await profiled(label, ms);
    await heap();
  }
  for (const href of CHANGE_VIEWS) {
    await page.click(`nav a[href^="${href}"]`);
    await page.waitForURL((u) => u.pathname.endsWith(href));
    await ready(page);
    const times: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const year = YEARS[i % YEARS.length];
      t = Date.now();
      await page.selectOption('[data-testid=filter-year]', year);
      await page.waitForFunction(
        `new URLSearchParams(location.search).get('year') === ${JSON.stringify(year)}`,
      );
      await ready(page);
      times.push(Date.now() - t);
      if (i === 0) await profiled(`${href} year ${year}`, times[0]);
    }
    await page.evaluate('globalThis.__queryLog.splice(0)');
    await heap();
    row(
      `Смена года: ${href} p50 / p95, мс (цель p95 ≤ 250)`,
      `${percentile(times, 0.5)} / ${percentile(times, 0.95)}`,
    );
  }
  row(
    'Байт файла за весь прогон',
    `${mb(bytes)} = ${((100 * bytes) / fileSize).toFixed(1)} %, ${requests} запросов`,
  );
  row('Пик памяти вкладки (процессы отрисовки), цель ≤ 2 ГБ', mb(peak));
  row('Пик JS-кучи страницы (Performance.getMetrics)', mb(heapPeak));
  mkdirSync(join(root, '.bench'), { recursive: true });
  writeFileSync(join(root, '.bench', 'national-profile.json'), JSON.stringify(profile, null, 1));
} finally {
  clearInterval(sampler);
  await browser.close();
  await server.stop();
}
