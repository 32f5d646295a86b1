import { expect, it } from 'vitest';
import {
  cohortMembers,
  cohorts,
  cohortSummary,
  entryCohortMatrix,
  entryCohortMembers,
  exits,
  listedByStreakGroup,
  listShare,
  streaks,
  timeToExit,
} from '@/lib/metrics/lists';
import { municipalitySummary } from '@/lib/metrics/municipalities';
import { csv, describeOnEngines } from '../helpers/engines';

// Six schools; ШНОР is published in 2019, 2020, 2022 and 2023 (not in 2021).
//   A: 2019 2020 ---- 2022 2023   streak 1,2,3,4 (2021 unpublished neither breaks nor extends)
//   B: 2019 2020                  closed in 2022 → "closed" at 2020→2022, not an exit
//   C: 2019 ---- ---- 2022        exits 2019→2020, returns in 2022 (streak 1, total 2: «вернулась»)
//   D:      2020 ---- 2022        exits 2022→2023
//   E:                     2023
//   F: never on ШНОР; on «необъективность» in 2020.
// A appears twice in 2019 (regional files repeat rows): counted once.
const schools = csv(
  'school_id,name,municipality,type,location,closed_year,successor_id',
  '001,Школа А,М1,СОШ,город,,',
  '002,Школа Б,М1,ООШ,село,2022,',
  '003,Школа В,М1,СОШ,село,,',
  '004,Школа Г,М2,СОШ,город,,',
  '005,Школа Д,М2,гимназия,город,,',
  '006,Школа Е,М2,СОШ,город,,',
);
const lists = csv(
  'year,school_id,list,name,municipality,source',
  '2019,001,ШНОР,,,',
  '2019,001,ШНОР,,,',
  '2019,002,ШНОР,,,',
  '2019,003,ШНОР,,,',
  '2020,001,ШНОР,,,',
  '2020,002,ШНОР,,,',
  '2020,004,ШНОР,,,',
  '2020,006,необъективность,,,',
  '2022,001,ШНОР,,,',
  '2022,003,ШНОР,,,',
  '2022,004,ШНОР,,,',
  '2023,001,ШНОР,,,',
  '2023,005,ШНОР,,,',
);

