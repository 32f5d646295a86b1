import { listLabel } from '@/lib/narrative';
import { yearRanges } from '@/lib/report/russian';

/** A year the list was not published in: its figures are «нет данных», and the years it has are named. */
export function ListNotPublished({ list, year, years }: { list: string; year: number; years: number[] }) {
  return (
    <p className="rounded border border-amber-300 bg-amber-50 p-4" data-testid="list-not-published">
      Перечня {listLabel(list)} за {year} год в данных нет: показатели перечня за этот год — нет данных.
      Перечень есть за {yearRanges(years)}
      {years.length > 1 ? ' годы: выберите один из них.' : ' год: выберите его.'}
    </p>
  );
}
