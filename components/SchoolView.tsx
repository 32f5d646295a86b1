'use client';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { indicatorDef, INDICATORS, type SchoolIndicatorRow } from '@/lib/metrics/results';
import type { MarkerRow, ObjectivityFlag, SchoolPaper } from '@/lib/metrics/objectivity';
import { PUBLISHED_RISK_LIST } from '@/lib/metrics/risk';
import { type ListHistoryRow, searchSchools } from '@/lib/metrics/school';
import { formatInt, formatValue, plural } from '@/lib/format';
import { listLabel, listShortLabel } from '@/lib/narrative';
import { useEngineQuery, type EngineQueryState } from './hooks/useEngineQuery';
import { useViewState } from './filters/ViewStateProvider';
import { FilterBar } from './filters/FilterBar';
import { VIEW_CONTROLS } from '@/lib/view-controls';
import { schoolCard, schoolSeries, schoolSigns } from '@/lib/view-data';
import { DataTable, municipalityColumn, schoolColumn, SchoolLink, shareColumn } from './table/DataTable';
import { PlotChart } from './charts/PlotChart';
import { CATEGORICAL, GREY } from './charts/palette';
import { Panel } from './Panel';
import { ViewStatus } from './ViewStatus';
import { ReportLink } from './report/ReportLink';
import { yearTick } from './charts/axes';
import { SignsByPaper } from './objectivity/MarkersPanel';

