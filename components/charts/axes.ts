/** Years on an axis: «’21» when the chart is phone-narrow and four digits would run together. */
export const yearTick = (width: number) => (y: number) =>
  width < 500 ? `’${String(y).slice(2)}` : String(y);

/**
 * Ticks for a count of schools up to `max`: whole numbers only (no «0,5 школы» when the counts are small), every
 * one up to 10, else left to Plot.
 */
export const countTicks = (max: number) =>
  max <= 10 ? Array.from({ length: Math.max(1, Math.ceil(max)) + 1 }, (_, i) => i) : undefined;

/** The largest sum of `value` over rows sharing `key`: the top of a stacked bar chart. */
export function stackedMax<T>(rows: T[], key: (r: T) => unknown, value: (r: T) => number): number {
  const sums = new Map<unknown, number>();
  for (const r of rows) sums.set(key(r), (sums.get(key(r)) ?? 0) + value(r));
  return Math.max(0, ...sums.values());
}

/**
 * Decimals that tell apart `count` nice ticks over [min, max] (d3's tick step: 1, 2 or 5 × 10^k): a step of
 * 0,005 needs 3, of 0,1 needs 1, of 5 none.
 */
export function tickDecimals(min: number, max: number, count: number): number {
  const span = max - min;
  if (!Number.isFinite(span) || span <= 0) return 1;
  const raw = span / count;
  let step = 10 ** Math.floor(Math.log10(raw));
  const err = raw / step;
  if (err >= Math.sqrt(50)) step *= 10;
  else if (err >= Math.sqrt(10)) step *= 5;
  else if (err >= Math.sqrt(2)) step *= 2;
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}
