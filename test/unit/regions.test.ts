// The region filter and the country view on a two-region country worked by hand.
import { expect, it } from 'vitest';
import { exits, listShare } from '@/lib/metrics/lists';
import { municipalitySummary } from '@/lib/metrics/municipalities';
import { filterOptions } from '@/lib/metrics/options';
import { regionSummary } from '@/lib/metrics/regions';
import { areaIndicators } from '@/lib/metrics/results';
import { csv, describeOnEngines } from '../helpers/engines';

// Альфа: A1, A2 (М1), A3 (М2); Бета: B1, B2 (М3). ШНОР 2023: A1, A2, B1; 2024: A1, B1, B2.
const schools = csv(
  'school_id,name,municipality,type,location,closed_year,successor_id,region',
  'A1,Школа А1,М1,СОШ,город,,,Альфа',
  'A2,Школа А2,М1,СОШ,село,,,Альфа',
  'A3,Школа А3,М2,СОШ,город,,,Альфа',
  'B1,Школа Б1,М3,СОШ,город,,,Бета',
  'B2,Школа Б2,М3,СОШ,село,,,Бета',
);
const lists = csv(
  'year,school_id,list',
  '2023,A1,ШНОР',
  '2023,A2,ШНОР',
  '2023,B1,ШНОР',
  '2024,A1,ШНОР',
  '2024,B1,ШНОР',
  '2024,B2,ШНОР',
);

// ВПР Математика 5 in 2024: participants and «2» — A1 20 / 4, A2 10 / 1, A3 10 / 5, B1 30 / 3.
const results = csv(
  'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80',
  '2024,ВПР,Математика,5,A1,20,4,8,6,2,,,',
  '2024,ВПР,Математика,5,A2,10,1,5,3,1,,,',
  '2024,ВПР,Математика,5,A3,10,5,3,1,1,,,',
  '2024,ВПР,Математика,5,B1,30,3,12,10,5,,,',
);

describeOnEngines('regions', { schools, lists, results }, (db) => {
  it('offers both regions', async () => {
    expect((await filterOptions(db())).regions).toEqual(['Альфа', 'Бета']);
  });

  it('share of schools on the list: the country, one region, a region and a municipality', async () => {
    const share = async (f: object) =>
      (await listShare(db(), { list: 'ШНОР', year: 2024, ...f })).map((r) => [r.listed, r.active, r.share]);
    expect(await share({})).toEqual([[3, 5, 3 / 5]]);
    expect(await share({ regions: ['Альфа'] })).toEqual([[1, 3, 1 / 3]]);
    expect(await share({ regions: ['Бета'] })).toEqual([[2, 2, 1]]);
    expect(await share({ regions: ['Альфа', 'Бета'] })).toEqual([[3, 5, 3 / 5]]);
    // М3 lies in Бета: with Альфа chosen nothing is left.
    expect(await share({ regions: ['Альфа'], municipalities: ['М3'] })).toEqual([[0, 0, null]]);
  });

  it('exits 2023 → 2024 per region and filtered', async () => {
    // Альфа: A1 stayed, A2 left: 1 of 2. Бета: B1 stayed: 0 of 1.
    const byRegion = await exits(db(), { list: 'ШНОР', year: 2023 }, 'region');
    expect(byRegion.map((r) => [r.group, r.listed, r.exited, r.exit_rate])).toEqual([
      ['Альфа', 2, 1, 1 / 2],
      ['Бета', 1, 0, 0],
    ]);
    const beta = await exits(db(), { list: 'ШНОР', year: 2023, regions: ['Бета'] });
    expect(beta.map((r) => [r.listed, r.exited])).toEqual([[1, 0]]);
  });

  it('country view: regions ranked by the share on the list, with the exit rate into the year', async () => {
    const rows = await regionSummary(db(), { list: 'ШНОР' });
    expect(rows.map((r) => [r.region, r.year, r.rank, r.active, r.listed, r.share, r.exit_rate])).toEqual([
      ['Бета', 2024, 1, 2, 2, 1, 0],
      ['Альфа', 2024, 2, 3, 1, 1 / 3, 1 / 2],
    ]);
    // A region chosen alone keeps its place among all the regions: Альфа is 2nd, not 1st.
    const alpha = await regionSummary(db(), { list: 'ШНОР', regions: ['Альфа'] });
    expect(alpha.map((r) => [r.region, r.rank, r.share, r.exit_rate])).toEqual([['Альфа', 2, 1 / 3, 1 / 2]]);
    // Its municipality М1 (A1 and A2, A1 listed): the share of М1, with no place among regions.
    const m1 = await regionSummary(db(), { list: 'ШНОР', regions: ['Альфа'], municipalities: ['М1'] });
    expect(m1.map((r) => [r.region, r.rank, r.share])).toEqual([['Альфа', null, 1 / 2]]);
    // 2023 is the first published year: no exit rate into it.
    const first = await regionSummary(db(), { list: 'ШНОР', year: 2023 });
    expect(first.map((r) => [r.region, r.listed, r.share, r.exit_rate])).toEqual([
      ['Альфа', 2, 2 / 3, null],
      ['Бета', 1, 1 / 2, null],
    ]);
  });
});

