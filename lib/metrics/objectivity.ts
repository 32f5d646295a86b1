// Objectivity indicators of ВПР results (DOMAIN.md §3): four flags, each with a Russian reason, and the
// marker count per school and year.
import type { Engine } from '../db/engine';
import { SqlBuilder, sqlPercent, sqlPoints } from '../sql';
import { pointsText, shareText } from '../format';
import { areaWhere, type Filter } from '../filters';
import { lazyDerived } from '../derived';

export interface ObjectivitySettings {
  /** 1. Journal mismatch: share raised or lowered in the region's top share (per year, subject, grade). */
  journalTop: number;
  /** Participants a school needs to be compared at all (indicators 1–3). */
  minParticipants: number;
  /** 2. ВПР quality in the region's top share… */
  qualityTop: number;
  /** 3. Sharp jump: quality up by at least… */
  jumpQuality: number;
  /** …or share of «2» down by at least. */
  jumpShare2: number;
  /** 4. Share at a mark's minimum score ≥ ratio × the mean share of the two neighbouring scores… */
  peakRatio: number;
  /** …with at least this many participants. */
  peakMinParticipants: number;
}

export const OBJECTIVITY_DEFAULTS: ObjectivitySettings = {
  journalTop: 0.05,
  minParticipants: 10,
  qualityTop: 0.1,
  jumpQuality: 0.2,
  jumpShare2: 0.1,
  peakRatio: 2,
  peakMinParticipants: 20,
};

export type ObjectivityIndicator = 'journal' | 'unconfirmed' | 'jump' | 'peaks';

export const OBJECTIVITY_INDICATORS: { key: ObjectivityIndicator; label: string; rule: (s: ObjectivitySettings) => string; needs: string }[] = [
  {
    key: 'journal',
    label: 'Несоответствие отметкам по журналу',
    rule: (s) => `Доля участников, которые повысили или понизили отметку по журналу, не ниже порога верхних ${shareText(s.journalTop)} значений региона (квантиль ${shareText(1 - s.journalTop)}) в том же году, предмете и классе (среди школ, где участников не меньше ${s.minParticipants}).`,
    needs: 'vpr_journal; число участников — из results (иначе сумма столбцов журнала)',
  },
  {
    key: 'unconfirmed',
    label: 'Высокие результаты ВПР не подтверждаются ГИА',
    rule: (s) => `Качество ВПР по предмету (все классы вместе) не ниже порога ${shareText(s.qualityTop)} лучших значений региона (квантиль ${shareText(1 - s.qualityTop)}), школа — не гимназия и не лицей, а результаты ОГЭ (качество) и/или ЕГЭ (средний балл) по тому же предмету в том же году ниже медианы региона. Сравниваются школы, где участников не меньше ${s.minParticipants} в каждой процедуре.`,
    needs: 'results (ВПР и ОГЭ/ЕГЭ по одноимённому предмету), schools.type',
  },
  {
    key: 'jump',
    label: 'Резкий скачок результатов',
    rule: (s) => `По сравнению с предыдущим годом (тот же предмет и класс) качество выросло на ${pointsText(s.jumpQuality)} или больше либо доля «2» снизилась на ${pointsText(s.jumpShare2)} или больше; в оба года участников не меньше ${s.minParticipants}.`,
    needs: 'results за два года подряд',
  },
  {
    key: 'peaks',
    label: 'Пики на границах отметок',
    rule: (s) => `Доля участников, набравших ровно минимальный балл отметки «3», «4» или «5», не меньше чем в ${String(s.peakRatio).replace('.', ',')} раза превышает среднюю долю на двух соседних баллах; участников не меньше ${s.peakMinParticipants}.`,
    needs: 'score_dist и mark_scales',
  },
];


const sqlWhat = (year: string, subject: string, grade: string) => `'ВПР ' || ${year} || ', ' || ${subject} || ', ' || ${grade} || ' класс: '`;

/**
 * One relation of every flag: school_id, year, indicator, subject, grade, reason. Flags are computed for
 * the years of `f` only (the jump also reads the year before), since region-wide ranks are per year.
 */
