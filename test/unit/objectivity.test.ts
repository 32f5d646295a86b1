import { expect, it } from 'vitest';
import {
  journalShares, lenientMarking, markThresholds, objectivityEvidence, objectivityFlags, objectivityInputs, objectivityMarkers,
  officialAgreement, officialComparison, officialListYear, OBJECTIVITY_DEFAULTS, schoolTests, scoreHistogram, thresholdExpectations, vprVsOge,
} from '@/lib/metrics/objectivity';
import { csv, describeOnEngines } from '../helpers/engines';

// The expected figures were worked with a calculator from the definitions on «Методика»:
// y = asin(√((x + 0,375) / (n + 0,75))), s² = 1 / (4n + 2), z = (y − y₀) / √(s² + τ²); τ² = 0 in groups of
// fewer than 10 schools, so every group here but the ОГЭ one has z = (y − y₀) / √s².
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const vpr = (year: number, subject: string, grade: number, id: string, n: number, m2: number, m3: number, m4: number, m5: number) =>
  `${year},ВПР,${subject},${grade},${id},${n},${m2},${m3},${m4},${m5},,,`;

// A. Journal, 2024, 5 МА, 40 pupils each: raised 4, 4, 4, 4, 25; region share 41/200 = 0,205, y₀ = asin(√0,205) = 0,47136.
//    J5: y = asin(√(25,375/40,75)) = 0,91236, s = √(1/162) = 0,07857 → z = 5,59 (a sign).
//    J4: lowered 20 of 40 against 32/200 = 0,16 → z = (0,78540 − 0,41152) / 0,07857 = 4,76: lenient marking, not a marker.
//    J6 gives its journal in percent (10/30/60) with 40 participants in results: 24 raised of 40; 5 ИС with J7–J10
//    (4 of 40): region 40/200 = 0,2 → z = 5,35.
const journalRow = (y: number, s: string, g: number, id: string, l: number, c: number, r: number) => `${y},${s},${g},${id},${l},${c},${r}`;
const journal = csv(
  'year,subject,grade,school_id,lowered,confirmed,raised',
  ...['J1', 'J2', 'J3'].map((id) => journalRow(2024, 'Математика', 5, id, 4, 32, 4)),
  journalRow(2024, 'Математика', 5, 'J4', 20, 16, 4),
  journalRow(2024, 'Математика', 5, 'J5', 0, 15, 25),
  journalRow(2024, 'История', 5, 'J6', 10, 30, 60),
  ...['J7', 'J8', 'J9', 'J10'].map((id) => journalRow(2024, 'История', 5, id, 4, 32, 4)),
  // F. The class as anchor, grade 8, 40 pupils a paper: K1–K4 raise 4 in РУ, МА, ИС. S1 raises 25 in all three (a
  //    strict teacher's journal): z = 5,87 / 4,55 / 5,87 against the region, but against its own class (the other two
  //    subjects, s² = 1/162 + 1/324) 0,54 / −1,08 / 0,54: no sign. S2 raises 25 in МА only: z = 4,55, class z = 4,90.
  ...['K1', 'K2', 'K3', 'K4'].flatMap((id) => ['Русский язык', 'Математика', 'История'].map((subj) => journalRow(2024, subj, 8, id, 4, 32, 4))),
  ...['Русский язык', 'Математика', 'История'].map((subj) => journalRow(2024, subj, 8, 'S1', 0, 15, 25)),
  ...['Русский язык', 'Математика', 'История'].map((subj) => journalRow(2024, subj, 8, 'S2', 0, subj === 'Математика' ? 15 : 36, subj === 'Математика' ? 25 : 4)),
);

