import { expect, it } from 'vitest';
import {
  objectivityEvidence,
  objectivityFlags,
  objectivityMarkers,
  OBJECTIVITY_DEFAULTS,
  schoolTests,
} from '@/lib/metrics/objectivity';
import { describeOnEngines } from '../helpers/engines';
import { YEARS_CLASS_FIXTURE, YEARS_FIXTURE } from '../fixtures/metrics/objectivity-years';

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

// The hand-worked figures: the second fixture of test/fixtures/metrics/objectivity-years.ts (A and B).
describeOnEngines('objectivity: the pooled years, the class rule and peaks', YEARS_CLASS_FIXTURE, (db) => {
  const test = async (id: string, year: number, indicator: string) =>
    (await schoolTests(db(), id, year)).find((t) => t.indicator === indicator);

  it("shuts the pooled route when the class z pooled over the years is under 3, though this year's is over it", async () => {
    // W1 and W2 have the same 2024: own z 3,35, class z 3,36 (≥ 3), the paper pooled 5,81. Only the class of the
    // years before differs: pooled 1,34 for W1 (under 3), 6,50 for W2.
    const w1 = (await test('W1', 2024, 'journal'))!;
    const w2 = (await test('W2', 2024, 'journal'))!;
    for (const t of [w1, w2]) {
      expect(t.paper).toBe('6 МА');
      expect(t.z).toBeCloseTo(3.352, 3);
      expect(t.own_z).toBeCloseTo(3.3603, 3);
    }
    // Without the pooled class rule W1 would carry 5,81 like W2: this line is the one that fails.
    expect(w1.years_z).toBeNull();
    // The class z of 2024 alone (3,36) is the best way W1 has: under 4,5.
    expect(w1.z_crit).toBeCloseTo(3.3603, 3);
    expect(w2.years_z).toBeCloseTo(5.806, 3);
    expect(w2.years).toBe(3);
    expect(w2.years_pupils).toBe(90);
    expect(w2.z_crit).toBeCloseTo(5.806, 3);
    const markers = await objectivityMarkers(db(), { year: 2024 });
    expect(
      markers.filter((m) => m.school_id.startsWith('W')).map((m) => [m.school_id, m.indicators, m.papers]),
    ).toEqual([['W2', 'journal', '6 МА']]);
    // W2 in 2023: two years 4,74, its class 5,59 pooled and 3,95 that year.
    expect((await test('W2', 2023, 'journal'))!.years_z).toBeCloseTo(4.7405, 3);
  });

  it('pools peaks over the years: 2,87 a year, 4,97 over three', async () => {
    const q1 = (await test('Q1', 2024, 'peaks'))!;
    expect(q1.paper).toBe('4 РУ');
    expect(q1.pupils).toBe(30);
    expect(q1.z).toBeCloseTo(2.8684, 3);
    expect(q1.years_z).toBeCloseTo(4.9682, 3);
    expect(q1.years).toBe(3);
    // Without the pooled peaks (z_crit = z alone) z_crit is 2,87 and Q1 has no marker.
    expect(q1.z_crit).toBeCloseTo(4.9682, 3);
    const markers = await objectivityMarkers(db(), { year: 2024 });
    expect(
      markers.filter((m) => m.school_id.startsWith('Q')).map((m) => [m.school_id, m.indicators, m.papers]),
    ).toEqual([['Q1', 'peaks', '4 РУ']]);
    // Two years (2023) are 4,06: under 4,5, a sign at 4.
    const q1Before = (await test('Q1', 2023, 'peaks'))!;
    expect(q1Before.years_z).toBeCloseTo(4.0565, 3);
    expect((await objectivityMarkers(db(), { year: 2023 })).filter((m) => m.school_id === 'Q1')).toEqual([]);
    const at4 = await objectivityMarkers(db(), { year: 2023 }, { ...OBJECTIVITY_DEFAULTS, zMin: 4 });
    expect(at4.filter((m) => m.school_id === 'Q1').map((m) => m.papers)).toEqual(['4 РУ']);
  });
});
