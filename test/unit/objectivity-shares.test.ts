import { expect, it } from 'vitest';
import { journalShares, scoreHistogram, thresholdExpectations } from '@/lib/metrics/objectivity';
import { csv, describeOnEngines } from '../helpers/engines';

// Score distributions given as shares (DOMAIN: `count` or share), 4 РУ of 2024, minimum scores 5, 10, 15:
// - Q1, 20 pupils, in percent 25 / 25 / 50 at 5, 10, 15 → 5, 5, 10 pupils;
// - Q2, 40 pupils, in fractions 0,25 / 0,75 at 5 and 10 → 10 and 30 pupils;
// - Q3, in percent, no results: its pupils are unknown, so it is left out (not 100 pupils);
// - Q4, 100 pupils, counts 40 and 60: a total of 100 equal to the participants stays counts;
// - Q5, 30 pupils, whole percents 33 / 33 / 33 (a total of 99) → 10, 10, 10 pupils.
// Journals: Q1's 4 РУ in percent (10 / 30 / 60 of its 20 pupils: 2 lowered, 12 raised) and 4 МА in counts (2 / 10
// / 8); Q3's 4 РУ in fractions without results (left out).
const vpr = (id: string, n: number) => `2024,ВПР,Русский язык,4,${id},${n},0,${n},0,0,,,`;
const dist = (id: string, d: Record<number, number>) =>
  Object.entries(d).map(([score, x]) => `2024,ВПР,Русский язык,4,${id},${score},${x}`);

describeOnEngines(
  'objectivity: score distributions in shares',
  {
    results: csv(
      'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80',
      vpr('Q1', 20),
      vpr('Q2', 40),
      vpr('Q4', 100),
      vpr('Q5', 30),
    ),
    score_dist: csv(
      'year,procedure,subject,grade,school_id,score,count',
      ...dist('Q1', { 5: 25, 10: 25, 15: 50 }),
      ...dist('Q2', { 5: 0.25, 10: 0.75 }),
      ...dist('Q3', { 5: 50, 15: 50 }),
      ...dist('Q4', { 5: 40, 10: 60 }),
      ...dist('Q5', { 5: 33, 10: 33, 15: 33 }),
    ),
    vpr_journal: csv(
      'year,subject,grade,school_id,lowered,confirmed,raised',
      '2024,Русский язык,4,Q1,10,30,60',
      '2024,Математика,4,Q1,2,10,8',
      '2024,Русский язык,4,Q3,0,0.5,0.5',
    ),
    mark_scales: csv(
      'year,procedure,subject,grade,mark,min_score,max_score',
      '2024,ВПР,Русский язык,4,2,0,4',
      '2024,ВПР,Русский язык,4,3,5,9',
      '2024,ВПР,Русский язык,4,4,10,14',
      '2024,ВПР,Русский язык,4,5,15,20',
    ),
  },
  (db) => {
    const counts = async (id: string) =>
      (await scoreHistogram(db(), id, 2024)).map((r) => [r.score, r.count, r.share]);

    it('converts percent and fractions with the participants, and keeps counts as they are', async () => {
      expect(await counts('Q1')).toEqual([
        [5, 5, 0.25],
        [10, 5, 0.25],
        [15, 10, 0.5],
      ]);
      expect(await counts('Q2')).toEqual([
        [5, 10, 0.25],
        [10, 30, 0.75],
      ]);
      expect(await counts('Q4')).toEqual([
        [5, 40, 0.4],
        [10, 60, 0.6],
      ]);
      const q5 = await counts('Q5');
      expect(q5.map(([score]) => score)).toEqual([5, 10, 15]);
      for (const [, n, share] of q5) {
        expect(n).toBeCloseTo(10, 9);
        expect(share).toBeCloseTo(1 / 3, 9);
      }
    });

    it('leaves out a paper in shares without participants', async () => {
      expect(await scoreHistogram(db(), 'Q3', 2024)).toEqual([]);
      expect(await thresholdExpectations(db(), 'Q3', 2024)).toEqual([]);
    });

    it("a school's journal shares weigh each paper by its pupils, not by 100 for percent", async () => {
      // Q1: (12 + 8) raised and (2 + 2) lowered of 20 + 20 pupils; Q3 has no results, so no pupils.
      expect(await journalShares(db(), {}, 2024)).toEqual([
        { school_id: 'Q1', raised_share: 0.5, lowered_share: 0.1, participants: 40, small_sample: false },
      ]);
      expect(await journalShares(db(), { subject: 'Русский язык' }, 2024)).toEqual([
        { school_id: 'Q1', raised_share: 0.6, lowered_share: 0.1, participants: 20, small_sample: false },
      ]);
    });

    it('the peaks test counts pupils, not percent', async () => {
      // Every pupil within reach of a minimum is on it, so the region's share at each minimum is 1.
      const q1 = (await thresholdExpectations(db(), 'Q1', 2024)).map((t) => [
        t.mark,
        t.at_min,
        t.around,
        t.expected,
      ]);
      expect(q1).toEqual([
        [3, 5, 5, 5],
        [4, 5, 5, 5],
        [5, 10, 10, 10],
      ]);
      const q2 = (await thresholdExpectations(db(), 'Q2', 2024)).map((t) => [t.mark, t.at_min, t.around]);
      expect(q2).toEqual([
        [3, 10, 10],
        [4, 30, 30],
      ]);
    });
  },
);
