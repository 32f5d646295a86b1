// List metrics (docs/METRICS.md §2): published years, streaks, cohorts, exits, share of schools on the list.
import type { Engine } from '../db/engine';
import { SqlBuilder, sqlString } from '../sql';
import { AREAS_KNOWN_SQL, areaKnownSql, areaWhere, DEFAULT_LIST, type Filter } from '../filters';

/** Derived table list_published: years in which a list has at least one row, numbered per list (idx). */
export const LIST_PUBLISHED_SQL = `
  SELECT list, year,
    (row_number() OVER (PARTITION BY list ORDER BY year))::INTEGER AS idx,
    lead(year) OVER (PARTITION BY list ORDER BY year) AS next_year,
    lead(year, 2) OVER (PARTITION BY list ORDER BY year) AS next2_year
  FROM (SELECT DISTINCT coalesce(list, ${sqlString(DEFAULT_LIST)}) AS list, year::INTEGER AS year FROM lists)`;

/** Derived table list_membership: one row per list × year × school (repeated rows dropped). */
export const LIST_MEMBERSHIP_SQL = `
  SELECT DISTINCT coalesce(list, ${sqlString(DEFAULT_LIST)}) AS list, year::INTEGER AS year, school_id FROM lists`;

/**
 * Derived table list_streaks: streak = consecutive published years on the list ending at this year
 * (gaps-and-islands over the published-year index, so unpublished years neither break nor extend a run);
 * total = published years on the list up to this year.
 */
export const LIST_STREAKS_SQL = `
  WITH runs AS (
    SELECT m.list, m.year, m.school_id, p.idx, p.next_year, p.next2_year,
      p.idx - row_number() OVER (PARTITION BY m.list, m.school_id ORDER BY p.idx) AS run_id,
      row_number() OVER (PARTITION BY m.list, m.school_id ORDER BY p.idx) AS total
    FROM list_membership m JOIN list_published p USING (list, year))
  SELECT list, year, school_id, next_year, next2_year, total::INTEGER AS total,
    (row_number() OVER (PARTITION BY list, school_id, run_id ORDER BY idx))::INTEGER AS streak
  FROM runs`;

/**
 * Derived table list_outcomes: each listed school at the next published year — stayed, exited,
 * closed (closed_year ≤ next year), or NULL when there is no next published year; off_next2: still off
 * (and not closed) in the published year after that; closed_next2: closed by then; back_later: on the list
 * again in any later year.
 */
export const LIST_OUTCOMES_SQL = `
  SELECT s.list, s.year, s.school_id, s.streak, s.total, s.next_year, s.next2_year,
    d.municipality, d.type, d.location, d.name, d.region,
    CASE WHEN s.next_year IS NULL THEN NULL
         WHEN n1.school_id IS NOT NULL THEN 'stayed'
         WHEN d.closed_year <= s.next_year THEN 'closed'
         ELSE 'exited' END AS outcome,
    n2.school_id IS NULL AND coalesce(d.closed_year > s.next2_year, TRUE) AS off_next2,
    coalesce(d.closed_year <= s.next2_year, FALSE) AS closed_next2,
    coalesce(later.last_year > s.next_year, FALSE) AS back_later
  FROM list_streaks s
  JOIN school_dim d USING (school_id)
  LEFT JOIN list_membership n1 ON n1.list = s.list AND n1.school_id = s.school_id AND n1.year = s.next_year
  LEFT JOIN list_membership n2 ON n2.list = s.list AND n2.school_id = s.school_id AND n2.year = s.next2_year
  LEFT JOIN (SELECT list, school_id, max(year) AS last_year FROM list_membership GROUP BY ALL) later
    ON later.list = s.list AND later.school_id = s.school_id`;

export interface StreakRow {
  list: string;
  year: number;
  school_id: string;
  name: string;
  municipality: string;
  streak: number;
  total: number;
}

