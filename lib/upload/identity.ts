// Who the schools of an incoming file are: codes no schools table knows (named by the file itself, or not at
// all), and names or municipalities that differ from what the dashboard shows now, for the import report.
import type { Engine } from '../db/engine';
import { readCanonicalCsvSql } from '../db/load';
import { SqlBuilder } from '../sql';
import type { TableName } from '../schema';
import { PLACEHOLDER } from '../filters';

export interface UnknownSchool {
  school_id: string;
  /** The file itself names the school (a lists file with a name column). */
  named: boolean;
  /** The data already loaded names it (a list row with its name). */
  namedInData: boolean;
}

export interface IdentityConflict {
  school_id: string;
  field: 'name' | 'municipality';
  shown: string;
  incoming: string;
}

export interface IdentityCheck {
  unknown: UnknownSchool[];
  conflicts: IdentityConflict[];
}

/** `file`: the incoming canonical CSV, registered with the engine. */
export async function identityCheck(db: Engine, table: TableName, file: string): Promise<IdentityCheck> {
  if (table === 'mark_scales') return { unknown: [], conflicts: [] };
  const named = table === 'schools' || table === 'lists';
  const b = new SqlBuilder();
  const path = b.p(file);
  // A list file's latest year names the school, as in school_dim.
  const incoming = named
    ? `SELECT school_id, ${table === 'lists' ? 'arg_max(name, year) FILTER (WHERE name IS NOT NULL)' : 'any_value(name)'} AS name,
         ${table === 'lists' ? 'arg_max(municipality, year) FILTER (WHERE municipality IS NOT NULL)' : 'any_value(municipality)'} AS municipality
       FROM (${readCanonicalCsvSql(table, path)}) GROUP BY school_id`
    : `SELECT DISTINCT school_id, NULL::VARCHAR AS name, NULL::VARCHAR AS municipality FROM (${readCanonicalCsvSql(table, path)})`;
  const unknown =
    table === 'schools'
      ? []
      : await db.query<UnknownSchool>(
          `SELECT i.school_id, i.name IS NOT NULL AS named, coalesce(NOT d.unnamed, FALSE) AS "namedInData"
     FROM (${incoming}) i LEFT JOIN school_dim d USING (school_id)
     WHERE i.school_id NOT IN (SELECT s.school_id FROM schools s WHERE NOT (${PLACEHOLDER('s')})) ORDER BY i.school_id`,
          b.params,
        );
  const conflicts = !named
    ? []
    : await db.query<IdentityConflict>(
        `SELECT * FROM (
       SELECT i.school_id, 'name' AS field, d.name AS shown, i.name AS incoming FROM (${incoming}) i JOIN school_dim d USING (school_id)
       WHERE NOT d.unnamed AND i.name IS NOT NULL AND i.name <> d.name
       UNION ALL
       SELECT i.school_id, 'municipality', d.municipality, i.municipality FROM (${incoming}) i JOIN school_dim d USING (school_id)
       WHERE d.municipality <> 'не указан' AND i.municipality IS NOT NULL AND i.municipality <> d.municipality)
     ORDER BY school_id, field`,
        b.params,
      );
  return { unknown, conflicts };
}
