// Russian forms the report's text needs: plural forms, ru-RU numbers with a decimal comma, percentages and
// percentage points after a non-breaking space, dates as in official documents.
import { plural } from '../format';

export const NBSP = '\u00a0';
const MINUS = '\u2212';

export type Forms = [one: string, few: string, many: string];
const YEAR: Forms = ['год', 'года', 'лет'];
export const MARKER: Forms = ['маркер', 'маркера', 'маркеров'];
/** After «у»: «у 1 школы», «у 3 школ», «у 21 школы». */
export const SCHOOL_GENITIVE: Forms = ['школы', 'школ', 'школ'];

const intFmt = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0, useGrouping: 'min2' });
const oneFmt = new Intl.NumberFormat('ru-RU', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  useGrouping: 'min2',
});

/** 12345 → «12 345» (a non-breaking space between thousands, as ru-RU writes it; four digits stay whole: «1234»). */
export const int = (n: number) => intFmt.format(n).replace(/\s/g, NBSP);
/** 12.345 → «12,3». */
export const one = (x: number) =>
  oneFmt
    .format(Math.abs(x) < 0.05 ? 0 : x)
    .replace(/\s/g, NBSP)
    .replace('-', MINUS);
/** «5 школ», «21 школа». */
export const count = (n: number, forms: Forms) => `${int(n)}${NBSP}${plural(n, forms)}`;
/** «ОО» is not declined: «1 ОО», «21 ОО». */
export const oo = (n: number) => `${int(n)}${NBSP}ОО`;
/** A share 0.184 → «18,4 %». */
export const pct = (x: number) => `${one(100 * x)}${NBSP}%`;
/** A share the user set, without a needless decimal: 0.15 → «15 %», 0.125 → «12,5 %». */
export const setting = (x: number) => `${String(Math.round(1000 * x) / 10).replace('.', ',')}${NBSP}%`;
/** Rounded to the tenth of a percentage point, as printed. */
export const points = (x: number) => Math.round(1000 * x) / 10;
/** a − b as printed (lib/format's, one rule for the page and the report). */
export { printedDiff } from '../format';
/** A difference of shares with its sign: −0.063 → «−6,3 п. п.», 0 → «0,0 п. п.». */
export const pp = (x: number) => `${points(x) > 0 ? '+' : ''}${one(points(x))}${NBSP}п.${NBSP}п.`;
/** An unsigned difference of shares: «6,3 п. п.». */
export const ppAbs = (x: number) => `${one(Math.abs(points(x)))}${NBSP}п.${NBSP}п.`;
/** A score with one decimal is read with the genitive singular: «57,0 балла». */
export const score = (x: number) => `${one(x)}${NBSP}балла`;
/** A signed score difference: «+1,8 балла». */
export const scoreDiff = (x: number) =>
  `${Math.round(10 * x) > 0 ? '+' : ''}${one(Math.round(10 * x) / 10)}${NBSP}балла`;
/** A signed count: «+3», «−2», «0». */
export const signed = (n: number) => (n > 0 ? `+${int(n)}` : n < 0 ? `${MINUS}${int(-n)}` : '0');

const MONTHS = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];
/** «9 февраля 2024 г.» from an ISO date (YYYY-MM-DD). */
export function dateRu(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d}${NBSP}${MONTHS[m - 1]} ${y}${NBSP}г.`;
}

/** «1 год», «3 года», «5 лет». */
export const years = (n: number) => count(n, YEAR);

/** A list of words joined as Russian writes them: «А», «А и Б», «А, Б и В». */
export function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} и ${items.at(-1)}`;
}

/** Years as ranges: [2019, 2020, 2021, 2023] → «2019–2021 и 2023». */
export function yearRanges(ys: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ys.length; ) {
    let j = i;
    while (j + 1 < ys.length && ys[j + 1] === ys[j] + 1) j++;
    out.push(j > i ? `${ys[i]}–${ys[j]}` : String(ys[i]));
    i = j + 1;
  }
  return joinAnd(out);
}

/** The first letter in capitals. */
export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** «по предметам «Русский язык» и «Математика»» (subject names are not declined). */
export const subjectsText = (subjects: string[]) =>
  `по ${subjects.length > 1 ? 'предметам' : 'предмету'} ${joinAnd(subjects.map((s) => `«${s}»`))}`;
