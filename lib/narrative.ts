// Report sentences written from metric rows, as municipal reports phrase them.
import type { CohortSummaryRow } from './metrics/lists';
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

/** «В 2024 году в перечень ШНОР входят 53 ОО: впервые — 17, вернулись — 2, второй год — 15, …». */
export function cohortSentence(c: CohortSummaryRow): string {
  const verb = plural(c.listed, ['входит', 'входят', 'входят']);
  if (c.listed === 0) return `В ${c.year} году в перечне ${listLabel(c.list)} нет ни одной ОО.`;
  const parts = [
    `впервые — ${formatInt(c.first_time)}`,
    c.returned ? `вернулись после выхода — ${formatInt(c.returned)}` : null,
    `второй год — ${formatInt(c.streak2)}`,
    `третий год — ${formatInt(c.streak3)}`,
    `четвёртый год и более — ${formatInt(c.streak4plus)}`,
  ].filter(Boolean);
  return (
    `В ${c.year} году в перечень ${listLabel(c.list)} ${verb} ${formatInt(c.listed)} ` +
    `ОО: ${parts.join(', ')}.`
  );
}
