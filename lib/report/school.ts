// The one-school report («Справка по ОО»): its history in the lists, its results against its municipality
// and the region, signs of non-objective results and the risk group, from the card's own metric functions.
import type { Engine } from '../db/engine';
import { listLabel } from '../narrative';
import { DEFAULT_LIST } from '../filters';
import {
  schoolArea,
  schoolById,
  schoolListHistory,
  type ListHistoryRow,
  type SchoolHit,
} from '../metrics/school';
import {
  areaIndicators,
  schoolIndicators,
  type AreaIndicatorRow,
  type SchoolIndicatorRow,
} from '../metrics/results';
import { KEY_SUBJECTS } from '../metrics/listed-results';
import { objectivityMarkers, type MarkerRow } from '../metrics/objectivity';
import { schoolRisk, type RiskRow } from '../metrics/risk';
import type { Block, DataProvenance, Report, ReportSection } from './model';
import { count, dateRu, MARKER, NBSP, subjectsText, yearRanges, years } from './russian';
import { PROCEDURE_INDICATORS, seriesClause, valueText, WORDING } from './series';

const PROCEDURES = ['ВПР', 'ОГЭ', 'ЕГЭ'];
const RESULT_YEARS = 5;
const NO_DATA = 'нет данных';

export interface SchoolResults {
  procedure: string;
  subject: string;
  own: SchoolIndicatorRow[];
  areas: AreaIndicatorRow[];
}

export interface SchoolData {
  school: SchoolHit;
  history: ListHistoryRow[];
  results: SchoolResults[];
  markers: MarkerRow[];
  /** The rule in the school's latest year with results (year null: no results). */
  risk: { year: number | null; row: RiskRow | null };
}

export async function schoolData(db: Engine, id: string): Promise<SchoolData | null> {
  const school = await schoolById(db, id);
  if (!school) return null;
  const pairs = PROCEDURES.flatMap((procedure) => KEY_SUBJECTS.map((subject) => ({ procedure, subject })));
  const [history, markers, risk, results] = await Promise.all([
    schoolListHistory(db, id),
    objectivityMarkers(db, { school: id }),
    schoolRisk(db, id),
    Promise.all(
      pairs.map(async (f) => ({
        ...f,
        own: await schoolIndicators(db, id, f),
        areas: await areaIndicators(db, { ...f, ...schoolArea(school) }),
      })),
    ),
  ]);
  return { school, history, results, markers, risk };
}

const p = (text: string): Block => ({ kind: 'p', text });

export function schoolReport(d: SchoolData, provenance: DataProvenance, issued: string): Report {
  const s = d.school;
  return {
    title: 'Справка по общеобразовательной организации',
    subtitle: s.name,
    meta: [
      ['Код ОО', s.school_id],
      ['Муниципалитет', s.municipality],
      [
        'Тип, местность',
        `${s.type}, ${s.location}${s.closed_year ? `; закрыта в ${s.closed_year}${NBSP}году` : ''}`,
      ],
      ['Источник данных', provenance.source],
      ['Данные по состоянию на', provenance.date ? dateRu(provenance.date) : 'дата не указана'],
      ['Дата составления', dateRu(issued)],
    ],
    sections: [historySection(d), resultsSection(d), signsSection(d)],
  };
}

function historySection(d: SchoolData): ReportSection {
  const text: string[] = [];
  const lists = [...new Set(d.history.map((h) => h.list))];
  const shnor = d.history.filter((h) => h.list === DEFAULT_LIST);
  const on = shnor.filter((h) => h.listed).map((h) => h.year);
  if (!shnor.length) text.push('Перечня ШНОР в данных нет.');
  else if (!on.length)
    text.push(`ОО не входила в перечень ШНОР (перечни ${yearRanges(shnor.map((h) => h.year))}${NBSP}гг.).`);
  else {
    text.push(
      `ОО входила в перечень ШНОР в ${yearRanges(on)}${NBSP}${on.length > 1 ? 'гг.' : 'г.'} ` +
        `(${count(on.length, ['перечень', 'перечня', 'перечней'])}).`,
    );
    const last = shnor.at(-1)!;
    const closed = d.school.closed_year;
    text.push(
      last.listed
        ? `В перечне ${last.year}${NBSP}года — ${years(last.streak!)} подряд.`
        : closed && closed <= last.year
          ? `С ${closed}${NBSP}года ОО закрыта.`
          : `В перечень ${last.year}${NBSP}года ОО не вошла.`,
    );
  }
  for (const l of lists.filter((x) => x !== DEFAULT_LIST)) {
    const ys = d.history.filter((h) => h.list === l && h.listed).map((h) => h.year);
    if (ys.length)
      text.push(`В перечне ${listLabel(l)}: ${yearRanges(ys)}${NBSP}${ys.length > 1 ? 'гг.' : 'г.'}`);
  }
  const allYears = [...new Set(d.history.map((h) => h.year))].sort((a, b) => a - b);
  return {
    id: 'history',
    title: 'История в перечнях',
    blocks: [
      p(text.join(' ')),
      ...(lists.length
        ? [
            {
              kind: 'table' as const,
              table: {
                caption:
                  'ОО в перечнях по годам (число — год в перечне подряд; «—» — перечень опубликован, ' +
                  `ОО в нём нет${d.school.closed_year ? '; «закр.» — ОО закрыта' : ''})`,
                header: ['Перечень', ...allYears.map(String)],
                numeric: [false, ...allYears.map(() => true)],
                rows: lists.map((l) => [
                  listLabel(l),
                  ...allYears.map((y) => {
                    const h = d.history.find((x) => x.list === l && x.year === y);
                    const closed = d.school.closed_year !== null && y >= d.school.closed_year;
                    return !h ? 'не публ.' : h.listed ? String(h.streak) : closed ? 'закр.' : '—';
                  }),
                ]),
              },
            },
          ]
        : []),
    ],
  };
}

