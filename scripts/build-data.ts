// Build step: the demo region as CSV, as a prepared .duckdb file for the browser, CSV templates, and the
// precomputed «Обзор» (the same SQL under native DuckDB) so that the first view needs no engine.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDemo, TRUTH_COLUMNS } from '../data/demo/generate';
import { createNativeEngine } from '../lib/db/node-native';
import { createTablesSql, TABLES } from '../lib/schema';
import { toCsv } from '../lib/csv/write';
import { readCanonicalCsvSql } from '../lib/db/load';
import { SqlBuilder } from '../lib/sql';
import { overview } from '../lib/overview';
import { writePreparedFile } from '../lib/data/prepare';
import { attachDemo, pointViewsAt } from '../lib/data/load';

const root = resolve(import.meta.dirname, '..');
const csvDir = join(root, 'data/generated/demo');
const publicData = join(root, 'public/data');
const templates = join(root, 'public/templates');
const dbFile = join(publicData, 'demo.duckdb');

const t0 = performance.now();
const demo = generateDemo();
const tGen = performance.now();
for (const dir of [csvDir, publicData, templates]) mkdirSync(dir, { recursive: true });
for (const t of TABLES) {
  const cols = t.columns.map((c) => c.name);
  writeFileSync(join(csvDir, `${t.name}.csv`), toCsv(cols, demo[t.name]));
  writeFileSync(
    join(templates, `${t.name}.csv`),
    toCsv(cols, demo[t.name].slice(0, 3), { delimiter: ';', bom: true, formulaSafe: true }),
  );
}
writeFileSync(join(csvDir, 'objectivity_truth.csv'), toCsv(TRUTH_COLUMNS, demo.truth));

// The canonical tables and every derived table the views read, built here natively once for every visitor
// of the demo (lib/data/prepare.ts); the browser uses them while the manifest matches.
const db = await createNativeEngine();
await db.exec(createTablesSql());
for (const t of TABLES) {
  const b = new SqlBuilder();
  await db.query(
    `INSERT INTO ${t.name} ${readCanonicalCsvSql(t.name, b.p(join(csvDir, `${t.name}.csv`)))}`,
    b.params,
  );
}
const built: string[] = [];
const tPrep = performance.now();
await writePreparedFile(db, dbFile, (name, ms) => built.push(`${name} ${ms.toFixed(0)} ms`));
const prepSeconds = (performance.now() - tPrep) / 1000;
await db.close();
// «Обзор» as the browser computes it: the demo attached by the same code path.
const view = await createNativeEngine();
await attachDemo(view, new Uint8Array(readFileSync(dbFile)));
await pointViewsAt(view, 'demo');
const first = await overview(view);
writeFileSync(join(publicData, 'overview.json'), JSON.stringify(first));
await view.close();
const rows = TABLES.map((t) => `${t.name} ${demo[t.name].length}`).join(', ');
console.log(
  `demo data: ${rows}; generated in ${((tGen - t0) / 1000).toFixed(1)} s, written in ${((performance.now() - tGen) / 1000).toFixed(1)} s (derived tables ${prepSeconds.toFixed(1)} s: ${built.join(', ')})`,
);
