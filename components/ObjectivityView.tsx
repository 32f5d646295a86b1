'use client';
import { memo, useMemo, useRef } from 'react';
import type { VprGiaPoint } from '@/lib/metrics/objectivity';
import { objectivityData, objectivityScatter } from '@/lib/view-data';
import { missingInputs } from '@/lib/objectivity-text';
import { formatInt, formatPercent } from '@/lib/format';
import { useEngineQuery } from './hooks/useEngineQuery';
import { useViewState } from './filters/ViewStateProvider';
import { FilterBar } from './filters/FilterBar';
import { VIEW_CONTROLS } from '@/lib/view-controls';
import { ObjectivitySettingsForm } from './filters/ObjectivitySettingsForm';
import { PlotChart, type PlotFigure } from './charts/PlotChart';
import { CATEGORICAL, GREY } from './charts/palette';
import { Panel } from './Panel';
import { ViewStatus } from './ViewStatus';
import { MarkersPanel } from './objectivity/MarkersPanel';
import { OfficialComparisonPanel } from './objectivity/OfficialComparisonPanel';
import { SchoolEvidence } from './objectivity/SchoolEvidence';
import { LenientPanel } from './objectivity/LenientPanel';

/** Above this many schools a dot each (with its tip) is unreadable, and a country's held the page's thread for about a second. */
const DOTS_MAX = 3000;

const pointTitle = (p: VprGiaPoint, flagged: boolean) =>
  `${p.name}\n${p.subjects}: ВПР ${formatPercent(p.vpr_quality)} (${p.vpr_participants} уч.), ОГЭ ${formatPercent(p.oge_quality)} (${p.oge_participants} уч.)${flagged ? '\nесть признаки необъективности' : ''}`;

/**
 * ВПР against ОГЭ, read apart from the signs (its key has no thresholds: a change of them does not read it
 * again); the schools with signs coloured from the view's markers.
 */
const VprOgePanel = memo(function VprOgePanel({ flagged }: { flagged: Set<string> }) {
  const { filter, filterKey } = useViewState();
  const q = useEngineQuery(`objectivity-scatter:${filterKey}`, (db) => objectivityScatter(db, filter));
  return (
    <div
      data-testid="vpr-oge"
      data-loading={q.loading || (!q.data && !q.error) ? 'true' : 'false'}
      className={q.loading && q.data ? 'opacity-60' : ''}
    >
      {q.data ? (
        <VprOgeScatter points={q.data} flagged={flagged} />
      ) : (
        <Panel title="Качество ВПР и ОГЭ по одноимённым предметам">
          <p className="text-sm text-slate-500" role="status">
            {q.error ? `Не удалось посчитать: ${q.error}` : 'Считаем…'}
          </p>
        </Panel>
      )}
    </div>
  );
});

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Too few pupils on either side for the comparison to mean much: drawn grey, flagged or not. */
const small = (p: VprGiaPoint) => p.vpr_participants < 10 || p.oge_participants < 10;

