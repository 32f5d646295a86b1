// The share of schools on a list against a target: the pace of its change and the years to the target.
import type { Engine } from '../db/engine';
import { SqlBuilder } from '../sql';
import { areaWhere, DEFAULT_LIST, type Filter } from '../filters';
import { listShareSql } from './lists';

/** The pace is the least-squares slope over this many last published years (fewer when fewer exist). */
export const PACE_YEARS = 3;

export interface TargetPaceRow {
  year: number;
  share: number | null;
  /** Change of the share per year (least squares over the last PACE_YEARS published years); null with one year. */
  pace: number | null;
  /** The published years the pace is taken over: the first of them and how many. */
  pace_from: number;
  pace_years: number;
  /** Years until the share reaches the target at this pace: 0 when reached, null when it is not falling. */
  years_to_target: number | null;
}

/**
 * For the list's latest published year up to `f.year`. Share: listShareSql's (NULL when the data knows
 * only the listed schools).
 */
export async function targetPace(db: Engine, f: Filter, target: number): Promise<TargetPaceRow | null> {
  const b = new SqlBuilder();
  const t = `${b.p(target)}::DOUBLE`;
  const [row] = await db.query<TargetPaceRow>(
    `WITH shares AS (
       SELECT s.year, p.idx, s.share
       FROM (${listShareSql(b, { ...f, list: f.list ?? DEFAULT_LIST, year: undefined })}) s
       JOIN list_published p USING (list, year)
       ${f.year ? `WHERE s.year <= ${b.p(f.year)}::INTEGER` : ''}),
     last AS (SELECT * FROM shares ORDER BY year DESC LIMIT 1),
     win AS (SELECT s.* FROM shares s, last WHERE s.idx > last.idx - ${b.p(PACE_YEARS)}::INTEGER),
     pace AS (SELECT CASE WHEN count(share) >= 2 THEN regr_slope(share, year) END AS pace, min(year)::INTEGER AS pace_from, count(*)::INTEGER AS pace_years FROM win)
     SELECT last.year::INTEGER AS year, last.share, pace.pace, pace.pace_from, pace.pace_years,
       CASE WHEN last.share <= ${t} + 1e-12 THEN 0
            WHEN pace.pace < -1e-12 THEN ceil((last.share - ${t}) / -pace.pace - 1e-9)::INTEGER END AS years_to_target
     FROM last, pace`,
    b.params,
  );
  return row ?? null;
}

export interface ListSourceRow {
  year: number;
  /** The orders that approved the list that year («приказ № 217 от 09.02.2024»), joined by «; ». */
  source: string | null;
}

/** The documents named in the list rows, per published year. */
export async function listSources(db: Engine, f: Filter = {}): Promise<ListSourceRow[]> {
  const b = new SqlBuilder();
  return db.query<ListSourceRow>(
    `SELECT l.year::INTEGER AS year, string_agg(DISTINCT l.source, '; ' ORDER BY l.source) AS source
     FROM lists l ${f.regions?.length ? 'JOIN school_dim d USING (school_id)' : ''}
     WHERE coalesce(l.list, ${b.p(DEFAULT_LIST)}) = ${b.p(f.list ?? DEFAULT_LIST)}
       ${f.regions?.length ? `AND ${areaWhere(b, { regions: f.regions })}` : ''}
     GROUP BY l.year ORDER BY l.year`,
    b.params,
  );
}
