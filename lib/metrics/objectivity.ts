// Objectivity signs of ВПР results («Методика» → «Признаки необъективности»): a sign is a statistical test of
// one ВПР paper (grade × subject) whose evidence passes the threshold; a marker is a paper with at least one
// sign, and the school's marker count is the number of such papers, as ФИОКО counts them.
import type { Engine } from '../db/engine';
import { partRows, SqlBuilder } from '../sql';
import { areaWhere, type Filter } from '../filters';
import { derived } from '../data/derived';
import {
  candidatesSql,
  journalPupilsSql,
  PAPER_Z,
  REGION_KEY_SQL,
  scoreCountsSql,
  VPR_PAPER_ROWS,
} from './objectivity-tests';
import { paperLabel, signReason, type SignFigures } from '../objectivity-text';
import { indicatorDef, MIN_PARTICIPANTS_RANK, OVER_TOTALS } from './results';
import { RESULT_PARTS_SQL } from './result-totals';
import type { ListName } from '../schema';

/** The objectivity tables the queries read, once per data change (registered in lib/data/derived-tables.ts). */
const objectivityTestsTable = (db: Engine) => derived(db, 'objectivity_windows', 'objectivity_candidates');

export interface ObjectivitySettings {
  /** Evidence a sign needs: z ≥ this (4,5 ≈ one chance in 300 000 for one honest paper under a normal law; real tails are heavier). */
  zMin: number;
  /** Pupils a paper needs (both years for a change) to carry any sign. */
  minPupils: number;
  /** Papers with signs (markers) a school needs to be listed. */
  minMarkers: number;
}

export const OBJECTIVITY_DEFAULTS: ObjectivitySettings = { zMin: 4.5, minPupils: 10, minMarkers: 1 };

/** The signs that count as markers. */
export type ObjectivityIndicator = 'journal' | 'peaks' | 'jump' | 'unconfirmed' | 'combined';
export const MARKER_INDICATORS: ObjectivityIndicator[] = [
  'journal',
  'peaks',
  'jump',
  'unconfirmed',
  'combined',
];

/** A test with its figures (the fields are described on SignFigures) and its words. */
export interface ObjectivityFlag extends SignFigures {
  school_id: string;
  name: string;
  municipality: string;
  year: number;
  indicator: ObjectivityIndicator | 'lenient' | 'gia';
  cohort_z: number | null;
  own_z: number | null;
  /** «4 РУ». */
  paper: string;
  reason: string;
}

/** The tests that pass the settings, one row per school, year, paper and indicator (objectivity_candidates). */
function signsSql(b: SqlBuilder, s: ObjectivitySettings, indicators: readonly string[]): string {
  return `(SELECT * FROM objectivity_candidates WHERE list_contains(${b.list(indicators)}, indicator)
    AND pupils >= ${b.p(s.minPupils)}::INTEGER AND z_crit >= ${b.p(s.zMin)}::DOUBLE)`;
}

function flagWhere(b: SqlBuilder, f: Filter): string {
  const parts = [areaWhere(b, f)];
  if (f.year) parts.push(`x.year = ${b.p(f.year)}::INTEGER`);
  if (f.years) parts.push(`x.year BETWEEN ${b.p(f.years[0])}::INTEGER AND ${b.p(f.years[1])}::INTEGER`);
  if (f.subject) parts.push(`x.subject = ${b.p(f.subject)}`);
  if (f.grade) parts.push(`x.grade = ${b.p(f.grade)}::INTEGER`);
  return parts.join(' AND ');
}

/**
 * A sign's columns, over signs `x` joined with school_dim `d`: one list for the SQL and for the keys `partRows`
 * reads back, so that a column cannot be selected and then dropped.
 */
