// Imported files kept in the browser (IndexedDB): the validated canonical CSV of each, replayed in order on
// the next visit. A record is written only after its import committed, so a tab closed mid-import leaves
// the stored data as it was before.
import type { TableName } from '../schema';
import type { ImportMode } from '../db/user-data';

export interface StoredImport {
  id: string;
  fileName: string;
  table: TableName;
  mode: ImportMode;
  rows: number;
  years: number[];
  procedures: string[];
  importedAt: string;
  csv: Blob;
}

const DB_NAME = 'shnor-dinamika';
const STORE = 'imports';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const req = work(t.objectStore(STORE));
    t.oncomplete = () => {
      db.close();
      resolve(req ? req.result : undefined);
    };
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

export async function listImports(): Promise<StoredImport[]> {
  const all = ((await tx('readonly', (s) => s.getAll())) ?? []) as StoredImport[];
  return all.sort((a, b) => a.importedAt.localeCompare(b.importedAt) || a.id.localeCompare(b.id));
}
export const saveImport = (rec: StoredImport) => tx('readwrite', (s) => s.put(rec)).then(() => undefined);
export const deleteImport = (id: string) => tx('readwrite', (s) => s.delete(id)).then(() => undefined);
export const clearImports = () => tx('readwrite', (s) => s.clear()).then(() => undefined);

const SOURCE_KEY = 'shnor-dinamika:source';
export const storedSource = (): string | null => (typeof localStorage === 'undefined' ? null : localStorage.getItem(SOURCE_KEY));
export const storeSource = (s: string) => localStorage.setItem(SOURCE_KEY, s);
