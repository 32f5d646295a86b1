// The views' compositions (lib/view-data.ts) on a fixture worked by hand: which year a view picks, and what
// it shows when the data has no such year, no ВПР or no official list. The metrics themselves have their own
// tests; here the choices between them.
import { expect, it } from 'vitest';
import {
  cohortsData,
  dynamicsData,
  exitsOfYear,
  exitsSeries,
  exitsYear,
  objectivityData,
  objectivityScatter,
  officialData,
  riskData,
} from '@/lib/view-data';
import { OBJECTIVITY_DEFAULTS } from '@/lib/metrics/objectivity';
import { csv, describeOnEngines } from '../helpers/engines';
import { OBJECTIVITY_FIXTURE } from '../fixtures/metrics/objectivity';

// ШНОР: 2022 S1, S2; 2023 S1, S3; 2024 S3. S2 leaves after 2022, S1 after 2023 (its second year); S3 stays.
// The published «группа_риска» of 2024: S1.
// Results: ОГЭ only, 2023 and 2024 (S1 and S3, 20 pupils each).
const H = 'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80';
const FIXTURE = {
  schools: csv(
    'school_id,name,municipality',
    'S1,Школа 1,Район А',
    'S2,Школа 2,Район А',
    'S3,Школа 3,Район Б',
  ),
  lists: csv(
    'year,school_id,list',
    '2022,S1,ШНОР',
    '2022,S2,ШНОР',
    '2023,S1,ШНОР',
    '2023,S3,ШНОР',
    '2024,S3,ШНОР',
    '2024,S1,группа_риска',
  ),
  results: csv(
    H,
    '2023,ОГЭ,Математика,9,S1,20,2,8,6,4,,,',
    '2023,ОГЭ,Математика,9,S3,20,4,8,6,2,,,',
    '2024,ОГЭ,Математика,9,S1,20,1,9,6,4,,,',
    '2024,ОГЭ,Математика,9,S3,20,5,7,6,2,,,',
  ),
};

describeOnEngines('view compositions', FIXTURE, (db) => {
  it('Выход: the year shown is the chosen one, else the latest with an observed exit', async () => {
    const series = await exitsSeries(db(), { list: 'ШНОР' });
    // 2022 → 2023: S2 left, 1 of 2; 2023 → 2024: S1 left, 1 of 2; 2024 has no next list yet.
    expect(series.byYear.map((r) => [r.year, r.next_year, r.exit_rate])).toEqual([
      [2022, 2023, 0.5],
      [2023, 2024, 0.5],
      [2024, null, null],
    ]);
    expect(exitsYear({ list: 'ШНОР' }, series)).toBe(2023);
    expect(exitsYear({ list: 'ШНОР', year: 2022 }, series)).toBe(2022);
    expect(exitsYear({ list: 'ШНОР' }, null)).toBeUndefined();
  });

  it('Выход: the breakdowns of a year, none without one', async () => {
    const y2023 = await exitsOfYear(db(), { list: 'ШНОР' }, 2023);
    // 2023: S3 in its 1st year stayed; S1 in its 2nd year left. By municipality: А 1 of 1, Б 0 of 1.
    expect(y2023.byStreak.map((r) => [r.group, r.listed, r.exited, r.exit_rate])).toEqual([
      ['1', 1, 0, 0],
      ['2', 1, 1, 1],
    ]);
    expect(y2023.byMunicipality.map((r) => [r.group, r.listed, r.exited])).toEqual([
      ['Район А', 1, 1],
      ['Район Б', 1, 0],
    ]);
    expect(await exitsOfYear(db(), { list: 'ШНОР' }, undefined)).toEqual({
      byStreak: [],
      byMunicipality: [],
      byType: [],
    });
  });

  it('Когорты: every year whatever year is chosen', async () => {
    const d = await cohortsData(db(), { list: 'ШНОР', year: 2022 });
    // 2022: S1, S2 first time; 2023: S3 first time, S1 2nd year; 2024: S3 2nd year.
    expect(d.summary.map((r) => [r.year, r.listed, r.first_time, r.streak2])).toEqual([
      [2022, 2, 2, 0],
      [2023, 2, 1, 1],
      [2024, 1, 0, 1],
    ]);
    expect(d.members).toHaveLength(5);
  });

  it('Динамика: the areas over every year and the grid of the chosen years', async () => {
    const d = await dynamicsData(db(), { procedure: 'ОГЭ', years: [2023, 2024], year: 2024 }, 'share_2');
    // Region share of «2»: 2023 (2 + 4) / 40 = 0.15, 2024 (1 + 5) / 40 = 0.15.
    expect(d.areas.filter((r) => r.level === 'region').map((r) => [r.year, r.share_2])).toEqual([
      [2023, 0.15],
      [2024, 0.15],
    ]);
    // The region's values are its municipalities' totals summed: А holds S1 (2023: 2 of 20), Б S3 (4 of 20).
    expect(d.areas.map((r) => [r.area, r.year, r.schools, r.participants, r.share_2])).toEqual([
      ['Регион', 2023, 2, 40, 0.15],
      ['Регион', 2024, 2, 40, 0.15],
      ['Район А', 2023, 1, 20, 0.1],
      ['Район А', 2024, 1, 20, 0.05],
      ['Район Б', 2023, 1, 20, 0.2],
      ['Район Б', 2024, 1, 20, 0.25],
    ]);
    // A subject with a grade (its own slice of the totals) gives the same here: one paper; a subject the data
    // lacks gives no area at all.
    const paper = await dynamicsData(
      db(),
      { procedure: 'ОГЭ', subject: 'Математика', grade: 9, years: [2023, 2024] },
      'share_2',
    );
    expect(paper.areas).toEqual(d.areas);
    const none = await dynamicsData(
      db(),
      { procedure: 'ОГЭ', subject: 'Физика', years: [2023, 2024] },
      'share_2',
    );
    expect(none.areas).toEqual([]);
    // Both schools placed (2 years, 20 pupils): 25 cells, 2 schools in them.
    expect(d.cells).toHaveLength(25);
    expect(d.cells.reduce((n, c) => n + c.schools, 0)).toBe(2);
  });

  it('Объективность: the latest results year; without ВПР that year, nothing to test', async () => {
    const d = await objectivityData(db(), {}, OBJECTIVITY_DEFAULTS);
    expect(d).toEqual({
      year: 2024,
      // No ВПР in any year: nor the year before.
      inputs: {
        vpr: false,
        journal: false,
        scoreDist: false,
        markScales: false,
        scalesInferred: false,
        previousYear: false,
      },
      markers: [],
      lenient: [],
    });
    expect(await objectivityScatter(db(), {})).toEqual([]);
  });

  it('Объективность: no official list «необъективность» for the year or the next', async () => {
    expect(await officialData(db(), {}, 2024, OBJECTIVITY_DEFAULTS)).toEqual({
      officialYear: null,
      rows: [],
      agreement: [],
    });
  });

  it('Группа риска: one key indicator of the four cannot put a school in the group', async () => {
    // ОГЭ mathematics alone: at most one indicator in the bottom quarter (two are needed), and no rise of
    // «2» by 10 p. p. (S3: 4/20 → 5/20, +5 p. p.).
    const d = await riskData(db(), { list: 'ШНОР', year: 2024 });
    expect(d.rows).toEqual([]);
    // The published group of 2024 is S1 alone: computed none, so S1 is only on the published list; it is not
    // on ШНОР in 2024 and has 2024 results, but one key indicator only: its quartile rule cannot be judged.
    expect(d.compared.summary).toEqual({
      year: 2024,
      published: true,
      both: 0,
      only_computed: 0,
      only_published: 1,
    });
    expect(d.compared.publishedOnly).toEqual([
      {
        school_id: 'S1',
        name: 'Школа 1',
        municipality: 'Район А',
        why: 'нет отрицательной динамики; нижнюю четверть не оценить: меньше 2 ключевых показателей с 10+ участниками',
      },
    ]);
  });
});

