// Result indicators (docs/METRICS.md §3): per school and per area, weighted by participants; benchmarks,
// percentile ranks, trends.
import type { Engine } from '../db/engine';
import { SqlBuilder } from '../sql';
import { AREAS_KNOWN_SQL, areaWhere, type Filter } from '../filters';
import { derived } from '../data/derived';
import { PARTS, RESULT_PARTS_SQL, type Part } from './result-totals';

export type IndicatorKey =
  | 'share_2'
  | 'quality'
  | 'success'
  | 'mean_mark'
  | 'mean_score'
  | 'share_below_min'
  | 'share_high';

export interface IndicatorDef {
  key: IndicatorKey;
  label: string;
  formula: string;
  procedures: string[];
  /** Whether a higher value is a better result. */
  higherIsBetter: boolean;
  /** Shares (0–1), shown as percentages. */
  share: boolean;
  /** Decimals a value is shown with when not a share (default 1): a mean mark moves by hundredths. */
  decimals?: number;
  /** The value from the totals of the additive parts (participant-weighted by construction). */
  sql: (total: Total) => string;
}

/** How a part's total is written where an indicator is computed. */
export type Total = (part: Part) => string;
/** Over rows `r` of part totals (result_totals, or per school), grouped again. */
export const OVER_TOTALS: Total = (part) => `sum(r.${part})`;
/** One row `r` of part totals. */
const IN_ROW: Total = (part) => `r.${part}`;

const marksShare = (t: Total, marks: string) => `${marks} / nullif(${t('p_marks')}, 0)`;
export const INDICATORS: IndicatorDef[] = [
  {
    key: 'share_2',
    label: 'Доля «2» (неуспеваемость)',
    formula: 'm2 / участники',
    procedures: ['ВПР', 'ОГЭ'],
    higherIsBetter: false,
    share: true,
    sql: (t) => marksShare(t, t('m2')),
  },
  {
    key: 'quality',
    label: 'Качество (доля «4» и «5»)',
    formula: '(m4 + m5) / участники',
    procedures: ['ВПР', 'ОГЭ'],
    higherIsBetter: true,
    share: true,
    sql: (t) => marksShare(t, `(${t('m4')} + ${t('m5')})`),
  },
  {
    key: 'success',
    label: 'Успеваемость',
    formula: '1 − доля «2»',
    procedures: ['ВПР', 'ОГЭ'],
    higherIsBetter: true,
    share: true,
    sql: (t) => `1 - ${marksShare(t, t('m2'))}`,
  },
  {
    key: 'mean_mark',
    label: 'Средняя отметка',
    formula: '(2·m2 + 3·m3 + 4·m4 + 5·m5) / участники',
    procedures: ['ВПР', 'ОГЭ'],
    higherIsBetter: true,
    share: false,
    decimals: 2,
    sql: (t) => marksShare(t, `(2 * ${t('m2')} + 3 * ${t('m3')} + 4 * ${t('m4')} + 5 * ${t('m5')})`),
  },
  {
    key: 'mean_score',
    label: 'Средний балл',
    formula: 'Σ(средний балл · участники) / Σ участники',
    procedures: ['ЕГЭ', 'ОГЭ', 'ВПР'],
    higherIsBetter: true,
    share: false,
    sql: (t) => `${t('score_sum')} / nullif(${t('p_score')}, 0)`,
  },
  {
    key: 'share_below_min',
    label: 'Доля не преодолевших минимальный порог',
    formula: 'не преодолели / участники',
    procedures: ['ЕГЭ', 'ОГЭ'],
    higherIsBetter: false,
    share: true,
    sql: (t) => `${t('below_min')} / nullif(${t('p_below')}, 0)`,
  },
  {
    key: 'share_high',
    label: 'Доля высокобалльников (80–100)',
    formula: 'набрали 80–100 / участники',
    procedures: ['ЕГЭ'],
    higherIsBetter: true,
    share: true,
    sql: (t) => `${t('high_80')} / nullif(${t('p_high')}, 0)`,
  },
];
export const INDICATOR_KEYS = INDICATORS.map((i) => i.key);
export const indicatorDef = (key: IndicatorKey) => INDICATORS.find((i) => i.key === key)!;

