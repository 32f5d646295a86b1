// Every table derived from the canonical ones, in one list: what it is built from, by which SQL (owned by
// the metric module named), and when. Eager tables are rebuilt whenever the data changes; lazy ones on first
// use. A prepared data file (`prepare`, the demo build) holds the `stored` ones, built natively, with a
// manifest; `lib/data/derived.ts` uses them from the file while the manifest matches.
import type { SqlParam } from '../db/engine';
import { SqlBuilder } from '../sql';
import type { TableName } from '../schema';
import { SCHOOL_DIM_SQL, TERRITORY_KNOWN_TABLE_SQL } from '../filters';
import {
  LIST_MEMBERSHIP_SQL,
  LIST_OUTCOMES_SQL,
  LIST_PUBLISHED_SQL,
  LIST_RUNS_SQL,
  LIST_STREAKS_SQL,
} from '../metrics/lists';
import { AREA_TOTALS_ORDER, AREA_TOTALS_SQL, RESULT_TOTALS_SQL } from '../metrics/result-totals';
import { RESULT_SLICES_SQL } from '../metrics/options';
import { JOURNAL_SHARES_SQL, OBJECTIVITY_INPUTS_SQL, vprOgePointsSql } from '../metrics/objectivity';
import * as objectivity from '../metrics/objectivity-tests';
import { BOTTOM_SHARE, riskInputsSql } from '../metrics/risk';
import { MIN_PARTICIPANTS_RANK } from '../metrics/results';

export interface DerivedTable {
  name: string;
  /** eager: built whenever the data changes; lazy: on first use, kept until the data changes. */
  when: 'eager' | 'lazy';
  /** A prepared file holds it: read by the views' queries and slow to build (steps towards others are not). */
  stored: boolean;
  /** Canonical and derived tables its SQL reads (a unit test checks this against the SQL text). */
  dependsOn: (TableName | string)[];
  /** The SELECT, and its bound parameters. A thunk, so that parameters are bound afresh. */
  sql: () => { text: string; params?: SqlParam[] };
  /**
   * How a prepared file stores it, so that DuckDB skips the rows a view does not read by the row groups'
   * statistics (zone maps) and a file read by URL fetches only the ranges it reads: per school-year tables a
   * year's rows in a few row groups and, within the year, the schools in code order (a region's schools
   * together where codes begin with the region's, as in the generated country).
   */
  order?: string;
  /** A view is recomputed by every reader (a step whose readers each take a part of it); default a table. */
  kind?: 'TABLE' | 'VIEW';
  /** Constants the SQL was built with, recorded in a prepared file's manifest. */
  settings?: Record<string, number | string>;
  /**
   * A step towards others (the CLI's evidence queries read some): dropped, while own data's tables are
   * built and stored, as soon as every table that reads it is built (3 M own rows ran DuckDB-wasm out of
   * memory while the objectivity steps were all kept).
   */
  step?: boolean;
}

const sql = (text: string) => () => ({ text });

const objectivitySettings = () => ({
  MIN_PAPER_PUPILS: objectivity.MIN_PAPER_PUPILS,
  MIN_SETTING_Z: objectivity.MIN_SETTING_Z,
  TAU_MIN_PUPILS: objectivity.TAU_MIN_PUPILS,
  PEAK_MIN_WINDOW: objectivity.PEAK_MIN_WINDOW,
  OWN_MIN_PUPILS: objectivity.OWN_MIN_PUPILS,
  PAPER_Z: objectivity.PAPER_Z,
  JOURNAL_CLASS_Z: objectivity.JOURNAL_CLASS_Z,
  JOURNAL_CONFIRM_Z: objectivity.JOURNAL_CONFIRM_Z,
  CHANGE_MIN_PUPILS: objectivity.CHANGE_MIN_PUPILS,
  CONFIRM_Z: objectivity.CONFIRM_Z,
  CLASS_Z: objectivity.CLASS_Z,
  COHORT_Z: objectivity.COHORT_Z,
  POOLED_YEARS: objectivity.POOLED_YEARS,
  SCALE_MIN_SCHOOLS: objectivity.SCALE_MIN_SCHOOLS,
  SCALE_AGREEMENT: objectivity.SCALE_AGREEMENT,
});

/** What each objectivity step reads. */
const OBJECTIVITY_INPUTS: Record<string, string[]> = {
  objectivity_subjects: ['results', 'vpr_journal', 'score_dist'],
  objectivity_scales: ['mark_scales', 'score_dist', 'results'],
  objectivity_windows: ['score_dist', 'objectivity_scales', 'results', 'school_dim'],
  objectivity_raw: ['results', 'vpr_journal', 'objectivity_windows', 'school_dim'],
  objectivity_own: ['objectivity_raw'],
  objectivity_tau: ['objectivity_raw', 'objectivity_own'],
  objectivity_tests: ['objectivity_raw', 'objectivity_own', 'objectivity_tau'],
  objectivity_school_tests: ['objectivity_raw'],
  objectivity_jump_context: ['objectivity_tests'],
  objectivity_candidates: [
    'objectivity_raw',
    'objectivity_own',
    'objectivity_tests',
    'objectivity_school_tests',
    'objectivity_jump_context',
    'objectivity_subjects',
  ],
};

