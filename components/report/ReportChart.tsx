'use client';
import { useEffect, useRef, useState } from 'react';
import type { ReportChart as Chart } from '@/lib/report/model';
import type { ListedResultRow } from '@/lib/metrics/listed-results';
import type { ShareRow } from '@/lib/metrics/lists';
import { int, pct, setting } from '@/lib/report/russian';
import { countTicks, stackedMax } from '../charts/axes';
import type { ChartImage } from '@/lib/report/docx';
import { svgToPng } from './rasterize';

type PlotModule = typeof import('@observablehq/plot');

/** The print width: A4 less 2 cm margins (17 cm at 96 px per inch). Drawn once at this width, on screen too. */
const PRINT_WIDTH = 640;
/** Greys and dashes that survive black-and-white printing. */
const GREYS = ['#111111', '#555555', '#999999', '#d4d4d4'];
const DASHES: Record<string, string> = { listed: 'none', others: '6,3', region: '2,3' };

function draw(Plot: PlotModule, chart: Chart): SVGSVGElement | HTMLElement {
  const base = {
    width: PRINT_WIDTH,
    style: { fontFamily: "'Times New Roman', serif", fontSize: '12px', background: 'white', color: 'black' },
  };
  if (chart.kind === 'streaks') {
    return Plot.plot({
      ...base,
      height: 260,
      marginLeft: 45,
      x: { label: null, tickFormat: 'd', type: 'band' },
      y: {
        label: 'ОО в перечне',
        grid: true,
        ticks: countTicks(
          stackedMax(
            chart.rows,
            (r) => r.year,
            (r) => r.schools,
          ),
        ),
        tickFormat: (d: number) => int(d),
      },
      color: { domain: ['1', '2', '3', '4+', '?'], range: [...GREYS, '#ffffff'] },
      marks: [
        // A group the data cannot tell for its year (it begins too late) is white: the total is known, its split not.
        Plot.barY(
          chart.rows
            .filter((r) => r.known || r.schools > 0)
            .map((r) => ({ ...r, streak_group: r.known ? r.streak_group : '?' })),
          {
            x: 'year',
            y: 'schools',
            fill: 'streak_group',
            stroke: 'black',
            strokeWidth: 0.5,
            order: ['1', '2', '3', '4+', '?'],
          },
        ),
        Plot.ruleY([0]),
      ],
    });
  }
  if (chart.kind === 'share') {
    const rows = chart.rows.filter((r) => r.share !== null);
    return Plot.plot({
      ...base,
      height: 240,
      marginLeft: 55,
      x: { label: null, tickFormat: 'd', type: 'point', domain: chart.rows.map((r) => r.year) },
      y: {
        label: 'Доля ОО в перечне',
        grid: true,
        tickFormat: (d: number) => pct(d),
        domain: [0, Math.max(chart.target, ...rows.map((r) => r.share!)) * 1.15],
      },
      marks: [
        Plot.ruleY([chart.target], { stroke: 'black', strokeDasharray: '6,4' }),
        Plot.text([chart.target], {
          y: (d: number) => d,
          frameAnchor: 'right',
          text: () => `цель ${setting(chart.target)}`,
          dy: -8,
        }),
        Plot.lineY(rows, { x: 'year', y: 'share', stroke: 'black', strokeWidth: 2 }),
        Plot.dot(rows, { x: 'year', y: 'share', fill: 'black' }),
        Plot.text(rows, { x: 'year', y: 'share', text: (r: ShareRow) => pct(r.share!), dy: -10 }),
      ],
    });
  }
  const rows = chart.rows.filter((r) => r.share_2 !== null);
  return Plot.plot({
    ...base,
    height: 260,
    marginLeft: 55,
    marginBottom: 50,
    fx: { label: null },
    x: { label: null, tickFormat: 'd', type: 'point' },
    // insetTop: room for the highest point's label under the subject's title above the frame.
    y: { label: 'Доля «2», ВПР', grid: true, tickFormat: (d: number) => pct(d), insetTop: 16 },
    marks: [
      ...['listed', 'others', 'region'].map((g) =>
        Plot.lineY(
          rows.filter((r) => r.group === g),
          {
            fx: 'subject',
            x: 'year',
            y: 'share_2',
            stroke: g === 'listed' ? 'black' : '#555555',
            strokeWidth: g === 'listed' ? 2.5 : 1.5,
            strokeDasharray: DASHES[g],
          },
        ),
      ),
      Plot.dot(
        rows.filter((r) => r.group === 'listed'),
        { fx: 'subject', x: 'year', y: 'share_2', fill: 'black', r: 3 },
      ),
      Plot.text(
        rows.filter((r: ListedResultRow) => r.group === 'listed'),
        {
          fx: 'subject',
          x: 'year',
          y: 'share_2',
          text: (r: ListedResultRow) => pct(r.share_2!),
          dy: -10,
          fontSize: 10,
        },
      ),
    ],
  });
}

/**
 * Each drawn chart's PNG for the DOCX, made in the background once the chart has stood drawn for a moment, so
 * that the DOCX does not wait for the rasterising (about a second a chart in headless Chromium). One that failed (the
 * image cannot be decoded while the page prints) is made again when asked for.
 */
export const chartImages = new Map<string, () => Promise<ChartImage>>();

/** A report chart: Observable Plot at the print width, in greys and dashes. */
export function ReportChartFigure({
  id,
  caption,
  chart,
  n,
}: {
  id: string;
  caption: string;
  chart: Chart;
  n: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let live = true;
    let figure: Element | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    import('@observablehq/plot').then((Plot) => {
      if (!live || !ref.current) return;
      figure = draw(Plot, chart);
      ref.current.replaceChildren(figure);
      setDrawn(true);
      const svg = figure instanceof SVGSVGElement ? figure : figure.querySelector('svg');
      if (svg) {
        let png: Promise<ChartImage> | null = null;
        const make = () =>
          (png ??= svgToPng(svg).catch((e) => {
            png = null;
            throw e;
          }));
        chartImages.set(id, make);
        // Once the report has stood still a moment: the rasterising holds the page's thread, and a chart
        // replaced by the next filter change sooner is never rasterised.
        timer = setTimeout(() => make().catch(() => {}), 1500);
      }
    });
    return () => {
      live = false;
      clearTimeout(timer);
      figure?.remove();
      chartImages.delete(id);
    };
  }, [chart, id]);
  return (
    <figure
      className="report-figure my-3"
      data-testid={id}
      data-chart-id={id}
      data-drawn={drawn ? 'true' : 'false'}
      aria-label={caption}
    >
      <div
        ref={ref}
        style={{ width: PRINT_WIDTH, maxWidth: '100%', minHeight: 200 }}
        className="overflow-x-auto"
      />
      <figcaption className="text-sm">
        Рисунок {n}. {caption}
      </figcaption>
    </figure>
  );
}