/** Fewer participants than this: shown greyed, never ranked (FIOKO: a group needs 10+). */
export const MIN_PARTICIPANTS_RANK = 10;
/** Trend needs at least this many years with data. */
export const MIN_TREND_YEARS = 3;
/** Level × change places a school with data in at least this many of the selected years. */
export const MIN_CHANGE_YEARS = 2;
/** A year-on-year rise of share_2 by this much (10 percentage points) is negative dynamics. */
export const NEGATIVE_DYNAMICS_RISE = 0.1;

const indicatorColumns = (t: Total, indent = '  ') =>
  INDICATORS.map((i) => `${i.sql(t)} AS ${i.key}`).join(`,\n${indent}`);

/** The slice of result_totals (or result rows) `r` for the procedure, subject, grade, years and year of `f`. */
function sliceWhere(b: SqlBuilder, f: Filter): string {
  // NULL stands for all subjects or grades; one SQL text for both, so a prepared statement serves either.
  const parts = [
    `r.procedure = ${b.p(f.procedure ?? 'ВПР')}`,
    `r.subject IS NOT DISTINCT FROM ${b.p(f.subject ?? null)}::VARCHAR`,
    `r.grade IS NOT DISTINCT FROM ${b.p(f.grade ?? null)}::INTEGER`,
  ];
  if (f.years) parts.push(`r.year BETWEEN ${b.p(f.years[0])}::INTEGER AND ${b.p(f.years[1])}::INTEGER`);
  if (f.year) parts.push(`r.year = ${b.p(f.year)}::INTEGER`);
  return parts.join(' AND ');
}

/** result_totals, built on first use after each data change (about 0.6 s for the demo region in wasm under Node). */
export const resultTotals = (db: Engine) => derived(db, 'result_totals');

/**
 * One row per school and year over the chosen procedure (and subject, grade, years): the parts' totals,
 * read from result_totals (`sql result_totals`). With a subject and a grade the result rows themselves are
 * summed (two data sources may both have a school's row).
 */
function schoolTotalsSql(b: SqlBuilder, f: Filter): string {
  const parts = Object.keys(PARTS) as Part[];
  if (!(f.subject && f.grade)) {
    return `(
        SELECT r.school_id, r.year, ${parts.map((k) => (k === 'participants' ? 'r.participants::INTEGER AS participants' : `r.${k}`)).join(', ')}
        FROM result_totals r
        WHERE ${sliceWhere(b, f)})`;
  }
  const totals = parts
    .map((k) => `${OVER_TOTALS(k)}${k === 'participants' ? '::INTEGER' : ''} AS ${k}`)
    .join(', ');
  return `(
        SELECT r.school_id, r.year, ${totals}
        FROM ${RESULT_PARTS_SQL} r
        WHERE ${sliceWhere(b, f)}
        GROUP BY r.school_id, r.year)`;
}

export type Indicators = Record<IndicatorKey, number | null>;

export interface SchoolIndicatorRow extends Indicators {
  school_id: string;
  year: number;
  participants: number;
  /** Percentile (0–100) of each indicator among the region's schools with ≥ 10 participants that year. */
  pct_share_2: number | null;
  pct_quality: number | null;
  pct_mean_mark: number | null;
  pct_mean_score: number | null;
  small_sample: boolean;
  /** share_2 − share_2 of the previous calendar year (null without it). */
  share_2_rise: number | null;
  /** share_2_rise ≥ 10 percentage points, with ≥ 10 participants in both years. */
  negative_dynamics: boolean;
}

/**
 * SQL of a relation with one row per school and year over the chosen procedure (and subject, grade,
 * years): every indicator from the school's part totals, and the year-on-year rise of share_2 with the
 * negative-dynamics rule. Year and area filters are the caller's.
 */
