'use client';
import { useMemo, useState } from 'react';
import { journalShares, markThresholds, objectivityFlags, objectivityMarkers, scoreHistogram, vprVsOge, OBJECTIVITY_INDICATORS, type MarkerRow, type ObjectivitySettings } from '@/lib/metrics/objectivity';
import type { Filter } from '@/lib/filters';
import { latestResultsYear } from '@/lib/metrics/options';
import { formatInt, formatPercent, plural } from '@/lib/format';
import { useEngineQuery } from './hooks/useEngineQuery';
import { useViewState } from './filters/ViewStateProvider';
import { FilterBar } from './filters/FilterBar';
import { ObjectivitySettingsForm } from './filters/ObjectivitySettingsForm';
import { DataTable, SchoolLink } from './table/DataTable';
import { PlotChart } from './charts/PlotChart';
import { CATEGORICAL, GREY } from './charts/palette';
import { Panel } from './Panel';
import { downloadCsv } from './download';
import { ViewStatus } from './ViewStatus';

const countReasons = (n: number) => `${formatInt(n)} ${plural(n, ['причина', 'причины', 'причин'])}`;
const LABEL = Object.fromEntries(OBJECTIVITY_INDICATORS.map((o) => [o.key, o.label]));

/** One school's reasons, read when its row is opened: all schools' reasons would be megabytes on every change. */
function ReasonList({ schoolId, year }: { schoolId: string; year: number }) {
  const { filter, filterKey, state } = useViewState();
  const q = useEngineQuery(`reasons:${schoolId}:${year}:${filterKey}:${JSON.stringify(state.objectivity)}`, (db) =>
    objectivityFlags(db, { school: schoolId, year, subject: filter.subject, grade: filter.grade }, state.objectivity));
  if (!q.data) return <p className="mt-1 text-xs text-slate-500">{q.error ?? 'Загружаем причины…'}</p>;
  return <ul className="mt-1 list-disc pl-5 text-xs" data-testid="reasons">{q.data.map((f, i) => <li key={i}>{f.reason}</li>)}</ul>;
}

function Reasons({ row, onHistogram }: { row: MarkerRow; onHistogram: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer whitespace-nowrap text-sky-800">{countReasons(row.flags)}</summary>
      {open && (
        <>
          <ReasonList schoolId={row.school_id} year={row.year} />
          <button type="button" className="mt-1 text-xs text-sky-800 underline" onClick={onHistogram}>Гистограмма баллов</button>
        </>
      )}
    </details>
  );
}

/** Every flag of the view with its reason, one row per flag, as CSV for Excel. */
async function downloadReasons(filter: Filter, settings: ObjectivitySettings) {
  const { getBrowserEngine } = await import('@/lib/db/browser');
  const flags = await objectivityFlags(await getBrowserEngine(), filter, settings);
  downloadCsv('prichiny-neobjektivnosti.csv', ['Код ОО', 'Школа', 'Муниципалитет', 'Год', 'Признак', 'Предмет', 'Класс', 'Причина'],
    flags.map((f) => [f.school_id, f.name, f.municipality, f.year, LABEL[f.indicator], f.subject, f.grade, f.reason]));
}