export function streaksSql(b: SqlBuilder, f: Filter = {}): string {
  return `
     SELECT s.list, s.year, s.school_id, d.name, d.municipality, s.streak, s.total
     FROM list_streaks s JOIN school_dim d USING (school_id)
     WHERE s.list = ${b.p(f.list ?? DEFAULT_LIST)} ${f.year ? `AND s.year = ${b.p(f.year)}::INTEGER` : ''}
       AND ${areaWhere(b, f)}
     ORDER BY s.year, s.streak DESC, s.school_id`;
}

export async function streaks(db: Engine, f: Filter = {}): Promise<StreakRow[]> {
  const b = new SqlBuilder();
  return db.query<StreakRow>(streaksSql(b, f), b.params);
}

/**
 * The cohort class of a listed school in a year, over list_streaks `s`: впервые (first year ever on the list),
 * вернулась (first year of a later run), then the 2nd, 3rd, 4th-or-later consecutive year.
 */
export type CohortClass = 'first_time' | 'returned' | 'streak2' | 'streak3' | 'streak4plus';
export const COHORT_CLASSES: CohortClass[] = ['first_time', 'returned', 'streak2', 'streak3', 'streak4plus'];
/**
 * Published years of the list the data must hold before a year for its count of a class to mean anything:
 * in the list's first year in the data every school reads «впервые» (whether it was listed before is not
 * known), a return needs a year on the list and one off it before, and a streak of k years cannot show
 * with fewer than k − 1 years before. Those counts are 0 by the data's start, not by the schools: the views
 * show «нет данных» for them.
 */
const COHORT_YEARS_NEEDED: Record<CohortClass, number> = {
  first_time: 1,
  returned: 2,
  streak2: 1,
  streak3: 2,
  streak4plus: 3,
};
export const cohortKnown = (c: CohortClass, yearsBefore: number) => yearsBefore >= COHORT_YEARS_NEEDED[c];

/** The cohort class's needed years as SQL over a streak `streak` (its group's class, as GROUP_CLASS). */
const streakYearsNeededSql = (streak: string) =>
  `CASE WHEN ${streak} = 1 THEN ${COHORT_YEARS_NEEDED.first_time} WHEN ${streak} = 2 THEN ${COHORT_YEARS_NEEDED.streak2} WHEN ${streak} = 3 THEN ${COHORT_YEARS_NEEDED.streak3} ELSE ${COHORT_YEARS_NEEDED.streak4plus} END`;
const COHORT_CLASS_SQL = `CASE WHEN s.total = 1 THEN 'first_time' WHEN s.streak = 1 THEN 'returned' WHEN s.streak = 2 THEN 'streak2' WHEN s.streak = 3 THEN 'streak3' ELSE 'streak4plus' END`;

export interface CohortMemberRow extends StreakRow {
  cohort_class: CohortClass;
  /** Whether the list's published years before this one tell the class (cohortKnown; «нет данных» in «Когорты»). */
  class_known: boolean;
}

/** The list's published years before each of its years: (list, year, years_before). */
const YEARS_BEFORE_SQL = '(SELECT list, year, (idx - 1)::INTEGER AS years_before FROM list_published)';

/** Every listed school per year with its cohort class: the schools behind each count of cohortSummary. */
export function cohortMembersSql(b: SqlBuilder, f: Filter = {}): string {
  return `
     SELECT s.list, s.year, s.school_id, d.name, d.municipality, s.streak, s.total, ${COHORT_CLASS_SQL} AS cohort_class,
       p.years_before >= ${streakYearsNeededSql('s.streak')} AS class_known
     FROM list_streaks s JOIN school_dim d USING (school_id) JOIN ${YEARS_BEFORE_SQL} p USING (list, year)
     WHERE s.list = ${b.p(f.list ?? DEFAULT_LIST)} ${f.year ? `AND s.year = ${b.p(f.year)}::INTEGER` : ''}
       AND ${areaWhere(b, f)}
     ORDER BY s.year, s.streak DESC, s.school_id`;
}

