// Risk group (DOMAIN.md §3): schools not on the ШНОР list in a year whose share of «2» shows negative
// dynamics, or that are in the region's bottom quartile on two or more key indicators.
import type { Engine, SqlParam } from '../db/engine';
import { SqlBuilder, sqlPercent, sqlPoints } from '../sql';
import { areaWhere, type Filter } from '../filters';
import { MIN_PARTICIPANTS_RANK, perSchoolSql } from './results';
import { derived } from '../data/derived';

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
  negative_dynamics: boolean;
  /** Key indicators (of 4) on which the school is in the region's bottom quartile. */
  bottom_quartile: number;
  reasons: string;
  /** Whether the published risk list names the school that year. */
  on_risk_list: boolean;
}


/** Per school and year, for every year: the negative-dynamics reason and the bottom-quartile key indicators. */
export function riskInputsSql(): { text: string; params: SqlParam[] } {
  const b = new SqlBuilder();
  const dyn = DYNAMICS_PROCEDURES.map(
    (p) => `SELECT school_id, year, '${p}' AS procedure, share_2, share_2_rise FROM ${perSchoolSql(b, { procedure: p })} WHERE negative_dynamics`,
  ).join(' UNION ALL ');
  const keys = KEY_INDICATORS.map(
    (k) => `SELECT school_id, year, '${k.procedure} ${k.subject.toLowerCase()}' AS what, success,
      cume_dist() OVER (PARTITION BY year ORDER BY success) AS bottom
      FROM ${perSchoolSql(b, { procedure: k.procedure, subject: k.subject })}
      WHERE participants >= ${MIN_PARTICIPANTS_RANK} AND success IS NOT NULL`,
  ).join(' UNION ALL ');
  const text = `
     WITH dyn AS (
       SELECT school_id, year, string_agg(procedure || ': доля «2» выросла с ' || ${sqlPercent('share_2 - share_2_rise')} || ' до ' || ${sqlPercent('share_2')}
         || ' (+' || ${sqlPoints('share_2_rise')} || ')', '; ' ORDER BY procedure) AS reason
       FROM (${dyn}) GROUP BY school_id, year),
     low AS (
       SELECT school_id, year, count(*)::INTEGER AS n,
         string_agg(what || ' (успеваемость ' || ${sqlPercent('success')} || ')', ', ' ORDER BY what) AS what
       FROM (${keys}) WHERE bottom <= ${b.p(BOTTOM_SHARE)} GROUP BY school_id, year)
     SELECT school_id, year, dyn.reason AS dyn_reason, coalesce(low.n, 0)::INTEGER AS low_n, low.what AS low_what
     FROM dyn FULL JOIN low USING (school_id, year)`;
  return { text, params: b.params };
}

const riskInputs = (db: Engine) => derived(db, 'risk_inputs').then(() => 'risk_inputs');

/** The computed group's rows for `f.year` (default: the latest year with results), as a SELECT over `table`. */
function computedSql(b: SqlBuilder, f: Filter, table: string): string {
  const year = f.year ? `${b.p(f.year)}::INTEGER` : '(SELECT max(year)::INTEGER FROM results)';
  const minBottom = b.p(MIN_BOTTOM_INDICATORS);
  return `
     SELECT d.school_id, d.name, d.municipality, d.type, d.location, i.year,
       i.dyn_reason IS NOT NULL AS negative_dynamics, i.low_n AS bottom_quartile,
       concat_ws('; ', i.dyn_reason,
         CASE WHEN i.low_n >= ${minBottom} THEN 'в нижней четверти региона по ' || i.low_n || ' из ${KEY_INDICATORS.length} ключевых показателей: ' || i.low_what END) AS reasons,
       EXISTS (SELECT 1 FROM list_membership m WHERE m.list = '${PUBLISHED_RISK_LIST}' AND m.school_id = d.school_id AND m.year = i.year) AS on_risk_list
     FROM ${table} i JOIN school_dim d USING (school_id)
     WHERE i.year = ${year}
       AND (i.dyn_reason IS NOT NULL OR i.low_n >= ${minBottom})
       AND (d.closed_year IS NULL OR d.closed_year > i.year)
       AND NOT EXISTS (SELECT 1 FROM list_membership m WHERE m.list = 'ШНОР' AND m.school_id = d.school_id AND m.year = i.year)
       AND ${areaWhere(b, f)}`;
}

/** The computed risk group for `f.year` (default: the latest year with results). */
export async function riskGroup(db: Engine, f: Filter = {}): Promise<RiskRow[]> {
  const table = await riskInputs(db);
  const b = new SqlBuilder();
  return db.query<RiskRow>(`${computedSql(b, f, table)} ORDER BY bottom_quartile DESC, negative_dynamics DESC, d.school_id`, b.params);
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

const PUBLISHED_SQL = (b: SqlBuilder, f: Filter, year: string) => `
  SELECT d.school_id, d.name, d.municipality FROM list_membership m JOIN school_dim d USING (school_id)
  WHERE m.list = '${PUBLISHED_RISK_LIST}' AND m.year = ${year} AND ${areaWhere(b, f)}`;

/** The computed group beside the published list of the same year: in both, only computed, only published. */
export async function riskComparison(db: Engine, f: Filter = {}): Promise<{ summary: RiskComparison; publishedOnly: PublishedOnlyRow[] }> {
  const table = await riskInputs(db);
  const b = new SqlBuilder();
  const year = f.year ? `${b.p(f.year)}::INTEGER` : '(SELECT max(year)::INTEGER FROM results)';
  const cte = `WITH c AS (${computedSql(b, f, table)}), p AS (${PUBLISHED_SQL(b, f, year)})`;
  const [summary] = await db.query<RiskComparison>(
    `${cte} SELECT ${year} AS year,
       EXISTS (SELECT 1 FROM list_published WHERE list = '${PUBLISHED_RISK_LIST}' AND year = ${year}) AS published,
       (SELECT count(*) FROM c WHERE school_id IN (SELECT school_id FROM p))::INTEGER AS both,
       (SELECT count(*) FROM c WHERE school_id NOT IN (SELECT school_id FROM p))::INTEGER AS only_computed,
       (SELECT count(*) FROM p WHERE school_id NOT IN (SELECT school_id FROM c))::INTEGER AS only_published`,
    b.params,
  );
  const publishedOnly = await db.query<PublishedOnlyRow>(
    `${cte} SELECT p.school_id, p.name, p.municipality,
       CASE WHEN EXISTS (SELECT 1 FROM list_membership m WHERE m.list = 'ШНОР' AND m.school_id = p.school_id AND m.year = ${year}) THEN 'в перечне ШНОР этого года'
            WHEN NOT EXISTS (SELECT 1 FROM results r WHERE r.school_id = p.school_id AND r.year = ${year}) THEN 'нет результатов за этот год'
            ELSE 'нет отрицательной динамики и меньше ${MIN_BOTTOM_INDICATORS} показателей в нижней четверти' END AS why
     FROM p WHERE p.school_id NOT IN (SELECT school_id FROM c) ORDER BY p.municipality, p.name`,
    b.params,
  );
  return { summary, publishedOnly };
}
