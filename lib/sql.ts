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