function flagsSql(b: SqlBuilder, s: ObjectivitySettings, f: Filter): string {
  const [from, to] = f.year ? [f.year, f.year] : (f.years ?? [0, 9999]);
  const y0 = `${b.p(from)}::INTEGER`;
  const y1 = `${b.p(to)}::INTEGER`;
  const minN = `${b.p(s.minParticipants)}::INTEGER`;
  const journalTop = b.p(s.journalTop);
  const qualityTop = b.p(s.qualityTop);
  const jumpQuality = b.p(s.jumpQuality);
  const jumpShare2 = b.p(s.jumpShare2);
  return `(
    WITH vpr AS MATERIALIZED (
      SELECT school_id, year::INTEGER AS year, subject, grade::INTEGER AS grade, participants,
        m2 / participants AS share_2, (m4 + m5) / participants AS quality
      FROM results WHERE procedure = 'ВПР' AND participants > 0 AND m2 IS NOT NULL AND year BETWEEN ${y0} - 1 AND ${y1}),
    journal AS (
      SELECT j.school_id, j.year::INTEGER AS year, j.subject, j.grade::INTEGER AS grade,
        j.raised / nullif(j.lowered + j.confirmed + j.raised, 0) AS raised_share,
        j.lowered / nullif(j.lowered + j.confirmed + j.raised, 0) AS lowered_share,
        coalesce(v.participants, j.lowered + j.confirmed + j.raised) AS n
      FROM vpr_journal j LEFT JOIN vpr v ON v.school_id = j.school_id AND v.year = j.year AND v.subject = j.subject AND v.grade = j.grade
      WHERE j.year BETWEEN ${y0} AND ${y1}),
    journal_ranked AS (
      SELECT *,
        quantile_cont(raised_share, 1 - ${journalTop}) OVER (PARTITION BY year, subject, grade) AS q_raised,
        quantile_cont(lowered_share, 1 - ${journalTop}) OVER (PARTITION BY year, subject, grade) AS q_lowered
      FROM journal WHERE n >= ${minN} AND raised_share IS NOT NULL),
    vpr_subject AS (
      SELECT school_id, year, subject, sum(participants) AS n, (sum(quality * participants)) / sum(participants) AS quality
      FROM vpr WHERE year >= ${y0} GROUP BY school_id, year, subject),
    vpr_top AS (
      SELECT *, quantile_cont(quality, 1 - ${qualityTop}) OVER (PARTITION BY year, subject) AS q_quality
      FROM vpr_subject WHERE n >= ${minN}),
    gia AS (
      SELECT school_id, year::INTEGER AS year, subject, procedure,
        CASE WHEN procedure = 'ОГЭ' THEN (sum(m4) + sum(m5)) / sum(participants)
             ELSE sum(mean_score * participants) / sum(participants) END AS value
      FROM results WHERE procedure IN ('ОГЭ', 'ЕГЭ') AND participants > 0 AND year BETWEEN ${y0} AND ${y1}
        AND (procedure = 'ЕГЭ' AND mean_score IS NOT NULL OR procedure = 'ОГЭ' AND m4 IS NOT NULL)
      GROUP BY school_id, year, subject, procedure HAVING sum(participants) >= ${minN}),
    gia_med AS (SELECT *, median(value) OVER (PARTITION BY year, subject, procedure) AS med FROM gia),
    gia_school AS (
      SELECT school_id, year, subject, bool_and(value < med) AS all_below,
        string_agg(procedure || ' — ' || CASE WHEN procedure = 'ОГЭ' THEN 'качество ' || ${sqlPercent('value')} || ' при медиане региона ' || ${sqlPercent('med')}
          ELSE 'средний балл ' || replace(printf('%.1f', value), '.', ',') || ' при медиане региона ' || replace(printf('%.1f', med), '.', ',') END, '; ' ORDER BY procedure) AS detail
      FROM gia_med GROUP BY school_id, year, subject),
    jumps AS (
      SELECT c.school_id, c.year, c.subject, c.grade, c.quality - p.quality AS dq, p.share_2 - c.share_2 AS ds,
        p.quality AS pq, c.quality AS cq, p.share_2 AS ps, c.share_2 AS cs
      FROM vpr c JOIN vpr p ON p.school_id = c.school_id AND p.subject = c.subject AND p.grade = c.grade AND p.year = c.year - 1
      WHERE c.participants >= ${minN} AND p.participants >= ${minN}),
    dist AS MATERIALIZED (
      SELECT d.*, d."count" / sum(d."count") OVER g AS share, sum(d."count") OVER g AS total
      FROM score_dist d WHERE d.procedure = 'ВПР' AND d.year BETWEEN ${y0} AND ${y1}
      WINDOW g AS (PARTITION BY year, subject, grade, school_id)),
    near AS (
      SELECT d.school_id, d.year::INTEGER AS year, d.subject, d.grade::INTEGER AS grade, d.total, t.mark, t.min_score,
        d.score - t.min_score AS off, d.share
      FROM dist d JOIN mark_scales t ON t.procedure = 'ВПР' AND t.year = d.year AND t.subject = d.subject AND t.grade = d.grade
        AND d.score BETWEEN t.min_score - 1 AND t.min_score + 1
      WHERE t.mark >= 3),
    peaks AS (
      SELECT n.school_id, n.year, n.subject, n.grade, n.mark, n.min_score,
        coalesce(sum(n.share) FILTER (WHERE n.off = 0), 0) AS share_at,
        coalesce(sum(n.share) FILTER (WHERE n.off <> 0), 0) / 2 AS share_nb,
        coalesce(any_value(v.participants), any_value(n.total)) AS n
      FROM near n LEFT JOIN vpr v ON v.school_id = n.school_id AND v.year = n.year AND v.subject = n.subject AND v.grade = n.grade
      GROUP BY n.school_id, n.year, n.subject, n.grade, n.mark, n.min_score)
    SELECT school_id, year, 'journal' AS indicator, subject, grade,
      ${sqlWhat('year', 'subject', 'grade')} || concat_ws('; ',
        CASE WHEN raised_share >= q_raised AND raised_share > 0 THEN 'повысили отметку по журналу ' || ${sqlPercent('raised_share')} || ' участников (порог верхних ' || ${sqlPercent(journalTop)} || ' по региону — ' || ${sqlPercent('q_raised')} || ')' END,
        CASE WHEN lowered_share >= q_lowered AND lowered_share > 0 THEN 'понизили отметку по журналу ' || ${sqlPercent('lowered_share')} || ' участников (порог верхних ' || ${sqlPercent(journalTop)} || ' по региону — ' || ${sqlPercent('q_lowered')} || ')' END) AS reason
    FROM journal_ranked WHERE (raised_share >= q_raised AND raised_share > 0) OR (lowered_share >= q_lowered AND lowered_share > 0)
    UNION ALL
    SELECT v.school_id, v.year, 'unconfirmed', v.subject, NULL,
      'ВПР ' || v.year || ', ' || v.subject || ': качество ' || ${sqlPercent('v.quality')} || ' — в ' || ${sqlPercent(qualityTop)} || ' лучших по региону, но результаты ГИА ниже медианы: ' || g.detail
    FROM vpr_top v JOIN school_dim d USING (school_id)
    JOIN gia_school g ON g.school_id = v.school_id AND g.year = v.year AND g.subject = v.subject
    WHERE v.quality >= v.q_quality AND v.quality > 0 AND d.type NOT IN ('гимназия', 'лицей') AND g.all_below
    UNION ALL
    SELECT school_id, year, 'jump', subject, grade,
      ${sqlWhat('year', 'subject', 'grade')} || concat_ws('; ',
        CASE WHEN dq >= ${jumpQuality} - 1e-9 THEN 'качество выросло с ' || ${sqlPercent('pq')} || ' до ' || ${sqlPercent('cq')} || ' (+' || ${sqlPoints('dq')} || ')' END,
        CASE WHEN ds >= ${jumpShare2} - 1e-9 THEN 'доля «2» снизилась с ' || ${sqlPercent('ps')} || ' до ' || ${sqlPercent('cs')} || ' (−' || ${sqlPoints('ds')} || ')' END)
    FROM jumps WHERE year >= ${y0} AND (dq >= ${jumpQuality} - 1e-9 OR ds >= ${jumpShare2} - 1e-9)
    UNION ALL
    SELECT school_id, year, 'peaks', subject, grade,
      ${sqlWhat('year', 'subject', 'grade')} || 'ровно минимальный балл отметки «' || mark || '» (' || min_score || ' б.) у ' || ${sqlPercent('share_at')}
        || ' участников, на соседних баллах в среднем ' || ${sqlPercent('share_nb')}
    FROM peaks WHERE n >= ${b.p(s.peakMinParticipants)} AND share_at > 0 AND share_at >= ${b.p(s.peakRatio)} * share_nb - 1e-12
  )`;
}

