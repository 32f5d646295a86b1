'use client';
import { useEffect, useMemo, useRef } from 'react';
import {
  journalShares,
  markThresholds,
  objectivityFlags,
  schoolTests,
  schoolVprPapers,
  scoreHistogram,
  standoutJournalTest,
  thresholdExpectations,
  type JournalShareRow,
  type MarkThreshold,
  type ScoreBar,
  type ThresholdExpectation,
} from '@/lib/metrics/objectivity';
import { paperLabel, quietPapersText } from '@/lib/objectivity-text';
import { MIN_PARTICIPANTS_RANK } from '@/lib/metrics/results';
import { CHANGE_MIN_PUPILS } from '@/lib/metrics/objectivity-tests';
import { formatInt, formatPercent } from '@/lib/format';
import { schoolById } from '@/lib/metrics/school';
import { useEngineQuery } from '../hooks/useEngineQuery';
import { useViewState } from '../filters/ViewStateProvider';
import { PlotChart } from '../charts/PlotChart';
import { CATEGORICAL, GREY } from '../charts/palette';
import { Panel } from '../Panel';
import { SchoolLink } from '../table/DataTable';
import { indicatorLabel, isGia, measureLabel, shareOrDash, testKey, testValue, zValue } from './labels';
import { ScrollX } from '../table/ScrollX';

interface Bin {
  paper: string;
  score: number;
  count: number;
  threshold_mark: number | null;
}

/** Every score from 0 to the paper's largest (scored or threshold) present, empty ones as 0. */
function filledBins(bars: ScoreBar[], thresholds: MarkThreshold[]): Bin[] {
  const out: Bin[] = [];
  for (const key of [...new Set(bars.map((b) => `${b.grade}|${b.subject}`))]) {
    const own = bars.filter((b) => `${b.grade}|${b.subject}` === key);
    const { subject, grade } = own[0];
    const marks = thresholds.filter((t) => t.subject === subject && t.grade === grade);
    const max = Math.max(...own.map((b) => b.score), ...marks.map((t) => t.min_score));
    const byScore = new Map(own.map((b) => [b.score, b]));
    for (let s = 0; s <= max; s++)
      out.push({
        paper: paperLabel(subject, grade),
        score: s,
        count: byScore.get(s)?.count ?? 0,
        threshold_mark: marks.find((t) => t.min_score === s)?.mark ?? null,
      });
  }
  return out;
}

const paperOrder = (a: string, b: string) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b, 'ru');

type SchoolTest = Awaited<ReturnType<typeof schoolTests>>[number];

