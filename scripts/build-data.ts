// Build step: the demo region as CSV, as a .duckdb file for the browser, CSV templates, and the
// precomputed «Обзор» (the same SQL under native DuckDB) so that the first view needs no engine.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDemo, TRUTH_COLUMNS } from '../data/demo/generate';
import { createNativeEngine } from '../lib/db/node-native';
import { canonicalViewsSql, createTablesSql, TABLES } from '../lib/schema';
import { toCsv } from '../lib/csv/write';
import { readCanonicalCsvSql } from '../lib/db/load';
import { SqlBuilder, sqlString } from '../lib/sql';
import { overview } from '../lib/overview';
import { refreshDerived } from '../lib/derived';
import { prepareObjectivity } from '../lib/metrics/objectivity-tests';

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
  writeFileSync(join(templates, `${t.name}.csv`), toCsv(cols, demo[t.name].slice(0, 3), { delimiter: ';', bom: true, formulaSafe: true }));
}
writeFileSync(join(csvDir, 'objectivity_truth.csv'), toCsv(TRUTH_COLUMNS, demo.truth));

rmSync(dbFile, { force: true });
rmSync(`${dbFile}.wal`, { force: true });
const db = await createNativeEngine();
await db.exec(`ATTACH ${sqlString(dbFile)} AS demo`);
await db.exec(createTablesSql('demo'));
for (const t of TABLES) {
  const b = new SqlBuilder();
  await db.query(`INSERT INTO demo.${t.name} ${readCanonicalCsvSql(t.name, b.p(join(csvDir, `${t.name}.csv`)))}`, b.params);
}
// The objectivity tests are the same for every visitor of the demo: built here, natively, and attached by the browser.
await db.exec(canonicalViewsSql('demo'));
await refreshDerived(db);
const tObj = performance.now();
await prepareObjectivity(db, 'demo');
const objSeconds = (performance.now() - tObj) / 1000;
await db.exec('DETACH demo');
await db.exec(`ATTACH ${sqlString(dbFile)} AS demo (READ_ONLY)`);
await db.exec(canonicalViewsSql('demo'));
await refreshDerived(db);
const first = await overview(db);
writeFileSync(join(publicData, 'overview.json'), JSON.stringify(first));
await db.close();
const rows = TABLES.map((t) => `${t.name} ${demo[t.name].length}`).join(', ');
console.log(`demo data: ${rows}; generated in ${((tGen - t0) / 1000).toFixed(1)} s, written in ${((performance.now() - tGen) / 1000).toFixed(1)} s (objectivity tests ${objSeconds.toFixed(1)} s)`);
