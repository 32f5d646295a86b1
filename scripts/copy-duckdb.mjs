// DuckDB-wasm's eh build is served from our own public/ (no CDN): copied here on every install.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
const target = join(import.meta.dirname, '..', 'public', 'duckdb');
mkdirSync(target, { recursive: true });
for (const file of ['duckdb-eh.wasm', 'duckdb-browser-eh.worker.js'])
  copyFileSync(join(dist, file), join(target, file));
console.log(`DuckDB-wasm copied to ${target}`);
