// The one interface every metric runs on: DuckDB-wasm in the browser and in tests, native DuckDB in the CLI.

export type SqlParam = string | number | boolean | null;

export interface Engine {
  /** Runs one statement with positional parameters ($1, $2, …) bound, never spliced. */
  query<T extends object>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Runs one or more statements without parameters (DDL, ATTACH). */
  exec(sql: string): Promise<void>;
  /** Makes bytes readable by SQL (read_csv, ATTACH); returns the name to use in SQL text. */
  registerFile(name: string, data: Uint8Array | string): Promise<string>;
  /**
   * Runs `work` inside BEGIN … COMMIT (ROLLBACK on any error) with the connection to itself: no other
   * caller's statement runs in between.
   */
  transaction<R>(work: (tx: Engine) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

/** What each DuckDB build provides; `wrapEngine` adds the queue and transactions. */
export interface RawEngine {
  query<T extends object>(sql: string, params: SqlParam[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  registerFile(name: string, data: Uint8Array | string): Promise<string>;
  close(): Promise<void>;
}

/** Arrow/DuckDB values to plain JSON values: BIGINT counts become numbers, Arrow lists become arrays. */
export function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new Error(`Integer ${v} is too large for a JavaScript number`);
    }
    return Number(v);
  }
  if (v !== null && typeof v === 'object' && Symbol.iterator in v && !(v instanceof Uint8Array))
    return Array.from(v as Iterable<unknown>, plainValue);
  return v;
}

export function plainRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(row)) out[k] = plainValue(row[k]);
  return out as T;
}

/** A query as `npm run bench` records it (when the page sets `globalThis.__queryLog`), to replay on native DuckDB. */
export interface LoggedQuery {
  sql: string;
  params: SqlParam[];
  ms: number;
  /** Sent by `exec` (DDL, ATTACH): not replayed. */
  exec?: boolean;
}

const logged = async <T>(
  sql: string,
  params: SqlParam[],
  run: () => Promise<T>,
  exec?: boolean,
): Promise<T> => {
  const log = (globalThis as { __queryLog?: LoggedQuery[] }).__queryLog;
  if (!log) return run();
  const t0 = performance.now();
  const out = await run();
  log.push({ sql, params, ms: performance.now() - t0, ...(exec ? { exec } : {}) });
  return out;
};

/** One connection runs one statement, or one transaction, at a time: callers are queued (views use Promise.all). */
export function wrapEngine(raw: RawEngine): Engine {
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <R>(work: () => Promise<R>): Promise<R> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  const engine: Engine = {
    query: <T extends object>(sql: string, params: SqlParam[] = []) =>
      serial(() => logged(sql, params, () => raw.query<T>(sql, params))),
    exec: (sql: string) => serial(() => logged(sql, [], () => raw.exec(sql), true)),
    registerFile: (name, data) => raw.registerFile(name, data),
    transaction: <R>(work: (tx: Engine) => Promise<R>) =>
      serial(async () => {
        const tx: Engine = {
          query: <T extends object>(sql: string, params: SqlParam[] = []) => raw.query<T>(sql, params),
          exec: (sql: string) => raw.exec(sql),
          registerFile: raw.registerFile,
          transaction: () => Promise.reject(new Error('Nested transactions are not supported')),
          close: () => Promise.reject(new Error('Cannot close inside a transaction')),
        };
        await raw.exec('BEGIN TRANSACTION');
        try {
          const result = await work(tx);
          await raw.exec('COMMIT');
          return result;
        } catch (e) {
          await raw.exec('ROLLBACK');
          throw e;
        }
      }),
    close: () => serial(() => raw.close()),
  };
  return engine;
}
