// The statistical tests behind the objectivity signs («Методика» → «Признаки необъективности»): for every
// school, year and ВПР paper (grade × subject), what the school shows against what its region's rates and the
// school's own other results predict, as a standardised score z that allows for normal variation between
// schools. Built once per data change as derived tables; the settings (z threshold, minimum pupils) only
// filter them, so a change of settings reads a prepared table.
//
// Every share is compared on the variance-stabilising scale y = asin(√((x + 3/8) / (n + 3/4))), whose
// sampling variance is 1 / (4n + 2) whatever the share; the unconfirmed test's mean mark is compared on its own
// scale (UNCONFIRMED_SQL). Between-school variation (overdispersion) is the
// additive random effect τ² of Spiegelhalter's funnel plots, estimated per test group (indicator, measure,
// region, year, subject, grade) from the papers with TAU_MIN_PUPILS+ pupils (TAU2_SQL), and the test's score is
// z = (y − y₀) / √(s² + τ²). The journal, unconfirmed and peaks tests of a paper are also pooled over the years
// before it (PAPER_YEARS_SQL), for a class that inflates a little year after year.
import { sqlString, type SqlBuilder } from '../sql';
import { UNKNOWN_AREA } from '../filters';

/** Smaller papers are not tested at all: the least pupils a setting can ask for. */
export const MIN_PAPER_PUPILS = 5;
/** The least evidence a setting can ask for: weaker tests are not kept as candidates. */
export const MIN_SETTING_Z = 2;
/** Pupils a paper needs to enter the estimate of between-school variation (FIOKO: 20–30 is a rough minimum). */
export const TAU_MIN_PUPILS = 20;
/** Pupils at or just under a paper's mark thresholds that the peaks test needs. */
export const PEAK_MIN_WINDOW = 10;
/** Pupils each paper of a class needs to anchor, or be anchored by, the other subjects of the class. */
export const OWN_MIN_PUPILS = 10;
/** An indicator counts towards a paper's joint evidence (and is named as fired) when its own z ≥ this. */
export const PAPER_Z = 2;
/**
 * A paper high against the region is a journal sign only when it also stands out from its own class by this
 * much: a strict journal raises the share above it unevenly across subjects (most where the paper is easy),
 * so 2 is too little (the independent evaluation region, data/eval/independent.ts).
 */
export const JOURNAL_CLASS_Z = 3;
/**
 * A journal sign says the ВПР marks were raised, which raises the paper's mean mark against what the school's
 * ОГЭ (or its past) predicts: the paper's unconfirmed z must reach this where the paper has that test — PAPER_Z,
 * the level at which any test counts as a paper's evidence. A teacher who marks strictly raises the share above
 * the journal without raising the ВПР marks (a third region written blind to the method: docs/OBJECTIVITY.md).
 */
export const JOURNAL_CONFIRM_Z = 2;
/** Years a paper's journal, unconfirmed and peaks tests are pooled over (this one and the ones before it). */
export const POOLED_YEARS = 3;
/** Pupils a paper needs in both years for any change test. */
export const CHANGE_MIN_PUPILS = 10;
/** A sharp change is a real improvement, not a sign, when the school's ОГЭ or its papers in other grades rose with z ≥ this. */
export const CONFIRM_Z = 2;
/** …and a whole class, not a paper, when every other subject of the grade rose with z ≥ this. */
export const CLASS_Z = 1;
/** …and a cohort effect when the same pupils (the grade below, last year) did not rise with z ≥ this. */
export const COHORT_Z = 2;

/**
 * The steps carry a test's indicator and measure as ENUMs (a byte each, where text cost 1.4–2.6 × as much to
 * write, join and group on in DuckDB-wasm); objectivity_candidates names them as text again. A value outside
 * the list stops the build.
 */
const INDICATOR = `ENUM('journal', 'lenient', 'peaks', 'jump', 'cohort', 'gia', 'unconfirmed')`;
const MEASURE = `ENUM('raised', 'lowered', 'at_threshold', 'quality', 'gia', 'past', 'raised_own', 'gia_own', 'past_own')`;

/**
 * Between-school variance of a group's residuals, robustly: the residuals' spread from their interquartile
 * range (IQR / 1,349 is σ for a normal distribution, and the quarter of schools at either end, inflating ones
 * among them, do not move it) less the typical sampling variance; 0 for fewer than 10 schools.
 */
const TAU2_SQL = (resid: string) =>
  `CASE WHEN count(*) < 10 THEN 0 ELSE greatest(0, power((quantile_cont(${resid}, [0.25, 0.75])[2] - quantile_cont(${resid}, [0.25, 0.75])[1]) / 1.349, 2) - quantile_cont(s2, 0.5)) END`;

const ans = (x: string, n: string) => `asin(sqrt(((${x}) + 0.375) / ((${n}) + 0.75)))`;
const asinSqrt = (p: string) => `asin(sqrt(least(greatest(${p}, 0), 1)))`;
const sampleVar = (n: string) => `1.0 / (4 * (${n}) + 2)`;

/** «3» from the participants when the row leaves it out. */
const M3 = 'coalesce(m3, participants - m2 - m4 - m5)';
/** Pupils with a mark, the sum of their marks (2–5) and of the marks squared: the mean mark and its spread. */
const MARK_SUMS = `sum(m2 + ${M3} + m4 + m5) AS marked, sum(2 * m2 + 3 * ${M3} + 4 * m4 + 5 * m5) AS marks,
    sum(4 * m2 + 9 * ${M3} + 16 * m4 + 25 * m5) AS marks_sq`;

/**
 * Subjects by number: the steps join and group on the subject's hash (Cyrillic names are too long for DuckDB's
 * inline strings, so a text key costs about twice a number) and name it again in objectivity_candidates. Two
 * subjects with one hash stop the build.
 */
const SUBJECTS_SQL = `
  SELECT subject, hash(subject) AS code
  FROM (SELECT subject FROM results UNION SELECT subject FROM vpr_journal UNION SELECT subject FROM score_dist UNION SELECT 'ОГЭ')
  QUALIFY CASE WHEN count(*) OVER (PARTITION BY code) > 1 THEN error('objectivity: two subjects share a hash') ELSE true END`;

/** The result rows a ВПР paper's tests read: ВПР with its marks. */
export const VPR_PAPER_ROWS = `procedure = 'ВПР' AND participants > 0 AND m2 IS NOT NULL AND m4 IS NOT NULL AND m5 IS NOT NULL`;

/**
 * A school's region as a small number (`rg`, two bytes a test): every rate a school is compared with is its
 * region's, so that a country's data compares each school within its own region, as that region's data alone
 * would. With one named region (a region's own data), a school no table places (UNKNOWN_AREA)
 * is of that region; with several, the unplaced schools are compared among themselves.
 */
