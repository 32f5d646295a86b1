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
  deleteDerived,
  deleteImport,
  forgetImportsExpected,
  importsExpected,
  listImports,
  PREPARED,
  readDerived,
  requestPersistence,
  saveDerived,
  readOwnAnswers,
  saveOwnAnswers,
  saveImport,
  saveImportReplacingAll,
  storedSource,
  storeSource,
  type StoredDerived,
  type StoredImport,
} from '../upload/store';
import { announceChange, dataNotice, listenForOtherTabs } from '../upload/sync';
import { dataVersion } from '../db/data-version';
import { SqlBuilder, sqlString } from '../sql';
import type { TableName } from '../schema';
import type { Engine, SqlParam } from '../db/engine';
import { attachDemo, DEMO_ALIAS, pointViewsAt, type OwnData } from './load';
import {
  DataChanged,
  derivedOrigins,
  MANIFEST,
  newEngine,
  OWN_DERIVED,
  ownDerivedComplete,
  preparedFileProblem,
  storeOwnDerived,
} from './derived';
import { duckdbFileProblem, HEADER_BYTES } from './duckdb-file';
import { checkPreparedFile } from './prepared-check';
import { readsRows } from './reads-rows';
import { answersFileName } from './answer-files';
import { OWN_ANSWERS_STAMP } from './tab-answers';

// The performance.measure entry duckdb:load is read by `npm run bench`.
async function start(): Promise<BrowserEngine> {
  // The stored imports are read, and the demo fetched, while the engine starts.
  const stored = readStored();
  const derived = readDerivedTables();
  // The rows are decompressed now, unless the stored derived tables are to answer first (then they wait,
  // so that the engine's start and the first view have the CPU); the manifest in either case.
  Promise.all([stored, derived])
    .then(([recs, d]) => {
      for (const t of d?.tables ?? []) if (t.name === MANIFEST) t.ipc();
      if (d?.key !== recs.map((r) => r.rec.id).join(',')) for (const r of recs) r.rows?.();
    })
    .catch(() => undefined); // said by loadStored
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
  inner = await startBrowserEngine();
  const db = gated(inner);
  newEngine(db);
  viewsEngine = db;
  const t1 = performance.now();
  if (national) {
    try {
      await attachByUrl(db, assetUrl(NATIONAL_PATH), NATIONAL_ALIAS);
      viewsAlias = NATIONAL_ALIAS;
    } catch (e) {
      dataNotice.set({ nationalFailed: `Данные страны не открыты: ${message(e)}. Показаны демо-данные.` });
      // The views show the demo from now on: figures of the country answered in advance go at once.
      attached = 'demo';
      dataVersion.bump();
    }
  }
  if (viewsAlias === DEMO_ALIAS) await attachDemo(db, await (demo ?? fetchDemo()));
  attached = viewsAlias === NATIONAL_ALIAS ? 'national' : 'demo';
  listenForOtherTabs();
  await loadStored(db, stored, derived);
  performance.measure('duckdb:load', { start: t1, end: performance.now() });
  return db;
}

export const NATIONAL_PATH = '/data/national.duckdb';
const NATIONAL_ALIAS = 'national';
/** The attached database the canonical views show as «демо»: the demo, or the country when `?data=national` opened. */
let viewsAlias = DEMO_ALIAS;
/** The file the engine shows in the views: null while it starts; the demo once the country's could not be opened. */
let attached: 'demo' | 'national' | null = null;
export const attachedData = () => attached;

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
      'сервер не поддерживает частичную загрузку (заголовок Range), а файл страны слишком велик, ' +
        'чтобы загружать его целиком; разместите сайт на сервере с поддержкой Range',
    );
  }
  // A foreign or truncated file is told apart by its header, before the engine reads it.
  const head = new Uint8Array(await probe.arrayBuffer());
  const size = Number(/\/(\d+)$/.exec(probe.headers.get('Content-Range') ?? '')?.[1] ?? head.length);
  const problem = duckdbFileProblem(head, size);
  if (problem) throw new Error(problem);
  // Registered under its URL: DuckDB-wasm checks an http path's existence with a HEAD request.
  await db.registerFileUrl(url, url);
  // DuckDB looks for a write-ahead log beside the file even read-only: an empty one in memory answers it, where
  // the server's 404 would be an error in the console of every page.
  await db.registerFile(`${url}.wal`, new Uint8Array(0));
  try {
    await db.exec(`ATTACH ${sqlString(url)} AS ${alias} (READ_ONLY)`);
  } catch (e) {
    await db.dropFile(url).catch(() => undefined);
    await db.dropFile(`${url}.wal`).catch(() => undefined);
    throw new Error(`файл не открывается как база данных DuckDB (${message(e)})`);
  }
  const unusable = await preparedFileProblem(db, alias);
  if (unusable) {
    await db.exec(`DETACH ${alias}`);
    await db.dropFile(url).catch(() => undefined);
    await db.dropFile(`${url}.wal`).catch(() => undefined);
    throw new Error(unusable);
  }
  await ensureUserSchema(db);
}