export interface ObjectivityFlag {
  school_id: string;
  name: string;
  municipality: string;
  year: number;
  indicator: ObjectivityIndicator;
  subject: string;
  grade: number | null;
  reason: string;
}

/**
 * Per school and year over flags `x`: the marker count and the indicators (the reasons are read per school,
 * with objectivityFlags). Aggregated once for all subjects and grades when the flags are built; live for a
 * subject or grade.
 */
const markersSql = (where: string) => `(
  SELECT x.school_id, x.year, count(DISTINCT x.indicator)::INTEGER AS markers, count(*)::INTEGER AS flags,
    string_agg(DISTINCT x.indicator, ', ' ORDER BY x.indicator) AS indicators
  FROM objectivity_flags x WHERE ${where} GROUP BY x.school_id, x.year)`;

/** All flags for all years with these settings, and their markers, as derived tables built once per data change. */
async function flagsTable(db: Engine, s: ObjectivitySettings): Promise<string> {
  return lazyDerived(db, 'objectivity_flags', JSON.stringify(s), async () => {
    const b = new SqlBuilder();
    await db.query(`CREATE OR REPLACE TABLE objectivity_flags AS SELECT * FROM ${flagsSql(b, s, {})}`, b.params);
    await db.query(`CREATE OR REPLACE TABLE objectivity_markers AS SELECT * FROM ${markersSql('TRUE')}`);
  });
}

