import { expect, it } from 'vitest';
import {
  objectivityEvidence,
  objectivityFlags,
  objectivityMarkers,
  OBJECTIVITY_DEFAULTS,
  schoolTests,
} from '@/lib/metrics/objectivity';
import { describeOnEngines } from '../helpers/engines';
import {
  COMBINED_CLASS_FIXTURE,
  COMBINED_FIXTURE,
  COMBINED_WEAK_FIXTURE,
} from '../fixtures/metrics/objectivity-combined';

// The hand-worked figures: test/fixtures/metrics/objectivity-combined.ts.
describeOnEngines('objectivity: the combined sign of a paper', COMBINED_FIXTURE, (db) => {
  it("sums a paper's journal and peaks tests by Stouffer: two tests under the threshold make one sign", async () => {
    const rows = await objectivityFlags(db(), { year: 2024 });
    // Neither test is a sign on its own (3,43 and 3,30 < 4,5): the combined one is C1's only sign.
    expect(rows.map((r) => [r.school_id, r.indicator, r.paper])).toEqual([['C1', 'combined', '4 МА']]);
    const c1 = rows[0];
    expect(c1.journal_z).toBeCloseTo(3.434, 3);
    expect(c1.peaks_z).toBeCloseTo(3.303, 3);
    expect(c1.unconfirmed_z).toBeNull();
    expect(c1.z).toBeCloseTo((3.434 + 3.303) / Math.SQRT2, 3);
    expect(c1.reason).toBe(
      '4 МА: в 4 классе по математике несколько признаков вместе (40 уч.): отметки ВПР выше журнальных z\u00a0=\u00a03,4, пики на границах отметок z\u00a0=\u00a03,3; вместе z\u00a0=\u00a0(3,4 + 3,3)\u00a0/\u00a0√2\u00a0≈\u00a04,8',
    );
  });

  it('leaves a near miss (4,40) unflagged at 4,5 and flags it at 4; the markers name the parts', async () => {
    // C1's sign sums the journal (3,43) and peaks (3,30) tests: the markers name those two, both ≥ 2.
    expect(
      (await objectivityMarkers(db(), { year: 2024 })).map((m) => [m.school_id, m.markers, m.indicators]),
    ).toEqual([['C1', 1, 'journal, peaks']]);
    const lower = await objectivityMarkers(db(), { year: 2024 }, { ...OBJECTIVITY_DEFAULTS, zMin: 4 });
    expect(lower.map((m) => m.school_id)).toEqual(['C1', 'C2']);
    const c2 = (await schoolTests(db(), 'C2', 2024)).find((t) => t.indicator === 'combined')!;
    expect(c2.z).toBeCloseTo((3.114 + 3.104) / Math.SQRT2, 3);
    expect(c2.z_crit).toBeCloseTo(c2.z, 12);
  });

  it('ranks a school-year by the combined evidence when it is the strongest', async () => {
    const z = Object.fromEntries(
      (await objectivityEvidence(db(), { year: 2024 })).map((r) => [
        r.school_id,
        Math.round(r.z * 100) / 100,
      ]),
    );
    // C3–C9: journal −1,06, peaks −0,89, combined −1,37: the peaks test is the strongest.
    expect([z.C1, z.C2, z.C3]).toEqual([4.76, 4.4, -0.89]);
  });
});

describeOnEngines('objectivity: the combined sign and the class anchor', COMBINED_CLASS_FIXTURE, (db) => {
  it('does not add up a strict journal that shows in every subject of the class', async () => {
    expect(await objectivityFlags(db(), { year: 2024 })).toEqual([]);
    const tests = await schoolTests(db(), 'T1', 2024);
    const journal = tests.find((t) => t.indicator === 'journal' && t.subject === 'Математика')!;
    expect(journal.z).toBeCloseTo(3.904, 3);
    expect(journal.own_z).toBeCloseTo(0, 9);
    const combined = tests.find((t) => t.indicator === 'combined')!;
    expect(combined).toMatchObject({ paper: '4 МА', unconfirmed_z: null });
    expect(combined.journal_z).toBeCloseTo(0, 9);
    expect(combined.peaks_z).toBeCloseTo(3.702, 3);
    expect(combined.z).toBeCloseTo(3.702 / Math.SQRT2, 3);
    // Its peaks test alone (3,70) passes every threshold the sum (2,62) passes: the sum is no sign of its own.
    expect(combined.z_crit).toBeNull();
  });
});

describeOnEngines('objectivity: a combined sign whose parts are all under 2', COMBINED_WEAK_FIXTURE, (db) => {
  it('is named by its largest part in the markers, at the least threshold', async () => {
    const low = { ...OBJECTIVITY_DEFAULTS, zMin: 2 };
    const flags = await objectivityFlags(db(), { year: 2024 }, low);
    expect(flags.map((r) => [r.school_id, r.indicator])).toEqual([['F1', 'combined']]);
    expect(flags[0].journal_z).toBeCloseTo(1.986, 3);
    expect(flags[0].peaks_z).toBeCloseTo(1.077, 3);
    expect(flags[0].z).toBeCloseTo((1.986 + 1.077) / Math.SQRT2, 3);
    expect(
      (await objectivityMarkers(db(), { year: 2024 }, low)).map((m) => [
        m.school_id,
        m.markers,
        m.indicators,
      ]),
    ).toEqual([['F1', 1, 'journal']]);
    expect(await objectivityMarkers(db(), { year: 2024 }, { ...low, zMin: 2.5 })).toEqual([]);
  });
});