function VprOgeScatter({ points, flagged }: { points: VprGiaPoint[]; flagged: Set<string> }) {
  // A test lowers the limit (`shnorDotsMax`) to see the dense form on the demo.
  const dense = points.length > ((globalThis as { shnorDotsMax?: number }).shnorDotsMax ?? DOTS_MAX);
  // Every school is drawn once per year; a change of the thresholds only redraws the orange dots over them
  // (the overlay), and the tip reads the schools with signs when it is shown. Dense: the grid of every school
  // with the schools with signs as dots, drawn again with them.
  const current = useRef(flagged);
  current.current = flagged;
  const drawn = useMemo(() => (dense ? [points, flagged] : points), [dense, points, flagged]);
  const overlay = useMemo(
    () =>
      dense
        ? undefined
        : {
            data: flagged,
            draw: (figure: PlotFigure) => {
              const x = figure.scale('x');
              const y = figure.scale('y');
              const dots = figure.querySelector('g[data-mark=dot]');
              if (!x || !y || !dots) return;
              figure.querySelector('g[data-flagged]')?.remove();
              const g = document.createElementNS(SVG_NS, 'g');
              g.setAttribute('data-flagged', '');
              // The dots under them take the pointer (the tip names the signs). Opaque: over the school's own
              // translucent blue dot, a translucent orange would read brown.
              g.setAttribute('pointer-events', 'none');
              for (const p of points) {
                if (!flagged.has(p.school_id) || small(p)) continue;
                const c = document.createElementNS(SVG_NS, 'circle');
                c.setAttribute('cx', String(x.apply(p.vpr_quality)));
                c.setAttribute('cy', String(y.apply(p.oge_quality)));
                c.setAttribute('r', '3');
                c.setAttribute('fill', CATEGORICAL[5]);
                g.append(c);
              }
              dots.after(g);
            },
          },
    [dense, points, flagged],
  );
  return (
    <Panel
      title="Качество ВПР и ОГЭ по одноимённым предметам"
      note={
        dense
          ? `Школ много (${formatInt(points.length)}): клетка — сколько школ с таким качеством ВПР и ОГЭ (по предметам, которые школа писала и в ВПР, и в ОГЭ; все классы, взвешено по участникам), точки — школы с признаками (серые — меньше 10 участников). Выберите регион или муниципалитет, чтобы увидеть каждую школу.`
          : 'Каждая точка — школа: качество по предметам, которые она писала и в ВПР, и в ОГЭ (все классы, взвешено по участникам; выберите предмет, чтобы сравнить по одному). Оранжевые — школы с признаками, серые — меньше 10 участников.'
      }
    >
      {points.length ? (
        <PlotChart
          testId="chart-vpr-oge"
          fileName="vpr-oge"
          data={drawn}
          overlay={overlay}
          ariaLabel={
            dense
              ? 'Плотность школ по качеству ВПР и ОГЭ, поверх — школы с признаками'
              : 'Точечная диаграмма: качество ВПР против качества ОГЭ'
          }
          render={(Plot, width) =>
            Plot.plot({
              width,
              height: 320,
              marginLeft: 50,
              ariaDescription: 'По горизонтали — качество ВПР, по вертикали — качество ОГЭ',
              x: { label: 'Качество ВПР', tickFormat: (x: number) => formatPercent(x), domain: [0, 1] },
              y: {
                label: 'Качество ОГЭ',
                tickFormat: (x: number) => formatPercent(x),
                domain: [0, 1],
                grid: true,
              },
              ...(dense && {
                color: { scheme: 'greys', type: 'sqrt', legend: true, label: 'Школ в клетке' },
              }),
              marks: [
                ...(dense
                  ? [
                      Plot.rect(
                        points,
                        Plot.bin({ fill: 'count' }, { x: 'vpr_quality', y: 'oge_quality', interval: 0.025 }),
                      ),
                    ]
                  : []),
                Plot.line(
                  [
                    [0, 0],
                    [1, 1],
                  ],
                  { stroke: '#cbd5e1' },
                ),
                Plot.dot(dense ? points.filter((p) => flagged.has(p.school_id)) : points, {
                  x: 'vpr_quality',
                  y: 'oge_quality',
                  r: 3,
                  fill: (p: VprGiaPoint) =>
                    small(p) ? GREY : dense && flagged.has(p.school_id) ? CATEGORICAL[5] : CATEGORICAL[0],
                  fillOpacity: 0.7,
                  // The school itself as the title, worded when the tip shows it: with the signs of that moment.
                  title: (p: VprGiaPoint) => p,
                  tip: {
                    format: { title: (p: VprGiaPoint) => pointTitle(p, current.current.has(p.school_id)) },
                  },
                  render: (index, scales, values, dimensions, context, next) => {
                    const g = next?.(index, scales, values, dimensions, context);
                    g?.setAttribute('data-mark', 'dot');
                    return g ?? null;
                  },
                }),
              ],
            })
          }
        />
      ) : (
        <p className="text-sm">
          Нет данных: нет школ с результатами и ВПР, и ОГЭ по одним предметам за этот год (нужны results ВПР и
          ОГЭ).
        </p>
      )}
    </Panel>
  );
}

/** «Объективность»: schools with markers and their reasons, the official list beside them, a school's evidence. */
export function ObjectivityView() {
  const { state, filter, filterKey } = useViewState();
  const settings = state.objectivity;
  const q = useEngineQuery(`objectivity:${filterKey}:${JSON.stringify(settings)}`, (db) =>
    objectivityData(db, filter, settings),
  );
  const d = q.data;
  const flagged = useMemo(() => new Set(d?.markers.map((m) => m.school_id)), [d]);
  // Evidence only for a school the user picked (its id in the link): a year change reads the list, not a
  // school nobody asked about.
  const selected = state.id;
  const zText = `z ≥ ${String(settings.zMin).replace('.', ',')}`;
  return (
    <div className="min-w-0 space-y-4" data-testid="objectivity">
      <FilterBar controls={VIEW_CONTROLS['/objectivity/']} />
      <ObjectivitySettingsForm />
      <h1 className="text-2xl font-semibold">
        Признаки необъективности результатов ВПР{d ? `, ${d.year}` : ''}
      </h1>
      <ViewStatus
        query={q}
        empty={d === null || (d !== null && !d.inputs.vpr)}
        emptyText={
          d
            ? `Нет данных: в ${d.year} году нет результатов ВПР — загрузите результаты ВПР (results) на странице «Загрузка данных».`
            : 'Нет данных: загрузите результаты ВПР (results) на странице «Загрузка данных».'
        }
      >
        {d && (
          <>
            {missingInputs(d.inputs).length > 0 && (
              <div
                role="status"
                className="rounded border border-amber-300 bg-amber-50 p-3 text-sm"
                data-testid="objectivity-missing"
              >
                {missingInputs(d.inputs).map((m) => (
                  <p key={m}>{m}</p>
                ))}
              </div>
            )}
            <MarkersPanel markers={d.markers} year={d.year} settings={settings} zText={zText} />
            {/* The chosen year at once, not the shown one: its queries start with the view's own. */}
            <OfficialComparisonPanel year={filter.year ?? d.year} />
            {selected ? (
              <SchoolEvidence schoolId={selected} year={filter.year ?? d.year} />
            ) : (
              // The same anchor as the evidence: «Показать доказательства» scrolls here before it renders.
              <div id="evidence">
                <Panel title="Доказательства">
                  <p className="text-sm text-slate-600">
                    Выберите школу в таблице («причины» → «Показать доказательства»).
                  </p>
                </Panel>
              </div>
            )}
            <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
              <LenientPanel rows={d.lenient} journal={d.inputs.journal} year={d.year} />
              <VprOgePanel flagged={flagged} />
            </div>
          </>
        )}
      </ViewStatus>
    </div>
  );
}