export const REGION_KEY_SQL = `(
  SELECT d.school_id, CASE WHEN k.named <= 1 THEN 1 ELSE r.rg END::USMALLINT AS rg
  FROM school_dim d
  JOIN (SELECT region, row_number() OVER (ORDER BY region) AS rg FROM (SELECT DISTINCT region FROM school_dim)) r USING (region)
  CROSS JOIN (SELECT count(DISTINCT region) FILTER (WHERE region <> ${sqlString(UNKNOWN_AREA)}) AS named FROM school_dim) k)`;
const REGIONS_SQL = `regions AS ${REGION_KEY_SQL}`;

/** ВПР papers: one row per school, year, subject and grade with MIN_PAPER_PUPILS+ pupils, with mark counts. */
const PAPERS_SQL = (b: SqlBuilder) => `
  SELECT school_id, any_value(g.rg) AS rg, year::INTEGER AS year, hash(subject) AS subject, grade::INTEGER AS grade,
    sum(participants)::DOUBLE AS n, sum(m2) AS m2, sum(m4) + sum(m5) AS good, ${MARK_SUMS}
  FROM results JOIN regions g USING (school_id)
  WHERE ${VPR_PAPER_ROWS}
  GROUP BY school_id, year, subject, grade HAVING sum(participants) >= ${b.p(MIN_PAPER_PUPILS)}::INTEGER`;

/**
 * The ВПР journal comparison in pupils per school, year, subject (`subject` names it from a column) and grade:
 * raised, lowered and `n`. Only a total near 1 or 100 may be shares: those rows alone need the paper's
 * participants from results, whatever its size (a journal in counts is taken at any size too). A total near
 * 100 that is not the participants is percent, and without results the row is left out: a tiny school's
 * «100 %» is not 100 pupils.
 */
export const journalPupilsSql = (subject: (column: string) => string) => `
  WITH journal_in AS (
    SELECT school_id, year::INTEGER AS year, ${subject('subject')} AS subject, grade::INTEGER AS grade,
      sum(raised) AS raised, sum(lowered) AS lowered, sum(lowered + confirmed + raised) AS total
    FROM vpr_journal GROUP BY ALL),
  shares AS (SELECT * FROM journal_in WHERE total BETWEEN 0.99 AND 1.01 OR total BETWEEN 99 AND 101),
  pupils AS (
    SELECT r.school_id, r.year::INTEGER AS year, ${subject('r.subject')} AS subject, r.grade::INTEGER AS grade,
      sum(r.participants)::DOUBLE AS n
    FROM results r SEMI JOIN shares j
      ON j.school_id = r.school_id AND j.year = r.year AND j.subject = ${subject('r.subject')} AND j.grade = r.grade
    WHERE r.procedure = 'ВПР' AND r.participants > 0 GROUP BY ALL)
  SELECT school_id, year, subject, grade, raised * k AS raised, lowered * k AS lowered, total * k AS n
  FROM (
    SELECT j.*, CASE
        WHEN j.total BETWEEN 0.99 AND 1.01 OR p.n IS NULL OR round(j.total) <> p.n THEN p.n / j.total
        ELSE 1 END AS k
    FROM shares j LEFT JOIN pupils p USING (school_id, year, subject, grade)
    UNION ALL
    SELECT *, 1::DOUBLE FROM journal_in WHERE NOT (total BETWEEN 0.99 AND 1.01 OR total BETWEEN 99 AND 101))
  WHERE k IS NOT NULL AND total > 0`;

/** Journal comparison, both sides (raised = ВПР mark above the journal mark; lowered = below), in pupils. */
const JOURNAL_SQL = `
  journal_counts AS MATERIALIZED (
    SELECT j.*, g.rg FROM (${journalPupilsSql((c) => `hash(${c})`)}) j JOIN regions g USING (school_id)),
  journal_region AS (
    SELECT rg, year, subject, grade, sum(raised) / sum(n) AS p_raised, sum(lowered) / sum(n) AS p_lowered
    FROM journal_counts GROUP BY ALL),
  journal_tests AS (
    SELECT 'journal' AS indicator, 'raised' AS measure, c.school_id, c.rg, c.year, c.subject, c.grade, c.n AS pupils,
      c.raised / c.n AS observed, r.p_raised AS expected,
      ${ans('c.raised', 'c.n')} AS y, ${asinSqrt('r.p_raised')} AS y0, ${sampleVar('c.n')} AS s2,
      c.raised AS count_observed, r.p_raised * c.n AS count_expected, NULL::DOUBLE AS base, NULL::DOUBLE AS base_n,
      0.0 AS s2_shared
    FROM journal_counts c JOIN journal_region r USING (rg, year, subject, grade)
    UNION ALL
    SELECT 'lenient', 'lowered', c.school_id, c.rg, c.year, c.subject, c.grade, c.n,
      c.lowered / c.n, r.p_lowered, ${ans('c.lowered', 'c.n')}, ${asinSqrt('r.p_lowered')}, ${sampleVar('c.n')},
      c.lowered, r.p_lowered * c.n, NULL, NULL, 0.0
    FROM journal_counts c JOIN journal_region r USING (rg, year, subject, grade))`;

/**
 * Peaks at mark thresholds: of the pupils at a mark's minimum score («3», «4», «5») or up to two scores under
 * it, the share exactly at the minimum, pooled over the paper's thresholds, against the region's share for
 * the same thresholds. Fitting to a threshold moves pupils from just under the minimum onto it: the scores
 * under it empty as the minimum fills, and both move this share.
 */
const PEAKS_SQL = (b: SqlBuilder) => `
  peak_papers AS (
    SELECT school_id, year, hash(subject) AS subject, grade, sum(at_min) AS o, sum(around) AS m, sum(p_region * around) AS e,
      max(pupils) AS scored
    FROM objectivity_windows GROUP BY ALL),
  -- Pupils from results, or from the score distribution for a paper without results.
  peak_tests AS (
    SELECT 'peaks' AS indicator, 'at_threshold' AS measure, k.school_id, g.rg, k.year, k.subject, k.grade,
      coalesce(p.n, k.scored) AS pupils, k.o / k.m AS observed, k.e / k.m AS expected,
      ${ans('k.o', 'k.m')} AS y, ${asinSqrt('k.e / k.m')} AS y0, ${sampleVar('k.m')} AS s2,
      k.o AS count_observed, k.e AS count_expected, k.m AS base, NULL::DOUBLE AS base_n, 0.0 AS s2_shared
    FROM peak_papers k JOIN regions g USING (school_id) LEFT JOIN papers p USING (school_id, year, subject, grade)
    WHERE k.m >= ${b.p(PEAK_MIN_WINDOW)}::INTEGER)`;

/**
 * Sharp change: the paper's change in quality («4» and «5») from last year (same subject and grade: another
 * cohort of pupils) minus the region's change for the same paper. The same
 * comparison for the same pupils a year earlier (grade − 1) is the «cohort» test, and ОГЭ quality (all
 * subjects) the «gia» test: both only decide whether a change is a sign (they are never signs).
 */