describeOnEngines('list metrics', { schools, lists }, (db) => {
  it('counts consecutive published years, skipping unpublished ones, and total years', async () => {
    const rows = await streaks(db(), { list: 'ШНОР' });
    const of = (id: string) => rows.filter((r) => r.school_id === id).map((r) => [r.year, r.streak, r.total]);
    expect(of('001')).toEqual([
      [2019, 1, 1],
      [2020, 2, 2],
      [2022, 3, 3],
      [2023, 4, 4],
    ]);
    expect(of('003')).toEqual([
      [2019, 1, 1],
      [2022, 1, 2],
    ]);
    expect(of('004')).toEqual([
      [2020, 1, 1],
      [2022, 2, 2],
    ]);
  });

  it('builds the cohort table with впервые / вернулась for every list', async () => {
    const rows = await cohorts(db());
    const pick = (list: string, year: number) =>
      rows
        .filter((r) => r.list === list && r.year === year)
        .map(({ streak, schools, first_time, returned }) => ({ streak, schools, first_time, returned }));
    // 2019 is the list's first year in the data: whether A, B, C were listed before is not known.
    expect(pick('ШНОР', 2019)).toEqual([{ streak: 1, schools: null, first_time: null, returned: null }]);
    // 2020, one year before: D's first time shows, a return cannot yet.
    expect(pick('ШНОР', 2020)).toEqual([
      { streak: 1, schools: 1, first_time: 1, returned: null },
      { streak: 2, schools: 2, first_time: 0, returned: 0 },
    ]);
    expect(pick('ШНОР', 2022)).toEqual([
      { streak: 1, schools: 1, first_time: 0, returned: 1 },
      { streak: 2, schools: 1, first_time: 0, returned: 0 },
      { streak: 3, schools: 1, first_time: 0, returned: 0 },
    ]);
    expect(pick('необъективность', 2020)).toEqual([
      { streak: 1, schools: null, first_time: null, returned: null },
    ]);
    expect(rows.some((r) => r.year === 2021)).toBe(false);
  });

  it('summarises a year as the report sentence needs it', async () => {
    const [row] = await cohortSummary(db(), { list: 'ШНОР', year: 2023 });
    expect(row).toMatchObject({
      listed: 2,
      first_time: 1,
      returned: 0,
      streak2: 0,
      streak3: 0,
      streak4plus: 1,
    });
  });

  it("names each listed school's cohort class: the schools behind the summary", async () => {
    const rows = await cohortMembers(db(), { list: 'ШНОР' });
    const of = (year: number) =>
      rows
        .filter((r) => r.year === year)
        .map((r) => [r.school_id, r.cohort_class])
        .sort();
    // 2019: A, B, C enter. 2020: A, B second year, D enters. 2022: A third year, C back (total 2), D second year
    // (2021 unpublished). 2023: A fourth year, E enters.
    // The list's first year in the data cannot tell a class; the next one tells впервые and the 2nd year.
    expect(rows.filter((r) => r.year === 2019).every((r) => !r.class_known)).toBe(true);
    expect(rows.filter((r) => r.year === 2020).every((r) => r.class_known)).toBe(true);
    // 2023 (three years before): A's 4th year and more is told; 2022 (two) tells A's 3rd year.
    expect(rows.filter((r) => r.year >= 2022).every((r) => r.class_known)).toBe(true);
    expect(of(2019)).toEqual([
      ['001', 'first_time'],
      ['002', 'first_time'],
      ['003', 'first_time'],
    ]);
    expect(of(2020)).toEqual([
      ['001', 'streak2'],
      ['002', 'streak2'],
      ['004', 'first_time'],
    ]);
    expect(of(2022)).toEqual([
      ['001', 'streak3'],
      ['003', 'returned'],
      ['004', 'streak2'],
    ]);
    expect(of(2023)).toEqual([
      ['001', 'streak4plus'],
      ['005', 'first_time'],
    ]);
    expect(rows.find((r) => r.school_id === '003' && r.year === 2022)).toMatchObject({
      name: 'Школа В',
      municipality: 'М1',
      streak: 1,
      total: 2,
    });
  });

  it('lists the schools of an entry cohort still listed in a year', async () => {
    const rows = await entryCohortMembers(db(), { list: 'ШНОР' });
    const of = (cohort: number, year: number) =>
      rows.filter((r) => r.cohort === cohort && r.year === year).map((r) => r.school_id);
    // Cohort 2019: A (4 published years), B (2), C (1).
    expect(of(2019, 2019)).toEqual(['001', '002', '003']);
    expect(of(2019, 2020)).toEqual(['001', '002']);
    expect(of(2019, 2022)).toEqual(['001']);
    // C's return in 2022 is a run of its own: cohort 2022.
    expect(of(2022, 2022)).toEqual(['003']);
    expect(of(2022, 2023)).toEqual([]);
  });

  it('gives sustained exit and re-entry as shares of the exited', async () => {
    const rows = await exits(db(), { list: 'ШНОР' });
    expect(rows.map((r) => [r.year, r.sustained_share, r.reentered_share])).toEqual([
      // 2019 → 2020: C exits (1), is back in 2022: sustained 0 / 1, re-entered 1 / 1.
      [2019, 0, 1],
      // 2020 → 2022: nobody exits: no share (not 0).
      [2020, null, null],
      // 2022 → 2023 and 2023: nothing published after 2023, not yet observed.
      [2022, null, null],
      [2023, null, null],
    ]);
  });

  it('gives each municipality the exit rate into the year with the same rule as exits', async () => {
    const into2020 = await municipalitySummary(db(), { list: 'ШНОР', year: 2020 });
    // From 2019: М1 had A, B, C and C left: 1 / 3; М2 had nobody listed in 2019: no rate.
    expect(into2020.map((r) => [r.municipality, r.exit_rate])).toEqual([
      ['М1', 1 / 3],
      ['М2', null],
    ]);
    const into2022 = await municipalitySummary(db(), { list: 'ШНОР', year: 2022 });
    // From 2020: М1 had A and B; B closed by 2022 is out of the denominator, A stayed: 0 / (2 − 1). М2: D stayed.
    expect(into2022.map((r) => [r.municipality, r.exit_rate])).toEqual([
      ['М1', 0],
      ['М2', 0],
    ]);
    const into2023 = await municipalitySummary(db(), { list: 'ШНОР', year: 2023 });
    // From 2022: М1 had A (stays) and C (exits): 1 / 2; М2 had D (exits): 1 / 1.
    expect(into2023.map((r) => [r.municipality, r.exit_rate])).toEqual([
      ['М1', 0.5],
      ['М2', 1],
    ]);
  });

  it('filters by municipality after computing streaks over the whole list', async () => {
    const rows = await cohorts(db(), { list: 'ШНОР', year: 2022, municipalities: ['М2'] });
    expect(rows.map((r) => [r.streak, r.schools])).toEqual([[2, 1]]);
  });

  it('computes exits with closed schools apart and null for the last published year', async () => {
    const rows = await exits(db(), { list: 'ШНОР' });
    expect(
      rows.map(({ year, next_year, listed, exited, closed, exit_rate, sustained, reentered }) => ({
        year,
        next_year,
        listed,
        exited,
        closed,
        exit_rate,
        sustained,
        reentered,
      })),
    ).toEqual([
      // C leaves (1 of 3); C is back in 2022: not sustained, re-entered.
      {
        year: 2019,
        next_year: 2020,
        listed: 3,
        exited: 1,
        closed: 0,
        exit_rate: 1 / 3,
        sustained: 0,
        reentered: 1,
      },
      // B closed by 2022: out of the denominator; A and D stay.
      {
        year: 2020,
        next_year: 2022,
        listed: 3,
        exited: 0,
        closed: 1,
        exit_rate: 0,
        sustained: 0,
        reentered: 0,
      },
      // C and D leave; nothing after 2023 is published, so sustained and re-entry are not yet observed.
      {
        year: 2022,
        next_year: 2023,
        listed: 3,
        exited: 2,
        closed: 0,
        exit_rate: 2 / 3,
        sustained: null,
        reentered: null,
      },
      {
        year: 2023,
        next_year: null,
        listed: 2,
        exited: null,
        closed: null,
        exit_rate: null,
        sustained: null,
        reentered: null,
      },
    ]);
  });

  it('splits exits by years in the list at the exit year', async () => {
    const rows = await exits(db(), { list: 'ШНОР', year: 2022 }, 'streak');
    expect(rows.map((r) => [r.group, r.listed, r.exited, r.exit_rate])).toEqual([
      ['1', 1, 1, 1],
      ['2', 1, 1, 1],
      ['3', 1, 0, 0],
    ]);
  });

  it('gives the share of active schools on the list', async () => {
    const rows = await listShare(db(), { list: 'ШНОР' });
    // Six known schools; B is closed from 2022.
    expect(rows.map((r) => [r.year, r.listed, r.active, r.share])).toEqual([
      [2019, 3, 6, 0.5],
      [2020, 3, 6, 0.5],
      [2022, 3, 5, 0.6],
      [2023, 2, 5, 0.4],
    ]);
  });

  it('stacks listed schools by 1, 2, 3, 4+ years with zeros kept', async () => {
    const rows = await listedByStreakGroup(db(), { list: 'ШНОР' });
    const year2023 = rows.filter((r) => r.year === 2023).map((r) => [r.streak_group, r.schools]);
    expect(year2023).toEqual([
      ['1', 1],
      ['2', 0],
      ['3', 0],
      ['4+', 1],
    ]);
    expect(rows.every((r) => typeof r.schools === 'number')).toBe(true);
    // The cards' rule (COHORT_YEARS_NEEDED): a group is unknown where the data's start forces it to all or 0 —
    // every group in the list's first year, 3 and 4+ in its second, 4+ in its third.
    const known = (year: number) => rows.filter((r) => r.year === year).map((r) => [r.streak_group, r.known]);
    expect(known(2019)).toEqual([
      ['1', false],
      ['2', false],
      ['3', false],
      ['4+', false],
    ]);
    expect(known(2020)).toEqual([
      ['1', true],
      ['2', true],
      ['3', false],
      ['4+', false],
    ]);
    expect(known(2022).map(([, k]) => k)).toEqual([true, true, true, false]);
    expect(known(2023).map(([, k]) => k)).toEqual([true, true, true, true]);
  });

  it('keeps leading zeros of school codes', async () => {
    const rows = await streaks(db(), { list: 'ШНОР', year: 2023 });
    expect(rows.map((r) => r.school_id).sort()).toEqual(['001', '005']);
  });

  it('splits exits by municipality and by school type', async () => {
    const byMuni = await exits(db(), { list: 'ШНОР', year: 2019 }, 'municipality');
    expect(byMuni.map((r) => [r.group, r.listed, r.exited])).toEqual([['М1', 3, 1]]);
    const byType = await exits(db(), { list: 'ШНОР', year: 2022 }, 'type');
    expect(byType.map((r) => [r.group, r.listed, r.exited, r.exit_rate])).toEqual([['СОШ', 3, 2, 2 / 3]]);
  });

  it('follows each entry cohort year by year', async () => {
    const cells = await entryCohortMatrix(db(), { list: 'ШНОР' });
    const of = (cohort: number) =>
      cells.filter((c) => c.cohort === cohort).map((c) => [c.year, c.entered, c.still_listed]);
    // 2019: A (4 years), B (2), C (1). 2020: D (2 years). 2022: C again (1). 2023: E.
    expect(of(2019)).toEqual([
      [2019, 3, 3],
      [2020, 3, 2],
      [2022, 3, 1],
      [2023, 3, 1],
    ]);
    expect(of(2020)).toEqual([
      [2020, 1, 1],
      [2022, 1, 1],
      [2023, 1, 0],
    ]);
    expect(of(2022)).toEqual([
      [2022, 1, 1],
      [2023, 1, 0],
    ]);
  });

  it('estimates time to exit by Kaplan–Meier, censoring closures and schools still listed', async () => {
    const rows = await timeToExit(db(), { list: 'ШНОР' });
    const of = (cohort: number) =>
      rows
        .filter((r) => r.cohort === cohort)
        .map((r) => [r.t, r.at_risk, r.exits, r.censored, Math.round(r.survival * 1e9) / 1e9]);
    const twoThirds = Math.round((2 / 3) * 1e9) / 1e9;
    // 2019: C exits after 1 year (S = 2/3, the cohort's exit rate). B closed after 2 years and A is still
    // listed in 2023 after 4: each stayed a year less than its length and more, but whether it would have
    // stayed another year is not observed, so B leaves the risk set after step 1 and A after step 3.
    expect(of(2019)).toEqual([
      [1, 3, 1, 1, twoThirds],
      [2, 1, 0, 0, twoThirds],
      [3, 1, 0, 1, twoThirds],
    ]);
    // 2020: D exits after 2 years.
    expect(of(2020)).toEqual([
      [1, 1, 0, 0, 1],
      [2, 1, 1, 0, 0],
    ]);
    // 2023: E entered in the last published year: nothing is observed yet, so no estimate (not 100 %).
    expect(of(2023)).toEqual([]);
  });
});

