import { expect, it } from 'vitest';
import {
  markThresholds,
  objectivityYear,
  scoreHistogram,
  thresholdExpectations,
} from '@/lib/metrics/objectivity';
import { SCALE_AGREEMENT, SCALE_MIN_SCHOOLS } from '@/lib/metrics/objectivity-tests';
import { describeOnEngines } from '../helpers/engines';
import { SCALES_FIXTURE } from '../fixtures/metrics/objectivity-scales';

// The fixture and its hand-worked scales: test/fixtures/metrics/objectivity-scales.ts.
describeOnEngines(
  'objectivity: mark scales inferred from score distributions and marks',
  SCALES_FIXTURE,
  (db) => {
    it('uses the settings the fixture was worked with', () => {
      expect([SCALE_MIN_SCHOOLS, SCALE_AGREEMENT]).toEqual([10, 0.95]);
    });

    it('infers each minimum allowed by enough schools, and keeps a given scale', async () => {
      const rows = (await markThresholds(db(), 2024)).map(
        (t) => `${t.grade} ${t.subject} «${t.mark}» ${t.min_score}${t.inferred ? ' выведен' : ''}`,
      );
      expect(rows).toEqual([
        '5 Математика «3» 6 выведен',
        '5 Математика «4» 10 выведен',
        '5 Математика «5» 14 выведен',
        '6 Математика «4» 10 выведен',
        '6 Математика «5» 14 выведен',
        '8 Математика «3» 7 выведен',
        '5 Русский язык «3» 3',
        '5 Русский язык «4» 8',
        '5 Русский язык «5» 12',
        '7 Русский язык «3» 6 выведен',
        '7 Русский язык «4» 10 выведен',
        '7 Русский язык «5» 14 выведен',
      ]);
    });

    it('marks the inferred thresholds on the histogram', async () => {
      const bars = (await scoreHistogram(db(), 'A1', 2024)).filter((b) => b.threshold_mark !== null);
      expect(bars.map((b) => [b.score, b.threshold_mark])).toEqual([
        [6, 3],
        [10, 4],
        [14, 5],
      ]);
    });

    it("the peaks test reads the inferred minimums: A1's one pupil on each, of two in its window", async () => {
      // «3»: 6 and the two under it (4–6) hold the pupils on 5 and 6; «4»: 8–10 the one on 9 and 10; «5»: 12–14.
      const w = await thresholdExpectations(db(), 'A1', 2024);
      expect(w.map((r) => [r.mark, r.min_score, r.at_min, r.around])).toEqual([
        [3, 6, 1, 2],
        [4, 10, 1, 2],
        [5, 14, 1, 2],
      ]);
    });

    it('tells the view that thresholds were inferred', async () => {
      const y = await objectivityYear(db(), { year: 2024 });
      expect(y.inputs).toEqual({
        vpr: true,
        journal: false,
        scoreDist: true,
        markScales: true,
        scalesInferred: true,
        previousYear: false, // the fixture has 2024 only
      });
    });
  },
);
