// Tables derived from the canonical ones, rebuilt whenever the data changes (attach, import), so that each
// view's queries read a few thousand prepared rows instead of recomputing windows over the raw tables.
import type { Engine } from './db/engine';
import { SCHOOL_DIM_SQL } from './filters';
import { LIST_MEMBERSHIP_SQL, LIST_OUTCOMES_SQL, LIST_PUBLISHED_SQL, LIST_RUNS_SQL, LIST_STREAKS_SQL } from './metrics/lists';

/** In dependency order. */
export const DERIVED_TABLES: [name: string, sql: string][] = [
  ['school_dim', SCHOOL_DIM_SQL],
  ['list_published', LIST_PUBLISHED_SQL],
  ['list_membership', LIST_MEMBERSHIP_SQL],
  ['list_streaks', LIST_STREAKS_SQL],
  ['list_outcomes', LIST_OUTCOMES_SQL],
  ['list_runs', LIST_RUNS_SQL],
];

const lazy = new WeakMap<Engine, Map<string, { key: string; ready: Promise<void> }>>();

export async function refreshDerived(db: Engine): Promise<void> {
  lazy.delete(db);
  for (const [name, sql] of DERIVED_TABLES) await db.exec(`CREATE OR REPLACE TABLE ${name} AS ${sql}`);
}

/**
 * A derived table built on first use (the heavier ones: objectivity flags, risk inputs) and kept until the
 * data changes or `key` (the settings it depends on) differs. Returns the table's name.
 */
export async function lazyDerived(db: Engine, name: string, key: string, build: () => Promise<unknown>): Promise<string> {
  let tables = lazy.get(db);
  if (!tables) {
    tables = new Map();
    lazy.set(db, tables);
  }
  let entry = tables.get(name);
  if (!entry || entry.key !== key) {
    entry = { key, ready: build().then(() => undefined) };
    tables.set(name, entry);
    entry.ready.catch(() => tables.delete(name));
  }
  await entry.ready;
  return name;
}