// B. Peaks, 2024, 4 РУ, minimum scores 5, 10, 15. Of pupils at a minimum or up to two under it, P1 has 8 of 8 at
//    each minimum; P2–P4 have 3 on each of the three scores; P5 2, 2, 5. Region: (8 + 3·3 + 5) / (8 + 27 + 27) … per
//    threshold 0,5 (31 of 62). P1: o = 24 of m = 24, e = 12; y = asin(√(24,375/24,75)) = 1,44764, y₀ = asin(√0,5) =
//    0,78540, s = √(1/98) → z = 6,55. P5: 15 of 27 → z = 0,57 (a near miss).
const flat = { 3: 3, 4: 3, 5: 3, 8: 3, 9: 3, 10: 3, 13: 3, 14: 3, 15: 3, 20: 3 };
const dists: Record<string, Record<number, number>> = {
  P1: { 5: 8, 10: 8, 15: 8, 20: 6 },
  P2: flat,
  P3: flat,
  P4: flat,
  P5: { 3: 2, 4: 2, 5: 5, 8: 2, 9: 2, 10: 5, 13: 2, 14: 2, 15: 5, 20: 3 },
};
const scoreDist = csv(
  'year,procedure,subject,grade,school_id,score,count',
  ...Object.entries(dists).flatMap(([id, d]) => Object.entries(d).map(([score, n]) => `2024,ВПР,Русский язык,4,${id},${score},${n}`)),
);
const markScales = csv(
  'year,procedure,subject,grade,mark,min_score,max_score',
  '2024,ВПР,Русский язык,4,2,0,4',
  '2024,ВПР,Русский язык,4,3,5,9',
  '2024,ВПР,Русский язык,4,4,10,14',
  '2024,ВПР,Русский язык,4,5,15,20',
);

// C. Sharp change, 6 ИС, 2023 → 2024, quality («4») of 40: H1, H5, H7 6 → 34; H2, H3, H4, H8, H9 10 → 10. Region
//    0,2125 → 0,475. H1: (asin√(34,375/40,75) − asin√(6,375/40,75)) − (asin√0,475 − asin√0,2125) = 0,47624,
//    s = √(2/162) → z = 4,29: a near miss at z ≥ 4,5, a sign at z ≥ 4; expected 40,3 %.
//    H5 rose as much, but its ОГЭ rose too: 5 → 30 of 40, while the region's ОГЭ went from 15/80 (H5, H6) to 260/480
//    (with the D schools) → z = 2,62 ≥ 2: a real improvement.
//    H7 rose in 6 БИ as well (z = 5,10 against H2–H4 10 → 10): the whole class, not the paper.
const hist = (id: string, a: number, b: number) => [vpr(2023, 'История', 6, id, 40, 0, 40 - a, a, 0), vpr(2024, 'История', 6, id, 40, 0, 40 - b, b, 0)];
const bio = (id: string, a: number, b: number) => [vpr(2023, 'Биология', 6, id, 40, 0, 40 - a, a, 0), vpr(2024, 'Биология', 6, id, 40, 0, 40 - b, b, 0)];
const oge = (year: number, id: string, good: number) => `${year},ОГЭ,Математика,9,${id},40,0,${40 - good},${good},0,,,`;

// D. Unconfirmed, 2024, 7 МА against ОГЭ (40 each): ten schools with ВПР good = ОГЭ good = 4i, but J5 (i = 5) has
//    39 of 40 on ВПР. Line over the ten: a = 0,09124, b = 0,96351; τ² = 0 (the IQR of the residuals is below the
//    sampling spread); J5: z = 4,93, expected 56,2 %.
const uIds = range(10).map((i) => (i === 5 ? 'J5' : `U${i}`));

const results = csv(
  'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80',
  vpr(2024, 'История', 5, 'J6', 40, 0, 20, 20, 0),
  ...Object.keys(dists).map((id) => (id === 'P1' ? vpr(2024, 'Русский язык', 4, id, 30, 0, 8, 8, 14) : vpr(2024, 'Русский язык', 4, id, 30, 6, 9, 9, 6))),
  ...hist('H1', 6, 34), ...hist('H5', 6, 34), ...hist('H7', 6, 34),
  ...['H2', 'H3', 'H4', 'H8', 'H9'].flatMap((id) => hist(id, 10, 10)),
  ...bio('H7', 6, 34), ...['H2', 'H3', 'H4'].flatMap((id) => bio(id, 10, 10)),
  oge(2023, 'H5', 5), oge(2024, 'H5', 30), oge(2023, 'H6', 10), oge(2024, 'H6', 10),
  ...uIds.map((id, k) => vpr(2024, 'Математика', 7, id, 40, 0, 40 - (id === 'J5' ? 39 : 4 * (k + 1)), id === 'J5' ? 39 : 4 * (k + 1), 0)),
  ...uIds.map((id, k) => oge(2024, id, 4 * (k + 1))),
);
const schools = csv(
  'school_id,name,municipality,type,location,closed_year,successor_id',
  'J5,Школа J5,М1,СОШ,город,,',
  'J6,Школа J6,М2,СОШ,город,,',
  'P1,Школа P1,М1,СОШ,село,,',
  'P2,Школа P2,М2,СОШ,село,,',
);
// E. The official list «необъективность» of 2025 (approved from the 2024 results) holds J5 and P2; 2024's holds P1.
const lists = csv('year,school_id,list,name,municipality,source', '2025,J5,необъективность,,,', '2025,P2,необъективность,,,', '2024,P1,необъективность,,,', '2025,J1,ШНОР,,,');

