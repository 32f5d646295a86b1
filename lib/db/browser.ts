// DuckDB-wasm in a Web Worker, started once per tab, with the demo database and the user's own data.
// Only ever loaded with dynamic import() from effects.
import * as duckdb from '@duckdb/duckdb-wasm';
import { plainRow, serializer, type Engine, type SqlParam } from './engine';
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

  const serial = serializer();
  const engine: Engine = {
    query<T extends object>(sql: string, params: SqlParam[] = []) {
      return serial(async () => {
        const stmt = await conn.prepare(sql);
        try {
          const table = await stmt.query(...params);
          return table.toArray().map((r) => plainRow<T>(r.toJSON()));
        } finally {
          await stmt.close();
        }
      });
    },
    exec(sql: string) {
      return serial(async () => {
        await conn.query(sql);
      });
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
  };
  await engine.exec(`ATTACH 'demo.duckdb' AS demo (READ_ONLY)`);
  await ensureUserSchema(engine);
  const stored = await listImports().catch(() => [] as StoredImport[]);
  for (const rec of stored) await replay(engine, rec);
  await useSource(engine, currentSource(stored.length > 0));
  performance.measure('duckdb:load', { start: t1, end: performance.now() });
  return engine;
}

async function replay(db: Engine, rec: StoredImport) {
  const file = await db.registerFile(`import-${rec.id}.csv`, new Uint8Array(await rec.csv.arrayBuffer()));
  await importCanonical(db, rec.table, file, rec.mode);
}

let engine: Promise<Engine> | null = null;

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
  return s === 'demo' || s === 'mine' || s === 'both' ? s : hasOwnData ? 'both' : 'demo';
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
  // Show what was just imported: own data joins the demo unless only own data is shown already.
  const before = storedSource();
  const source: DataSource = before === 'mine' ? 'mine' : 'both';
  storeSource(source);
  await useSource(db, source);
  dataVersion.bump();
  return { ...outcome, switchedToBoth: before !== 'both' && before !== 'mine' };
}

/** Removes one imported file: the user's tables are rebuilt from the files that remain. */
export async function removeUserFile(id: string | null): Promise<void> {
  const db = await getBrowserEngine();
  if (id === null) await clearImports();
  else await deleteImport(id);
  await clearUserData(db);
  const rest = await listImports();
  for (const rec of rest) await replay(db, rec);
  await useSource(db, currentSource(rest.length > 0));
  dataVersion.bump();
}

export { listImports };
export type { StoredImport };
