// `npx tsx scripts/bench-cli.ts [--root DIR] [--runs N]`: the CLI's `objectivity` on the demo's CSV files
// (data/generated/demo, `npm run data`), run as `npm run cli` runs it, each run timed by /usr/bin/time: wall, CPU
// and peak memory, then the median. Then, in this process, where the time goes: each file read alone, all of them
// at once (as the CLI reads them), the derived tables, the metric.
// `--root DIR`: run another checkout's CLI on the same files (to compare with an earlier commit), runs only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadTableFile } from '../lib/cli/read-table';
import { createNativeEngine } from '../lib/db/node-native';
import { refreshDerived } from '../lib/data/derived';
import { OBJECTIVITY_DEFAULTS, objectivityFlags } from '../lib/metrics/objectivity';
import { createTablesSql, type TableName } from '../lib/schema';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const root = arg('--root') ?? join(import.meta.dirname, '..');
const runs = Number(arg('--runs') ?? 3);
const demo = join(import.meta.dirname, '..', 'data/generated/demo');
const FILES: [string, TableName][] = [
  ['--schools', 'schools'],
  ['--results', 'results'],
  ['--journal', 'vpr_journal'],
  ['--score-dist', 'score_dist'],
  ['--mark-scales', 'mark_scales'],
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

console.log(`CLI objectivity on ${demo}: ${root}, ${runs} runs, load average ${load()}`);
const samples: { wall: number; cpu: number; rss: number }[] = [];
for (let i = 0; i < runs; i++) {
  // As `npm run cli` runs it: the bundled CLI (scripts/run-cli.mjs), or tsx in a checkout from before it.
  const launcher = join(root, 'scripts/run-cli.mjs');
  const cli = [
    ...(existsSync(launcher)
      ? [process.execPath, launcher]
      : [join(root, 'node_modules/.bin/tsx'), join(root, 'scripts/cli.ts')]),
    'objectivity',
    ...FILES.flatMap(([o, t]) => [o, join(demo, `${t}.csv`)]),
  ];
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', ...cli], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`the CLI failed: ${r.stderr}`);
  samples.push({ wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rss: Number(m[4]) / 1024 });
  console.log(
    `  run ${i + 1}: ${m[1]} s wall, ${(Number(m[2]) + Number(m[3])).toFixed(2)} s CPU, ${(Number(m[4]) / 1024).toFixed(0)} MiB peak RSS (load ${load()})`,
  );
}
const med = (k: 'wall' | 'cpu' | 'rss') => median(samples.map((x) => x[k]));
console.log(
  `median: ${med('wall').toFixed(2)} s wall, ${med('cpu').toFixed(2)} s CPU, ${med('rss').toFixed(0)} MiB peak RSS`,
);

// Where the time goes: this checkout's code, in this process (not for another checkout).
if (arg('--root')) process.exit(0);
const time = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = await work();
  const c = process.cpuUsage(c0);
  console.log(
    `  ${label.padEnd(28)} ${String(Math.round(performance.now() - t0)).padStart(6)} ms wall ${String(Math.round((c.user + c.system) / 1000)).padStart(6)} ms CPU`,
  );
  return out;
};
const db = await createNativeEngine();
await db.exec(createTablesSql());
console.log('phases:');
for (const [, t] of FILES) {
  const v = await time(`read ${t}.csv`, () => loadTableFile(db, t, join(demo, `${t}.csv`)));
  if (v.reader !== 'duckdb' || v.problemCount)
    throw new Error(`${t}.csv: ${v.reader} ${v.fallback ?? ''}, ${v.problemCount} problems`);
}
const side = await createNativeEngine();
await side.exec(createTablesSql());
await time('all files at once', () =>
  Promise.all(
    FILES.map(async ([, t]) => {
      const conn = await side.connect();
      await loadTableFile(conn, t, join(demo, `${t}.csv`)).finally(() => conn.close());
    }),
  ),
);
await side.close();
await time('derived tables', () => refreshDerived(db, []));
await time('objectivity flags (metric)', () => objectivityFlags(db, { list: 'ШНОР' }, OBJECTIVITY_DEFAULTS));
await db.close();