const CHANGE_SQL = (b: SqlBuilder) => `
  paper_region AS (SELECT rg, year, subject, grade, sum(good) / sum(n) AS q FROM papers GROUP BY ALL),
  -- Papers that can take part in a change, with the region's quality of the paper that year.
  paper_q AS MATERIALIZED (
    SELECT c.*, r.q FROM papers c JOIN paper_region r USING (rg, year, subject, grade)
    WHERE c.n >= ${b.p(CHANGE_MIN_PUPILS)}::INTEGER),
  change_pairs AS MATERIALIZED (
    SELECT 'jump' AS indicator, c.* EXCLUDE (q), p.n AS n0, p.good AS good0, c.q AS rq1, p.q AS rq0
    FROM paper_q c JOIN paper_q p ON p.school_id = c.school_id AND p.subject = c.subject AND p.grade = c.grade AND p.year = c.year - 1
    UNION ALL
    SELECT 'cohort', c.* EXCLUDE (q), p.n, p.good, c.q, p.q
    FROM paper_q c JOIN paper_q p ON p.school_id = c.school_id AND p.subject = c.subject AND p.grade = c.grade - 1 AND p.year = c.year - 1),
  change_tests AS (
    SELECT indicator, 'quality' AS measure, school_id, rg, year, subject, grade, least(n, n0) AS pupils,
      good / n AS observed, power(sin(${ans('good0', 'n0')} + ${asinSqrt('rq1')} - ${asinSqrt('rq0')}), 2) AS expected,
      ${ans('good', 'n')} - ${ans('good0', 'n0')} AS y, ${asinSqrt('rq1')} - ${asinSqrt('rq0')} AS y0,
      ${sampleVar('n')} + ${sampleVar('n0')} AS s2, good AS count_observed, NULL::DOUBLE AS count_expected,
      good0 / n0 AS base, n0 AS base_n, 0.0 AS s2_shared
    FROM change_pairs),
  -- Quality from every ОГЭ row with «4» and «5»; the mark sums (mean mark) skip rows without «2» by themselves.
  gia AS MATERIALIZED (
    SELECT school_id, any_value(g.rg) AS rg, year::INTEGER AS year, sum(participants)::DOUBLE AS n, sum(m4) + sum(m5) AS good, ${MARK_SUMS}
    FROM results JOIN regions g USING (school_id)
    WHERE procedure = 'ОГЭ' AND participants > 0 AND m4 IS NOT NULL AND m5 IS NOT NULL
    GROUP BY school_id, year),
  gia_region AS (SELECT rg, year, sum(good) / sum(n) AS q FROM gia GROUP BY ALL),
  gia_tests AS (
    SELECT 'gia' AS indicator, 'quality' AS measure, c.school_id, c.rg, c.year, hash('ОГЭ') AS subject, 9 AS grade, least(c.n, p.n) AS pupils,
      c.good / c.n AS observed, NULL::DOUBLE AS expected,
      ${ans('c.good', 'c.n')} - ${ans('p.good', 'p.n')} AS y, ${asinSqrt('rc.q')} - ${asinSqrt('rp.q')} AS y0,
      ${sampleVar('c.n')} + ${sampleVar('p.n')} AS s2, NULL::DOUBLE AS count_observed, NULL::DOUBLE AS count_expected,
      p.good / p.n AS base, p.n AS base_n, 0.0 AS s2_shared
    FROM gia c JOIN gia p ON p.school_id = c.school_id AND p.year = c.year - 1
    JOIN gia_region rc ON rc.rg = c.rg AND rc.year = c.year JOIN gia_region rp ON rp.rg = c.rg AND rp.year = p.year)`;

/**
 * Unconfirmed high results: the paper's mean mark (2–5, every mark counts, so raising «3» to «4» and «4» to
 * «5» both show) against the mean mark that the school's ОГЭ (all subjects, this year and last pooled)
 * predicts, by a straight line fitted per paper over the region's schools; a school without ОГЭ (primary
 * schools) is predicted from its own same paper in the two previous years. A mean's sampling variance is the
 * pupils' variance of marks within a school, pooled over the region's schools (one school's own spread is too
 * noisy in a class of 10), over the pupils with a mark; the predictor's enters through the line's slope.
 */
const UNCONFIRMED_SQL = (b: SqlBuilder) => `
  gia_two AS (
    SELECT c.school_id, c.year, c.marked + coalesce(p.marked, 0) AS xn, c.marks + coalesce(p.marks, 0) AS xmarks,
      c.marks_sq + coalesce(p.marks_sq, 0) AS xsq
    FROM gia c LEFT JOIN gia p ON p.school_id = c.school_id AND p.year = c.year - 1),
  paper_gia AS MATERIALIZED (
    SELECT v.school_id, v.rg, v.year, v.subject, v.grade, v.n, v.marked, v.marks, v.marks_sq, g.xn, g.xmarks, g.xsq
    FROM papers v LEFT JOIN gia_two g USING (school_id, year) WHERE v.marked > 0),
  predictors AS MATERIALIZED (
    SELECT * EXCLUDE (xn, xmarks, xsq), 'gia' AS source, xn, xmarks, xsq FROM paper_gia WHERE xn > 0
    UNION ALL
    -- The rest (no ОГЭ, as in a primary school) from the same paper in the two previous years: only these look back.
    SELECT c.* EXCLUDE (xn, xmarks, xsq), CASE WHEN c.xn IS NOT NULL THEN 'gia' ELSE 'past' END,
      coalesce(c.xn, p1.marked + p2.marked, p1.marked, p2.marked),
      coalesce(c.xmarks, p1.marks + p2.marks, p1.marks, p2.marks),
      coalesce(c.xsq, p1.marks_sq + p2.marks_sq, p1.marks_sq, p2.marks_sq)
    FROM paper_gia c
    LEFT JOIN papers p1 ON p1.school_id = c.school_id AND p1.subject = c.subject AND p1.grade = c.grade AND p1.year = c.year - 1
    LEFT JOIN papers p2 ON p2.school_id = c.school_id AND p2.subject = c.subject AND p2.grade = c.grade AND p2.year = c.year - 2
    WHERE c.xn > 0 IS NOT TRUE AND coalesce(p1.marked + p2.marked, p1.marked, p2.marked) > 0),
  fit AS (
    SELECT rg, year, subject, grade, source,
      regr_slope(marks / marked, xmarks / xn) AS b, regr_intercept(marks / marked, xmarks / xn) AS a
    FROM predictors WHERE n >= ${b.p(TAU_MIN_PUPILS)}::INTEGER AND xn >= ${b.p(TAU_MIN_PUPILS)}::INTEGER
    GROUP BY ALL HAVING count(*) >= 10),
  -- Pupils' variance of marks within a school, pooled over the region: of the paper (v) and of the predictor (vx).
  spread AS (
    SELECT rg, year, subject, grade, source,
      nullif(sum(marks_sq - marks * marks / marked), 0) / nullif(sum(marked - 1), 0) AS v,
      sum(xsq - xmarks * xmarks / xn) / nullif(sum(xn - 1), 0) AS vx
    FROM predictors GROUP BY ALL),
  unconfirmed_tests AS (
    SELECT 'unconfirmed' AS indicator, source AS measure, p.school_id, p.rg, p.year, p.subject, p.grade, p.n AS pupils,
      p.marks / p.marked AS observed, least(greatest(f.a + f.b * p.xmarks / p.xn, 2), 5) AS expected,
      p.marks / p.marked AS y, f.a + f.b * p.xmarks / p.xn AS y0,
      s.v / p.marked + f.b * f.b * coalesce(s.vx, 0) / p.xn AS s2, NULL::DOUBLE AS count_observed,
      NULL::DOUBLE AS count_expected, p.xmarks / p.xn AS base, p.xn AS base_n,
      f.b * f.b * coalesce(s.vx, 0) / p.xn AS s2_shared
    FROM predictors p JOIN fit f USING (rg, year, subject, grade, source) JOIN spread s USING (rg, year, subject, grade, source))`;

