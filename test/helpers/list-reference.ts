// The list definitions read literally, in plain TypeScript, to check the SQL against (never the other way
// round): published years are the years a list has a row; a streak counts consecutive published years on the
// list; a school off the next published list has exited unless it closed by then (closed: apart, and out of
// the rate's denominator); sustained = still off (and not closed) the list after that; re-entered = back on
// it in any later year. Also reads the demo's canonical CSV files, for browser tests on the demo.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ListRow {
  year: number;
  school_id: string;
  list: string;
}
export interface SchoolRow {
  school_id: string;
  name?: string;
  municipality: string;
  closed_year: number | null;
}

export interface ReferenceExit {
  year: number;
  next_year: number | null;
  listed: number;
  stayed: number | null;
  exited: number | null;
  closed: number | null;
  exit_rate: number | null;
  sustained: number | null;
  reentered: number | null;
}

/**
 * `inArea`: the schools counted (streaks are computed over the whole list first, as the views do).
 * `closuresKnown`: whether a schools file was loaded; without one a closed school cannot be told from an exited
 * one, and `closed` is null.
 */
export function listReference(
  rows: ListRow[],
  schools: SchoolRow[],
  list: string,
  inArea: (id: string) => boolean = () => true,
  closuresKnown = true,
) {
  const members = new Map<number, Set<string>>();
  for (const r of rows)
    if (r.list === list)
      (members.get(r.year) ?? members.set(r.year, new Set()).get(r.year)!).add(r.school_id);
  const pub = [...members.keys()].sort((a, b) => a - b);
  const on = (id: string, year: number) => members.get(year)?.has(id) ?? false;
  const closedYear = new Map(schools.map((s) => [s.school_id, s.closed_year]));
  const closedBy = (id: string, year: number) => {
    const c = closedYear.get(id);
    return c !== null && c !== undefined && c <= year;
  };
  const ids = [...new Set(rows.filter((r) => r.list === list).map((r) => r.school_id))].sort();

  const streakRows: { year: number; id: string; streak: number; total: number }[] = [];
  for (const [i, year] of pub.entries()) {
    for (const id of ids.filter((x) => on(x, year))) {
      let streak = 0;
      while (i - streak >= 0 && on(id, pub[i - streak])) streak++;
      const total = pub.slice(0, i + 1).filter((y) => on(id, y)).length;
      if (inArea(id)) streakRows.push({ year, id, streak, total });
    }
  }

  const cohortMap = new Map<
    string,
    { year: number; streak: number; schools: number; first_time: number; returned: number }
  >();
  for (const r of streakRows) {
    const key = `${r.year}:${r.streak}`;
    const c = cohortMap.get(key) ?? {
      year: r.year,
      streak: r.streak,
      schools: 0,
      first_time: 0,
      returned: 0,
    };
    c.schools++;
    if (r.total === 1) c.first_time++;
    if (r.streak === 1 && r.total > 1) c.returned++;
    cohortMap.set(key, c);
  }
  // A count is told only with enough published years before it: 1 for streaks 1 and 2 (and впервые), 2 for a
  // return and for streak 3, 3 for 4 and more; else null, as «Когорты» says «нет данных».
  const cohortRows = [...cohortMap.values()]
    .sort((a, b) => a.year - b.year || a.streak - b.streak)
    .map((c) => {
      const before = pub.indexOf(c.year);
      const needed = c.streak <= 2 ? 1 : c.streak === 3 ? 2 : 3;
      return {
        ...c,
        schools: before >= needed ? c.schools : null,
        first_time: c.streak > 1 ? 0 : before >= 1 ? c.first_time : null,
        returned: c.streak > 1 ? 0 : before >= 2 ? c.returned : null,
      };
    });

  /** The sentence's figures for a year: listed, впервые, вернулись, 2nd, 3rd, 4th year and more. */
  const summary = (year: number) => {
    const at = streakRows.filter((r) => r.year === year);
    return {
      listed: at.length,
      first_time: at.filter((r) => r.total === 1).length,
      returned: at.filter((r) => r.streak === 1 && r.total > 1).length,
      streak2: at.filter((r) => r.streak === 2).length,
      streak3: at.filter((r) => r.streak === 3).length,
      streak4plus: at.filter((r) => r.streak >= 4).length,
    };
  };

  const exitRows: ReferenceExit[] = pub.map((year, i) => {
    const next = pub[i + 1] ?? null;
    const next2 = pub[i + 2] ?? null;
    const listed = ids.filter((id) => on(id, year) && inArea(id));
    if (next === null)
      return {
        year,
        next_year: null,
        listed: listed.length,
        stayed: null,
        exited: null,
        closed: null,
        exit_rate: null,
        sustained: null,
        reentered: null,
      };
    const stayed = listed.filter((id) => on(id, next));
    const closed = listed.filter((id) => !on(id, next) && closedBy(id, next));
    const exited = listed.filter((id) => !on(id, next) && !closedBy(id, next));
    const sustained =
      next2 === null ? null : exited.filter((id) => !on(id, next2) && !closedBy(id, next2)).length;
    const reentered =
      next2 === null ? null : exited.filter((id) => pub.some((y) => y > next && on(id, y))).length;
    const denominator = listed.length - closed.length;
    return {
      year,
      next_year: next,
      listed: listed.length,
      stayed: stayed.length,
      exited: exited.length,
      closed: closuresKnown ? closed.length : null,
      exit_rate: denominator ? exited.length / denominator : null,
      sustained,
      reentered,
    };
  });

  const runs: {
    id: string;
    start_year: number;
    end_year: number;
    length: number;
    end_outcome: string | null;
    returned: boolean;
  }[] = [];
  for (const id of ids.filter(inArea)) {
    let start = -1;
    for (let i = 0; i <= pub.length; i++) {
      const inList = i < pub.length && on(id, pub[i]);
      if (inList && start < 0) start = i;
      if (!inList && start >= 0) {
        const after = pub[i] ?? null;
        const end_outcome = after === null ? null : closedBy(id, after) ? 'closed' : 'exited';
        runs.push({
          id,
          start_year: pub[start],
          end_year: pub[i - 1],
          length: i - start,
          end_outcome,
          returned: pub.slice(0, start).some((y) => on(id, y)),
        });
        start = -1;
      }
    }
  }

  /** Listed over the schools of the area not closed by the year (the schools file is the territory). */
  const share = (year: number) => {
    const listed = ids.filter((id) => on(id, year) && inArea(id)).length;
    const active = schools.filter(
      (s) => inArea(s.school_id) && (s.closed_year === null || s.closed_year > year),
    ).length;
    return { listed, active, share: listed / active };
  };

  return { pub, streakRows, cohortRows, summary, exitRows, runs, share };
}

/** A canonical CSV file without quoted fields (as the demo's are) into objects of strings. */
function readPlainCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = header.split(',');
  return lines.map((l) => {
    const v = l.split(',');
    if (v.length !== cols.length) throw new Error(`${path}: a quoted field or a comma in a value: ${l}`);
    return Object.fromEntries(cols.map((c, i) => [c, v[i]]));
  });
}

export const DEMO = join(import.meta.dirname, '..', '..', 'data', 'generated', 'demo');

/** The demo region's lists and schools, from the CSV files `npm run data` wrote beside the database. */
export function demoListsAndSchools(): { lists: ListRow[]; schools: SchoolRow[] } {
  const lists = readPlainCsv(join(DEMO, 'lists.csv')).map((r) => ({
    year: Number(r.year),
    school_id: r.school_id,
    list: r.list,
  }));
  const schools = readPlainCsv(join(DEMO, 'schools.csv')).map((r) => ({
    school_id: r.school_id,
    name: r.name,
    municipality: r.municipality,
    closed_year: r.closed_year ? Number(r.closed_year) : null,
  }));
  return { lists, schools };
}
