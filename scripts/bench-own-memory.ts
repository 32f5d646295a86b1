// `npx tsx scripts/bench-own-memory.ts [rows …]`: own data's derived tables built and stored as after an
// import (storeOwnDerived), on DuckDB-wasm under Node, one fresh process per size; prints the time, the
// process's peak resident memory and DuckDB's memory after the build. Rows as `bench --reload` imports them
// (test/helpers/big-csv.ts: 100,000 schools × 10 papers a year, 2022–2024). The wasm engine's memory ends at
// 3.1 GiB: a size that runs out of it fails here as it does in the tab.
import { execFileSync } from 'node:child_process';
import { createWasmNodeEngine } from '../lib/db/node-wasm';
import { ensureUserSchema } from '../lib/db/user-data';
import { pointViewsAt } from '../lib/data/load';
import { storeOwnDerived } from '../lib/data/derived';

const PAPERS = `[('Математика', 4), ('Русский язык', 4), ('Математика', 5), ('Русский язык', 5), ('История', 5),
  ('Биология', 6), ('География', 7), ('Физика', 8), ('Химия', 8), ('Английский язык', 7)]`;

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

async function one(n: number) {
  const db = await createWasmNodeEngine();
  await ensureUserSchema(db);
  // big-csv.ts's rows: school i % 100,000, paper (i // 100,000) % 10, year 2022 + i // 1,000,000.
  await db.exec(`INSERT INTO user_data.results (year, procedure, subject, grade, school_id, participants, m2, m3, m4, m5, mean_score)
    SELECT 2022 + i // 1000000, 'ВПР', p[1], p[2], lpad((i % 100000)::VARCHAR, 6, '0'),
      20 + i % 30, i % 5, 8, 6, 20 + i % 30 - i % 5 - 14, 10 + i % 20 + (i % 10) / 10
    FROM range(${n}) r(i), LATERAL (SELECT ${PAPERS}[(i // 100000) % 10 + 1] AS p)`);
  const rssRows = process.memoryUsage().rss;
  const t0 = performance.now();
  await pointViewsAt(db, 'mine', { own: { key: 'bench' } });
  const manifest = await storeOwnDerived(db);
  const ms = performance.now() - t0;
  const [{ bytes }] = await db.query<{ bytes: number }>(
    'SELECT sum(memory_usage_bytes)::DOUBLE AS bytes FROM duckdb_memory()',
  );
  const stored = manifest.filter((r) => r.kind === 'derived').length;
  console.log(
    JSON.stringify({
      rows: n,
      build_s: +(ms / 1000).toFixed(1),
      rss_after_rows_mib: mib(rssRows),
      peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
      duckdb_after_mib: mib(bytes),
      stored,
    }),
  );
  await db.close();
}

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
if (sizes.length === 1) await one(sizes[0]);
else
  for (const n of sizes.length ? sizes : [1_000_000, 3_000_000]) {
    try {
      execFileSync('npx', ['tsx', 'scripts/bench-own-memory.ts', String(n)], { stdio: 'inherit' });
    } catch {
      console.log(JSON.stringify({ rows: n, failed: true }));
    }
  }
