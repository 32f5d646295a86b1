// Prepared answers: the rows of exact statements (SQL text and parameters) that pages run in their default
// states, computed at build time by native DuckDB over the demo file (scripts/build-answers.ts) and stamped
// with the file's manifest. An engine wrapper answers those statements from them and passes every other
// statement to the real engine (lib/data/tab-answers.ts decides when a tab may use them).
import type { Engine, SqlParam } from '../db/engine';
import { defersDerived, derived, MANIFEST } from './derived';
import { DEMO_ALIAS } from './load';

/** What a page's answers file holds: the demo's stamp and rows by statement key. */
export interface AnswersFile {
  stamp: string;
  answers: Record<string, object[]>;
}

/** cyrb53 with a seed. */
function hash53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36).padStart(11, '0');
}

/** A statement's key: two seeded 53-bit hashes of its text and parameters, so that only the exact statement matches. */
export function statementKey(sql: string, params: SqlParam[] = []): string {
  const text = `${sql}\u0000${JSON.stringify(params)}`;
  return hash53(text, 1) + hash53(text, 2);
}

/**
 * The stamp of an attached prepared file: its whole manifest (schema version, each canonical table's
 * fingerprint, each derived table's definition and settings). Other data or another build of a derived
 * table gives another stamp.
 */
export async function dataStamp(db: Engine, alias = DEMO_ALIAS): Promise<string> {
  const rows = await db.query(
    `SELECT name, kind, schema_version, data_fingerprint, definition, settings, rows::VARCHAR AS rows FROM "${alias}".${MANIFEST} ORDER BY kind, name`,
  );
  return statementKey(JSON.stringify(rows));
}

/** A file's answers by key, or null when it was made from other data than `stamp` names. */
export const usableAnswers = (file: AnswersFile, stamp: string): Map<string, object[]> | null =>
  file.stamp === stamp && stamp ? new Map(Object.entries(file.answers)) : null;

/**
 * An engine that answers a statement from `answer` when it can and runs it on `real()` otherwise. The
 * derived tables its callers ask for are made on the real engine only before a statement that goes there.
 * `onRows` sees every statement the real engine answered (recording).
 */
export function answeringEngine(
  real: () => Promise<Engine>,
  answer: (key: string) => Promise<object[] | undefined> | object[] | undefined,
  onRows?: (key: string, rows: object[]) => void,
): Engine {
  const wanted = new Set<string>();
  const ready = async () => {
    const db = await real();
    if (wanted.size) await derived(db, ...wanted);
    return db;
  };
  const engine: Engine = {
    async query<T extends object>(sql: string, params: SqlParam[] = []) {
      const key = statementKey(sql, params);
      const known = await answer(key);
      if (known) return structuredClone(known) as T[];
      const rows = await (await ready()).query<T>(sql, params);
      onRows?.(key, rows);
      return rows;
    },
    exec: async (sql) => (await ready()).exec(sql),
    registerFile: async (name, data) => (await real()).registerFile(name, data),
    transaction: async (work) => (await ready()).transaction(work),
    close: async () => (await real()).close(),
  };
  defersDerived(engine, (names) => {
    for (const n of names) wanted.add(n);
  });
  return engine;
}

/** Runs `work` on a recording wrapper of `db`: the rows of every statement it ran, by key. */
export async function recordAnswers(
  db: Engine,
  work: (db: Engine) => Promise<unknown>,
): Promise<Record<string, object[]>> {
  const out: Record<string, object[]> = {};
  await work(
    answeringEngine(
      async () => db,
      () => undefined,
      (key, rows) => {
        out[key] = rows;
      },
    ),
  );
  return out;
}
