// List metrics (docs/METRICS.md §2): published years, streaks, cohorts, exits, share of schools on the list.
import type { Engine } from '../db/engine';
import { SqlBuilder, sqlString } from '../sql';
import { areaWhere, DEFAULT_LIST, TERRITORY_KNOWN_SQL, type Filter } from '../filters';

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
 * (and not closed) in the published year after that; back_later: on the list again in any later year.
 */
export const LIST_OUTCOMES_SQL = `
  SELECT s.list, s.year, s.school_id, s.streak, s.total, s.next_year, s.next2_year,
    d.municipality, d.type, d.location, d.name,
    CASE WHEN s.next_year IS NULL THEN NULL
         WHEN n1.school_id IS NOT NULL THEN 'stayed'
         WHEN d.closed_year <= s.next_year THEN 'closed'
         ELSE 'exited' END AS outcome,
    n2.school_id IS NULL AND coalesce(d.closed_year > s.next2_year, TRUE) AS off_next2,
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

export async function streaks(db: Engine, f: Filter = {}): Promise<StreakRow[]> {
  const b = new SqlBuilder();
  return db.query<StreakRow>(
    `
     SELECT s.list, s.year, s.school_id, d.name, d.municipality, s.streak, s.total
     FROM list_streaks s JOIN school_dim d USING (school_id)
     WHERE s.list = ${b.p(f.list ?? DEFAULT_LIST)} ${f.year ? `AND s.year = ${b.p(f.year)}::INTEGER` : ''}
       AND ${areaWhere(b, f)}
     ORDER BY s.year, s.streak DESC, s.school_id`,
    b.params,
  );
}

export interface CohortRow {
  list: string;
  year: number;
  streak: number;
  schools: number;
  first_time: number;
  returned: number;
}

/** Schools per list, year and exact streak; first_time/returned split the streak-1 schools. */
export async function cohorts(db: Engine, f: Filter = {}): Promise<CohortRow[]> {
  const b = new SqlBuilder();
  return db.query<CohortRow>(
    `
     SELECT s.list, s.year, s.streak,
       count(*)::INTEGER AS schools,
       count(*) FILTER (WHERE s.total = 1)::INTEGER AS first_time,
       count(*) FILTER (WHERE s.streak = 1 AND s.total > 1)::INTEGER AS returned
     FROM list_streaks s JOIN school_dim d USING (school_id)
     WHERE ${f.list ? `s.list = ${b.p(f.list)}` : 'TRUE'} ${f.year ? `AND s.year = ${b.p(f.year)}::INTEGER` : ''}
       AND ${areaWhere(b, f)}
     GROUP BY ALL ORDER BY s.list, s.year, s.streak`,
    b.params,
  );
}

export type StreakGroup = '1' | '2' | '3' | '4+';
const STREAK_GROUP_SQL = `CASE WHEN streak >= 4 THEN '4+' ELSE streak::VARCHAR END`;

export interface StreakGroupRow {
  year: number;
  streak_group: StreakGroup;
  schools: number;
}

/** Listed schools per year by years in the list 1, 2, 3, 4+ (every group present, zeros included). */
export async function listedByStreakGroup(db: Engine, f: Filter = {}): Promise<StreakGroupRow[]> {
  const b = new SqlBuilder();
  const list = b.p(f.list ?? DEFAULT_LIST);
  return db.query<StreakGroupRow>(
    `WITH
     chosen AS (SELECT year FROM list_published WHERE list = ${list}),
     counted AS (
       SELECT s.year, ${STREAK_GROUP_SQL} AS streak_group, count(*)::INTEGER AS schools
       FROM list_streaks s JOIN school_dim d USING (school_id)
       WHERE s.list = ${list} AND ${areaWhere(b, f)} GROUP BY ALL)
     SELECT c.year, g.streak_group, coalesce(n.schools, 0)::INTEGER AS schools
     FROM chosen c CROSS JOIN (VALUES ('1'), ('2'), ('3'), ('4+')) g(streak_group)
     LEFT JOIN counted n USING (year, streak_group)
     ORDER BY c.year, g.streak_group`,
    b.params,
  );
}

export type ExitDimension = 'streak' | 'municipality' | 'type';

export interface ExitRow {
  list: string;
  year: number;
  next_year: number | null;
  /** Present when grouped: streak group, municipality or school type. */
  group?: string;
  listed: number;
  exited: number | null;
  closed: number | null;
  exit_rate: number | null;
  sustained: number | null;
  reentered: number | null;
}

/**
 * Exits from each published year to the next. exit_rate = exited / (listed − closed); NULL (not 0) for the
 * last published year. sustained and reentered are NULL until the year after next is published.
 */
export async function exits(db: Engine, f: Filter = {}, by?: ExitDimension): Promise<ExitRow[]> {
  const b = new SqlBuilder();
  const groupCol = by === 'streak' ? STREAK_GROUP_SQL : by === 'municipality' ? 'municipality' : by === 'type' ? 'type' : null;
  return db.query<ExitRow>(
    `
     SELECT list, year, next_year::INTEGER AS next_year, ${groupCol ? `${groupCol} AS "group",` : ''}
       count(*)::INTEGER AS listed,
       CASE WHEN next_year IS NULL THEN NULL ELSE count(*) FILTER (WHERE outcome = 'exited') END::INTEGER AS exited,
       CASE WHEN next_year IS NULL THEN NULL ELSE count(*) FILTER (WHERE outcome = 'closed') END::INTEGER AS closed,
       CASE WHEN next_year IS NULL THEN NULL
            ELSE (count(*) FILTER (WHERE outcome = 'exited'))::DOUBLE
                 / nullif(count(*) - count(*) FILTER (WHERE outcome = 'closed'), 0) END AS exit_rate,
       CASE WHEN next2_year IS NULL THEN NULL
            ELSE count(*) FILTER (WHERE outcome = 'exited' AND off_next2) END::INTEGER AS sustained,
       CASE WHEN next2_year IS NULL THEN NULL
            ELSE count(*) FILTER (WHERE outcome = 'exited' AND back_later) END::INTEGER AS reentered
     FROM list_outcomes d
     WHERE ${f.list ? `list = ${b.p(f.list)}` : 'TRUE'} ${f.year ? `AND year = ${b.p(f.year)}::INTEGER` : ''}
       AND ${areaWhere(b, f)}
     GROUP BY list, year, next_year, next2_year ${groupCol ? ', "group"' : ''}
     ORDER BY list, year ${groupCol ? ', "group"' : ''}`,
    b.params,
  );
}

export interface ShareRow {
  list: string;
  year: number;
  listed: number;
  /** Null when the data knows only the listed schools (TERRITORY_KNOWN_SQL). */
  active: number | null;
  share: number | null;
}

/** Listed schools over active schools (known from any table, not closed by that year) in the area. */
export async function listShare(db: Engine, f: Filter = {}): Promise<ShareRow[]> {
  const b = new SqlBuilder();
  return db.query<ShareRow>(
    `WITH
     area AS (SELECT * FROM school_dim d WHERE ${areaWhere(b, f)})
     SELECT list, year, listed, active, listed / nullif(active, 0) AS share
     FROM (
       SELECT p.list, p.year,
         (SELECT count(*) FROM list_membership m JOIN area a USING (school_id) WHERE m.list = p.list AND m.year = p.year)::INTEGER AS listed,
         CASE WHEN ${TERRITORY_KNOWN_SQL} THEN (SELECT count(*) FROM area a WHERE a.closed_year IS NULL OR a.closed_year > p.year)::INTEGER END AS active
       FROM list_published p
       WHERE ${f.list ? `p.list = ${b.p(f.list)}` : 'TRUE'} ${f.year ? `AND p.year = ${b.p(f.year)}::INTEGER` : ''})
     ORDER BY list, year`,
    b.params,
  );
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
}

/** One row per published year: the sentence «впервые — N, второй год — N, третий — N, четвёртый и более — N». */
export async function cohortSummary(db: Engine, f: Filter = {}): Promise<CohortSummaryRow[]> {
  const b = new SqlBuilder();
  return db.query<CohortSummaryRow>(
    `
     SELECT p.list, p.year,
       count(s.school_id)::INTEGER AS listed,
       count(s.school_id) FILTER (WHERE s.total = 1)::INTEGER AS first_time,
       count(s.school_id) FILTER (WHERE s.streak = 1 AND s.total > 1)::INTEGER AS returned,
       count(s.school_id) FILTER (WHERE s.streak = 2)::INTEGER AS streak2,
       count(s.school_id) FILTER (WHERE s.streak = 3)::INTEGER AS streak3,
       count(s.school_id) FILTER (WHERE s.streak >= 4)::INTEGER AS streak4plus
     FROM list_published p
     LEFT JOIN (SELECT s.* FROM list_streaks s JOIN school_dim d USING (school_id) WHERE ${areaWhere(b, f)}) s
       ON s.list = p.list AND s.year = p.year
     WHERE p.list = ${b.p(f.list ?? DEFAULT_LIST)} ${f.year ? `AND p.year = ${b.p(f.year)}::INTEGER` : ''}
     GROUP BY ALL ORDER BY p.year`,
    b.params,
  );
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

/** Entry cohort × years since entry: how many of the schools that entered in a year are still listed. */
export async function entryCohortMatrix(db: Engine, f: Filter = {}): Promise<EntryCohortCell[]> {
  const b = new SqlBuilder();
  const list = b.p(f.list ?? DEFAULT_LIST);
  return db.query<EntryCohortCell>(
    `WITH runs AS (
       SELECT r.*, p.idx FROM list_runs r JOIN school_dim d USING (school_id)
       JOIN list_published p ON p.list = r.list AND p.year = r.start_year
       WHERE r.list = ${list} AND ${areaWhere(b, f)}),
     cells AS (
       SELECT c.start_year AS cohort, (p.idx - c.idx)::INTEGER AS k, p.year
       FROM (SELECT DISTINCT start_year, idx FROM runs) c JOIN list_published p ON p.list = ${list} AND p.idx >= c.idx)
     SELECT cells.cohort, cells.k, cells.year,
       count(*)::INTEGER AS entered,
       count(*) FILTER (WHERE runs.length > cells.k)::INTEGER AS still_listed,
       still_listed / entered AS share
     FROM cells JOIN runs ON runs.start_year = cells.cohort
     GROUP BY ALL ORDER BY cohort, k`,
    b.params,
  );
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
 * Kaplan–Meier time to exit by entry cohort: S(t) = Π over steps ≤ t of (1 − exits / at risk). Runs still
 * listed at the last published year, and runs ended by closure, are censored.
 */
export async function timeToExit(db: Engine, f: Filter = {}): Promise<SurvivalRow[]> {
  const b = new SqlBuilder();
  return db.query<SurvivalRow>(
    `WITH runs AS (
       SELECT r.start_year AS cohort, r.length, coalesce(r.end_outcome = 'exited', FALSE) AS exited
       FROM list_runs r JOIN school_dim d USING (school_id)
       WHERE r.list = ${b.p(f.list ?? DEFAULT_LIST)} AND ${areaWhere(b, f)}),
     steps AS (
       SELECT c.cohort, s.t::INTEGER AS t
       FROM (SELECT cohort, max(length) AS longest FROM runs GROUP BY cohort) c, range(1, c.longest + 1) s(t)),
     counted AS (
       SELECT s.cohort, s.t,
         count(*) FILTER (WHERE r.length >= s.t)::INTEGER AS at_risk,
         count(*) FILTER (WHERE r.length = s.t AND r.exited)::INTEGER AS exits,
         count(*) FILTER (WHERE r.length = s.t AND NOT r.exited)::INTEGER AS censored
       FROM steps s JOIN runs r USING (cohort) GROUP BY ALL)
     SELECT *, product(1 - exits / at_risk) OVER (PARTITION BY cohort ORDER BY t) AS survival
     FROM counted ORDER BY cohort, t`,
    b.params,
  );
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
export async function listRuns(db: Engine, f: Filter = {}): Promise<RunRow[]> {
  const b = new SqlBuilder();
  return db.query<RunRow>(
    `SELECT r.school_id, d.name, d.municipality, r.start_year, r.end_year, r.length, r.end_outcome, r.returned
     FROM list_runs r JOIN school_dim d USING (school_id)
     WHERE r.list = ${b.p(f.list ?? DEFAULT_LIST)} AND ${areaWhere(b, f)}
     ORDER BY r.start_year, d.name`,
    b.params,
  );
}