// A school closed by the next year but still on its list counts as staying, not as closed.
describeOnEngines(
  'closed schools',
  {
    schools: csv(
      'school_id,name,municipality,type,location,closed_year,successor_id',
      'X,Икс,М,СОШ,город,2021,',
      'Y,Игрек,М,СОШ,город,2021,',
      'Z,Зет,М,СОШ,город,,',
    ),
    lists: csv(
      'year,school_id,list,name,municipality,source',
      '2020,X,ШНОР,,,',
      '2020,Y,ШНОР,,,',
      '2020,Z,ШНОР,,,',
      '2021,X,ШНОР,,,',
      '2022,Z,ШНОР,,,',
    ),
  },
  (db) => {
    it('treats only schools off the next list as closed', async () => {
      const [y2020] = await exits(db(), { list: 'ШНОР', year: 2020 });
      // X stays (listed in 2021 although closed that year), Y is closed and off, Z exits.
      expect([y2020.listed, y2020.exited, y2020.closed, y2020.exit_rate]).toEqual([3, 1, 1, 0.5]);
    });
  },
);

// Closures after an exit, and time to exit agreeing with the exit rate. ШНОР 2020–2022:
//   A: 2020, closed in 2021 → closed, out of the rate; B: 2020 → exits, still off in 2022 (sustained);
//   C: 2020 2021 2022, still listed; D: 2020 → exits in 2021, closed in 2022 (staying off is not observable).
describeOnEngines(
  'closures around exits',
  {
    schools: csv(
      'school_id,name,municipality,type,location,closed_year,successor_id',
      'A,А,М,СОШ,город,2021,',
      'B,Б,М,СОШ,город,,',
      'C,В,М,СОШ,город,,',
      'D,Г,М,СОШ,город,2022,',
    ),
    lists: csv(
      'year,school_id,list,name,municipality,source',
      '2020,A,ШНОР,,,',
      '2020,B,ШНОР,,,',
      '2020,C,ШНОР,,,',
      '2020,D,ШНОР,,,',
      '2021,C,ШНОР,,,',
      '2022,C,ШНОР,,,',
    ),
  },
  (db) => {
    it('leaves a school closed after its exit out of the sustained share', async () => {
      const [y2020] = await exits(db(), { list: 'ШНОР', year: 2020 });
      // Exited B and D of 4 listed less A closed: 2 / 3. Sustained: B, of the exited not closed by 2022 (B): 1 / 1.
      expect([y2020.listed, y2020.exited, y2020.closed, y2020.exit_rate]).toEqual([4, 2, 1, 2 / 3]);
      expect([y2020.sustained, y2020.sustained_share, y2020.reentered, y2020.reentered_share]).toEqual([
        1, 1, 0, 0,
      ]);
    });

    it('censors a closed school before its closure, so the first step is the exit rate', async () => {
      const rows = await timeToExit(db(), { list: 'ШНОР' });
      // Step 1: at risk B, D (exited) and C (listed on); A closed is not. S(1) = 1 − 2 / 3. Step 2: C alone,
      // censored (whether it stays past 2022 is not observed). No step 3.
      expect(rows.map((r) => [r.cohort, r.t, r.at_risk, r.exits, r.censored, r.survival])).toEqual([
        [2020, 1, 3, 2, 0, 1 - 2 / 3],
        [2020, 2, 1, 0, 1, 1 - 2 / 3],
      ]);
    });
  },
);
