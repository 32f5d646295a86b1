// `npm run bench -- --floor`: DuckDB-wasm's bare start in Chromium, the floor under every cold link: a blank
// page on the same server (no app, no data) starts the worker and drives it with its own messages
// (INSTANTIATE, OPEN, CONNECT, a query), in a fresh browser each time; then, apart, the wasm's download
// and decompression alone and its compilation alone (WebAssembly.compile of the downloaded bytes).
import { freshBrowser } from '../test/e2e/browser';
import { serveExport } from '../test/e2e/server';

const RUNS = Number(process.env.FLOOR_RUNS ?? 5);
const PAGE = `<!doctype html><script>
const t0 = performance.now();
const at = {};
const worker = new Worker('duckdb/duckdb-browser-eh.worker.js');
let id = 0;
const waiting = new Map();
worker.onmessage = (e) => {
  const done = waiting.get(e.data.requestId);
  if (e.data.type === 'INSTANTIATE_PROGRESS' || !done) return;
  waiting.delete(e.data.requestId);
  if (e.data.type === 'ERROR') done.reject(new Error(String(e.data.data)));
  else done.resolve(e.data);
};
const call = (type, data) => new Promise((resolve, reject) => {
  waiting.set(++id, { resolve, reject });
  worker.postMessage({ messageId: id, type, data });
});
const mark = (name) => { at[name] = performance.now() - t0; };
window.floor = (async () => {
  await call('PING'); mark('worker');
  await call('INSTANTIATE', [new URL('duckdb/duckdb-eh.wasm', location.href).href, null]); mark('instantiate');
  await call('OPEN', {}); mark('open');
  const conn = await call('CONNECT'); mark('connect');
  await call('RUN_QUERY', [conn.data, 'SELECT 42']); mark('query');
  worker.terminate();
  let t = performance.now();
  const bytes = await (await fetch('duckdb/duckdb-eh.wasm', { cache: 'no-store' })).arrayBuffer();
  at.download = performance.now() - t;
  t = performance.now();
  await WebAssembly.compile(bytes);
  at.compile = performance.now() - t;
  return at;
})();
</script>`;

const LABELS: [string, string][] = [
  ['worker', 'рабочий поток запущен (мс от начала)'],
  ['instantiate', 'wasm загружен, скомпилирован, запущен (INSTANTIATE)'],
  ['open', 'база открыта (OPEN)'],
  ['connect', 'соединение (CONNECT)'],
  ['query', 'первый запрос SELECT 42 — пол холодного старта'],
  ['download', 'отдельно: загрузка и распаковка wasm (мс)'],
  ['compile', 'отдельно: WebAssembly.compile загруженных байтов (мс)'],
];

export async function floorBench(exportDir: string): Promise<[string, number[]][]> {
  const server = await serveExport(exportDir);
  const samples = new Map<string, number[]>();
  try {
    for (let i = 0; i < RUNS; i++) {
      const browser = await freshBrowser();
      try {
        const page = await browser.context.newPage();
        await page.route(`${server.url}floor.html`, (route) =>
          route.fulfill({ body: PAGE, contentType: 'text/html; charset=utf-8' }),
        );
        await page.goto(`${server.url}floor.html`);
        const at: Record<string, number> = await page.evaluate('window.floor');
        for (const [k] of LABELS) samples.set(k, [...(samples.get(k) ?? []), at[k]]);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.stop();
  }
  return LABELS.map(([k, label]) => [`DuckDB-wasm без приложения: ${label}`, samples.get(k) ?? []]);
}
