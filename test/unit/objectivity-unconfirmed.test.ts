import { expect, it } from 'vitest';
import {
  objectivityFlags,
  objectivityMarkers,
  OBJECTIVITY_DEFAULTS,
  schoolTests,
} from '@/lib/metrics/objectivity';
import { describeOnEngines } from '../helpers/engines';
import { UNCONFIRMED_FIXTURE } from '../fixtures/metrics/objectivity-unconfirmed';

// The hand-worked figures: test/fixtures/metrics/objectivity-unconfirmed.ts.
describeOnEngines('objectivity: unconfirmed high results on the mean mark', UNCONFIRMED_FIXTURE, (db) => {
  const unconfirmed = async (id: string, subject: string) =>
    (await schoolTests(db(), id, 2024)).find((t) => t.indicator === 'unconfirmed' && t.subject === subject);

  it("flags «4» raised to «5» against the school's ОГЭ, which a test of quality would not see", async () => {
    const rows = (await objectivityFlags(db(), { year: 2024 })).filter((f) => f.indicator === 'unconfirmed');
    expect(rows.map((f) => [f.school_id, f.paper, f.measure])).toEqual([
      ['A1', '7 МА', 'gia'],
      ['B0', '4 МА', 'past'],
    ]);
    const a1 = rows[0];
    expect(a1).toMatchObject({ pupils: 80, observed: 4, base: 3.5, base_n: 80 });
    expect(a1.expected).toBeCloseTo(3.563583, 5);
    expect(a1.z).toBeCloseTo(5.3398, 3);
    expect(a1.own_z).toBeCloseTo(5.2653, 3);
    expect(a1.reason).toBe(
      '7 МА: в 7 классе по математике средняя отметка 4,00 (80 уч.) при 3,56, ожидаемой по результатам ОГЭ ' +
        'школы (средняя отметка ОГЭ 3,50 за два года, 80 уч.); z\u00a0=\u00a05,3; против других предметов ' +
        'этого класса z\u00a0=\u00a05,3',
    );
  });

  it('predicts a primary school from its own same paper in the two previous years', async () => {
    const b0 = (await objectivityFlags(db(), { year: 2024, school: 'B0' })).find(
      (f) => f.indicator === 'unconfirmed',
    )!;
    expect(b0).toMatchObject({ paper: '4 МА', measure: 'past', observed: 4, base: 3.5, base_n: 160 });
    expect(b0.expected).toBeCloseTo(3.546703, 5);
    expect(b0.z).toBeCloseTo(6.4347, 3);
    expect(b0.own_z).toBeNull();
    expect(b0.reason).toBe(
      '4 МА: в 4 классе по математике средняя отметка 4,00 (80 уч.) при 3,55, ожидаемой по результатам этой ' +
        'же работы школы за два предыдущих года (средняя отметка 3,50, 160 уч.); z\u00a0=\u00a06,4',
    );
    // 2023 lies exactly on its line (against 2022 alone): no test worth showing.
    expect((await schoolTests(db(), 'B0', 2023)).filter((t) => t.indicator === 'unconfirmed')).toEqual([]);
  });

  it('leaves the near miss (4,42) unflagged at 4,5 and flags it at 4', async () => {
    const a2 = (await unconfirmed('A2', 'Математика'))!;
    expect(a2.z).toBeCloseTo(4.4221, 3);
    expect(a2.own_z).toBeCloseTo(4.4045, 3);
    expect(a2.z_crit).toBeCloseTo(4.4221, 3);
    expect((await objectivityMarkers(db(), { year: 2024 })).map((m) => m.school_id)).toEqual(['A1', 'B0']);
    expect(
      (await objectivityMarkers(db(), { year: 2024 }, { ...OBJECTIVITY_DEFAULTS, zMin: 4 })).map(
        (m) => m.school_id,
      ),
    ).toEqual(['A1', 'A2', 'B0']);
  });

  it('does not flag a strong class: high against ОГЭ in every subject, not against its own class', async () => {
    const ma = (await unconfirmed('A3', 'Математика'))!;
    const ru = (await unconfirmed('A3', 'Русский язык'))!;
    expect(ma.z).toBeCloseTo(5.3398, 3);
    expect(ru.z).toBeCloseTo(6.5031, 3);
    expect(ma.own_z).toBeCloseTo(-0.4737, 3);
    expect(ru.own_z).toBeCloseTo(0.4737, 3);
    // Each a sign only up to its class z: never at a threshold a setting allows (≥ 2).
    expect(ma.z_crit).toBeCloseTo(-0.4737, 3);
    expect(ru.z_crit).toBeCloseTo(0.4737, 3);
    expect(await objectivityFlags(db(), { year: 2024, school: 'A3' })).toEqual([]);
  });
});
