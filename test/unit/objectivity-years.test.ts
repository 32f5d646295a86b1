import { expect, it } from 'vitest';
import {
  objectivityEvidence,
  objectivityFlags,
  objectivityMarkers,
  OBJECTIVITY_DEFAULTS,
  schoolTests,
} from '@/lib/metrics/objectivity';
import { describeOnEngines } from '../helpers/engines';
import { YEARS_FIXTURE } from '../fixtures/metrics/objectivity-years';

// The hand-worked figures: test/fixtures/metrics/objectivity-years.ts.
describeOnEngines('objectivity: a paper pooled over years', YEARS_FIXTURE, (db) => {
  const journal = async (id: string, year: number) =>
    (await schoolTests(db(), id, year)).find((t) => t.indicator === 'journal')!;

  it('makes a sign of a class above its journal year after year, under the threshold in each year', async () => {
    const rows = await objectivityFlags(db(), { year: 2024 });
    expect(rows.map((r) => [r.school_id, r.indicator, r.paper])).toEqual([['Y1', 'journal', '4 МА']]);
    const y1 = rows[0];
    expect(y1).toMatchObject({ pupils: 30, observed: 0.5, years: 3, years_pupils: 90 });
    expect(y1.expected).toBeCloseTo(61 / 270, 9);
    expect(y1.z).toBeCloseTo(3.204, 3);
    expect(y1.years_z).toBeCloseTo(4.893, 3);
    expect(y1.reason).toBe(
      '4 МА: в 4 классе по математике 50,0\u00a0% учащихся (30 уч.) получили на ВПР отметку выше журнальной при ' +
        '22,6\u00a0% по региону; z\u00a0=\u00a03,2; эта работа за 3 года вместе (90 уч.) z\u00a0=\u00a04,9',
    );
    // Two years (2022–2023) are not enough for Y1: 3,73.
    const y1Before = await journal('Y1', 2023);
    expect(y1Before.years_z).toBeCloseTo(3.727, 3);
    expect(y1Before.z_crit).toBeCloseTo(3.727, 3);
  });

  it('pools two years when the data has only them', async () => {
    const rows = await objectivityFlags(db(), { year: 2023 });
    expect(rows.map((r) => [r.school_id, r.years])).toEqual([['Y2', 2]]);
    expect(rows[0].z).toBeCloseTo(4.4645, 3);
    expect(rows[0].years_z).toBeCloseTo(6.314, 3);
    // 2022 is the first year: no pooled test, and 4,46 alone is under 4,5.
    expect(await objectivityFlags(db(), { year: 2022 })).toEqual([]);
  });

  it("does not carry past years' inflation into a year whose own z is under 2", async () => {
    const y2 = await journal('Y2', 2024);
    expect(y2).toBeUndefined();
    const evidence = Object.fromEntries(
      (await objectivityEvidence(db(), { year: 2024 })).map((r) => [r.school_id, r.z]),
    );
    // Pooled 2022–2024 would be 5,50; the evidence of 2024 is its own z alone.
    expect(evidence.Y2).toBeCloseTo(0.593, 3);
    expect(evidence.Y1).toBeCloseTo(4.893, 3);
  });

  it('leaves the near miss (4,27) unflagged at 4,5 and flags it at 4', async () => {
    const y3 = await journal('Y3', 2024);
    expect(y3.z).toBeCloseTo(2.845, 3);
    expect(y3.years_z).toBeCloseTo(4.27, 3);
    expect(y3.z_crit).toBeCloseTo(4.27, 3);
    expect((await objectivityMarkers(db(), { year: 2024 })).map((m) => m.school_id)).toEqual(['Y1']);
    expect(
      (await objectivityMarkers(db(), { year: 2024 }, { ...OBJECTIVITY_DEFAULTS, zMin: 4 })).map(
        (m) => m.school_id,
      ),
    ).toEqual(['Y1', 'Y3']);
  });

  it('asks the class rule of the pooled years too: a strict journal in every subject is no sign', async () => {
    const z1 = (await schoolTests(db(), 'Z1', 2024)).filter((t) => t.indicator === 'journal');
    expect(z1.map((t) => t.paper)).toEqual(['5 МА', '5 РУ']);
    for (const t of z1) {
      expect(t.z).toBeCloseTo(3.921, 3);
      expect(t.own_z).toBeCloseTo(0, 9);
      // Pooled 6,79, but its class z is 0 this year and over the years: not a way to a sign.
      expect(t.years_z).toBeNull();
      expect(t.z_crit).toBeCloseTo(0, 9);
    }
  });
});
