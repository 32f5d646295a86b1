// The tab's data: the demo database and the user's stored imports loaded into the browser's engine
// (lib/db/browser.ts), imports and removals, and the source switch. Only ever loaded with dynamic import()
// from effects.
import { startBrowserEngine, assetUrl, type BrowserEngine } from '../db/browser';
import { TABLES } from '../schema';
import {
  csvRelation,
  USER_SCHEMA,
  importCanonical,
  importInTransaction,
  replayArrowImport,
  clearUserData,
  ensureUserSchema,
  type DataSource,
  type ImportOutcome,
  type ImportSource,
} from '../db/user-data';
import {
  clearImports,
  deleteImport,
  forgetImportsExpected,
  importsExpected,
  listImports,
  requestPersistence,
  saveImport,
  storedSource,
  storeSource,
  type StoredImport,
} from '../upload/store';
import { announceChange, dataNotice, listenForOtherTabs } from '../upload/sync';
import { dataVersion } from '../db/data-version';
import { attachDemo, DEMO_ALIAS, pointViewsAt } from './load';
import { preparedFileProblem } from './derived';
import { duckdbFileProblem, HEADER_BYTES } from './duckdb-file';
import { sqlString } from '../sql';

// The performance.measure entry duckdb:load is read by `npm run bench`.
async function start(): Promise<BrowserEngine> {
  // The stored imports are read and decompressed while the engine starts.
  const stored = readStored();
  const national = new URLSearchParams(location.search).get('data') === 'national';
  // The demo's whole file in memory: works on any static host (no Range requests needed) and offline
  // afterwards. Downloaded while the engine starts; for the country only if its file cannot be opened.
  const fetchDemo = () =>
    fetch(assetUrl('/data/demo.duckdb')).then(async (response) => {
      if (!response.ok)
        throw new Error(`Не удалось загрузить демонстрационные данные (HTTP ${response.status})`);
      return new Uint8Array(await response.arrayBuffer());
    });
  const demo = national ? null : fetchDemo();
  demo?.catch(() => undefined); // awaited below, after the engine's start
  const db = await startBrowserEngine();
  const t1 = performance.now();
  if (national) {
    try {
      await attachByUrl(db, assetUrl(NATIONAL_PATH), NATIONAL_ALIAS);
      viewsAlias = NATIONAL_ALIAS;
    } catch (e) {
      dataNotice.set({ nationalFailed: `Данные страны не открыты: ${message(e)}. Показаны демо-данные.` });
    }
  }
  if (viewsAlias === DEMO_ALIAS) await attachDemo(db, await (demo ?? fetchDemo()));
  listenForOtherTabs();
  await loadStored(db, stored);
  performance.measure('duckdb:load', { start: t1, end: performance.now() });
  return db;
}

export const NATIONAL_PATH = '/data/national.duckdb';
const NATIONAL_ALIAS = 'national';
/** The attached database the canonical views show as «демо»: the demo, or the country when `?data=national` opened. */
let viewsAlias = DEMO_ALIAS;

/**
 * Attaches a prepared file read-only by URL: DuckDB reads the blocks a query needs with HTTP range
 * requests (its full reads are off: lib/db/browser.ts). A server that ignores `Range`, a file that is not
 * DuckDB's or is cut short (its header), and a file without a manifest of this schema are refused with a
 * Russian message, the engine left as it was.
 */
