// Property test of the list metrics: for random list histories (schools × years, lists not published every
// year, schools leaving, closing and coming back, repeated rows), the SQL agrees with a plain TypeScript reading
// of the definitions (docs on «Методика»: streaks over published years, exits with closed schools apart), and
// the counts add up.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/db/engine';
import { readCanonicalCsvSql } from '@/lib/db/load';
import { refreshDerived } from '@/lib/derived';
import { cohorts, exits, listRuns, streaks } from '@/lib/metrics/lists';
import { createTablesSql } from '@/lib/schema';
import { csv, ENGINES } from '../helpers/engines';

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
  schools: fc.array(
    fc.record({
      known: fc.boolean(),
      closed: fc.option(fc.integer({ min: FIRST_YEAR, max: FIRST_YEAR + YEARS }), { nil: null, freq: 3 }),
      member: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: YEARS, maxLength: YEARS }),
      repeated: fc.boolean(),
    }),
    { minLength: 1, maxLength: 9 },
  ).map((rows) => rows.map((r, i) => ({ ...r, id: `0${i}`, closed: r.known ? r.closed : null }))),
  published: fc.array(fc.array(fc.boolean(), { minLength: YEARS, maxLength: YEARS }), { minLength: LISTS.length, maxLength: LISTS.length }),
});

const yearOf = (k: number) => FIRST_YEAR + k;

// ---- The reference: the definitions, read literally. ----

function reference(h: History, listIndex: number) {
  const on = (s: School, year: number) => h.published[listIndex][year - FIRST_YEAR] && (s.member[year - FIRST_YEAR] & (1 << listIndex)) !== 0;
  const pub: number[] = [];
  for (let k = 0; k < YEARS; k++) if (h.schools.some((s) => on(s, yearOf(k)))) pub.push(yearOf(k));
  const closedBy = (s: School, year: number) => s.closed !== null && s.closed <= year;

  const streakRows: { year: number; id: string; streak: number; total: number }[] = [];
  for (const [i, year] of pub.entries()) {
    for (const s of h.schools.filter((x) => on(x, year))) {
      let streak = 0;
      while (i - streak >= 0 && on(s, pub[i - streak])) streak++;
      const total = pub.slice(0, i + 1).filter((y) => on(s, y)).length;
      streakRows.push({ year, id: s.id, streak, total });
    }
  }

  const cohortRows = new Map<string, { year: number; streak: number; schools: number; first_time: number; returned: number }>();
  for (const r of streakRows) {
    const key = `${r.year}:${r.streak}`;
    const c = cohortRows.get(key) ?? { year: r.year, streak: r.streak, schools: 0, first_time: 0, returned: 0 };
    c.schools++;
    if (r.total === 1) c.first_time++;
    if (r.streak === 1 && r.total > 1) c.returned++;
    cohortRows.set(key, c);
  }

  const exitRows = pub.map((year, i) => {
    const next = pub[i + 1] ?? null;
    const next2 = pub[i + 2] ?? null;
    const listed = h.schools.filter((s) => on(s, year));
    if (next === null) return { year, next_year: null, listed: listed.length, stayed: null, exited: null, closed: null, exit_rate: null, sustained: null, reentered: null };
    const stayed = listed.filter((s) => on(s, next));
    const closed = listed.filter((s) => !on(s, next) && closedBy(s, next));
    const exited = listed.filter((s) => !on(s, next) && !closedBy(s, next));
    const sustained = next2 === null ? null : exited.filter((s) => !on(s, next2) && !closedBy(s, next2)).length;
    const reentered = next2 === null ? null : exited.filter((s) => pub.some((y) => y > next && on(s, y))).length;
    const denominator = listed.length - closed.length;
    return {
      year, next_year: next, listed: listed.length, stayed: stayed.length, exited: exited.length, closed: closed.length,
      exit_rate: denominator ? exited.length / denominator : null, sustained, reentered,
    };
  });

  const runs: { id: string; start_year: number; end_year: number; length: number; end_outcome: string | null; returned: boolean }[] = [];
  for (const s of h.schools) {
    let start = -1;
    for (let i = 0; i <= pub.length; i++) {
      const inList = i < pub.length && on(s, pub[i]);
      if (inList && start < 0) start = i;
      if (!inList && start >= 0) {
        const end = i - 1;
        const after = pub[i] ?? null;
        const end_outcome = after === null ? null : closedBy(s, after) ? 'closed' : 'exited';
        const returned = pub.slice(0, start).some((y) => on(s, y));
        runs.push({ id: s.id, start_year: pub[start], end_year: pub[end], length: end - start + 1, end_outcome, returned });
        start = -1;
      }
    }
  }
  return { pub, streakRows, cohortRows: [...cohortRows.values()], exitRows, runs };
}