export function perSchoolSql(b: SqlBuilder, f: Filter): string {
  const minN = `${b.p(MIN_PARTICIPANTS_RANK)}::INTEGER`;
  return `(
    WITH school_year AS (
      SELECT r.school_id, r.year, r.participants,
        ${indicatorColumns(IN_ROW, '        ')}
      FROM ${schoolTotalsSql(b, { ...f, year: undefined })} r),
    with_prev AS (
      SELECT *, lag(year) OVER w AS prev_year, lag(share_2) OVER w AS prev_share_2, lag(participants) OVER w AS prev_participants
      FROM school_year WINDOW w AS (PARTITION BY school_id ORDER BY year))
    SELECT school_id, year, participants, ${INDICATOR_KEYS.join(', ')},
      participants < ${minN} AS small_sample,
      CASE WHEN prev_year = year - 1 THEN share_2 - prev_share_2 END AS share_2_rise,
      coalesce(prev_year = year - 1 AND share_2 - prev_share_2 >= ${b.p(NEGATIVE_DYNAMICS_RISE)}::DOUBLE - 1e-9
        AND participants >= ${minN} AND prev_participants >= ${minN}, FALSE) AS negative_dynamics,
      coalesce(prev_year = year - 1 AND share_2 IS NOT NULL AND prev_share_2 IS NOT NULL
        AND participants >= ${minN} AND prev_participants >= ${minN}, FALSE) AS dynamics_known
    FROM with_prev)`;
}

const RANKED: IndicatorKey[] = ['share_2', 'quality', 'mean_mark', 'mean_score'];

/**
 * One school's indicators by year (procedure, subject, grade, years of `f`; its area filters do not
 * apply), each ranked among the region's schools with ≥ 10 participants that year: the percentile is the
 * share of the other ranked schools with a lower value (percent_rank), counted for this school alone.
 */
export function schoolIndicatorsSql(b: SqlBuilder, schoolId: string, f: Filter = {}): string {
  const id = b.p(schoolId);
  const minN = `${b.p(MIN_PARTICIPANTS_RANK)}::INTEGER`;
  const pct = (k: IndicatorKey) => `CASE WHEN me.participants >= ${minN} AND me.${k} IS NOT NULL
    THEN round(100 * coalesce(count(*) FILTER (WHERE o.${k} < me.${k}) / nullif(count(o.${k}) - 1, 0), 0), 1) END AS pct_${k}`;
  return `WITH all_schools AS MATERIALIZED ${perSchoolSql(b, f)},
     me AS (SELECT * FROM all_schools WHERE school_id = ${id}),
     ranked AS (
       SELECT me.year, ${RANKED.map(pct).join(', ')}
       FROM me LEFT JOIN all_schools o ON o.year = me.year AND o.participants >= ${minN}
       GROUP BY me.year, me.participants, ${RANKED.map((k) => `me.${k}`).join(', ')})
     SELECT me.school_id, me.year, me.participants, ${INDICATOR_KEYS.map((k) => `me.${k}`).join(', ')},
       ${RANKED.map((k) => `ranked.pct_${k}`).join(', ')},
       me.small_sample, me.share_2_rise, me.negative_dynamics
     FROM me JOIN ranked USING (year)
     ${f.year ? `WHERE me.year = ${b.p(f.year)}::INTEGER` : ''}
     ORDER BY me.year`;
}

export async function schoolIndicators(
  db: Engine,
  schoolId: string,
  f: Filter = {},
): Promise<SchoolIndicatorRow[]> {
  await resultTotals(db);
  const b = new SqlBuilder();
  return db.query<SchoolIndicatorRow>(schoolIndicatorsSql(b, schoolId, f), b.params);
}

export interface AreaIndicatorRow extends Indicators {
  /** 'Регион' or a municipality's name. */
  area: string;
  level: 'region' | 'municipality';
  year: number;
  schools: number;
  participants: number;
}

export const REGION = 'Регион';

/**
 * The region's and each municipality's values per year (the benchmarks for schools), from the parts' totals
 * per municipality (area_totals): the region's are the municipalities' summed. Whole municipalities always
 * (the filter's type, location and school do not apply); with regions chosen (a country's data), theirs only.
 * No municipality's without a schools table (AREAS_KNOWN_SQL).
 */
export function areaIndicatorsSql(b: SqlBuilder, f: Filter = {}): string {
  // Without a schools table a municipality would hold its listed schools alone (results name none): no rows.
  const munis = `WHERE ${AREAS_KNOWN_SQL}${f.municipalities?.length ? ` AND list_contains(${b.list(f.municipalities)}, area)` : ''}`;
  const totals = `sum(r.school_count)::INTEGER AS schools, sum(r.participants)::INTEGER AS participants, ${indicatorColumns(OVER_TOTALS)}`;
  return `WITH base AS MATERIALIZED (
       SELECT * FROM area_totals r WHERE ${sliceWhere(b, f)} AND ${areaWhere(b, { regions: f.regions }, 'r')})
     SELECT * FROM (
       SELECT ${b.p(REGION)} AS area, 'region' AS level, r.year, ${totals} FROM base r GROUP BY r.year
       UNION ALL
       SELECT * FROM (SELECT r.municipality AS area, 'municipality' AS level, r.year, ${totals} FROM base r GROUP BY r.municipality, r.year) ${munis})
     ORDER BY level DESC, area, year`;
}