describeOnEngines(
  'view compositions without results',
  { lists: csv('year,school_id,list', '2024,S1,ШНОР') },
  (db) => {
    it('Объективность: no results at all is null («нет данных»), not an empty year', async () => {
      expect(await objectivityData(db(), {}, OBJECTIVITY_DEFAULTS)).toBeNull();
    });
  },
);

// «Объективность» on the objectivity fixture (its figures worked in test/fixtures/metrics/objectivity.ts): the
// year's one statement (inputs, markers, lenient) and the comparison's one statement.
describeOnEngines('view compositions of «Объективность»', OBJECTIVITY_FIXTURE, (db) => {
  it('a year: its inputs, the schools with markers and the lenient signs, each part apart', async () => {
    const d = await objectivityData(db(), { year: 2024 }, OBJECTIVITY_DEFAULTS);
    expect(d?.inputs).toEqual({
      vpr: true,
      journal: true,
      scoreDist: true,
      markScales: true,
      scalesInferred: false,
      previousYear: true, // C's 2023 papers
    });
    // J5: 5 МА journal (z 5,59) and 7 МА unconfirmed; J6 5 ИС journal; P1 4 РУ peaks; S2 8 МА journal.
    expect(d?.markers.map((m) => [m.school_id, m.markers, m.papers])).toEqual([
      ['J5', 2, '5 МА, 7 МА'],
      ['J6', 1, '5 ИС'],
      ['P1', 1, '4 РУ'],
      ['S2', 1, '8 МА'],
    ]);
    // J4's lowered marks (z 4,76) are lenient marking, never a marker.
    expect(d?.lenient.map((f) => [f.school_id, f.indicator, f.paper])).toEqual([['J4', 'lenient', '5 МА']]);
    // The area filter applies to every part but the inputs: of those schools М2 holds J6 alone (the agreement
    // below: М2 has one computed school and P2).
    const m2 = await objectivityData(db(), { year: 2024, municipalities: ['М2'] }, OBJECTIVITY_DEFAULTS);
    expect(m2?.inputs.vpr).toBe(true);
    expect(m2?.markers.map((m) => m.school_id)).toEqual(['J6']);
    expect(m2?.lenient).toEqual([]);
  });

  it('the comparison with the official list: the list of the next year, its schools and their counts', async () => {
    const d = await officialData(db(), {}, 2024, OBJECTIVITY_DEFAULTS);
    expect(d.officialYear).toBe(2025);
    // Computed J5, J6, P1, S2; official 2025: J5, P2.
    expect(d.rows.map((r) => [r.school_id, r.computed, r.official])).toEqual([
      ['J5', true, true],
      ['P2', false, true],
      ['J6', true, false],
      ['P1', true, false],
      ['S2', true, false],
    ]);
    expect(d.agreement[0]).toEqual({
      municipality: null,
      both: 1,
      only_computed: 3,
      only_official: 1,
      found: 0.5,
      confirmed: 0.25,
    });
    expect(d.agreement.map((a) => a.municipality)).toEqual([null, 'М1', 'М2', 'не указан']);
  });
});