/** The engine without the wait for rows: what inserts them (and own data's stored derived tables). */
let inner: BrowserEngine;
/** The engine with the wait (`gated`): what the views and imports use. */
let viewsEngine: BrowserEngine;
/** Rows of the stored imports still to be inserted after the first figures (null: all are in). */
let rowsPending: Promise<void> | null = null;
/** Statements running now (not those waiting for rowsPending). */
let running = 0;
/** The bench and the tests read the marks rows-deferred and rows-wait (what waited for the rows). */
async function counted<R>(wait: boolean, work: () => Promise<R>, sql = ''): Promise<R> {
  if (wait && rowsPending) {
    performance.mark('rows-wait', { detail: sql.slice(0, 300) });
    await rowsPending;
  }
  running++;
  try {
    return await work();
  } finally {
    running--;
  }
}

/**
 * The engine the views and imports use: while the stored rows are still being inserted, a statement that
 * reads a canonical table (lib/data/reads-rows.ts; or a transaction) waits for them, so that nothing reads
 * them half in. Only while they are pending: the check costs nothing afterwards.
 */
function gated(db: BrowserEngine): BrowserEngine {
  return {
    ...db,
    query: <T extends object>(sql: string, params?: SqlParam[]) =>
      counted(rowsPending !== null && readsRows(sql), () => db.query<T>(sql, params), sql),
    exec: (sql: string) => counted(rowsPending !== null && readsRows(sql), () => db.exec(sql), sql),
    transaction: <R>(work: (tx: Engine) => Promise<R>) => counted(true, () => db.transaction(work)),
    insertArrow: (ipc, target) => counted(false, () => db.insertArrow(ipc, target)),
    queryArrow: (sql, params) =>
      counted(rowsPending !== null && readsRows(sql), () => db.queryArrow(sql, params), sql),
  };
}

/**
 * The stored rows into the user's tables once the first view's queries are done (its figures come from the
 * stored derived tables). A failure is taken over by `loadCompletely`.
 */
async function insertLater(db: BrowserEngine, stored: Readable[]): Promise<void> {
  // A test holds the insert back (`shnorInsertAfterMs`) so that it ends after other work began.
  const hold = (globalThis as { shnorInsertAfterMs?: number }).shnorInsertAfterMs;
  if (hold) await new Promise((resolve) => setTimeout(resolve, hold));
  // Quiet for 200 ms: the view's first queries have run (at most 10 s of waiting).
  for (let quiet = 0, waited = 0; quiet < 200 && waited < 10_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    quiet = running ? 0 : quiet + 50;
  }
  const t = performance.now();
  for (const { rec, rows } of stored) await replay(db, rec, rows?.() ?? null);
  performance.measure('replay:rows', { start: t, end: performance.now() });
}

/**
 * The deferred insert failed (a stored record whose rows no longer insert): else every statement that reads
 * rows would fail, on every visit. The stored derived tables are only a cache: they are dropped from
 * IndexedDB, and the stored imports loaded again the complete way, as without them (a record that fails
 * there is skipped and named). The rows go in while the statements that read them still wait (so on the
 * engine without the wait); then the views are pointed at them on the engine the views use (the derived
 * tables' state is kept per engine) and ask again.
 */
