// The one interface every metric runs on: DuckDB-wasm in the browser and in tests, native DuckDB in the CLI.

export type SqlParam = string | number | boolean | null;

export interface Engine {
  /** Runs one statement with positional parameters ($1, $2, …) bound, never spliced. */
  query<T extends object>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Runs one or more statements without parameters (DDL, ATTACH). */
  exec(sql: string): Promise<void>;
  /** Makes bytes readable by SQL (read_csv, ATTACH); returns the name to use in SQL text. */
  registerFile(name: string, data: Uint8Array | string): Promise<string>;
  close(): Promise<void>;
}

/** Arrow/DuckDB values to plain JSON values: BIGINT counts become numbers. */
export function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new Error(`Integer ${v} is too large for a JavaScript number`);
    }
    return Number(v);
  }
  return v;
}

export function plainRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(row)) out[k] = plainValue(row[k]);
  return out as T;
}

/** One connection runs one statement at a time: queue callers (views use Promise.all). */
export function serializer(): <R>(work: () => Promise<R>) => Promise<R> {
  let tail: Promise<unknown> = Promise.resolve();
  return <R>(work: () => Promise<R>) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}
