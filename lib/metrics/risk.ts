// Risk group (DOMAIN.md §3): schools not on the ШНОР list in a year whose share of «2» shows negative
// dynamics, or that are in the region's bottom quartile on two or more key indicators.
import type { Engine } from '../db/engine';
import { SqlBuilder, sqlPercent, sqlPoints } from '../sql';
import { areaWhere, type Filter } from '../filters';
import { MIN_PARTICIPANTS_RANK, perSchoolSql, resultTotals } from './results';
import { lazyDerived } from '../derived';

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


/** Per school and year, for every year: the negative-dynamics reason and the bottom-quartile key indicators. */
async function riskInputs(db: Engine): Promise<string> {
  await resultTotals(db);
  return lazyDerived(db, 'risk_inputs', '', () => {
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
    return db.query(
      `CREATE OR REPLACE TABLE risk_inputs AS
       WITH dyn AS (
         SELECT school_id, year, string_agg(procedure || ': доля «2» выросла с ' || ${sqlPercent('share_2 - share_2_rise')} || ' до ' || ${sqlPercent('share_2')}
           || ' (+' || ${sqlPoints('share_2_rise')} || ')', '; ' ORDER BY procedure) AS reason
         FROM (${dyn}) GROUP BY school_id, year),
       low AS (
         SELECT school_id, year, count(*)::INTEGER AS n,
           string_agg(what || ' (успеваемость ' || ${sqlPercent('success')} || ')', ', ' ORDER BY what) AS what
         FROM (${keys}) WHERE bottom <= ${b.p(BOTTOM_SHARE)} GROUP BY school_id, year)
       SELECT school_id, year, dyn.reason AS dyn_reason, coalesce(low.n, 0)::INTEGER AS low_n, low.what AS low_what
       FROM dyn FULL JOIN low USING (school_id, year)`,
      b.params,
    );
  });
}

/** The risk group for `f.year` (default: the latest year with results). */
export async function riskGroup(db: Engine, f: Filter = {}): Promise<RiskRow[]> {
  const table = await riskInputs(db);
  const b = new SqlBuilder();
  const year = f.year ? `${b.p(f.year)}::INTEGER` : '(SELECT max(year)::INTEGER FROM results)';
  const minBottom = b.p(MIN_BOTTOM_INDICATORS);
  return db.query<RiskRow>(
    `WITH y AS (SELECT ${year} AS year)
     SELECT d.school_id, d.name, d.municipality, d.type, d.location, i.year,
       i.dyn_reason IS NOT NULL AS negative_dynamics, i.low_n AS bottom_quartile,
       concat_ws('; ', i.dyn_reason,
         CASE WHEN i.low_n >= ${minBottom} THEN 'в нижней четверти региона по ' || i.low_n || ' из ${KEY_INDICATORS.length} ключевых показателей: ' || i.low_what END) AS reasons,
       EXISTS (SELECT 1 FROM list_membership m WHERE m.list = 'группа_риска' AND m.school_id = d.school_id AND m.year = i.year) AS on_risk_list
     FROM ${table} i JOIN school_dim d USING (school_id)
     WHERE i.year = (SELECT year FROM y)
       AND (i.dyn_reason IS NOT NULL OR i.low_n >= ${minBottom})
       AND (d.closed_year IS NULL OR d.closed_year > i.year)
       AND NOT EXISTS (SELECT 1 FROM list_membership m WHERE m.list = 'ШНОР' AND m.school_id = d.school_id AND m.year = i.year)
       AND ${areaWhere(b, f)}
     ORDER BY bottom_quartile DESC, negative_dynamics DESC, d.school_id`,
    b.params,
  );
}
