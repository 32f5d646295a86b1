import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/db/engine';
import { Int32, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import {
  arrowColumns,
  clearUserData,
  csvRelation,
  ensureUserSchema,
  importCanonical,
  replayArrowImport,
  type ArrowEngine,
  type ImportMode,
} from '@/lib/db/user-data';
import { createWasmNodeEngine } from '@/lib/db/node-wasm';
import { pointViewsAt } from '@/lib/data/load';
import { parseCsv } from '@/lib/csv/parse';
import { toCsv } from '@/lib/csv/write';
import { createTablesSql, tableDef, type TableName } from '@/lib/schema';
import { cohortSummary } from '@/lib/metrics/lists';
import { areaIndicators } from '@/lib/metrics/results';
import { ENGINES, csv } from '../helpers/engines';

const LISTS = 'year,school_id,list,name,municipality,source';
const RESULTS =
  'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80';

for (const [name, create] of ENGINES) {
  describe(`user data imports [${name}]`, () => {
    let db: Engine;
    const file = (n: string, text: string) => db.registerFile(n, text);
    const imp = async (table: TableName, n: string, text: string, mode: ImportMode) =>
      importCanonical(db, table, { rows: csvRelation(table, await file(n, text)) }, mode);
    const none = { kept: 0, removed: 0, replaced: 0, byYear: [], conflicts: 0, newSchools: 0 };
    const count = async (sql: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${sql}`))[0].n;
    beforeAll(async () => {
      db = await create();
      // A stand-in for the demo database: an attached schema with one listed school.
      await db.exec(`CREATE SCHEMA demo; ${createTablesSql('demo')}`);
      await db.exec(
        `INSERT INTO demo.lists (year, school_id, list) VALUES (2024, 'D1', 'ШНОР'); INSERT INTO demo.schools VALUES ('D1', 'Демо', 'М', NULL, NULL, NULL, NULL, NULL)`,
      );
      await ensureUserSchema(db);
      await pointViewsAt(db, 'both');
    });
    afterAll(async () => db?.close());

    it('adds, reports conflicting keys, replaces the same years, replaces everything', async () => {
      const a = await imp(
        'lists',
        'a.csv',
        csv(LISTS, '2024,U1,ШНОР,,,', '2024,U2,ШНОР,,,', '2023,U1,ШНОР,,,'),
        'add',
      );
      expect(a).toEqual({ ...none, inserted: 3 });
      const b = await imp('lists', 'b.csv', csv(LISTS, '2024,U2,ШНОР,,приказ 2,', '2025,U3,ШНОР,,,'), 'add');
      expect(b).toEqual({ ...none, inserted: 1, conflicts: 1 });
      // Replaces 2024 ШНОР: U1 and U2 are not in the new file, so both go; 2023 and 2025 stay.
      const c = await imp('lists', 'c.csv', csv(LISTS, '2024,U9,ШНОР,,,'), 'replace-years');
      expect(c).toEqual({
        ...none,
        inserted: 1,
        removed: 2,
        byYear: [{ year: 2024, replaced: 0, kept: 0, removed: 2 }],
      });
      expect(
        (
          await db.query<{ year: number; school_id: string }>(
            'SELECT year::INTEGER AS year, school_id FROM user_data.lists ORDER BY year, school_id',
          )
        ).map((r) => `${r.year}:${r.school_id}`),
      ).toEqual(['2023:U1', '2024:U9', '2025:U3']);
      await pointViewsAt(db, 'both');
      const [y2024] = await cohortSummary(db, { list: 'ШНОР', year: 2024 });
      expect(y2024.listed).toBe(2);
      await pointViewsAt(db, 'mine');
      expect((await cohortSummary(db, { list: 'ШНОР', year: 2024 }))[0].listed).toBe(1);
      await pointViewsAt(db, 'demo');
      expect((await cohortSummary(db, { list: 'ШНОР', year: 2024 }))[0].listed).toBe(1);
      const d = await imp('lists', 'd.csv', csv(LISTS, '2022,U5,ШНОР,,,'), 'replace-all');
      expect(d).toEqual({
        ...none,
        inserted: 1,
        removed: 3,
        byYear: [2023, 2024, 2025].map((year) => ({ year, replaced: 0, kept: 0, removed: 1 })),
      });
    });

    it('result indicators follow each import and the chosen source', async () => {
      const region = async () =>
        (await areaIndicators(db, { procedure: 'ВПР', year: 2024 })).find((r) => r.level === 'region')
          ?.share_2;
      await db.exec(
        "INSERT INTO demo.results VALUES (2024, 'ВПР', 'Математика', 5, 'D1', 30, 3, 27, 0, 0, NULL, NULL, NULL)",
      );
      await imp('results', 'r1.csv', csv(RESULTS, '2024,ВПР,Математика,5,U1,10,2,4,4,0,,,'), 'add');
      await pointViewsAt(db, 'mine');
      expect(await region()).toBeCloseTo(2 / 10, 12);
      await imp('results', 'r2.csv', csv(RESULTS, '2024,ВПР,Математика,5,U1,10,5,5,0,0,,,'), 'replace-years');
      await pointViewsAt(db, 'mine');
      expect(await region()).toBeCloseTo(5 / 10, 12);
      // Both sources: «2» 5 + 3 of 10 + 30 pupils.
      await pointViewsAt(db, 'both');
      expect(await region()).toBeCloseTo(8 / 40, 12);
      await pointViewsAt(db, 'demo');
      expect(await region()).toBeCloseTo(3 / 30, 12);
    });

    it('rolls back a failed import: the data already loaded stays exactly as it was', async () => {
      const before = await count('user_data.lists');
      // A row with an empty required column passes CSV reading but fails NOT NULL on insert.
      await expect(
        imp('lists', 'bad.csv', csv(LISTS, '2021,U7,ШНОР,,,', '2021,,ШНОР,,,'), 'replace-all'),
      ).rejects.toThrow();
      expect(await count('user_data.lists')).toBe(before);
      expect(await count("user_data.lists WHERE school_id = 'U5'")).toBe(1);
    });

    it('keeps each import to itself when imports and queries run at once', async () => {
      await imp('lists', 'e.csv', csv(LISTS, '2020,E0,ШНОР,,,'), 'replace-all');
      const one = file('p1.csv', csv(LISTS, '2020,P1,ШНОР,,,'));
      const two = file('p2.csv', csv(LISTS, '2020,P2,ШНОР,,,', '2020,,ШНОР,,,'));
      const [a, b, n] = await Promise.allSettled([
        one.then((f) => importCanonical(db, 'lists', { rows: csvRelation('lists', f) }, 'add')),
        two.then((f) => importCanonical(db, 'lists', { rows: csvRelation('lists', f) }, 'add')),
        count('user_data.lists'),
      ]);
      // The second file fails on its empty code and rolls back alone; the first stays imported.
      expect([a.status, b.status, n.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(
        (
          await db.query<{ s: string }>(
            "SELECT string_agg(school_id, ',' ORDER BY school_id) AS s FROM user_data.lists",
          )
        )[0].s,
      ).toBe('E0,P1');
    });

    it('a replace keeps the loaded row whose new row was refused, and counts replaced, kept and removed per year', async () => {
      await db.exec('DELETE FROM user_data.results; DELETE FROM user_data.schools');
      // File A: 2023 and 2024 for S1, S2, S3 (grade 4 mathematics).
      const a = parseCsv(
        new TextEncoder().encode(
          'Год;Процедура;Предмет;Класс;Код ОО;Участников\n2023;ВПР;Математика;4;S1;180\n2023;ВПР;Математика;4;S2;50\n' +
            '2024;ВПР;Математика;4;S1;186\n2024;ВПР;Математика;4;S2;60\n2024;ВПР;Математика;4;S3;70\n2024;ВПР;Русский язык;4;S1;185\n',
        ),
        'a.csv',
      );
      const b = parseCsv(
        new TextEncoder().encode(
          // S1 mathematics: −5 participants, refused. S1 Russian: the year is unreadable, so its key matches any year.
          'Год;Процедура;Предмет;Класс;Код ОО;Участников\n2024;ВПР;Математика;4;S1;-5\n2024;ВПР;Математика;4;S2;62\n20x4;ВПР;Русский язык;4;S1;190\n',
        ),
        'b.csv',
      );
      expect([a.problems.length, b.problems.length, b.rows.length]).toEqual([0, 2, 1]);
      const cols = RESULTS.split(',');
      const rel = async (n: string, rows: Record<string, unknown>[], keys = false) =>
        csvRelation(
          'results',
          await file(n, toCsv(keys ? ['year', 'procedure', 'subject', 'grade', 'school_id'] : cols, rows)),
          keys,
        );
      await importCanonical(db, 'results', { rows: await rel('ra.csv', a.rows) }, 'add');
      const out = await importCanonical(
        db,
        'results',
        { rows: await rel('rb.csv', b.rows), refused: await rel('rb-refused.csv', b.refused, true) },
        'replace-years',
      );
      // 2024 ВПР in the database: S1 maths kept (refused), S2 replaced, S3 removed, S1 Russian kept (its year unreadable).
      expect(out).toEqual({
        ...none,
        inserted: 1,
        replaced: 1,
        kept: 2,
        removed: 1,
        byYear: [{ year: 2024, replaced: 1, kept: 2, removed: 1 }],
      });
      const rows = await db.query<{ k: string }>(
        "SELECT concat_ws(':', year, subject, school_id, participants) AS k FROM user_data.results ORDER BY ALL",
      );
      expect(rows.map((r) => r.k)).toEqual([
        '2023:Математика:S1:180',
        '2023:Математика:S2:50',
        '2024:Математика:S1:186',
        '2024:Математика:S2:62',
        '2024:Русский язык:S1:185',
      ]);
    });

    it('imports names with quotes, commas and line breaks as written', async () => {
      // Russian school names are quoted inside: МБОУ "СОШ № 1". The canonical CSV doubles the quotes.
      const names = ['МБОУ "СОШ № 1"', 'МКОУ «ООШ», с. Речное', 'Школа\nс переносом строки'];
      const text = toCsv(
        tableDef('schools').columns.map((c) => c.name),
        names.map((n, i) => ({ school_id: `Q${i}`, name: n, municipality: 'г. "Город"' })),
      );
      expect(text).toContain('"МБОУ ""СОШ № 1"""');
      const r = await imp('schools', 'quoted.csv', text, 'add');
      expect(r.inserted).toBe(3);
      const rows = await db.query<{ name: string; municipality: string }>(
        "SELECT name, municipality FROM user_data.schools WHERE school_id LIKE 'Q%' ORDER BY school_id",
      );
      expect(rows).toEqual(names.map((name) => ({ name, municipality: 'г. "Город"' })));
      await db.exec("DELETE FROM user_data.schools WHERE school_id LIKE 'Q%'");
    });

    it('new schools come in the same transaction as the rows, and go with them when the rows fail', async () => {
      const schools = async (n: string, ids: string[]) =>
        csvRelation(
          'schools',
          await file(
            n,
            toCsv(
              tableDef('schools').columns.map((c) => c.name),
              ids.map((id) => ({ school_id: id, name: `ОО ${id}`, municipality: 'не указан' })),
            ),
          ),
        );
      const before = await count('user_data.schools');
      await expect(
        importCanonical(
          db,
          'lists',
          {
            rows: csvRelation(
              'lists',
              await file('nl-bad.csv', csv(LISTS, '2021,N1,ШНОР,,,', '2021,,ШНОР,,,')),
            ),
            newSchools: await schools('ns1.csv', ['N1']),
          },
          'add',
        ),
      ).rejects.toThrow();
      expect(await count('user_data.schools')).toBe(before);
      const ok = await importCanonical(
        db,
        'lists',
        {
          rows: csvRelation('lists', await file('nl.csv', csv(LISTS, '2021,N1,ШНОР,,,'))),
          newSchools: await schools('ns2.csv', ['N1', 'S1']),
        },
        'add',
      );
      expect(ok.newSchools).toBe(2);
      expect(await count('user_data.schools')).toBe(before + 2);
    });
  });
}

describe('a schools file without the region column [duckdb-wasm and native]', () => {
  for (const [name, create] of ENGINES) {
    it(`is accepted, its schools with no region (${name})`, async () => {
      const db = await create();
      try {
        await ensureUserSchema(db);
        await db.exec(`CREATE SCHEMA demo; ${createTablesSql('demo')}`);
        await pointViewsAt(db, 'mine');
        // One region's file as regions send it: no «Регион» column; a second file names its region.
        const without = parseCsv(
          new TextEncoder().encode(
            'Код ОО;Наименование;Муниципалитет\nR1;Школа 1;Район А\nR2;Школа 2;Район Б\n',
          ),
          'школы.csv',
        );
        const withRegion = parseCsv(
          new TextEncoder().encode(
            'Код ОО;Наименование;Муниципалитет;Субъект РФ\nR3;Школа 3;Район В;Область В\n',
          ),
          'школы2.csv',
        );
        for (const p of [without, withRegion]) {
          expect(p.mapping?.table).toBe('schools');
          expect(p.mapping?.missing).toEqual([]);
          expect(p.problems).toEqual([]);
        }
        const cols = tableDef('schools').columns.map((c) => c.name);
        for (const [i, p] of [without, withRegion].entries()) {
          const file = await db.registerFile(`nr${i}.csv`, toCsv(cols, p.rows));
          expect(
            (await importCanonical(db, 'schools', { rows: csvRelation('schools', file) }, 'add')).inserted,
          ).toBe(p.rows.length);
        }
        expect(await db.query('SELECT school_id, region FROM user_data.schools ORDER BY school_id')).toEqual([
          { school_id: 'R1', region: null },
          { school_id: 'R2', region: null },
          { school_id: 'R3', region: 'Область В' },
        ]);
      } finally {
        await db.close();
      }
    });
  }
});

describe('stored imports replayed from Arrow [duckdb-wasm, the browser engine]', () => {
  // What the browser stored for a schools import before `region` was added: the seven older columns.
  const OLD_SCHOOL_COLUMNS = {
    school_id: ['A1', 'A2'],
    name: ['Школа 1', 'Школа 2'],
    municipality: ['Район А', 'Район Б'],
    type: ['СОШ', null],
    location: ['село', null],
    closed_year: [2023, null],
    successor_id: ['A2', null],
  };
  /** An Arrow IPC stream as DuckDB writes one: INTEGER as Int32, VARCHAR as Utf8. */
  const arrow = (cols: Record<string, unknown[]>) =>
    tableToIPC(
      new Table(
        Object.fromEntries(
          Object.entries(cols).map(([k, v]) => [
            k,
            vectorFromArray(v, k === 'closed_year' ? new Int32() : new Utf8()),
          ]),
        ),
      ),
      'stream',
    );
  let db: ArrowEngine;
  beforeAll(async () => {
    db = await createWasmNodeEngine();
    await ensureUserSchema(db);
  });
  afterAll(async () => db?.close());
  const rows = async () =>
    db.query(
      'SELECT school_id, name, closed_year, successor_id, region FROM user_data.schools ORDER BY school_id',
    );

  it('a schools record of seven columns replays into the table of eight, the region empty', async () => {
    const ipc = arrow(OLD_SCHOOL_COLUMNS);
    expect(await arrowColumns(ipc)).toHaveLength(7);
    await replayArrowImport(db, 'schools', ipc, {}, 'add');
    expect(await rows()).toEqual([
      { school_id: 'A1', name: 'Школа 1', closed_year: 2023, successor_id: 'A2', region: null },
      { school_id: 'A2', name: 'Школа 2', closed_year: null, successor_id: null, region: null },
    ]);
    // A second old record into the table that now holds rows: by name as well, keys already loaded skipped.
    const more = arrow({ ...OLD_SCHOOL_COLUMNS, school_id: ['A2', 'A3'], successor_id: [null, null] });
    await replayArrowImport(db, 'schools', more, {}, 'add');
    expect((await rows()).map((r) => (r as { school_id: string }).school_id)).toEqual(['A1', 'A2', 'A3']);
  });

  it('a record of the current columns keeps its region', async () => {
    await clearUserData(db);
    const ipc = arrow({
      ...OLD_SCHOOL_COLUMNS,
      closed_year: [null, null],
      successor_id: [null, null],
      region: ['Область В', null],
    });
    await replayArrowImport(db, 'schools', ipc, {}, 'add');
    expect(await rows()).toEqual([
      { school_id: 'A1', name: 'Школа 1', closed_year: null, successor_id: null, region: 'Область В' },
      { school_id: 'A2', name: 'Школа 2', closed_year: null, successor_id: null, region: null },
    ]);
  });

  it('a record without a required column is refused in Russian and changes nothing', async () => {
    const { school_id: _, ...noKey } = OLD_SCHOOL_COLUMNS;
    const before = await rows();
    await expect(replayArrowImport(db, 'schools', arrow(noKey), {}, 'add')).rejects.toThrow(
      /нет обязательных столбцов: Код ОО/,
    );
    expect(await rows()).toEqual(before);
  });
});
