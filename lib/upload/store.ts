// Imported files kept in the browser (IndexedDB). One import is one record, written in one IndexedDB
// transaction after the database committed it: its rows (Arrow IPC, gzip), the keys of its refused rows and
// the schools it added. A tab killed before the write leaves nothing; after it, the whole import.
import type { TableName } from '../schema';
import type { ImportMode } from '../db/user-data';

/** The `table` of a record that holds a prepared data file (`cli prepare`) rather than one table's rows. */
export const PREPARED = 'prepared';

export interface StoredImport {
  id: string;
  fileName: string;
  table: TableName | typeof PREPARED;
  mode: ImportMode;
  rows: number;
  years: number[];
  procedures: string[];
  importedAt: string;
  /** The imported rows as a gzip-compressed Arrow IPC stream (what DuckDB-wasm loads without parsing). */
  arrow?: Blob;
  /** Canonical CSV of the refused rows' keys (see importCanonical). */
  refused?: Blob;
  /** Canonical CSV of the schools this import added. */
  newSchools?: Blob;
  /** Records written before Arrow storage: the validated canonical CSV. */
  csv?: Blob;
  /** A prepared data file as uploaded (its own manifest and derived tables). */
  file?: Blob;
}

/**
 * The stored derived tables of own data, built once after an import: each table (and the manifest) as
 * gzip-compressed Arrow IPC streams (a large table in parts, in order, under the same name), with the key of
 * the imports they were built from.
 */
export interface StoredDerived {
  id: 'own';
  key: string;
  builtAt: string;
  tables: { name: string; arrow: Blob }[];
}

/**
 * Own data's prepared answers for one page state (lib/data/tab-answers.ts): the rows of the statements the
 * view runs, by statement key, recorded in the tab from the data the imports named by `key` make, by the
 * build `stamp` names. Kept beside the derived tables (one record per page file) and dropped with them.
 */
export interface StoredAnswers {
  id: string;
  key: string;
  stamp: string;
  answers: Record<string, object[]>;
}
const answersRange = () => IDBKeyRange.bound('answers:', 'answers:\uffff');
const answersId = (file: string) => `answers:${file}`;

const DB_NAME = 'shnor-dinamika';
const STORE = 'imports';
const DERIVED = 'derived';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 2);
    req.onupgradeneeded = () => {
      for (const name of [STORE, DERIVED])
        if (!req.result.objectStoreNames.contains(name))
          req.result.createObjectStore(name, { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(
  mode: IDBTransactionMode,
  work: (s: IDBObjectStore) => IDBRequest<T>,
  store = STORE,
): Promise<T> {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(store, mode, { durability: 'strict' });
    const req = work(t.objectStore(store));
    t.oncomplete = () => {
      db.close();
      resolve(req.result);
    };
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('Запись в хранилище браузера прервана'));
  });
}

export async function listImports(): Promise<StoredImport[]> {
  const all = (await tx('readonly', (s) => s.getAll())) as StoredImport[];
  return all.sort((a, b) => a.importedAt.localeCompare(b.importedAt) || a.id.localeCompare(b.id));
}
export const saveImport = (rec: StoredImport) => tx('readwrite', (s) => s.put(rec)).then(() => storeCount(1));
/** A record in place of every stored import, in one transaction: all of them or none change. */
export const saveImportReplacingAll = (rec: StoredImport) =>
  tx('readwrite', (s) => {
    s.clear();
    return s.put(rec);
  }).then(() => storeCount(1));
export const deleteImport = (id: string) => tx('readwrite', (s) => s.delete(id)).then(() => storeCount(0));
export const clearImports = () =>
  tx('readwrite', (s) => s.clear())
    .then(() => tx('readwrite', (s) => s.clear(), DERIVED))
    .then(() => storeCount(0));

/** The stored derived tables of own data (null when none; unreadable reads as none: they are rebuilt). */
export const readDerived = (): Promise<StoredDerived | null> =>
  tx('readonly', (s) => s.get('own'), DERIVED).then(
    (r) => (r as StoredDerived | undefined) ?? null,
    () => null,
  );
export const saveDerived = (rec: StoredDerived) => tx('readwrite', (s) => s.put(rec), DERIVED);
/** The stored derived tables and answers dropped: a cache of the imports, made again from them. */
export const deleteDerived = () =>
  tx(
    'readwrite',
    (s) => {
      s.delete(answersRange());
      return s.delete('own');
    },
    DERIVED,
  );
/** Own data's stored answers of a page file (null when none or unreadable). */
export const readOwnAnswers = (file: string): Promise<StoredAnswers | null> =>
  tx('readonly', (s) => s.get(answersId(file)), DERIVED).then(
    (r) => (r as StoredAnswers | undefined) ?? null,
    () => null,
  );
/** Own data's answers, by page file, in place of any stored before (one transaction). */
export const saveOwnAnswers = (key: string, stamp: string, pages: Record<string, Record<string, object[]>>) =>
  tx(
    'readwrite',
    (s) => {
      s.delete(answersRange());
      for (const [file, answers] of Object.entries(pages))
        s.put({ id: answersId(file), key, stamp, answers } satisfies StoredAnswers);
      // The transaction's completion is what counts.
      return s.count();
    },
    DERIVED,
  );

const SOURCE_KEY = 'shnor-dinamika:source';
export const storedSource = (): string | null =>
  typeof localStorage === 'undefined' ? null : localStorage.getItem(SOURCE_KEY);
export const storeSource = (s: string) => localStorage.setItem(SOURCE_KEY, s);

// Whether this browser should hold imports: set after a write, so that IndexedDB found empty or unreadable
// (site data cleared, storage evicted) is noticed and said, not shown as «nothing uploaded».
const HELD_KEY = 'shnor-dinamika:imports-held';
/** `add` 1 after a put; 0 after a delete: the exact number is re-read from IndexedDB. */
async function storeCount(add: number): Promise<void> {
  const n = add ? 1 : await tx('readonly', (s) => s.count());
  localStorage.setItem(HELD_KEY, n > 0 ? '1' : '0');
}
export const importsExpected = (): boolean =>
  typeof localStorage !== 'undefined' && localStorage.getItem(HELD_KEY) === '1';
export const forgetImportsExpected = () => localStorage.setItem(HELD_KEY, '0');

/** Asks the browser not to evict this site's storage (asked once own data is stored); true when granted. */
export async function requestPersistence(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  return (await navigator.storage.persisted()) || navigator.storage.persist();
}

export async function storageEstimate(): Promise<{
  usage: number;
  quota: number;
  persisted: boolean;
} | null> {
  if (!navigator.storage?.estimate) return null;
  const { usage = 0, quota = 0 } = await navigator.storage.estimate();
  return { usage, quota, persisted: (await navigator.storage.persisted?.()) ?? false };
}
