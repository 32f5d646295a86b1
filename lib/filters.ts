// The global filter every metric takes, and the SQL that narrows schools to the chosen area.
import { sqlString, type SqlBuilder } from './sql';

export interface Filter {
  list?: string;
  year?: number;
  /** Inclusive year range for trends. */
  years?: [number, number];
  procedure?: string;
  subject?: string;
  grade?: number;
  /** Regions (subjects of the federation) of a country's data. */
  regions?: string[];
  municipalities?: string[];
  types?: string[];
  locations?: string[];
  /** One school (Карточка ОО). */
  school?: string;
}

/** The list the dashboard is about: every list filter's default, and the list the risk rule and a school's report look at. */
export const DEFAULT_LIST = 'ШНОР';

/**
 * Earlier uploads stored schools named «ОО <код>» for codes no schools file knew: they say nothing about the
 * school and must neither hide a name from a list file nor count as a schools table.
 */
export const PLACEHOLDER = (alias: string) => `${alias}.name = 'ОО ' || ${alias}.school_id`;

/**
 * Derived table territory_known: whether the data knows the territory's schools beyond those on a list (a
 * schools table or results), and whether it knows each school's municipality, type and region (a schools
 * table: results name no municipality, so without one only the listed schools have theirs). A share of schools
 * on a list is meaningless without the first (a lists file alone makes every known school listed), a figure of
 * a municipality without the second (it would hold the listed schools alone). A table, so that the views need
 * no canonical rows for it.
 */
export const TERRITORY_KNOWN_TABLE_SQL = `SELECT (EXISTS (SELECT 1 FROM schools s WHERE NOT (${PLACEHOLDER('s')})) OR EXISTS (SELECT 1 FROM results)) AS known,
  EXISTS (SELECT 1 FROM schools s WHERE NOT (${PLACEHOLDER('s')})) AS areas_known`;
export const TERRITORY_KNOWN_SQL = '(SELECT known FROM territory_known)';
export const AREAS_KNOWN_SQL = '(SELECT areas_known FROM territory_known)';
/** Whether the schools of `f`'s area are all known: the territory's, and their attributes when `f` picks by them. */
export const areaKnownSql = (f: Filter) =>
  f.regions?.length || f.municipalities?.length || f.types?.length || f.locations?.length
    ? `(${TERRITORY_KNOWN_SQL} AND ${AREAS_KNOWN_SQL})`
    : TERRITORY_KNOWN_SQL;

/** school_dim's word for a region (a municipality, a type) that no table gives. */
export const UNKNOWN_AREA = 'не указан';

/**
 * Derived table school_dim: every school known from any table, with its attributes (the schools table
 * first, then the latest list row that names it); `unnamed` when no table names the school.
 */
export const SCHOOL_DIM_SQL = `
  SELECT ids.school_id,
    coalesce(s.name, ln.name, 'ОО ' || ids.school_id) AS name,
    coalesce(s.municipality, ln.municipality, 'не указан') AS municipality,
    coalesce(s.type, 'не указан') AS type,
    coalesce(s.location, 'не указана') AS location,
    s.closed_year::INTEGER AS closed_year,
    s.successor_id,
    s.name IS NULL AND ln.name IS NULL AS unnamed,
    coalesce(s.region, ${sqlString(UNKNOWN_AREA)}) AS region
  FROM (SELECT school_id FROM schools UNION SELECT school_id FROM lists
        UNION SELECT school_id FROM results UNION SELECT school_id FROM vpr_journal
        UNION SELECT school_id FROM score_dist) ids
  LEFT JOIN (SELECT school_id, any_value(name) FILTER (WHERE NOT (${PLACEHOLDER('schools')})) AS name,
               any_value(nullif(municipality, 'не указан')) AS municipality, any_value(type) AS type,
               any_value(location) AS location, min(closed_year) AS closed_year, any_value(successor_id) AS successor_id,
               any_value(region) AS region
             FROM schools GROUP BY school_id) s USING (school_id)
  LEFT JOIN (SELECT school_id, arg_max(name, year) FILTER (WHERE name IS NOT NULL) AS name,
               arg_max(municipality, year) FILTER (WHERE municipality IS NOT NULL) AS municipality
             FROM lists GROUP BY school_id) ln USING (school_id)`;

/** Boolean SQL over school_dim's columns (aliased `alias`) for the area part of the filter. */
export function areaWhere(b: SqlBuilder, f: Filter, alias = 'd'): string {
  const parts: string[] = [];
  if (f.regions?.length) parts.push(`list_contains(${b.list(f.regions)}, ${alias}.region)`);
  if (f.municipalities?.length)
    parts.push(`list_contains(${b.list(f.municipalities)}, ${alias}.municipality)`);
  if (f.types?.length) parts.push(`list_contains(${b.list(f.types)}, ${alias}.type)`);
  if (f.locations?.length) parts.push(`list_contains(${b.list(f.locations)}, ${alias}.location)`);
  if (f.school) parts.push(`${alias}.school_id = ${b.p(f.school)}`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}
