// Sentences about one indicator over the years: «доля «2» снизилась с 18,4 % в 2021 году до 12,1 % в
// 2025 году (−6,3 п. п.)», with the comparison groups in the last year.
import type { IndicatorKey } from '../metrics/results';
import { NBSP, pct, pp, printedDiff, score, scoreDiff, yearRanges } from './russian';

export interface IndicatorWording {
  key: IndicatorKey;
  /** Nominative, as the sentence's subject: «доля «2»». */
  name: string;
  /** The verb by the subject's gender: fell, rose, did not change. */
  verbs: [fell: string, rose: string, same: string];
  share: boolean;
}

export const WORDING: Partial<Record<IndicatorKey, IndicatorWording>> = {
  share_2: {
    key: 'share_2',
    name: 'доля «2»',
    verbs: ['снизилась', 'выросла', 'не изменилась'],
    share: true,
  },
  quality: {
    key: 'quality',
    name: 'качество (доля «4» и «5»)',
    verbs: ['снизилось', 'выросло', 'не изменилось'],
    share: true,
  },
  mean_score: {
    key: 'mean_score',
    name: 'средний балл',
    verbs: ['снизился', 'вырос', 'не изменился'],
    share: false,
  },
  share_below_min: {
    key: 'share_below_min',
    name: 'доля не преодолевших минимальный порог',
    verbs: ['снизилась', 'выросла', 'не изменилась'],
    share: true,
  },
};

/** The indicators a report shows for a procedure. */
export const PROCEDURE_INDICATORS: Record<string, IndicatorKey[]> = {
  ВПР: ['share_2', 'quality'],
  ОГЭ: ['share_2', 'quality'],
  ЕГЭ: ['mean_score', 'share_below_min'],
};

export const valueText = (w: IndicatorWording, v: number) => (w.share ? pct(v) : score(v));
/** The change between the printed values (each rounded to a tenth). */
const printedChange = (w: IndicatorWording, first: number, last: number) =>
  w.share ? printedDiff(last, first) : (Math.round(10 * last) - Math.round(10 * first)) / 10;
const diffText = (w: IndicatorWording, first: number, last: number) =>
  (w.share ? pp : scoreDiff)(printedChange(w, first, last));

export interface Point {
  year: number;
  value: number;
}

/** Fell, rose or unchanged, as the printed change reads. */
export function direction(w: IndicatorWording, first: number, last: number): -1 | 0 | 1 {
  const c = printedChange(w, first, last);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/**
 * «у ОО перечня доля «2» снизилась с 18,4 % в 2021 году до 12,1 % в 2025 году (−6,3 п. п.; за 2023 год
 * данных нет)». `who` is the group in the genitive with «у»; the years between the first and the last
 * without a value are named.
 */
export function seriesClause(w: IndicatorWording, who: string, series: Point[]): string {
  const s = [...series].sort((a, b) => a.year - b.year);
  if (!s.length) return `${who} ${w.name} — нет данных`;
  const first = s[0];
  const last = s.at(-1)!;
  if (s.length === 1)
    return `${who} ${w.name} — ${valueText(w, last.value)} (${last.year}${NBSP}г.; других лет с данными нет)`;
  const missing: number[] = [];
  for (let y = first.year + 1; y < last.year; y++) if (!s.some((p) => p.year === y)) missing.push(y);
  const gap = missing.length
    ? `; за ${yearRanges(missing)} ${missing.length > 1 ? 'годы' : 'год'} данных нет`
    : '';
  const dir = direction(w, first.value, last.value);
  if (dir === 0)
    return `${who} ${w.name} ${w.verbs[2]}: ${valueText(w, last.value)} в ${first.year} и в ${last.year} году${gap ? ` (${gap.slice(2)})` : ''}`;
  return `${who} ${w.name} ${w.verbs[dir < 0 ? 0 : 1]} с ${valueText(w, first.value)} в ${first.year} году до ${valueText(w, last.value)} в ${last.year} году (${diffText(w, first.value, last.value)}${gap})`;
}

/** An arrow for a table cell: ↓ fell, ↑ rose, → unchanged. */
export const arrow = (d: -1 | 0 | 1) => (d < 0 ? '↓' : d > 0 ? '↑' : '→');
export const changeCell = (w: IndicatorWording, first: number, last: number) =>
  `${arrow(direction(w, first, last))}${NBSP}${diffText(w, first, last)}`;
