'use client';
import type { SurvivalRow } from '@/lib/metrics/lists';
import { formatPercent } from '@/lib/format';
import { PlotChart } from './PlotChart';
import { CATEGORICAL } from './palette';

/** Kaplan–Meier curves: share still on the list after t years, one line per entry cohort. */
export function SurvivalChart({ rows }: { rows: SurvivalRow[] }) {
  const cohorts = [...new Set(rows.map((r) => r.cohort))];
  // Each curve starts at 1 in year 0.
  const points = [
    ...cohorts.map((cohort) => ({ cohort, t: 0, survival: 1, at_risk: 0, exits: 0, censored: 0 })),
    ...rows,
  ];
  return (
    <PlotChart
      testId="chart-survival"
      data={rows}
      ariaLabel="Кривые Каплана — Мейера: доля школ, остающихся в перечне, по годам в перечне и когортам входа"
      render={(Plot, width) =>
        Plot.plot({
          width,
          height: 300,
          marginLeft: 50,
          ariaDescription:
            'По горизонтали — лет в перечне, по вертикали — оценка доли школ, ещё не вышедших из перечня',
          x: { label: 'Лет в перечне', tickFormat: 'd', ticks: Math.max(...points.map((p) => p.t)) },
          y: {
            label: 'Остаются в перечне',
            grid: true,
            tickFormat: (d: number) => formatPercent(d),
            domain: [0, 1],
          },
          color: { legend: true, domain: cohorts, range: CATEGORICAL, label: 'Год входа', tickFormat: 'd' },
          marks: [
            Plot.line(points, {
              x: 't',
              y: 'survival',
              stroke: 'cohort',
              curve: 'step-after',
              sort: 't',
              z: 'cohort',
            }),
            Plot.dot(rows, {
              x: 't',
              y: 'survival',
              fill: 'cohort',
              r: 2.5,
              tip: true,
              title: (r: SurvivalRow) =>
                `Вход ${r.cohort}, ${r.t} г.: ${formatPercent(r.survival)}\nпод наблюдением: ${r.at_risk}, вышли: ${r.exits}, выбыли из наблюдения после шага: ${r.censored}`,
            }),
          ],
        })
      }
    />
  );
}