function flagWhere(b: SqlBuilder, f: Filter): string {
  const parts = [areaWhere(b, f)];
  if (f.year) parts.push(`x.year = ${b.p(f.year)}::INTEGER`);
  if (f.years) parts.push(`x.year BETWEEN ${b.p(f.years[0])}::INTEGER AND ${b.p(f.years[1])}::INTEGER`);
  if (f.subject) parts.push(`x.subject = ${b.p(f.subject)}`);
  if (f.grade) parts.push(`(x.grade = ${b.p(f.grade)}::INTEGER OR x.grade IS NULL)`);
  return parts.join(' AND ');
}

export async function objectivityFlags(db: Engine, f: Filter = {}, s: ObjectivitySettings = OBJECTIVITY_DEFAULTS): Promise<ObjectivityFlag[]> {
  const table = await flagsTable(db, s);
  const b = new SqlBuilder();
  return db.query<ObjectivityFlag>(
    `SELECT x.school_id, d.name, d.municipality, x.year, x.indicator, x.subject, x.grade::INTEGER AS grade, x.reason
     FROM ${table} x JOIN school_dim d USING (school_id)
     WHERE ${flagWhere(b, f)}
     ORDER BY x.year, x.school_id, x.indicator, x.subject, x.grade, x.reason`,
    b.params,
  );
}

export interface MarkerRow {
  school_id: string;
  name: string;
  municipality: string;
  type: string;
  year: number;
  /** How many of the four indicators flag the school that year (количество маркеров). */
  markers: number;
  /** How many flags (indicator × subject × grade), each with its reason. */
  flags: number;
  indicators: string;
}

