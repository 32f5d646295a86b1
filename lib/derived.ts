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

export async function refreshDerived(db: Engine): Promise<void> {
  for (const [name, sql] of DERIVED_TABLES) await db.exec(`CREATE OR REPLACE TABLE ${name} AS ${sql}`);
}
