import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/db/engine';
import { createTablesSql } from '@/lib/schema';
import { ensureUserSchema, importCanonical, useSource } from '@/lib/db/user-data';
import { cohortSummary } from '@/lib/metrics/lists';
import { areaIndicators } from '@/lib/metrics/results';
import { ENGINES, csv } from '../helpers/engines';

const LISTS = 'year,school_id,list,name,municipality,source';
const RESULTS = 'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80';

for (const [name, create] of ENGINES) {
  describe(`user data imports [${name}]`, () => {
    let db: Engine;
    const file = (n: string, text: string) => db.registerFile(n, text);
    const count = async (sql: string) => (await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${sql}`))[0].n;
    beforeAll(async () => {
      db = await create();
      // A stand-in for the demo database: an attached schema with one listed school.
      await db.exec(`CREATE SCHEMA demo; ${createTablesSql('demo')}`);
      await db.exec(`INSERT INTO demo.lists (year, school_id, list) VALUES (2024, 'D1', 'ШНОР'); INSERT INTO demo.schools VALUES ('D1', 'Демо', 'М', NULL, NULL, NULL, NULL)`);
      await ensureUserSchema(db);
      await useSource(db, 'both');
    });
    afterAll(async () => db?.close());

    it('adds, reports conflicting keys, replaces the same years, replaces everything', async () => {
      const a = await importCanonical(db, 'lists', await file('a.csv', csv(LISTS, '2024,U1,ШНОР,,,', '2024,U2,ШНОР,,,', '2023,U1,ШНОР,,,')), 'add');
      expect(a).toEqual({ inserted: 3, replaced: 0, conflicts: 0 });
      const b = await importCanonical(db, 'lists', await file('b.csv', csv(LISTS, '2024,U2,ШНОР,,приказ 2,', '2025,U3,ШНОР,,,')), 'add');
      expect(b).toEqual({ inserted: 1, replaced: 0, conflicts: 1 });
      // Replaces 2024 ШНОР (U1, U2), keeps 2023 and 2025.
      const c = await importCanonical(db, 'lists', await file('c.csv', csv(LISTS, '2024,U9,ШНОР,,,')), 'replace-years');
      expect(c).toEqual({ inserted: 1, replaced: 2, conflicts: 0 });
      expect((await db.query<{ year: number; school_id: string }>('SELECT year::INTEGER AS year, school_id FROM user_data.lists ORDER BY year, school_id')).map((r) => `${r.year}:${r.school_id}`)).toEqual(['2023:U1', '2024:U9', '2025:U3']);
      await useSource(db, 'both');
      const [y2024] = await cohortSummary(db, { list: 'ШНОР', year: 2024 });
      expect(y2024.listed).toBe(2);
      await useSource(db, 'mine');
      expect((await cohortSummary(db, { list: 'ШНОР', year: 2024 }))[0].listed).toBe(1);
      await useSource(db, 'demo');
      expect((await cohortSummary(db, { list: 'ШНОР', year: 2024 }))[0].listed).toBe(1);
      const d = await importCanonical(db, 'lists', await file('d.csv', csv(LISTS, '2022,U5,ШНОР,,,')), 'replace-all');
      expect(d).toEqual({ inserted: 1, replaced: 3, conflicts: 0 });
    });

    it('result indicators follow each import and the chosen source', async () => {
      const region = async () => (await areaIndicators(db, { procedure: 'ВПР', year: 2024 })).find((r) => r.level === 'region')?.share_2;
      await db.exec("INSERT INTO demo.results VALUES (2024, 'ВПР', 'Математика', 5, 'D1', 30, 3, 27, 0, 0, NULL, NULL, NULL)");
      await importCanonical(db, 'results', await file('r1.csv', csv(RESULTS, '2024,ВПР,Математика,5,U1,10,2,4,4,0,,,')), 'add');
      await useSource(db, 'mine');
      expect(await region()).toBeCloseTo(2 / 10, 12);
      await importCanonical(db, 'results', await file('r2.csv', csv(RESULTS, '2024,ВПР,Математика,5,U1,10,5,5,0,0,,,')), 'replace-years');
      await useSource(db, 'mine');
      expect(await region()).toBeCloseTo(5 / 10, 12);
      // Both sources: «2» 5 + 3 of 10 + 30 pupils.
      await useSource(db, 'both');
      expect(await region()).toBeCloseTo(8 / 40, 12);
      await useSource(db, 'demo');
      expect(await region()).toBeCloseTo(3 / 30, 12);
    });

    it('rolls back a failed import: the data already loaded stays exactly as it was', async () => {
      const before = await count('user_data.lists');
      // A row with an empty required column passes CSV reading but fails NOT NULL on insert.
      await expect(importCanonical(db, 'lists', await file('bad.csv', csv(LISTS, '2021,U7,ШНОР,,,', '2021,,ШНОР,,,')), 'replace-all')).rejects.toThrow();
      expect(await count('user_data.lists')).toBe(before);
      expect(await count("user_data.lists WHERE school_id = 'U5'")).toBe(1);
    });

    it('keeps each import to itself when imports and queries run at once', async () => {
      await importCanonical(db, 'lists', await file('e.csv', csv(LISTS, '2020,E0,ШНОР,,,')), 'replace-all');
      const one = file('p1.csv', csv(LISTS, '2020,P1,ШНОР,,,'));
      const two = file('p2.csv', csv(LISTS, '2020,P2,ШНОР,,,', '2020,,ШНОР,,,'));
      const [a, b, n] = await Promise.allSettled([
        one.then((f) => importCanonical(db, 'lists', f, 'add')),
        two.then((f) => importCanonical(db, 'lists', f, 'add')),
        count('user_data.lists'),
      ]);
      // The second file fails on its empty code and rolls back alone; the first stays imported.
      expect([a.status, b.status, n.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await db.query<{ s: string }>('SELECT string_agg(school_id, \',\' ORDER BY school_id) AS s FROM user_data.lists'))[0].s).toBe('E0,P1');
    });
  });
}