/**
 * Whether a score distribution is given in shares rather than pupils: a fractional value, a total near 1, or a
 * total near 100 that is not the paper's participants `n`. The margins are wider than the journal's: 20–40
 * rounded shares need not sum to exactly 100.
 */
const sharesSql = (total: string, fractional: string, n: string) =>
  `(${fractional} OR ${total} <= 1.1 OR (${total} BETWEEN 90 AND 110 AND (${n} IS NULL OR round(${total}) <> ${n})))`;
/** A paper in shares may be one, whatever its participants: only these need them looked up. */
const maybeSharesSql = (total: string, fractional: string) => sharesSql(total, fractional, 'NULL');

/**
 * The factor `k` that turns a paper's score distribution into pupils: 1 for counts; for shares, the paper's
 * participants from results over the total, or NULL without results (a tiny school's «100 %» is not 100 pupils,
 * so the paper is left out). `dist` has the paper's columns, `total` and `fractional`.
 */
const scoreFactorSql = (dist: string) => `
  SELECT d.*, CASE WHEN ${sharesSql('d.total', 'd.fractional', 'p.n')} THEN p.n / d.total ELSE 1 END AS k
  FROM ${dist} d LEFT JOIN (
    SELECT r.school_id, r.year::INTEGER AS year, r.subject, r.grade::INTEGER AS grade, sum(r.participants) AS n
    FROM results r SEMI JOIN (SELECT * FROM ${dist} WHERE ${maybeSharesSql('total', 'fractional')}) x
      ON x.school_id = r.school_id AND x.year = r.year AND x.subject = r.subject AND x.grade = r.grade
    WHERE r.procedure = 'ВПР' GROUP BY ALL) p USING (school_id, year, subject, grade)
  WHERE d.total > 0`;

/** ВПР score distributions in pupils (scoreFactorSql), for the rows that `where` keeps (it may name school_id and year). */
export const scoreCountsSql = (where: string) => `
  WITH d AS (SELECT school_id, year::INTEGER AS year, subject, grade::INTEGER AS grade, score::INTEGER AS score, "count"
             FROM score_dist WHERE procedure = 'ВПР' AND ${where}),
  dist AS (SELECT school_id, year, subject, grade, sum("count") AS total, bool_or("count" <> round("count")) AS fractional
           FROM d GROUP BY ALL)
  SELECT d.school_id, d.year, d.subject, d.grade, d.score, d."count" * k.k AS "count"
  FROM d JOIN (${scoreFactorSql('dist')}) k USING (school_id, year, subject, grade)
  WHERE k.k IS NOT NULL`;

const MARKS_AT = [3, 4, 5];
/** Schools in pupils with marks that a paper's inferred scale needs, at least. */
export const SCALE_MIN_SCHOOLS = 10;
/** Share of those schools whose marks an inferred minimum score must agree with. */
export const SCALE_AGREEMENT = 0.95;

/**
 * The ВПР mark scales the peaks test reads: each mark's («3», «4», «5») minimum score from mark_scales, and for a
 * paper (year, subject, grade) with score distributions but no scale, inferred from its schools that give the
 * distribution (in pupils, or in shares that come back to whole pupils) beside their marks (results). A mark's
 * minimum t splits a school's pupils as their marks do, so each such school allows an interval of t: above the
 * highest score of its pupils with a lower mark, up to the lowest score of the others. The minimum is the end
 * of the first stretch of t allowed by the most schools (the lowest score seen with the mark), taken when
 * SCALE_MIN_SCHOOLS+ schools give an interval and SCALE_AGREEMENT of them allow it. `inferred` says which.
 */