export async function cohortMembers(db: Engine, f: Filter = {}): Promise<CohortMemberRow[]> {
  const b = new SqlBuilder();
  return db.query<CohortMemberRow>(cohortMembersSql(b, f), b.params);
}

export interface CohortRow {
  list: string;
  year: number;
  streak: number;
  /** Null where the list's published years before this one cannot tell the streak's class (cohortKnown). */
  schools: number | null;
  /** Null where they cannot tell впервые (the list's first year in the data); 0 for streaks over 1. */
  first_time: number | null;
  /** Null where they cannot tell a return (fewer than two years before); 0 for streaks over 1. */
  returned: number | null;
}

/**
 * Schools per list, year and exact streak; first_time/returned split the streak-1 schools. A count the list's
 * years in the data cannot tell (COHORT_YEARS_NEEDED) is NULL, where «Когорты» says «нет данных».
 */
export function cohortsSql(b: SqlBuilder, f: Filter = {}): string {
  return `
     SELECT list, year, streak,
       CASE WHEN years_before >= ${streakYearsNeededSql('streak')} THEN count(*) END::INTEGER AS schools,
       CASE WHEN streak > 1 THEN 0 WHEN years_before >= ${COHORT_YEARS_NEEDED.first_time}
         THEN count(*) FILTER (WHERE cohort_class = 'first_time') END::INTEGER AS first_time,
       CASE WHEN streak > 1 THEN 0 WHEN years_before >= ${COHORT_YEARS_NEEDED.returned}
         THEN count(*) FILTER (WHERE cohort_class = 'returned') END::INTEGER AS returned
     FROM (
       SELECT s.list, s.year, s.streak, ${COHORT_CLASS_SQL} AS cohort_class, p.years_before
       FROM list_streaks s JOIN school_dim d USING (school_id)
       JOIN ${YEARS_BEFORE_SQL} p USING (list, year)
       WHERE ${f.list ? `s.list = ${b.p(f.list)}` : 'TRUE'} ${f.year ? `AND s.year = ${b.p(f.year)}::INTEGER` : ''}
         AND ${areaWhere(b, f)})
     GROUP BY list, year, streak, years_before ORDER BY list, year, streak`;
}

export async function cohorts(db: Engine, f: Filter = {}): Promise<CohortRow[]> {
  const b = new SqlBuilder();
  return db.query<CohortRow>(cohortsSql(b, f), b.params);
}

export type StreakGroup = '1' | '2' | '3' | '4+';
const STREAK_GROUP_SQL = `CASE WHEN streak >= 4 THEN '4+' ELSE streak::VARCHAR END`;

export interface StreakGroupRow {
  year: number;
  streak_group: StreakGroup;
  schools: number;
  /** Whether the data holds the years before this one that the group needs (cohortKnown): else the split is not known. */
  known: boolean;
}

/** The cohort class whose known-ness a streak group shares («1» is впервые and вернулась together). */
const GROUP_CLASS: Record<StreakGroup, CohortClass> = {
  '1': 'first_time',
  '2': 'streak2',
  '3': 'streak3',
  '4+': 'streak4plus',
};

/** Listed schools per year by years in the list 1, 2, 3, 4+ (every group present, zeros included). */
export function listedByStreakGroupSql(b: SqlBuilder, f: Filter = {}): string {
  const list = b.p(f.list ?? DEFAULT_LIST);
  const groups = Object.entries(GROUP_CLASS)
    .map(([g, c]) => `('${g}', ${COHORT_YEARS_NEEDED[c]})`)
    .join(', ');
  return `WITH
     chosen AS (SELECT year, idx - 1 AS years_before FROM list_published WHERE list = ${list}),
     counted AS (
       SELECT s.year, ${STREAK_GROUP_SQL} AS streak_group, count(*)::INTEGER AS schools
       FROM list_streaks s JOIN school_dim d USING (school_id)
       WHERE s.list = ${list} AND ${areaWhere(b, f)} GROUP BY ALL)
     SELECT c.year, g.streak_group, coalesce(n.schools, 0)::INTEGER AS schools, c.years_before >= g.needed AS known
     FROM chosen c CROSS JOIN (VALUES ${groups}) g(streak_group, needed)
     LEFT JOIN counted n USING (year, streak_group)
     ORDER BY c.year, g.streak_group`;
}

