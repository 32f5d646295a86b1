// What the filters can offer: the values present in the loaded data, read from small derived tables (own data's
// stored ones answer before its rows are loaded).
import type { Engine } from '../db/engine';

/** Derived table result_slices: the procedures, subjects, grades and years the results hold, with their rows. */
export const RESULT_SLICES_SQL = `SELECT procedure, subject, grade::INTEGER AS grade, year::INTEGER AS year, count(*)::BIGINT AS n
  FROM results GROUP BY ALL ORDER BY ALL`;

export interface FilterOptions {
  /** Years with results or list rows. */
  years: number[];
  lists: { list: string; years: number[] }[];
  regions: string[];
  municipalities: string[];
  /** Each municipality's region(s): a country's filter offers the chosen regions' municipalities. */
  municipalityRegions: Record<string, string[]>;
  types: string[];
  locations: string[];
  subjects: { procedure: string; subject: string; grades: number[] }[];
}

export async function filterOptions(db: Engine): Promise<FilterOptions> {
  const [years, lists, dims, subjects] = await Promise.all([
    db.query<{ year: number }>(
      'SELECT DISTINCT year::INTEGER AS year FROM (SELECT year FROM result_slices UNION SELECT year FROM list_published) ORDER BY year',
    ),
    db.query<{ list: string; years: number[] }>(
      'SELECT list, list(year ORDER BY year) AS years FROM list_published GROUP BY list ORDER BY list',
    ),
    db.query<{ kind: string; value: string; region: string | null }>(
      `SELECT DISTINCT 'r' AS kind, region AS value, NULL AS region FROM school_dim
       UNION ALL SELECT DISTINCT 'm', municipality, region FROM school_dim
       UNION ALL SELECT DISTINCT 't', type, NULL FROM school_dim
       UNION ALL SELECT DISTINCT 'l', location, NULL FROM school_dim ORDER BY kind, value, region`,
    ),
    db.query<{ procedure: string; subject: string; grades: number[] }>(
      'SELECT procedure, subject, list(DISTINCT grade ORDER BY grade) AS grades FROM result_slices GROUP BY ALL ORDER BY procedure, subject',
    ),
  ]);
  const of = (k: string) => [...new Set(dims.filter((d) => d.kind === k).map((d) => d.value))];
  const municipalityRegions: Record<string, string[]> = {};
  for (const d of dims)
    if (d.kind === 'm' && d.region !== null)
      municipalityRegions[d.value] = [...(municipalityRegions[d.value] ?? []), d.region];
  return {
    years: years.map((y) => y.year),
    lists,
    regions: of('r'),
    municipalities: of('m'),
    municipalityRegions,
    types: of('t'),
    locations: of('l'),
    subjects,
  };
}

/** The latest year with results (the views' default year). */
export async function latestResultsYear(db: Engine): Promise<number | null> {
  const [row] = await db.query<{ year: number | null }>(
    'SELECT max(year)::INTEGER AS year FROM result_slices',
  );
  return row?.year ?? null;
}
