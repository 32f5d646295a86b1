// Property test of the list metrics: for random list histories (schools × years, lists not published every
// year, schools leaving, closing and coming back, repeated rows), the SQL agrees with a plain TypeScript reading
// of the definitions (docs on «Методика»: streaks over published years, exits with closed schools apart), and
// the counts add up.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/db/engine';
import { readCanonicalCsvSql } from '@/lib/db/load';
import { refreshDerived } from '@/lib/data/derived';
import { cohorts, exits, listRuns, streaks } from '@/lib/metrics/lists';
import { createTablesSql } from '@/lib/schema';
import { csv, ENGINES } from '../helpers/engines';
import { listReference, type ListRow, type SchoolRow } from '../helpers/list-reference';

const FIRST_YEAR = 2018;
const YEARS = 8;
const LISTS = ['ШНОР', 'необъективность'] as const;

interface School {
  id: string;
  /** In the schools file (only then can it have a closing year). */
  known: boolean;
  closed: number | null;
  /** Per year: bit 0 on ШНОР, bit 1 on «необъективность». */
  member: number[];
  /** Its rows are written twice, as regional files sometimes do. */
  repeated: boolean;
}
interface History {
  schools: School[];
  /** Per list and year: whether the list was published that year (else nobody is on it). */
  published: boolean[][];
}

const historyArb: fc.Arbitrary<History> = fc.record({
  schools: fc
    .array(
      fc.record({
        known: fc.boolean(),
        closed: fc.option(fc.integer({ min: FIRST_YEAR, max: FIRST_YEAR + YEARS }), { nil: null, freq: 3 }),
        member: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: YEARS, maxLength: YEARS }),
        repeated: fc.boolean(),
      }),
      { minLength: 1, maxLength: 9 },
    )
    .map((rows) => rows.map((r, i) => ({ ...r, id: `0${i}`, closed: r.known ? r.closed : null }))),
  published: fc.array(fc.array(fc.boolean(), { minLength: YEARS, maxLength: YEARS }), {
    minLength: LISTS.length,
    maxLength: LISTS.length,
  }),
});

const yearOf = (k: number) => FIRST_YEAR + k;

function files(h: History) {
  const schools = csv(
    'school_id,name,municipality,type,location,closed_year,successor_id',
    ...h.schools.filter((s) => s.known).map((s) => `${s.id},Школа ${s.id},М,СОШ,город,${s.closed ?? ''},`),
  );
  const rows: string[] = [];
  for (const s of h.schools) {
    for (let k = 0; k < YEARS; k++) {
      LISTS.forEach((list, li) => {
        if (!h.published[li][k] || !(s.member[k] & (1 << li))) return;
        rows.push(`${yearOf(k)},${s.id},${list},,,`);
        if (s.repeated) rows.push(`${yearOf(k)},${s.id},${list},,,`);
      });
    }
  }
  return { schools, lists: csv('year,school_id,list,name,municipality,source', ...rows) };
}

let loads = 0;
async function load(db: Engine, h: History) {
  await db.exec('DELETE FROM schools; DELETE FROM lists;');
  const { schools, lists } = files(h);
  // A new file name each time: the wasm build keeps registered files by name.
  const n = ++loads;
  await db.query(`INSERT INTO schools ${readCanonicalCsvSql('schools', '$1')}`, [
    await db.registerFile(`p${n}-schools.csv`, schools),
  ]);
  await db.query(`INSERT INTO lists ${readCanonicalCsvSql('lists', '$1')}`, [
    await db.registerFile(`p${n}-lists.csv`, lists),
  ]);
  await refreshDerived(db, []);
}