async function attachByUrl(db: BrowserEngine, url: string, alias: string): Promise<void> {
  const probe = await fetch(url, {
    headers: { Range: `bytes=0-${HEADER_BYTES - 1}` },
    cache: 'no-store',
  }).catch(() => null);
  if (!probe?.ok) {
    await probe?.body?.cancel();
    throw new Error(
      `файл ${url} недоступен${probe ? ` (HTTP ${probe.status})` : ''} — соберите его: npm run data:national`,
    );
  }
  if (probe.status !== 206) {
    await probe.body?.cancel();
    throw new Error(
      'сервер не поддерживает частичную загрузку (заголовок Range), а файл страны слишком велик, чтобы загружать его целиком; разместите сайт на сервере с поддержкой Range',
    );
  }
  // A foreign or truncated file is told apart by its header, before the engine reads it.
  const head = new Uint8Array(await probe.arrayBuffer());
  const size = Number(/\/(\d+)$/.exec(probe.headers.get('Content-Range') ?? '')?.[1] ?? head.length);
  const problem = duckdbFileProblem(head, size);
  if (problem) throw new Error(problem);
  // Registered under its URL: DuckDB-wasm checks an http path's existence with a HEAD request.
  await db.registerFileUrl(url, url);
  try {
    await db.exec(`ATTACH ${sqlString(url)} AS ${alias} (READ_ONLY)`);
  } catch (e) {
    await db.dropFile(url).catch(() => undefined);
    throw new Error(`файл не открывается как база данных DuckDB (${message(e)})`);
  }
  const unusable = await preparedFileProblem(db, alias);
  if (unusable) {
    await db.exec(`DETACH ${alias}`);
    await db.dropFile(url).catch(() => undefined);
    throw new Error(unusable);
  }
  await ensureUserSchema(db);
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());
const gzip = (b: BlobPart) =>
  new Response(new Blob([b]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
const gunzip = async (b: Blob) =>
  new Uint8Array(await new Response(b.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());

export const STORAGE_LOST =
  'Сохранённые данные этого браузера недоступны: загруженные ранее файлы не найдены или не читаются (возможно, очищены данные сайта или браузер освободил место). Показаны демо-данные. Загрузите свои файлы заново.';

type Readable = { rec: StoredImport; rows: Promise<Uint8Array> | null };

/** The stored imports, each with its rows being decompressed. */
async function readStored(): Promise<Readable[]> {
  const all = await listImports();
  return all.map((rec) => {
    const rows = rec.arrow ? gunzip(rec.arrow) : null;
    rows?.catch(() => undefined); // awaited by replay, which reports the failure
    return { rec, rows };
  });
}

/** The stored imports into the user's tables, in order; the demo when there are none (said aloud when some were expected). */
async function loadStored(db: BrowserEngine, reading: Promise<Readable[]> = readStored()): Promise<number> {
  let stored: Readable[] = [];
  let unreadable: string | null = null;
  try {
    stored = await reading;
  } catch (e) {
    unreadable = message(e);
  }
  let loaded = 0;
  for (const { rec, rows } of stored) {
    // A stored file that no longer imports must not lock the user out: it is skipped and listed.
    await replay(db, rec, rows).then(
      () => loaded++,
      (e: unknown) => replayFailures.set(rec.id, message(e)),
    );
  }
  if (importsExpected() && !loaded) {
    const reason = unreadable ?? replayFailures.values().next().value;
    dataNotice.set({ storageLost: reason ? `${STORAGE_LOST} (${reason})` : STORAGE_LOST });
    // Records that failed stay listed on the upload page, with the reason.
    if (!stored.length) forgetImportsExpected();
  }
  // «Мои данные» with nothing of one's own would show every view empty.
  if (!loaded && storedSource() !== null && storedSource() !== 'demo') storeSource('demo');
  const t = performance.now();
  await pointViewsAt(db, currentSource(loaded > 0), viewsAlias);
  performance.measure('replay:use-source', { start: t, end: performance.now() });
  return loaded;
}

/** Files registered for one import, as relations; dropped again once the import is done. */
async function registerSource(
  db: BrowserEngine,
  id: string,
  rec: { table: StoredImport['table']; csv?: Blob; refused?: Blob; newSchools?: Blob },
) {
  const names: string[] = [];
  const reg = async (name: string, blob: Blob) => {
    names.push(name);
    return db.registerFile(name, await bytesOf(blob));
  };
  const src: Omit<ImportSource, 'rows'> & { rows?: string } = {
    rows: rec.csv ? csvRelation(rec.table, await reg(`import-${id}.csv`, rec.csv)) : undefined,
    refused: rec.refused
      ? csvRelation(rec.table, await reg(`refused-${id}.csv`, rec.refused), true)
      : undefined,
    newSchools: rec.newSchools
      ? csvRelation('schools', await reg(`schools-${id}.csv`, rec.newSchools))
      : undefined,
  };
  const drop = async () => {
    for (const n of names) await db.dropFile(n).catch(() => undefined);
  };
  return { src, drop };
}

async function replay(db: BrowserEngine, rec: StoredImport, reading: Promise<Uint8Array> | null) {
  let t = performance.now();
  const lap = (name: string) => {
    const end = performance.now();
    performance.measure(`replay:${name}`, { start: t, end });
    t = end;
  };
  const { src, drop } = await registerSource(db, rec.id, rec);
  const rows = await reading;
  lap('read');
  try {
    if (rows) await replayArrowImport(db, rec.table, rows, src, rec.mode);
    else await importCanonical(db, rec.table, { ...src, rows: src.rows! }, rec.mode);
    lap('import');
  } finally {
    await drop();
  }
}

let engine: Promise<BrowserEngine> | null = null;
/** Stored imports that failed to replay on this visit, by id, with the reason. */
export const replayFailures = new Map<string, string>();

/** The tab's engine; the first call starts it. A failed start may be retried. */
export function getBrowserEngine(): Promise<BrowserEngine> {
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
  await pointViewsAt(db, source, viewsAlias);
  announceChange();
  dataVersion.bump();
}

export type ImportRequest = Omit<StoredImport, 'id' | 'importedAt' | 'arrow'> & { csv: Blob };
export type ImportPhase = 'importing' | 'storing';

/**
 * One import: its rows, the keys of its refused rows and the schools it adds go into the database in one
 * transaction, then into IndexedDB as one record; a failed write undoes the import in this tab too.
 * Shows own data if only demo was shown.
 */
export async function importUserFile(req: ImportRequest, onPhase: (p: ImportPhase) => void = () => {}) {
  const db = await getBrowserEngine();
  const id = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  onPhase('importing');
  const { src, drop } = await registerSource(db, id, req);
  let ipc: Uint8Array | null = null;
  let outcome: ImportOutcome;
  try {
    outcome = await db.transaction(async (tx) => {
      const out = await importInTransaction(tx, req.table, { ...src, rows: src.rows! }, req.mode);
      ipc = await db.queryArrow('SELECT * FROM incoming');
      await tx.exec('DROP TABLE incoming');
      return out;
    });
  } finally {
    await drop();
  }
  onPhase('storing');
  const { fileName, table, mode, rows, years, procedures, refused, newSchools } = req;
  try {
    await saveImport({
      fileName,
      table,
      mode,
      rows,
      years,
      procedures,
      refused,
      newSchools,
      id,
      importedAt: new Date().toISOString(),
      arrow: await gzip(ipc! as Uint8Array<ArrayBuffer>),
    });
  } catch (e) {
    await reloadStored(db);
    throw new Error(`не удалось сохранить данные в хранилище браузера (${message(e)}); импорт отменён`);
  }
  const persisted = await requestPersistence().catch(() => false);
  // Show what was just imported. Own data alone: mixed with the fictional demo region, published years,
  // ranks and shares would be computed over both.
  const before = storedSource();
  const source: DataSource = before === 'both' ? 'both' : 'mine';
  storeSource(source);
  await pointViewsAt(db, source, viewsAlias);
  dataNotice.set({ storageLost: null });
  announceChange();
  dataVersion.bump();
  return { ...outcome, switchedToMine: before !== source, persisted };
}

/** The user's tables rebuilt from what IndexedDB holds now (after a removal, or a change in another tab). */
async function reloadStored(db: BrowserEngine): Promise<void> {
  replayFailures.clear();
  await clearUserData(db);
  await loadStored(db);
}

/** Removes one imported file (null: all): the user's tables are rebuilt from the files that remain. */
export async function removeUserFile(id: string | null): Promise<void> {
  const db = await getBrowserEngine();
  if (id === null) await clearImports();
  else await deleteImport(id);
  await reloadStored(db);
  announceChange();
  dataVersion.bump();
}

/** Takes in what another tab stored: this tab's data as IndexedDB now holds it. */
export async function syncWithOtherTabs(): Promise<void> {
  const db = await getBrowserEngine();
  await reloadStored(db);
  dataNotice.set({ changedElsewhere: false });
  dataVersion.bump();
}

/** Rows of each of the user's tables in this tab's database. */
export async function userTableCounts(): Promise<Record<string, number>> {
  const db = await getBrowserEngine();
  const rows = await db.query<{ t: string; n: number }>(
    TABLES.map((t) => `SELECT '${t.name}' AS t, count(*)::INTEGER AS n FROM ${USER_SCHEMA}.${t.name}`).join(
      ' UNION ALL ',
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

export { listImports };
