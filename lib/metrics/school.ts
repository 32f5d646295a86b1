// «Карточка ОО»: finding a school, its list history, and comparable schools.
import type { Engine } from '../db/engine';
import { SqlBuilder } from '../sql';
import { indicatorDef, OVER_TOTALS, resultTotals } from './results';

export interface SchoolHit {
  school_id: string;
  name: string;
  municipality: string;
  type: string;
  location: string;
  closed_year: number | null;
  successor_id: string | null;
  /** No uploaded table names the school: `name` is «ОО <код>». */
  unnamed: boolean;
}

/** A school with its region (null when the data names none): the region its card and report compare it with. */
export type SchoolRow = SchoolHit & { region: string | null };

/** The area a school's figures are compared with: its municipality, within its region when the data names one. */
export const schoolArea = (s: SchoolRow) => ({
  municipalities: [s.municipality],
  regions: s.region === null ? undefined : [s.region],
});

/** By code or by any part of the name, case- and ё-insensitive; exact code first. */
export async function searchSchools(db: Engine, text: string, limit = 20): Promise<SchoolHit[]> {
  const b = new SqlBuilder();
  const q = b.p(text.trim().toLowerCase().replace(/ё/g, 'е'));
  return db.query<SchoolHit>(
    `SELECT school_id, name, municipality, type, location, closed_year, successor_id, unnamed FROM school_dim
     WHERE lower(school_id) = ${q} OR contains(replace(lower(name), 'ё', 'е'), ${q}) OR starts_with(lower(school_id), ${q})
     ORDER BY lower(school_id) = ${q} DESC, name LIMIT ${b.p(limit)}::INTEGER`,
    b.params,
  );
}

/** Every school's code, in order. */
export async function schoolIds(db: Engine): Promise<string[]> {
  return (await db.query<{ school_id: string }>('SELECT school_id FROM school_dim ORDER BY school_id')).map(
    (r) => r.school_id,
  );
}

export async function schoolById(db: Engine, id: string): Promise<SchoolRow | null> {
  const b = new SqlBuilder();
  const [row] = await db.query<SchoolRow>(
    `SELECT school_id, name, municipality, type, location, closed_year, successor_id, unnamed, region FROM school_dim WHERE school_id = ${b.p(id)}`,
    b.params,
  );
  return row ?? null;
}

export interface ListHistoryRow {
  list: string;
  year: number;
  /** Whether the school is on the list that published year. */
  listed: boolean;
  streak: number | null;
  /** A list that names papers (signs of non-objectivity): its marker count and papers for the school. */
  markers: number | null;
  papers: string | null;
}

/** Every published year of every list, with the school's membership and streak. */
export async function schoolListHistory(db: Engine, id: string): Promise<ListHistoryRow[]> {
  const b = new SqlBuilder();
  return db.query<ListHistoryRow>(
    `SELECT p.list, p.year, s.school_id IS NOT NULL AS listed, s.streak, l.markers, l.papers
     FROM list_published p LEFT JOIN list_streaks s ON s.list = p.list AND s.year = p.year AND s.school_id = ${b.p(id)}
     LEFT JOIN (SELECT list, year, max(markers)::INTEGER AS markers, string_agg(DISTINCT papers, ', ') AS papers FROM lists WHERE school_id = ${b.p(id)} GROUP BY ALL) l
       ON l.list = p.list AND l.year = p.year
     ORDER BY p.list, p.year`,
    b.params,
  );
}

export interface SimilarSchool {
  school_id: string;
  name: string;
  municipality: string;
  participants: number;
  share_2: number | null;
  quality: number | null;
}

/** Same type and location, nearest in ВПР participants in the school's latest ВПР year. */
export async function similarSchools(db: Engine, id: string, limit = 5): Promise<SimilarSchool[]> {
  await resultTotals(db);
  const b = new SqlBuilder();
  const me = b.p(id);
  const ind = (key: 'share_2' | 'quality') => indicatorDef(key).sql(OVER_TOTALS);
  return db.query<SimilarSchool>(
    `WITH last AS (SELECT max(year) AS year FROM results WHERE procedure = 'ВПР' AND school_id = ${me}),
     size AS (
       SELECT r.school_id, sum(r.p_marks)::INTEGER AS participants, ${ind('share_2')} AS share_2, ${ind('quality')} AS quality
       FROM result_totals r
       WHERE r.procedure = 'ВПР' AND r.subject IS NULL AND r.grade IS NULL AND r.year = (SELECT year FROM last) AND r.p_marks IS NOT NULL
       GROUP BY r.school_id),
     self AS (SELECT d.type, d.location, s.participants FROM school_dim d JOIN size s USING (school_id) WHERE d.school_id = ${me})
     SELECT d.school_id, d.name, d.municipality, s.participants, s.share_2, s.quality
     FROM school_dim d JOIN size s USING (school_id), self
     WHERE d.school_id <> ${me} AND d.type = self.type AND d.location = self.location
     ORDER BY abs(s.participants - self.participants), d.school_id LIMIT ${b.p(limit)}::INTEGER`,
    b.params,
  );
}