const FLAG_SQL = {
  school_id: 'x.school_id',
  name: 'd.name',
  municipality: 'd.municipality',
  year: 'x.year',
  indicator: 'x.indicator',
  subject: 'x.subject',
  grade: 'x.grade',
  measure: 'x.measure',
  pupils: 'x.pupils',
  observed: 'x.observed',
  expected: 'x.expected',
  z: 'x.z',
  count_observed: 'x.count_observed',
  count_expected: 'x.count_expected',
  base: 'x.base',
  base_n: 'x.base_n',
  cohort_z: "CASE WHEN x.indicator = 'jump' THEN x.cohort_z END",
  own_z: 'x.own_z',
  journal_z: 'x.journal_z',
  unconfirmed_z: 'x.unconfirmed_z',
  peaks_z: 'x.peaks_z',
  years_z: 'x.years_z',
  years: 'x.years',
  years_pupils: 'x.years_pupils',
  school_journal_z: "CASE WHEN x.indicator IN ('journal', 'unconfirmed') THEN x.school_journal_z END",
  school_unconfirmed_z: "CASE WHEN x.indicator IN ('journal', 'unconfirmed') THEN x.school_unconfirmed_z END",
} as const;
const FLAG_KEYS = Object.keys(FLAG_SQL) as (keyof typeof FLAG_SQL)[];
const FLAG_COLUMNS = FLAG_KEYS.map((k) => `${FLAG_SQL[k]} AS ${k}`).join(', ');

type FlagRow = Omit<ObjectivityFlag, 'paper' | 'reason'>;
const withText = (rows: FlagRow[]): ObjectivityFlag[] =>
  rows.map((r) => ({ ...r, paper: paperLabel(r.subject, r.grade), reason: signReason(r) }));

async function readSigns(
  db: Engine,
  f: Filter,
  s: ObjectivitySettings,
  indicators: readonly string[],
): Promise<ObjectivityFlag[]> {
  await objectivityTestsTable(db);
  const b = new SqlBuilder();
  const rows = await db.query<FlagRow>(
    `SELECT ${FLAG_COLUMNS}
     FROM ${signsSql(b, s, indicators)} x JOIN school_dim d USING (school_id)
     WHERE ${flagWhere(b, f)}
     ORDER BY x.year, x.school_id, x.grade, x.subject, x.indicator`,
    b.params,
  );
  return withText(rows);
}

/** Every sign (one row per paper and indicator) with its figures and reason. */
export const objectivityFlags = (db: Engine, f: Filter = {}, s: ObjectivitySettings = OBJECTIVITY_DEFAULTS) =>
  readSigns(db, f, s, MARKER_INDICATORS);

export interface MarkerRow {
  school_id: string;
  name: string;
  municipality: string;
  type: string;
  year: number;
  /** Papers with at least one sign (количество маркеров). */
  markers: number;
  /** Signs in all (indicator × paper). */
  flags: number;
  /** The indicators that fired, «journal, peaks» (a combined sign names its parts: firedSql). */
  indicators: string;
  /** The papers with signs, «4 РУ, 5 МА». */
  papers: string;
}

/** A combined sign's parts with z ≥ `min` (SQL), as the indicators they are. */
const combinedParts = (min: string) =>
  (['journal', 'peaks', 'unconfirmed'] as const).reduce(
    (acc, name) =>
      `list_concat(${acc}, CASE WHEN x.${name}_z >= ${min} THEN ['${name}'] ELSE []::VARCHAR[] END)`,
    '[]::VARCHAR[]',
  );
/**
 * The indicators a sign names, in the four of the markers' contract: its own, and for a combined sign the parts
 * it sums with z ≥ PAPER_Z (the largest when none reaches it, as at a low threshold).
 */
const firedSql = (b: SqlBuilder) =>
  `CASE WHEN x.indicator <> 'combined' THEN [x.indicator] ELSE ${combinedParts(
    `least(greatest(x.journal_z, x.peaks_z, x.unconfirmed_z), ${b.p(PAPER_Z)}::DOUBLE)`,
  )} END`;

/**
 * Schools with signs whose marker count reaches the setting, one row per school and year: markers (papers
 * with signs), flags (signs), the indicators that fired (firedSql), the papers as «grade␟subject» keys.
 */
function markerSchoolsSql(b: SqlBuilder, f: Filter, s: ObjectivitySettings): string {
  // Grouped by paper first, then by school: DuckDB-wasm took 2–3 times as long over DISTINCT aggregates.
  return `(SELECT school_id, year, count(*)::INTEGER AS markers, sum(signs)::INTEGER AS flags,
       array_to_string(list_sort(list_distinct(flatten(list(indicators)))), ', ') AS indicators,
       string_agg(paper_key, chr(30) ORDER BY paper_key) AS paper_keys
     FROM (
       SELECT x.school_id, x.year, x.grade || chr(31) || x.subject AS paper_key, count(*) AS signs,
         flatten(list(${firedSql(b)})) AS indicators
       FROM ${signsSql(b, s, MARKER_INDICATORS)} x JOIN school_dim d USING (school_id)
       WHERE ${flagWhere(b, f)}
       GROUP BY x.school_id, x.year, x.grade, x.subject)
     GROUP BY school_id, year
     HAVING count(*) >= ${b.p(s.minMarkers)}::INTEGER)`;
}

