// `npx tsx scripts/bench-derived.ts`: the time to build each derived table of the registry from the demo's
// canonical tables, on DuckDB-wasm (as in the browser) and on native DuckDB (as `prepare` does), in turns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { createWasmNodeEngine } from '../lib/db/node-wasm';
import { createNativeEngine } from '../lib/db/node-native';
import type { Engine } from '../lib/db/engine';
import { attachDemo, pointViewsAt } from '../lib/data/load';
import { buildAllDerived } from '../lib/data/derived';
import { derivedTables } from '../lib/data/derived-tables';

const RUNS = Number(process.env.RUNS ?? 3);
const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'public/data/demo.duckdb')));
const engines: [string, () => Promise<Engine>][] = [
  ['wasm', createWasmNodeEngine],
  ['native', () => createNativeEngine()],
];
const ms: Record<string, Record<string, number[]>> = { wasm: {}, native: {} };
for (let run = 0; run < RUNS; run++) {
  for (const [name, create] of engines) {
    const db = await create();
    await attachDemo(db, bytes);
    await pointViewsAt(db, 'demo');
    await buildAllDerived(db, (table, t) => {
      ms[name][table] ??= [];
      ms[name][table].push(t);
    });
    await db.close();
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`derived tables of the demo, median of ${RUNS} builds, ${cpus().length} × ${cpus()[0]?.model}`);
console.log('table'.padEnd(28), 'wasm ms'.padStart(9), 'native ms'.padStart(10), 'wasm/native'.padStart(12));
let wasm = 0;
let native = 0;
for (const t of derivedTables()) {
  const [w, n] = [median(ms.wasm[t.name]), median(ms.native[t.name])];
  wasm += w;
  native += n;
  console.log(
    t.name.padEnd(28),
    w.toFixed(0).padStart(9),
    n.toFixed(0).padStart(10),
    (w / n).toFixed(1).padStart(12),
  );
}
console.log(
  'all'.padEnd(28),
  wasm.toFixed(0).padStart(9),
  native.toFixed(0).padStart(10),
  (wasm / native).toFixed(1).padStart(12),
);
