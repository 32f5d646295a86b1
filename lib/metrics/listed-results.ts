// Results of the schools on a list against the territory's other schools and the region, year by year
// (the report's comparison): every indicator summed from result_totals, as the other result metrics do.
import type { Engine } from '../db/engine';
import { SqlBuilder } from '../sql';
import { areaWhere, DEFAULT_LIST, type Filter } from '../filters';
import { INDICATORS, OVER_TOTALS, resultTotals, type Indicators } from './results';

/** The subjects a municipal report compares by default (ВПР, ОГЭ and ЕГЭ in each). */
export const KEY_SUBJECTS = ['Русский язык', 'Математика'] as const;

export type ComparisonGroup = 'listed' | 'others' | 'region';

export interface ListedResultRow extends Indicators {
  procedure: string;
  subject: string;
  year: number;
  /**
   * listed: the area's schools on the list in `f.year`; others: the area's other schools; region: every school
   * of the chosen regions (of the data, without a choice).
   */
  group: ComparisonGroup;
  schools: number;
  participants: number;
}

/**
 * Per procedure, key subject (all grades), result year and group. The listed schools are those on the list
 * in `f.year` (default: its latest published year), followed over every year of results.
 */
export async function listedVsOthers(
  db: Engine,
  f: Filter = {},
  subjectNames: readonly string[] = KEY_SUBJECTS,
): Promise<ListedResultRow[]> {
  await resultTotals(db);
  const b = new SqlBuilder();
  const list = b.p(f.list ?? DEFAULT_LIST);
  const year = f.year
    ? `${b.p(f.year)}::INTEGER`
    : `(SELECT max(year) FROM list_published WHERE list = ${list})`;
  const subjects = b.list([...subjectNames]);
  const totals = `count(*)::INTEGER AS schools, sum(r.participants)::INTEGER AS participants, ${INDICATORS.map((i) => `${i.sql(OVER_TOTALS)} AS ${i.key}`).join(', ')}`;
  return db.query<ListedResultRow>(
    `WITH listed AS (SELECT school_id FROM list_membership WHERE list = ${list} AND year = ${year}),
     base AS MATERIALIZED (
       SELECT r.*, ${areaWhere(b, f)} AS in_area, l.school_id IS NOT NULL AS is_listed
       FROM result_totals r JOIN school_dim d USING (school_id) LEFT JOIN listed l USING (school_id)
       WHERE r.grade IS NULL AND list_contains(${subjects}, r.subject) AND ${areaWhere(b, { regions: f.regions })})
     SELECT r.procedure, r.subject, r.year, r."group", ${totals}
     FROM (SELECT *, CASE WHEN is_listed THEN 'listed' ELSE 'others' END AS "group" FROM base WHERE in_area
           UNION ALL SELECT *, 'region' AS "group" FROM base) r
     GROUP BY ALL ORDER BY r.procedure, r.subject, r.year, r."group"`,
    b.params,
  );
}