/** A marker row's columns, over marker schools `m` joined with school_dim `d` (one list, as FLAG_SQL). */
const MARKER_SQL = {
  school_id: 'm.school_id',
  name: 'd.name',
  municipality: 'd.municipality',
  type: 'd.type',
  year: 'm.year',
  markers: 'm.markers',
  flags: 'm.flags',
  indicators: 'm.indicators',
  paper_keys: 'm.paper_keys',
} as const;
const MARKER_SQL_KEYS = Object.keys(MARKER_SQL) as (keyof typeof MARKER_SQL)[];
const MARKER_COLUMNS = MARKER_SQL_KEYS.map((k) => `${MARKER_SQL[k]} AS ${k}`).join(', ');
const MARKER_ORDER = 'm.year, m.markers DESC, m.flags DESC, m.school_id';
type MarkerSqlRow = Omit<MarkerRow, 'papers'> & { paper_keys: string };

/** The papers of a marker row as «4 РУ, 5 МА», from its «grade␟subject» keys. */
const withPapers = ({ paper_keys, ...r }: MarkerSqlRow): MarkerRow => ({
  ...r,
  papers: paper_keys
    .split(String.fromCharCode(30))
    .map((k) => {
      const [grade, subject] = k.split(String.fromCharCode(31));
      return paperLabel(subject, Number(grade));
    })
    .sort((a, c) => parseInt(a, 10) - parseInt(c, 10) || a.localeCompare(c))
    .join(', '),
});

/** Schools with signs whose marker count reaches the setting, per year; the largest counts first. */
export async function objectivityMarkers(
  db: Engine,
  f: Filter = {},
  s: ObjectivitySettings = OBJECTIVITY_DEFAULTS,
): Promise<MarkerRow[]> {
  await objectivityTestsTable(db);
  const b = new SqlBuilder();
  const rows = await db.query<MarkerSqlRow>(
    `SELECT ${MARKER_COLUMNS}
     FROM ${markerSchoolsSql(b, f, s)} m JOIN school_dim d USING (school_id)
     ORDER BY ${MARKER_ORDER}`,
    b.params,
  );
  return rows.map(withPapers);
}

/** A year of «Объективность»: which inputs it has, the schools with markers, the lenient-marking signs. */
export interface ObjectivityYear {
  inputs: ObjectivityInputs;
  markers: MarkerRow[];
  /**
   * Lenient in-school marking («необъективность текущего оценивания»): more pupils than the region's share
   * got a ВПР mark below their journal mark. Reported on its own; never a ВПР marker.
   */
  lenient: ObjectivityFlag[];
}

/**
 * A year's inputs, markers (as objectivityMarkers) and lenient signs in one statement: a year change is one
 * round trip to DuckDB for them, not three. Rows of three parts (`part`; the other parts' columns NULL).
 */
export async function objectivityYear(
  db: Engine,
  f: Filter & { year: number },
  s: ObjectivitySettings = OBJECTIVITY_DEFAULTS,
): Promise<ObjectivityYear> {
  await Promise.all([objectivityTestsTable(db), derived(db, 'objectivity_inputs')]);
  const b = new SqlBuilder();
  const rows = await db.query<
    MarkerSqlRow & FlagRow & { part: 'inputs' | 'lenient' | 'marker' } & Record<InputColumn, boolean>
  >(
    `WITH year_inputs AS (${inputsSql(b, f.year)})
     SELECT 'inputs' AS part, *, 0 AS ord FROM year_inputs
     UNION ALL BY NAME
     SELECT 'marker' AS part, ${MARKER_COLUMNS}, row_number() OVER (ORDER BY ${MARKER_ORDER}) AS ord
     FROM ${markerSchoolsSql(b, f, s)} m JOIN school_dim d USING (school_id)
     UNION ALL BY NAME
     SELECT 'lenient' AS part, ${FLAG_COLUMNS},
       row_number() OVER (ORDER BY x.year, x.school_id, x.grade, x.subject, x.indicator) AS ord
     FROM ${signsSql(b, s, ['lenient'])} x JOIN school_dim d USING (school_id)
     WHERE ${flagWhere(b, f)}
     ORDER BY part, ord`,
    b.params,
  );
  const [i] = partRows(rows, 'inputs', INPUT_COLUMNS);
  return {
    inputs: {
      vpr: i.vpr,
      journal: i.journal,
      scoreDist: i.score_dist,
      markScales: i.mark_scales,
      scalesInferred: i.scales_inferred,
      previousYear: i.vpr_before,
    },
    markers: partRows(rows, 'marker', MARKER_SQL_KEYS).map(withPapers),
    lenient: withText(partRows(rows, 'lenient', FLAG_KEYS)),
  };
}

