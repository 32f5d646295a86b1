// The metrics the report added, on the fixture region (test/fixtures/report/region.ts), worked by hand.
import { expect, it } from 'vitest';
import { listedVsOthers } from '@/lib/metrics/listed-results';
import { listSources, targetPace } from '@/lib/metrics/target';
import { csv, describeOnEngines } from '../helpers/engines';
import { REPORT_REGION } from '../fixtures/report/region';

const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);

describeOnEngines('report metrics', REPORT_REGION, (db) => {
  it('compares the schools on the 2024 list with the others and the region', async () => {
    const rows = await listedVsOthers(db(), { list: 'ШНОР', year: 2024, municipalities: ['Северный район'] });
    const at = (group: string, year: number, subject = 'Русский язык', procedure = 'ВПР') =>
      rows.find(
        (r) => r.group === group && r.year === year && r.subject === subject && r.procedure === procedure,
      )!;
    // Listed: 21 schools, 4 «2» of 20 each in 2024 (6 in 2021).
    expect([
      at('listed', 2024).schools,
      at('listed', 2024).participants,
      round(at('listed', 2024).share_2),
    ]).toEqual([21, 420, 0.2]);
    expect(round(at('listed', 2021).share_2)).toBe(0.3);
    // Others in 2024: С29, С30 (2 «2» each) and С11–С14, С17, С18 (4 each): 28 / 160.
    expect([at('others', 2024).schools, round(at('others', 2024).share_2)]).toEqual([8, round(28 / 160)]);
    // Region 2024, 42 schools: 31 weak × 4 + Ю01's 6 + 9 others × 2 + З03's 12 = 160 of 840.
    expect([at('region', 2024).schools, round(at('region', 2024).share_2)]).toEqual([42, round(160 / 840)]);
    // ОГЭ mathematics in 2024 for the listed: 3 «2», 3 «4», 1 «5» of 15 a school.
    expect([
      round(at('listed', 2024, 'Математика', 'ОГЭ').share_2),
      round(at('listed', 2024, 'Математика', 'ОГЭ').quality),
    ]).toEqual([0.2, round(4 / 15)]);
    expect(rows.some((r) => r.year === 2023 || r.procedure === 'ЕГЭ')).toBe(false);
  });

  it('takes the pace of the share over the last three published lists and the years to the target', async () => {
    // Южный: 60 %, 40 %, 20 % in 2021, 2022, 2024. Slope: Sxy = −0.6, Sxx = 14/3 → −0.128571 a year;
    // (0.20 − 0.15) / 0.128571 = 0.39 → 1 year.
    const south = await targetPace(db(), { list: 'ШНОР', municipalities: ['Южный район'] }, 0.15);
    expect({ ...south, share: round(south!.share), pace: round(south!.pace) }).toEqual({
      year: 2024,
      share: 0.2,
      pace: round(-0.6 / (14 / 3)),
      pace_from: 2021,
      pace_years: 3,
      years_to_target: 1,
    });
    // Северный rises on the whole (60 %, 82,8 %, 72,4 %): never at this pace.
    const north = await targetPace(db(), { list: 'ШНОР', municipalities: ['Северный район'] }, 0.15);
    expect([north!.pace! > 0, north!.years_to_target]).toEqual([true, null]);
    // Западный: 0 % is at the target already; in 2021 alone there is no pace.
    expect(
      (await targetPace(db(), { list: 'ШНОР', municipalities: ['Западный район'] }, 0.15))!.years_to_target,
    ).toBe(0);
    const first = await targetPace(db(), { list: 'ШНОР', year: 2021, municipalities: ['Южный район'] }, 0.15);
    expect([first!.pace, first!.pace_years, first!.years_to_target]).toEqual([null, 1, null]);
  });

  it('names the order of each year', async () => {
    expect(await listSources(db(), { list: 'ШНОР' })).toEqual([
      { year: 2021, source: 'приказ № 101 от 10.02.2021' },
      { year: 2022, source: 'приказ № 98 от 09.02.2022' },
      { year: 2024, source: 'приказ № 217 от 09.02.2024' },
    ]);
  });
});

// Lists alone: the data knows only the listed schools, so there is no share of the territory's schools (as in
// listShare), and no pace towards a target.
describeOnEngines(
  'target pace without a schools table',
  { lists: csv('year,school_id,list', '2023,S1,ШНОР', '2023,S2,ШНОР', '2024,S1,ШНОР') },
  (db) => {
    it('gives no share, no pace and no years to the target', async () => {
      expect(await targetPace(db(), { list: 'ШНОР' }, 0.15)).toEqual({
        year: 2024,
        share: null,
        pace: null,
        pace_from: 2023,
        pace_years: 2,
        years_to_target: null,
      });
    });
  },
);
