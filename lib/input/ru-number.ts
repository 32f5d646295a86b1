// Numbers as Russian users type them: a decimal comma or point, spaces (also non-breaking) between
// thousands. Anything else is refused with a Russian message; nothing is guessed or rounded.

export interface RuNumberRule {
  min?: number;
  max?: number;
  /** Whole numbers only (pupils, years). */
  integer?: boolean;
}

export type RuNumberResult = { ok: true; value: number } | { ok: false; error: string };

/** 12.5 → «12,5»: how a number is shown back in a field and in messages. */
export const ruNumberText = (x: number) => String(x).replace('.', ',');

const SPACES = /[\s\u00a0\u202f]/g;
// Digits with optional thousands groups of three separated by spaces, then an optional fraction.
const GROUPED = /^[+-]?\d{1,3}(?:[\s\u00a0\u202f]\d{3})+(?:[.,]\d+)?$/;
const PLAIN = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

export function parseRuNumber(text: string, rule: RuNumberRule = {}): RuNumberResult {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'Введите число' };
  if (!GROUPED.test(t) && !PLAIN.test(t)) {
    if ((t.match(/[.,]/g) ?? []).length > 1)
      return { ok: false, error: `«${t}» — не число: дробную часть отделяйте одной запятой, например 12,5` };
    return { ok: false, error: `«${t}» — не число` };
  }
  const value = Number(t.replace(SPACES, '').replace(',', '.'));
  if (!Number.isFinite(value)) return { ok: false, error: `«${t}» — не число` };
  if (rule.integer && !Number.isInteger(value)) return { ok: false, error: 'Нужно целое число' };
  const { min, max } = rule;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    const range =
      min !== undefined && max !== undefined
        ? `от ${ruNumberText(min)} до ${ruNumberText(max)}`
        : min !== undefined
          ? `не меньше ${ruNumberText(min)}`
          : `не больше ${ruNumberText(max!)}`;
    return { ok: false, error: `Допустимо ${range}` };
  }
  return { ok: true, value };
}