/**
 * The strongest evidence per school and year over every paper, small ones too (jump context applied, no
 * threshold): the ranking the evaluation scores. Recomputes the candidates without a floor: for the CLI and
 * the evaluation, not for views.
 */
export async function objectivityEvidence(
  db: Engine,
  f: Filter = {},
): Promise<{ school_id: string; year: number; z: number }[]> {
  await objectivityTestsTable(db);
  const b = new SqlBuilder();
  return db.query(
    `SELECT x.school_id, x.year, max(x.z_crit) AS z FROM (${candidatesSql(b, -1e9)}) x JOIN school_dim d USING (school_id)
     WHERE list_contains(${b.list(MARKER_INDICATORS)}, x.indicator) AND ${flagWhere(b, f)} GROUP BY x.school_id, x.year ORDER BY x.year, x.school_id`,
    b.params,
  );
}

/**
 * One school's noteworthy tests of a year (z ≥ 2 on its own or as a sign), signs or not, and its ОГЭ change
 * (indicator gia), for the evidence panel: observed, expected and z per paper and indicator, with z_crit (the threshold up to which it is a
 * sign; null when its context rules it out) and the context of a change.
 */
export async function schoolTests(
  db: Engine,
  schoolId: string,
  year: number,
): Promise<(ObjectivityFlag & { z_crit: number | null; gia_z: number | null; other_z: number | null })[]> {
  await objectivityTestsTable(db);
  const b = new SqlBuilder();
  const rows = await db.query<
    FlagRow & { z_crit: number | null; gia_z: number | null; other_z: number | null }
  >(
    `SELECT x.school_id, d.name, d.municipality, x.year, x.indicator, x.subject, x.grade, x.measure, x.pupils,
       x.observed, x.expected, x.z, x.count_observed, x.count_expected, x.base, x.base_n, x.cohort_z,
       x.z_crit, x.own_z, x.gia_z, x.other_z, x.journal_z, x.unconfirmed_z, x.peaks_z, x.years_z, x.years, x.years_pupils,
       x.school_journal_z, x.school_unconfirmed_z
     FROM objectivity_candidates x JOIN school_dim d USING (school_id)
     WHERE x.school_id = ${b.p(schoolId)} AND x.year = ${b.p(year)}::INTEGER
     ORDER BY x.grade, x.subject, x.indicator`,
    b.params,
  );
  return rows.map((r) => ({ ...r, paper: paperLabel(r.subject, r.grade), reason: signReason(r) }));
}

/**
 * The journal test the evidence's «повысили» chart shows against the region's schools in the same paper: a sign
 * at the current settings first (`isSign`), then the one that stays a sign to the highest threshold, then the
 * largest z. None when the school has no noteworthy journal test.
 */
export function standoutJournalTest<T extends { indicator: string; z: number; z_crit: number | null }>(
  tests: T[],
  isSign: (t: T) => boolean,
): T | undefined {
  return tests
    .filter((t) => t.indicator === 'journal')
    .sort(
      (a, b) =>
        Number(isSign(b)) - Number(isSign(a)) ||
        (b.z_crit ?? -Infinity) - (a.z_crit ?? -Infinity) ||
        b.z - a.z,
    )[0];
}

export interface SchoolPaper {
  year: number;
  subject: string;
  grade: number;
  /** «4 РУ». */
  paper: string;
  pupils: number;
}

/**
 * A school's ВПР papers with marks, per year (all years, or `years`), largest first: what its tests checked,
 * or that every paper is too small to carry a sign. The evidence and the school card say so rather than
 * «нет данных» or «не выявлено» when no test stands out.
 */
