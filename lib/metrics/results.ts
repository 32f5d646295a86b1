// Result indicators (DOMAIN.md §3): per school and per area, weighted by participants; benchmarks,
// percentile ranks, trends.
import { linearRegression } from 'simple-statistics';
import type { Engine } from '../db/engine';
import { SqlBuilder } from '../sql';
import { areaWhere, type Filter } from '../filters';

export type IndicatorKey = 'share_2' | 'quality' | 'success' | 'mean_mark' | 'mean_score' | 'share_below_min' | 'share_high';

export interface IndicatorDef {
  key: IndicatorKey;
  label: string;
  formula: string;
  procedures: string[];
  /** Whether a higher value is a better result. */
  higherIsBetter: boolean;
  /** Shares (0–1), shown as percentages. */
  share: boolean;
  /** The aggregate over result rows `r`: sums of counts over sums of participants (participant-weighted). */
  sql: string;
}

const N_MARKS = 'nullif(sum(r.participants) FILTER (WHERE r.m2 IS NOT NULL), 0)';
export const INDICATORS: IndicatorDef[] = [
  { key: 'share_2', label: 'Доля «2» (неуспеваемость)', formula: 'm2 / участники', procedures: ['ВПР', 'ОГЭ'], higherIsBetter: false, share: true, sql: `sum(r.m2) / ${N_MARKS}` },
  { key: 'quality', label: 'Качество (доля «4» и «5»)', formula: '(m4 + m5) / участники', procedures: ['ВПР', 'ОГЭ'], higherIsBetter: true, share: true, sql: `(sum(r.m4) + sum(r.m5)) / ${N_MARKS}` },
  { key: 'success', label: 'Успеваемость', formula: '1 − доля «2»', procedures: ['ВПР', 'ОГЭ'], higherIsBetter: true, share: true, sql: `1 - sum(r.m2) / ${N_MARKS}` },
  { key: 'mean_mark', label: 'Средняя отметка', formula: '(2·m2 + 3·m3 + 4·m4 + 5·m5) / участники', procedures: ['ВПР', 'ОГЭ'], higherIsBetter: true, share: false, sql: `(2 * sum(r.m2) + 3 * sum(r.m3) + 4 * sum(r.m4) + 5 * sum(r.m5)) / ${N_MARKS}` },
  { key: 'mean_score', label: 'Средний балл', formula: 'Σ(средний балл · участники) / Σ участники', procedures: ['ЕГЭ', 'ОГЭ', 'ВПР'], higherIsBetter: true, share: false, sql: 'sum(r.mean_score * r.participants) / nullif(sum(r.participants) FILTER (WHERE r.mean_score IS NOT NULL), 0)' },
  { key: 'share_below_min', label: 'Доля не преодолевших минимальный порог', formula: 'не преодолели / участники', procedures: ['ЕГЭ', 'ОГЭ'], higherIsBetter: false, share: true, sql: 'sum(r.below_min) / nullif(sum(r.participants) FILTER (WHERE r.below_min IS NOT NULL), 0)' },
  { key: 'share_high', label: 'Доля высокобалльников (80–100)', formula: 'набрали 80–100 / участники', procedures: ['ЕГЭ'], higherIsBetter: true, share: true, sql: 'sum(r.high_80) / nullif(sum(r.participants) FILTER (WHERE r.high_80 IS NOT NULL), 0)' },
];
export const INDICATOR_KEYS = INDICATORS.map((i) => i.key);
export const indicatorDef = (key: IndicatorKey) => INDICATORS.find((i) => i.key === key)!;

/** Fewer participants than this: shown greyed, never ranked (FIOKO: a group needs 10+). */
export const MIN_PARTICIPANTS_RANK = 10;
/** Trend needs at least this many years with data. */
export const MIN_TREND_YEARS = 3;
/** A year-on-year rise of share_2 by this much (10 percentage points) is negative dynamics. */
export const NEGATIVE_DYNAMICS_RISE = 0.1;

const indicatorColumns = INDICATORS.map((i) => `${i.sql} AS ${i.key}`).join(',\n  ');

