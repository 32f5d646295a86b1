// «Муниципалитеты»: one row per municipality — schools, listed, share, exit rate, key indicators.
import type { Engine } from '../db/engine';
import { SqlBuilder } from '../sql';
import { AREAS_KNOWN_SQL, areaWhere, DEFAULT_LIST, TERRITORY_KNOWN_SQL, type Filter } from '../filters';
import { indicatorDef, OVER_TOTALS, resultTotals } from './results';
import { derived } from '../data/derived';
import { ACTIVE_IN, exitsSql, LIST_SHARE } from './lists';

export interface MunicipalityRow {
  municipality: string;
  year: number;
  /** Null when the data knows only the listed schools, or not the schools' municipalities (territory_known). */
  active: number | null;
  /** Null when the list was not published in `year` (or has no rows at all). */
  listed: number | null;
  share: number | null;
  /** Exit rate from the previous published year into `year`. */
  exit_rate: number | null;
  vpr_share_2: number | null;
  vpr_quality: number | null;
  oge_share_2: number | null;
  ege_mean_score: number | null;
  vpr_participants: number;
}

/** For `f.year` (default: the list's latest published year); results of the same year. */
/**
 * The CTEs `y` (the year: `f.year`, default the list's latest published year), `area` (the filter's schools),
 * `counts` (per territory: active schools, or null when the data knows only the listed ones; listed schools,
 * or null when the list was not published that year; their share) and `exits` (the exit rate into the year) — the list
 * figures of «Муниципалитеты» and «Регионы», one territory column apart.
 */
export function territoryCountsCtes(b: SqlBuilder, f: Filter, by: 'municipality' | 'region'): string {
  const list = b.p(f.list ?? DEFAULT_LIST);
  const year = f.year
    ? `${b.p(f.year)}::INTEGER`
    : `(SELECT max(year) FROM list_published WHERE list = ${list})`;
  return `y AS (SELECT ${year} AS year),
     area AS (SELECT * FROM school_dim d WHERE ${areaWhere(b, f)}),
     counted AS (
       SELECT d.${by},
         CASE WHEN ${TERRITORY_KNOWN_SQL} AND ${AREAS_KNOWN_SQL} THEN count(*) FILTER (WHERE ${ACTIVE_IN('d', '(SELECT year FROM y)')}) END::INTEGER AS active,
         CASE WHEN EXISTS (SELECT 1 FROM list_published WHERE list = ${list} AND year = (SELECT year FROM y)) THEN count(m.school_id) END::INTEGER AS listed
       FROM area d LEFT JOIN list_membership m ON m.list = ${list} AND m.year = (SELECT year FROM y) AND m.school_id = d.school_id
       GROUP BY d.${by}),
     counts AS (SELECT *, ${LIST_SHARE('listed', 'active')} AS share FROM counted),
     exits AS (
       SELECT "group" AS ${by}, exit_rate
       FROM (${exitsSql(b, { ...f, list: f.list ?? DEFAULT_LIST, year: undefined }, by)})
       WHERE next_year = (SELECT year FROM y))`;
}

/** Whether the area is whole municipalities (regions, municipalities): their totals (area_totals) serve. */
const wholeMunicipalities = (f: Filter) => !f.types?.length && !f.locations?.length && !f.school;