export async function schoolVprPapers(
  db: Engine,
  schoolId: string,
  years?: [number, number],
): Promise<SchoolPaper[]> {
  const b = new SqlBuilder();
  const span = years ? `AND year BETWEEN ${b.p(years[0])}::INTEGER AND ${b.p(years[1])}::INTEGER` : '';
  const rows = await db.query<Omit<SchoolPaper, 'paper'>>(
    `SELECT year::INTEGER AS year, subject, grade::INTEGER AS grade, sum(participants)::INTEGER AS pupils
     FROM results WHERE school_id = ${b.p(schoolId)} AND ${VPR_PAPER_ROWS} ${span}
     GROUP BY ALL ORDER BY year, pupils DESC, grade, subject`,
    b.params,
  );
  return rows.map((r) => ({ ...r, paper: paperLabel(r.subject, r.grade) }));
}

export interface MarkerSummary {
  /** Schools with signs (marker count reaching the setting). */
  schools: number;
  /** Their markers (papers with signs) in all. */
  markers: number;
  one: number;
  two: number;
  threePlus: number;
  /** Of those schools, the ones on `list` in the same year. */
  onList: number;
}

/** Schools with signs in a year counted by their marker count, and how many of them are on a list that year. */
export async function markerSummary(
  db: Engine,
  f: Filter & { year: number },
  list: string,
  s: ObjectivitySettings = OBJECTIVITY_DEFAULTS,
): Promise<MarkerSummary> {
  await objectivityTestsTable(db);
  const b = new SqlBuilder();
  const [r] = await db.query<MarkerSummary>(
    `WITH schools AS ${markerSchoolsSql(b, f, s)}
     SELECT count(*)::INTEGER AS schools, coalesce(sum(markers), 0)::INTEGER AS markers,
       count(*) FILTER (WHERE markers = 1)::INTEGER AS one, count(*) FILTER (WHERE markers = 2)::INTEGER AS two,
       count(*) FILTER (WHERE markers >= 3)::INTEGER AS "threePlus", count(m.school_id)::INTEGER AS "onList"
     FROM schools x LEFT JOIN list_membership m
       ON m.list = ${b.p(list)} AND m.year = x.year AND m.school_id = x.school_id`,
    b.params,
  );
  return r;
}

/** The published list of schools with signs of non-objective results (the file's spelling). */
export const OFFICIAL_LIST: ListName = 'необъективность';

export interface OfficialComparison {
  /**
   * The official list «необъективность» compared with a ВПР year: the list approved the next year (built from
   * that year's results) when the data has it, else the same year's; null when neither is published.
   */
  officialYear: number | null;
  /** Schools computed as listed beside the official list: in both, only one, only the other. */
  rows: OfficialComparisonRow[];
  /** The same counted for the whole area (first row) and per municipality. */
  agreement: AgreementRow[];
}

/**
 * The computed list of a ВПР year beside the official list approved on its results, in one statement (a year
 * change is one round trip to DuckDB, and the computed list is grouped once): the official year, the
 * schools and their counts as rows of two parts (`part`, the other part's columns NULL); no rows at all when
 * no official list is published for the year or the next.
 */
export async function officialComparison(
  db: Engine,
  f: Filter,
  year: number,
  s: ObjectivitySettings = OBJECTIVITY_DEFAULTS,
): Promise<OfficialComparison> {
  await objectivityTestsTable(db);
  const b = new SqlBuilder();
  const list = b.p(OFFICIAL_LIST);
  const rows = await db.query<
    OfficialComparisonRow &
      Omit<AgreementRow, 'municipality'> & { part: 'agreement' | 'school'; official_year: number }
  >(
    `WITH official_year AS (
       SELECT max(year)::INTEGER AS official_year FROM list_published
       WHERE list = ${list} AND year IN (${b.p(year)}::INTEGER, ${b.p(year + 1)}::INTEGER)),
     computed AS ${markerSchoolsSql(b, { year }, s)},
     official AS (SELECT school_id FROM list_membership, official_year WHERE list = ${list} AND year = official_year),
     compared AS MATERIALIZED (
       SELECT d.school_id, d.name, d.municipality, coalesce(c.markers, 0) AS markers,
         c.school_id IS NOT NULL AS computed, o.school_id IS NOT NULL AS official
       FROM computed c FULL JOIN official o USING (school_id) JOIN school_dim d USING (school_id)
       WHERE ${areaWhere(b, f)}),
     parts AS (
       SELECT 'school' AS part, school_id, name, municipality, markers, computed, official,
         row_number() OVER (ORDER BY official DESC, computed DESC, markers DESC, school_id) AS ord
       FROM compared
       UNION ALL BY NAME
       SELECT 'agreement' AS part, municipality, count(*) FILTER (WHERE computed AND official)::INTEGER AS both,
         count(*) FILTER (WHERE computed AND NOT official)::INTEGER AS only_computed,
         count(*) FILTER (WHERE official AND NOT computed)::INTEGER AS only_official,
         count(*) FILTER (WHERE computed AND official) / nullif(count(*) FILTER (WHERE official), 0) AS found,
         count(*) FILTER (WHERE computed AND official) / nullif(count(*) FILTER (WHERE computed), 0) AS confirmed,
         row_number() OVER (ORDER BY municipality NULLS FIRST) AS ord
       FROM compared GROUP BY GROUPING SETS ((), (municipality)))
     SELECT official_year, parts.* EXCLUDE (ord) FROM parts, official_year
     WHERE official_year IS NOT NULL
     ORDER BY part DESC, ord`,
    b.params,
  );
  return {
    officialYear: rows[0]?.official_year ?? null,
    rows: partRows(rows, 'school', ['school_id', 'name', 'municipality', 'markers', 'computed', 'official']),
    agreement: partRows(rows, 'agreement', [
      'municipality',
      'both',
      'only_computed',
      'only_official',
      'found',
      'confirmed',
    ]),
  };
}