/** WHERE over results `r` for procedure, subject, grade and year range (area is applied on school_dim). */
function resultWhere(b: SqlBuilder, f: Filter): string {
  const parts = [`r.procedure = ${b.p(f.procedure ?? 'ВПР')}`];
  if (f.subject) parts.push(`r.subject = ${b.p(f.subject)}`);
  if (f.grade) parts.push(`r.grade = ${b.p(f.grade)}::INTEGER`);
  if (f.years) parts.push(`r.year BETWEEN ${b.p(f.years[0])}::INTEGER AND ${b.p(f.years[1])}::INTEGER`);
  return parts.join(' AND ');
}

export type Indicators = Record<IndicatorKey, number | null>;

export interface SchoolIndicatorRow extends Indicators {
  school_id: string;
  name: string;
  municipality: string;
  type: string;
  location: string;
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
 * years): every indicator, percentiles among the whole region's schools with ≥ 10 participants, and the
 * year-on-year rise of share_2. The year and area filters are left to the caller, after the windows.
 */
export function perSchoolSql(b: SqlBuilder, f: Filter, ranks = true): string {
  // Percentiles cost a sort each; trends and the risk group do without them.
  const pct = (k: IndicatorKey) =>
    ranks
      ? `CASE WHEN participants >= ${MIN_PARTICIPANTS_RANK} AND ${k} IS NOT NULL
       THEN round(100 * percent_rank() OVER (PARTITION BY year, participants >= ${MIN_PARTICIPANTS_RANK} AND ${k} IS NOT NULL ORDER BY ${k}), 1) END AS pct_${k}`
      : `NULL::DOUBLE AS pct_${k}`;
  return `(
    WITH per_school AS (
      SELECT r.school_id, r.year::INTEGER AS year, sum(r.participants)::INTEGER AS participants,
        ${indicatorColumns}
      FROM results r WHERE ${resultWhere(b, f)} GROUP BY r.school_id, r.year),
    with_prev AS (
      SELECT *, lag(year) OVER w AS prev_year, lag(share_2) OVER w AS prev_share_2, lag(participants) OVER w AS prev_participants
      FROM per_school WINDOW w AS (PARTITION BY school_id ORDER BY year))
    SELECT school_id, year, participants, ${INDICATOR_KEYS.join(', ')},
      ${pct('share_2')}, ${pct('quality')}, ${pct('mean_mark')}, ${pct('mean_score')},
      participants < ${MIN_PARTICIPANTS_RANK} AS small_sample,
      CASE WHEN prev_year = year - 1 THEN share_2 - prev_share_2 END AS share_2_rise,
      coalesce(prev_year = year - 1 AND share_2 - prev_share_2 >= ${NEGATIVE_DYNAMICS_RISE} - 1e-9
        AND participants >= ${MIN_PARTICIPANTS_RANK} AND prev_participants >= ${MIN_PARTICIPANTS_RANK}, FALSE) AS negative_dynamics
    FROM with_prev)`;
}