const byKey = <T>(rows: T[], key: (r: T) => string) =>
  [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

async function check(db: Engine, h: History) {
  await load(db, h);
  const allCohorts = await cohorts(db);
  const rows: ListRow[] = h.schools.flatMap((s) =>
    s.member.flatMap((bits, k) =>
      LISTS.filter((_, li) => h.published[li][k] && bits & (1 << li)).map((list) => ({
        year: yearOf(k),
        school_id: s.id,
        list,
      })),
    ),
  );
  const known: SchoolRow[] = h.schools.map((s) => ({
    school_id: s.id,
    municipality: 'М',
    closed_year: s.closed,
  }));
  for (const [li, list] of LISTS.entries()) {
    // Closures are known once the schools file has a row (a history may have none).
    const ref = listReference(
      rows,
      known,
      list,
      undefined,
      h.schools.some((s) => s.known),
    );

    const sqlStreaks = (await streaks(db, { list })).map((r) => ({
      year: r.year,
      id: r.school_id,
      streak: r.streak,
      total: r.total,
    }));
    expect(
      byKey(sqlStreaks, (r) => `${r.year}:${r.id}`),
      `${list}: streaks`,
    ).toEqual(byKey(ref.streakRows, (r) => `${r.year}:${r.id}`));

    const sqlCohorts = allCohorts
      .filter((r) => r.list === list)
      .map(({ year, streak, schools, first_time, returned }) => ({
        year,
        streak,
        schools,
        first_time,
        returned,
      }));
    expect(sqlCohorts, `${list}: cohorts`).toEqual(
      byKey(ref.cohortRows, (r) => `${r.year}:${String(r.streak).padStart(2, '0')}`),
    );

    const sqlExits = await exits(db, { list });
    expect(
      sqlExits.map(({ year, next_year, listed, exited, closed, exit_rate, sustained, reentered }) => ({
        year,
        next_year,
        listed,
        exited,
        closed,
        exit_rate,
        sustained,
        reentered,
      })),
      `${list}: exits`,
    ).toEqual(ref.exitRows.map(({ stayed: _, ...r }) => r));

    const sqlRuns = (await listRuns(db, { list })).map(
      ({ school_id, start_year, end_year, length, end_outcome, returned }) => ({
        id: school_id,
        start_year,
        end_year,
        length,
        end_outcome,
        returned,
      }),
    );
    expect(
      byKey(sqlRuns, (r) => `${r.id}:${r.start_year}`),
      `${list}: runs`,
    ).toEqual(byKey(ref.runs, (r) => `${r.id}:${r.start_year}`));

    // The counts add up, read from the SQL's own rows and from the generated rows.
    for (const [i, year] of ref.pub.entries()) {
      const onList = new Set(
        h.schools
          .filter((s) => h.published[li][year - FIRST_YEAR] && s.member[year - FIRST_YEAR] & (1 << li))
          .map((s) => s.id),
      ).size;
      const yearCohorts = sqlCohorts.filter((c) => c.year === year);
      // A streak's count needs the published years before it to tell it: 1 for streaks 1 and 2, 2 for 3,
      // 3 for 4 and more (the list's first year in the data has every school at streak 1, unknown).
      const needed = (streak: number) => (streak <= 2 ? 1 : streak === 3 ? 2 : 3);
      for (const c of yearCohorts)
        expect(c.schools === null, `${list} ${year}: streak ${c.streak} known`).toBe(i < needed(c.streak));
      if (i >= 3)
        expect(
          yearCohorts.reduce((sum, c) => sum + c.schools!, 0),
          `${list} ${year}: cohorts sum to the listed`,
        ).toBe(onList);
      const ones = yearCohorts.find((c) => c.streak === 1);
      if (ones && i >= 2) expect(ones.first_time! + ones.returned!).toBe(ones.schools);
      if (ones && i === 1) expect([ones.first_time, ones.returned]).toEqual([ones.schools, null]);
      if (ones && i === 0) expect([ones.first_time, ones.returned]).toEqual([null, null]);
      const e = sqlExits[i];
      expect(e.listed).toBe(onList);
      if (e.next_year !== null) {
        // Stayed: on the list in both years, by the SQL's own streak rows.
        const was = new Set(sqlStreaks.filter((r) => r.year === year).map((r) => r.id));
        const stayed = sqlStreaks.filter((r) => r.year === e.next_year && was.has(r.id)).length;
        expect(e.exited! + e.closed! + stayed, `${list} ${year}: exited + closed + stayed`).toBe(e.listed);
        expect(e.sustained === null || e.sustained <= e.exited!).toBe(true);
      }
    }
    const published = (year: number) => ref.pub.filter((y) => y <= year).length;
    for (const s of sqlStreaks)
      expect(
        s.streak <= s.total && s.total <= published(s.year),
        `${list}: streak ≤ total ≤ published years`,
      ).toBe(true);
  }
}

// Native DuckDB runs many histories; the wasm build (the browser's) fewer, for suite time.
const RUNS: Record<string, number> = { 'duckdb native': 100, 'duckdb-wasm': 10 };

for (const [name, create] of ENGINES) {
  describe(`list metrics agree with the definitions on random histories [${name}]`, () => {
    let db: Engine;
    beforeAll(async () => {
      db = await create();
      await db.exec(createTablesSql());
    });
    afterAll(async () => db?.close());
    it('streaks, cohorts, exits and runs', async () => {
      await fc.assert(
        fc.asyncProperty(historyArb, (h) => check(db, h)),
        { numRuns: RUNS[name], ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
      );
    });
  });
}
