// Words and number formats of the objectivity panels (presentation only: the figures come from lib/metrics).
import { INDICATOR_LABELS, markText, MEASURE_LABELS } from '@/lib/objectivity-text';
import { formatPercent } from '@/lib/format';

export const indicatorLabel = (key: string) => INDICATOR_LABELS[key] ?? key;
/** «journal, peaks» → «Отметки ВПР выше журнальных; Пики на границах отметок». */
export const indicatorList = (keys: string) =>
  keys.split(', ').filter(Boolean).map(indicatorLabel).join('; ');

/** A test's measure; «…_own» is the same measure anchored on the other subjects of the class. */
export const measureLabel = (m: string) =>
  m.endsWith('_own')
    ? `${MEASURE_LABELS[m.slice(0, -4)] ?? m.slice(0, -4)}, с поправкой на другие предметы класса`
    : (MEASURE_LABELS[m] ?? m);

const tenths = (z: number) => Math.round(z * 10) / 10;

/**
 * z with a decimal comma and a real minus: «−1,2». Beside a threshold, a z under it that tenths would round up
 * to it is cut to hundredths instead (4,4749 → «4,47», not «4,5» beside «z ≥ 4,5»).
 */
export const zValue = (z: number | null, threshold?: number) => {
  if (z === null || !Number.isFinite(z)) return '—';
  const near = threshold !== undefined && z < threshold && tenths(z) >= threshold;
  const shown = near ? (Math.floor(z * 100) / 100).toFixed(2) : tenths(z).toFixed(1);
  return shown.replace('.', ',').replace('-', '−');
};

export const shareOrDash = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : formatPercent(x));
/** A test's observed or expected value: a mean mark for the unconfirmed test, a share for the others. */
export const testValue = (t: { indicator: string }, x: number | null) =>
  t.indicator === 'unconfirmed' ? markText(x) : shareOrDash(x);

/** Sign rows match test rows on the paper, indicator and measure. */
export const testKey = (t: { subject: string; grade: number; indicator: string; measure: string }) =>
  `${t.grade}|${t.subject}|${t.indicator}|${t.measure}`;

/** The school's ОГЭ change among a school's tests (never a sign). */
export const isGia = (t: { indicator: string }) => t.indicator === 'gia';
