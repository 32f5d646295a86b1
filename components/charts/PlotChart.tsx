'use client';
import { useEffect, useRef, useState } from 'react';

type PlotModule = typeof import('@observablehq/plot');

interface Props {
  /** Builds the figure; called again whenever `data` changes. */
  render: (plot: PlotModule, width: number) => SVGSVGElement | HTMLElement;
  data: unknown;
  ariaLabel: string;
  testId?: string;
  height?: number;
}

/** Observable Plot, loaded on demand so the static prerender never touches it. */
export function PlotChart({ render, data, ariaLabel, testId, height = 320 }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let live = true;
    let figure: Element | null = null;
    import('@observablehq/plot').then((plot) => {
      const el = ref.current;
      if (!live || !el) return;
      figure = render(plot, el.clientWidth || 640);
      el.replaceChildren(figure);
      setDrawn(true);
      performance.mark(`chart-drawn:${testId ?? 'chart'}`);
    });
    return () => {
      live = false;
      figure?.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);
  return (
    <figure aria-label={ariaLabel} data-testid={testId} data-drawn={drawn ? 'true' : 'false'} className="w-full">
      <div ref={ref} style={{ minHeight: height }} />
    </figure>
  );
}