// ---- The data as files. ----

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
  await db.exec(`INSERT INTO schools ${readCanonicalCsvSql('schools', await db.registerFile(`p${n}-schools.csv`, schools))}`);
  await db.exec(`INSERT INTO lists ${readCanonicalCsvSql('lists', await db.registerFile(`p${n}-lists.csv`, lists))}`);
  await refreshDerived(db);
}

const byKey = <T,>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

async function check(db: Engine, h: History) {
  await load(db, h);
  const allCohorts = await cohorts(db);
  for (const [li, list] of LISTS.entries()) {
    const ref = reference(h, li);

    const sqlStreaks = (await streaks(db, { list })).map((r) => ({ year: r.year, id: r.school_id, streak: r.streak, total: r.total }));
    expect(byKey(sqlStreaks, (r) => `${r.year}:${r.id}`), `${list}: streaks`).toEqual(byKey(ref.streakRows, (r) => `${r.year}:${r.id}`));

    const sqlCohorts = allCohorts.filter((r) => r.list === list).map(({ year, streak, schools, first_time, returned }) => ({ year, streak, schools, first_time, returned }));
    expect(sqlCohorts, `${list}: cohorts`).toEqual(byKey(ref.cohortRows, (r) => `${r.year}:${String(r.streak).padStart(2, '0')}`));

    const sqlExits = await exits(db, { list });
    expect(sqlExits.map(({ year, next_year, listed, exited, closed, exit_rate, sustained, reentered }) => ({ year, next_year, listed, exited, closed, exit_rate, sustained, reentered })), `${list}: exits`)
      .toEqual(ref.exitRows.map(({ stayed: _, ...r }) => r));

    const sqlRuns = (await listRuns(db, { list })).map(({ school_id, start_year, end_year, length, end_outcome, returned }) => ({ id: school_id, start_year, end_year, length, end_outcome, returned }));
    expect(byKey(sqlRuns, (r) => `${r.id}:${r.start_year}`), `${list}: runs`).toEqual(byKey(ref.runs, (r) => `${r.id}:${r.start_year}`));

    // The counts add up, read from the SQL's own rows and from the generated rows.
    for (const [i, year] of ref.pub.entries()) {
      const onList = new Set(h.schools.filter((s) => h.published[li][year - FIRST_YEAR] && s.member[year - FIRST_YEAR] & (1 << li)).map((s) => s.id)).size;
      const yearCohorts = sqlCohorts.filter((c) => c.year === year);
      expect(yearCohorts.reduce((sum, c) => sum + c.schools, 0), `${list} ${year}: cohorts sum to the listed`).toBe(onList);
      const ones = yearCohorts.find((c) => c.streak === 1);
      expect((ones?.first_time ?? 0) + (ones?.returned ?? 0)).toBe(ones?.schools ?? 0);
      const e = sqlExits[i];
      expect(e.listed).toBe(onList);
      if (e.next_year !== null) {
        const stayed = ref.exitRows[i].stayed!;
        expect(e.exited! + e.closed! + stayed, `${list} ${year}: exited + closed + stayed`).toBe(e.listed);
        expect(e.sustained === null || e.sustained <= e.exited!).toBe(true);
      }
    }
    const published = (year: number) => ref.pub.filter((y) => y <= year).length;
    for (const s of sqlStreaks) expect(s.streak <= s.total && s.total <= published(s.year), `${list}: streak ≤ total ≤ published years`).toBe(true);
  }
}

// Native DuckDB runs many histories; the wasm build (the browser's) fewer, for suite time.
const RUNS: Record<string, number> = { 'duckdb native': 100, 'duckdb-wasm': 25 };

for (const [name, create] of ENGINES) {
  describe(`list metrics agree with the definitions on random histories [${name}]`, () => {
    let db: Engine;
    beforeAll(async () => {
      db = await create();
      await db.exec(createTablesSql());
    });
    afterAll(async () => db?.close());
    it('streaks, cohorts, exits and runs', async () => {
      await fc.assert(fc.asyncProperty(historyArb, (h) => check(db, h)), { numRuns: RUNS[name], ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) });
    });
  });
}
