// Report sentences written from metric rows, as municipal reports phrase them.
import { type CohortClass, cohortKnown, type CohortSummaryRow } from './metrics/lists';
import { formatInt, plural } from './format';

const LIST_GENITIVE: Record<string, string> = {
  ШНОР: 'ШНОР',
  необъективность: 'ОО с признаками необъективных результатов',
  группа_риска: 'группы риска (опубликованный список)',
  '500+': 'проекта «500+»',
};

export const listLabel = (list: string) => LIST_GENITIVE[list] ?? list;

const LIST_SHORT: Record<string, string> = {
  ШНОР: 'ШНОР',
  необъективность: 'Необъективность',
  группа_риска: 'Список группы риска',
  '500+': '500+',
};
export const listShortLabel = (list: string) => LIST_SHORT[list] ?? list;

/**
 * «В 2024 году в перечень ШНОР входят 53 ОО: впервые — 17, вернулись — 2, второй год — 15, …»; what the data's
 * start hides (cohortKnown) reads «нет данных».
 */
export function cohortSentence(c: CohortSummaryRow): string {
  const verb = plural(c.listed, ['входит', 'входят', 'входят']);
  if (c.listed === 0) return `В ${c.year} году в перечне ${listLabel(c.list)} нет ни одной ОО.`;
  const head = `В ${c.year} году в перечень ${listLabel(c.list)} ${verb} ${formatInt(c.listed)} ОО`;
  if (!cohortKnown('first_time', c.years_before))
    return `${head}; впервые ли они в перечне и сколько лет подряд — нет данных: это первый год перечня в данных.`;
  const part = (k: CohortClass, label: string) =>
    `${label} — ${cohortKnown(k, c.years_before) ? formatInt(c[k]) : 'нет данных'}`;
  const parts = [
    part('first_time', 'впервые'),
    c.returned ? part('returned', 'вернулись после выхода') : null,
    part('streak2', 'второй год'),
    part('streak3', 'третий год'),
    part('streak4plus', 'четвёртый год и более'),
  ].filter(Boolean);
  const hidden = !cohortKnown('streak4plus', c.years_before)
    ? ': перечней прошлых лет в данных слишком мало, чтобы это увидеть'
    : '';
  return `${head}: ${parts.join(', ')}${hidden}.`;
}
