'use client';
import type { StreakGroupRow } from '@/lib/metrics/lists';
import { formatInt } from '@/lib/format';
import { PlotChart } from './PlotChart';
import { countTicks, stackedMax, yearTick } from './axes';

export const STREAK_LABELS: Record<string, string> = {
  '1': '1-й год',
  '2': '2-й год',
  '3': '3-й год',
  '4+': '4 года и более',
};
/** Schools of a year whose years in a row the data cannot tell (it begins too late for them). */
const STREAK_UNKNOWN = 'срок не известен: нет данных за прошлые годы';
// Colour-blind-safe sequential blues: longer in the list, darker; the unknown in grey.
const STREAK_COLORS = ['#c6dbef', '#6baed6', '#2171b5', '#08306b', '#bdbdbd'];

export function ListedByStreakChart({ rows, listName }: { rows: StreakGroupRow[]; listName: string }) {
  const labelled = rows
    .filter((r) => r.known || r.schools > 0)
    .map((r) => ({ ...r, label: r.known ? STREAK_LABELS[r.streak_group] : STREAK_UNKNOWN }));
  const unknown = labelled.some((r) => !r.known);
  return (
    <PlotChart
      testId="chart-listed-by-streak"
      ariaLabel={`Число школ в перечне ${listName} по годам, по числу лет в перечне подряд`}
      data={rows}
      render={(Plot, width) =>
        Plot.plot({
          width,
          height: 320,
          marginLeft: 50,
          ariaLabel: `Школы в перечне ${listName} по годам`,
          ariaDescription: 'Столбцы: годы; цвет: сколько лет подряд школа в перечне',
          x: { label: 'Год', tickFormat: yearTick(width), type: 'band' },
          y: {
            label: 'Школ в перечне',
            grid: true,
            ticks: countTicks(
              stackedMax(
                rows,
                (r) => r.year,
                (r) => r.schools,
              ),
            ),
            tickFormat: (d: number) => formatInt(d),
          },
          color: {
            legend: true,
            domain: [...Object.values(STREAK_LABELS), ...(unknown ? [STREAK_UNKNOWN] : [])],
            range: STREAK_COLORS,
            label: 'Лет в перечне подряд',
          },
          marks: [
            Plot.barY(labelled, {
              x: 'year',
              y: 'schools',
              fill: 'label',
              order: [...Object.values(STREAK_LABELS), STREAK_UNKNOWN],
              tip: { format: { x: (d: number) => String(d), y: (d: number) => formatInt(d), fill: true } },
              title: (d: (typeof labelled)[number]) => `${d.year}: ${d.label} — ${formatInt(d.schools)}`,
            }),
            Plot.ruleY([0]),
          ],
        })
      }
    />
  );
}
