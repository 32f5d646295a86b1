import { expect, it } from 'vitest';
import {
  journalShares,
  markThresholds,
  objectivityEvidence,
  objectivityFlags,
  objectivityYear,
  markerSummary,
  objectivityMarkers,
  officialComparison,
  OBJECTIVITY_DEFAULTS,
  schoolTests,
  schoolVprPapers,
  scoreHistogram,
  thresholdExpectations,
  vprVsOge,
} from '@/lib/metrics/objectivity';
import { objectivityScatter } from '@/lib/view-data';
import { csv, describeOnEngines } from '../helpers/engines';
import { OBJECTIVITY_FIXTURE } from '../fixtures/metrics/objectivity';

// The fixture and the hand-worked figures behind the expectations: test/fixtures/metrics/objectivity.ts.
describeOnEngines('objectivity signs', OBJECTIVITY_FIXTURE, (db) => {
  const flags = async (settings = OBJECTIVITY_DEFAULTS) => objectivityFlags(db(), { year: 2024 }, settings);
  const at = (rows: Awaited<ReturnType<typeof flags>>, id: string, indicator: string) =>
    rows.find((f) => f.school_id === id && f.indicator === indicator);

  it('journal: more pupils above their journal mark than the region, with observed, expected and z', async () => {
    const j5 = at(await flags(), 'J5', 'journal')!;
    expect(j5).toMatchObject({ subject: 'Математика', grade: 5, paper: '5 МА', pupils: 40, observed: 0.625 });
    expect(j5.expected).toBeCloseTo(0.205, 6);
    expect(j5.z).toBeCloseTo(5.59, 2);
    expect(j5.reason).toBe(
      '5 МА: в 5 классе по математике 62,5\u00a0% учащихся (40 уч.) получили на ВПР отметку выше журнальной при 20,5\u00a0% по региону; z\u00a0=\u00a05,6',
    );
    expect((await flags()).filter((f) => f.indicator === 'journal' && /^J[1-4]$/.test(f.school_id))).toEqual(
      [],
    );
  });

  it('journal in percent is converted with the participants of results', async () => {
    const j6 = at(await flags(), 'J6', 'journal')!;
    expect(j6).toMatchObject({ paper: '5 ИС', pupils: 40, observed: 0.6 });
    expect(j6.z).toBeCloseTo(5.17, 2);
    // A total of 100 is percent: J11's «100 %» is its 3 pupils (as a journal of 3 in counts would be), not 100
    // pupils, and J12 without results is not tested. J6's z above (region 43/203) holds only so.
    const j11 = (await schoolTests(db(), 'J11', 2024)).map((t) => [
      t.indicator,
      t.pupils,
      t.observed,
      t.z_crit,
    ]);
    expect(j11.length).toBe(1);
    expect(j11[0].slice(0, 3)).toEqual(['journal', 3, 1]);
    expect(j11[0][3]).toBeCloseTo(2.88, 2);
    expect((await flags()).filter((f) => f.school_id === 'J11')).toEqual([]);
    expect(await schoolTests(db(), 'J12', 2024)).toEqual([]);
  });

  it('journal: a paper must stand out from its own class, so a strict journal in every subject is not a sign', async () => {
    const rows = await flags();
    expect(rows.filter((f) => f.school_id === 'S1')).toEqual([]);
    const s1 = (await schoolTests(db(), 'S1', 2024)).find(
      (t) => t.indicator === 'journal' && t.subject === 'Русский язык',
    )!;
    expect(s1.z).toBeCloseTo(5.87, 2);
    expect(s1.own_z).toBeCloseTo(0.54, 2);
    // A sign only while the threshold is at most the class z (0,54): never at a threshold a setting allows (≥ 2).
    expect(s1.z_crit).toBeCloseTo(0.54, 2);
    const s2 = at(rows, 'S2', 'journal')!;
    expect(s2).toMatchObject({ paper: '8 МА' });
    expect(s2.z).toBeCloseTo(4.55, 2);
    const s2Test = (await schoolTests(db(), 'S2', 2024)).find(
      (t) => t.indicator === 'journal' && t.subject === 'Математика',
    )!;
    expect(s2Test.own_z).toBeCloseTo(4.9, 2);
    // A sign up to the larger of the two routes: z ≥ 4,5 with class z ≥ 2, or class z = 4,90 with z ≥ 2.
    expect(s2Test.z_crit).toBeCloseTo(4.9, 2);
    expect(s2.reason).toContain('против других предметов этого класса z\u00a0=\u00a04,9');
  });

  it('journal: a class z under 3 is not enough, however high the paper is against the region', async () => {
    const t5 = (await schoolTests(db(), 'T5', 2024)).find(
      (t) => t.indicator === 'journal' && t.subject === 'Математика',
    )!;
    expect(t5.z).toBeCloseTo(5.59, 2);
    expect(t5.own_z).toBeCloseTo(2.49, 2);
    // Neither way: z ≥ threshold needs the class z ≥ 3; the class z as the score needs it ≥ the threshold.
    expect(t5.z_crit).toBeCloseTo(2.49, 2);
    expect((await flags(OBJECTIVITY_DEFAULTS)).filter((f) => f.school_id === 'T5')).toEqual([]);
  });

  it('lenient marking is reported on its own and is never a marker', async () => {
    const { lenient, markers } = await objectivityYear(db(), { year: 2024 });
    expect(lenient.map((f) => [f.school_id, f.paper])).toEqual([['J4', '5 МА']]);
    expect(lenient[0].z).toBeCloseTo(4.76, 2);
    expect(lenient[0].reason).toMatch(/^5 МА: /);
    expect(markers.map((m) => m.school_id)).not.toContain('J4');
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

  it("sharp change: against the region's change; not a sign when ОГЭ or the whole class rose too", async () => {
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
    expect(h7.map((t) => [t.subject, Math.round(t.z * 100) / 100, t.z_crit])).toEqual([
      ['Биология', 5.1, null],
      ['История', 4.29, null],
    ]);
  });

  it('a school whose papers were checked with nothing standing out, and one whose papers are all too small', async () => {
    // H8: 6 ИС, 40 pupils in 2023 and 2024, quality 10 → 10 while the region rose: its jump is negative, it has
    // no journal, no score distribution, no ОГЭ, and the 6 ИС «past» line has 9 schools (a fit needs 10).
    expect(await schoolTests(db(), 'H8', 2024)).toEqual([]);
    expect(await schoolVprPapers(db(), 'H8')).toEqual([
      { year: 2023, subject: 'История', grade: 6, paper: '6 ИС', pupils: 40 },
      { year: 2024, subject: 'История', grade: 6, paper: '6 ИС', pupils: 40 },
    ]);
    expect((await schoolVprPapers(db(), 'H8', [2024, 2024])).map((p) => p.year)).toEqual([2024]);
    // J11: one paper of 3 pupils (5 ИС), under the 10 a sign needs; J12 has a journal and no results.
    expect(await schoolVprPapers(db(), 'J11')).toEqual([
      { year: 2024, subject: 'История', grade: 5, paper: '5 ИС', pupils: 3 },
    ]);
    expect(await schoolVprPapers(db(), 'J12')).toEqual([]);
  });

  it("unconfirmed: a paper's mean mark above what the school's ОГЭ predicts, by the line over the region", async () => {
    const rows = await flags();
    const u = rows.filter((f) => f.indicator === 'unconfirmed');
    expect(u.map((f) => f.school_id)).toEqual(['J5']);
    expect(u[0]).toMatchObject({
      paper: '7 МА',
      measure: 'gia',
      pupils: 40,
      observed: 3.975,
      base: 3.5,
      base_n: 40,
    });
    expect(u[0].expected).toBeCloseTo(3.548939, 5);
    expect(u[0].z).toBeCloseTo(4.8735, 3);
    expect(u[0].reason).toBe(
      '7 МА: в 7 классе по математике средняя отметка 3,98 (40 уч.) при 3,55, ожидаемой по результатам ОГЭ ' +
        'школы (средняя отметка ОГЭ 3,50 за два года, 40 уч.); z\u00a0=\u00a04,9',
    );
  });

  it('counts markers as papers with signs, as ФИОКО does, with the minimum as a setting', async () => {
    const rows = await objectivityMarkers(db(), { year: 2024 });
    expect(rows.map((r) => [r.school_id, r.markers, r.papers, r.indicators])).toEqual([
      ['J5', 2, '5 МА, 7 МА', 'journal, unconfirmed'],
      ['J6', 1, '5 ИС', 'journal'],
      ['P1', 1, '4 РУ', 'peaks'],
      ['S2', 1, '8 МА', 'journal'],
    ]);
    // The view's statement of the year returns the same rows beside its other parts.
    expect((await objectivityYear(db(), { year: 2024 })).markers).toEqual(rows);
    expect(
      (await objectivityYear(db(), { year: 2024 }, { ...OBJECTIVITY_DEFAULTS, zMin: 4 })).markers.map(
        (r) => r.school_id,
      ),
    ).toEqual(['J5', 'H1', 'J6', 'P1', 'S2']);
    expect(
      (await objectivityMarkers(db(), { year: 2024 }, { ...OBJECTIVITY_DEFAULTS, minMarkers: 2 })).map(
        (r) => r.school_id,
      ),
    ).toEqual(['J5']);
    // At z ≥ 4 H1's change (4,29) joins; nothing else lies between 4 and 4,5 (the near misses above are under 1).
    expect(
      (await objectivityMarkers(db(), { year: 2024 }, { ...OBJECTIVITY_DEFAULTS, zMin: 4 }))
        .map((r) => r.school_id)
        .sort(),
    ).toEqual(['H1', 'J5', 'J6', 'P1', 'S2']);
    // Papers of fewer pupils than the setting carry no sign: P1 has 30.
    expect(
      (await objectivityMarkers(db(), { year: 2024 }, { ...OBJECTIVITY_DEFAULTS, minPupils: 31 })).map(
        (r) => r.school_id,
      ),
    ).toEqual(['J5', 'J6', 'S2']);
  });

  it('counts the schools with signs by their markers, and those of them on a list that year', async () => {
    // The four schools above: J5 two markers, J6, P1 and S2 one each; P1 is on «необъективность» in 2024.
    expect(await markerSummary(db(), { year: 2024 }, 'необъективность')).toEqual({
      schools: 4,
      markers: 5,
      one: 3,
      two: 1,
      threePlus: 0,
      onList: 1,
    });
    // J5 is on a list only in 2025; at two markers J5 alone is left.
    expect(
      await markerSummary(db(), { year: 2024 }, 'ШНОР', { ...OBJECTIVITY_DEFAULTS, minMarkers: 2 }),
    ).toEqual({ schools: 1, markers: 2, one: 0, two: 1, threePlus: 0, onList: 0 });
    expect(await markerSummary(db(), { year: 2023 }, 'ШНОР')).toMatchObject({ schools: 0, markers: 0 });
  });

  it('compares the computed list with the official one approved from the same results', async () => {
    // 2024's results are compared with the list approved in 2025; 2022 has no list that year nor the next.
    const c = await officialComparison(db(), {}, 2024);
    expect(c.officialYear).toBe(2025);
    expect(await officialComparison(db(), {}, 2022)).toEqual({ officialYear: null, rows: [], agreement: [] });
    expect(c.rows.map((r) => [r.school_id, r.computed, r.official])).toEqual([
      ['J5', true, true],
      ['P2', false, true],
      ['J6', true, false],
      ['P1', true, false],
      ['S2', true, false],
    ]);
    // S2 has no schools row: its municipality is «не указан».
    expect(c.agreement).toEqual([
      { municipality: null, both: 1, only_computed: 3, only_official: 1, found: 0.5, confirmed: 0.25 },
      { municipality: 'М1', both: 1, only_computed: 1, only_official: 0, found: 1, confirmed: 0.5 },
      { municipality: 'М2', both: 0, only_computed: 1, only_official: 1, found: 0, confirmed: 0 },
      { municipality: 'не указан', both: 0, only_computed: 1, only_official: 0, found: null, confirmed: 0 },
    ]);
  });

  it("gives a school's score histogram with the minimum score of each mark, and the scales of a year", async () => {
    // P1: 8, 8, 8 pupils at the minimums 5, 10, 15 (marks 3, 4, 5) and 6 at 20, of 30.
    expect(
      (await scoreHistogram(db(), 'P1', 2024)).map((r) => [
        r.subject,
        r.grade,
        r.score,
        r.count,
        r.share,
        r.threshold_mark,
      ]),
    ).toEqual([
      ['Русский язык', 4, 5, 8, 8 / 30, 3],
      ['Русский язык', 4, 10, 8, 8 / 30, 4],
      ['Русский язык', 4, 15, 8, 8 / 30, 5],
      ['Русский язык', 4, 20, 6, 6 / 30, null],
    ]);
    // P5: one and two points under a minimum are not minimums; «2» starts at 0 and is no threshold.
    const p5 = await scoreHistogram(db(), 'P5', 2024);
    expect(p5.filter((r) => r.score <= 5).map((r) => [r.score, r.count, r.threshold_mark])).toEqual([
      [3, 2, null],
      [4, 2, null],
      [5, 5, 3],
    ]);
    expect(p5.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(1, 12);
    expect(await scoreHistogram(db(), 'P1', 2023)).toEqual([]);
    expect(await markThresholds(db(), 2024)).toEqual([
      { subject: 'Русский язык', grade: 4, mark: 3, min_score: 5, inferred: false },
      { subject: 'Русский язык', grade: 4, mark: 4, min_score: 10, inferred: false },
      { subject: 'Русский язык', grade: 4, mark: 5, min_score: 15, inferred: false },
    ]);
    expect(await markThresholds(db(), 2023)).toEqual([]);
  });

  it('says which inputs of the signs a year has', async () => {
    const inputs = async (year: number) => (await objectivityYear(db(), { year })).inputs;
    expect(await inputs(2024)).toEqual({
      vpr: true,
      journal: true,
      scoreDist: true,
      markScales: true,
      scalesInferred: false,
      previousYear: true, // C's 2023 papers
    });
    // 2023: only the ВПР results of C (the year before the change): no signs, only the inputs row; no 2022.
    expect(await objectivityYear(db(), { year: 2023 })).toEqual({
      inputs: {
        vpr: true,
        journal: false,
        scoreDist: false,
        markScales: false,
        scalesInferred: false,
        previousYear: false,
      },
      markers: [],
      lenient: [],
    });
    expect(await inputs(2025)).toEqual({
      vpr: false,
      journal: false,
      scoreDist: false,
      markScales: false,
      scalesInferred: false,
      previousYear: true,
    });
  });

  it('ranks each school and year by its strongest evidence, signs or not', async () => {
    const z = Object.fromEntries(
      (await objectivityEvidence(db(), { year: 2024 })).map((r) => [
        r.school_id,
        r.z === null ? null : Math.round(r.z * 100) / 100,
      ]),
    );
    // From the figures above: P1 peaks 6,55; P5 peaks 0,57 (a near miss, still ranked); J5 journal 5,59 (over its
    // unconfirmed 4,87); S1 only up to its class z 0,54; H1's change 4,29; H5's change is ruled out by its ОГЭ.
    expect([z.P1, z.P5, z.J5, z.S1, z.H1, z.H5]).toEqual([6.55, 0.57, 5.59, 0.54, 4.29, null]);
  });

  it('keeps the helpers of the view: journal shares and ВПР against ОГЭ', async () => {
    const shares = await journalShares(db(), { subject: 'Математика', grade: 5 }, 2024);
    expect(shares.find((r) => r.school_id === 'J5')).toEqual({
      school_id: 'J5',
      raised_share: 0.625,
      lowered_share: 0,
      participants: 40,
      small_sample: false,
    });
    const points = await vprVsOge(db(), {}, 2024);
    // J5: ВПР 7 МА 39 of 40, ОГЭ 20 of 40.
    expect(points.find((p) => p.school_id === 'J5')).toMatchObject({
      vpr_quality: 0.975,
      oge_quality: 0.5,
      vpr_participants: 40,
      oge_participants: 40,
    });
    // The view reads them apart from the signs: without a year, the latest year of results (2024 here, not the
    // lists' 2025); a year without results has no points.
    expect((await objectivityScatter(db(), {})).find((p) => p.school_id === 'J5')).toMatchObject({
      vpr_quality: 0.975,
      oge_quality: 0.5,
    });
    expect(await objectivityScatter(db(), { year: 2023 })).toEqual([]);
  });
});

// Journal shares of all papers of a year: A has 9 pupils (2 + 5 + 2), B 10 (1 + 6 + 3), C 12 over two papers.
describeOnEngines(
  'journal shares: the small schools apart',
  {
    vpr_journal: csv(
      'year,subject,grade,school_id,lowered,confirmed,raised',
      '2024,Математика,5,A,2,5,2',
      '2024,Математика,5,B,1,6,3',
      '2024,Математика,5,C,0,5,1',
      '2024,История,5,C,1,4,1',
    ),
  },
  (db) => {
    it('marks a school with fewer than 10 pupils as small; its shares are still given', async () => {
      const rows = await journalShares(db(), {}, 2024);
      // A: raised 2/9, lowered 2/9; B: 3/10, 1/10; C: (1 + 1)/12, 1/12.
      expect(rows).toEqual([
        { school_id: 'A', raised_share: 2 / 9, lowered_share: 2 / 9, participants: 9, small_sample: true },
        {
          school_id: 'B',
          raised_share: 3 / 10,
          lowered_share: 1 / 10,
          participants: 10,
          small_sample: false,
        },
        {
          school_id: 'C',
          raised_share: 2 / 12,
          lowered_share: 1 / 12,
          participants: 12,
          small_sample: false,
        },
      ]);
    });
  },
);
