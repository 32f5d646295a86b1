'use client';
import type { AreaIndicatorRow, IndicatorDef } from '@/lib/metrics/results';
import { formatInt, formatValue } from '@/lib/format';
import { PlotChart } from './PlotChart';
import { CATEGORICAL } from './palette';
import { tickDecimals, yearTick } from './axes';

/** An indicator by year for the region and chosen municipalities. */
export function IndicatorLinesChart({ rows, def }: { rows: AreaIndicatorRow[]; def: IndicatorDef }) {
  const fmt = (x: number | null) => formatValue(x, def.share, def.decimals);
  const points = rows.filter((r) => r[def.key] !== null);
  const areas = [...new Set(points.map((r) => r.area))];
  const values = points.map((r) => r[def.key] as number);
  // Ticks as fine as their step (3,935 beside 3,94), all with the same decimals (63,0, not 63 beside 63,5).
  const decimals = tickDecimals(Math.min(...values), Math.max(...values), 5);
  return (
    <PlotChart
      testId="chart-indicator-lines"
      title={`${def.label}: регион и муниципалитеты по годам`}
      data={rows}
      ariaLabel={`${def.label} по годам: регион и муниципалитеты`}
      render={(Plot, width) =>
        Plot.plot({
          width,
          height: 300,
          marginLeft: 55,
          ariaDescription: `Линии: ${areas.join(', ')}`,
          x: { label: 'Год', tickFormat: yearTick(width), type: 'point' },
          // Shares from zero, so a drift of tenths of a point does not look like a plunge; marks and scores
          // cannot start at zero meaningfully, and the axis label says so.
          y: def.share
            ? {
                label: def.label,
                grid: true,
                zero: true,
                nice: true,
                ticks: 5,
                tickFormat: (d: number) => fmt(d),
              }
            : {
                label: `${def.label} (шкала не от нуля)`,
                grid: true,
                nice: true,
                ticks: 5,
                tickFormat: (d: number) => formatValue(d, false, decimals),
              },
          color: { legend: true, domain: areas, range: CATEGORICAL, label: 'Территория' },
          marks: [
            Plot.lineY(points, {
              x: 'year',
              y: def.key,
              stroke: 'area',
              strokeWidth: (r: AreaIndicatorRow) => (r.level === 'region' ? 3 : 1.5),
            }),
            Plot.dot(points, {
              x: 'year',
              y: def.key,
              fill: 'area',
              tip: true,
              title: (r: AreaIndicatorRow) =>
                `${r.area}, ${r.year}: ${fmt(r[def.key])}\nшкол: ${formatInt(r.schools)}, участников: ${formatInt(r.participants)}`,
            }),
          ],
        })
      }
    />
  );
}
