'use client';
import type { ExitRow } from '@/lib/metrics/lists';
import { formatPercent } from '@/lib/format';
import { PlotChart } from './PlotChart';
import { yearTick } from './axes';
import { CATEGORICAL } from './palette';

const SERIES = [
  { key: 'exit_rate', label: 'Вышли из перечня' },
  { key: 'sustained_share', label: 'Устойчивый выход' },
  { key: 'reentered_share', label: 'Вернулись позже' },
] as const;

/** Exit rate by year; with `full`, also sustained exit and re-entry as shares of the exited. */
export function ExitRatesChart({ rows, full = false }: { rows: ExitRow[]; full?: boolean }) {
  const series = full ? SERIES : SERIES.slice(0, 1);
  const points = rows.flatMap((r) =>
    series.map((s) => ({ year: r.year, label: s.label, value: r[s.key], next: r.next_year })),
  );
  const missing = rows.filter((r) => r.exit_rate === null);
  return (
    <PlotChart
      testId={full ? 'chart-exit-rates' : 'chart-exit-rate'}
      data={rows}
      ariaLabel="Доля вышедших из перечня по годам"
      render={(Plot, width) =>
        Plot.plot({
          width,
          height: 260,
          marginLeft: 50,
          ariaDescription: 'Год — год перечня; значение — доля школ, которых нет в перечне следующего года',
          x: {
            label: 'Год перечня',
            tickFormat: yearTick(width),
            type: 'point',
            domain: rows.map((r) => r.year),
          },
          y: { label: 'Доля', grid: true, tickFormat: (d: number) => formatPercent(d), domain: [0, 1] },
          color: { legend: full, domain: series.map((s) => s.label), range: CATEGORICAL },
          marks: [
            Plot.lineY(
              points.filter((p) => p.value !== null),
              { x: 'year', y: 'value', stroke: 'label', strokeWidth: 2 },
            ),
            Plot.dot(
              points.filter((p) => p.value !== null),
              {
                x: 'year',
                y: 'value',
                fill: 'label',
                tip: true,
                title: (p: (typeof points)[number]) =>
                  `${p.label}, ${p.year} → ${p.next}: ${formatPercent(p.value)}`,
              },
            ),
            Plot.text(missing, { x: 'year', y: 0.05, text: () => 'нет данных', fill: '#6b7280' }),
          ],
        })
      }
    />
  );
}