export function municipalitySummarySql(b: SqlBuilder, f: Filter = {}): string {
  const ind = (key: 'share_2' | 'quality' | 'mean_score') => indicatorDef(key).sql(OVER_TOTALS);
  const from = wholeMunicipalities(f)
    ? `area_totals r WHERE ${areaWhere(b, { regions: f.regions, municipalities: f.municipalities }, 'r')} AND`
    : 'result_totals r JOIN area d USING (school_id) WHERE';
  return `WITH ${territoryCountsCtes(b, f, 'municipality')},
     res AS (
       SELECT municipality, r.procedure, sum(r.participants)::INTEGER AS participants,
         ${ind('share_2')} AS share_2, ${ind('quality')} AS quality, ${ind('mean_score')} AS mean_score
       FROM ${from} r.year = ${f.year ? `${b.p(f.year)}::INTEGER` : '(SELECT year FROM y)'} AND r.subject IS NULL AND r.grade IS NULL GROUP BY municipality, r.procedure)
     SELECT c.municipality, (SELECT year FROM y) AS year, c.active, c.listed, c.share, e.exit_rate,
       CASE WHEN ${AREAS_KNOWN_SQL} THEN v.share_2 END AS vpr_share_2, CASE WHEN ${AREAS_KNOWN_SQL} THEN v.quality END AS vpr_quality,
       CASE WHEN ${AREAS_KNOWN_SQL} THEN o.share_2 END AS oge_share_2, CASE WHEN ${AREAS_KNOWN_SQL} THEN g.mean_score END AS ege_mean_score,
       coalesce(v.participants, 0)::INTEGER AS vpr_participants
     FROM counts c LEFT JOIN exits e USING (municipality)
     LEFT JOIN res v ON v.municipality = c.municipality AND v.procedure = 'ВПР'
     LEFT JOIN res o ON o.municipality = c.municipality AND o.procedure = 'ОГЭ'
     LEFT JOIN res g ON g.municipality = c.municipality AND g.procedure = 'ЕГЭ'
     ORDER BY c.municipality`;
}

/**
 * `f` with the list's latest published year when it names none: bound as a value, the year filter lets DuckDB
 * skip the other years' rows of a file read by URL (a subquery in its place read every year's).
 */
async function withLatestPublished(db: Engine, f: Filter): Promise<Filter> {
  if (f.year) return f;
  const [{ year }] = await db.query<{ year: number | null }>(
    'SELECT max(year)::INTEGER AS year FROM list_published WHERE list = $1',
    [f.list ?? DEFAULT_LIST],
  );
  return year === null ? f : { ...f, year };
}

export async function municipalitySummary(db: Engine, f: Filter = {}): Promise<MunicipalityRow[]> {
  await (wholeMunicipalities(f) ? derived(db, 'area_totals') : resultTotals(db));
  f = await withLatestPublished(db, f);
  const b = new SqlBuilder();
  return db.query<MunicipalityRow>(municipalitySummarySql(b, f), b.params);
}

export interface MunicipalityYearRow {
  municipality: string;
  year: number;
  listed: number;
}

/**
 * Listed schools per territory (municipality, or region for a country's small multiples) and published year,
 * every territory of the area in every published year, zeros kept.
 */
export function listedByTerritorySql(b: SqlBuilder, f: Filter, by: 'municipality' | 'region'): string {
  const list = b.p(f.list ?? DEFAULT_LIST);
  return `WITH area AS (SELECT * FROM school_dim d WHERE ${areaWhere(b, f)})
     SELECT t.${by}, p.year, count(l.school_id)::INTEGER AS listed
     FROM (SELECT DISTINCT ${by} FROM area) t
     CROSS JOIN (SELECT year FROM list_published WHERE list = ${list}) p
     LEFT JOIN (SELECT l.year, l.school_id, d.${by} FROM list_membership l JOIN area d USING (school_id) WHERE l.list = ${list}) l
       ON l.${by} = t.${by} AND l.year = p.year
     GROUP BY ALL ORDER BY t.${by}, p.year`;
}

export async function listedByMunicipality(db: Engine, f: Filter = {}): Promise<MunicipalityYearRow[]> {
  const b = new SqlBuilder();
  return db.query<MunicipalityYearRow>(listedByTerritorySql(b, f, 'municipality'), b.params);
}

export interface RegionYearRow {
  region: string;
  year: number;
  listed: number;
}

export async function listedByRegion(db: Engine, f: Filter = {}): Promise<RegionYearRow[]> {
  const b = new SqlBuilder();
  return db.query<RegionYearRow>(listedByTerritorySql(b, f, 'region'), b.params);
}