/** «Объективность»: flagged schools with reasons and marker counts, ВПР vs ОГЭ, journal mismatch, a school's score histogram. */
export function ObjectivityView() {
  const { state, filter, filterKey, update } = useViewState();
  const settings = state.objectivity;
  const q = useEngineQuery(`objectivity:${filterKey}:${JSON.stringify(settings)}`, async (db) => {
    const year = filter.year ?? (await latestResultsYear(db));
    if (year === null) return { year: null, markers: [], scatter: [], journal: [], thresholds: [], first: null, firstHistogram: [] };
    const f = { ...filter, year };
    const [markers, scatter, journal, thresholds] = await Promise.all([
      objectivityMarkers(db, f, settings), vprVsOge(db, f, year), journalShares(db, f, year), markThresholds(db, year),
    ]);
    // The first school's histogram comes with the rest rather than in a second round after drawing.
    const first = markers[0]?.school_id ?? null;
    const firstHistogram = first ? await scoreHistogram(db, first, year) : [];
    return { year, markers, scatter, journal, thresholds, first, firstHistogram };
  });
  const d = q.data;
  const selected = state.id ?? d?.first ?? null;
  const picked = useEngineQuery(`histogram:${state.id}:${d?.year}`, async (db) => (state.id && d?.year ? scoreHistogram(db, state.id, d.year) : []));
  const hist = state.id ? picked : { data: d?.firstHistogram ?? null };
  const flagged = useMemo(() => new Set(d?.markers.map((m) => m.school_id)), [d]);
  const [csvError, setCsvError] = useState<string | null>(null);
  return (
    <div className="space-y-4" data-testid="objectivity">
      <FilterBar controls={['year', 'subject', 'grade', 'area']} />
      <ObjectivitySettingsForm />
      <h1 className="text-2xl font-semibold">Признаки необъективности результатов ВПР{d ? `, ${d.year}` : ''}</h1>
      <ViewStatus query={q} empty={d?.year === null} emptyText="В данных нет результатов ВПР.">
        {d?.year && (
          <>
            <Panel title={`Школы с признаками: ${d.markers.length}`} note="Количество маркеров — сколько из четырёх признаков выявлено у школы. Пороги — на странице «Методика».">
              <DataTable<MarkerRow> id="markers" caption="Школы с признаками необъективности" fileName="priznaki-neobjektivnosti.csv" rows={d.markers} inUrl pageSize={50}
                columns={[
                  { key: 'name', label: 'Школа', value: (r) => r.name, render: (r) => <SchoolLink id={r.school_id} name={r.name} /> },
                  { key: 'municipality', label: 'Муниципалитет', value: (r) => r.municipality },
                  { key: 'markers', label: 'Маркеров', value: (r) => r.markers, numeric: true },
                  { key: 'indicators', label: 'Признаки', value: (r) => r.indicators.split(', ').map((k) => LABEL[k]).join('; ') },
                  { key: 'flags', label: 'Причин', value: (r) => r.flags, numeric: true,
                    render: (r) => <Reasons row={r} onHistogram={() => update({ id: r.school_id }, { replace: true })} /> },
                ]} />
              <button type="button" className="no-print text-sm text-sky-800 underline" data-testid="csv-reasons"
                onClick={() => { setCsvError(null); downloadReasons({ ...filter, year: d.year! }, settings).catch((e: unknown) => setCsvError(e instanceof Error ? e.message : String(e))); }}>
                Скачать все причины (CSV, строка на признак)
              </button>
              {csvError && <p role="alert" className="text-sm text-red-800">Не удалось выгрузить причины: {csvError}</p>}
            </Panel>
            <div className="grid gap-4 lg:grid-cols-2">
              <Panel title="Качество ВПР и ОГЭ по одноимённым предметам" note="Каждая точка — школа: качество по предметам, которые она писала и в ВПР, и в ОГЭ (все классы, взвешено по участникам; выберите предмет, чтобы сравнить по одному). Оранжевые — школы с признаками, серые — меньше 10 участников.">
                <PlotChart testId="chart-vpr-oge" fileName="vpr-oge" data={d.scatter} ariaLabel="Точечная диаграмма: качество ВПР против качества ОГЭ"
                  render={(Plot, width) => Plot.plot({
                    width, height: 320, marginLeft: 50,
                    ariaDescription: 'По горизонтали — качество ВПР, по вертикали — качество ОГЭ',
                    x: { label: 'Качество ВПР', tickFormat: (x: number) => formatPercent(x), domain: [0, 1] },
                    y: { label: 'Качество ОГЭ', tickFormat: (x: number) => formatPercent(x), domain: [0, 1], grid: true },
                    marks: [
                      Plot.line([[0, 0], [1, 1]], { stroke: '#cbd5e1' }),
                      Plot.dot(d.scatter, { x: 'vpr_quality', y: 'oge_quality', r: 3,
                        fill: (p: (typeof d.scatter)[number]) => (p.vpr_participants < 10 || p.oge_participants < 10 ? GREY : flagged.has(p.school_id) ? CATEGORICAL[5] : CATEGORICAL[0]),
                        fillOpacity: 0.7, tip: true,
                        title: (p: (typeof d.scatter)[number]) => `${p.name}\n${p.subjects}: ВПР ${formatPercent(p.vpr_quality)} (${p.vpr_participants} уч.), ОГЭ ${formatPercent(p.oge_quality)} (${p.oge_participants} уч.)${flagged.has(p.school_id) ? '\nесть признаки необъективности' : ''}` }),
                    ],
                  })} />
              </Panel>
              <Panel title="Расхождение с отметками по журналу" note="Распределение школ по доле участников, получивших на ВПР отметку выше журнальной (10+ участников).">
                <PlotChart testId="chart-journal" fileName="zhurnal" data={d.journal} ariaLabel="Гистограмма: доля повысивших отметку по школам"
                  render={(Plot, width) => Plot.plot({
                    width, height: 320, marginLeft: 50,
                    ariaDescription: 'По горизонтали — доля повысивших отметку, по вертикали — число школ',
                    x: { label: 'Повысили отметку по журналу', tickFormat: (x: number) => formatPercent(x) },
                    y: { label: 'Школ', grid: true },
                    marks: [
                      Plot.rectY(d.journal.filter((j) => j.participants >= 10), { ...Plot.binX({ y: 'count' }, { x: 'raised_share', thresholds: 30 }), fill: CATEGORICAL[0], tip: true }),
                      Plot.ruleY([0]),
                    ],
                  })} />
              </Panel>
            </div>
            <Panel title={`Распределение первичных баллов: ${d.markers.find((m) => m.school_id === selected)?.name ?? selected ?? 'школа не выбрана'}`}
              note="Пунктир — минимальный балл отметок «3», «4», «5». Пик ровно на границе — признак подгонки. Выберите школу в таблице («Гистограмма баллов»).">
              {hist.data && hist.data.length > 0 ? (
                <PlotChart testId="chart-score-histogram" fileName="gistogramma-ballov" data={hist.data} ariaLabel="Гистограмма первичных баллов школы с границами отметок"
                  render={(Plot, width) => Plot.plot({
                    width, height: 220 * new Set(hist.data!.map((h) => `${h.subject} ${h.grade}`)).size, marginLeft: 50,
                    ariaDescription: 'Доля участников по первичному баллу; пунктир — границы отметок',
                    fy: { label: null },
                    x: { label: 'Первичный балл' },
                    y: { label: 'Доля участников', tickFormat: (x: number) => formatPercent(x), grid: true },
                    marks: [
                      Plot.barY(hist.data!, { x: 'score', y: 'share', fy: (h: (typeof hist.data)[number]) => `${h.subject}, ${h.grade} кл.`, fill: (h: (typeof hist.data)[number]) => (h.threshold_mark ? CATEGORICAL[5] : CATEGORICAL[0]), tip: true,
                        title: (h: (typeof hist.data)[number]) => `${h.score} б.: ${h.count} уч. (${formatPercent(h.share)})${h.threshold_mark ? `\nминимальный балл отметки «${h.threshold_mark}»` : ''}` }),
                      Plot.ruleX(d.thresholds.filter((t) => hist.data!.some((h) => h.subject === t.subject && h.grade === t.grade)), { x: (t: (typeof d.thresholds)[number]) => t.min_score - 0.5, fy: (t: (typeof d.thresholds)[number]) => `${t.subject}, ${t.grade} кл.`, stroke: '#334155', strokeDasharray: '4,3' }),
                    ],
                  })} />
              ) : (
                <p className="text-sm text-slate-500">Для этой школы в выбранном году нет распределения баллов (нужны файлы score_dist и mark_scales).</p>
              )}
            </Panel>
          </>
        )}
      </ViewStatus>
    </div>
  );
}