function SchoolSearch() {
  const { query } = useViewState();
  const [text, setText] = useState('');
  const hits = useEngineQuery(`search:${text}`, (db) =>
    text.trim().length >= 2 ? searchSchools(db, text) : Promise.resolve([]),
  );
  const params = new URLSearchParams(query);
  return (
    <div className="no-print relative max-w-xl">
      <label className="flex flex-col gap-1 text-sm text-slate-600">
        Найти школу по названию или коду
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="например, «СОШ № 12» или edu9901012"
          data-testid="school-search"
          className="rounded border border-slate-300 px-2 py-1.5 text-base text-slate-900"
        />
      </label>
      {text.trim().length >= 2 && (
        <ul
          className="absolute z-20 mt-1 max-h-80 w-full overflow-auto rounded border border-slate-300 bg-white shadow-lg"
          data-testid="school-search-results"
        >
          {(hits.data ?? []).length === 0 && !hits.loading ? (
            <li className="px-3 py-2 text-sm text-slate-500">Ничего не найдено</li>
          ) : null}
          {(hits.data ?? []).map((h) => {
            params.set('id', h.school_id);
            return (
              <li key={h.school_id}>
                <Link
                  href={`/school/?${params.toString()}`}
                  onClick={() => setText('')}
                  className="block px-3 py-1.5 text-sm hover:bg-sky-50 focus-visible:bg-sky-50"
                >
                  {h.name}{' '}
                  <span className="text-slate-500">
                    · {h.school_id} · {h.municipality}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** The published risk list, apart from the computed group: the years it names the school. */
function publishedRiskText(history: ListHistoryRow[]): string {
  const published = history.filter((h) => h.list === PUBLISHED_RISK_LIST);
  if (!published.length) return 'Опубликованный список группы риска не загружен.';
  const years = published.filter((h) => h.listed).map((h) => h.year);
  return years.length
    ? `В опубликованном списке группы риска: ${years.join(', ')}.`
    : `В опубликованных списках группы риска (${published.map((h) => h.year).join(', ')}) школы нет.`;
}

/**
 * markers: the years the school reaches the setting; papers: its marker count in every year with signs;
 * vprPapers: its ВПР papers with marks (what the tests checked); missing: what the years could not check.
 */
type Signs = {
  flags: ObjectivityFlag[] | null;
  markers: MarkerRow[];
  papers: MarkerRow[];
  vprPapers: SchoolPaper[];
  missing: string[];
  flagsGap: string | null;
};

/** The school's papers with signs, per year; what to upload when the school has no ВПР results. */
function SchoolSigns({
  signs,
  minMarkers,
  minPupils,
}: {
  signs: EngineQueryState<Signs | null>;
  minMarkers: number;
  minPupils: number;
}) {
  if (signs.data?.flagsGap)
    return (
      <p className="text-sm text-amber-800" data-testid="school-flags-gap">
        {signs.data.flagsGap}.
      </p>
    );
  if (!signs.data?.flags)
    return (
      <p className="text-sm text-slate-500" role="status">
        {signs.error ? `Не удалось посчитать: ${signs.error}` : 'Считаем признаки по всему региону…'}
      </p>
    );
  const { flags, markers, papers: perYear, vprPapers, missing } = signs.data;
  const largest = Math.max(0, ...vprPapers.map((p) => p.pupils));
  if (!flags.length)
    return (
      <div className="space-y-1 text-sm" data-testid="school-flags-none">
        {vprPapers.length === 0 ? (
          <p className="text-amber-800">
            Признаки не проверяются: в результатах ВПР школы нет отметок «2»–«5», по которым считаются
            проверки.
          </p>
        ) : largest < minPupils ? (
          <p className="text-amber-800" data-testid="school-flags-small">
            Признаки не проверяются: во всех работах ВПР школы меньше {formatInt(minPupils)} участников (самая
            большая — {formatInt(largest)}), а признак назначается работе не меньше чем с{' '}
            {formatInt(minPupils)} участниками.
          </p>
        ) : (
          <p className="text-slate-600">Признаков не выявлено при текущих порогах.</p>
        )}
        {vprPapers.length > 0 &&
          missing.map((m) => (
            <p key={m} className="text-amber-800" data-testid="school-flags-missing">
              {m}
            </p>
          ))}
      </div>
    );
  const years = [...new Set(flags.map((f) => f.year))].sort((a, b) => b - a);
  return (
    <div className="space-y-3" data-testid="school-flags">
      {years.map((y) => {
        const own = flags.filter((f) => f.year === y);
        const papers = perYear.find((m) => m.year === y)?.markers ?? 0;
        const listed = markers.some((m) => m.year === y);
        return (
          <div key={y} data-testid={`school-flags-${y}`}>
            <p className="text-sm font-medium">
              {y}: {formatInt(papers)} {plural(papers, ['маркер', 'маркера', 'маркеров'])}
              <span className="font-normal text-slate-600">
                {' '}
                — {listed ? 'в расчётном перечне' : `ниже порога перечня (${formatInt(minMarkers)}+)`}
              </span>
            </p>
            <SignsByPaper flags={own} />
          </div>
        );
      })}
    </div>
  );
}

/** «Карточка ОО»: list history, every indicator beside municipality and region, flags, risk reasons, similar schools. */
export function SchoolView() {
  const { state, filter, filterKey, query } = useViewState();
  const id = state.id;
  const def = indicatorDef(state.indicator);
  // What does not depend on the procedure, subject or indicator is fetched apart, so changing those re-runs
  // only the series.
  const q = useEngineQuery(`school:${id}`, (db) => (id ? schoolCard(db, id) : Promise.resolve(null)));
  // The school just read, never the previous one (its card stays shown until the next is read).
  const school = q.data?.school?.school_id === id ? q.data.school : null;
  const series = useEngineQuery(
    `school-series:${school?.school_id}:${school?.municipality}:${school?.region}:${filterKey}`,
    (db) => (school ? schoolSeries(db, school, filter) : Promise.resolve(null)),
  );
  // Flags and risk need region-wide tables built once per data change (seconds on a first visit): asked for
  // after the series, so that a shared link shows the school and its results first.
  const seriesShown = series.data !== null;
  const signs = useEngineQuery(
    `school-signs:${id}:${seriesShown}:${JSON.stringify(filter.years)}:${JSON.stringify(state.objectivity)}`,
    (db) =>
      id && seriesShown ? schoolSigns(db, id, filter.years, state.objectivity) : Promise.resolve(null),
  );
  const d = q.data;
  const fmt = (x: number | null) => formatValue(x, def.share, def.decimals);
  const sd = series.data;
  // Kept between renders: a new array would make the chart redraw the old series on every state change.
  const lines = useMemo(
    () =>
      sd
        ? [
            ...sd.own
              .filter((r) => r[def.key] !== null)
              .map((r) => ({
                who: 'Школа',
                year: r.year,
                value: r[def.key] as number,
                small: r.small_sample,
              })),
            ...sd.areas
              .filter((r) => r[def.key] !== null)
              .map((r) => ({
                who: r.level === 'region' ? 'Регион' : r.area,
                year: r.year,
                value: r[def.key] as number,
                small: false,
              })),
          ]
        : [],
    [sd, def.key],
  );
  return (
    <div className="space-y-4" data-testid="school">
      <SchoolSearch />
      {!id ? (
        <p className="text-slate-600">
          Выберите школу: найдите её по названию или коду, или перейдите по ссылке из любой таблицы.
        </p>
      ) : (
        <ViewStatus
          query={q}
          empty={d?.school === null}
          emptyText={`Школа с кодом «${id}» не найдена в загруженных данных.`}
        >
          {d?.school && d.history && (
            <>
              <header>
                <h1 className="text-2xl font-semibold" data-testid="school-name">
                  {d.school.name}
                </h1>
                {d.school.unnamed && (
                  <p className="text-sm text-amber-800" data-testid="school-unnamed">
                    Наименование и муниципалитет школы не загружены: ни один загруженный файл их не называет.
                    Загрузите справочник школ или перечень с наименованиями.
                  </p>
                )}
                <p className="text-slate-600">
                  Код {d.school.school_id} ·{' '}
                  {d.school.municipality === 'не указан' ? 'муниципалитет не указан' : d.school.municipality}{' '}
                  · {d.school.type === 'не указан' ? 'тип не указан' : d.school.type} ·{' '}
                  {d.school.location === 'не указана' ? 'местность не указана' : d.school.location}
                  {d.school.closed_year ? ` · закрыта в ${d.school.closed_year}` : ''}
                  {d.school.successor_id ? (
                    <>
                      {' '}
                      · правопреемник: <SchoolLink id={d.school.successor_id} name={d.school.successor_id} />
                    </>
                  ) : null}
                  {' · '}
                  <ReportLink
                    school={d.school.school_id}
                    label="Справка по ОО"
                    className="no-print text-sky-800 underline"
                  />
                </p>
              </header>
              <Panel
                title="История в перечнях"
                note="Цифра — сколько лет подряд школа в перечне; пустая клетка — перечень опубликован, школы в нём нет; нет клетки — перечень в этом году не публиковался."
              >
                <PlotChart
                  testId="chart-list-history"
                  title={`${d.school.name}: история в перечнях`}
                  subtitle={`${d.school.municipality}, код ${d.school.school_id}`}
                  data={d.history}
                  height={170}
                  ariaLabel="История школы в перечнях по годам"
                  render={(Plot, width) =>
                    Plot.plot({
                      width,
                      height: 170,
                      marginLeft: 140,
                      ariaDescription: 'Строки — перечни, столбцы — годы, закрашено — школа в перечне',
                      x: { label: null, type: 'band', tickFormat: yearTick(width) },
                      y: { label: null, tickFormat: (l: string) => listShortLabel(l) },
                      marks: [
                        Plot.cell(d.history!, {
                          x: 'year',
                          y: 'list',
                          fill: (h: (typeof d.history)[number]) => (h.listed ? CATEGORICAL[5] : '#f1f5f9'),
                          inset: 2,
                          tip: true,
                          title: (h: (typeof d.history)[number]) =>
                            `${listLabel(h.list)}, ${h.year}: ${h.listed ? `в перечне (${h.streak}-й год подряд)` : 'не в перечне'}${h.markers !== null ? `; маркеров: ${h.markers}` : ''}${h.papers ? `; работы: ${h.papers}` : ''}`,
                        }),
                        Plot.text(
                          d.history!.filter((h) => h.listed),
                          { x: 'year', y: 'list', text: 'streak', fill: 'white' },
                        ),
                      ],
                    })
                  }
                />
              </Panel>
              <FilterBar controls={VIEW_CONTROLS['/school/']} />
              <div
                className={`space-y-4 ${series.loading ? 'opacity-60' : ''}`}
                data-testid="school-series"
                data-loading={series.loading || !sd ? 'true' : 'false'}
              >
                <Panel
                  title={`${def.label}: школа, муниципалитет и регион`}
                  note="Серые точки — меньше 10 участников: результат малоинформативен."
                >
                  {!sd ? (
                    <p role="status" className="text-sm text-slate-500" data-testid="school-series-loading">
                      {series.error ? `Не удалось посчитать: ${series.error}` : 'Считаем результаты школы…'}
                    </p>
                  ) : lines.length ? (
                    <PlotChart
                      testId="chart-school-trend"
                      title={`${d.school.name}: ${def.label.toLowerCase()} рядом с муниципалитетом и регионом`}
                      subtitle={`${d.school.municipality}, ${state.procedure}${state.subject ? `, ${state.subject}` : ''}${state.grade ? `, ${state.grade} класс` : ''}`}
                      data={lines}
                      ariaLabel={`${def.label} школы по годам рядом с муниципалитетом и регионом`}
                      render={(Plot, width) =>
                        Plot.plot({
                          width,
                          height: 280,
                          marginLeft: 55,
                          ariaDescription: 'Три линии: школа, её муниципалитет, регион',
                          x: { label: 'Год', tickFormat: yearTick(width), type: 'point' },
                          y: {
                            label: def.label,
                            grid: true,
                            nice: true,
                            zero: def.share,
                            tickFormat: (x: number) => fmt(x),
                          },
                          color: {
                            legend: true,
                            domain: ['Школа', d.school!.municipality, 'Регион'],
                            range: [CATEGORICAL[5], CATEGORICAL[0], CATEGORICAL[6]],
                          },
                          marks: [
                            Plot.lineY(lines, { x: 'year', y: 'value', stroke: 'who', strokeWidth: 2 }),
                            Plot.dot(lines, {
                              x: 'year',
                              y: 'value',
                              fill: (l: (typeof lines)[number]) =>
                                l.small
                                  ? GREY
                                  : l.who === 'Школа'
                                    ? CATEGORICAL[5]
                                    : l.who === 'Регион'
                                      ? CATEGORICAL[6]
                                      : CATEGORICAL[0],
                              r: 4,
                              tip: true,
                              title: (l: (typeof lines)[number]) =>
                                `${l.who}, ${l.year}: ${fmt(l.value)}${l.small ? ' (меньше 10 участников)' : ''}`,
                            }),
                          ],
                        })
                      }
                    />
                  ) : null}
                  {sd && !lines.some((l) => l.who === 'Школа') && (
                    <p className="text-sm text-slate-500" data-testid="school-no-results">
                      Нет результатов {state.procedure} школы для выбранных фильтров
                      {lines.length ? ': показаны только муниципалитет и регион' : ''}
                      {state.procedure === 'ОГЭ' && d.school.type === 'НОШ'
                        ? ' (начальная школа ОГЭ не сдаёт)'
                        : ''}
                      .
                    </p>
                  )}
                </Panel>
                {sd && (
                  <DataTable<SchoolIndicatorRow>
                    id="school-indicators"
                    caption="Показатели школы по годам"
                    fileName={`pokazateli-${d.school.school_id}.csv`}
                    rows={sd.own}
                    small={(r) => r.small_sample}
                    columns={[
                      { key: 'year', label: 'Год', value: (r) => r.year },
                      {
                        key: 'participants',
                        label: 'Участников',
                        value: (r) => r.participants,
                        numeric: true,
                        render: (r) => `${formatInt(r.participants)}${r.small_sample ? ' (мало)' : ''}`,
                      },
                      ...INDICATORS.filter((i) => i.procedures.includes(state.procedure)).map((i) => ({
                        key: i.key,
                        label: i.label,
                        numeric: true,
                        kind: i.share ? ('share' as const) : ('number' as const),
                        value: (r: SchoolIndicatorRow) => r[i.key],
                        render: (r: SchoolIndicatorRow) => formatValue(r[i.key], i.share, i.decimals),
                      })),
                      {
                        key: 'pct_share_2',
                        label: 'Процентиль доли «2»',
                        value: (r) => r.pct_share_2,
                        numeric: true,
                        render: (r) => (r.pct_share_2 === null ? '—' : formatValue(r.pct_share_2, false)),
                      },
                      {
                        key: 'pct_quality',
                        label: 'Процентиль качества',
                        value: (r) => r.pct_quality,
                        numeric: true,
                        render: (r) => (r.pct_quality === null ? '—' : formatValue(r.pct_quality, false)),
                      },
                    ]}
                  />
                )}
              </div>
              <div
                className={`grid gap-4 lg:grid-cols-2 ${signs.loading ? 'opacity-60' : ''}`}
                data-testid="school-signs"
                data-loading={signs.loading || (!signs.data && !signs.error) ? 'true' : 'false'}
              >
                <Panel
                  title="Признаки необъективности ВПР"
                  note={
                    <>
                      Маркер — работа ВПР (класс × предмет), в которой выявлен хотя бы один признак. Пороги и
                      правила — на странице «Методика»; доказательства — на странице{' '}
                      <Link className="text-sky-800 underline" href={`/objectivity/?${query}`}>
                        «Объективность»
                      </Link>
                      .
                    </>
                  }
                >
                  <SchoolSigns
                    signs={signs}
                    minMarkers={state.objectivity.minMarkers}
                    minPupils={state.objectivity.minPupils}
                  />
                </Panel>
                <Panel title="Группа риска по расчёту">
                  {!signs.data ? (
                    <p className="text-sm text-slate-500" role="status">
                      {signs.error ? `Не удалось посчитать: ${signs.error}` : 'Считаем…'}
                    </p>
                  ) : !signs.data.risk ? (
                    <p className="text-sm text-amber-800" data-testid="school-risk-gap">
                      {signs.data.riskGap}.
                    </p>
                  ) : signs.data.risk.row ? (
                    <p className="text-sm" data-testid="school-risk">
                      {signs.data.risk.row.year}: {signs.data.risk.row.reasons}
                    </p>
                  ) : signs.data.risk.year === null ? (
                    <p className="text-sm text-amber-800" data-testid="school-risk-gap">
                      Нет результатов школы: группа риска не определена.
                    </p>
                  ) : (
                    <p className="text-sm text-slate-500" data-testid="school-risk-none">
                      В {signs.data.risk.year} году, последнем с результатами школы, правило расчёта её не
                      выделяет (школы перечня ШНОР этого года не рассматриваются).
                    </p>
                  )}
                  <p className="mt-2 text-sm text-slate-700" data-testid="school-risk-published">
                    {publishedRiskText(d.history)}
                  </p>
                </Panel>
              </div>
              <Panel
                title="Похожие школы"
                note="Тот же тип и местность, ближайшие по числу участников ВПР в последнем году."
              >
                <DataTable
                  id="similar"
                  caption="Похожие школы"
                  fileName="pohozhie-shkoly.csv"
                  rows={d.similar!}
                  columns={[
                    schoolColumn(),
                    municipalityColumn(),
                    {
                      key: 'participants',
                      label: 'Участников ВПР',
                      value: (r) => r.participants,
                      numeric: true,
                    },
                    shareColumn('share_2', 'Доля «2»'),
                    shareColumn('quality', 'Качество'),
                  ]}
                />
              </Panel>
            </>
          )}
        </ViewStatus>
      )}
    </div>
  );
}
