// Risk group (DOMAIN.md §3): schools not on the ШНОР list in a year whose share of «2» shows negative
// dynamics, or that are in the region's bottom quartile on two or more key indicators.
import type { Engine } from '../db/engine';
import { SqlBuilder } from '../sql';
import { areaWhere, type Filter } from '../filters';
import { MIN_PARTICIPANTS_RANK, perSchoolSql } from './results';

/** Key indicators: success (1 − share of «2») in these procedures and subjects, all grades together. */
export const KEY_INDICATORS = [
  { procedure: 'ВПР', subject: 'Русский язык' },
  { procedure: 'ВПР', subject: 'Математика' },
  { procedure: 'ОГЭ', subject: 'Русский язык' },
  { procedure: 'ОГЭ', subject: 'Математика' },
] as const;
export const BOTTOM_SHARE = 0.25;
export const MIN_BOTTOM_INDICATORS = 2;
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
  /** Whether the region's own «группа_риска» list names the school that year. */
  on_risk_list: boolean;
}

const pct = (x: string) => `replace(printf('%.1f', 100 * (${x})), '.', ',') || ' %'`;

/** The risk group for `f.year` (default: the latest year with results). */
export async function riskGroup(db: Engine, f: Filter = {}): Promise<RiskRow[]> {
  const b = new SqlBuilder();
  const year = f.year ? `${b.p(f.year)}::INTEGER` : '(SELECT max(year)::INTEGER FROM results)';
  const dyn = DYNAMICS_PROCEDURES.map(
    (p) => `SELECT school_id, year, '${p}' AS procedure, share_2, share_2_rise FROM ${perSchoolSql(b, { procedure: p })} WHERE negative_dynamics`,
  ).join(' UNION ALL ');
  const keys = KEY_INDICATORS.map(
    (k) => `SELECT school_id, year, '${k.procedure} ${k.subject.toLowerCase()}' AS what, success,
      cume_dist() OVER (PARTITION BY year ORDER BY success) AS bottom
      FROM ${perSchoolSql(b, { procedure: k.procedure, subject: k.subject })}
      WHERE participants >= ${MIN_PARTICIPANTS_RANK} AND success IS NOT NULL`,
  ).join(' UNION ALL ');
  const minBottom = b.p(MIN_BOTTOM_INDICATORS);
  return db.query<RiskRow>(
    `WITH y AS (SELECT ${year} AS year),
     dyn AS (
       SELECT school_id, string_agg(procedure || ': доля «2» выросла с ' || ${pct('share_2 - share_2_rise')} || ' до ' || ${pct('share_2')}
         || ' (+' || replace(printf('%.1f', 100 * share_2_rise), '.', ',') || ' п. п.)', '; ' ORDER BY procedure) AS reason
       FROM (${dyn}) WHERE year = (SELECT year FROM y) GROUP BY school_id),
     low AS (
       SELECT school_id, count(*)::INTEGER AS n,
         string_agg(what || ' (успеваемость ' || ${pct('success')} || ')', ', ' ORDER BY what) AS what
       FROM (${keys}) WHERE year = (SELECT year FROM y) AND bottom <= ${b.p(BOTTOM_SHARE)} GROUP BY school_id)
     SELECT d.school_id, d.name, d.municipality, d.type, d.location, (SELECT year FROM y) AS year,
       dyn.school_id IS NOT NULL AS negative_dynamics,
       coalesce(low.n, 0)::INTEGER AS bottom_quartile,
       concat_ws('; ', dyn.reason,
         CASE WHEN low.n >= ${minBottom} THEN 'в нижней четверти региона по ' || low.n || ' из ${KEY_INDICATORS.length} ключевых показателей: ' || low.what END) AS reasons,
       EXISTS (SELECT 1 FROM list_membership m WHERE m.list = 'группа_риска' AND m.school_id = d.school_id AND m.year = (SELECT year FROM y)) AS on_risk_list
     FROM school_dim d LEFT JOIN dyn USING (school_id) LEFT JOIN low USING (school_id)
     WHERE (dyn.school_id IS NOT NULL OR low.n >= ${minBottom})
       AND (d.closed_year IS NULL OR d.closed_year > (SELECT year FROM y))
       AND NOT EXISTS (SELECT 1 FROM list_membership m WHERE m.list = 'ШНОР' AND m.school_id = d.school_id AND m.year = (SELECT year FROM y))
       AND ${areaWhere(b, f)}
     ORDER BY bottom_quartile DESC, negative_dynamics DESC, d.school_id`,
    b.params,
  );
}