export interface OfficialComparisonRow {
  school_id: string;
  name: string;
  municipality: string;
  /** Marker count under the settings, 0 when not computed as listed. */
  markers: number;
  computed: boolean;
  official: boolean;
}

export interface AgreementRow {
  /** null: the whole area (first row). */
  municipality: string | null;
  both: number;
  only_computed: number;
  only_official: number;
  /** Share of the official list found by the computation (null without official schools). */
  found: number | null;
  /** Share of the computed list that the official list confirms (null when nothing is computed). */
  confirmed: number | null;
}

export interface VprGiaPoint {
  school_id: string;
  name: string;
  type: string;
  /** The subjects that have both ВПР and ОГЭ results, joined by «, ». */
  subjects: string;
  vpr_quality: number;
  vpr_participants: number;
  oge_quality: number;
  oge_participants: number;
}

// Quality as the result indicators define it, over the result rows with marks.
const qualityBySubject = (
  b: SqlBuilder,
  proc: string,
) => `SELECT r.school_id, r.year, r.subject, sum(r.p_marks)::INTEGER AS n, ${indicatorDef('quality').sql(OVER_TOTALS)} AS quality
  FROM ${RESULT_PARTS_SQL} r WHERE r.procedure = ${b.p(proc)} AND r.p_marks > 0 GROUP BY r.school_id, r.year, r.subject`;

/**
 * Scatter points per school and year, all grades together: ВПР quality beside ОГЭ quality, per subject and
 * over the subjects the school has in both (subject NULL), weighted by participants. A derived table; a
 * function, since the quality definition comes from results.ts, which imports this module's importers.
 */
export const vprOgePointsSql = (b: SqlBuilder) => `
  SELECT v.school_id, v.year, v.subject, string_agg(v.subject, ', ' ORDER BY v.subject) AS subjects,
    sum(v.quality * v.n) / sum(v.n) AS vpr_quality, sum(v.n)::INTEGER AS vpr_participants,
    sum(o.quality * o.n) / sum(o.n) AS oge_quality, sum(o.n)::INTEGER AS oge_participants
  FROM (${qualityBySubject(b, 'ВПР')}) v JOIN (${qualityBySubject(b, 'ОГЭ')}) o USING (school_id, year, subject)
  GROUP BY GROUPING SETS ((v.school_id, v.year, v.subject), (v.school_id, v.year))`;

/**
 * One point per school for the scatter: ВПР quality (all grades) beside ОГЭ quality over the subjects the
 * school has in both, weighted by participants (one subject when `f.subject` is set).
 */
export async function vprVsOge(db: Engine, f: Filter, year: number): Promise<VprGiaPoint[]> {
  await derived(db, 'vpr_oge_points');
  const b = new SqlBuilder();
  return db.query<VprGiaPoint>(
    `SELECT q.school_id, d.name, d.type, q.subjects, q.vpr_quality, q.vpr_participants, q.oge_quality, q.oge_participants
     FROM vpr_oge_points q JOIN school_dim d USING (school_id)
     WHERE q.year = ${b.p(year)}::INTEGER AND q.subject IS NOT DISTINCT FROM ${b.p(f.subject ?? null)}::VARCHAR AND ${areaWhere(b, f)}
     ORDER BY q.school_id`,
    b.params,
  );
}

