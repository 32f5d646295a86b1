// «Справка» of one region in a country's data: its «регион» is that region, not the whole data.
// Three schools in two regions, worked by hand (ВПР, русский язык, 2024; ШНОР 2024 holds a1, and b1 of Р2):
//        region  municipality  pupils  «2»   share of «2»
//   a1   Р1      М1            10      4     0.4
//   a2   Р1      М2            10      2     0.2
//   b1   Р2      М3            20      0     0
// Р1: 6 of 20 = 0.3 (the whole data: 6 of 40 = 0.15).
import { expect, it } from 'vitest';
import { listedVsOthers } from '@/lib/metrics/listed-results';
import { territoryData } from '@/lib/report/data';
import { describeOnEngines } from '../helpers/engines';
import { TWO_REGIONS as tables } from '../fixtures/report/two-regions';

describeOnEngines('a region of a country in «Справка»', tables, (db) => {
  it("compares the listed schools with the region's others and the region, not the whole data", async () => {
    const rows = await listedVsOthers(db(), { list: 'ШНОР', year: 2024, regions: ['Р1'] }, ['Русский язык']);
    const share = Object.fromEntries(rows.map((r) => [r.group, [r.schools, r.participants, r.share_2]]));
    expect(share).toEqual({ listed: [1, 10, 0.4], others: [1, 10, 0.2], region: [2, 20, 0.3] });
    // Without a region: the whole data is the «region».
    const all = await listedVsOthers(db(), { list: 'ШНОР', year: 2024 }, ['Русский язык']);
    expect(all.find((r) => r.group === 'region')!.share_2).toBeCloseTo(6 / 40, 12);
  });

  it("keeps the report's lists, municipalities and results to the region", async () => {
    const d = await territoryData(db(), { list: 'ШНОР', regions: ['Р1'], municipalities: [], target: 0.15 });
    expect(d.regions).toEqual(['Р1']);
    expect(d.listed.map((s) => s.school_id)).toEqual(['a1']);
    expect(d.shares.find((r) => r.year === 2024)).toMatchObject({ listed: 1, active: 2 });
    expect(d.municipalRows!.map((r) => r.municipality)).toEqual(['М1', 'М2']);
    expect([...new Set(d.municipalByYear!.map((r) => r.municipality))]).toEqual(['М1', 'М2']);
    // A municipality of the region: its exits are compared with the region's, not the whole data's.
    const m = await territoryData(db(), {
      list: 'ШНОР',
      regions: ['Р1'],
      municipalities: ['М2'],
      target: 0.15,
    });
    expect(m.listed).toEqual([]);
    expect(m.regionExits!.map((r) => [r.year, r.listed])).toEqual([[2024, 1]]);
  });
});
