// In a country's data every objectivity test compares a school with its own region's rates, as that region's data
// alone would. 4 МА, 2024, 30 pupils a school, 4 below the journal everywhere; grade 4 has no other subject (no
// class anchor), no ОГЭ and no score distributions (journal tests only). Worked by hand with y = asin(√((x +
// 0,375) / (n + 0,75))), s² = 1 / 122, z = (y − y₀) / √(s² + τ²):
//   Р1: a1–a9 12 above the journal: region 108/270 = 0,4, every z 0,03.
//   Р2: b1 15 above, b2–b9 2: region 31/270 = 0,11481, y₀ = 0,34569; b1 y = 0,78540, z = 0,43971·√122 = 4,857 (9
//   schools a region: τ² = 0), a sign at 4,5.
// The same 18 schools as one region: 139/540 = 0,25741, y₀ = 0,53211; residuals a 0,15510, b1 0,25329, b2–b9
// −0,25049; IQR (0,25 at the 5th of 18, 0,75 at the 13th–14th) = 0,40559, τ² = (0,40559 / 1,349)² − 1/122 =
// 0,082198, b1 z = 0,25329 / √(1/122 + 0,082198) = 0,842: no sign. Whole-data rates used to decide it.
import { expect, it } from 'vitest';
import {
  objectivityEvidence,
  objectivityFlags,
  objectivityMarkers,
  journalShares,
  schoolTests,
} from '@/lib/metrics/objectivity';
import { csv, describeOnEngines } from '../helpers/engines';

const raised = (id: string) => (id === 'b1' ? 15 : id[0] === 'a' ? 12 : 2);
const ids = [...'123456789'].flatMap((n) => [`a${n}`, `b${n}`]);
const tables = (region: (id: string) => string, placed = ids) => ({
  schools: csv(
    'school_id,name,municipality,type,location,closed_year,successor_id,region',
    ...placed.map((id) => `${id},Школа ${id},М${id[0]},СОШ,город,,,${region(id)}`),
  ),
  vpr_journal: csv(
    'year,subject,grade,school_id,lowered,confirmed,raised',
    ...ids.map((id) => `2024,Математика,4,${id},4,${26 - raised(id)},${raised(id)}`),
  ),
});

describeOnEngines(
  'objectivity in a country',
  tables((id) => (id[0] === 'a' ? 'Р1' : 'Р2')),
  (db) => {
    it("compares each school with its own region's share", async () => {
      const flags = await objectivityFlags(db(), { year: 2024 });
      expect(flags.map((f) => [f.school_id, f.indicator, f.paper])).toEqual([['b1', 'journal', '4 МА']]);
      expect(flags[0].observed).toBe(0.5);
      expect(flags[0].expected).toBeCloseTo(31 / 270, 12);
      expect(flags[0].z).toBeCloseTo(4.857, 3);
      expect(flags[0].reason).toContain('при 11,5\u00a0% по региону');
      const a1 = (await schoolTests(db(), 'a1', 2024)).find((t) => t.indicator === 'journal');
      // a1's z (0,03) is under 2: not among the noteworthy tests.
      expect(a1).toBeUndefined();
      expect((await objectivityMarkers(db(), { year: 2024 })).map((m) => m.school_id)).toEqual(['b1']);
      // The evidence chart puts b1's share among the schools it was compared with: Р2's nine.
      const shares = await journalShares(db(), { subject: 'Математика', grade: 4 }, 2024, 'b1');
      expect(shares.map((r) => [r.school_id, r.raised_share])).toEqual(
        [...'123456789'].map((n) => [`b${n}`, n === '1' ? 0.5 : 2 / 30]),
      );
    });
  },
);

describeOnEngines(
  'objectivity in one region',
  tables(() => 'Р1'),
  (db) => {
    it('compares every school with the whole data when it is one region', async () => {
      expect(await objectivityFlags(db(), { year: 2024 })).toEqual([]);
      const b1 = (await schoolTests(db(), 'b1', 2024)).find((t) => t.indicator === 'journal');
      // z 0,84 is under 2: the noteworthy tests leave it out; the evidence ranking has it.
      expect(b1).toBeUndefined();
      const evidence = await objectivityEvidence(db(), { year: 2024 });
      expect(evidence.find((e) => e.school_id === 'b1')!.z).toBeCloseTo(0.842, 3);
    });
  },
);

// The same region's data with b1 missing from the schools table: b1 is still of the data's one region.
describeOnEngines(
  'objectivity in one region, a school the schools table lacks',
  tables(
    () => 'Р1',
    ids.filter((id) => id !== 'b1'),
  ),
  (db) => {
    it('compares it with the region, not with itself', async () => {
      const evidence = await objectivityEvidence(db(), { year: 2024 });
      expect(evidence.find((e) => e.school_id === 'b1')!.z).toBeCloseTo(0.842, 3);
    });
  },
);