export interface JournalShareRow {
  school_id: string;
  raised_share: number;
  lowered_share: number;
  participants: number;
  /** Fewer than MIN_PARTICIPANTS_RANK pupils: not part of the region's distribution. */
  small_sample: boolean;
}

/**
 * Journal shares per school and year, for all subjects and grades (NULL) and for each: a derived table. Summed in
 * pupils (journalPupilsSql), so that a paper given in percent weighs its pupils, not 100.
 */
export const JOURNAL_SHARES_SQL = `
  SELECT j.school_id, j.year, j.subject, j.grade,
    sum(j.raised) / nullif(sum(j.n), 0) AS raised_share, sum(j.lowered) / nullif(sum(j.n), 0) AS lowered_share,
    round(sum(j.n))::INTEGER AS participants
  FROM (${journalPupilsSql((c) => c)}) j
  GROUP BY GROUPING SETS ((j.school_id, j.year), (j.school_id, j.year, j.subject), (j.school_id, j.year, j.grade), (j.school_id, j.year, j.subject, j.grade))`;

/**
 * Shares of pupils whose ВПР mark was above (raised) or below (lowered) the journal mark, per school; with
 * `regionOf`, the schools the objectivity tests compare that school with (its region: REGION_KEY_SQL).
 */
export async function journalShares(
  db: Engine,
  f: Filter,
  year: number,
  regionOf?: string,
): Promise<JournalShareRow[]> {
  await derived(db, 'journal_shares');
  const b = new SqlBuilder();
  const region = regionOf
    ? `AND j.school_id IN (SELECT school_id FROM ${REGION_KEY_SQL} WHERE rg = (SELECT rg FROM ${REGION_KEY_SQL} WHERE school_id = ${b.p(regionOf)}))`
    : '';
  return db.query<JournalShareRow>(
    `SELECT j.school_id, j.raised_share, j.lowered_share, j.participants,
       j.participants < ${b.p(MIN_PARTICIPANTS_RANK)}::INTEGER AS small_sample
     FROM journal_shares j JOIN school_dim d USING (school_id)
     WHERE j.year = ${b.p(year)}::INTEGER AND j.subject IS NOT DISTINCT FROM ${b.p(f.subject ?? null)}::VARCHAR
       AND j.grade IS NOT DISTINCT FROM ${b.p(f.grade ?? null)}::INTEGER AND j.raised_share IS NOT NULL AND ${areaWhere(b, f)} ${region}
     ORDER BY j.school_id`,
    b.params,
  );
}

export interface ScoreBar {
  subject: string;
  grade: number;
  score: number;
  count: number;
  share: number;
  /** The mark whose minimum this score is, or null. */
  threshold_mark: number | null;
}

/** One school's primary-score distribution with the mark thresholds, for each ВПР subject and grade that has it. */
export async function scoreHistogram(db: Engine, schoolId: string, year: number): Promise<ScoreBar[]> {
  await derived(db, 'objectivity_scales');
  const b = new SqlBuilder();
  return db.query<ScoreBar>(
    `SELECT d.subject, d.grade, d.score, d."count" AS count,
       d."count" / sum(d."count") OVER (PARTITION BY d.subject, d.grade) AS share,
       (SELECT min(t.mark) FROM objectivity_scales t WHERE t.year = d.year AND t.subject = d.subject
          AND t.grade = d.grade AND t.min_score = d.score)::INTEGER AS threshold_mark
     FROM (${scoreCountsSql(`school_id = ${b.p(schoolId)} AND year = ${b.p(year)}::INTEGER`)}) d
     ORDER BY d.subject, d.grade, d.score`,
    b.params,
  );
}

export interface MarkThreshold {
  subject: string;
  grade: number;
  mark: number;
  min_score: number;
  /** Inferred from the schools' score distributions and marks: the data has no mark_scales for the paper. */
  inferred: boolean;
}

/** The year's ВПР mark thresholds («3»–«5») as the peaks test reads them (objectivity_scales). */
export async function markThresholds(db: Engine, year: number): Promise<MarkThreshold[]> {
  await derived(db, 'objectivity_scales');
  const b = new SqlBuilder();
  return db.query<MarkThreshold>(
    `SELECT subject, grade, mark, min_score, inferred FROM objectivity_scales
     WHERE year = ${b.p(year)}::INTEGER ORDER BY subject, grade, mark`,
    b.params,
  );
}