describeOnEngines(
  "regions: territories from the municipalities' totals",
  { schools, lists, results },
  (db) => {
    it('«Муниципалитеты» of one region: from area_totals, and the same from the schools with a type filter', async () => {
      // Альфа: М1 = A1 + A2, «2» 5 of 30; М2 = A3, 5 of 10. Every school is a СОШ: the type filter (schools
      // summed one by one) keeps every figure.
      const want = [
        ['М1', 30, 5 / 30],
        ['М2', 10, 5 / 10],
      ];
      for (const f of [{ regions: ['Альфа'] }, { regions: ['Альфа'], types: ['СОШ'] }]) {
        const rows = await municipalitySummary(db(), { list: 'ШНОР', year: 2024, ...f });
        expect(rows.map((r) => [r.municipality, r.vpr_participants, r.vpr_share_2])).toEqual(want);
      }
    });

    it('the benchmarks of «Динамика»: the country and each municipality, all papers and one subject and grade', async () => {
      // All: 70 pupils of 4 schools, «2» 13; М3 = B1: 3 of 30. The one paper of the data gives the same figures.
      for (const f of [{}, { subject: 'Математика', grade: 5 }]) {
        const rows = await areaIndicators(db(), { procedure: 'ВПР', year: 2024, ...f });
        expect(rows.map((r) => [r.area, r.schools, r.participants, r.share_2])).toEqual([
          ['Регион', 4, 70, 13 / 70],
          ['М1', 2, 30, 5 / 30],
          ['М2', 1, 10, 5 / 10],
          ['М3', 1, 30, 3 / 30],
        ]);
      }
    });

    it('the benchmarks of one region: its municipalities, and «Регион» is that region alone', async () => {
      // Альфа: A1 + A2 + A3, 40 pupils, «2» 4 + 1 + 5 = 10; Бета: B1 alone.
      const area = async (regions: string[]) =>
        (await areaIndicators(db(), { procedure: 'ВПР', year: 2024, regions })).map((r) => [
          r.area,
          r.schools,
          r.participants,
          r.share_2,
        ]);
      expect(await area(['Альфа'])).toEqual([
        ['Регион', 3, 40, 10 / 40],
        ['М1', 2, 30, 5 / 30],
        ['М2', 1, 10, 5 / 10],
      ]);
      expect(await area(['Бета'])).toEqual([
        ['Регион', 1, 30, 3 / 30],
        ['М3', 1, 30, 3 / 30],
      ]);
    });
  },
);

describeOnEngines(
  'regions: a schools file without the column',
  { schools: csv('school_id,name,municipality', 'S1,Школа,М1') },
  (db) => {
    it('reads as one region «не указан»', async () => {
      expect((await filterOptions(db())).regions).toEqual(['не указан']);
    });
  },
);
