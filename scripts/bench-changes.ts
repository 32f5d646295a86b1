// The bench's filter changes replayed under Node on DuckDB-wasm (the browser's engine), without a browser:
// each change runs the compositions its view runs in the tab (lib/view-data.ts and the views' other
// queries whose key changes), timed per change (wall and process CPU) and per statement.
// `npx tsx scripts/bench-changes.ts [--views Объективность,Группа] [--root DIR] [--rounds 3] [--changes 20]`:
// with `--root DIR`, the same changes on DIR's lib/ and DIR's demo file too, the two in turns in one process.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const here = resolve(import.meta.dirname, '..');
const roots = [here, ...(arg('--root') ? [resolve(arg('--root')!)] : [])];
const ROUNDS = Number(arg('--rounds') ?? 3);
const CHANGES = Number(arg('--changes') ?? 20);
const only = (arg('--views') ?? '').split(',').filter(Boolean);

type Mod = Record<string, (...a: unknown[]) => Promise<unknown>>;
interface Build {
  root: string;
  db: { query: (sql: string, params?: unknown[]) => Promise<unknown[]> };
  vd: Mod;
  results: Mod;
}
interface LoggedQuery {
  sql: string;
  params: unknown[];
  ms: number;
}

/**
 * DuckDB-wasm under Node (lib/db/node-wasm.ts's build) keeping prepared statements by SQL text as the
 * browser's engine does (lib/db/browser.ts), so that a change pays what it pays in the tab.
 */
async function engine(root: string) {
  const { createRequire } = await import('node:module');
  const duckdb = await import(join(root, 'node_modules/@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const { wrapEngine } = await import(join(root, 'lib/db/engine.ts'));
  const { arrowRows } = await import(join(root, 'lib/db/arrow-rows.ts'));
  const dir = createRequire(join(root, 'package.json'))
    .resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm')
    .replace(/duckdb-eh\.wasm$/, '');
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: `${dir}duckdb-mvp.wasm`, mainWorker: `${dir}duckdb-node-mvp.worker.cjs` },
      eh: { mainModule: `${dir}duckdb-eh.wasm`, mainWorker: `${dir}duckdb-node-eh.worker.cjs` },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate(() => {});
  const conn = db.connect();
  conn.query('SET autoload_known_extensions=false');
  const prepared = new Map<string, { query: (...p: unknown[]) => unknown; close: () => void }>();
  const drop = () => {
    for (const s of prepared.values()) s.close();
    prepared.clear();
  };
  return wrapEngine({
    async query(sql: string, params: unknown[]) {
      if (!params.length) return arrowRows(conn.query(sql));
      let stmt = prepared.get(sql);
      if (!stmt) {
        if (prepared.size >= 64) drop();
        stmt = conn.prepare(sql);
        prepared.set(sql, stmt!);
      }
      return arrowRows(stmt!.query(...params));
    },
    async exec(sql: string) {
      drop();
      conn.query(sql);
    },
    async registerFile(name: string, data: Uint8Array | string) {
      if (typeof data === 'string') await db.registerFileText(name, data);
      else await db.registerFileBuffer(name, data);
      return name;
    },
    async close() {
      conn.close();
    },
  });
}

async function build(root: string): Promise<Build> {
  const { attachDemo, pointViewsAt } = await import(join(root, 'lib/data/load.ts'));
  const db = await engine(root);
  await attachDemo(db, new Uint8Array(readFileSync(join(root, 'public/data/demo.duckdb'))));
  await pointViewsAt(db, 'demo');
  return {
    root,
    db,
    vd: await import(join(root, 'lib/view-data.ts')),
    results: await import(join(root, 'lib/metrics/results.ts')),
  };
}

const municipalities = new WeakMap<object, Promise<unknown>>();
const schoolMunicipality = (db: Build['db']) => {
  if (!municipalities.has(db))
    municipalities.set(
      db,
      db
        .query(`SELECT municipality FROM school_dim WHERE school_id = 'edu9901007'`)
        .then((r) => (r[0] as { municipality: string }).municipality),
    );
  return municipalities.get(db)!;
};
const DEFAULTS = { zMin: 4.5, minPupils: 10, minMarkers: 1 };
const base = { list: 'ШНОР', procedure: 'ВПР' };
/** Per view: the values the bench cycles through and what one change to a value runs. */
const ALL: { label: string; values: string[]; change: (b: Build, v: string) => Promise<unknown> }[] = [
  {
    label: 'Объективность, год',
    values: ['2023', '2022', '2024'],
    change: async ({ vd, db }, v) => {
      const f = { ...base, year: Number(v) };
      // The view's own query and the comparison panel's start together (two keys, one change).
      const [d] = await Promise.all([
        vd.objectivityData(db, f, DEFAULTS),
        vd.officialData(db, f, Number(v), DEFAULTS),
      ]);
      return d;
    },
  },
  {
    label: 'Группа риска, год',
    values: ['2024', '2023', '2022'],
    change: ({ vd, db }, v) => vd.riskData(db, { ...base, year: Number(v) }),
  },
  {
    label: 'Динамика, предмет',
    values: ['Математика', 'Русский язык'],
    change: ({ vd, db }, v) => vd.dynamicsData(db, { ...base, years: [2021, 2100], subject: v }, 'share_2'),
  },
  {
    label: 'Карточка ОО, процедура',
    values: ['ОГЭ', 'ЕГЭ'],
    change: async ({ results, db }, v) => {
      // The school's series: its indicators with percentiles and its municipality's and the region's.
      const f = { procedure: v };
      // The municipality comes from the school's own query, which a change of procedure does not re-run.
      const municipality = (await schoolMunicipality(db)) as string;
      return Promise.all([
        results.schoolIndicators(db, 'edu9901007', f),
        results.areaIndicators(db, { ...f, municipalities: [municipality] }),
      ]);
    },
  },
];
const VIEWS = ALL.filter((v) => !only.length || only.some((p) => v.label.startsWith(p)));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.95 * xs.length) - 1)];
const f0 = (x: number) => x.toFixed(x < 10 ? 1 : 0);

