// Risk group (docs/METRICS.md §4): schools not on the ШНОР list in a year whose share of «2» shows negative
// dynamics, or that are in the region's bottom quartile on two or more key indicators.
import type { Engine } from '../db/engine';
import { partRows, SqlBuilder } from '../sql';
import { areaWhere, DEFAULT_LIST, type Filter } from '../filters';
import { MIN_PARTICIPANTS_RANK, perSchoolSql } from './results';
import { ACTIVE_IN } from './lists';
import { derived } from '../data/derived';
import { publishedOnlyWhy, riskReasons, type PublishedOnlyWhy, type RiskFigures } from '../risk-text';

/** Key indicators: success (1 − share of «2») in these procedures and subjects, all grades together. */
export const KEY_INDICATORS = [
  { procedure: 'ВПР', subject: 'Русский язык' },
  { procedure: 'ВПР', subject: 'Математика' },
  { procedure: 'ОГЭ', subject: 'Русский язык' },
  { procedure: 'ОГЭ', subject: 'Математика' },
] as const;
export const BOTTOM_SHARE = 0.25;
export const MIN_BOTTOM_INDICATORS = 2;
/** The list a region or municipality publishes, compared with the computed group. */
export const PUBLISHED_RISK_LIST = 'группа_риска';
/** Procedures whose share of «2» is checked for negative dynamics. */
export const DYNAMICS_PROCEDURES = ['ВПР', 'ОГЭ'] as const;

export interface RiskRow {
  school_id: string;
  name: string;
  municipality: string;
  type: string;
  location: string;
  year: number;
  /** Null when no procedure had 10+ participants this year and the one before: the dynamics are not known. */
  negative_dynamics: boolean | null;
  /** Key indicators (of 4) on which the school is in the region's bottom quartile. */
  bottom_quartile: number;
  reasons: string;
  /** Whether the published risk list names the school that year. */
  on_risk_list: boolean;
}

/**
 * Per school and year with results (a row even without a reason: «Группа риска» asks it whether a published
 * school had results that year, a few row groups of a sorted file instead of the totals of every slice), the
 * figures of the two reasons: for each procedure of
 * DYNAMICS_PROCEDURES with negative dynamics its share of «2» and the rise (dyn_<i>_share_2, dyn_<i>_rise,
 * NULL otherwise; dyn_n of them), and for each key indicator in its region's bottom quartile (each region of a
 * country apart) its success
 * (low_<k>_success, NULL otherwise; low_n of them). dyn_known counts the procedures whose dynamics could be
 * judged (MIN_PARTICIPANTS_RANK+ in both years), ranked_n the key indicators the school is ranked on: a school
 * with too few of either is not «below the rule», its rule cannot be applied. The words are lib/risk-text.ts's.
 */
export function riskInputsSql(b: SqlBuilder): string {
  const minN = `${b.p(MIN_PARTICIPANTS_RANK)}::INTEGER`;
  const dyn = DYNAMICS_PROCEDURES.map(
    (p, i) =>
      `SELECT school_id, year, ${i} AS i, share_2, share_2_rise, negative_dynamics FROM ${perSchoolSql(b, { procedure: p })} WHERE dynamics_known`,
  ).join(' UNION ALL ');
  const keys = KEY_INDICATORS.map(
    (k, i) => `SELECT s.school_id, s.year, ${i} AS k, s.success,
        cume_dist() OVER (PARTITION BY d.region, s.year ORDER BY s.success) AS bottom
      FROM ${perSchoolSql(b, { procedure: k.procedure, subject: k.subject })} s JOIN school_dim d USING (school_id)
      WHERE s.participants >= ${minN} AND s.success IS NOT NULL`,
  ).join(' UNION ALL ');
  const dynCols = DYNAMICS_PROCEDURES.map(
    (_, i) =>
      `any_value(share_2) FILTER (WHERE i = ${i} AND negative_dynamics) AS dyn_${i}_share_2, any_value(share_2_rise) FILTER (WHERE i = ${i} AND negative_dynamics) AS dyn_${i}_rise`,
  );
  const low = `bottom <= ${b.p(BOTTOM_SHARE)}`;
  const lowCols = KEY_INDICATORS.map(
    (_, k) => `any_value(success) FILTER (WHERE k = ${k} AND ${low}) AS low_${k}_success`,
  );
  return `
     WITH seen AS (
       SELECT DISTINCT school_id, year FROM result_totals WHERE subject IS NULL AND grade IS NULL),
     dyn AS (
       SELECT school_id, year, count(*) FILTER (WHERE negative_dynamics)::INTEGER AS dyn_n,
         count(*)::INTEGER AS dyn_known, ${dynCols.join(', ')}
       FROM (${dyn}) GROUP BY school_id, year),
     low AS (
       SELECT school_id, year, count(*) FILTER (WHERE ${low})::INTEGER AS low_n, count(*)::INTEGER AS ranked_n,
         ${lowCols.join(', ')}
       FROM (${keys}) GROUP BY school_id, year)
     SELECT school_id, year, coalesce(dyn.dyn_n, 0)::INTEGER AS dyn_n, coalesce(dyn.dyn_known, 0)::INTEGER AS dyn_known,
       dyn.* EXCLUDE (school_id, year, dyn_n, dyn_known),
       coalesce(low.low_n, 0)::INTEGER AS low_n, coalesce(low.ranked_n, 0)::INTEGER AS ranked_n,
       low.* EXCLUDE (school_id, year, low_n, ranked_n)
     FROM seen LEFT JOIN dyn USING (school_id, year) LEFT JOIN low USING (school_id, year)`;
}