export async function listedByStreakGroup(db: Engine, f: Filter = {}): Promise<StreakGroupRow[]> {
  const b = new SqlBuilder();
  return db.query<StreakGroupRow>(listedByStreakGroupSql(b, f), b.params);
}

export type ExitDimension = 'streak' | 'region' | 'municipality' | 'type';

export interface ExitRow {
  list: string;
  year: number;
  next_year: number | null;
  /** Present when grouped: streak group (null in the list's first year in the data), region, municipality or school type. */
  group?: string | null;
  listed: number;
  exited: number | null;
  closed: number | null;
  exit_rate: number | null;
  sustained: number | null;
  reentered: number | null;
  /** sustained / exited and not closed by the year after next (whether a closed school stays off is not observed). */
  sustained_share: number | null;
  /** reentered / exited. */
  reentered_share: number | null;
}

/** Over rows of list_outcomes with a next published year: schools off the next list, not closed. */
const EXITED_SQL = `count(*) FILTER (WHERE outcome = 'exited')`;
/** Closed by the next published year and off its list: out of the exit rate's denominator. */
const CLOSED_SQL = `count(*) FILTER (WHERE outcome = 'closed')`;
/**
 * Whether closures are known: a schools table (closed_year) beside the lists — territory_known's areas_known,
 * a derived table, so the views read no canonical rows for it. Without one a closed school reads as exited and
 * `closed` is NULL, not 0.
 */
const CLOSURES_KNOWN_SQL = AREAS_KNOWN_SQL;
/** Exit rate = exited / (listed − closed). */
const EXIT_RATE_SQL = `(${EXITED_SQL})::DOUBLE / nullif(count(*) - ${CLOSED_SQL}, 0)`;
/** Exited schools still off (and open) in the published year after next. */
const SUSTAINED_SQL = `count(*) FILTER (WHERE outcome = 'exited' AND off_next2)`;
/** Exited schools whose staying off can be observed: not closed by the published year after next. */
const EXITED_OPEN_SQL = `count(*) FILTER (WHERE outcome = 'exited' AND NOT closed_next2)`;
/** Exited schools on the list again in any later year. */
const REENTERED_SQL = `count(*) FILTER (WHERE outcome = 'exited' AND back_later)`;

/**
 * Exits from each published year to the next. exit_rate = exited / (listed − closed); NULL (not 0) for the
 * last published year; closed NULL without a schools table (CLOSURES_KNOWN_SQL). sustained and reentered are
 * NULL until the year after next is published; reentered_share is a share of the exited, sustained_share of
 * the exited not closed by the year after next (NULL when there are none).
 */
