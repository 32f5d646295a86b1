// The rows gate of own data's reload (lib/data/reads-rows.ts): which SQL reads canonical rows. Each verdict
// below is read off the SQL by hand.
import { describe, expect, it } from 'vitest';
import { readsRows } from '@/lib/data/reads-rows';
import { canonicalViewsSql } from '@/lib/schema';

const reads: [string, string][] = [
  ['a plain read', 'SELECT count(*) FROM results'],
  ['lower and upper case, a line break', 'select *\n  FROM\n\tResults r'],
  ['a quoted name', 'SELECT * FROM "results"'],
  ['a schema and a quoted one', 'SELECT * FROM "user_data"."schools"'],
  ['a database, a schema and a table', 'SELECT * FROM memory.user_data.lists'],
  [
    'the second item of a FROM list',
    'SELECT * FROM school_dim d, vpr_journal j WHERE d.school_id = j.school_id',
  ],
  ['after a join condition, a comma', 'SELECT * FROM a JOIN b ON a.x = b.x, score_dist'],
  ['a join', 'SELECT * FROM school_dim d LEFT JOIN results r USING (school_id)'],
  ['a subquery in WHERE', 'SELECT * FROM school_dim WHERE EXISTS (SELECT 1 FROM results)'],
  ['a subquery in the select list', 'SELECT (SELECT max(year) FROM lists) AS y'],
  ['FROM first', 'FROM mark_scales SELECT *'],
  [
    'a CTE body that reads the table of its own name',
    'WITH results AS (SELECT * FROM results WHERE year > 2020) SELECT * FROM results',
  ],
  [
    'a CTE of that name out of scope',
    'SELECT * FROM (WITH schools AS (SELECT 1) SELECT * FROM schools) q, schools',
  ],
  ['a later statement', 'SELECT 1; SELECT * FROM results'],
  [
    'a derived table built from rows',
    'CREATE OR REPLACE TABLE result_totals AS SELECT year FROM results GROUP BY ALL',
  ],
  ['a delete', 'DELETE FROM user_data.results WHERE year = 2024'],
  ['an insert into a canonical table', 'INSERT INTO user_data.results SELECT * FROM incoming'],
  ['after a lateral join', 'SELECT * FROM range(3) r(i), LATERAL (SELECT 1) l, results'],
  ['an unterminated string (not understood)', "SELECT * FROM school_dim WHERE name = 'abc"],
  ['an unbalanced parenthesis (not understood)', 'SELECT 1) FROM school_dim'],
];

const readsNone: [string, string][] = [
  ['a derived table', 'SELECT * FROM result_totals WHERE year = $1'],
  ['an alias named as a table', 'SELECT count(*)::INTEGER AS schools FROM school_dim ORDER BY schools'],
  ['a relation aliased as a table', 'SELECT * FROM school_dim AS schools, result_slices results'],
  ['a column named as a table in the select list', 'SELECT a, results FROM result_totals'],
  ['a column qualified by an alias named so', 'SELECT schools.name FROM school_dim schools'],
  ['a string holding the words', "SELECT * FROM school_dim WHERE name = 'FROM results, schools'"],
  ['a doubled quote in a string', "SELECT 'it''s FROM results' FROM school_dim"],
  ['a dollar-quoted string', 'SELECT $$ FROM results $$ FROM school_dim'],
  ['a comment', 'SELECT * FROM school_dim -- FROM results\n/* JOIN schools */ WHERE true'],
  [
    'a CTE named as a table',
    'WITH results AS (SELECT * FROM result_totals) SELECT * FROM results r JOIN results s USING (year)',
  ],
  ['a CTE with columns, materialized', 'WITH lists(y) AS MATERIALIZED (SELECT 1) SELECT * FROM lists'],
  [
    'an earlier CTE read by a later one',
    'WITH schools AS (SELECT 1 AS x), b AS (SELECT * FROM schools) SELECT * FROM b, schools',
  ],
  [
    'a recursive CTE named so',
    'WITH RECURSIVE lists(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM lists WHERE n < 3) SELECT * FROM lists',
  ],
  ['a table function named so', "SELECT * FROM range(3), read_csv('results.csv')"],
  [
    'a column after WHERE',
    'SELECT * FROM result_totals t WHERE t.year IN (SELECT year FROM result_slices) AND schools > 0',
  ],
  ['the catalog', "SELECT table_name FROM duckdb_tables() WHERE table_name = 'results'"],
  [
    'a view over the rows (created, not read)',
    'CREATE OR REPLACE VIEW results AS SELECT * FROM user_data.results',
  ],
  [
    'a view onto stored tables',
    'CREATE OR REPLACE VIEW school_dim AS SELECT * FROM "user_derived".school_dim',
  ],
  [
    'a table from the stored schema',
    'CREATE TABLE user_derived.risk_inputs AS SELECT * FROM user_derived.result_totals',
  ],
];

describe('readsRows', () => {
  for (const [what, sql] of reads) it(`reads: ${what}`, () => expect(readsRows(sql)).toBe(true));
  for (const [what, sql] of readsNone) it(`reads none: ${what}`, () => expect(readsRows(sql)).toBe(false));
  it('reads none: the canonical views pointed at own data and the demo', () =>
    expect(readsRows(canonicalViewsSql('demo', 'user_data'))).toBe(false));
});