/** The latest year with results, from the small eager table of result slices (not the result rows). */
const LATEST_RESULTS_YEAR = '(SELECT max(year)::INTEGER FROM result_slices)';

const riskInputs = (db: Engine) => derived(db, 'risk_inputs').then(() => 'risk_inputs');

/** The columns of risk_inputs `i` that the reasons are worded from. */
const REASON_FIGURES = [
  ...DYNAMICS_PROCEDURES.flatMap((_, i) => [`i.dyn_${i}_share_2`, `i.dyn_${i}_rise`]),
  ...KEY_INDICATORS.map((_, k) => `i.low_${k}_success`),
].join(', ');

/** The computed group's rows for `f.year` (default: the latest year with results), as a SELECT over `table`. */
function computedSql(b: SqlBuilder, f: Filter, table: string): string {
  const year = f.year ? `${b.p(f.year)}::INTEGER` : LATEST_RESULTS_YEAR;
  const minBottom = b.p(MIN_BOTTOM_INDICATORS);
  const riskList = b.p(PUBLISHED_RISK_LIST);
  const mainList = b.p(DEFAULT_LIST);
  return `
     SELECT d.school_id, d.name, d.municipality, d.type, d.location, i.year,
       CASE WHEN i.dyn_n > 0 THEN TRUE WHEN i.dyn_known > 0 THEN FALSE END AS negative_dynamics,
       i.low_n AS bottom_quartile, ${REASON_FIGURES},
       EXISTS (SELECT 1 FROM list_membership m WHERE m.list = ${riskList} AND m.school_id = d.school_id AND m.year = i.year) AS on_risk_list
     FROM ${table} i JOIN school_dim d USING (school_id)
     WHERE i.year = ${year}
       AND (i.dyn_n > 0 OR i.low_n >= ${minBottom})
       AND ${ACTIVE_IN('d', 'i.year')}
       AND NOT EXISTS (SELECT 1 FROM list_membership m WHERE m.list = ${mainList} AND m.school_id = d.school_id AND m.year = i.year)
       AND ${areaWhere(b, f)}`;
}

/** The computed risk group for `f.year` (default: the latest year with results), with the reasons' figures. */
export const riskGroupSql = (b: SqlBuilder, f: Filter = {}, table = 'risk_inputs') =>
  `${computedSql(b, f, table)}\n     ORDER BY bottom_quartile DESC, negative_dynamics DESC, d.school_id`;

type RiskSqlRow = Omit<RiskRow, 'reasons'> & RiskFigures;
const withReasons = (r: RiskSqlRow): RiskRow => ({
  school_id: r.school_id,
  name: r.name,
  municipality: r.municipality,
  type: r.type,
  location: r.location,
  year: r.year,
  negative_dynamics: r.negative_dynamics,
  bottom_quartile: r.bottom_quartile,
  reasons: riskReasons(r),
  on_risk_list: r.on_risk_list,
});

/**
 * `f` with the latest year with results when it names none: bound as a value, the year filter lets DuckDB skip
 * the other years' row groups of a file read by URL (a subquery in its place read every year's).
 */
async function withLatestYear(db: Engine, f: Filter): Promise<Filter> {
  if (f.year) return f;
  const [{ year }] = await db.query<{ year: number | null }>(`SELECT ${LATEST_RESULTS_YEAR} AS year`);
  return year === null ? f : { ...f, year };
}

export async function riskGroup(db: Engine, f: Filter = {}): Promise<RiskRow[]> {
  const table = await riskInputs(db);
  f = await withLatestYear(db, f);
  const b = new SqlBuilder();
  const rows = await db.query<RiskSqlRow>(riskGroupSql(b, f, table), b.params);
  return rows.map(withReasons);
}

/**
 * One school against the rule in its own latest year with results (a closed school's last year, not the
 * region's): `year` null when the school has no results; `row` null when the rule does not name it that year.
 */