export function exitsSql(b: SqlBuilder, f: Filter = {}, by?: ExitDimension): string {
  // In the list's first year in the data every school reads streak 1: its years on the list are not known.
  const groupCol =
    by === 'streak'
      ? `CASE WHEN year > (SELECT min(p.year) FROM list_published p WHERE p.list = d.list) THEN ${STREAK_GROUP_SQL} END`
      : by === 'region' || by === 'municipality' || by === 'type'
        ? by
        : null;
  return `
     SELECT list, year, next_year::INTEGER AS next_year, ${groupCol ? `${groupCol} AS "group",` : ''}
       count(*)::INTEGER AS listed,
       CASE WHEN next_year IS NULL THEN NULL ELSE ${EXITED_SQL} END::INTEGER AS exited,
       CASE WHEN next_year IS NULL OR NOT ${CLOSURES_KNOWN_SQL} THEN NULL ELSE ${CLOSED_SQL} END::INTEGER AS closed,
       CASE WHEN next_year IS NULL THEN NULL ELSE ${EXIT_RATE_SQL} END AS exit_rate,
       CASE WHEN next2_year IS NULL THEN NULL ELSE ${SUSTAINED_SQL} END::INTEGER AS sustained,
       CASE WHEN next2_year IS NULL THEN NULL ELSE ${REENTERED_SQL} END::INTEGER AS reentered,
       CASE WHEN next2_year IS NULL THEN NULL ELSE (${SUSTAINED_SQL})::DOUBLE / nullif(${EXITED_OPEN_SQL}, 0) END AS sustained_share,
       CASE WHEN next2_year IS NULL THEN NULL ELSE (${REENTERED_SQL})::DOUBLE / nullif(${EXITED_SQL}, 0) END AS reentered_share
     FROM list_outcomes d
     WHERE ${f.list ? `list = ${b.p(f.list)}` : 'TRUE'} ${f.year ? `AND year = ${b.p(f.year)}::INTEGER` : ''}
       AND ${areaWhere(b, f)}
     GROUP BY list, year, next_year, next2_year ${groupCol ? ', "group"' : ''}
     ORDER BY list, year ${groupCol ? ', "group"' : ''}`;
}

export async function exits(db: Engine, f: Filter = {}, by?: ExitDimension): Promise<ExitRow[]> {
  const b = new SqlBuilder();
  return db.query<ExitRow>(exitsSql(b, f, by), b.params);
}

/** The years a list is published in (whatever the area: a year of a municipality with none listed is one). */
export async function publishedYears(db: Engine, list: string): Promise<number[]> {
  const b = new SqlBuilder();
  const rows = await db.query<{ year: number }>(
    `SELECT year::INTEGER AS year FROM list_published WHERE list = ${b.p(list)} ORDER BY year`,
    b.params,
  );
  return rows.map((r) => r.year);
}

export interface ShareRow {
  list: string;
  year: number;
  listed: number;
  /** Null when the data knows only the listed schools (TERRITORY_KNOWN_SQL). */
  active: number | null;
  share: number | null;
  /** False without a schools table: a closed school then counts as active (CLOSURES_KNOWN_SQL). */
  closures_known: boolean;
}

/** A school of `d` is active in `year` when not closed by then (closed_year is its first year closed). */
export const ACTIVE_IN = (d: string, year: string) =>
  `(${d}.closed_year IS NULL OR ${d}.closed_year > ${year})`;
/** The share of schools on the list: listed over active; NULL without active schools. */
export const LIST_SHARE = (listed: string, active: string) => `${listed} / nullif(${active}, 0)`;

/** Listed schools over active schools (known from any table, not closed by that year) in the area. */
export function listShareSql(b: SqlBuilder, f: Filter = {}): string {
  return `WITH
     area AS (SELECT * FROM school_dim d WHERE ${areaWhere(b, f)})
     SELECT list, year, listed, active, ${LIST_SHARE('listed', 'active')} AS share, ${CLOSURES_KNOWN_SQL} AS closures_known
     FROM (
       SELECT p.list, p.year,
         (SELECT count(*) FROM list_membership m JOIN area a USING (school_id) WHERE m.list = p.list AND m.year = p.year)::INTEGER AS listed,
         CASE WHEN ${areaKnownSql(f)} THEN (SELECT count(*) FROM area a WHERE ${ACTIVE_IN('a', 'p.year')})::INTEGER END AS active
       FROM list_published p
       WHERE ${f.list ? `p.list = ${b.p(f.list)}` : 'TRUE'} ${f.year ? `AND p.year = ${b.p(f.year)}::INTEGER` : ''})
     ORDER BY list, year`;
}

export async function listShare(db: Engine, f: Filter = {}): Promise<ShareRow[]> {
  const b = new SqlBuilder();
  return db.query<ShareRow>(listShareSql(b, f), b.params);
}

export interface CohortSummaryRow {
  list: string;
  year: number;
  listed: number;
  first_time: number;
  returned: number;
  streak2: number;
  streak3: number;
  streak4plus: number;
  /** Published years of the list before this one in the data (cohortKnown: which counts mean anything). */
  years_before: number;
}