const SCALES_SQL = (b: SqlBuilder) => `
  WITH given AS (
    SELECT year::INTEGER AS year, subject, grade::INTEGER AS grade, mark::INTEGER AS mark, max(min_score)::INTEGER AS min_score
    FROM mark_scales WHERE procedure = 'ВПР' AND mark BETWEEN 3 AND 5 GROUP BY ALL),
  -- The papers without a scale, per score, with each school-paper's total and its participants and marks.
  scores AS MATERIALIZED (
    SELECT d.school_id, d.year::INTEGER AS year, d.subject, d.grade::INTEGER AS grade, d.score::INTEGER AS score,
      sum(d."count") AS c
    FROM score_dist d ANTI JOIN given g ON g.year = d.year AND g.subject = d.subject AND g.grade = d.grade
    WHERE d.procedure = 'ВПР' GROUP BY ALL),
  totals AS (
    SELECT school_id, year, subject, grade, sum(c) AS total, bool_or(c <> round(c)) AS fractional
    FROM scores GROUP BY ALL),
  marks AS MATERIALIZED (
    SELECT r.school_id, r.year::INTEGER AS year, r.subject, r.grade::INTEGER AS grade,
      sum(r.participants) AS participants, sum(r.m2) AS m2, sum(${M3}) AS m3, sum(r.m4) AS m4,
      sum(r.m2 + ${M3} + r.m4 + r.m5) AS n
    FROM results r SEMI JOIN totals d
      ON d.school_id = r.school_id AND d.year = r.year AND d.subject = r.subject AND d.grade = r.grade
    WHERE r.procedure = 'ВПР' AND r.m2 IS NOT NULL AND r.m4 IS NOT NULL AND r.m5 IS NOT NULL GROUP BY ALL),
  -- In pupils: shares (sharesSql) converted with the participants, as scoreFactorSql does.
  dist AS (
    SELECT d.school_id, d.year, d.subject, d.grade, d.score,
      d.c * CASE WHEN ${sharesSql('t.total', 't.fractional', 'm.participants')} THEN m.participants / t.total ELSE 1 END AS c
    FROM scores d JOIN totals t USING (school_id, year, subject, grade) JOIN marks m USING (school_id, year, subject, grade)
    WHERE t.total > 0),
  -- Pupils under each mark: «2» for «3», «2» and «3» for «4», and so on.
  below AS (
    SELECT school_id, year, subject, grade, n, unnest([3, 4, 5]) AS mark, unnest([m2, m2 + m3, m2 + m3 + m4]) AS below
    FROM marks),
  -- Shares come back to pupils only nearly (rounded percent): each score's pupils rounded, exact if all were near.
  cum AS (
    SELECT *, sum(c) OVER (PARTITION BY school_id, year, subject, grade ORDER BY score) - c AS before,
      sum(c) OVER (PARTITION BY school_id, year, subject, grade) AS total
    FROM (SELECT * REPLACE (round(c) AS c), abs(c - round(c)) < 0.2 AS exact FROM dist)),
  -- One interval of t per school and mark; a distribution not of the marks' pupils allows none.
  bounds AS (
    SELECT d.year, d.subject, d.grade, m.mark,
      coalesce(max(d.score) FILTER (WHERE d.before < m.below) + 1, -1) AS lo,
      coalesce(min(d.score) FILTER (WHERE d.before + d.c > m.below), 9999) AS hi
    FROM cum d JOIN below m USING (school_id, year, subject, grade)
    WHERE d.total = m.n
    GROUP BY d.school_id, d.year, d.subject, d.grade, m.mark HAVING bool_and(d.exact)),
  -- How many intervals allow each t: +1 where one begins, −1 after it ends.
  cover AS (
    SELECT year, subject, grade, mark, v, sum(d) OVER w AS allowed, lead(v) OVER w - 1 AS v_end
    FROM (SELECT year, subject, grade, mark, v, sum(d) AS d
          FROM (SELECT year, subject, grade, mark, lo AS v, 1 AS d FROM bounds WHERE lo <= hi
                UNION ALL SELECT year, subject, grade, mark, hi + 1, -1 FROM bounds WHERE lo <= hi)
          GROUP BY ALL)
    WINDOW w AS (PARTITION BY year, subject, grade, mark ORDER BY v)),
  inferred AS (
    SELECT c.year, c.subject, c.grade, c.mark, arg_min(c.v_end, c.v) AS min_score, max(c.allowed) AS allowed,
      any_value(k.counted) AS counted
    FROM (SELECT * FROM cover QUALIFY allowed = max(allowed) OVER (PARTITION BY year, subject, grade, mark)) c
    JOIN (SELECT year, subject, grade, mark, count(*) AS counted FROM bounds GROUP BY ALL) k
      USING (year, subject, grade, mark)
    GROUP BY ALL)
  SELECT year, subject, grade, mark, min_score, false AS inferred FROM given
  UNION ALL
  SELECT year, subject, grade, mark, min_score::INTEGER, true FROM inferred
  WHERE counted >= ${b.p(SCALE_MIN_SCHOOLS)}::INTEGER AND allowed >= ${b.p(SCALE_AGREEMENT)}::DOUBLE * counted
    AND min_score BETWEEN 0 AND 9998`;

/**
 * Pupils at each mark's minimum score or up to two scores under it, per paper and mark, with the paper's pupils
 * and the region's share exactly at the minimum. One pass over the distributions gives each paper's total and
 * its three windows; the factor of scoreFactorSql turns them into pupils.
 */
const WINDOWS_SQL = `
  WITH scale AS (
    SELECT year, subject, grade,
      ${MARKS_AT.map((m) => `max(min_score) FILTER (WHERE mark = ${m}) AS t${m}`).join(', ')}
    FROM objectivity_scales GROUP BY ALL),
  dist AS MATERIALIZED (
    SELECT d.school_id, s.year, s.subject, s.grade, sum(d."count") AS total, bool_or(d."count" <> round(d."count")) AS fractional,
      ${MARKS_AT.map(
        (m) => `any_value(s.t${m}) AS t${m}, sum(d."count") FILTER (WHERE d.score = s.t${m}) AS at${m},
      sum(d."count") FILTER (WHERE d.score BETWEEN s.t${m} - 2 AND s.t${m}) AS around${m}`,
      ).join(',\n      ')}
    FROM score_dist d JOIN scale s ON s.year = d.year::INTEGER AND s.subject = d.subject AND s.grade = d.grade::INTEGER
    WHERE d.procedure = 'ВПР' GROUP BY d.school_id, s.year, s.subject, s.grade),
  factor AS MATERIALIZED (${scoreFactorSql('dist')}),
  windows AS (
    ${MARKS_AT.map(
      (m) => `SELECT school_id, year, subject, grade, ${m} AS mark, t${m} AS min_score, total * k AS pupils,
      coalesce(at${m}, 0) * k AS at_min, around${m} * k AS around
    FROM factor WHERE k IS NOT NULL AND around${m} IS NOT NULL`,
    ).join('\n    UNION ALL\n    ')}),
  -- The school's region's share (REGIONS_SQL).
  regional AS (SELECT w.*, g.rg FROM windows w JOIN ${REGION_KEY_SQL} g USING (school_id)),
  region AS (SELECT rg, year, subject, grade, mark, sum(at_min) / sum(around) AS p_region FROM regional GROUP BY ALL)
  SELECT w.* EXCLUDE (rg), r.p_region FROM regional w JOIN region r USING (rg, year, subject, grade, mark)`;

/**
 * The same pupils as anchor: the journal and unconfirmed tests again, with the expectation moved by the
 * school's residual on the other subjects of the same grade that year (pupil-weighted; measure «…_own»). A class that is simply strong, or a teacher who marks strictly,
 * shows in every subject of the grade; a paper out of line with its own class stands out.
 */
const OWN_SQL = (b: SqlBuilder) => `
  own AS (
    SELECT school_id, year, grade, indicator, measure, sum(pupils * (y - y0)) AS sr, sum(pupils) AS sn,
      sum(pupils * pupils * (s2 - s2_shared)) AS sv, count(*) AS k
    FROM raw WHERE indicator IN ('journal', 'unconfirmed') AND pupils >= ${b.p(OWN_MIN_PUPILS)}::INTEGER GROUP BY ALL),
  anchored AS (
    SELECT r.*, (o.sr - r.pupils * (r.y - r.y0)) / (o.sn - r.pupils) AS a,
      (o.sv - r.pupils * r.pupils * (r.s2 - r.s2_shared)) / power(o.sn - r.pupils, 2) AS va
    FROM raw r JOIN own o USING (school_id, year, grade, indicator, measure)
    WHERE r.pupils >= ${b.p(OWN_MIN_PUPILS)}::INTEGER AND o.k >= 2),
  -- Only what z and the pooled tests need: an anchored test is never a candidate of its own.
  own_tests AS (
    SELECT a.indicator, (a.measure || '_own')::${MEASURE} AS measure, a.school_id, a.rg, a.year, a.subject, a.grade, a.pupils,
      a.y, a.y0 + a.a AS y0, a.s2 - a.s2_shared + a.va AS s2, 0.0 AS s2_shared
    FROM anchored a)`;

