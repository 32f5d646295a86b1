// `npm run data:national`: a seeded country of generated regions (the demo's generator, tables and rules,
// one seed per region), prepared natively into one .duckdb that the browser attaches by URL with HTTP
// range requests (`?data=national`). Not part of `npm start`, `npm run build` or CI.
//   --regions N (85)  --scale S (the mean region's share of the demo's schools, 0.31: ~40,000 in all)  --out FILE
//   --from FILE: the canonical tables of an earlier country file, prepared again (after a change of the
//   derived tables' SQL) without generating the country anew.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { generateDemo, type Row } from '../data/demo/generate';
import { Rng } from '../data/demo/rng';
import { createNativeEngine } from '../lib/db/node-native';
import { insertCanonicalRows } from '../lib/db/load';
import { createTablesSql, TABLES } from '../lib/schema';
import { writePreparedFile } from '../lib/data/prepare';
import { sqlString } from '../lib/sql';

const root = resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const regions = Number(arg('--regions', '85'));
const scale = Number(arg('--scale', '0.31'));
const out = resolve(root, arg('--out', 'public/data/national.duckdb'));
const from = process.argv.includes('--from') ? resolve(root, arg('--from', '')) : null;
if (!(regions >= 1 && regions <= 99) || !(scale > 0 && scale <= 1))
  throw new Error('--regions: от 1 до 99, --scale: больше 0 и не больше 1');

const regionName = (i: number) => `Демо-регион ${String(i).padStart(2, '0')}`;

/**
 * Each region's share of the demo's schools: log-normal (seeded), as a country's regions differ (a few large,
 * many small), with the mean `scale`; between 0.04 (≈ 60 schools) and 1 (the demo's ≈ 1,500).
 */
function regionScales(n: number, mean: number): number[] {
  const rng = new Rng(20251202);
  const raw = Array.from({ length: n }, () => Math.exp(rng.normal(0, 0.8)));
  const clamp = (s: number) => Math.min(1, Math.max(0.04, s));
  let f = mean / (raw.reduce((a, s) => a + s, 0) / n);
  // Scaled to the mean, clamped; the scale refitted on the unclamped regions, so that the mean holds.
  for (let k = 0; k < 8; k++) {
    const free = raw.filter((s) => clamp(s * f) === s * f);
    if (!free.length) break;
    const fixed = raw.reduce((a, s) => a + (clamp(s * f) === s * f ? 0 : clamp(s * f)), 0);
    f = (mean * n - fixed) / free.reduce((a, s) => a + s, 0);
  }
  const scales = raw.map((s) => clamp(s * f));
  return scales.map((s) => Math.round(s * 1000) / 1000);
}
const scales = regionScales(regions, scale);

const t0 = performance.now();
// The country is gathered in a working database on disk, with DuckDB's memory bounded, not in memory.
const work = mkdtempSync(join(tmpdir(), 'shnor-national-'));
const db = await createNativeEngine(join(work, 'work.duckdb'));
await db.exec(`SET memory_limit = '4GB'`);
await db.exec(createTablesSql());
const counts = Object.fromEntries(TABLES.map((t) => [t.name, 0]));
if (from) {
  await db.exec(`ATTACH ${sqlString(from)} AS src (READ_ONLY)`);
  for (const t of TABLES) {
    await db.exec(`INSERT INTO ${t.name} SELECT * FROM src.${t.name}`);
    counts[t.name] = (await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t.name}`))[0].n;
  }
  await db.exec('DETACH src');
}
for (let i = 1; i <= (from ? 0 : regions); i++) {
  const code = String(i).padStart(2, '0');
  const name = regionName(i);
  const data = generateDemo(20240209 + i * 7919, { code, name, scale: scales[i - 1] });
  // Every region has the demo's municipality names: the region's code keeps them apart.
  const local = (r: Row) => (r.municipality ? { ...r, municipality: `${r.municipality} (${code})` } : r);
  for (const t of TABLES) {
    const rows = t.name === 'schools' || t.name === 'lists' ? data[t.name].map(local) : data[t.name];
    // Mark scales are the country's: the same in every region.
    if (t.name === 'mark_scales' && i > 1) continue;
    await insertCanonicalRows(db, t.name, rows);
    counts[t.name] += rows.length;
  }
  process.stdout.write(`\r${i}/${regions} regions, ${counts.schools} schools`);
}
const tGen = performance.now();
mkdirSync(dirname(out), { recursive: true });
const built: string[] = [];
await writePreparedFile(db, out, (n, ms) => built.push(`${n} ${(ms / 1000).toFixed(1)} s`));
await db.close();
rmSync(work, { recursive: true, force: true });
console.log(
  `\nnational data: ${from ? `from ${from}` : `${regions} regions (scale ${Math.min(...scales)}–${Math.max(...scales)}, mean ${scale})`}; ${TABLES.map((t) => `${t.name} ${counts[t.name]}`).join(', ')}`,
);
console.log(
  `generated and loaded in ${((tGen - t0) / 1000).toFixed(0)} s, prepared in ${((performance.now() - tGen) / 1000).toFixed(0)} s (${built.join(', ')})`,
);
console.log(`${out}: ${(statSync(out).size / 2 ** 20).toFixed(1)} MiB`);
// Each view of the country, and each year, answered in advance beside the file (read by a tab at run time).
execFileSync(
  process.execPath,
  [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build-answers.ts', '--national', out],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