export async function areaIndicators(db: Engine, f: Filter = {}): Promise<AreaIndicatorRow[]> {
  await derived(db, 'area_totals');
  const b = new SqlBuilder();
  return db.query<AreaIndicatorRow>(areaIndicatorsSql(b, f), b.params);
}

/** A school over the selected years: its first and last value and the change between them. */
export interface SchoolSpan {
  school_id: string;
  name: string;
  municipality: string;
  type: string;
  location: string;
  years_with_data: number;
  first_year: number;
  last_year: number;
  first_value: number;
  last_value: number;
  /** last − first; null with one year of data (no change is observed). */
  change: number | null;
  last_participants: number;
}

export interface TrendRow extends SchoolSpan {
  indicator: IndicatorKey;
  /** Least-squares slope per year (regr_slope); null with fewer than MIN_TREND_YEARS years of data. */
  slope: number | null;
  /** A year-on-year rise of share_2 by ≥ 10 percentage points within the years; null when no year could be judged. */
  negative_dynamics: boolean | null;
  min_participants: number;
}

/**
 * Aggregates over a school's rows `s` of perSchoolSql that have the indicator: years with data, the first
 * and last year, the values then and the change between them (last − first; NULL from one year).
 */
const spanColumns = (indicator: IndicatorKey) => `count(*)::INTEGER AS years_with_data,
      min(s.year)::INTEGER AS first_year, max(s.year)::INTEGER AS last_year,
      arg_min(s.${indicator}, s.year) AS first_value, arg_max(s.${indicator}, s.year) AS last_value,
      CASE WHEN count(*) >= 2 THEN arg_max(s.${indicator}, s.year) - arg_min(s.${indicator}, s.year) END AS change`;

/** SQL of a relation with one row per school over the selected years: first, last, change, the slope. */
export function trendSql(b: SqlBuilder, f: Filter, indicator: IndicatorKey): string {
  return `(
    SELECT s.school_id, d.name, d.municipality, d.type, d.location, ${b.p(indicator)} AS indicator,
      ${spanColumns(indicator)},
      CASE WHEN bool_or(s.dynamics_known) THEN bool_or(s.negative_dynamics) END AS negative_dynamics,
      min(s.participants)::INTEGER AS min_participants, arg_max(s.participants, s.year)::INTEGER AS last_participants,
      CASE WHEN count(*) >= ${b.p(MIN_TREND_YEARS)}::INTEGER THEN regr_slope(s.${indicator}, s.year) END AS slope
    FROM ${perSchoolSql(b, f)} s JOIN school_dim d USING (school_id)
    WHERE s.${indicator} IS NOT NULL AND ${areaWhere(b, f)}
    GROUP BY ALL)`;
}

/** One row per school over the selected years (`f.years`). */
export async function trends(
  db: Engine,
  f: Filter,
  indicator: IndicatorKey = 'share_2',
): Promise<TrendRow[]> {
  if (!INDICATOR_KEYS.includes(indicator)) throw new Error(`Unknown indicator ${indicator}`);
  await resultTotals(db);
  const b = new SqlBuilder();
  return db.query<TrendRow>(
    `SELECT * FROM ${trendSql(b, { ...f, year: undefined }, indicator)} ORDER BY school_id`,
    b.params,
  );
}

/**
 * The trends of the schools on `list` in `year` alone (a report's table of its listed schools), with the first
 * year of the window that any school of the area has the indicator in (null: none).
 */
