import { describe, expect, it } from 'vitest';
import { standoutJournalTest } from '@/lib/metrics/objectivity';

const t = (paper: string, indicator: string, z: number, z_crit: number | null) => ({
  paper,
  indicator,
  z,
  z_crit,
});

describe('the journal test the «повысили» chart shows', () => {
  const tests = [
    t('5 МА', 'journal', 5.1, 4.2),
    t('4 РУ', 'journal', 3.1, 3.3),
    t('6 РУ', 'journal', 6.0, null),
    t('7 МА', 'unconfirmed', 9.0, 9.0),
  ];
  it('takes a sign at the current settings first, whatever the others’ z', () => {
    expect(standoutJournalTest(tests, (x) => x.paper === '4 РУ')?.paper).toBe('4 РУ');
  });
  it('then the test that stays a sign to the highest threshold; a test ruled out by its context comes last', () => {
    expect(standoutJournalTest(tests, () => false)?.paper).toBe('5 МА');
    expect(standoutJournalTest(tests.slice(2), () => false)?.paper).toBe('6 РУ');
  });
  it('then the largest z, and none without a journal test', () => {
    expect(
      standoutJournalTest([t('4 РУ', 'journal', 2.5, null), t('5 РУ', 'journal', 2.9, null)], () => false)
        ?.paper,
    ).toBe('5 РУ');
    expect(standoutJournalTest([t('7 МА', 'unconfirmed', 9, 9)], () => true)).toBeUndefined();
  });
});