/** One row per published year: the sentence «впервые — N, второй год — N, третий — N, четвёртый и более — N». */
export function cohortSummarySql(b: SqlBuilder, f: Filter = {}): string {
  const count = (c: CohortClass) =>
    `count(s.school_id) FILTER (WHERE s.cohort_class = ${b.p(c)})::INTEGER AS ${c}`;
  return `
     SELECT p.list, p.year, p.years_before,
       count(s.school_id)::INTEGER AS listed,
       ${COHORT_CLASSES.map(count).join(',\n       ')}
     FROM ${YEARS_BEFORE_SQL} p
     LEFT JOIN (
       SELECT s.*, ${COHORT_CLASS_SQL} AS cohort_class
       FROM list_streaks s JOIN school_dim d USING (school_id) WHERE ${areaWhere(b, f)}) s
       ON s.list = p.list AND s.year = p.year
     WHERE p.list = ${b.p(f.list ?? DEFAULT_LIST)} ${f.year ? `AND p.year = ${b.p(f.year)}::INTEGER` : ''}
     GROUP BY ALL ORDER BY p.year`;
}

export async function cohortSummary(db: Engine, f: Filter = {}): Promise<CohortSummaryRow[]> {
  const b = new SqlBuilder();
  return db.query<CohortSummaryRow>(cohortSummarySql(b, f), b.params);
}

/**
 * Derived table list_runs: each unbroken run of a school on a list (streak 1 … n): its entry year, length
 * in published years, how it ended (exited, closed, or NULL when still listed at the last published year)
 * and whether it was a return.
 */
export const LIST_RUNS_SQL = `
  SELECT list, school_id, min(year)::INTEGER AS start_year, max(year)::INTEGER AS end_year, count(*)::INTEGER AS length,
    arg_max_null(outcome, year) AS end_outcome, min(total) > 1 AS returned
  FROM list_outcomes GROUP BY list, school_id, total - streak`;

export interface EntryCohortCell {
  cohort: number;
  /** Published years since entry (0 = the entry year). */
  k: number;
  year: number;
  entered: number;
  still_listed: number;
  share: number;
}

/**
 * One row per run on the list (entry year = cohort) and published year from its entry on: k published years
 * since entry, and whether the school is still listed then (the run lasts more than k published years).
 */
function entryCohortRunsSql(b: SqlBuilder, f: Filter): string {
  const list = b.p(f.list ?? DEFAULT_LIST);
  return `(
    WITH runs AS (
      SELECT r.*, d.name, d.municipality, p.idx FROM list_runs r JOIN school_dim d USING (school_id)
      JOIN list_published p ON p.list = r.list AND p.year = r.start_year
      WHERE r.list = ${list} AND ${areaWhere(b, f)})
    SELECT runs.start_year AS cohort, (p.idx - runs.idx)::INTEGER AS k, p.year,
      runs.school_id, runs.name, runs.municipality, runs.length > p.idx - runs.idx AS on_list
    FROM runs JOIN list_published p ON p.list = ${list} AND p.idx >= runs.idx)`;
}

/** Entry cohort × years since entry: how many of the schools that entered in a year are still listed. */
export function entryCohortMatrixSql(b: SqlBuilder, f: Filter = {}): string {
  return `
     SELECT cohort, k, year,
       count(*)::INTEGER AS entered,
       count(*) FILTER (WHERE on_list)::INTEGER AS still_listed,
       still_listed / entered AS share
     FROM ${entryCohortRunsSql(b, f)}
     GROUP BY ALL ORDER BY cohort, k`;
}

export async function entryCohortMatrix(db: Engine, f: Filter = {}): Promise<EntryCohortCell[]> {
  const b = new SqlBuilder();
  return db.query<EntryCohortCell>(entryCohortMatrixSql(b, f), b.params);
}