const builds: Build[] = [];
for (const r of roots) builds.push(await build(r));
const g = globalThis as { __queryLog?: LoggedQuery[] };
console.log(
  `${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}; ${ROUNDS} rounds × ${CHANGES} changes`,
);
for (const view of VIEWS) {
  // Lazy tables built and statements compiled before timing, as after the bench's first change.
  for (const b of builds) for (const v of view.values) await view.change(b, v);
  const wall = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const stmts = new Map<string, Map<string, number[]>>();
  /** Each statement's parameter sets, replayed alone afterwards for its CPU time. */
  const replays = new Map<string, Map<string, unknown[]>>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const b of builds) {
      for (let i = 0; i < CHANGES; i++) {
        const v = view.values[i % view.values.length];
        g.__queryLog = [];
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await view.change(b, v);
        const ms = performance.now() - t0;
        const c = process.cpuUsage(c0);
        const log = g.__queryLog;
        delete g.__queryLog;
        wall.set(b.root, [...(wall.get(b.root) ?? []), ms]);
        cpu.set(b.root, [...(cpu.get(b.root) ?? []), (c.user + c.system) / 1000]);
        const per = stmts.get(b.root) ?? new Map<string, number[]>();
        stmts.set(b.root, per);
        for (const q of log) {
          const key = q.sql;
          per.set(key, [...(per.get(key) ?? []), q.ms]);
          if (!replays.has(key)) replays.set(key, new Map());
          replays.get(key)!.set(JSON.stringify(q.params), q.params);
        }
      }
    }
  }
  console.log(`\n${view.label}`);
  for (const b of builds) {
    const w = wall.get(b.root)!;
    const per = stmts.get(b.root)!;
    const count = [...per.values()].reduce((n, xs) => n + xs.length, 0) / w.length;
    console.log(
      `  ${b.root}: wall p50 ${f0(median(w))} p95 ${f0(p95(w))} ms, CPU p50 ${f0(median(cpu.get(b.root)!))} ms; statements per change ${count.toFixed(1)}`,
    );
    const rows: [string, number, number, number][] = [];
    for (const [sql, ms] of per) {
      const cpuMs: number[] = [];
      for (let i = 0; i < 3; i++)
        for (const params of replays.get(sql)!.values()) {
          const c0 = process.cpuUsage();
          await b.db.query(sql, params);
          const c = process.cpuUsage(c0);
          cpuMs.push((c.user + c.system) / 1000);
        }
      rows.push([sql.replace(/\s+/g, ' ').slice(0, 100), median(ms), median(cpuMs), ms.length / w.length]);
    }
    for (const [sql, ms, c, n] of rows.sort((a, z) => z[2] - a[2]))
      console.log(`    ${f0(ms).padStart(6)} ms, CPU ${f0(c).padStart(5)} ms ×${n.toFixed(1)}  ${sql}`);
  }
}
process.exit(0);
