// «Муниципалитеты»' small multiples: one per municipality, or one per region for a country seen whole.
// Three schools in two regions, worked by hand:
//        region  municipality  ШНОР 2023 2024
//   a1   Р1      М1                 ×    ×
//   a2   Р1      М2                      ×
//   b1   Р2      М3                 ×
import { expect, it } from 'vitest';
import { listedByRegion } from '@/lib/metrics/municipalities';
import { filterOptions } from '@/lib/metrics/options';
import { municipalMultiples } from '@/lib/view-data';
import { csv, describeOnEngines } from '../helpers/engines';

const tables = {
  schools: csv(
    'school_id,name,municipality,type,location,closed_year,successor_id,region',
    'a1,Школа 1,М1,СОШ,город,,,Р1',
    'a2,Школа 2,М2,СОШ,село,,,Р1',
    'b1,Школа 3,М3,СОШ,город,,,Р2',
  ),
  lists: csv(
    'year,school_id,list,name,municipality,source,markers,papers',
    '2023,a1,ШНОР,,,,,',
    '2023,b1,ШНОР,,,,,',
    '2024,a1,ШНОР,,,,,',
    '2024,a2,ШНОР,,,,,',
  ),
};
const triples = (rows: { area: string; year: number; listed: number }[]) =>
  rows.map((r) => [r.area, r.year, r.listed]);

describeOnEngines('small multiples by territory', tables, (db) => {
  it("the filter options know each municipality's region (a country's filter offers the chosen region's)", async () => {
    const o = await filterOptions(db());
    expect([o.regions, o.municipalities]).toEqual([
      ['Р1', 'Р2'],
      ['М1', 'М2', 'М3'],
    ]);
    expect(o.municipalityRegions).toEqual({ М1: ['Р1'], М2: ['Р1'], М3: ['Р2'] });
  });

  it('listedByRegion: every region in every published year, zeros kept', async () => {
    const rows = await listedByRegion(db(), { list: 'ШНОР' });
    expect(rows.map((r) => [r.region, r.year, r.listed])).toEqual([
      ['Р1', 2023, 1],
      ['Р1', 2024, 2],
      ['Р2', 2023, 1],
      ['Р2', 2024, 0],
    ]);
  });

  it('municipalMultiples: by region for a country seen whole, by municipality otherwise', async () => {
    const whole = await municipalMultiples(db(), { list: 'ШНОР' }, 2);
    expect(whole.by).toBe('region');
    expect(triples(whole.rows)).toEqual([
      ['Р1', 2023, 1],
      ['Р1', 2024, 2],
      ['Р2', 2023, 1],
      ['Р2', 2024, 0],
    ]);
    const inRegion = await municipalMultiples(db(), { list: 'ШНОР', regions: ['Р1'] }, 2);
    expect(inRegion.by).toBe('municipality');
    expect(triples(inRegion.rows)).toEqual([
      ['М1', 2023, 1],
      ['М1', 2024, 1],
      ['М2', 2023, 0],
      ['М2', 2024, 1],
    ]);
    // A municipality chosen across regions, and data of one region: municipalities.
    expect((await municipalMultiples(db(), { list: 'ШНОР', municipalities: ['М3'] }, 2)).by).toBe(
      'municipality',
    );
    const one = await municipalMultiples(db(), { list: 'ШНОР' }, 1);
    expect(one.by).toBe('municipality');
    expect(triples(one.rows)).toEqual([
      ['М1', 2023, 1],
      ['М1', 2024, 1],
      ['М2', 2023, 0],
      ['М2', 2024, 1],
      ['М3', 2023, 1],
      ['М3', 2024, 0],
    ]);
  });
});
