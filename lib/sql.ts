import type { SqlParam } from './db/engine';

/** Collects parameters while a query is written: `${b.p(value)}` puts `$n` in the text and the value aside. */
export class SqlBuilder {
  readonly params: SqlParam[] = [];
  p(value: SqlParam): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  /** A text list bound as one parameter, for `list_contains(…, column)`. */
  list(values: readonly string[]): string {
    return `string_split(${this.p(values.join(UNIT_SEPARATOR))}, chr(31))`;
  }
}

const UNIT_SEPARATOR = String.fromCharCode(31);

/**
 * A string constant of the code, or a file name registered with the engine, as an SQL literal: only where a
 * value cannot be bound (ATTACH, and the fixed SQL of derived tables and of an import's relations).
 */
export const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * The rows of one part of a statement that returns several (`SELECT 'a' AS part, … UNION ALL BY NAME SELECT
 * 'b' AS part, …`: one round trip to DuckDB instead of one per part), with that part's columns only.
 */
export function partRows<R extends { part: string }, K extends keyof R>(
  rows: R[],
  part: R['part'],
  keys: readonly K[],
): Pick<R, K>[] {
  return rows
    .filter((r) => r.part === part)
    .map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])) as Pick<R, K>);
}
