import { expect, it } from 'vitest';
import {
  areaIndicators,
  levelChange,
  levelChangeGrid,
  listedTrends,
  schoolIndicators,
  trends,
} from '@/lib/metrics/results';
import { csv, describeOnEngines } from '../helpers/engines';
import { RESULTS_FIXTURE } from '../fixtures/metrics/results';

// The fixture and the hand-worked figures behind the expectations: test/fixtures/metrics/results.ts.
describeOnEngines('result indicators', RESULTS_FIXTURE, (db) => {
  it('weights a school over its grades by participants', async () => {
    const [s1] = await schoolIndicators(db(), 'S1', { procedure: 'ВПР', subject: 'Математика', year: 2023 });
    // 30 pupils: «2» 2+3 = 5, «4»+«5» 6+4+2+2 = 14, marks 2·5 + 3·11 + 4·8 + 5·6 = 105.
    expect(s1.school_id).toBe('S1');
    expect(s1.participants).toBe(30);
    expect(s1.share_2).toBeCloseTo(5 / 30, 12);
    expect(s1.quality).toBeCloseTo(14 / 30, 12);
    expect(s1.success).toBeCloseTo(25 / 30, 12);
    expect(s1.mean_mark).toBeCloseTo(105 / 30, 12);
    expect(s1.mean_score).toBeNull();
  });

  it('ranks only schools with at least 10 participants, region-wide', async () => {
    const rows = await Promise.all(
      ['S1', 'S2', 'S3', 'S4'].map(
        async (id) => (await schoolIndicators(db(), id, { procedure: 'ВПР', year: 2023 }))[0],
      ),
    );
    // share_2 among ranked schools: S4 0 < S1 1/6 < S2 0.3; S3 has 5 participants.
    expect(Object.fromEntries(rows.map((r) => [r.school_id, r.pct_share_2]))).toEqual({
      S1: 50,
      S2: 100,
      S3: null,
      S4: 0,
    });
    // quality: S2 0.2 < S1 14/30 < S4 8/12.
    expect(Object.fromEntries(rows.map((r) => [r.school_id, r.pct_quality]))).toEqual({
      S1: 50,
      S2: 0,
      S3: null,
      S4: 100,
    });
    expect(rows.find((r) => r.school_id === 'S3')!.small_sample).toBe(true);
    // Area filters do not change a school's rank.
    const [s2] = await schoolIndicators(db(), 'S2', {
      procedure: 'ВПР',
      year: 2023,
      municipalities: ['М1'],
      types: ['СОШ'],
      locations: ['село'],
    });
    expect([s2.school_id, s2.pct_share_2]).toEqual(['S2', 100]);
    // Alone among ranked schools (ЕГЭ: S1 70, S4 60, both ranked): the lower is 0, the higher 100.
    expect((await schoolIndicators(db(), 'S1', { procedure: 'ЕГЭ', year: 2023 }))[0].pct_mean_score).toBe(
      100,
    );
  });

  it('flags a rise of share_2 by 10 percentage points, only with 10+ participants in both years', async () => {
    const rows = await Promise.all(
      ['S1', 'S2', 'S3'].map(
        async (id) => (await schoolIndicators(db(), id, { procedure: 'ВПР', year: 2024 }))[0],
      ),
    );
    const flag = Object.fromEntries(
      rows.map((r) => [
        r.school_id,
        [r.share_2_rise === null ? null : Math.round(r.share_2_rise * 1000) / 1000, r.negative_dynamics],
      ]),
    );
    // S1: 5/30 → 8/30, exactly +10 p.p.; S2: 0.3 → 0.6; S3: 0.4 → 1.0 but only 5 participants.
    expect(flag).toEqual({ S1: [0.1, true], S2: [0.3, true], S3: [0.6, false] });
  });

  it('computes the trend slope and the first-to-last change over the selected years', async () => {
    const rows = await trends(db(), { procedure: 'ВПР', years: [2023, 2025] }, 'share_2');
    const s1 = rows.find((r) => r.school_id === 'S1')!;
    // share_2: 5/30, 8/30, 2/30 → mean 5/30; slope = ((−1)·0 + 1·(−3/30)) / 2 = −0.05.
    expect(s1.slope).toBeCloseTo(-0.05, 12);
    expect(s1.change).toBeCloseTo(-0.1, 12);
    expect([s1.years_with_data, s1.first_year, s1.last_year, s1.negative_dynamics]).toEqual([
      3,
      2023,
      2025,
      true,
    ]);
    // Two years of data: no slope.
    expect(rows.find((r) => r.school_id === 'S2')!.slope).toBeNull();
    const onlyLastTwo = await trends(db(), { procedure: 'ВПР', years: [2024, 2025] }, 'share_2');
    expect(onlyLastTwo.find((r) => r.school_id === 'S1')!.negative_dynamics).toBe(false);
    // One year: no change and no dynamics are observed — null, not 0 and false.
    const one = (await trends(db(), { procedure: 'ВПР', years: [2025, 2025] }, 'share_2')).find(
      (r) => r.school_id === 'S1',
    )!;
    expect([one.years_with_data, one.change, one.negative_dynamics]).toEqual([1, null, null]);
  });

  it('gives the region and municipality benchmarks', async () => {
    const rows = await areaIndicators(db(), { procedure: 'ВПР', year: 2023 });
    const region = rows.find((r) => r.level === 'region')!;
    // 57 pupils, «2»: 5 + 3 + 2 + 0.
    expect([region.area, region.participants, region.schools]).toEqual(['Регион', 57, 4]);
    expect(region.share_2).toBeCloseTo(10 / 57, 12);
    const m1 = rows.find((r) => r.area === 'М1')!;
    expect(m1.share_2).toBeCloseTo(8 / 40, 12);
    const only = await areaIndicators(db(), { procedure: 'ВПР', year: 2023, municipalities: ['М2'] });
    expect(only.map((r) => r.area)).toEqual(['Регион', 'М2']);
  });

  it('computes ЕГЭ indicators weighted by participants', async () => {
    const [region] = await areaIndicators(db(), { procedure: 'ЕГЭ', year: 2023 });
    expect(region.mean_score).toBeCloseTo((10 * 70 + 30 * 60) / 40, 12);
    expect(region.share_below_min).toBeCloseTo(4 / 40, 12);
    expect(region.share_high).toBeCloseTo(2 / 40, 12);
    expect(region.share_2).toBeNull();
  });

  it('places schools by quintile of the latest value and of the change, worst first', async () => {
    const rows = await levelChange(db(), { procedure: 'ВПР', years: [2023, 2025] }, 'share_2');
    // Eligible: S1 (2/30 in 2025, change −0.1) and S2 (0.6 in 2024, change +0.3); S3 has 5 pupils, S4 one year.
    // Lower share_2 is better, so S2 is the worst on both (percent rank 0 → quintile 1) and S1 the best
    // (percent rank 1 → quintile 5).
    expect(rows.map((r) => [r.school_id, r.level, r.change_level])).toEqual([
      ['S1', 5, 5],
      ['S2', 1, 1],
    ]);
    const m2 = await levelChange(
      db(),
      { procedure: 'ВПР', years: [2023, 2025], municipalities: ['М2'] },
      'share_2',
    );
    expect(m2).toEqual([]);
  });

  it('counts the level × change grid in SQL, every one of the 25 cells present', async () => {
    const cells = await levelChangeGrid(db(), { procedure: 'ВПР', years: [2023, 2025] }, 'share_2');
    expect(cells).toHaveLength(25);
    // S1 at level 5, change 5 and S2 at 1, 1 (as placed above); the other 23 cells are 0.
    const nonZero = cells.filter((c) => c.schools > 0).map((c) => [c.level, c.change_level, c.schools]);
    expect(nonZero).toEqual([
      [1, 1, 1],
      [5, 5, 1],
    ]);
    expect(cells.slice(0, 3).map((c) => [c.level, c.change_level])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
    const m2 = await levelChangeGrid(
      db(),
      { procedure: 'ВПР', years: [2023, 2025], municipalities: ['М2'] },
      'share_2',
    );
    expect(m2.reduce((n, c) => n + c.schools, 0)).toBe(0);
  });
});

// The same schools and results with lists: 2025 ШНОР holds S2 alone; S1 is on ШНОР in 2024 and on another
// list in 2025, so neither list nor year may be mixed up.
const LISTS = csv(
  'year,school_id,list,name,municipality,source',
  '2025,S2,ШНОР,,,',
  '2024,S1,ШНОР,,,',
  '2025,S1,необъективность,,,',
);
describeOnEngines("trends of a list's schools", { ...RESULTS_FIXTURE, lists: LISTS }, (db) => {
  it("keeps the listed schools' rows and the first year any school of the area has", async () => {
    const all = await listedTrends(db(), { procedure: 'ВПР', years: [2023, 2025] }, 'ШНОР', 2025, 'share_2');
    // S2: share_2 3/10 in 2023, 6/10 in 2024; the area's first year is 2023 (every school has it).
    expect(all.rows.map((r) => [r.school_id, r.first_year, r.last_year])).toEqual([['S2', 2023, 2024]]);
    expect(all.rows[0].change).toBeCloseTo(0.3, 12);
    expect(all.firstYear).toBe(2023);
    // М2 over 2024–2025: S3 has 2024, S4 nothing; S2 is not in М2, so no rows, but the year is still known.
    const m2 = await listedTrends(
      db(),
      { procedure: 'ВПР', years: [2024, 2025], municipalities: ['М2'] },
      'ШНОР',
      2025,
      'share_2',
    );
    expect(m2).toEqual({ rows: [], firstYear: 2024 });
    // No results in the window at all.
    expect(
      await listedTrends(db(), { procedure: 'ВПР', years: [2026, 2027] }, 'ШНОР', 2025, 'share_2'),
    ).toEqual({ rows: [], firstYear: null });
    // S1 on ШНОР in 2024: 5/30 → 8/30 over 2023–2024.
    const s1 = await listedTrends(db(), { procedure: 'ВПР', years: [2022, 2024] }, 'ШНОР', 2024, 'share_2');
    expect(s1.rows.map((r) => r.school_id)).toEqual(['S1']);
    expect(s1.rows[0].change).toBeCloseTo(0.1, 12);
    expect(s1.firstYear).toBe(2023);
  });
});