describeOnEngines('objectivity signs', { vpr_journal: journal, results, score_dist: scoreDist, mark_scales: markScales, schools, lists }, (db) => {
  const flags = async (settings = OBJECTIVITY_DEFAULTS) => objectivityFlags(db(), { year: 2024 }, settings);
  const at = (rows: Awaited<ReturnType<typeof flags>>, id: string, indicator: string) => rows.find((f) => f.school_id === id && f.indicator === indicator);

  it('journal: more pupils above their journal mark than the region, with observed, expected and z', async () => {
    const j5 = at(await flags(), 'J5', 'journal')!;
    expect(j5).toMatchObject({ subject: 'Математика', grade: 5, paper: '5 МА', pupils: 40, observed: 0.625 });
    expect(j5.expected).toBeCloseTo(0.205, 6);
    expect(j5.z).toBeCloseTo(5.59, 2);
    expect(j5.reason).toBe('5 МА: в 5 классе по математике 62,5\u00a0% учащихся (40 уч.) получили на ВПР отметку выше журнальной при 20,5\u00a0% по региону; z\u00a0=\u00a05,6');
    expect((await flags()).filter((f) => f.indicator === 'journal' && /^J[1-4]$/.test(f.school_id))).toEqual([]);
  });

  it('journal in percent is converted with the participants of results', async () => {
    const j6 = at(await flags(), 'J6', 'journal')!;
    expect(j6).toMatchObject({ paper: '5 ИС', pupils: 40, observed: 0.6 });
    expect(j6.z).toBeCloseTo(5.35, 2);
  });

  it('journal: a paper must stand out from its own class, so a strict journal in every subject is not a sign', async () => {
    const rows = await flags();
    expect(rows.filter((f) => f.school_id === 'S1')).toEqual([]);
    const s1 = (await schoolTests(db(), 'S1', 2024)).find((t) => t.indicator === 'journal' && t.subject === 'Русский язык')!;
    expect(s1.z).toBeCloseTo(5.87, 2);
    expect(s1.own_z).toBeCloseTo(0.54, 2);
    // A sign only while the threshold is at most the class z (0,54): never at a threshold a setting allows (≥ 2).
    expect(s1.z_crit).toBeCloseTo(0.54, 2);
    const s2 = at(rows, 'S2', 'journal')!;
    expect(s2).toMatchObject({ paper: '8 МА' });
    expect(s2.z).toBeCloseTo(4.55, 2);
    const s2Test = (await schoolTests(db(), 'S2', 2024)).find((t) => t.indicator === 'journal' && t.subject === 'Математика')!;
    expect(s2Test.own_z).toBeCloseTo(4.9, 2);
    // A sign up to the larger of the two routes: z ≥ 4,5 with class z ≥ 2, or class z = 4,90 with z ≥ 2.
    expect(s2Test.z_crit).toBeCloseTo(4.9, 2);
    expect(s2.reason).toContain('против других предметов этого класса z\u00a0=\u00a04,9');
  });

  it('lenient marking is reported on its own and is never a marker', async () => {
    const lenient = await lenientMarking(db(), { year: 2024 });
    expect(lenient.map((f) => [f.school_id, f.paper])).toEqual([['J4', '5 МА']]);
    expect(lenient[0].z).toBeCloseTo(4.76, 2);
    expect((await objectivityMarkers(db(), { year: 2024 })).map((m) => m.school_id)).not.toContain('J4');
  });

  it('peaks: pupils exactly at the minimum scores against the region, near misses stay unflagged', async () => {
    const rows = await flags();
    const p1 = at(rows, 'P1', 'peaks')!;
    expect(p1).toMatchObject({ paper: '4 РУ', pupils: 30, count_observed: 24, base: 24, observed: 1 });
    expect(p1.count_expected).toBeCloseTo(12, 6);
    expect(p1.z).toBeCloseTo(6.55, 2);
    expect(rows.filter((f) => f.indicator === 'peaks').map((f) => f.school_id)).toEqual(['P1']);
    // P5 (z = 0,57) has no test worth showing (the evidence panel keeps z ≥ 2).
    expect(await schoolTests(db(), 'P5', 2024)).toEqual([]);
    expect(await thresholdExpectations(db(), 'P1', 2024)).toEqual([
      { subject: 'Русский язык', grade: 4, mark: 3, min_score: 5, at_min: 8, around: 8, expected: 4 },
      { subject: 'Русский язык', grade: 4, mark: 4, min_score: 10, at_min: 8, around: 8, expected: 4 },
      { subject: 'Русский язык', grade: 4, mark: 5, min_score: 15, at_min: 8, around: 8, expected: 4 },
    ]);
  });

  it('sharp change: against the region\'s change; not a sign when ОГЭ or the whole class rose too', async () => {
    expect((await flags()).filter((f) => f.indicator === 'jump')).toEqual([]);
    const lower = await flags({ ...OBJECTIVITY_DEFAULTS, zMin: 4 });
    const jumps = lower.filter((f) => f.indicator === 'jump');
    expect(jumps.map((f) => f.school_id)).toEqual(['H1']);
    expect(jumps[0]).toMatchObject({ paper: '6 ИС', measure: 'quality', base: 0.15, observed: 0.85 });
    expect(jumps[0].expected).toBeCloseTo(0.4032, 4);
    expect(jumps[0].z).toBeCloseTo(4.29, 2);
    expect(jumps[0].reason).toContain('Год назад работу писали другие учащиеся');
    const h5Tests = await schoolTests(db(), 'H5', 2024);
    // The evidence shows the ОГЭ change beside the paper's: 12,5 % → 75 %.
    expect(h5Tests.find((t) => t.indicator === 'gia')).toMatchObject({ base: 0.125, observed: 0.75 });
    const h5 = h5Tests.find((t) => t.indicator === 'jump')!;
    expect(h5.z).toBeCloseTo(4.29, 2);
    expect(h5.gia_z).toBeCloseTo(2.62, 2);
    expect(h5.z_crit).toBeNull();
    const h7 = (await schoolTests(db(), 'H7', 2024)).filter((t) => t.indicator === 'jump');
    expect(h7.map((t) => [t.subject, Math.round(t.z * 100) / 100, t.z_crit])).toEqual([['Биология', 5.1, null], ['История', 4.29, null]]);
  });

  it('unconfirmed: a paper above what the school\'s ОГЭ predicts, by the line over the region', async () => {
    const rows = await flags();
    const u = rows.filter((f) => f.indicator === 'unconfirmed');
    expect(u.map((f) => f.school_id)).toEqual(['J5']);
    expect(u[0]).toMatchObject({ paper: '7 МА', measure: 'gia', pupils: 40, observed: 0.975, base: 0.5, base_n: 40 });
    expect(u[0].expected).toBeCloseTo(0.5624, 4);
    expect(u[0].z).toBeCloseTo(4.93, 2);
    expect(u[0].reason).toContain('ожидаемых по результатам ОГЭ школы (качество ОГЭ 50,0\u00a0%');
  });

  it('counts markers as papers with signs, as ФИОКО does, with the minimum as a setting', async () => {
    const rows = await objectivityMarkers(db(), { year: 2024 });
    expect(rows.map((r) => [r.school_id, r.markers, r.papers, r.indicators])).toEqual([
      ['J5', 2, '5 МА, 7 МА', 'journal, unconfirmed'],
      ['J6', 1, '5 ИС', 'journal'],
      ['P1', 1, '4 РУ', 'peaks'],
      ['S2', 1, '8 МА', 'journal'],
    ]);
    expect((await objectivityMarkers(db(), { year: 2024 }, { ...OBJECTIVITY_DEFAULTS, minMarkers: 2 })).map((r) => r.school_id)).toEqual(['J5']);
    // Papers of fewer pupils than the setting carry no sign: P1 has 30.
    expect((await objectivityMarkers(db(), { year: 2024 }, { ...OBJECTIVITY_DEFAULTS, minPupils: 31 })).map((r) => r.school_id)).toEqual(['J5', 'J6', 'S2']);
  });

  it('compares the computed list with the official one approved from the same results', async () => {
    expect(await officialListYear(db(), 2024)).toBe(2025);
    expect(await officialListYear(db(), 2022)).toBeNull();
    const rows = await officialComparison(db(), {}, 2024, 2025);
    expect(rows.map((r) => [r.school_id, r.computed, r.official])).toEqual([
      ['J5', true, true], ['P2', false, true], ['J6', true, false], ['P1', true, false], ['S2', true, false],
    ]);
    // S2 has no schools row: its municipality is «не указан».
    expect(await officialAgreement(db(), {}, 2024, 2025)).toEqual([
      { municipality: null, both: 1, only_computed: 3, only_official: 1, found: 0.5, confirmed: 0.25 },
      { municipality: 'М1', both: 1, only_computed: 1, only_official: 0, found: 1, confirmed: 0.5 },
      { municipality: 'М2', both: 0, only_computed: 1, only_official: 1, found: 0, confirmed: 0 },
      { municipality: 'не указан', both: 0, only_computed: 1, only_official: 0, found: null, confirmed: 0 },
    ]);
  });

  it('gives a school\'s score histogram with the minimum score of each mark, and the scales of a year', async () => {
    // P1: 8, 8, 8 pupils at the minimums 5, 10, 15 (marks 3, 4, 5) and 6 at 20, of 30.
    expect((await scoreHistogram(db(), 'P1', 2024)).map((r) => [r.subject, r.grade, r.score, r.count, r.share, r.threshold_mark])).toEqual([
      ['Русский язык', 4, 5, 8, 8 / 30, 3],
      ['Русский язык', 4, 10, 8, 8 / 30, 4],
      ['Русский язык', 4, 15, 8, 8 / 30, 5],
      ['Русский язык', 4, 20, 6, 6 / 30, null],
    ]);
    // P5: one and two points under a minimum are not minimums; «2» starts at 0 and is no threshold.
    const p5 = await scoreHistogram(db(), 'P5', 2024);
    expect(p5.filter((r) => r.score <= 5).map((r) => [r.score, r.count, r.threshold_mark])).toEqual([[3, 2, null], [4, 2, null], [5, 5, 3]]);
    expect(p5.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(1, 12);
    expect(await scoreHistogram(db(), 'P1', 2023)).toEqual([]);
    expect(await markThresholds(db(), 2024)).toEqual([
      { subject: 'Русский язык', grade: 4, mark: 3, min_score: 5 },
      { subject: 'Русский язык', grade: 4, mark: 4, min_score: 10 },
      { subject: 'Русский язык', grade: 4, mark: 5, min_score: 15 },
    ]);
    expect(await markThresholds(db(), 2023)).toEqual([]);
  });

  it('says which inputs of the signs a year has', async () => {
    expect(await objectivityInputs(db(), 2024)).toEqual({ vpr: true, journal: true, scoreDist: true, markScales: true });
    // 2023: only the ВПР results of C (the year before the change).
    expect(await objectivityInputs(db(), 2023)).toEqual({ vpr: true, journal: false, scoreDist: false, markScales: false });
    expect(await objectivityInputs(db(), 2025)).toEqual({ vpr: false, journal: false, scoreDist: false, markScales: false });
  });

  it('ranks each school and year by its strongest evidence, signs or not', async () => {
    const z = Object.fromEntries((await objectivityEvidence(db(), { year: 2024 })).map((r) => [r.school_id, r.z === null ? null : Math.round(r.z * 100) / 100]));
    // From the figures above: P1 peaks 6,55; P5 peaks 0,57 (a near miss, still ranked); J5 journal 5,59 (over its
    // unconfirmed 4,93); S1 only up to its class z 0,54; H1's change 4,29; H5's change is ruled out by its ОГЭ.
    expect([z.P1, z.P5, z.J5, z.S1, z.H1, z.H5]).toEqual([6.55, 0.57, 5.59, 0.54, 4.29, null]);
  });

  it('keeps the helpers of the view: journal shares and ВПР against ОГЭ', async () => {
    const shares = await journalShares(db(), { subject: 'Математика', grade: 5 }, 2024);
    expect(shares.find((r) => r.school_id === 'J5')).toEqual({ school_id: 'J5', raised_share: 0.625, lowered_share: 0, participants: 40 });
    const points = await vprVsOge(db(), {}, 2024);
    // J5: ВПР 7 МА 39 of 40, ОГЭ 20 of 40.
    expect(points.find((p) => p.school_id === 'J5')).toMatchObject({ vpr_quality: 0.975, oge_quality: 0.5, vpr_participants: 40, oge_participants: 40 });
  });
});