function TestsTable({
  tests,
  signs,
  minPupils,
  zMin,
}: {
  tests: SchoolTest[];
  signs: Set<string>;
  minPupils: number;
  zMin: number;
}) {
  return (
    <ScrollX className="rounded border border-slate-200" cue="scroll-cue-evidence-tests">
      <table className="min-w-full text-xs" data-testid="evidence-tests" data-rows={tests.length}>
        <caption className="sr-only">Проверки работ школы</caption>
        <thead className="bg-slate-100 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-2 py-1.5 font-medium">
              Работа
            </th>
            <th scope="col" className="px-2 py-1.5 font-medium">
              Проверка
            </th>
            <th scope="col" className="px-2 py-1.5 text-right font-medium">
              Участников
            </th>
            <th scope="col" className="px-2 py-1.5 text-right font-medium">
              Наблюдаемое
            </th>
            <th scope="col" className="px-2 py-1.5 text-right font-medium">
              Ожидаемое
            </th>
            <th scope="col" className="px-2 py-1.5 text-right font-medium">
              z
            </th>
            <th scope="col" className="px-2 py-1.5 text-right font-medium">
              z признака
            </th>
          </tr>
        </thead>
        <tbody>
          {tests.map((t, i) => {
            const sign = signs.has(testKey(t));
            return (
              <tr
                key={i}
                className={`border-t border-slate-100 ${sign ? 'bg-amber-50 font-semibold' : ''}`}
                data-sign={sign ? 'true' : undefined}
              >
                <td className="whitespace-nowrap px-2 py-1">{isGia(t) ? 'ОГЭ' : t.paper}</td>
                <td className="px-2 py-1">
                  {indicatorLabel(t.indicator)}: {measureLabel(t.measure)}
                  {sign ? (
                    <span className="ml-1 rounded bg-amber-200 px-1 text-amber-900">признак</span>
                  ) : null}
                </td>
                <td className="px-2 py-1 text-right tabular-nums">{formatInt(t.pupils)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{testValue(t, t.observed)}</td>
                <td className="px-2 py-1 text-right tabular-nums">
                  {isGia(t) ? `${shareOrDash(t.base)} годом раньше` : testValue(t, t.expected)}
                </td>
                <td className="px-2 py-1 text-right tabular-nums">{zValue(t.z, zMin)}</td>
                <td className="px-2 py-1 text-right tabular-nums" data-testid="evidence-z-crit">
                  {isGia(t) || t.z_crit === null
                    ? '—'
                    : t.pupils < minPupils
                      ? 'мало уч.'
                      : zValue(t.z_crit, zMin)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollX>
  );
}

function ScoreHistogram({
  bins,
  expected,
  thresholds,
}: {
  bins: Bin[];
  expected: ThresholdExpectation[];
  thresholds: MarkThreshold[];
}) {
  const papers = [...new Set(bins.map((b) => b.paper))].sort(paperOrder);
  const marks = thresholds
    .map((t) => ({ ...t, paper: paperLabel(t.subject, t.grade) }))
    .filter((t) => papers.includes(t.paper));
  const dots = expected.map((e) => ({ ...e, paper: paperLabel(e.subject, e.grade) }));
  return (
    <PlotChart
      testId="chart-score-histogram"
      fileName="gistogramma-ballov"
      data={bins}
      height={150 * papers.length + 40}
      ariaLabel="Гистограмма первичных баллов школы по работам: столбцы — учащиеся, кружки — сколько ожидалось на минимальном балле отметки, пунктир — границы отметок"
      render={(Plot, width) =>
        Plot.plot({
          width,
          height: 150 * papers.length + 40,
          marginLeft: 40,
          marginRight: 50,
          ariaDescription:
            'Число учащихся по первичному баллу для каждой работы; пунктир — минимальный балл отметок «3», «4», «5»; кружок — ожидаемое число учащихся ровно на этом балле',
          fy: { label: null, domain: papers, axis: 'right' },
          x: { label: 'Первичный балл' },
          y: { label: 'Учащихся', grid: true, ticks: 3 },
          marks: [
            Plot.rectY(bins, {
              x1: (b: Bin) => b.score - 0.45,
              x2: (b: Bin) => b.score + 0.45,
              y: 'count',
              fy: 'paper',
              fill: (b: Bin) => (b.threshold_mark ? CATEGORICAL[5] : CATEGORICAL[0]),
              tip: true,
              title: (b: Bin) =>
                `${b.paper}, ${b.score} б.: ${formatInt(b.count)} уч.${b.threshold_mark ? `\nминимальный балл отметки «${b.threshold_mark}»` : ''}`,
            }),
            Plot.ruleX(marks, {
              x: (t: (typeof marks)[number]) => t.min_score - 0.5,
              fy: 'paper',
              stroke: '#334155',
              strokeDasharray: '4,3',
            }),
            Plot.text(marks, {
              x: (t: (typeof marks)[number]) => t.min_score - 0.5,
              fy: 'paper',
              text: (t: (typeof marks)[number]) => `«${t.mark}»`,
              frameAnchor: 'top',
              dx: 8,
              dy: 2,
              fill: '#334155',
            }),
            Plot.dot(dots, {
              x: 'min_score',
              y: 'expected',
              fy: 'paper',
              r: 4,
              stroke: '#000',
              strokeWidth: 1.5,
              fill: 'white',
              tip: true,
              title: (e: (typeof dots)[number]) =>
                `${e.paper}, минимальный балл «${e.mark}» (${e.min_score} б.): ${formatInt(e.at_min)} уч., ожидалось ${String(Math.round(e.expected * 10) / 10).replace('.', ',')} по доле региона`,
            }),
            Plot.ruleY([0]),
          ],
        })
      }
    />
  );
}

function JournalChart({
  region,
  own,
  paper,
}: {
  region: JournalShareRow[];
  own: JournalShareRow;
  /** «5 МА» when the chart is of one paper. */
  paper?: string;
}) {
  const shown = region.filter((j) => !j.small_sample);
  // The label stays inside the chart: to the left of the line when the school is in the right half.
  const left = own.raised_share > Math.max(...shown.map((j) => j.raised_share), own.raised_share) / 2;
  return (
    <PlotChart
      testId="chart-evidence-journal"
      fileName="povysili-shkola-region"
      data={shown}
      height={200}
      ariaLabel={`Распределение школ региона по доле повысивших отметку${paper ? ` в работе ${paper}` : ''}; линия — эта школа`}
      render={(Plot, width) =>
        Plot.plot({
          width,
          height: 200,
          marginLeft: 45,
          x: { label: 'Повысили отметку (ВПР выше журнала)', tickFormat: (x: number) => formatPercent(x) },
          y: { label: 'Школ', grid: true },
          marks: [
            Plot.rectY(shown, {
              ...Plot.binX({ y: 'count' }, { x: 'raised_share', thresholds: 30 }),
              fill: GREY,
            }),
            Plot.ruleX([own.raised_share], { stroke: CATEGORICAL[5], strokeWidth: 2 }),
            Plot.text([own.raised_share], {
              x: (v: number) => v,
              frameAnchor: 'top',
              text: (v: number) => `${paper ? `школа, ${paper}` : 'школа'}: ${formatPercent(v)}`,
              dx: left ? -4 : 4,
              textAnchor: left ? 'end' : 'start',
              fill: CATEGORICAL[5],
            }),
            Plot.ruleY([0]),
          ],
        })
      }
    />
  );
}

interface ChangeRow {
  label: string;
  base: number;
  observed: number;
  expected: number | null;
  gia: boolean;
}

function ChangeChart({ rows }: { rows: ChangeRow[] }) {
  return (
    <PlotChart
      testId="chart-evidence-change"
      fileName="izmenenie-shkola-region"
      data={rows}
      height={40 + 26 * rows.length}
      ariaLabel="Изменение работ школы с прошлого года: от прошлого значения к нынешнему, рядом — ожидаемое с учётом изменения по региону"
      render={(Plot, width) =>
        Plot.plot({
          width,
          height: 40 + 26 * rows.length,
          marginLeft: 110,
          x: { label: 'Доля', tickFormat: (x: number) => formatPercent(x), grid: true },
          y: { label: null, domain: rows.map((r) => r.label) },
          marks: [
            Plot.link(rows, {
              x1: 'base',
              x2: 'observed',
              y1: 'label',
              y2: 'label',
              stroke: (r: ChangeRow) => (r.gia ? CATEGORICAL[2] : CATEGORICAL[5]),
              strokeWidth: 2,
              markerEnd: 'arrow',
            }),
            Plot.dot(rows, { x: 'base', y: 'label', stroke: GREY, fill: 'white', r: 3 }),
            Plot.tickX(
              rows.filter((r) => r.expected !== null),
              { x: 'expected', y: 'label', stroke: '#000', strokeWidth: 2 },
            ),
            Plot.tip(
              rows,
              Plot.pointerY({
                x: 'observed',
                y: 'label',
                title: (r: ChangeRow) =>
                  `${r.label}: ${formatPercent(r.base)} → ${formatPercent(r.observed)}${r.expected !== null ? `; с учётом изменения по региону ожидалось ${formatPercent(r.expected)}` : ''}`,
              }),
            ),
          ],
        })
      }
    />
  );
}

/** Set by «Показать доказательства»: the evidence takes the focus when it shows, so that a keyboard or screen reader user lands on it. */
let focusWanted = false;
export const focusEvidenceNext = () => {
  focusWanted = true;
};

/** The evidence behind a school's signs in a year: every test, the score histogram, the journal and the changes. */
export function SchoolEvidence({ schoolId, year }: { schoolId: string; year: number }) {
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!focusWanted || !schoolId) return;
    focusWanted = false;
    section.current?.focus({ preventScroll: true });
  }, [schoolId]);
  const { state } = useViewState();
  const q = useEngineQuery(
    `evidence:${schoolId}:${year}:${JSON.stringify(state.objectivity)}`,
    async (db) => {
      const [tests, flags, bars, expected, thresholds, papers, school] = await Promise.all([
        schoolTests(db, schoolId, year),
        objectivityFlags(db, { school: schoolId, year }, state.objectivity),
        scoreHistogram(db, schoolId, year),
        thresholdExpectations(db, schoolId, year),
        markThresholds(db, year),
        schoolVprPapers(db, schoolId, [year, year]),
        schoolById(db, schoolId),
      ]);
      // Without a journal test that stands out, all of the school's papers against the region's schools.
      const signs = new Set(flags.map(testKey));
      const paper = standoutJournalTest(tests, (t) => signs.has(testKey(t)));
      // The schools its tests compare it with: its own region's, in a country's data.
      const journal = await journalShares(
        db,
        paper ? { subject: paper.subject, grade: paper.grade } : {},
        year,
        schoolId,
      );
      return {
        tests,
        flags,
        bars,
        expected,
        thresholds,
        journal,
        journalPaper: paper ? { label: paper.paper, sign: signs.has(testKey(paper)) } : null,
        papers,
        school,
      };
    },
  );
  const d = q.data;
  const view = useMemo(() => {
    if (!d) return null;
    const signs = new Set(d.flags.map(testKey));
    const name = d.school?.name ?? d.tests[0]?.name ?? null;
    const changes: ChangeRow[] = d.tests
      .filter((t) => (t.indicator === 'jump' || isGia(t)) && t.base !== null && t.observed !== null)
      .map((t) => ({
        label: isGia(t) ? 'ОГЭ: качество' : `${t.paper}: ${measureLabel(t.measure)}`,
        base: t.base!,
        observed: t.observed!,
        expected: isGia(t) ? null : t.expected,
        gia: isGia(t),
      }));
    return {
      signs,
      name,
      bins: filledBins(d.bars, d.thresholds),
      inferredScales: d.thresholds.some(
        (t) => t.inferred && d.bars.some((b) => b.subject === t.subject && b.grade === t.grade),
      ),
      changes,
      own: d.journal.find((j) => j.school_id === schoolId) ?? null,
    };
  }, [d, schoolId]);
  return (
    <section
      id="evidence"
      ref={section}
      tabIndex={-1}
      data-school={schoolId}
      aria-label={`Доказательства, ${year}: ${view?.name ?? schoolId}`}
      data-testid="evidence"
      data-loading={q.loading || (!d && !q.error) ? 'true' : 'false'}
      className={`space-y-4 focus:outline-none ${q.loading && d ? 'opacity-60' : ''}`}
    >
      <Panel
        title={`Доказательства, ${year}: ${view?.name ?? schoolId}`}
        note="Каждая проверка сравнивает показанное школой с ожидаемым по долям региона и другим результатам самой школы; z — насколько расхождение превышает обычный разброс между школами. «z признака» — наибольший порог, при котором проверка остаётся признаком: её z или, для журнала, средней отметки и пиков, z всего класса, всей школы или этой работы за три года, если признак держится на них (причина — в списке маркеров); «—» — не признак ни при каком пороге (например, рост подтверждён ОГЭ или, для журнала, средняя отметка работы выше ожидаемой меньше чем на z = 2), «мало уч.» — в работе меньше участников, чем нужно для признака. Выделены проверки, которые при текущих порогах стали признаками."
      >
        {!d || !view ? (
          <p className="text-sm text-slate-500" role="status">
            {q.error ? `Не удалось прочитать проверки: ${q.error}` : 'Загружаем проверки школы…'}
          </p>
        ) : d.papers.length === 0 && d.tests.length === 0 ? (
          <p className="text-sm" data-testid="evidence-empty">
            Нет данных: у школы нет работ ВПР за {year} год, которые можно проверить (нужны results ВПР с
            отметками).
          </p>
        ) : d.tests.length === 0 ? (
          <p className="text-sm" data-testid="evidence-clean">
            {quietPapersText(d.papers, state.objectivity.minPupils)}
          </p>
        ) : (
          <div className="space-y-2">
            <p className="text-sm">
              <SchoolLink id={schoolId} name="Карточка ОО" className="text-sky-800 underline" /> · признаков:{' '}
              {formatInt(d.flags.length)}
            </p>
            <TestsTable
              tests={d.tests}
              signs={view.signs}
              minPupils={state.objectivity.minPupils}
              zMin={state.objectivity.zMin}
            />
          </div>
        )}
      </Panel>
      {d && view && (d.papers.length > 0 || d.tests.length > 0) && (
        <>
          <Panel
            title="Первичные баллы по работам"
            note="Столбцы — учащиеся на каждом балле (пустые баллы — 0); пунктир и рыжие столбцы — минимальный балл отметок «3», «4», «5»; белый кружок — сколько учащихся ожидалось ровно на этом балле по доле региона среди набравших его или на 1–2 балла меньше."
          >
            {view.bins.length ? (
              <>
                <ScoreHistogram bins={view.bins} expected={d.expected} thresholds={d.thresholds} />
                {view.inferredScales && (
                  <p className="mt-2 text-xs text-slate-600" data-testid="evidence-inferred-scales">
                    Минимальные баллы отметок выведены из распределений баллов и отметок школ региона: шкал
                    (mark_scales) этих работ за {year} год в данных нет.
                  </p>
                )}
              </>
            ) : (
              <p className="text-sm" data-testid="evidence-no-scores">
                Нет данных: у школы за {year} год нет распределения первичных баллов (score_dist и
                mark_scales) — пики не проверяются.
              </p>
            )}
          </Panel>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <Panel
              title={
                d.journalPaper
                  ? `Повысили отметку, ${d.journalPaper.label}: школа среди школ региона`
                  : 'Повысили отметку: школа среди школ региона'
              }
              note={
                d.journalPaper
                  ? `Серые столбцы — школы региона (${MIN_PARTICIPANTS_RANK}+ участников в работе) по доле учащихся, получивших в работе ${d.journalPaper.label} отметку ВПР выше журнальной; линия — эта школа в этой работе${d.journalPaper.sign ? ' (признак при текущих порогах)' : ''}. Выбрана работа, чья проверка журнала выделяется сильнее всего; остальные — в таблице проверок выше.`
                  : `Серые столбцы — школы региона (${MIN_PARTICIPANTS_RANK}+ участников) по доле учащихся, получивших на ВПР отметку выше журнальной, все работы года; линия — эта школа по всем своим работам. Ни одна работа школы не выделяется долей повысивших (z ≥ 2).`
              }
            >
              {view.own ? (
                <JournalChart region={d.journal} own={view.own} paper={d.journalPaper?.label} />
              ) : (
                <p className="text-sm">
                  Нет данных: у школы за {year} год нет сравнения отметок ВПР с журнальными (vpr_journal).
                </p>
              )}
            </Panel>
            <Panel
              title="Изменение с прошлого года: школа и регион"
              note="Стрелка — от прошлогоднего значения работы к нынешнему; чёрная черта — сколько ожидалось, если бы школа изменилась как регион; зелёная стрелка — качество ОГЭ школы. Рост, который подтверждает ОГЭ или другие классы, признаком не считается."
            >
              {view.changes.length ? (
                <ChangeChart rows={view.changes} />
              ) : (
                <p className="text-sm" data-testid="evidence-no-changes">
                  Резких изменений нет: ни одна работа не изменилась с {year - 1} года заметнее, чем в регионе
                  (z ≥ 2), или её результатов за {year - 1} год нет ({CHANGE_MIN_PUPILS}+ участников в оба
                  года).
                </p>
              )}
            </Panel>
          </div>
        </>
      )}
    </section>
  );
}