/** Every test of every paper: what the school shows (y), what is expected (y0) and the sampling variance (s2). */
const RAW_SQL = (b: SqlBuilder) => `
  WITH ${REGIONS_SQL}, papers AS MATERIALIZED (${PAPERS_SQL(b)}), ${JOURNAL_SQL}, ${PEAKS_SQL(b)}, ${CHANGE_SQL(b)}, ${UNCONFIRMED_SQL(b)}
  SELECT * REPLACE (indicator::${INDICATOR} AS indicator, measure::${MEASURE} AS measure) FROM (
    SELECT * FROM journal_tests UNION ALL BY NAME SELECT * FROM peak_tests UNION ALL BY NAME SELECT * FROM change_tests
    UNION ALL BY NAME SELECT * FROM gia_tests UNION ALL BY NAME SELECT * FROM unconfirmed_tests)`;

/** The class-anchored tests (measure «…_own») over objectivity_raw. */
const OWN_TABLE_SQL = (b: SqlBuilder) =>
  `WITH raw AS (SELECT * FROM objectivity_raw), ${OWN_SQL(b)} SELECT * FROM own_tests`;

/** τ² of every test group. */
const TAU_TABLE_SQL = (b: SqlBuilder) => `
  SELECT indicator, measure, rg, year, subject, grade, ${TAU2_SQL('y - y0')} AS tau2
  FROM (SELECT indicator, measure, rg, year, subject, grade, y, y0, s2, pupils FROM objectivity_raw
        UNION ALL SELECT indicator, measure, rg, year, subject, grade, y, y0, s2, pupils FROM objectivity_own)
  WHERE pupils >= ${b.p(TAU_MIN_PUPILS)}::INTEGER GROUP BY ALL`;

/** Every test of every paper with the standardised score z. */
const TESTS_VIEW_SQL = `
  SELECT r.indicator, r.measure, r.school_id, r.rg, r.year, r.subject, r.grade, r.pupils::INTEGER AS pupils,
    r.observed, r.expected, r.count_observed, r.count_expected, r.base, r.base_n::INTEGER AS base_n,
    r.y - r.y0 AS resid, r.s2, r.s2_shared, coalesce(t.tau2, 0) AS tau2, (r.y - r.y0) / sqrt(r.s2 + coalesce(t.tau2, 0)) AS z
  FROM (SELECT * FROM objectivity_raw UNION ALL BY NAME SELECT * FROM objectivity_own) r
  LEFT JOIN objectivity_tau t USING (indicator, measure, rg, year, subject, grade)`;

/**
 * The journal and unconfirmed tests pooled over all of a school's papers in a year (pupil-weighted mean
 * residual, with a between-school variance of its own): a little inflation in every paper adds up to strong
 * evidence. The predictor's noise (the school's one ОГЭ figure) is shared by its papers and does not average out.
 */
const SCHOOL_TESTS_SQL = (b: SqlBuilder) => `
  WITH pooled AS (
    SELECT indicator, measure, school_id, rg, year, sum(pupils)::INTEGER AS pupils, count(*)::INTEGER AS papers,
      sum(pupils * resid) / sum(pupils) AS resid,
      sum(pupils * pupils * (s2 - s2_shared)) / power(sum(pupils), 2) + power(sum(pupils * sqrt(s2_shared)) / sum(pupils), 2) AS s2
    -- The plain tests of the two as the tests view has them, without its join with τ² (z is not needed here).
    FROM (SELECT indicator, measure, school_id, rg, year, pupils::INTEGER AS pupils, y - y0 AS resid, s2, s2_shared
          FROM objectivity_raw WHERE indicator IN ('journal', 'unconfirmed'))
    GROUP BY ALL),
  tau AS (
    SELECT indicator, measure, rg, year, ${TAU2_SQL('resid')} AS tau2
    FROM pooled WHERE pupils >= ${b.p(TAU_MIN_PUPILS)}::INTEGER GROUP BY ALL)
  SELECT p.indicator, p.school_id, p.year, p.pupils, p.papers, max(p.resid / sqrt(p.s2 + coalesce(t.tau2, 0))) AS z
  FROM pooled p LEFT JOIN tau t USING (indicator, measure, rg, year)
  GROUP BY ALL`;

/**
 * The journal, unconfirmed and peaks tests of one paper pooled over this year and the POOLED_YEARS − 1 before
 * it (pupil-weighted mean residual, over the years the paper was tested; the class-anchored tests too): a class
 * inflating year after year adds up, where one small class's year is within chance. The between-school
 * variance is estimated anew from the pooled residuals (TAU2_SQL), so a school that is persistently high,
 * honest or not, widens it rather than passing for evidence. The predictor's noise (ОГЭ of overlapping years)
 * is taken as shared by the years. Only papers tested in 2+ of the years. CTEs of the candidates, not a step:
 * its 620 k rows cost more to write as a table than the candidates take to read.
 */
const PAPER_YEARS_SQL = (b: SqlBuilder) => {
  // The same paper in each year before (a self-join per year: cheaper than summing every test into every year
  // it counts for), summed from the earliest year on.
  const before = Array.from({ length: POOLED_YEARS - 1 }, (_, i) => `p${POOLED_YEARS - 1 - i}`);
  const total = (c: string) => [...before.map((p) => `coalesce(${p}.${c}, 0)`), `t.${c}`].join(' + ');
  return `
  year_tests AS MATERIALIZED (
    SELECT hash(indicator, measure, school_id, subject, grade) AS paper, indicator, measure, school_id, rg, subject, grade,
      year, pupils, pupils * resid AS wr, pupils * pupils * (s2 - s2_shared) AS wv, pupils * sqrt(s2_shared) AS ws
    -- The tests as the tests view has them, without its join with τ² (z is not needed here).
    FROM (SELECT indicator, measure, school_id, rg, year, subject, grade, pupils::INTEGER AS pupils, y - y0 AS resid, s2, s2_shared
          FROM (SELECT * FROM objectivity_raw WHERE indicator IN ('journal', 'unconfirmed', 'peaks')
                UNION ALL BY NAME SELECT * FROM objectivity_own))),
  year_pooled AS MATERIALIZED (
    SELECT t.indicator, t.measure, t.school_id, t.rg, t.year, t.subject, t.grade,
      1 + ${before.map((p) => `(${p}.paper IS NOT NULL)::INTEGER`).join(' + ')} AS years, ${total('pupils')} AS pupils,
      (${total('wr')}) / (${total('pupils')}) AS resid,
      (${total('wv')}) / power(${total('pupils')}, 2) + power((${total('ws')}) / (${total('pupils')}), 2) AS s2
    FROM year_tests t
    ${before.map((p) => `LEFT JOIN year_tests ${p} ON ${p}.paper = t.paper AND ${p}.year = t.year - ${p.slice(1)}`).join('\n    ')}
    WHERE ${before.map((p) => `${p}.paper IS NOT NULL`).join(' OR ')}),
  year_tau AS (
    SELECT indicator, measure, rg, year, subject, grade, ${TAU2_SQL('resid')} AS tau2
    FROM year_pooled WHERE pupils >= ${b.p(TAU_MIN_PUPILS)}::INTEGER GROUP BY ALL),
  paper_years AS MATERIALIZED (
    SELECT p.indicator, p.measure, p.school_id, p.year, p.subject, p.grade, p.years::INTEGER AS years,
      p.pupils::INTEGER AS pupils, p.resid / sqrt(p.s2 + coalesce(t.tau2, 0)) AS z
    FROM year_pooled p LEFT JOIN year_tau t USING (indicator, measure, rg, year, subject, grade))`;
};