export interface ThresholdExpectation {
  subject: string;
  grade: number;
  mark: number;
  min_score: number;
  /** Pupils exactly at the mark's minimum score. */
  at_min: number;
  /** Pupils at the minimum or up to two scores under it. */
  around: number;
  /** Pupils expected at the minimum at the region's share: p_region × around. */
  expected: number;
}

/** What the peaks test saw at each threshold of one school's papers in a year, for the histogram's expected marks. */
export async function thresholdExpectations(
  db: Engine,
  schoolId: string,
  year: number,
): Promise<ThresholdExpectation[]> {
  await objectivityTestsTable(db);
  const b = new SqlBuilder();
  return db.query<ThresholdExpectation>(
    `SELECT subject, grade, mark, min_score, at_min, around, p_region * around AS expected
     FROM objectivity_windows WHERE school_id = ${b.p(schoolId)} AND year = ${b.p(year)}::INTEGER
     ORDER BY subject, grade, mark`,
    b.params,
  );
}

/** Which inputs of the signs a year has, so that a missing file reads «нет данных» with what to upload. */
export interface ObjectivityInputs {
  vpr: boolean;
  journal: boolean;
  scoreDist: boolean;
  /** Mark thresholds for the peaks test: from mark_scales, or inferred from the score distributions. */
  markScales: boolean;
  /** Some of the year's thresholds were inferred (no mark_scales for their papers). */
  scalesInferred: boolean;
  /** ВПР results of the year before: the change tests («Резкий рост») compare with them. */
  previousYear: boolean;
}

/** Per year, which inputs of the signs the data has: a derived table, so that a year change reads a few rows. */
export const OBJECTIVITY_INPUTS_SQL = `
  SELECT year::INTEGER AS year, bool_or(input = 'vpr') AS vpr, bool_or(input = 'journal') AS journal,
    bool_or(input = 'score_dist') AS score_dist, bool_or(input IN ('mark_scales', 'inferred')) AS mark_scales,
    bool_or(input = 'inferred') AS scales_inferred, bool_or(input = 'vpr_before') AS vpr_before
  FROM (
    SELECT DISTINCT year, 'vpr' AS input FROM results WHERE procedure = 'ВПР'
    UNION ALL SELECT DISTINCT year + 1, 'vpr_before' FROM results WHERE procedure = 'ВПР'
    UNION ALL SELECT DISTINCT year, 'journal' FROM vpr_journal
    UNION ALL SELECT DISTINCT year, 'score_dist' FROM score_dist WHERE procedure = 'ВПР'
    UNION ALL SELECT DISTINCT year, 'mark_scales' FROM mark_scales WHERE procedure = 'ВПР'
    UNION ALL SELECT DISTINCT year, 'inferred' FROM objectivity_scales WHERE inferred)
  GROUP BY year ORDER BY year`;

const INPUT_COLUMNS = [
  'vpr',
  'journal',
  'score_dist',
  'mark_scales',
  'scales_inferred',
  'vpr_before',
] as const;

type InputColumn = (typeof INPUT_COLUMNS)[number];

/** One row: which inputs `year` has (all false for a year the data does not have). */
const inputsSql = (b: SqlBuilder, year: number) =>
  `SELECT ${INPUT_COLUMNS.map((c) => `coalesce(bool_or(${c}), FALSE) AS ${c}`).join(', ')}
   FROM objectivity_inputs WHERE year = ${b.p(year)}::INTEGER`;

/** Which inputs of the signs each year with ВПР results has, in the years of `f` (the CLI says what is missing). */
export async function objectivityInputsByYear(
  db: Engine,
  f: Filter = {},
): Promise<(ObjectivityInputs & { year: number })[]> {
  await derived(db, 'objectivity_inputs');
  const b = new SqlBuilder();
  const where = [
    'vpr',
    ...(f.year ? [`year = ${b.p(f.year)}::INTEGER`] : []),
    ...(f.years ? [`year BETWEEN ${b.p(f.years[0])}::INTEGER AND ${b.p(f.years[1])}::INTEGER`] : []),
  ];
  return db.query<ObjectivityInputs & { year: number }>(
    `SELECT year, vpr, journal, score_dist AS "scoreDist", mark_scales AS "markScales",
       scales_inferred AS "scalesInferred", vpr_before AS "previousYear"
     FROM objectivity_inputs WHERE ${where.join(' AND ')} ORDER BY year`,
    b.params,
  );
}
