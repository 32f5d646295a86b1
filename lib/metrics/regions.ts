// The country view: one row per region — active schools, listed schools, their share, the exit rate into
// the year — ranked by the share of schools on the list.
import type { Engine } from '../db/engine';
import { SqlBuilder } from '../sql';
import type { Filter } from '../filters';
import { territoryCountsCtes } from './municipalities';

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

/**
 * For `f.year` (default: the list's latest published year). With regions chosen, their rows alone, each with
 * its place among all the regions of the data (a region chosen alone is not «1»). With municipalities chosen no
 * place: a region's municipalities are not the region.
 */
export function regionSummarySql(b: SqlBuilder, f: Filter = {}): string {
  const ranked = `SELECT s.region, (SELECT year FROM y) AS year,
       CASE WHEN s.share IS NOT NULL AND ${f.municipalities?.length ? 'false' : 'true'} THEN rank() OVER (ORDER BY s.share DESC NULLS LAST) END::INTEGER AS rank,
       s.active, s.listed, s.share, e.exit_rate
     FROM counts s LEFT JOIN exits e USING (region)`;
  if (!f.regions?.length)
    return `WITH ${territoryCountsCtes(b, f, 'region')} ${ranked} ORDER BY s.share DESC NULLS LAST, s.region`;
  return `WITH ${territoryCountsCtes(b, { ...f, regions: undefined }, 'region')}
     SELECT * FROM (${ranked}) WHERE list_contains(${b.list(f.regions)}, region)
     ORDER BY share DESC NULLS LAST, region`;
}

export async function regionSummary(db: Engine, f: Filter = {}): Promise<RegionRow[]> {
  const b = new SqlBuilder();
  return db.query<RegionRow>(regionSummarySql(b, f), b.params);
}
