// «Муниципалитеты», «Обзор», «Карточка ОО», the filters' options and the runs behind a cohort cell, on one
// small region worked by hand.
import { expect, it } from 'vitest';
import { listRuns } from '@/lib/metrics/lists';
import { listedByMunicipality, municipalitySummary } from '@/lib/metrics/municipalities';
import { filterOptions, latestResultsYear } from '@/lib/metrics/options';
import { schoolIndicators } from '@/lib/metrics/results';
import { schoolListHistory, searchSchools, similarSchools } from '@/lib/metrics/school';
import { overview } from '@/lib/overview';
import { csv, describeOnEngines } from '../helpers/engines';
import { TERRITORY_FIXTURE } from '../fixtures/metrics/territory';

// The fixture, eight schools in three municipalities, with its table: test/fixtures/metrics/territory.ts.
const pick = <T extends object, K extends keyof T>(rows: T[], ...keys: K[]) =>
  rows.map((r) => keys.map((k) => r[k]));

describeOnEngines('territory metrics', TERRITORY_FIXTURE, (db) => {
  it('municipalitySummary: the latest published year by default, with the exit rate into it', async () => {
    const rows = await municipalitySummary(db(), { list: 'ШНОР' });
    expect(rows.map((r) => r.year)).toEqual([2024, 2024, 2024]);
    // active: not closed by 2024 (002 closed in 2023). Exits 2023→2024: М1 001 stays (0 of 1); М2 003 and 006
    // leave, 004 stays (2 of 3); М3 had nobody on the 2023 list: no rate (0060's return is not an exit).
    expect(pick(rows, 'municipality', 'active', 'listed', 'share', 'exit_rate')).toEqual([
      ['М1', 1, 1, 1, 0],
      ['М2', 3, 1, 1 / 3, 2 / 3],
      ['М3', 3, 1, 1 / 3, null],
    ]);
    // ВПР 2024: М1 = 001's two grades, 20 pupils, «2» 2 + 0, «4»+«5» 3 + 1 + 5 = 9; М2 = 003 alone, 5 and 5 of 20;
    // М3 = 005 + 008, 40 pupils, «2» 5 + 3 = 8, «4»+«5» 10 + 6 = 16. ОГЭ: 004, 1 of 10. ЕГЭ: (10·60 + 30·70) / 40.
    expect(
      pick(rows, 'vpr_participants', 'vpr_share_2', 'vpr_quality', 'oge_share_2', 'ege_mean_score'),
    ).toEqual([
      [20, 2 / 20, 9 / 20, null, null],
      [20, 5 / 20, 5 / 20, 1 / 10, 2700 / 40],
      [40, 8 / 40, 16 / 40, null, null],
    ]);
  });

  it('municipalitySummary: an earlier year, the first published year, and a school that moved', async () => {
    // 2023: 002 is closed that year, so not active and counted «closed» at 2022→2023 (М1: 0 of 1);
    // М2: 003 and 006 stay (0 of 2); М3: 0060 leaves (1 of 1). ВПР 2023: 003 alone, 10 of 100.
    const y2023 = await municipalitySummary(db(), { list: 'ШНОР', year: 2023 });
    expect(
      pick(
        y2023,
        'municipality',
        'active',
        'listed',
        'share',
        'exit_rate',
        'vpr_share_2',
        'vpr_participants',
      ),
    ).toEqual([
      ['М1', 1, 1, 1, 0, null, 0],
      ['М2', 3, 3, 1, 0, 0.1, 100],
      ['М3', 3, 0, 0, 1, null, 0],
    ]);
    // 2022 has no previous published year: no exit rate. 006 was listed under М1 in 2022 but counts in М2.
    const y2022 = await municipalitySummary(db(), { list: 'ШНОР', year: 2022 });
    expect(pick(y2022, 'municipality', 'active', 'listed', 'share', 'exit_rate')).toEqual([
      ['М1', 2, 2, 1, null],
      ['М2', 3, 2, 2 / 3, null],
      ['М3', 3, 1, 1 / 3, null],
    ]);
  });

  it('municipalitySummary: area filters narrow schools before counting', async () => {
    // СОШ only: М1 = 001; М2 = 003, 004 (006 has no type); М3 = 005, 008, none listed.
    const soh = await municipalitySummary(db(), { list: 'ШНОР', types: ['СОШ'] });
    expect(pick(soh, 'municipality', 'active', 'listed', 'share', 'exit_rate')).toEqual([
      ['М1', 1, 1, 1, 0],
      ['М2', 2, 1, 0.5, 0.5],
      ['М3', 2, 0, 0, null],
    ]);
    const m2 = await municipalitySummary(db(), { list: 'ШНОР', municipalities: ['М2'] });
    expect(pick(m2, 'municipality', 'listed')).toEqual([['М2', 1]]);
  });

  it('municipalitySummary: a year the list was not published has no count or share, not 0 %', async () => {
    // «необъективность» is published in 2023 only. In 2024 the schools are there (active 1, 3, 3 as above) and
    // so are the results, but there is no 2024 list: nobody is «not on it», so no count and no share.
    const rows = await municipalitySummary(db(), { list: 'необъективность', year: 2024 });
    expect(pick(rows, 'municipality', 'active', 'listed', 'share', 'exit_rate', 'vpr_share_2')).toEqual([
      ['М1', 1, null, null, null, 2 / 20],
      ['М2', 3, null, null, null, 5 / 20],
      ['М3', 3, null, null, null, 8 / 40],
    ]);
    // Its published year, for contrast: 005 in М3, 1 of 3.
    expect(
      pick(
        await municipalitySummary(db(), { list: 'необъективность' }),
        'municipality',
        'year',
        'listed',
        'share',
      ),
    ).toEqual([
      ['М1', 2023, 0, 0],
      ['М2', 2023, 0, 0],
      ['М3', 2023, 1, 1 / 3],
    ]);
    // A list with no rows at all: no year, no counts.
    const none = await municipalitySummary(db(), { list: '500+' });
    expect(pick(none, 'year', 'listed', 'share', 'exit_rate')).toEqual([
      [null, null, null, null],
      [null, null, null, null],
      [null, null, null, null],
    ]);
  });

  it('listedByMunicipality: every municipality in every published year, zeros kept', async () => {
    const rows = await listedByMunicipality(db(), { list: 'ШНОР' });
    // 2022: М1 001, 002; М2 003, 006; М3 0060. 2023: 001 | 003, 004, 006 | —. 2024: 001 | 004 | 0060.
    expect(pick(rows, 'municipality', 'year', 'listed')).toEqual([
      ['М1', 2022, 2],
      ['М1', 2023, 1],
      ['М1', 2024, 1],
      ['М2', 2022, 2],
      ['М2', 2023, 3],
      ['М2', 2024, 1],
      ['М3', 2022, 1],
      ['М3', 2023, 0],
      ['М3', 2024, 1],
    ]);
    expect(
      pick(await listedByMunicipality(db(), { list: 'необъективность' }), 'municipality', 'year', 'listed'),
    ).toEqual([
      ['М1', 2023, 0],
      ['М2', 2023, 0],
      ['М3', 2023, 1],
    ]);
    expect(await listedByMunicipality(db(), { list: '500+' })).toEqual([]);
  });

  it('overview: the latest year by default', async () => {
    const o = await overview(db());
    // 2024: 001 (3rd year), 004 (2nd), 0060 (back after a gap: streak 1, total 2).
    expect([o.list, o.year]).toEqual(['ШНОР', 2024]);
    expect(o.cohort).toMatchObject({
      listed: 3,
      first_time: 0,
      returned: 1,
      streak2: 1,
      streak3: 1,
      streak4plus: 0,
    });
    // Into 2024 from 2023: 003 and 006 of 001, 003, 004, 006 leave: 2 / 4. Active: 8 known schools − 002 (closed).
    expect([o.exitRate, o.exitFromYear, o.active, o.share]).toEqual([0.5, 2023, 7, 3 / 7]);
    expect(
      pick(
        o.byYear.filter((r) => r.year === 2024),
        'streak_group',
        'schools',
      ),
    ).toEqual([
      ['1', 1],
      ['2', 1],
      ['3', 1],
      ['4+', 0],
    ]);
    expect(o.shares.map((r) => r.year)).toEqual([2022, 2023, 2024]);
    expect(o.exitsByYear.map((r) => [r.year, r.exited])).toEqual([
      [2022, 1],
      [2023, 2],
      [2024, null],
    ]);
  });

  it('overview: a chosen year, the first year, a municipality with nobody listed the year before', async () => {
    const y2023 = await overview(db(), { year: 2023 });
    // 2023: 004 first time; 001, 003, 006 second year. From 2022: 0060 left, 002 closed: 1 / (5 − 1).
    expect(y2023.cohort).toMatchObject({ listed: 4, first_time: 1, returned: 0, streak2: 3, streak3: 0 });
    expect([y2023.exitRate, y2023.exitFromYear, y2023.active, y2023.share]).toEqual([0.25, 2022, 7, 4 / 7]);
    // 2022: every known school is active (002 closes in 2023); nothing before it to leave from.
    const y2022 = await overview(db(), { year: 2022 });
    expect([y2022.exitRate, y2022.exitFromYear, y2022.active, y2022.share]).toEqual([null, null, 8, 5 / 8]);
    // М3 in 2024: 0060 alone (returned); М3 had nobody on the 2023 list, so no exit rate, not 0.
    const m3 = await overview(db(), { municipalities: ['М3'] });
    expect(m3.cohort).toMatchObject({ listed: 1, first_time: 0, returned: 1 });
    expect([m3.exitRate, m3.exitFromYear, m3.active, m3.share]).toEqual([null, null, 3, 1 / 3]);
  });

  it('overview: a list with no rows has no year and no figures', async () => {
    const o = await overview(db(), { list: '500+' });
    expect([o.year, o.cohort, o.exitRate, o.exitFromYear, o.active, o.share]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect([o.byYear, o.shares, o.exitsByYear]).toEqual([[], [], []]);
  });

  it('listRuns: each unbroken run, how it ended and whether it was a return', async () => {
    const runs = await listRuns(db(), { list: 'ШНОР' });
    // By entry year, then name. 2024 is the last published year: runs still on it end with NULL.
    expect(pick(runs, 'school_id', 'start_year', 'end_year', 'length', 'end_outcome', 'returned')).toEqual([
      ['001', 2022, 2024, 3, null, false],
      ['002', 2022, 2022, 1, 'closed', false],
      ['003', 2022, 2023, 2, 'exited', false],
      ['006', 2022, 2023, 2, 'exited', false],
      ['0060', 2022, 2022, 1, 'exited', false],
      ['004', 2023, 2024, 2, null, false],
      ['0060', 2024, 2024, 1, null, true],
    ]);
    expect(runs.find((r) => r.school_id === '006')).toMatchObject({ name: 'Школа Ж', municipality: 'М2' });
    expect(
      pick(await listRuns(db(), { list: 'ШНОР', municipalities: ['М2'] }), 'school_id', 'start_year'),
    ).toEqual([
      ['003', 2022],
      ['006', 2022],
      ['004', 2023],
    ]);
    expect(
      pick(await listRuns(db(), { list: 'необъективность' }), 'school_id', 'length', 'end_outcome'),
    ).toEqual([['005', 1, null]]);
  });

  it('searchSchools: by code (exact first, then prefix) or by part of the name, ё as е', async () => {
    expect((await searchSchools(db(), '006')).map((r) => r.school_id)).toEqual(['006', '0060']);
    expect((await searchSchools(db(), ' АЛЕШ ')).map((r) => r.school_id)).toEqual(['005']);
    expect((await searchSchools(db(), 'алёш')).map((r) => r.school_id)).toEqual(['005']);
    expect((await searchSchools(db(), 'школа', 2)).map((r) => r.name)).toEqual(['Школа А', 'Школа Б']);
    expect(await searchSchools(db(), 'лицей')).toEqual([]);
    // 006 is named only by the lists: not unnamed, municipality of the latest list row, no type.
    expect((await searchSchools(db(), 'ж'))[0]).toMatchObject({
      school_id: '006',
      name: 'Школа Ж',
      municipality: 'М2',
      type: 'не указан',
      unnamed: false,
    });
  });

  it('schoolListHistory: every published year of every list, with the school on it or not', async () => {
    const h = await schoolListHistory(db(), '0060');
    expect(pick(h, 'list', 'year', 'listed', 'streak', 'markers')).toEqual([
      ['ШНОР', 2022, true, 1, null],
      ['ШНОР', 2023, false, null, null],
      ['ШНОР', 2024, true, 1, null],
      ['необъективность', 2023, false, null, null],
    ]);
    const e = (await schoolListHistory(db(), '005')).filter((r) => r.listed);
    expect(pick(e, 'list', 'year', 'streak', 'markers', 'papers')).toEqual([
      ['необъективность', 2023, 1, 3, '4 РУ, 5 МА'],
    ]);
    expect((await schoolListHistory(db(), 'нет такой')).every((r) => !r.listed)).toBe(true);
  });

  it('similarSchools: same type and location, nearest in ВПР participants, ties by code', async () => {
    // 001 (СОШ, город, 20 pupils in 2024): 003 (20, distance 0), then 005 (25) and 008 (15) at 5, by code.
    // 004 is СОШ but in a village; 003's 100 pupils of 2023 are another year.
    const rows = await similarSchools(db(), '001');
    expect(pick(rows, 'school_id', 'participants', 'share_2', 'quality')).toEqual([
      ['003', 20, 5 / 20, 5 / 20],
      ['005', 25, 5 / 25, 10 / 25],
      ['008', 15, 3 / 15, 6 / 15],
    ]);
    expect((await similarSchools(db(), '001', 1)).map((r) => r.school_id)).toEqual(['003']);
    // 004 wrote no ВПР: nothing to compare.
    expect(await similarSchools(db(), '004')).toEqual([]);
  });

  it('schoolIndicators: tied schools share a percentile rank', async () => {
    // ВПР 2024, all four with 10+ pupils. share_2: 001 0,1; 005 and 008 0,2 (a tie); 003 0,25.
    // Rank = schools strictly below / (4 − 1): 0, 1/3, 1/3, 1 → 0, 33,3, 33,3, 100. Quality: 003 0,25; 005 and 008
    // 0,4; 001 0,45 → 0, 33,3, 33,3, 100.
    const at = async (id: string) => (await schoolIndicators(db(), id, { procedure: 'ВПР', year: 2024 }))[0];
    const rows = await Promise.all(['001', '003', '005', '008'].map(at));
    expect(pick(rows, 'school_id', 'pct_share_2', 'pct_quality')).toEqual([
      ['001', 0, 100],
      ['003', 100, 0],
      ['005', 33.3, 33.3],
      ['008', 33.3, 33.3],
    ]);
  });

  it('filterOptions: the values the data has', async () => {
    const o = await filterOptions(db());
    // Years of results (2023, 2024) and lists (2022–2024). Codepoint order: «ООШ» < «СОШ» < «не указан».
    expect(o.years).toEqual([2022, 2023, 2024]);
    expect(o.lists).toEqual([
      { list: 'ШНОР', years: [2022, 2023, 2024] },
      { list: 'необъективность', years: [2023] },
    ]);
    expect(o.municipalities).toEqual(['М1', 'М2', 'М3']);
    expect(o.types).toEqual(['ООШ', 'СОШ', 'не указан']);
    expect(o.locations).toEqual(['город', 'не указана', 'село']);
    expect(o.subjects).toEqual([
      { procedure: 'ВПР', subject: 'Математика', grades: [5, 6] },
      { procedure: 'ЕГЭ', subject: 'Русский язык', grades: [11] },
      { procedure: 'ОГЭ', subject: 'Математика', grades: [9] },
    ]);
    expect(await latestResultsYear(db())).toBe(2024);
  });
});

// A lists file alone: the territory's other schools are unknown, so shares are absent, not 100 %.
describeOnEngines(
  'territory metrics from a lists file alone',
  {
    lists: csv(
      'year,school_id,list,name,municipality,source',
      '2023,01,ШНОР,Школа 1,М1,',
      '2024,01,ШНОР,Школа 1,М1,',
      '2024,02,ШНОР,Школа 2,М1,',
    ),
  },
  (db) => {
    it('gives counts and no shares, no results year, no similar schools', async () => {
      expect(
        pick(
          await municipalitySummary(db(), {}),
          'municipality',
          'year',
          'active',
          'listed',
          'share',
          'exit_rate',
          'vpr_share_2',
          'vpr_participants',
        ),
      ).toEqual([['М1', 2024, null, 2, null, 0, null, 0]]);
      const o = await overview(db());
      expect([o.year, o.cohort?.listed, o.cohort?.first_time, o.exitRate, o.active, o.share]).toEqual([
        2024,
        2,
        1,
        0,
        null,
        null,
      ]);
      expect(await latestResultsYear(db())).toBeNull();
      expect((await filterOptions(db())).years).toEqual([2023, 2024]);
      expect((await filterOptions(db())).subjects).toEqual([]);
      expect(await similarSchools(db(), '01')).toEqual([]);
    });
  },
);