async function loadCompletely(failure: unknown, pending: () => Promise<void> | null): Promise<void> {
  performance.mark('rows-deferred-failed', { detail: message(failure) });
  // Answers being recorded are not kept, and the run is let go, not waited for: its statements wait for
  // the rows, which wait for this.
  if (building) {
    building.stopped = true;
    building = null;
  }
  let load: Loaded;
  try {
    // A delete IndexedDB refuses must not stop the complete load; the next visit then tries the cache again.
    await deleteDerived().catch(() => undefined);
    replayFailures.clear();
    await clearUserData(inner);
    // Read again: the rows inserted before the failure were handed to the engine's worker (buffers gone).
    load = await loadRecords(inner, readStored());
  } catch (e) {
    // Said by every statement that waits for the rows; the next visit loads the complete way.
    throw new Error(`сохранённые данные не загрузились (${message(e)}); обновите страницу`);
  }
  if (rowsPending === pending()) rowsPending = null;
  await showLoaded(viewsEngine, load, null, false, true);
  dataVersion.bump();
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());
const gzip = (b: BlobPart) =>
  new Response(new Blob([b]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
const gunzip = async (b: Blob) =>
  new Uint8Array(await new Response(b.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());

export const STORAGE_LOST =
  'Сохранённые данные этого браузера недоступны: загруженные ранее файлы не найдены или не читаются ' +
  '(возможно, очищены данные сайта или браузер освободил место). Показаны демо-данные. Загрузите свои файлы заново.';

/** A blob's decompressed bytes, decompressed on the first call. */
function unzipOnce(b: Blob): () => Promise<Uint8Array> {
  let bytes: Promise<Uint8Array> | null = null;
  return () => {
    if (!bytes) {
      bytes = gunzip(b);
      bytes.catch(() => undefined); // awaited by the caller, which reports the failure
    }
    return bytes;
  };
}

type Readable = { rec: StoredImport; rows: (() => Promise<Uint8Array>) | null };

/** The stored imports, each with its rows (decompressed on first use). */
async function readStored(): Promise<Readable[]> {
  const all = await listImports();
  return all.map((rec) => ({ rec, rows: rec.arrow ? unzipOnce(rec.arrow) : null }));
}

type ReadableDerived = { key: string; tables: { name: string; ipc: () => Promise<Uint8Array> }[] } | null;

/** Own data's stored derived tables (decompressed on first use; unused unless their key matches). */
async function readDerivedTables(): Promise<ReadableDerived> {
  const rec = await readDerived();
  if (!rec) return null;
  return { key: rec.key, tables: rec.tables.map((t) => ({ name: t.name, ipc: unzipOnce(t.arrow) })) };
}

/** Where own data is and its key (the loaded records' ids, in order), as the views are pointed at it. */
let own: OwnData = {};
/** Ids of the records loaded into this tab, in order; whether one is a prepared file; whether any holds rows. */
let loadedIds: string[] = [];
let fileAttached = false;
let rowsLoaded = false;
const OWN_FILE = 'own_file';

/** Inserts one of own data's stored derived tables on its first use (set by loadDerived). */
let ownLoad: ((name: string) => Promise<void>) | undefined;

function ownData(): OwnData {
  return {
    load: ownLoad,
    sources: [...(fileAttached ? [OWN_FILE] : []), ...(rowsLoaded || !fileAttached ? [USER_SCHEMA] : [])],
    // A prepared file alone brings its own derived tables (its manifest); imported rows need theirs stored.
    key: rowsLoaded ? loadedIds.join(',') : undefined,
  };
}

/**
 * The stored imports into the user's tables, in order; the demo when there are none (said aloud when some
 * were expected). When own data alone is shown and its stored derived tables match every stored import, the
 * rows follow in the background (`insertLater`): the first views read the derived tables.
 */
async function loadStored(
  db: BrowserEngine,
  reading: Promise<Readable[]> = readStored(),
  derivedReading: Promise<ReadableDerived> = readDerivedTables(),
  afterChange = false,
): Promise<number> {
  const derivedRec = await derivedReading;
  const ids = (await reading.catch(() => [])).map((r) => r.rec.id).join(',');
  const later =
    !afterChange &&
    ids !== '' &&
    (await reading).every((r) => r.rec.table !== PREPARED) &&
    currentSource(true) === 'mine' &&
    derivedRec?.key === ids &&
    (await loadDerived(db, derivedRec, ids));
  const load = await loadRecords(db, reading, later);
  if (later) {
    performance.mark('rows-deferred');
    const pending: Promise<void> = insertLater(inner, load.stored).then(
      () => {
        if (rowsPending === pending) rowsPending = null;
      },
      (e: unknown) => loadCompletely(e, () => pending),
    );
    pending.catch(() => undefined); // said by the statements that wait for it
    rowsPending = pending;
  }
  return showLoaded(db, load, derivedRec, later, afterChange);
}

type Loaded = { stored: Readable[]; unreadable: string | null };

/**
 * The stored imports into the user's tables, in order (with `later`, only taken as loaded: their rows follow).
 * A stored file that no longer imports must not lock the user out: it is skipped and listed.
 */
async function loadRecords(db: BrowserEngine, reading: Promise<Readable[]>, later = false): Promise<Loaded> {
  let stored: Readable[] = [];
  let unreadable: string | null = null;
  try {
    stored = await reading;
  } catch (e) {
    unreadable = message(e);
  }
  loadedIds = [];
  fileAttached = false;
  rowsLoaded = false;
  if (later) {
    loadedIds = stored.map((r) => r.rec.id);
    rowsLoaded = true;
    return { stored, unreadable };
  }
  for (const { rec, rows } of stored) {
    const load = rec.table === PREPARED ? attachPrepared(db, rec) : replay(db, rec, rows?.() ?? null);
    await load.then(
      () => {
        loadedIds.push(rec.id);
        if (rec.table === PREPARED) fileAttached = true;
        else rowsLoaded = true;
      },
      (e: unknown) => replayFailures.set(rec.id, message(e)),
    );
  }
  return { stored, unreadable };
}

/** What loaded said (and the demo when nothing did), own data's derived tables, and the views pointed. */
async function showLoaded(
  db: BrowserEngine,
  { stored, unreadable }: Loaded,
  derivedRec: ReadableDerived,
  later: boolean,
  afterChange: boolean,
): Promise<number> {
  const loaded = loadedIds.length;
  const failed = stored.filter((r) => replayFailures.has(r.rec.id));
  dataNotice.set({ storedFailed: loaded && failed.length ? failedText(failed) : null });
  if (importsExpected() && !loaded) {
    const reason = unreadable ?? replayFailures.values().next().value;
    dataNotice.set({ storageLost: reason ? `${STORAGE_LOST} (${reason})` : STORAGE_LOST });
    // Records that failed stay listed on the upload page, with the reason.
    if (!stored.length) forgetImportsExpected();
  }
  // «Мои данные» with nothing of one's own would show every view empty.
  if (!loaded && storedSource() !== null && storedSource() !== 'demo') storeSource('demo');
  const t = performance.now();
  await stopBuilding();
  if (!later) {
    ownLoad = undefined;
    await loadDerived(db, derivedRec, ownData().key);
  }
  own = ownData();
  performance.measure('replay:derived', { start: t, end: performance.now() });
  await showSource(db, currentSource(loaded > 0), afterChange);
  performance.measure('replay:use-source', { start: t, end: performance.now() });
  return loaded;
}

/** Stored imports that did not load while others did: the views show the others, and say so. */
function failedText(failed: Readable[]): string {
  const named = failed.map((r) => `«${r.rec.fileName}» (${replayFailures.get(r.rec.id)})`).join(', ');
  return failed.length === 1
    ? `Сохранённый в браузере файл ${named} не загрузился: данные показаны без него. Удалите его в списке загруженных файлов и загрузите заново.`
    : `Сохранённые в браузере файлы не загрузились: ${named}. Данные показаны без них. Удалите их в списке загруженных файлов и загрузите заново.`;
}

/**
 * Own data's stored derived tables, when they were built from exactly the records `key` names (the
 * manifest's key then matches) by this code: the manifest into OWN_DERIVED, each table on its first use
 * (`ownLoad`); otherwise any earlier ones go. True when they are used.
 */
async function loadDerived(
  db: BrowserEngine,
  rec: ReadableDerived,
  key: string | undefined,
): Promise<boolean> {
  ownLoad = undefined;
  await db.exec(`DROP SCHEMA IF EXISTS ${OWN_DERIVED} CASCADE`);
  if (!rec || key === undefined || rec.key !== key) return false;
  // Stored in parts like any table.
  const manifest = rec.tables.filter((t) => t.name === MANIFEST);
  try {
    if (!manifest.length) throw new Error('no manifest');
    await db.exec(`CREATE SCHEMA ${OWN_DERIVED}`);
    for (const [i, part] of manifest.entries())
      await db.insertArrow(await part.ipc(), { name: MANIFEST, schema: OWN_DERIVED, create: i === 0 });
    if (!(await ownDerivedComplete(db, key))) throw new Error('built by other code');
  } catch {
    // Unreadable or outdated: built again (and stored again).
    await db.exec(`DROP SCHEMA IF EXISTS ${OWN_DERIVED} CASCADE`);
    return false;
  }
  const inserted = new Map<string, Promise<void>>();
  const load = (name: string) => {
    let done = inserted.get(name);
    if (!done) {
      const parts = rec.tables.filter((x) => x.name === name);
      done = (async () => {
        if (!parts.length || ownLoad !== load) throw new Error(`${name}: not stored`);
        const t0 = performance.now();
        const ipcs = await Promise.all(parts.map((p) => p.ipc()));
        // In a transaction: queued with the other statements, and all or nothing; not waiting for the rows.
        await counted(false, () =>
          inner.transaction(async () => {
            for (const [i, ipc] of ipcs.entries())
              await inner.insertArrow(ipc, { name, schema: OWN_DERIVED, create: i === 0 });
          }),
        );
        performance.measure('replay:derived-table', { start: t0, end: performance.now(), detail: name });
      })();
      inserted.set(name, done);
    }
    return done;
  };
  ownLoad = load;
  return true;
}

/** Times the views were pointed at data (answers recorded across a change are not kept). */
let shown = 0;

/**
 * Points the views at `source`; own data alone whose derived tables were not stored gets them stored. The
 * mark derived-origins says where each eager table came from (the tests and the bench read it).
 */
async function showSource(db: BrowserEngine, source: DataSource, afterChange = false) {
  shown++;
  await pointViewsAt(db, source, { demoAlias: viewsAlias, own });
  const origins = await derivedOrigins(db);
  performance.mark('derived-origins', { detail: origins });
  // On a page load the view's own queries go first.
  if (source !== 'mine' || own.key === undefined) return;
  if (origins.school_dim !== OWN_DERIVED) storeDerivedLater(db, own.key, afterChange ? 0 : 3000);
  else if (!(await ownAnswersStored(own.key))) storeDerivedLater(db, own.key, 3000, true);
}

/** Whether the views' answers of the data `key` names were stored by this build (tables stored by an earlier one may have none). */
const ownAnswersStored = (key: string) =>
  readOwnAnswers(answersFileName('/', '')!).then((a) => a?.key === key && a.stamp === OWN_ANSWERS_STAMP);

/** Rows of a stored derived table per Arrow part (a test sets fewer in `shnorDerivedPartRows`). */
const partRows = () => (globalThis as { shnorDerivedPartRows?: number }).shnorDerivedPartRows ?? 500_000;

/** Whether own data's derived tables are being built and stored now (the upload page says so). */
export const derivedBuild = {
  running: false,
  listeners: new Set<() => void>(),
  set(running: boolean) {
    this.running = running;
    for (const fn of this.listeners) fn();
  },
};
/** The background build of own data's derived tables, if one runs; one at a time. */
let building: { stopped: boolean; done: Promise<void> } | null = null;

/** Stops the background build and waits for it: before the data changes or OWN_DERIVED is loaded. */
async function stopBuilding() {
  const run = building;
  if (!run) return;
  run.stopped = true;
  await run.done;
}

/**
 * In the background: builds own data's stored derived tables (the views need them anyway; they share the
 * builds), then keeps them in IndexedDB for the next visit, and the views' answers (`answersOnly`: the
 * answers alone, the tables having been read from IndexedDB). Dropped when the data changes meanwhile.
 */
function storeDerivedLater(db: BrowserEngine, key: string, delay: number, answersOnly = false) {
  const t0 = performance.now();
  const views = shown;
  const previous = building;
  if (previous) previous.stopped = true;
  const run = { stopped: false, done: Promise.resolve() };
  building = run;
  if (!answersOnly) derivedBuild.set(true);
  run.done = (async () => {
    await previous?.done;
    await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      if (run.stopped) return;
      if (answersOnly) {
        await storeAnswers(db, key, () => run.stopped || own.key !== key || shown !== views);
        return;
      }
      const manifest = await storeOwnDerived(db, () => run.stopped);
      const names = [...manifest.filter((r) => r.kind === 'derived').map((r) => r.name), MANIFEST];
      const tables: StoredDerived['tables'] = [];
      // In parts by row id: one Arrow result of result_totals for 3 M own rows (4.2 M rows) asked DuckDB-wasm
      // for a 1 GiB buffer it did not have.
      for (const name of names) {
        const [{ end }] = await db.query<{ end: number }>(
          `SELECT coalesce(max(rowid) + 1, 0)::DOUBLE AS end FROM ${OWN_DERIVED}.${name}`,
        );
        const part = partRows();
        for (let from = 0; from === 0 || from < end; from += part) {
          const ipc = await db.queryArrow(
            `SELECT * FROM ${OWN_DERIVED}.${name} WHERE rowid >= $1::BIGINT AND rowid < $2::BIGINT`,
            [from, from + part],
          );
          tables.push({ name, arrow: await gzip(ipc as Uint8Array<ArrayBuffer>) });
        }
      }
      // Same key, same data: the tables read above describe what this key names.
      if (run.stopped || own.key !== key) return;
      await saveDerived({ id: 'own', key, builtAt: new Date().toISOString(), tables });
      await storeAnswers(db, key, () => run.stopped || own.key !== key || shown !== views);
      performance.measure('own-derived:stored', { start: t0, end: performance.now() });
    } catch (e) {
      // Not stored: the next visit builds them again. The mark tells the bench to stop waiting.
      if (!(e instanceof DataChanged)) {
        performance.mark('own-derived:failed', { detail: message(e).split('\n')[0] });
        console.warn('Производные таблицы не сохранены:', e);
      }
    } finally {
      if (building === run) {
        building = null;
        if (!answersOnly) derivedBuild.set(false);
      }
    }
  })();
}

/**
 * The views' default states answered from what this tab computes (own data alone), kept for the next
 * visit's first figures; not kept when the data or the source changed meanwhile (`changed`).
 */
async function storeAnswers(db: BrowserEngine, key: string, changed: () => boolean) {
  if (currentSource(true) !== 'mine') return;
  const t = performance.now();
  try {
    // Loaded only now: the views' compositions would delay the engine's start on every page.
    const { recordOwnAnswers } = await import('./own-answers');
    const pages = await recordOwnAnswers(db, changed);
    if (!pages || changed()) return;
    await saveOwnAnswers(key, OWN_ANSWERS_STAMP, pages);
    performance.measure('own-answers:stored', { start: t, end: performance.now() });
  } catch (e) {
    // The next visit's first figures wait for the engine.
    if (!(e instanceof DataChanged)) console.warn('Ответы видов не сохранены:', e);
  }
}

/** A stored prepared file attached read-only as OWN_FILE, checked again. */
async function attachPrepared(db: BrowserEngine, rec: StoredImport) {
  await db.exec(`DETACH DATABASE IF EXISTS ${OWN_FILE}`);
  await attachChecked(db, OWN_FILE, `prepared-${rec.id}.duckdb`, rec.file!, rec.fileName);
}

/** Attaches a prepared file's bytes read-only under `alias` and checks it; on failure nothing stays attached. */
async function attachChecked(db: BrowserEngine, alias: string, name: string, file: Blob, fileName: string) {
  const registered = await db.registerFile(name, await bytesOf(file));
  try {
    await db.exec(`ATTACH ${sqlString(registered)} AS ${alias} (READ_ONLY)`);
  } catch (e) {
    await db.dropFile(registered).catch(() => undefined);
    throw new Error(
      `Файл «${fileName}» не принят: это не база данных DuckDB или файл обрезан (${message(e).split('\n')[0]})`,
    );
  }
  try {
    await checkPreparedFile(db, alias, fileName);
  } catch (e) {
    await db.exec(`DETACH DATABASE IF EXISTS ${alias}`);
    await db.dropFile(registered).catch(() => undefined);
    throw e;
  }
}

/** Files registered for one import, as relations; dropped again once the import is done. */
async function registerSource(
  db: BrowserEngine,
  id: string,
  rec: { table: TableName; csv?: Blob; refused?: Blob; newSchools?: Blob },
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
  const table = rec.table as TableName;
  let t = performance.now();
  const lap = (name: string) => {
    const end = performance.now();
    performance.measure(`replay:${name}`, { start: t, end });
    t = end;
  };
  const { src, drop } = await registerSource(db, rec.id, { ...rec, table });
  const rows = await reading;
  lap('read');
  try {
    if (rows) await replayArrowImport(db, table, rows, src, rec.mode);
    else await importCanonical(db, table, { ...src, rows: src.rows! }, rec.mode);
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
  await showSource(db, source);
  announceChange();
  dataVersion.bump();
}

export type ImportRequest = Omit<StoredImport, 'id' | 'importedAt' | 'arrow' | 'table' | 'file'> & {
  table: TableName;
  csv: Blob;
};
export type ImportPhase = 'importing' | 'storing';

/**
 * One import: its rows, the keys of its refused rows and the schools it adds go into the database in one
 * transaction, then into IndexedDB as one record; a failed write undoes the import in this tab too.
 * Shows own data if only demo was shown.
 */
export async function importUserFile(req: ImportRequest, onPhase: (p: ImportPhase) => void = () => {}) {
  const db = await getBrowserEngine();
  if (fileAttached)
    throw new Error(
      'свои данные сейчас — подготовленный файл: строки из CSV и Excel к нему не добавляются (совпадающие ' +
        'посчитались бы дважды). Удалите подготовленный файл в списке загруженных или соберите новый со всеми ' +
        'данными (cli prepare)',
    );
  const id = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  onPhase('importing');
  await stopBuilding();
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
  loadedIds.push(id);
  rowsLoaded = true;
  ownLoad = undefined;
  own = ownData();
  // The derived tables are built and stored after «Загружен» (showSource), in the background.
  await showSource(db, source, true);
  dataNotice.set({ storageLost: null });
  announceChange();
  dataVersion.bump();
  return { ...outcome, switchedToMine: before !== source, persisted };
}

/** The user's tables rebuilt from what IndexedDB holds now (after a removal, or a change in another tab). */
async function reloadStored(db: BrowserEngine): Promise<void> {
  await stopBuilding();
  replayFailures.clear();
  await clearUserData(db);
  await db.exec(`DETACH DATABASE IF EXISTS ${OWN_FILE}`);
  await loadStored(db, undefined, undefined, true);
}

/**
 * A prepared data file (`cli prepare`) as own data: checked (a foreign, truncated or outdated file is
 * refused with a Russian message and nothing changes), stored in IndexedDB in place of every earlier import,
 * then own data is loaded again with it. Shows own data if only demo was shown.
 */
export async function importPreparedFile(file: File): Promise<{ rows: number }> {
  const db = await getBrowserEngine();
  const id = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const check = 'own_file_check';
  await attachChecked(db, check, `check-${id}.duckdb`, file, file.name);
  let rows = 0;
  let years: number[] = [];
  try {
    [{ rows }] = await db.query<{ rows: number }>(`SELECT count(*)::INTEGER AS rows FROM ${check}.results`);
    years = (
      await db.query<{ y: number }>(`SELECT DISTINCT year::INTEGER AS y FROM ${check}.results ORDER BY y`)
    ).map((r) => r.y);
  } finally {
    await db.exec(`DETACH DATABASE IF EXISTS ${check}`);
    await db.dropFile(`check-${id}.duckdb`).catch(() => undefined);
  }
  try {
    // The file is the whole of own data (its own derived tables): rows imported before it would count twice.
    await saveImportReplacingAll({
      id,
      fileName: file.name,
      table: PREPARED,
      mode: 'replace-all',
      rows,
      years,
      procedures: [],
      importedAt: new Date().toISOString(),
      file,
    });
  } catch (e) {
    throw new Error(`не удалось сохранить файл в хранилище браузера (${message(e)})`);
  }
  await requestPersistence().catch(() => false);
  if (storedSource() !== 'both') storeSource('mine');
  await reloadStored(db);
  dataNotice.set({ storageLost: null });
  announceChange();
  dataVersion.bump();
  return { rows };
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
  const sources = own.sources ?? [USER_SCHEMA];
  const b = new SqlBuilder();
  const rows = await db.query<{ t: string; n: number }>(
    TABLES.flatMap((t) =>
      sources.map((s) => `SELECT ${b.p(t.name)} AS t, count(*)::INTEGER AS n FROM ${s}.${t.name}`),
    ).join(' UNION ALL '),
    b.params,
  );
  const out: Record<string, number> = {};
  for (const r of rows) out[r.t] = (out[r.t] ?? 0) + r.n;
  return out;
}

/** The imports the tab's own data was loaded from (undefined: none, or a prepared file alone). */
export const ownKey = () => own.key;

export { listImports };
