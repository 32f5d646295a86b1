// Russian number formats and plural forms (Plot and Intl need them passed explicitly).
const intFmt = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });
const pctFmt = new Intl.NumberFormat('ru-RU', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const numFmt = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 });
const fixed1Fmt = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pointsFmt = new Intl.NumberFormat('ru-RU', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});

export const NO_DATA = 'нет данных';

export const formatInt = (n: number | null | undefined) =>
  n === null || n === undefined ? NO_DATA : intFmt.format(n);
export const formatPercent = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? NO_DATA : pctFmt.format(x);
export const formatNumber = (x: number | null | undefined) =>
  x === null || x === undefined ? NO_DATA : numFmt.format(x);
/** One decimal always, so values in a column line up: 90 → «90,0» beside «89,5». */
export const formatDecimal = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? NO_DATA : fixed1Fmt.format(x);

/** a − b as printed: each rounded to 1/k first (k = 1000: a share's tenths of a percent). */
export const printedDiff = (a: number, b: number, k = 1000) => (Math.round(k * a) - Math.round(k * b)) / k;

/** An indicator's value: a share as a percentage, else a number with `decimals` (3,94 for a mean mark). */
export function formatValue(x: number | null | undefined, share: boolean, decimals = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return NO_DATA;
  if (share) return formatPercent(x);
  return new Intl.NumberFormat('ru-RU', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(x);
}

/**
 * The change from `first` to `last` as their printed values differ (formatValue's rounding), so that
 * «12,2 % → 19,6 %» reads «+7,4 п. п.», not the unrounded +7,45 printed as «+7,5».
 */
export function formatPrintedChange(
  first: number | null,
  last: number | null,
  share: boolean,
  decimals = 1,
): string {
  if (first === null || last === null) return NO_DATA;
  const diff = printedDiff(last, first, share ? 1000 : 10 ** decimals);
  if (share) return formatPointsChange(diff);
  return new Intl.NumberFormat('ru-RU', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    signDisplay: 'exceptZero',
  }).format(diff);
}

/** A change of a share in percentage points, signed: 0.144 → «+14,4 п. п.». */
export const formatPointsChange = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? NO_DATA : `${pointsFmt.format(x * 100)}\u00a0п.\u00a0п.`;

/** plural(5, ['школа', 'школы', 'школ']) → 'школ'. */
export function plural(n: number, forms: [string, string, string]): string {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  if (a > 10 && a < 20) return forms[2];
  if (b > 1 && b < 5) return forms[1];
  if (b === 1) return forms[0];
  return forms[2];
}

export const SCHOOL_FORMS: [string, string, string] = ['школа', 'школы', 'школ'];
export const countSchools = (n: number) => `${formatInt(n)} ${plural(n, SCHOOL_FORMS)}`;
/** After «из»: genitive, «из 21 школы», «из 3 школ», «из 1 503 школ». */
export const ofSchools = (n: number) => `${formatInt(n)} ${plural(n, ['школы', 'школ', 'школ'])}`;

/** A settings share as text without locale machinery: 0.05 → «5 %», 0.205 → «20,5 %». */
export const shareText = (x: number) => `${String(Math.round(x * 1000) / 10).replace('.', ',')} %`;
/** Percentage points: 0.1 → «10 п. п.». */
export const pointsText = (x: number) => `${String(Math.round(x * 1000) / 10).replace('.', ',')} п. п.`;
