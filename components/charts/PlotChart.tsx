'use client';
import { useEffect, useRef, useState } from 'react';
import { downloadPng, downloadSvg } from '../download';
import { fileSlug } from '@/lib/translit';
import { storedSource } from '@/lib/upload/store';
import { useViewState } from '../filters/ViewStateProvider';
import { composeFigure } from './export-figure';

type PlotModule = typeof import('@observablehq/plot');

// Plot's chunk is fetched and parsed while DuckDB-wasm starts in its worker, not after the first figures: there
// it held up the first chart by about 170 ms and a filter change made meanwhile.
const plotModule: Promise<PlotModule> | null =
  typeof window === 'undefined' ? null : import('@observablehq/plot');

interface Props {
  /** Builds the figure; called again whenever `data` or the width changes. */
  render: (plot: PlotModule, width: number) => SVGSVGElement | HTMLElement;
  data: unknown;
  ariaLabel: string;
  testId?: string;
  height?: number;
  /** The title a downloaded file carries (the aria label by default). */
  title?: string;
  /** Territory and period in the downloaded file (the filters' by default). */
  subtitle?: string;
  /** Latin base of the file name (the title transliterated by default); territory and period are appended. */
  fileName?: string;
  /** Called with the datum under the pointer when the chart is clicked (marks with Plot.pointer). */
  onPick?: (datum: unknown) => void;
  /**
   * Drawn into the figure once it is drawn, and again whenever `overlay.data` changes, without drawing the
   * figure again: a few marks over thousands (the schools with signs over every school) cost a few marks.
   */
  overlay?: { data: unknown; draw: (figure: PlotFigure) => void };
}

/** What Plot.plot returns: its scales can place an overlay exactly over the marks. */
export type PlotFigure = (SVGSVGElement | HTMLElement) & {
  scale: (name: 'x' | 'y') => { apply: (v: number) => number } | undefined;
};

/** Observable Plot, loaded on demand so the static prerender never touches it. */
export function PlotChart({
  render,
  data,
  ariaLabel,
  testId,
  height = 320,
  title,
  subtitle,
  fileName,
  onPick,
  overlay,
}: Props) {
  const { state, options } = useViewState();
  const ref = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  // The latest callback, so a chart drawn earlier never calls a stale one.
  const pick = useRef(onPick);
  pick.current = onPick;
  // `render` is a new closure on every render of the caller; `data` says when the figure changes.
  const latest = useRef(render);
  latest.current = render;
  const label = useRef(ariaLabel);
  label.current = ariaLabel;
  const latestOverlay = useRef(overlay);
  latestOverlay.current = overlay;
  // The figure on screen, and how many times it was drawn (the overlay is drawn into each).
  const figureRef = useRef<PlotFigure | null>(null);
  const [version, setVersion] = useState(0);
  // The width comes from a ResizeObserver, never from reading clientWidth while drawing: that read would
  // force a layout of the whole freshly rendered page in the middle of a filter change.
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies(data): the figure is redrawn when the data it shows changes
  useEffect(() => {
    if (!width) return;
    let live = true;
    let figure: Element | null = null;
    plotModule?.then((plot) => {
      const el = ref.current;
      if (!live || !el) return;
      figure = latest.current(plot, width);
      // Plot names its mark groups («bar», «rule») with aria-label on plain <g> elements, which ARIA forbids.
      for (const g of figure.querySelectorAll('g[aria-label]')) g.removeAttribute('aria-label');
      // The chart itself is one image named by its label: unnamed, a screen reader reads out every tick label.
      const chart =
        figure.tagName.toLowerCase() === 'svg' ? figure : figure.querySelector(':scope > svg:last-of-type');
      if (chart) {
        chart.setAttribute('role', 'img');
        if (!chart.getAttribute('aria-label')) chart.setAttribute('aria-label', label.current);
      }
      const fig = figure as Element & { value?: unknown };
      fig.addEventListener('click', () => fig.value != null && pick.current?.(fig.value));
      el.replaceChildren(figure);
      figureRef.current = figure as PlotFigure;
      setVersion((v) => v + 1);
      setDrawn(true);
      performance.mark(`chart-drawn:${testId ?? 'chart'}`);
    });
    return () => {
      live = false;
      figure?.remove();
    };
  }, [data, width, testId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies(overlay?.data): drawn again when the data it shows changes
  useEffect(() => {
    if (version && figureRef.current) latestOverlay.current?.draw(figureRef.current);
  }, [version, overlay?.data]);
  // The chart's own svg: Plot puts the legend's swatches before it.
  const chartSvg = () =>
    [...(ref.current?.querySelectorAll('svg') ?? [])].at(-1) as SVGSVGElement | undefined;
  const territory = state.municipalities.length ? state.municipalities.join(', ') : 'регион';
  const period = state.year
    ? `${state.year}`
    : state.from || state.to
      ? `${state.from ?? '…'}–${state.to ?? '…'}`
      : '';
  const place = subtitle ?? [territory, period].filter(Boolean).join(', ');
  const exported = () => {
    const s = chartSvg();
    if (!s || !ref.current) return null;
    const today = new Date().toLocaleDateString('ru-RU');
    const own = ['mine', 'both'].includes(storedSource() ?? '');
    const years = options?.years.length
      ? `, данные за ${Math.min(...options.years)}–${Math.max(...options.years)} годы`
      : '';
    const meta = {
      title: title ?? ariaLabel,
      subtitle: place,
      source: `Источник: ШНОР-Динамика, ${own ? 'загруженные пользователем данные' : state.dataset === 'national' ? 'сгенерированные данные страны (вымышленные регионы)' : 'демо-данные (вымышленный регион)'}${years}; выгружено ${today}.`,
    };
    return {
      ...composeFigure(ref.current, s, meta),
      name:
        fileSlug(fileName ?? title ?? ariaLabel, subtitle ?? territory, subtitle ? '' : period) || 'grafik',
    };
  };
  return (
    <figure
      aria-label={ariaLabel}
      data-testid={testId}
      data-drawn={drawn ? 'true' : 'false'}
      className="w-full"
    >
      <div ref={ref} style={{ minHeight: height }} />
      <div className="no-print mt-1 flex gap-3 text-xs">
        <button
          type="button"
          className="text-sky-800 underline"
          data-testid={testId ? `${testId}-svg` : undefined}
          onClick={() => {
            const f = exported();
            if (f) downloadSvg(f.svg, `${f.name}.svg`);
          }}
        >
          Скачать SVG
        </button>
        <button
          type="button"
          className="text-sky-800 underline"
          data-testid={testId ? `${testId}-png` : undefined}
          onClick={() => {
            const f = exported();
            if (f) void downloadPng(f.svg, f.width, f.height, `${f.name}.png`);
          }}
        >
          Скачать PNG
        </button>
      </div>
    </figure>
  );
}
