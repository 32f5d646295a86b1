// Prepared answers: the rows of exact statements (SQL text and parameters) that pages run in their default
// states, computed at build time by native DuckDB over the demo file (scripts/build-answers.ts) and stamped
// with the file's manifest. An engine wrapper answers those statements from them and passes every other
// statement to the real engine (lib/data/tab-answers.ts decides when a tab may use them).
import type { Engine, SqlParam } from '../db/engine';
import { defersDerived, derived, MANIFEST } from './derived';
import { DEMO_ALIAS } from './load';
import { statementKey } from './answer-files';

/** What a page's answers file holds: the demo's stamp and rows by statement key. */
export interface AnswersFile {
  stamp: string;
  answers: Record<string, object[]>;
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