export interface EntryCohortMember {
  cohort: number;
  year: number;
  school_id: string;
  name: string;
  municipality: string;
}

/** The schools behind each cell of entryCohortMatrix's still_listed: entered in `cohort`, listed in `year`. */
export function entryCohortMembersSql(b: SqlBuilder, f: Filter = {}): string {
  return `
     SELECT cohort, year, school_id, name, municipality
     FROM ${entryCohortRunsSql(b, f)}
     WHERE on_list
     ORDER BY cohort, year, name, school_id`;
}

export async function entryCohortMembers(db: Engine, f: Filter = {}): Promise<EntryCohortMember[]> {
  const b = new SqlBuilder();
  return db.query<EntryCohortMember>(entryCohortMembersSql(b, f), b.params);
}

export interface SurvivalRow {
  cohort: number;
  /** Years on the list. */
  t: number;
  at_risk: number;
  exits: number;
  censored: number;
  /** Kaplan–Meier estimate of the share still on the list after t years. */
  survival: number;
}

/**
 * Kaplan–Meier time to exit by entry cohort: S(t) = Π over steps ≤ t of (1 − exits / at risk). A run that did
 * not end by exit — still listed at the last published year, or its school closed — is censored one step before
 * its length: it stayed length − 1 years and more, but whether it would have stayed a year more is not observed
 * (the exit rate leaves closed schools out of its denominator alike, so a cohort's first step is its exit rate).
 * Steps with nobody at risk (a cohort that entered in the last published year) have no estimate and no row.
 */
export function timeToExitSql(b: SqlBuilder, f: Filter = {}): string {
  return `WITH runs AS (
       SELECT r.start_year AS cohort, r.length, coalesce(r.end_outcome = 'exited', FALSE) AS exited
       FROM list_runs r JOIN school_dim d USING (school_id)
       WHERE r.list = ${b.p(f.list ?? DEFAULT_LIST)} AND ${areaWhere(b, f)}),
     steps AS (
       SELECT c.cohort, s.t::INTEGER AS t
       FROM (SELECT cohort, max(length) AS longest FROM runs GROUP BY cohort) c, range(1, c.longest + 1) s(t)),
     counted AS (
       SELECT s.cohort, s.t,
         count(*) FILTER (WHERE r.length > s.t OR (r.length = s.t AND r.exited))::INTEGER AS at_risk,
         count(*) FILTER (WHERE r.length = s.t AND r.exited)::INTEGER AS exits,
         count(*) FILTER (WHERE r.length = s.t + 1 AND NOT r.exited)::INTEGER AS censored
       FROM steps s JOIN runs r USING (cohort) GROUP BY ALL)
     SELECT *, product(1 - exits / at_risk) OVER (PARTITION BY cohort ORDER BY t) AS survival
     FROM counted WHERE at_risk > 0 ORDER BY cohort, t`;
}

export async function timeToExit(db: Engine, f: Filter = {}): Promise<SurvivalRow[]> {
  const b = new SqlBuilder();
  return db.query<SurvivalRow>(timeToExitSql(b, f), b.params);
}

export interface RunRow {
  school_id: string;
  name: string;
  municipality: string;
  start_year: number;
  end_year: number;
  length: number;
  end_outcome: string | null;
  returned: boolean;
}

/** Every run of a school on the list, for the schools behind a cohort cell. */
export function listRunsSql(b: SqlBuilder, f: Filter = {}): string {
  return `SELECT r.school_id, d.name, d.municipality, r.start_year, r.end_year, r.length, r.end_outcome, r.returned
     FROM list_runs r JOIN school_dim d USING (school_id)
     WHERE r.list = ${b.p(f.list ?? DEFAULT_LIST)} AND ${areaWhere(b, f)}
     ORDER BY r.start_year, d.name`;
}

export async function listRuns(db: Engine, f: Filter = {}): Promise<RunRow[]> {
  const b = new SqlBuilder();
  return db.query<RunRow>(listRunsSql(b, f), b.params);
}
