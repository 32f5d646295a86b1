'use client';
import { useMemo } from 'react';
import type { ShareRow } from '@/lib/metrics/lists';
import { formatInt, formatPercent, ofSchools } from '@/lib/format';
import { PlotChart } from './PlotChart';
import { CATEGORICAL, TARGET } from './palette';
import { yearTick } from './axes';

/** Share of the area's schools on the list by year, against the target line. */
export function ShareChart({ rows, target }: { rows: ShareRow[]; target: number }) {
  const t = target / 100;
  const data = useMemo(() => [rows, target], [rows, target]);
  return (
    <PlotChart
      testId="chart-share"
      data={data}
      ariaLabel="Доля школ в перечне по годам и целевое значение"
      render={(Plot, width) =>
        Plot.plot({
          width,
          height: 260,
          marginLeft: 50,
          ariaDescription: `Линия: доля действующих школ в перечне; пунктир: цель ${formatPercent(t)}`,
          x: { label: 'Год', tickFormat: yearTick(width), type: 'point', domain: rows.map((r) => r.year) },
          y: {
            label: 'Доля школ в перечне',
            grid: true,
            tickFormat: (d: number) => formatPercent(d),
            domain: [0, Math.max(t, ...rows.map((r) => r.share ?? 0)) * 1.15],
          },
          marks: [
            Plot.ruleY([t], { stroke: TARGET, strokeDasharray: '6,4' }),
            Plot.text([t], {
              y: (d: number) => d,
              x: rows.at(-1)?.year,
              text: () => `цель ${formatPercent(t)}`,
              dy: -8,
              fill: TARGET,
              textAnchor: 'end',
            }),
            Plot.lineY(rows, { x: 'year', y: 'share', stroke: CATEGORICAL[0], strokeWidth: 2 }),
            Plot.dot(rows, {
              x: 'year',
              y: 'share',
              fill: CATEGORICAL[0],
              tip: true,
              title: (r: ShareRow) =>
                `${r.year}: ${formatPercent(r.share)} (${formatInt(r.listed)} из ${r.active === null ? 'нет данных' : ofSchools(r.active)})`,
            }),
          ],
        })
      }
    />
  );
}