function resultsSection(d: SchoolData): ReportSection {
  const blocks: Block[] = [];
  const m = d.school.municipality;
  for (const proc of PROCEDURES) {
    const sets = d.results.filter((r) => r.procedure === proc && r.own.length);
    if (!sets.length) {
      blocks.push(p(`${proc}: результатов ОО ${subjectsText([...KEY_SUBJECTS])} в данных нет.`));
      continue;
    }
    const yearsWith = [...new Set(sets.flatMap((r) => r.own.map((o) => o.year)))]
      .sort((a, b) => a - b)
      .slice(-RESULT_YEARS);
    const sentences: string[] = [];
    const rows: string[][] = [];
    for (const r of sets) {
      sentences.push(`${proc}, ${r.subject.toLowerCase()}.`);
      for (const key of PROCEDURE_INDICATORS[proc]) {
        const w = WORDING[key]!;
        const own = r.own.filter((o) => yearsWith.includes(o.year) && o[key] !== null);
        let clause = seriesClause(
          w,
          'у ОО',
          own.map((o) => ({ year: o.year, value: o[key] as number })),
        );
        const last = own.at(-1);
        if (last) {
          const at = (level: string) => r.areas.find((a) => a.level === level && a.year === last.year)?.[key];
          const v = (x: number | null | undefined) =>
            x === null || x === undefined ? NO_DATA : valueText(w, x);
          clause +=
            `; в ${last.year}${NBSP}году по муниципалитету — ${v(at('municipality'))}, по региону ` +
            `— ${v(at('region'))}`;
          if (last.small_sample) clause += ` (у ОО меньше 10 участников: результат малоинформативен)`;
        }
        sentences.push(`${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`);
        const cells = (vals: (number | null | undefined)[]) =>
          vals.map((x) => (x === null || x === undefined ? NO_DATA : valueText(w, x)));
        rows.push([
          r.subject,
          w.name,
          'ОО',
          ...cells(yearsWith.map((y) => r.own.find((o) => o.year === y)?.[key])),
        ]);
        rows.push([
          r.subject,
          w.name,
          m,
          ...cells(
            yearsWith.map((y) => r.areas.find((a) => a.level === 'municipality' && a.year === y)?.[key]),
          ),
        ]);
        rows.push([
          r.subject,
          w.name,
          'Регион',
          ...cells(yearsWith.map((y) => r.areas.find((a) => a.level === 'region' && a.year === y)?.[key])),
        ]);
      }
    }
    blocks.push(p(sentences.join(' ').replace(/\.\.$/, '.')));
    blocks.push({
      kind: 'table',
      table: {
        caption: `${proc}: ОО, муниципалитет и регион`,
        header: ['Предмет', 'Показатель', 'Кто', ...yearsWith.map(String)],
        numeric: [false, false, false, ...yearsWith.map(() => true)],
        rows,
      },
    });
  }
  return { id: 'results', title: 'Результаты ОО, муниципалитета и региона', blocks };
}

function signsSection(d: SchoolData): ReportSection {
  const text: string[] = [];
  if (d.markers.length)
    text.push(
      `Признаки необъективности результатов ВПР (маркеры — работы ВПР с ` +
        `признаками): ${d.markers.map((m) => `${m.year}${NBSP}г. — ${count(m.markers, MARKER)}`).join(', ')}.`,
    );
  else
    text.push(
      'Признаков необъективности результатов ВПР ни в одном году не выявлено: ОО не входит в число ' +
        'школ с признаками необъективности.',
    );
  const { year, row } = d.risk;
  const shnorThen = d.history.find((h) => h.list === DEFAULT_LIST && h.year === year);
  if (row) text.push(`В ${row.year}${NBSP}году ОО в группе риска по расчёту: ${row.reasons}.`);
  else if (year === null)
    text.push('Результатов ОО в данных нет: группа риска по расчёту не определялась (нет данных).');
  else if (shnorThen?.listed)
    text.push(`ОО в перечне ШНОР ${year}${NBSP}года, поэтому в группу риска по расчёту не включается.`);
  else text.push(`В ${year}${NBSP}году, последнем с результатами ОО, она не в группе риска по расчёту.`);
  return { id: 'signs', title: 'Объективность результатов и группа риска', blocks: [p(text.join(' '))] };
}
