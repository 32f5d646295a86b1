// The country view: one row per region — active schools, listed schools, their share, the exit rate into
// the year — ranked by the share of schools on the list.
import type { Engine } from '../db/engine';
import { SqlBuilder } from '../sql';
import { areaWhere, DEFAULT_LIST, TERRITORY_KNOWN_SQL, type Filter } from '../filters';
import { exitsSql } from './lists';

export interface RegionRow {
  region: string;
  year: number;
  /** 1 = the largest share of schools on the list; null when the share is unknown. */
  rank: number | null;
  /** Null when the data knows only the listed schools (TERRITORY_KNOWN_SQL). */
  active: number | null;
  /** Null when the list was not published in `year`. */
  listed: number | null;
  share: number | null;
  /** Exit rate from the previous published year into `year`. */
  exit_rate: number | null;
}

/** For `f.year` (default: the list's latest published year). */
export function regionSummarySql(b: SqlBuilder, f: Filter = {}): string {
  const list = b.p(f.list ?? DEFAULT_LIST);
  const year = f.year
    ? `${b.p(f.year)}::INTEGER`
    : `(SELECT max(year) FROM list_published WHERE list = ${list})`;
  return `WITH y AS (SELECT ${year} AS year),
     area AS (SELECT * FROM school_dim d WHERE ${areaWhere(b, f)}),
     counts AS (
       SELECT d.region,
         CASE WHEN ${TERRITORY_KNOWN_SQL} THEN count(*) FILTER (WHERE d.closed_year IS NULL OR d.closed_year > (SELECT year FROM y)) END::INTEGER AS active,
         CASE WHEN EXISTS (SELECT 1 FROM list_published WHERE list = ${list} AND year = (SELECT year FROM y)) THEN count(m.school_id) END::INTEGER AS listed
       FROM area d LEFT JOIN list_membership m ON m.list = ${list} AND m.year = (SELECT year FROM y) AND m.school_id = d.school_id
       GROUP BY d.region),
     exits AS (
       SELECT "group" AS region, exit_rate
       FROM (${exitsSql(b, { ...f, list: f.list ?? DEFAULT_LIST, year: undefined }, 'region')})
       WHERE next_year = (SELECT year FROM y)),
     shares AS (SELECT c.*, c.listed / nullif(c.active, 0) AS share FROM counts c)
     SELECT s.region, (SELECT year FROM y) AS year,
       CASE WHEN s.share IS NOT NULL THEN rank() OVER (ORDER BY s.share DESC NULLS LAST) END::INTEGER AS rank,
       s.active, s.listed, s.share, e.exit_rate
     FROM shares s LEFT JOIN exits e USING (region)
     ORDER BY s.share DESC NULLS LAST, s.region`;
}

export async function regionSummary(db: Engine, f: Filter = {}): Promise<RegionRow[]> {
  const b = new SqlBuilder();
  return db.query<RegionRow>(regionSummarySql(b, f), b.params);
}