export async function schoolRisk(
  db: Engine,
  id: string,
): Promise<{ year: number | null; row: RiskRow | null }> {
  const table = await riskInputs(db);
  const b = new SqlBuilder();
  const [{ year }] = await db.query<{ year: number | null }>(
    `SELECT max(year)::INTEGER AS year FROM ${table} WHERE school_id = ${b.p(id)}`,
    b.params,
  );
  if (year === null) return { year, row: null };
  return { year, row: (await riskGroup(db, { school: id, year }))[0] ?? null };
}

export interface RiskComparison {
  year: number | null;
  /** Whether the published list has that year at all. */
  published: boolean;
  both: number;
  only_computed: number;
  only_published: number;
}

export interface PublishedOnlyRow {
  school_id: string;
  name: string;
  municipality: string;
  /** Why the rule leaves the school out. */
  why: string;
}

/** The published risk list of the year in the area. */
const PUBLISHED_SQL = (b: SqlBuilder, f: Filter, year: string, riskList: string) => `
  SELECT d.school_id, d.name, d.municipality FROM list_membership m JOIN school_dim d USING (school_id)
  WHERE m.list = ${riskList} AND m.year = ${year} AND ${areaWhere(b, f)}`;

/**
 * The computed group (as riskGroup) and its comparison with the published list of the same year (in both,
 * only computed, only published with the reason), in one statement: the group is evaluated once and a year
 * change is one round trip to DuckDB (without a year in `f`, the latest is read first). Rows of three parts
 * (`part`; the other parts' columns NULL).
 */
export async function riskWithComparison(
  db: Engine,
  f: Filter = {},
): Promise<{ rows: RiskRow[]; compared: { summary: RiskComparison; publishedOnly: PublishedOnlyRow[] } }> {
  const table = await riskInputs(db);
  f = await withLatestYear(db, f);
  const b = new SqlBuilder();
  const year = f.year ? `${b.p(f.year)}::INTEGER` : LATEST_RESULTS_YEAR;
  const riskList = b.p(PUBLISHED_RISK_LIST);
  const mainList = b.p(DEFAULT_LIST);
  const rows = await db.query<
    RiskSqlRow &
      RiskComparison &
      Omit<PublishedOnlyRow, 'why'> & { why: PublishedOnlyWhy; part: 'group' | 'published_only' | 'summary' }
  >(
    `WITH c AS MATERIALIZED (${computedSql(b, f, table)}), p AS (${PUBLISHED_SQL(b, f, year, riskList)})
     SELECT 'group' AS part, *, row_number() OVER (ORDER BY bottom_quartile DESC, negative_dynamics DESC, school_id) AS ord
     FROM c
     UNION ALL BY NAME
     SELECT 'published_only' AS part, p.school_id, p.name, p.municipality,
       CASE WHEN EXISTS (SELECT 1 FROM list_membership m WHERE m.list = ${mainList} AND m.school_id = p.school_id AND m.year = ${year}) THEN 'on_main_list'
            WHEN NOT EXISTS (SELECT 1 FROM ${table} r WHERE r.year = ${year} AND r.school_id = p.school_id) THEN 'no_results'
            ELSE (SELECT CASE WHEN r.dyn_known > 0 AND r.ranked_n >= ${b.p(MIN_BOTTOM_INDICATORS)} THEN 'below_rule'
                             WHEN r.ranked_n >= ${b.p(MIN_BOTTOM_INDICATORS)} THEN 'dynamics_unknown'
                             WHEN r.dyn_known > 0 THEN 'bottom_unknown' ELSE 'not_assessable' END
                  FROM ${table} r WHERE r.year = ${year} AND r.school_id = p.school_id) END AS why,
       row_number() OVER (ORDER BY p.municipality, p.name, p.school_id) AS ord
     FROM p WHERE p.school_id NOT IN (SELECT school_id FROM c)
     UNION ALL BY NAME
     SELECT 'summary' AS part, ${year} AS year,
       EXISTS (SELECT 1 FROM list_published WHERE list = ${riskList} AND year = ${year}) AS published,
       (SELECT count(*) FROM c WHERE school_id IN (SELECT school_id FROM p))::INTEGER AS both,
       (SELECT count(*) FROM c WHERE school_id NOT IN (SELECT school_id FROM p))::INTEGER AS only_computed,
       (SELECT count(*) FROM p WHERE school_id NOT IN (SELECT school_id FROM c))::INTEGER AS only_published,
       0 AS ord
     ORDER BY part, ord`,
    b.params,
  );
  const [summary] = partRows(rows, 'summary', [
    'year',
    'published',
    'both',
    'only_computed',
    'only_published',
  ]);
  return {
    rows: rows.filter((r) => r.part === 'group').map(withReasons),
    compared: {
      summary,
      publishedOnly: partRows(rows, 'published_only', ['school_id', 'name', 'municipality', 'why']).map(
        (r) => ({ ...r, why: publishedOnlyWhy(r.why) }),
      ),
    },
  };
}
