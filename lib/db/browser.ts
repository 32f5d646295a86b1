// DuckDB-wasm in a Web Worker, started once per tab, with the demo database and the user's own data.
// Only ever loaded with dynamic import() from effects.
import * as duckdb from '@duckdb/duckdb-wasm';
import { wrapEngine, type Engine, type SqlParam } from './engine';
import { arrowRows } from './arrow-rows';
import { ensureUserSchema, importCanonical, clearUserData, useSource, type DataSource } from './user-data';
import { clearImports, deleteImport, listImports, saveImport, storedSource, storeSource, type StoredImport } from '../upload/store';
import { dataVersion } from './data-version';

import { BASE_PATH_PREFIX } from '../base-path';

const assetUrl = (path: string) => new URL(`${BASE_PATH_PREFIX}${path}`, location.href).href;

// performance.measure entries (duckdb:start, duckdb:load) are read by `npm run bench`.
async function start(): Promise<Engine> {
  const t0 = performance.now();
  const worker = new Worker(assetUrl('/duckdb/duckdb-browser-eh.worker.js'));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(assetUrl('/duckdb/duckdb-eh.wasm'));
  const conn = await db.connect();
  await conn.query('SET autoload_known_extensions=false');
  const t1 = performance.now();
  performance.measure('duckdb:start', { start: t0, end: t1 });
  // The whole file in memory: works on any static host (no Range requests needed) and offline afterwards.
  const response = await fetch(assetUrl('/data/demo.duckdb'));
  if (!response.ok) throw new Error(`Не удалось загрузить демонстрационные данные (HTTP ${response.status})`);
  await db.registerFileBuffer('demo.duckdb', new Uint8Array(await response.arrayBuffer()));

  // Prepared statements are kept by SQL text: each prepare and close is a round trip to the worker, and a
  // filter change re-runs the same texts with new parameters. Any DDL (exec) drops them.
  const prepared = new Map<string, Awaited<ReturnType<typeof conn.prepare>>>();
  const dropPrepared = async () => {
    for (const stmt of prepared.values()) await stmt.close();
    prepared.clear();
  };
  const engine = wrapEngine({
    async query<T extends object>(sql: string, params: SqlParam[]) {
      if (!params.length) return arrowRows<T>(await conn.query(sql));
      let stmt = prepared.get(sql);
      if (!stmt) {
        if (prepared.size >= 64) await dropPrepared();
        stmt = await conn.prepare(sql);
        prepared.set(sql, stmt);
      }
      return arrowRows<T>(await stmt.query(...params));
    },
    async exec(sql: string) {
      await dropPrepared();
      await conn.query(sql);
    },
    async registerFile(name, data) {
      if (typeof data === 'string') await db.registerFileText(name, data);
      else await db.registerFileBuffer(name, data);
      return name;
    },
    async close() {
      await conn.close();
      await db.terminate();
    },
  });
  await engine.exec(`ATTACH 'demo.duckdb' AS demo (READ_ONLY)`);
  await ensureUserSchema(engine);
  const stored = await listImports().catch(() => [] as StoredImport[]);
  for (const rec of stored) {
    // A stored file that no longer imports must not lock the user out: it is skipped and listed.
    await replay(engine, rec).catch((e: unknown) => replayFailures.set(rec.id, e instanceof Error ? e.message : String(e)));
  }
  await useSource(engine, currentSource(stored.length > 0));
  performance.measure('duckdb:load', { start: t1, end: performance.now() });
  return engine;
}

async function replay(db: Engine, rec: StoredImport) {
  const file = await db.registerFile(`import-${rec.id}.csv`, new Uint8Array(await rec.csv.arrayBuffer()));
  await importCanonical(db, rec.table, file, rec.mode);
}

let engine: Promise<Engine> | null = null;
/** Stored imports that failed to replay on this visit, by id, with the reason. */
export const replayFailures = new Map<string, string>();

/** The tab's engine; the first call starts it. A failed start may be retried. */
export function getBrowserEngine(): Promise<Engine> {
  if (!engine) {
    engine = start();
    engine.catch(() => {
      engine = null;
    });
  }
  return engine;
}

export function currentSource(hasOwnData: boolean): DataSource {
  const s = storedSource();
  return s === 'demo' || s === 'mine' || s === 'both' ? s : hasOwnData ? 'mine' : 'demo';
}

export async function setSource(source: DataSource): Promise<void> {
  const db = await getBrowserEngine();
  storeSource(source);
  await useSource(db, source);
  dataVersion.bump();
}

export type ImportRequest = Omit<StoredImport, 'id' | 'importedAt'>;

/** Imports validated canonical CSV in one transaction, then stores it; shows own data if only demo was shown. */
export async function importUserFile(req: ImportRequest) {
  const db = await getBrowserEngine();
  const id = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const file = await db.registerFile(`import-${id}.csv`, new Uint8Array(await req.csv.arrayBuffer()));
  const outcome = await importCanonical(db, req.table, file, req.mode);
  await saveImport({ ...req, id, importedAt: new Date().toISOString() });
  // Show what was just imported. Own data alone: mixed with the fictional demo region, published years,
  // ranks and shares would be computed over both.
  const before = storedSource();
  const source: DataSource = before === 'both' ? 'both' : 'mine';
  storeSource(source);
  await useSource(db, source);
  dataVersion.bump();
  return { ...outcome, switchedToMine: before !== source };
}

/** Removes one imported file: the user's tables are rebuilt from the files that remain. */
export async function removeUserFile(id: string | null): Promise<void> {
  const db = await getBrowserEngine();
  if (id === null) await clearImports();
  else await deleteImport(id);
  if (id !== null) replayFailures.delete(id);
  else replayFailures.clear();
  await clearUserData(db);
  const rest = await listImports();
  for (const rec of rest) await replay(db, rec).catch((e: unknown) => replayFailures.set(rec.id, e instanceof Error ? e.message : String(e)));
  if (!rest.length) storeSource('demo');
  await useSource(db, currentSource(rest.length > 0));
  dataVersion.bump();
}

export { listImports };
