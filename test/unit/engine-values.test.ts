// Row values come out of both DuckDB builds as the same plain JSON: numbers for BIGINT counts, arrays for
// lists, null for NULL (the wasm build reads Arrow a column at a time, with and without nulls).
import { expect, it } from 'vitest';
import { describeOnEngines } from '../helpers/engines';

describeOnEngines('query values', {}, (db) => {
  it('keeps types and nulls per column', async () => {
    const rows = await db().query(
      `SELECT * FROM (VALUES
         (1, 'а', 2::BIGINT, 0.5::DOUBLE, TRUE, [1, 2], ['x', 'y']),
         (2, NULL, NULL, NULL, NULL, NULL, ['z']),
         (3, 'в', 40::BIGINT, 1.25::DOUBLE, FALSE, []::INTEGER[], []::VARCHAR[])
       ) t(i, s, n, d, b, l, sl) ORDER BY i`,
    );
    expect(rows).toEqual([
      { i: 1, s: 'а', n: 2, d: 0.5, b: true, l: [1, 2], sl: ['x', 'y'] },
      { i: 2, s: null, n: null, d: null, b: null, l: null, sl: ['z'] },
      { i: 3, s: 'в', n: 40, d: 1.25, b: false, l: [], sl: [] },
    ]);
  });

  it('counts from count(*) are numbers', async () => {
    const [row] = await db().query<{ n: unknown }>('SELECT count(*) AS n FROM range(5)');
    expect(row.n).toBe(5);
  });
});