let registry: DerivedTable[] | null = null;

/**
 * Every derived table, in dependency order. A function: the metric modules that own the SQL import the
 * functions that build these tables, so the list is made on first call, after every module has loaded.
 */
export function derivedTables(): DerivedTable[] {
  registry ??= [
    // lib/filters.ts: whether the data knows the territory, and every school any table names.
    {
      name: 'territory_known',
      when: 'eager',
      stored: true,
      dependsOn: ['schools', 'results'],
      sql: sql(TERRITORY_KNOWN_TABLE_SQL),
    },
    // lib/metrics/options.ts: what the results hold, for the filters.
    {
      name: 'result_slices',
      when: 'eager',
      stored: true,
      dependsOn: ['results'],
      sql: sql(RESULT_SLICES_SQL),
    },
    {
      name: 'school_dim',
      when: 'eager',
      stored: true,
      dependsOn: ['schools', 'lists', 'results', 'vpr_journal', 'score_dist'],
      sql: sql(SCHOOL_DIM_SQL),
    },
    // lib/metrics/lists.ts: the lists by year, streaks and outcomes.
    {
      name: 'list_published',
      when: 'eager',
      stored: true,
      dependsOn: ['lists'],
      sql: sql(LIST_PUBLISHED_SQL),
    },
    {
      name: 'list_membership',
      when: 'eager',
      stored: true,
      dependsOn: ['lists'],
      sql: sql(LIST_MEMBERSHIP_SQL),
    },
    {
      name: 'list_streaks',
      when: 'eager',
      stored: true,
      dependsOn: ['list_membership', 'list_published'],
      sql: sql(LIST_STREAKS_SQL),
    },
    {
      name: 'list_outcomes',
      when: 'eager',
      stored: true,
      dependsOn: ['list_streaks', 'school_dim', 'list_membership'],
      sql: sql(LIST_OUTCOMES_SQL),
    },
    { name: 'list_runs', when: 'eager', stored: true, dependsOn: ['list_outcomes'], sql: sql(LIST_RUNS_SQL) },
    // lib/metrics/result-totals.ts: the additive parts of every result indicator.
    {
      name: 'result_totals',
      when: 'lazy',
      stored: true,
      dependsOn: ['results'],
      sql: sql(RESULT_TOTALS_SQL),
    },
    {
      name: 'area_totals',
      when: 'lazy',
      stored: true,
      order: AREA_TOTALS_ORDER,
      dependsOn: ['results', 'school_dim'],
      sql: sql(AREA_TOTALS_SQL),
    },
    // lib/metrics/objectivity-tests.ts: the tests behind the objectivity signs, in its build order.
    ...objectivity.OBJECTIVITY_TABLES.map(
      (t): DerivedTable => ({
        name: t.name,
        kind: t.kind,
        when: 'lazy',
        stored: t.read ?? false,
        step: !t.read,
        ...(t.read ? { order: t.order ?? 'year, school_id' } : {}),
        dependsOn: OBJECTIVITY_INPUTS[t.name],
        sql: () => {
          const b = new SqlBuilder();
          return { text: t.sql(b), params: b.params };
        },
        settings: objectivitySettings(),
      }),
    ),
    // lib/metrics/objectivity.ts: which inputs each year has, scatter points and journal shares.
    {
      name: 'objectivity_inputs',
      when: 'lazy',
      stored: true,
      dependsOn: ['results', 'vpr_journal', 'score_dist', 'mark_scales', 'objectivity_scales'],
      sql: sql(OBJECTIVITY_INPUTS_SQL),
    },
    {
      name: 'vpr_oge_points',
      when: 'lazy',
      stored: true,
      order: 'year, school_id',
      dependsOn: ['results'],
      sql: () => {
        const b = new SqlBuilder();
        return { text: vprOgePointsSql(b), params: b.params };
      },
    },
    // Not stored: built in a few hundred ms, it would add more to the demo file (6 MB) than it saves.
    {
      name: 'journal_shares',
      when: 'lazy',
      stored: false,
      dependsOn: ['vpr_journal', 'results'],
      sql: sql(JOURNAL_SHARES_SQL),
    },
    // lib/metrics/risk.ts: per school and year, the reasons for the computed risk group.
    {
      name: 'risk_inputs',
      when: 'lazy',
      stored: true,
      order: 'year, school_id',
      dependsOn: ['result_totals', 'school_dim'],
      sql: () => {
        const b = new SqlBuilder();
        return { text: riskInputsSql(b), params: b.params };
      },
      settings: { BOTTOM_SHARE, MIN_PARTICIPANTS_RANK },
    },
  ];
  return registry;
}

export function derivedTable(name: string): DerivedTable {
  const t = derivedTables().find((d) => d.name === name);
  if (!t) throw new Error(`Unknown derived table ${name}`);
  return t;
}
