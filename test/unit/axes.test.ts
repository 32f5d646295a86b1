import { describe, expect, it } from 'vitest';
import { countTicks, stackedMax, tickDecimals } from '@/components/charts/axes';

describe('axes of school counts', () => {
  it('ticks whole schools only while the counts are small', () => {
    // A municipality with 2 listed schools: 0, 1, 2 — not Plot's 0, 0.5, 1, 1.5, 2.
    expect(countTicks(2)).toEqual([0, 1, 2]);
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(10)).toHaveLength(11);
    expect(countTicks(11)).toBeUndefined();
  });

  it('takes the top of the tallest stacked bar', () => {
    const rows = [
      { year: 2024, n: 1 },
      { year: 2024, n: 1 },
      { year: 2025, n: 1 },
    ];
    expect(
      stackedMax(
        rows,
        (r) => r.year,
        (r) => r.n,
      ),
    ).toBe(2);
    expect(
      stackedMax(
        [],
        (r: { y: number }) => r.y,
        () => 1,
      ),
    ).toBe(0);
  });

  it('gives ticks the decimals their step needs', () => {
    // Mean marks 3,931–3,957 in 5 ticks: step 0,005 → 3 decimals; ЕГЭ 63,8–64,1: step 0,05 → 2; 40–75: step 5 → 0.
    expect(tickDecimals(3.931, 3.957, 5)).toBe(3);
    expect(tickDecimals(63.8, 64.1, 5)).toBe(2);
    expect(tickDecimals(40, 75, 5)).toBe(0);
    expect(tickDecimals(3, 3, 5)).toBe(1);
  });
});
