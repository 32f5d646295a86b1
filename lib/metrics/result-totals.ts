// The additive parts of the result indicators and their totals per school, year and slice (procedure ×
// subject or all × grade or all): the derived table every result metric reads instead of grouping the
// result rows again on each filter change.

/**
 * The parts, from one result row `r`. An indicator is a ratio of their totals, so totals per school can be
 * summed again per municipality or region and the value stays exact.
 */
export const PARTS = {
  participants: 'r.participants',
  m2: 'r.m2',
  m3: 'r.m3',
  m4: 'r.m4',
  m5: 'r.m5',
  /** Participants of rows that have marks (ЕГЭ rows have none). */
  p_marks: 'CASE WHEN r.m2 IS NOT NULL THEN r.participants END',
  score_sum: 'r.mean_score * r.participants',
  p_score: 'CASE WHEN r.mean_score IS NOT NULL THEN r.participants END',
  below_min: 'r.below_min',
  p_below: 'CASE WHEN r.below_min IS NOT NULL THEN r.participants END',
  high_80: 'r.high_80',
  p_high: 'CASE WHEN r.high_80 IS NOT NULL THEN r.participants END',
};
export type Part = keyof typeof PARTS;
const COUNTS: Part[] = ['participants', 'p_marks', 'p_score', 'p_below', 'p_high'];

/** The result rows with their parts: the slice source when both a subject and a grade are chosen. */
export const RESULT_PARTS_SQL = `(SELECT r.procedure, r.subject, r.grade::INTEGER AS grade, r.year::INTEGER AS year, r.school_id,
  ${(Object.keys(PARTS) as Part[]).map((k) => `${PARTS[k]} AS ${k}`).join(', ')} FROM results r)`;

/**
 * One row per procedure, subject (NULL: all subjects), grade (NULL: all grades), year and school, with the
 * parts' totals over `results`; a subject with a grade is left to the result rows themselves. Sorted so
 * that a slice is read from a few row groups.
 */
export const RESULT_TOTALS_SQL = `
  SELECT r.procedure, r.subject, r.grade::INTEGER AS grade, r.year::INTEGER AS year, r.school_id,
    ${(Object.keys(PARTS) as Part[]).map((k) => `sum(${PARTS[k]})${COUNTS.includes(k) ? '::BIGINT' : ''} AS ${k}`).join(', ')}
  FROM results r
  GROUP BY GROUPING SETS ((r.procedure, r.subject, r.year, r.school_id), (r.procedure, r.grade, r.year, r.school_id), (r.procedure, r.year, r.school_id))
  ORDER BY r.procedure, r.subject NULLS FIRST, r.grade NULLS FIRST, r.year, r.school_id`;

/**
 * The same parts' totals per region and municipality (school_dim's) instead of per school, slices of a subject
 * with a grade included, and the schools counted (`school_count`): the region's and the municipalities' values
 * («Муниципалитеты», the benchmarks of «Динамика» and «Карточка ОО») read these 13 thousand rows of the demo
 * (a country's few hundred thousand) instead of every school's 245 thousand (6.4 million). «Муниципалитеты»
 * with a filter that picks schools inside a municipality (type, location, one school) still reads result_totals.
 */
export const AREA_TOTALS_SQL = `
  SELECT r.procedure, r.subject, r.grade::INTEGER AS grade, r.year::INTEGER AS year, d.region, d.municipality,
    count(DISTINCT r.school_id)::INTEGER AS school_count,
    ${(Object.keys(PARTS) as Part[]).map((k) => `sum(${PARTS[k]})${COUNTS.includes(k) ? '::BIGINT' : ''} AS ${k}`).join(', ')}
  FROM results r JOIN school_dim d USING (school_id)
  GROUP BY GROUPING SETS ((r.procedure, r.subject, r.grade, r.year, d.region, d.municipality),
    (r.procedure, r.subject, r.year, d.region, d.municipality), (r.procedure, r.grade, r.year, d.region, d.municipality),
    (r.procedure, r.year, d.region, d.municipality))
  ORDER BY r.procedure, r.subject NULLS FIRST, r.grade NULLS FIRST, r.year, d.region, d.municipality`;

/**
 * How a prepared file stores area_totals: by the kind of slice first, so that the totals over all subjects and
 * grades («Муниципалитеты») fill the first row group and DuckDB skips the rest by their columns' NULL statistics.
 */
export const AREA_TOTALS_ORDER =
  '(subject IS NOT NULL)::INTEGER + 2 * (grade IS NOT NULL)::INTEGER, procedure, subject, grade, year, region, municipality';
