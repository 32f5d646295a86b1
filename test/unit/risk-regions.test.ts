// The risk rule's bottom quartile is each region's own in a country's data. Eight schools, 20 pupils each in ВПР
// русский язык and математика 2024, the same share of «2» in both (success = 1 − «2» / 20):
//   Р1: a1 0.50, a2 0.60, a3 0.70, a4 0.80        Р2: b1 0.85, b2 0.90, b3 0.95, b4 1.00
// In each region the lowest school alone has cume_dist ≤ 0.25 (1 of 4), in both key indicators: a1 and b1.
// Ranked over the whole data (2 of 8) it would be a1 and a2, and b1 not at all.
import { expect, it } from 'vitest';
import { riskGroup } from '@/lib/metrics/risk';
import { csv, describeOnEngines } from '../helpers/engines';

const twos = { a1: 10, a2: 8, a3: 6, a4: 4, b1: 3, b2: 2, b3: 1, b4: 0 };
const tables = {
  schools: csv(
    'school_id,name,municipality,type,location,closed_year,successor_id,region',
    ...Object.keys(twos).map(
      (id) => `${id},Школа ${id},М${id[0]},СОШ,город,,,${id[0] === 'a' ? 'Р1' : 'Р2'}`,
    ),
  ),
  results: csv(
    'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80',
    ...Object.entries(twos).flatMap(([id, m2]) =>
      ['Русский язык', 'Математика'].map((s) => `2024,ВПР,${s},5,${id},20,${m2},${16 - m2},2,2,,,`),
    ),
  ),
};

describeOnEngines('risk group in a country', tables, (db) => {
  it("ranks each school within its own region's quartile", async () => {
    const all = await riskGroup(db(), { year: 2024 });
    expect(all.map((r) => [r.school_id, r.bottom_quartile]).sort()).toEqual([
      ['a1', 2],
      ['b1', 2],
    ]);
    expect((await riskGroup(db(), { year: 2024, regions: ['Р2'] })).map((r) => r.school_id)).toEqual(['b1']);
  });
});
