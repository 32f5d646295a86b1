// A journal sign needs the paper's mean mark to be high as well (JOURNAL_CONFIRM_Z): inflated ВПР marks raise
// both, a strict teacher only the share above the journal. On the unconfirmed fixture (its 7 МА worked by hand in
// test/fixtures/metrics/objectivity-unconfirmed.ts: line a = 0,194488, b = 0,962598 over ОГЭ, s² = 0,013359 for a
// school of 40 pupils), journals for 7 МА of nine schools — so τ² = 0 — with 2 pupils «понизили» everywhere:
//   U1–U7: 4 of 40 above the journal; U9 (a strict teacher): 24 of 40; A2: 40 of 80.
//   Region 92 / 400 = 0,23, y₀ = asin(√0,23) = 0,500180. U9: y = asin(√(24,375 / 40,75)) = 0,884199,
//   z = 0,384019·√162 = 4,888; A2: y = π/4, z = 0,285218·√322 = 5,118. Both over 4,5.
//   U9's mean mark 3,9 against 0,194488 + 0,962598·3,9 = 3,948620 expected: z = −0,04862 / √0,013359 = −0,42, under 2:
//   no sign. A2's mean mark 3,925: z = 4,42 (the fixture's), a sign.
// Grade 7 has no other subject with a journal here, so there is no class anchor for the journal test.
import { expect, it } from 'vitest';
import { objectivityFlags, schoolTests } from '@/lib/metrics/objectivity';
import { csv, describeOnEngines } from '../helpers/engines';
import { UNCONFIRMED_FIXTURE } from '../fixtures/metrics/objectivity-unconfirmed';

const journal = (id: string, n: number, raised: number) =>
  `2024,Математика,7,${id},2,${n - raised - 2},${raised}`;
const tables = {
  ...UNCONFIRMED_FIXTURE,
  vpr_journal: csv(
    'year,subject,grade,school_id,lowered,confirmed,raised',
    ...['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7'].map((id) => journal(id, 40, 4)),
    journal('U9', 40, 24),
    journal('A2', 80, 40),
  ),
};

describeOnEngines('objectivity: a journal sign needs the mean mark to rise too', tables, (db) => {
  it('leaves a strict teacher unflagged and flags the paper whose marks rose', async () => {
    const u9 = (await schoolTests(db(), 'U9', 2024)).find((t) => t.indicator === 'journal')!;
    expect(u9.z).toBeCloseTo(4.888, 3);
    expect(u9.expected).toBeCloseTo(0.23, 12);
    expect(u9.z_crit).toBeNull();
    const a2 = (await schoolTests(db(), 'A2', 2024)).find((t) => t.indicator === 'journal')!;
    expect(a2.z).toBeCloseTo(5.118, 3);
    expect(a2.z_crit).toBeCloseTo(5.118, 3);
    const flags = await objectivityFlags(db(), { year: 2024 });
    expect(flags.filter((f) => f.indicator === 'journal').map((f) => f.school_id)).toEqual(['A2']);
    expect(flags.some((f) => f.school_id === 'U9')).toBe(false);
  });
});