export async function listedTrends(
  db: Engine,
  f: Filter,
  list: string,
  year: number,
  indicator: IndicatorKey,
): Promise<{ rows: TrendRow[]; firstYear: number | null }> {
  if (!INDICATOR_KEYS.includes(indicator)) throw new Error(`Unknown indicator ${indicator}`);
  await resultTotals(db);
  const b = new SqlBuilder();
  const rows = await db.query<TrendRow & { window_first: number | null; listed: boolean }>(
    `WITH t AS (SELECT * FROM ${trendSql(b, { ...f, year: undefined }, indicator)}),
       listed AS (SELECT school_id FROM list_streaks WHERE list = ${b.p(list)} AND year = ${b.p(year)}::INTEGER)
     SELECT w.window_first, t.* FROM (SELECT min(first_year) AS window_first FROM t) w
       LEFT JOIN (SELECT * FROM t SEMI JOIN listed USING (school_id)) t ON true
     ORDER BY t.school_id`,
    b.params,
  );
  return {
    rows: rows.filter((r) => r.school_id !== null).map(({ window_first: _, ...r }) => r as TrendRow),
    firstYear: rows[0]?.window_first ?? null,
  };
}

export interface LevelChangeRow extends SchoolSpan {
  /** Quintile of the latest value in the region, 1 = worst … 5 = best (ties share a quintile). */
  level: number;
  /** Quintile of the change over the years, 1 = worst change … 5 = best. */
  change_level: number;
}

/**
 * Level × change: schools with data in at least two of the selected years and ≥ 10 participants in the
 * last one, placed by region quintiles (the area filter picks schools after ranking).
 */
export function levelChangeSql(b: SqlBuilder, f: Filter, indicator: IndicatorKey): string {
  const sign = `${b.p(indicatorDef(indicator).higherIsBetter ? 1 : -1)}::INTEGER`;
  const slice = { procedure: f.procedure, subject: f.subject, grade: f.grade, years: f.years };
  return `WITH span AS (
       SELECT s.school_id, ${spanColumns(indicator)}, arg_max(s.participants, s.year)::INTEGER AS last_participants
       FROM ${perSchoolSql(b, slice)} s WHERE s.${indicator} IS NOT NULL GROUP BY s.school_id),
     placed AS (
       SELECT *, least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY ${sign} * last_value)))::INTEGER AS level,
         least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY ${sign} * change)))::INTEGER AS change_level
       FROM span
       WHERE years_with_data >= ${b.p(MIN_CHANGE_YEARS)}::INTEGER AND last_participants >= ${b.p(MIN_PARTICIPANTS_RANK)}::INTEGER)
     SELECT x.school_id, d.name, d.municipality, d.type, d.location, x.* EXCLUDE (school_id)
     FROM placed x JOIN school_dim d USING (school_id)
     WHERE ${areaWhere(b, f)}
     ORDER BY x.school_id`;
}

export async function levelChange(db: Engine, f: Filter, indicator: IndicatorKey): Promise<LevelChangeRow[]> {
  if (!INDICATOR_KEYS.includes(indicator)) throw new Error(`Unknown indicator ${indicator}`);
  await resultTotals(db);
  const b = new SqlBuilder();
  return db.query<LevelChangeRow>(levelChangeSql(b, f, indicator), b.params);
}

export interface LevelChangeCell {
  /** 1 = worst … 5 = best, as in levelChange. */
  level: number;
  change_level: number;
  schools: number;
}

/** The 5 × 5 grid of levelChange: schools per level and change quintile, every cell present (zeros kept). */
export function levelChangeGridSql(b: SqlBuilder, f: Filter, indicator: IndicatorKey): string {
  return `WITH placed AS (${levelChangeSql(b, f, indicator)})
     SELECT l.level::INTEGER AS level, c.change_level::INTEGER AS change_level, count(p.school_id)::INTEGER AS schools
     FROM range(1, 6) l(level) CROSS JOIN range(1, 6) c(change_level)
     LEFT JOIN placed p ON p.level = l.level AND p.change_level = c.change_level
     GROUP BY ALL ORDER BY level, change_level`;
}

export async function levelChangeGrid(
  db: Engine,
  f: Filter,
  indicator: IndicatorKey,
): Promise<LevelChangeCell[]> {
  if (!INDICATOR_KEYS.includes(indicator)) throw new Error(`Unknown indicator ${indicator}`);
  await resultTotals(db);
  const b = new SqlBuilder();
  return db.query<LevelChangeCell>(levelChangeGridSql(b, f, indicator), b.params);
}