export async function objectivityMarkers(db: Engine, f: Filter = {}, s: ObjectivitySettings = OBJECTIVITY_DEFAULTS): Promise<MarkerRow[]> {
  await flagsTable(db, s);
  const b = new SqlBuilder();
  const source = f.subject || f.grade ? markersSql(flagWhere(b, { subject: f.subject, grade: f.grade })) : 'objectivity_markers';
  return db.query<MarkerRow>(
    `SELECT x.school_id, d.name, d.municipality, d.type, x.year, x.markers, x.flags, x.indicators
     FROM ${source} x JOIN school_dim d USING (school_id)
     WHERE ${flagWhere(b, { ...f, subject: undefined, grade: undefined })}
     ORDER BY x.year, x.markers DESC, x.school_id`,
    b.params,
  );
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

/**
 * Scatter points per school and year, all grades together: ВПР quality beside ОГЭ quality, per subject and
 * over the subjects the school has in both (subject NULL), weighted by participants. A derived table.
 */
async function vprOgeTable(db: Engine): Promise<string> {
  return lazyDerived(db, 'vpr_oge_points', '', () => {
    const part = (proc: string) => `SELECT school_id, year::INTEGER AS year, subject, sum(participants)::INTEGER AS n, (sum(m4) + sum(m5)) / sum(participants) AS quality
      FROM results WHERE procedure = '${proc}' AND m4 IS NOT NULL AND participants > 0 GROUP BY school_id, year, subject`;
    return db.exec(`CREATE OR REPLACE TABLE vpr_oge_points AS
      SELECT v.school_id, v.year, v.subject, string_agg(v.subject, ', ' ORDER BY v.subject) AS subjects,
        sum(v.quality * v.n) / sum(v.n) AS vpr_quality, sum(v.n)::INTEGER AS vpr_participants,
        sum(o.quality * o.n) / sum(o.n) AS oge_quality, sum(o.n)::INTEGER AS oge_participants
      FROM (${part('ВПР')}) v JOIN (${part('ОГЭ')}) o USING (school_id, year, subject)
      GROUP BY GROUPING SETS ((v.school_id, v.year, v.subject), (v.school_id, v.year))`);
  });
}

/**
 * One point per school for the scatter: ВПР quality (all grades) beside ОГЭ quality over the subjects the
 * school has in both, weighted by participants (one subject when `f.subject` is set).
 */
export async function vprVsOge(db: Engine, f: Filter, year: number): Promise<VprGiaPoint[]> {
  const table = await vprOgeTable(db);
  const b = new SqlBuilder();
  return db.query<VprGiaPoint>(
    `SELECT q.school_id, d.name, d.type, q.subjects, q.vpr_quality, q.vpr_participants, q.oge_quality, q.oge_participants
     FROM ${table} q JOIN school_dim d USING (school_id)
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
}

/** Journal shares per school and year, for all subjects and grades (NULL) and for each: a derived table. */
async function journalTable(db: Engine): Promise<string> {
  return lazyDerived(db, 'journal_shares', '', () =>
    db.exec(`CREATE OR REPLACE TABLE journal_shares AS
      SELECT j.school_id, j.year::INTEGER AS year, j.subject, j.grade::INTEGER AS grade,
        sum(j.raised) / nullif(sum(j.lowered + j.confirmed + j.raised), 0) AS raised_share,
        sum(j.lowered) / nullif(sum(j.lowered + j.confirmed + j.raised), 0) AS lowered_share,
        sum(j.lowered + j.confirmed + j.raised)::INTEGER AS participants
      FROM vpr_journal j
      GROUP BY GROUPING SETS ((j.school_id, j.year), (j.school_id, j.year, j.subject), (j.school_id, j.year, j.grade), (j.school_id, j.year, j.subject, j.grade))`),
  );
}

/** Shares of pupils whose ВПР mark was above (raised) or below (lowered) the journal mark, per school. */
export async function journalShares(db: Engine, f: Filter, year: number): Promise<JournalShareRow[]> {
  const table = await journalTable(db);
  const b = new SqlBuilder();
  return db.query<JournalShareRow>(
    `SELECT j.school_id, j.raised_share, j.lowered_share, j.participants
     FROM ${table} j JOIN school_dim d USING (school_id)
     WHERE j.year = ${b.p(year)}::INTEGER AND j.subject IS NOT DISTINCT FROM ${b.p(f.subject ?? null)}::VARCHAR
       AND j.grade IS NOT DISTINCT FROM ${b.p(f.grade ?? null)}::INTEGER AND j.raised_share IS NOT NULL AND ${areaWhere(b, f)}
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
  const b = new SqlBuilder();
  return db.query<ScoreBar>(
    `SELECT d.subject, d.grade::INTEGER AS grade, d.score::INTEGER AS score, d."count" AS count,
       d."count" / sum(d."count") OVER (PARTITION BY d.subject, d.grade) AS share,
       (SELECT min(t.mark) FROM mark_scales t WHERE t.procedure = d.procedure AND t.year = d.year AND t.subject = d.subject
          AND t.grade = d.grade AND t.min_score = d.score AND t.mark >= 3)::INTEGER AS threshold_mark
     FROM score_dist d WHERE d.procedure = 'ВПР' AND d.school_id = ${b.p(schoolId)} AND d.year = ${b.p(year)}::INTEGER
     ORDER BY d.subject, d.grade, d.score`,
    b.params,
  );
}

export interface MarkThreshold {
  subject: string;
  grade: number;
  mark: number;
  min_score: number;
}

export async function markThresholds(db: Engine, year: number): Promise<MarkThreshold[]> {
  const b = new SqlBuilder();
  return db.query<MarkThreshold>(
    `SELECT subject, grade::INTEGER AS grade, mark::INTEGER AS mark, min_score::INTEGER AS min_score FROM mark_scales
     WHERE procedure = 'ВПР' AND year = ${b.p(year)}::INTEGER AND mark >= 3 ORDER BY subject, grade, mark`,
    b.params,
  );
}