/** Per school and year; a school's percentile does not change with the municipality chosen. */
export async function schoolIndicators(db: Engine, f: Filter = {}): Promise<SchoolIndicatorRow[]> {
  const b = new SqlBuilder();
  return db.query<SchoolIndicatorRow>(
    `SELECT d.name, d.municipality, d.type, d.location, x.*
     FROM ${perSchoolSql(b, f)} x JOIN school_dim d USING (school_id)
     WHERE ${areaWhere(b, f)} ${f.year ? `AND x.year = ${b.p(f.year)}::INTEGER` : ''}
     ORDER BY x.school_id, x.year`,
    b.params,
  );
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

/** The region's and each municipality's values per year (the benchmarks for schools). */
export async function areaIndicators(db: Engine, f: Filter = {}): Promise<AreaIndicatorRow[]> {
  const b = new SqlBuilder();
  const where = `${resultWhere(b, f)}${f.year ? ` AND r.year = ${b.p(f.year)}::INTEGER` : ''}`;
  const munis = f.municipalities?.length ? `WHERE list_contains(${b.list(f.municipalities)}, area)` : '';
  return db.query<AreaIndicatorRow>(
    `WITH base AS (SELECT r.*, d.municipality FROM results r JOIN school_dim d USING (school_id) WHERE ${where})
     SELECT * FROM (
       SELECT '${REGION}' AS area, 'region' AS level, r.year::INTEGER AS year, count(DISTINCT r.school_id)::INTEGER AS schools,
         sum(r.participants)::INTEGER AS participants, ${indicatorColumns}
       FROM base r GROUP BY r.year
       UNION ALL
       SELECT * FROM (
         SELECT r.municipality AS area, 'municipality' AS level, r.year::INTEGER AS year, count(DISTINCT r.school_id)::INTEGER AS schools,
           sum(r.participants)::INTEGER AS participants, ${indicatorColumns}
         FROM base r GROUP BY r.municipality, r.year) ${munis})
     ORDER BY level DESC, area, year`,
    b.params,
  );
}

export interface TrendRow {
  school_id: string;
  name: string;
  municipality: string;
  type: string;
  location: string;
  indicator: IndicatorKey;
  years_with_data: number;
  first_year: number;
  last_year: number;
  first_value: number;
  last_value: number;
  /** last − first. */
  change: number;
  /** Least-squares slope per year (simple-statistics); null with fewer than 3 years of data. */
  slope: number | null;
  /** A year-on-year rise of share_2 by ≥ 10 percentage points within the years. */
  negative_dynamics: boolean;
  min_participants: number;
  last_participants: number;
}

/** SQL of a relation with one row per school over the selected years: first, last, change, the series. */
function trendSql(b: SqlBuilder, f: Filter, indicator: IndicatorKey): string {
  return `(
    SELECT s.school_id, d.name, d.municipality, d.type, d.location, '${indicator}' AS indicator,
      count(*)::INTEGER AS years_with_data, min(s.year)::INTEGER AS first_year, max(s.year)::INTEGER AS last_year,
      arg_min(s.${indicator}, s.year) AS first_value, arg_max(s.${indicator}, s.year) AS last_value,
      arg_max(s.${indicator}, s.year) - arg_min(s.${indicator}, s.year) AS change,
      bool_or(s.negative_dynamics) AS negative_dynamics,
      min(s.participants)::INTEGER AS min_participants, arg_max(s.participants, s.year)::INTEGER AS last_participants,
      list(s.year ORDER BY s.year) AS series_years, list(s.${indicator} ORDER BY s.year) AS series_values
    FROM ${perSchoolSql(b, f, false)} s JOIN school_dim d USING (school_id)
    WHERE s.${indicator} IS NOT NULL AND ${areaWhere(b, f)}
    GROUP BY ALL)`;
}

/** One row per school over the selected years (`f.years`). */
export async function trends(db: Engine, f: Filter, indicator: IndicatorKey = 'share_2'): Promise<TrendRow[]> {
  if (!INDICATOR_KEYS.includes(indicator)) throw new Error(`Unknown indicator ${indicator}`);
  const b = new SqlBuilder();
  const rows = await db.query<TrendRow & { series_years: number[]; series_values: number[] }>(
    `SELECT * FROM ${trendSql(b, { ...f, year: undefined }, indicator)} ORDER BY school_id`,
    b.params,
  );
  return rows.map(({ series_years, series_values, ...r }) => {
    const ys = series_years;
    const vs = series_values;
    return { ...r, slope: ys.length >= MIN_TREND_YEARS ? linearRegression(ys.map((y, i) => [y, vs[i]])).m : null };
  });
}

export interface LevelChangeRow extends TrendRow {
  /** Quintile of the latest value in the region, 1 = worst … 5 = best (ties share a quintile). */
  level: number;
  /** Quintile of the change over the years, 1 = worst change … 5 = best. */
  change_level: number;
}

/**
 * Level × change: schools with data in at least two of the selected years and ≥ 10 participants in the
 * last one, placed by region quintiles (the area filter picks schools after ranking).
 */
export async function levelChange(db: Engine, f: Filter, indicator: IndicatorKey): Promise<LevelChangeRow[]> {
  if (!INDICATOR_KEYS.includes(indicator)) throw new Error(`Unknown indicator ${indicator}`);
  const b = new SqlBuilder();
  const sign = indicatorDef(indicator).higherIsBetter ? 1 : -1;
  const all = trendSql(b, { ...f, year: undefined, municipalities: undefined, types: undefined, locations: undefined }, indicator);
  return db.query<LevelChangeRow>(
    `SELECT * EXCLUDE (series_years, series_values), NULL::DOUBLE AS slope FROM (
       SELECT *, least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY ${sign} * last_value)))::INTEGER AS level,
         least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY ${sign} * change)))::INTEGER AS change_level
       FROM ${all} WHERE years_with_data >= 2 AND last_participants >= ${MIN_PARTICIPANTS_RANK}) d
     WHERE ${areaWhere(b, f)}
     ORDER BY school_id`,
    b.params,
  );
}
