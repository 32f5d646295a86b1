// `npx tsx scripts/bench-objectivity.ts [--runs N] [--data own|demo] [--module FILE]`: the objectivity tests'
// build from the demo's canonical tables, step by step (lib/metrics/objectivity-tests.ts, in build order), on
// DuckDB-wasm under Node (the browser's engine) and on native DuckDB: CPU time of this process (the machine
// is shared, so wall time says little) and wall time, the median of N builds per engine.
// `--data own` (default): the tables copied into the user's schema first, as own uploads are built in the tab;
// `demo`: read from the attached demo file (the first step to read a table also pays for reading it from the
// file). `--module FILE`: another copy of objectivity-tests.ts (an earlier commit's, to compare).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { createWasmNodeEngine } from '../lib/db/node-wasm';
import { createNativeEngine } from '../lib/db/node-native';
import type { Engine } from '../lib/db/engine';
import { attachDemo, pointViewsAt } from '../lib/data/load';
import { USER_SCHEMA } from '../lib/db/user-data';
import { TABLES } from '../lib/schema';
import * as current from '../lib/metrics/objectivity-tests';
import { SqlBuilder } from '../lib/sql';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const RUNS = Number(arg('--runs') ?? 3);
const data = arg('--data') ?? 'own';
const module = arg('--module');
const { OBJECTIVITY_TABLES } = (module ? await import(module) : current) as {
  OBJECTIVITY_TABLES: { name: string; sql: string | ((b: SqlBuilder) => string); kind?: string }[];
};
const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'public/data/demo.duckdb')));
const engines: [string, () => Promise<Engine>][] = [
  ['wasm', createWasmNodeEngine],
  ['native', () => createNativeEngine()],
];
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const cpu = { wasm: {}, native: {} } as Record<string, Record<string, number[]>>;
const wall = { wasm: {}, native: {} } as Record<string, Record<string, number[]>>;
console.log(
  `objectivity tests of the demo (${data === 'own' ? 'as own data, in memory' : 'read from the demo file'}${module ? `, ${module}` : ''}), ${cpus().length} × ${cpus()[0]?.model}, load average ${load()}`,
);
for (let run = 0; run < RUNS; run++) {
  for (const [name, create] of engines) {
    const db = await create();
    await attachDemo(db, bytes);
    if (data === 'own') {
      for (const t of TABLES)
        await db.exec(`INSERT INTO ${USER_SCHEMA}.${t.name} SELECT * FROM demo.${t.name}`);
      await pointViewsAt(db, 'mine');
    } else await pointViewsAt(db, 'demo');
    for (const t of OBJECTIVITY_TABLES) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      // An earlier copy's SQL is a string with its thresholds written in; this one's binds them.
      const b = new SqlBuilder();
      const text = typeof t.sql === 'string' ? t.sql : t.sql(b);
      const ddl = `CREATE OR REPLACE ${t.kind ?? 'TABLE'} ${t.name} AS ${text}`;
      if (b.params.length) await db.query(ddl, b.params);
      else await db.exec(ddl);
      const c = process.cpuUsage(c0);
      cpu[name][t.name] = [...(cpu[name][t.name] ?? []), (c.user + c.system) / 1000];
      wall[name][t.name] = [...(wall[name][t.name] ?? []), performance.now() - t0];
    }
    await db.close();
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (x: number) => x.toFixed(0).padStart(10);
console.log(`median of ${RUNS} builds per engine, ms; load average after ${load()}`);
console.log(
  'table'.padEnd(26),
  ...['wasm CPU', 'wasm wall', 'native CPU', 'native wall'].map((h) => h.padStart(10)),
);
const sum = { wc: 0, ww: 0, nc: 0, nw: 0 };
for (const t of OBJECTIVITY_TABLES) {
  const r = {
    wc: median(cpu.wasm[t.name]),
    ww: median(wall.wasm[t.name]),
    nc: median(cpu.native[t.name]),
    nw: median(wall.native[t.name]),
  };
  for (const k of ['wc', 'ww', 'nc', 'nw'] as const) sum[k] += r[k];
  console.log(
    `${t.name}${t.kind === 'VIEW' ? ' (view)' : ''}`.padEnd(26),
    f(r.wc),
    f(r.ww),
    f(r.nc),
    f(r.nw),
  );
}
console.log('all'.padEnd(26), f(sum.wc), f(sum.ww), f(sum.nc), f(sum.nw));