/**
 * Context of a sharp change: the same pupils' change a year earlier (cohort), the school's ОГЭ change (gia)
 * and the mean change of its papers in other grades (other), each as z.
 */
const JUMP_CONTEXT_SQL = `
  WITH jump AS (
    SELECT school_id, year, subject, grade, max(z) AS z FROM objectivity_tests WHERE indicator = 'jump' GROUP BY ALL),
  cohort AS (
    SELECT school_id, year, subject, grade, max(z) AS z FROM objectivity_tests WHERE indicator = 'cohort' GROUP BY ALL),
  gia AS (SELECT school_id, year, z FROM objectivity_tests WHERE indicator = 'gia'),
  per_grade AS (SELECT school_id, year, grade, sum(z) AS z, count(*) AS k FROM jump GROUP BY ALL),
  per_year AS (SELECT school_id, year, sum(z) AS z, sum(k) AS k FROM per_grade GROUP BY ALL),
  -- The class's z sorted: the least of the other subjects is the first, or the second when this one is first
  -- (taken here: the list is not carried through the joins).
  class AS (
    SELECT school_id, year, subject, grade, z, CASE WHEN z = zs[1] THEN zs[2] ELSE zs[1] END AS class_z
    FROM (SELECT *, list_sort(list(z) OVER (PARTITION BY school_id, year, grade)) AS zs FROM jump))
  SELECT j.school_id, j.year, j.subject, j.grade, c.z AS cohort_z, g.z AS gia_z,
    (y.z - pg.z) / nullif(y.k - pg.k, 0) AS other_z, j.class_z
  FROM class j JOIN per_grade pg USING (school_id, year, grade) JOIN per_year y USING (school_id, year)
  LEFT JOIN cohort c USING (school_id, year, subject, grade) LEFT JOIN gia g USING (school_id, year)`;

/**
 * Combined evidence of one paper (indicator «combined»): Stouffer's sum of its journal, unconfirmed and peaks
 * tests, Σ z / √k over the k ≥ 2 of them the paper has. Under no inflation each z is about N(0, 1) after τ² and
 * the three are nearly independent (a strict journal moves the journal test only, a strong class the
 * unconfirmed one), so the sum is a test of its own with the same threshold; inflation moves them together.
 * The journal and unconfirmed tests enter as their plain z when the paper's own class (the other subjects of
 * the grade) also puts it at z ≥ PAPER_Z or there is no class to compare with, else as the lesser of the two:
 * a strict teacher or a strong class does not add up.
 */
const COMBINED_SQL = (paperZ: string) => `
  parts_in AS MATERIALIZED (
    SELECT school_id, year, subject, grade, max(pupils) AS pupils,
      max(z) FILTER (WHERE measure = 'raised') AS jz, max(z) FILTER (WHERE measure = 'raised_own') AS jo,
      max(z) FILTER (WHERE indicator = 'unconfirmed' AND NOT ends_with(measure, '_own')) AS uz,
      max(z) FILTER (WHERE indicator = 'unconfirmed' AND ends_with(measure, '_own')) AS uo,
      max(z) FILTER (WHERE indicator = 'peaks') AS peaks_z
    FROM objectivity_tests WHERE indicator IN ('journal', 'unconfirmed', 'peaks') GROUP BY ALL),
  parts AS (
    SELECT school_id, year, subject, grade, pupils, peaks_z,
      CASE WHEN jo IS NULL OR jo >= ${paperZ} THEN jz ELSE least(jz, jo) END AS journal_z,
      CASE WHEN uo IS NULL OR uo >= ${paperZ} THEN uz ELSE least(uz, uo) END AS unconfirmed_z
    FROM parts_in),
  combined AS (
    SELECT *, (coalesce(journal_z, 0) + coalesce(unconfirmed_z, 0) + coalesce(peaks_z, 0)) / sqrt(k) AS z
    FROM (SELECT *, (journal_z IS NOT NULL)::INTEGER + (unconfirmed_z IS NOT NULL)::INTEGER + (peaks_z IS NOT NULL)::INTEGER AS k FROM parts)
    WHERE k >= 2)`;

/**
 * One row per school, year, paper and indicator with z_crit: the
 * largest threshold at which the paper still carries this sign, so that a sign under the settings is just
 * z_crit ≥ zMin (and enough pupils). Kept when z or z_crit ≥ `floor` (the evidence a person may want to see),
 * and the school's ОГЭ change (indicator gia, never a sign) always:
 * - lenient: z; peaks: z, or the paper's peaks pooled over years (PAPER_YEARS_SQL) when this year's z ≥ PAPER_Z;
 * - journal, unconfirmed: z when the class anchor (the other subjects of the grade) also puts the paper at
 *   z ≥ PAPER_Z, or there is no anchor; or the anchored z when the plain z ≥ PAPER_Z. A strict teacher or a
 *   strong class shows in every subject and is not a sign; or the school's pooled z of the indicator when the
 *   paper's z ≥ PAPER_Z and the school's pooled z of the other of the two ≥ PAPER_Z (ВПР above the journal
 *   and above ОГЭ in paper after paper, each a little); or the paper pooled over years when this year's z ≥
 *   PAPER_Z and its class z, this year's and pooled over the same years, passes the rule of the first way;
 *   a journal sign in any of these ways only when the paper's unconfirmed z ≥ JOURNAL_CONFIRM_Z, or it has none;
 * - combined (COMBINED_SQL): its z, where it exceeds the paper's other signs (else the paper already carries a
 *   sign at every threshold the sum passes, and the sum would only repeat it);
 * - jump: z, unless the school's ОГЭ or its other grades rose as well (z ≥ CONFIRM_Z: a real improvement),
 *   or the same pupils a year earlier did not (cohort z < COHORT_Z: another class, not a jump), or every
 *   other subject of the class rose too (z ≥ CLASS_Z: the class, not the paper).
 * A test with z under both the floor and PAPER_Z never reaches the floor (its z_crit is its z or missing), so it
 * is dropped before the joins.
 */
