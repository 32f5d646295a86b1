// Before `npm run dev`: the demo data and DuckDB-wasm's files are built or copied only when missing, so a
// fresh clone starts and an existing tree starts at once (`npm run build` always rebuilds the data).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const has = (path) => existsSync(join(root, path));

if (!has('public/duckdb/duckdb-eh.wasm') || !has('public/duckdb/duckdb-browser-eh.worker.js')) {
  execFileSync(process.execPath, [join(root, 'scripts/copy-duckdb.mjs')], { stdio: 'inherit' });
}
const templates =
  has('public/templates') && readdirSync(join(root, 'public/templates')).some((f) => f.endsWith('.csv'));
if (
  !has('public/data/demo.duckdb') ||
  !has('public/data/overview.json') ||
  !has('public/data/answers/index.json') ||
  !templates
) {
  console.log('Demo data missing: building it (npm run data)…');
  execFileSync('npm', ['run', 'data'], { cwd: root, stdio: 'inherit' });
}