export function candidatesSql(b: SqlBuilder, floorZ: number): string {
  const floor = `${b.p(floorZ)}::DOUBLE`;
  const paperZ = `${b.p(PAPER_Z)}::DOUBLE`;
  const confirmZ = `${b.p(CONFIRM_Z)}::DOUBLE`;
  return `SELECT x.* EXCLUDE (rg) REPLACE (x.indicator::VARCHAR AS indicator, x.measure::VARCHAR AS measure, s.subject AS subject) FROM (
  WITH main AS (
    SELECT * FROM objectivity_tests
    WHERE indicator IN ('journal', 'lenient', 'peaks', 'jump', 'unconfirmed', 'gia') AND NOT ends_with(measure, '_own')
      AND (z >= least(${floor}, ${paperZ}) OR indicator = 'gia')),
  ${COMBINED_SQL(paperZ)},
  ${PAPER_YEARS_SQL(b)},
  -- A journal or unconfirmed test's class anchor (own_z) is its paper's jo or uo of the Stouffer parts.
  -- The paper pooled over years (PAPER_YEARS_SQL): a sign for this year only when this year's own z ≥ PAPER_Z and
  -- both this year's class z and the pooled one pass the class rule of the indicator (or there is no class).
  years AS (
    SELECT p.indicator, p.measure, p.school_id, p.year, p.subject, p.grade, p.years, p.pupils AS years_pupils, p.z AS years_z
    FROM paper_years p JOIN main m USING (indicator, measure, school_id, year, subject, grade)
    LEFT JOIN parts_in o USING (school_id, year, subject, grade)
    LEFT JOIN paper_years po ON po.indicator = p.indicator AND po.measure = p.measure || '_own'
      AND po.school_id = p.school_id AND po.year = p.year AND po.subject = p.subject AND po.grade = p.grade
    WHERE m.z >= ${paperZ} AND NOT ends_with(p.measure, '_own') AND (p.indicator = 'peaks'
      OR least(coalesce(CASE p.indicator WHEN 'journal' THEN o.jo ELSE o.uo END, 99), coalesce(po.z, 99))
        >= CASE p.indicator WHEN 'journal' THEN ${b.p(JOURNAL_CLASS_Z)}::DOUBLE ELSE ${paperZ} END)),
  singles AS (
  SELECT m.*, CASE m.indicator WHEN 'journal' THEN o.jo WHEN 'unconfirmed' THEN o.uo END AS own_z, c.cohort_z, c.gia_z, c.other_z, sj.z AS school_journal_z, su.z AS school_unconfirmed_z,
    y.years_z, y.years, y.years_pupils,
    NULL::DOUBLE AS journal_z, NULL::DOUBLE AS unconfirmed_z, NULL::DOUBLE AS peaks_z,
    CASE m.indicator
      WHEN 'journal' THEN CASE WHEN o.uz IS NULL OR o.uz >= ${b.p(JOURNAL_CONFIRM_Z)}::DOUBLE THEN greatest(
        CASE WHEN o.jo IS NULL OR o.jo >= ${b.p(JOURNAL_CLASS_Z)}::DOUBLE THEN m.z END,
        CASE WHEN m.z >= ${paperZ} THEN o.jo END,
        CASE WHEN m.z >= ${paperZ} AND su.z >= ${paperZ} THEN sj.z END, y.years_z) END
      WHEN 'unconfirmed' THEN greatest(
        CASE WHEN o.uo IS NULL OR o.uo >= ${paperZ} THEN m.z END,
        CASE WHEN m.z >= ${paperZ} THEN o.uo END,
        CASE WHEN m.z >= ${paperZ} AND sj.z >= ${paperZ} THEN su.z END, y.years_z)
      WHEN 'jump' THEN CASE WHEN coalesce(c.gia_z, 0) < ${confirmZ} AND coalesce(c.other_z, 0) < ${confirmZ}
        AND (c.cohort_z IS NULL OR c.cohort_z >= ${b.p(COHORT_Z)}::DOUBLE)
        AND coalesce(c.class_z, 0) < ${b.p(CLASS_Z)}::DOUBLE THEN m.z END
      WHEN 'peaks' THEN greatest(m.z, y.years_z)
      ELSE m.z END AS z_crit
  FROM main m LEFT JOIN parts_in o USING (school_id, year, subject, grade)
  LEFT JOIN years y USING (indicator, measure, school_id, year, subject, grade)
  LEFT JOIN objectivity_jump_context c USING (school_id, year, subject, grade)
  LEFT JOIN objectivity_school_tests sj ON sj.indicator = 'journal' AND sj.school_id = m.school_id AND sj.year = m.year
  LEFT JOIN objectivity_school_tests su ON su.indicator = 'unconfirmed' AND su.school_id = m.school_id AND su.year = m.year),
  best AS (
    SELECT school_id, year, subject, grade, max(z_crit) AS z_crit FROM singles
    WHERE indicator IN ('journal', 'peaks', 'jump', 'unconfirmed') GROUP BY ALL)
  SELECT * FROM singles
  UNION ALL BY NAME
  SELECT 'combined' AS indicator, 'stouffer' AS measure, c.school_id, c.year, c.subject, c.grade, c.pupils, c.z,
    CASE WHEN bz.z_crit IS NULL OR c.z > bz.z_crit THEN c.z END AS z_crit, c.journal_z, c.unconfirmed_z, c.peaks_z
  FROM combined c LEFT JOIN best bz USING (school_id, year, subject, grade) WHERE c.z >= ${floor}) x
  JOIN objectivity_subjects s ON s.code = x.subject -- the subject's name again
  WHERE greatest(x.z, x.z_crit) >= ${floor} OR x.indicator = 'gia'`;
}

/** In build order; `read` marks the tables the queries read (the others are steps), which a prepared file holds. */
export const OBJECTIVITY_TABLES: {
  name: string;
  /** The SELECT, its thresholds bound as parameters through `b` (a view takes none). */
  sql: (b: SqlBuilder) => string;
  kind?: 'TABLE' | 'VIEW';
  read?: boolean;
  /** How a prepared file orders a table the queries read (default: by year and school). */
  order?: string;
}[] = [
  { name: 'objectivity_subjects', sql: () => SUBJECTS_SQL },
  { name: 'objectivity_scales', sql: SCALES_SQL, read: true, order: 'year, subject, grade, mark' },
  { name: 'objectivity_windows', sql: () => WINDOWS_SQL, read: true },
  { name: 'objectivity_raw', sql: RAW_SQL },
  { name: 'objectivity_own', sql: OWN_TABLE_SQL },
  { name: 'objectivity_tau', sql: TAU_TABLE_SQL },
  { name: 'objectivity_tests', sql: () => TESTS_VIEW_SQL, kind: 'VIEW' },
  { name: 'objectivity_school_tests', sql: SCHOOL_TESTS_SQL },
  { name: 'objectivity_jump_context', sql: () => JUMP_CONTEXT_SQL },
  { name: 'objectivity_candidates', sql: (b) => candidatesSql(b, MIN_SETTING_Z), read: true },
];
