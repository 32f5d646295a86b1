// The municipal (or regional) report's text: every sentence written from the figures of territoryData.
import { missingInputs } from '../objectivity-text';
import { cohortSentence, listLabel } from '../narrative';
import { PACE_YEARS } from '../metrics/target';
import { COHORT_CLASSES, cohortKnown } from '../metrics/lists';
import { MIN_BOTTOM_INDICATORS } from '../metrics/risk';
import { MIN_PARTICIPANTS_RANK } from '../metrics/results';
import { plural } from '../format';
import type { TerritoryData, TerritoryLists, TerritoryResults, TerritorySigns } from './data';
import type { Block, DataProvenance, Report, ReportSection, ReportTable } from './model';
import {
  capital,
  count,
  dateRu,
  int,
  joinAnd,
  printedDiff,
  setting,
  subjectsText,
  MARKER,
  NBSP,
  oo,
  pct,
  pp,
  ppAbs,
  SCHOOL_GENITIVE,
  signed,
  years,
} from './russian';
import {
  arrow,
  changeCell,
  direction,
  PROCEDURE_INDICATORS,
  seriesClause,
  valueText,
  WORDING,
} from './series';

type Full = TerritoryLists & TerritoryResults & TerritorySigns;

const NO_DATA = 'нет данных';
/** Rows of a long table (objectivity, risk) kept in the document; the rest are counted in a note. */
const MAX_ROWS = 30;
/** Result years a report's tables show, up to the report year. */
const RESULT_YEARS = 5;

const p = (text: string): Block => ({ kind: 'p', text });
const table = (t: ReportTable): Block => ({ kind: 'table', table: t });
const cell = (v: number | null | undefined, f: (x: number) => string) =>
  v === null || v === undefined ? NO_DATA : f(v);

interface Ctx {
  d: TerritoryData;
  year: number;
  L: string;
  region: boolean;
  /** «территории» / «региона» (genitive). */
  where: string;
  /** Published years of the list up to the report year. */
  published: number[];
}

/** The territory in the nominative: a municipality's name, several names, or the region. */
const territoryName = (d: TerritoryLists, whole = 'регион в целом') =>
  d.municipalities.length ? joinAnd(d.municipalities) : d.regions.length ? joinAnd(d.regions) : whole;

export function territoryReport(d: TerritoryData, provenance: DataProvenance, issued: string): Report {
  const L = listLabel(d.list);
  const meta: [string, string][] = [
    ['Территория', territoryName(d)],
    ['Перечень', d.year === null ? `${L}: в данных нет` : `${L}, ${d.year}${NBSP}год${sourceOf(d, d.year)}`],
    ['Результаты', `${joinAnd(d.procedures)} ${subjectsText(d.subjects)}`],
    ['Источник данных', provenance.source],
    ['Данные по состоянию на', provenance.date ? dateRu(provenance.date) : 'дата не указана'],
    ['Дата составления', dateRu(issued)],
  ];
  const title = `Справка о перечне ${L}${d.year === null ? '' : ` за ${d.year}${NBSP}год`}`;
  const subtitle = territoryName(d, 'Регион в целом');
  if (d.year === null) {
    return {
      title,
      subtitle,
      meta,
      sections: [
        {
          id: 'composition',
          title: 'Состав перечня',
          blocks: [
            p(
              `В загруженных данных нет перечня ${L}: справка не может быть составлена. Загрузите файл ` +
                `перечня (lists).`,
            ),
          ],
        },
      ],
    };
  }
  if (!d.cohorts.some((r) => r.year === d.year)) {
    const years = d.cohorts.map((r) => r.year);
    return {
      title,
      subtitle,
      meta,
      sections: [
        {
          id: 'composition',
          title: 'Состав перечня',
          blocks: [
            p(
              `Перечень ${L} за ${d.year}${NBSP}год в данных не ` +
                `опубликован${years.length ? ` (опубликованы перечни ${joinAnd(years.map(String))}${NBSP}${years.length > 1 ? 'годов' : 'года'})` : ''}: ` +
                `выберите год перечня.`,
            ),
          ],
        },
      ],
    };
  }
  const c: Ctx = {
    d,
    year: d.year,
    L,
    region: d.municipalities.length === 0,
    where: d.municipalities.length === 0 ? 'региона' : 'территории',
    published: d.cohorts.map((r) => r.year).filter((y) => y <= d.year!),
  };
  const hasResults = d.results !== undefined;
  const hasAll = hasResults && d.markers !== undefined;
  const sections = [
    composition(c),
    exitSection(c),
    shareSection(c),
    hasResults ? resultsSection(c) : pending('results', 'Результаты ОО перечня'),
    hasAll ? objectivitySection(c) : pending('objectivity', 'Объективность результатов и группа риска'),
    hasAll ? schoolsSection(c) : pending('schools', `ОО перечня ${c.year}${NBSP}года`),
  ];
  if (c.region) sections.push(hasResults ? municipalSection(c) : pending('municipalities', 'Муниципалитеты'));
  return { title, subtitle, meta, sections };
}

/** A section whose figures are still being computed (the page shows the others meanwhile). */
const pending = (id: string, title: string): ReportSection => ({
  id,
  title,
  pending: true,
  blocks: [p('Считаем показатели раздела…')],
});

/** Ends a sentence, unless it ends with an abbreviation's full stop («п. п.»). */
const sentence = (s: string) => (s.endsWith('.') ? s : `${s}.`);

function sourceOf(d: TerritoryData, year: number): string {
  const s = d.sources.find((r) => r.year === year)?.source;
  return s ? ` (${s})` : '';
}

function composition(c: Ctx): ReportSection {
  const { d, year, L } = c;
  const rows = d.cohorts.filter((r) => r.year <= year);
  const now = rows.find((r) => r.year === year)!;
  const prev = rows.at(-2);
  const text = [cohortSentence(now)];
  if (!prev) text.push(`Перечень ${year}${NBSP}года — первый в данных: сравнить не с чем.`);
  else {
    if (prev.year !== year - 1)
      text.push(
        `Перечня за ${yearsBetween(prev.year, year)} в данных нет: сравнение — с ${prev.year}${NBSP}годом.`,
      );
    const diff = now.listed - prev.listed;
    text.push(
      diff === 0
        ? `По сравнению с ${prev.year}${NBSP}годом число ОО в перечне не изменилось (${int(now.listed)}).`
        : `По сравнению с ${prev.year}${NBSP}годом число ОО в ` +
            `перечне ${diff > 0 ? 'увеличилось' : 'уменьшилось'} на ${int(Math.abs(diff))} ` +
            `(с ${int(prev.listed)} до ${int(now.listed)}).`,
    );
  }
  return {
    id: 'composition',
    title: 'Состав перечня',
    blocks: [
      p(text.join(' ')),
      table({
        caption: `ОО в перечне ${L} по годам и числу лет в перечне подряд`,
        header: [
          'Год',
          'В перечне',
          'Впервые',
          'Вернулись',
          '2-й год подряд',
          '3-й год подряд',
          '4-й год и более',
          'Изменение',
        ],
        numeric: [false, true, true, true, true, true, true, true],
        rows: rows.map((r, i) => [
          String(r.year),
          int(r.listed),
          ...COHORT_CLASSES.map((k) => (cohortKnown(k, r.years_before) ? int(r[k]) : NO_DATA)),
          i ? signed(r.listed - rows[i - 1].listed) : '—',
        ]),
      }),
      {
        kind: 'chart',
        id: 'chart-report-streaks',
        caption:
          `ОО в перечне ${L} по годам и числу лет в перечне подряд (от тёмного к светлому: 1-й, 2-й, 3-й ` +
          `год, 4 года и более${
            d.byStreak.some((r) => r.year <= year && !r.known && r.schools > 0)
              ? '; белый — срок не известен: в данных нет перечней прошлых лет'
              : ''
          })`,
        chart: { kind: 'streaks', rows: d.byStreak.filter((r) => r.year <= year) },
      },
    ],
  };
}

/** «2023 год», «2021–2022 годы» between two published years. */
function yearsBetween(from: number, to: number): string {
  return to - from === 2 ? `${from + 1}${NBSP}год` : `${from + 1}–${to - 1}${NBSP}годы`;
}

function exitSection(c: Ctx): ReportSection {
  const { d, year, L } = c;
  const text: string[] = [];
  const prevYear = c.published.at(-2);
  const into = d.exits.find((e) => e.next_year === year);
  if (prevYear === undefined)
    text.push(
      `Перечня до ${year}${NBSP}года в данных нет: выход из перечня к ${year}${NBSP}году — нет данных.`,
    );
  else if (!into)
    text.push(
      `В перечне ${prevYear}${NBSP}года ОО ${c.where} не было: выход из перечня к ${year}${NBSP}году ` +
        `не оценивается.`,
    );
  else {
    const exited = into.exited ?? 0;
    const verb = plural(exited, ['вышла', 'вышли', 'вышли']);
    text.push(
      exited === 0
        ? `Из ${oo(into.listed)} перечня ${into.year}${NBSP}года к ${year}${NBSP}году из перечня не ` +
            `вышла ни одна ОО (доля выхода — ${cell(into.exit_rate, pct)}).`
        : `Из ${oo(into.listed)} перечня ${into.year}${NBSP}года к ${year}${NBSP}году из ` +
            `перечня ${verb} ${oo(exited)}: доля выхода в эффективный режим — ${cell(into.exit_rate, pct)}.`,
    );
    if (into.closed) text.push(`Закрытые ОО (${int(into.closed)}) в расчёт доли не включены.`);
    if (into.closed === null)
      text.push('Закрытия ОО не известны (нет справочника школ): закрытые ОО учтены как вышедшие.');
    const r = d.regionExits?.find((e) => e.next_year === year);
    if (r && r.exit_rate !== null && into.exit_rate !== null) {
      const diff = printedDiff(into.exit_rate, r.exit_rate);
      text.push(
        `По региону доля выхода ` +
          `— ${pct(r.exit_rate)}: ${pp(diff) === pp(0) ? 'столько же' : `у территории на ${ppAbs(diff)} ${diff > 0 ? 'выше' : 'ниже'}`}.`,
      );
    }
  }
  const sustained = d.exits
    .filter((e) => e.sustained !== null && e.next_year !== null && e.year < year && (e.exited ?? 0) > 0)
    .at(-1);
  if (sustained) {
    const all = d.cohorts.map((r) => r.year);
    const after = all[all.indexOf(sustained.next_year!) + 1];
    text.push(
      `Из ${oo(sustained.exited!)}, ${plural(sustained.exited!, ['вышедшей', 'вышедших', 'вышедших'])} ` +
        `из перечня ${sustained.year}${NBSP}года к ${sustained.next_year}${NBSP}году, устойчивый выход ` +
        `(нет и в перечне ${after}${NBSP}года) — ${int(sustained.sustained!)}; вернулись в перечень в ` +
        `каком-либо из последующих лет (и после ${after}${NBSP}года: такие ОО входят и в устойчиво вышедших) — ` +
        `${int(sustained.reentered!)}.`,
    );
  } else
    text.push(
      'Устойчивость выхода оценить нельзя: для этого нужен перечень, опубликованный через год после ' +
        'выхода (нет данных).',
    );
  const from = d.exits.find((e) => e.year === year);
  if (!from || from.next_year === null)
    text.push(
      `Выход из перечня ${year}${NBSP}года ещё не наблюдается: следующий перечень в данных не ` +
        `опубликован (нет данных).`,
    );
  else
    text.push(
      `Из перечня ${year}${NBSP}года ` +
        `к ${from.next_year}${NBSP}году ${plural(from.exited ?? 0, ['вышла', 'вышли', 'вышли'])} ${oo(from.exited ?? 0)} ` +
        `(${cell(from.exit_rate, pct)}).`,
    );
  const rows = d.exits.filter((e) => e.year <= year);
  const regionRate = (y: number) => d.regionExits?.find((e) => e.year === y)?.exit_rate;
  const header = [
    'Перечень года',
    'Следующий перечень',
    'В перечне',
    'Вышли',
    'Закрыты',
    'Доля выхода',
    'Устойчивый выход',
    'Вернулись позднее',
  ];
  return {
    id: 'exits',
    title: 'Выход из перечня (переход в эффективный режим)',
    blocks: [
      p(text.join(' ')),
      rows.length
        ? table({
            caption: `Выход ОО из перечня ${L} к следующему году`,
            header: c.region ? header : [...header, 'Доля выхода по региону'],
            numeric: [false, false, true, true, true, true, true, true, true],
            rows: rows.map((e) => {
              const row = [
                String(e.year),
                e.next_year === null ? NO_DATA : String(e.next_year),
                int(e.listed),
                cell(e.exited, int),
                cell(e.closed, int),
                cell(e.exit_rate, pct),
                cell(e.sustained, int),
                cell(e.reentered, int),
              ];
              return c.region ? row : [...row, cell(regionRate(e.year), pct)];
            }),
            note: rows.some((e) => e.exit_rate === null || e.sustained === null)
              ? '«Нет данных» — выход ещё не наблюдается: следующий перечень (для устойчивого выхода — ' +
                'перечень через год после него) не опубликован.'
              : undefined,
          })
        : p(`ОО ${c.where} в перечнях ${L} нет: таблица выхода не составляется.`),
    ],
  };
}

function shareSection(c: Ctx): ReportSection {
  const { d, year } = c;
  const s = d.shares.find((r) => r.year === year);
  const text: string[] = [];
  const target = d.target;
  if (!s || s.share === null || s.active === null)
    text.push(`Доля ОО в перечне — нет данных: в данных нет действующих ОО ${c.where}.`);
  else {
    if (s.listed === 0)
      text.push(
        `В ${year}${NBSP}году ОО ${c.where} в перечне нет (0 ` +
          `из ${int(s.active)} ${plural(s.active, ['действующей', 'действующих', 'действующих'])} ОО).`,
      );
    else
      text.push(
        `В ${year}${NBSP}году в перечне ${oo(s.listed)} ` +
          `из ${int(s.active)} ${plural(s.active, ['действующей', 'действующих', 'действующих'])} ` +
          `ОО ${c.where} — ${pct(s.share)}.`,
      );
    const gap = printedDiff(s.share, target);
    text.push(
      sentence(
        `Целевое значение — не ` +
          `более ${setting(target)}: ${pp(gap) === pp(0) ? 'доля равна целевому значению' : `доля ${gap > 0 ? 'выше' : 'ниже'} целевого значения на ${ppAbs(gap)}`}`,
      ),
    );
    const pace = d.pace;
    if (!pace || pace.pace === null)
      text.push(
        !pace || pace.pace_years < 2
          ? `Темп изменения доли оценить нельзя: перечня ${c.L} до ${year}${NBSP}года в данных нет.`
          : 'Темп изменения доли оценить нельзя: доля известна меньше чем за два года перечня.',
      );
    else {
      const used = c.published.slice(-Math.min(PACE_YEARS, pace.pace_years));
      const over = `За ${pace.pace_from}–${year}${NBSP}годы (перечни ${joinAnd(used.map(String))}${NBSP}годов)`;
      const dir = pp(pace.pace) === pp(0) ? 0 : pace.pace < 0 ? -1 : 1;
      const move =
        dir === 0
          ? 'доля практически не менялась'
          : `доля ${dir < 0 ? 'снижалась' : 'росла'} в среднем на ${ppAbs(pace.pace)} в год`;
      let outlook = '';
      if (gap > 0 && pace.years_to_target !== null && pace.years_to_target > 0)
        outlook =
          `; при сохранении этого темпа целевое значение будет достигнуто примерно ` +
          `через ${years(pace.years_to_target)} — к ${year + pace.years_to_target}${NBSP}году`;
      else if (gap > 0) outlook = '; при таком темпе целевое значение не будет достигнуто';
      text.push(sentence(`${over} ${move}${outlook}`));
    }
  }
  const rows = d.shares.filter((r) => r.year <= year);
  return {
    id: 'share',
    title: 'Доля ОО в перечне и целевое значение',
    blocks: [
      p(text.join(' ')),
      table({
        caption: `Доля действующих ОО ${c.where} в перечне ${c.L}`,
        header: ['Год', 'В перечне', 'Действующих ОО', 'Доля', 'Отклонение от цели'],
        numeric: [false, true, true, true, true],
        rows: rows.map((r) => [
          String(r.year),
          int(r.listed),
          cell(r.active, int),
          cell(r.share, pct),
          cell(r.share, (x) => pp(printedDiff(x, target))),
        ]),
      }),
      {
        kind: 'chart',
        id: 'chart-report-share',
        caption: `Доля ОО в перечне и целевое значение ${setting(target)} (пунктир)`,
        chart: { kind: 'share', rows, target },
      },
    ],
  };
}

function resultsSection(c: Ctx): ReportSection {
  const { year } = c;
  const d = c.d as Full;
  const rows = d.results.filter((r) => r.year <= year);
  const listedN = d.cohorts.find((r) => r.year === year)!.listed;
  const others = c.region ? 'остальных ОО региона' : 'остальных ОО территории';
  const withOthers = c.region ? 'остальными ОО региона' : 'остальными ОО территории';
  const groups: Record<string, string> = {
    listed: 'ОО перечня',
    others: capital(others.replace('остальных', 'остальные')),
    region: 'Регион',
  };
  const blocks: Block[] = [];
  if (!rows.length) {
    blocks.push(
      p(
        `Результатов ${joinAnd(d.procedures)} ${subjectsText(d.subjects)} в данных нет: раздел не ` +
          `заполнен. Загрузите файл результатов (results).`,
      ),
    );
    return { id: 'results', title: 'Результаты ОО перечня', blocks };
  }
  if (!listedN) {
    blocks.push(p(`В перечне ${year}${NBSP}года ОО ${c.where} нет: результаты ОО перечня не сравниваются.`));
    return { id: 'results', title: 'Результаты ОО перечня', blocks };
  }
  blocks.push(
    p(
      `Сравниваются ОО перечня ${year}${NBSP}года (${oo(listedN)}) с ${withOthers} и с регионом в ` +
        `целом по годам; показатели — по всем классам, в которых проводилась процедура, с учётом числа ` +
        `участников.`,
    ),
  );
  for (const proc of d.procedures) {
    const own = rows.filter((r) => r.procedure === proc);
    const yearsWith = [...new Set(own.map((r) => r.year))].sort((a, b) => a - b).slice(-RESULT_YEARS);
    if (!yearsWith.length) {
      blocks.push(p(`${proc}: результатов ${subjectsText(d.subjects)} в данных нет.`));
      continue;
    }
    const sentences: string[] = [];
    const tableRows: string[][] = [];
    for (const subject of [...new Set(own.map((r) => r.subject))].sort().reverse()) {
      const clauses: string[] = [];
      for (const key of PROCEDURE_INDICATORS[proc]) {
        const w = WORDING[key]!;
        const of = (g: string) =>
          own.filter(
            (r) => r.subject === subject && r.group === g && yearsWith.includes(r.year) && r[key] !== null,
          );
        const listed = of('listed').map((r) => ({ year: r.year, value: r[key] as number }));
        let clause = seriesClause(w, 'у ОО перечня', listed);
        const lastYear = listed.at(-1)?.year ?? yearsWith.at(-1)!;
        const at = (g: string) => of(g).find((r) => r.year === lastYear)?.[key];
        clause +=
          `; в ${lastYear}${NBSP}году у ${others} ` +
          `— ${at('others') === undefined ? NO_DATA : valueText(w, at('others') as number)}, по региону ` +
          `— ${at('region') === undefined ? NO_DATA : valueText(w, at('region') as number)}`;
        clauses.push(clause);
        for (const g of ['listed', 'others', 'region']) {
          const series = of(g);
          tableRows.push([
            subject,
            w.name,
            groups[g],
            ...yearsWith.map((y) =>
              cell(series.find((r) => r.year === y)?.[key] as number | undefined, (v) => valueText(w, v)),
            ),
          ]);
        }
      }
      sentences.push(`${proc}, ${subject.toLowerCase()}.`, ...clauses.map((x) => sentence(capital(x))));
    }
    blocks.push(p(sentences.join(' ')));
    blocks.push(
      table({
        caption: `${proc}: ОО перечня, ${others.replace('остальных', 'остальные')} и регион`,
        header: ['Предмет', 'Показатель', 'Группа', ...yearsWith.map(String)],
        numeric: [false, false, false, ...yearsWith.map(() => true)],
        rows: tableRows,
      }),
    );
  }
  const vpr = rows.filter((r) => r.procedure === 'ВПР' && r.share_2 !== null);
  if (vpr.length)
    blocks.push({
      kind: 'chart',
      id: 'chart-report-results',
      caption:
        `ВПР: доля «2» по предметам (сплошная линия — ОО перечня, штриховая ` +
        `— ${others.replace('остальных', 'остальные')}, точечная — регион)`,
      chart: { kind: 'results', rows: vpr },
    });
  return { id: 'results', title: 'Результаты ОО перечня', blocks };
}

function objectivitySection(c: Ctx): ReportSection {
  const { year } = c;
  const d = c.d as Full;
  const blocks: Block[] = [];
  const listedIds = new Set(d.listed.map((s) => s.school_id));
  const muni = (name: string, m: string) => (c.region ? [name, m] : [name]);
  const head = (h: string) => (c.region ? [h, 'Муниципалитет'] : [h]);
  // What the files could not check is said before any count, so that a short list is not read as a clean one.
  const missing =
    d.vprInYear && d.inputs ? missingInputs(d.inputs, () => 'признаки этого вида в справке не учтены') : [];
  if (missing.length) blocks.push(p(missing.join(' ')));
  if (!d.vprInYear)
    blocks.push(
      p(
        `Результатов ВПР за ${year}${NBSP}год в данных нет: признаки необъективности не оценивались ` +
          `(нет данных).`,
      ),
    );
  else if (!d.markers.length)
    blocks.push(
      p(
        `В ${year}${NBSP}году школ с признаками необъективности результатов ВПР среди ОО ${c.where} не ` +
          `выявлено.`,
      ),
    );
  else {
    const { schools: n, markers: total, one, two, threePlus, onList } = d.markerCounts!;
    const dist = [one, two].flatMap((v, i) =>
      v ? [`${count(i + 1, MARKER)} — у ${count(v, SCHOOL_GENITIVE)}`] : [],
    );
    if (threePlus) dist.push(`3 маркера и более — у ${count(threePlus, SCHOOL_GENITIVE)}`);
    blocks.push(
      p(
        `В ${year}${NBSP}году признаки необъективности результатов ВПР выявлены ` +
          `у ${count(n, SCHOOL_GENITIVE)} ${c.where}: ${n === 1 ? 'это школа' : 'это школы'} с признаками необъективности. Маркеров ` +
          `(работ ВПР с признаками) ` +
          `— ${int(total)}: ${dist.join(', ')}. ${onList ? `Из них в перечне ${c.L} ${year}${NBSP}года — ${oo(onList)}.` : `Ни одна из них не входит в перечень ${c.L} ${year}${NBSP}года.`}`,
      ),
    );
    blocks.push(
      table({
        caption: `Школы с признаками необъективности, ${year}${NBSP}год`,
        header: [...head('Школа'), 'Маркеры (работы ВПР с признаками)', `В перечне ${c.L}`],
        numeric: [...head('').map(() => false), true, false],
        rows: d.markers
          .slice(0, MAX_ROWS)
          .map((m) => [
            ...muni(m.name, m.municipality),
            int(m.markers),
            listedIds.has(m.school_id) ? 'да' : 'нет',
          ]),
        note:
          n > MAX_ROWS
            ? `Показаны ${MAX_ROWS} из ${count(n, SCHOOL_GENITIVE)} с наибольшим числом маркеров; полный ` +
              `список — в разделе «Объективность».`
            : undefined,
      }),
    );
  }
  const r = d.risk;
  const intro =
    'Группа риска — ОО вне перечня ШНОР, у которых доля «2» выросла за год на 10 п. п. и более или ' +
    'которые в нижней четверти региона по двум и более ключевым показателям (успеваемость ВПР и ОГЭ по ' +
    'русскому языку и математике).';
  if (!d.vprInYear && !r.length)
    blocks.push(
      p(
        `${intro} Результатов за ${year}${NBSP}год в данных нет: группа риска не определялась (нет ` +
          `данных).`,
      ),
    );
  else if (!r.length) blocks.push(p(`${intro} В ${year}${NBSP}году таких ОО среди ОО ${c.where} нет.`));
  else {
    const dyn = r.filter((x) => x.negative_dynamics).length;
    const low = r.filter((x) => x.bottom_quartile >= MIN_BOTTOM_INDICATORS).length;
    const both = dyn + low - r.length;
    // A school whose dynamics are not known is not «0 with negative dynamics».
    const unknown = r.filter((x) => x.negative_dynamics === null).length;
    const dynText =
      unknown === r.length
        ? `нет данных (динамика ${r.length === 1 ? 'этой ОО' : 'ни одной из них'} не известна: нужны результаты ${MIN_PARTICIPANTS_RANK} и более участников за этот и предыдущий год)`
        : `${int(dyn)}${unknown ? ` (у ${oo(unknown)} динамика не известна)` : ''}`;
    blocks.push(
      p(
        `${intro} В ${year}${NBSP}году в группе риска ${oo(r.length)}: с отрицательной динамикой ` +
          `— ${dynText}, в нижней четверти по двум и более показателям — ${int(low)}` +
          `${both > 0 ? ` (по обеим причинам — ${int(both)})` : ''}.`,
      ),
    );
    blocks.push(
      table({
        caption: `Группа риска, ${year}${NBSP}год`,
        header: [...head('Школа'), 'Причины'],
        numeric: [...head('').map(() => false), false],
        rows: r.slice(0, MAX_ROWS).map((x) => [...muni(x.name, x.municipality), x.reasons]),
        note:
          r.length > MAX_ROWS
            ? `Показаны ${MAX_ROWS} из ${int(r.length)} ОО; полный список — в разделе «Группа риска».`
            : undefined,
      }),
    );
  }
  return { id: 'objectivity', title: 'Объективность результатов и группа риска', blocks };
}

function schoolsSection(c: Ctx): ReportSection {
  const { year } = c;
  const d = c.d as Full;
  const title = `ОО перечня ${year}${NBSP}года`;
  if (!d.listed.length)
    return {
      id: 'schools',
      title,
      blocks: [p(`В перечне ${c.L} ${year}${NBSP}года ОО ${c.where} нет: таблица не составляется.`)],
    };
  const w2 = WORDING.share_2!;
  const wq = WORDING.quality!;
  const s2 = new Map(d.share2Trends.map((t) => [t.school_id, t]));
  const q = new Map(d.qualityTrends.map((t) => [t.school_id, t]));
  const markers = new Map(d.markers.map((m) => [m.school_id, m.markers]));
  const tally = { fell: 0, rose: 0, same: 0, none: 0 };
  for (const s of d.listed) {
    const t = s2.get(s.school_id);
    if (!t || t.first_year === t.last_year) tally.none++;
    else tally[(['fell', 'same', 'rose'] as const)[direction(w2, t.first_value, t.last_value) + 1]]++;
  }
  const parts = [
    tally.fell ? `снизилась у ${count(tally.fell, SCHOOL_GENITIVE)}` : null,
    tally.rose ? `выросла у ${count(tally.rose, SCHOOL_GENITIVE)}` : null,
    tally.same ? `не изменилась у ${count(tally.same, SCHOOL_GENITIVE)}` : null,
  ].filter(Boolean) as string[];
  // The window's first year with ВПР results in the data: no years are named that the data does not reach.
  // Without any ВПР in the window the three years are named, and every school is said to lack them.
  const from = d.trendsFrom !== null ? Math.max(year - 2, Math.min(year, d.trendsFrom)) : year - 2;
  const period = from === year ? `${year}${NBSP}год` : `${from}–${year}${NBSP}годы`;
  const text = [`В перечне ${c.L} ${year}${NBSP}года — ${oo(d.listed.length)} ${c.where}.`];
  if (parts.length) text.push(`За ${period} доля «2» по ВПР (все предметы и классы) ${joinAnd(parts)}.`);
  if (tally.none)
    text.push(
      from === year
        ? `Изменение доли «2» не оценить: результатов ВПР до ${year}${NBSP}года в данных нет.`
        : `Результатов ВПР хотя бы за два из этих лет нет у ${count(tally.none, SCHOOL_GENITIVE)}.`,
    );
  const longest = Math.max(...d.listed.map((s) => s.streak));
  if (longest >= 2) {
    const who = d.listed.filter((s) => s.streak === longest);
    text.push(
      `Дольше всего подряд в перечне (${years(longest)}) ` +
        `— ${who.length > 3 ? oo(who.length) : joinAnd(who.map((s) => s.name))}.`,
    );
  }
  const span = (t: ReturnType<typeof s2.get>, w: typeof w2) =>
    !t
      ? [NO_DATA, NO_DATA]
      : t.first_year === t.last_year
        ? [`${valueText(w, t.last_value)} (${t.last_year})`, NO_DATA]
        : [
            `${valueText(w, t.first_value)} → ${valueText(w, t.last_value)}`,
            changeCell(w, t.first_value, t.last_value),
          ];
  const sorted = [...d.listed].sort(
    (a, b) => b.streak - a.streak || a.name.localeCompare(b.name, 'ru', { numeric: true }),
  );
  const head = c.region ? ['Школа', 'Муниципалитет'] : ['Школа'];
  return {
    id: 'schools',
    title,
    blocks: [
      p(text.join(' ')),
      table({
        caption:
          `ОО перечня ${year}${NBSP}года: ВПР за ${period} (первый и последний год ` +
          `с данными), признаки необъективности`,
        header: [
          ...head,
          'Лет в перечне подряд',
          'Доля «2»',
          'Изменение',
          'Качество',
          'Изменение',
          `Маркеры ${year}`,
        ],
        numeric: [...head.map(() => false), true, true, true, true, true, true],
        rows: sorted.map((s) => [
          ...(c.region ? [s.name, s.municipality] : [s.name]),
          int(s.streak),
          ...span(s2.get(s.school_id), w2),
          ...span(q.get(s.school_id), wq),
          d.vprInYear ? int(markers.get(s.school_id) ?? 0) : NO_DATA,
        ]),
        note:
          `${arrow(-1)} — показатель снизился, ${arrow(1)} — вырос, ${arrow(0)} — не изменился (с ` +
          `точностью до 0,1${NBSP}п.${NBSP}п.). Для доли «2» снижение — улучшение.`,
      }),
    ],
  };
}

function municipalSection(c: Ctx): ReportSection {
  const { year } = c;
  const d = c.d as Full;
  const rows = d.municipalRows ?? [];
  const prevYear = c.published.at(-2);
  const listedIn = (m: string, y: number | undefined) =>
    d.municipalByYear?.find((r) => r.municipality === m && r.year === y)?.listed;
  const changes = rows.map((r) => ({
    m: r.municipality,
    diff:
      prevYear === undefined || r.listed === null
        ? null
        : r.listed - (listedIn(r.municipality, prevYear) ?? 0),
  }));
  const text: string[] = [];
  const known = rows.filter((r) => r.share !== null);
  const over = known.filter((r) => r.share! > d.target + 1e-12).length;
  // A share that is not known is neither over the target nor under it.
  text.push(
    !known.length
      ? 'Доля ОО в перечне по муниципалитетам не известна: без справочника школ не известно, сколько школ в ' +
          'каждом муниципалитете.'
      : `Доля ОО в перечне выше целевого значения (${setting(d.target)}) ` +
          `в ${int(over)} ${plural(over, ['муниципалитете', 'муниципалитетах', 'муниципалитетах'])} ` +
          `из ${int(known.length)}${known.length < rows.length ? ` с известной долей (всего ${int(rows.length)})` : ''}.`,
  );
  if (prevYear === undefined)
    text.push(
      `Изменение числа ОО в перечне по муниципалитетам оценить нельзя: перечня ${c.L} до ${year}${NBSP}года в данных нет.`,
    );
  else {
    const top = (sign: 1 | -1) =>
      changes
        .filter((x) => x.diff !== null && sign * x.diff > 0)
        .sort((a, b) => sign * (b.diff! - a.diff!) || a.m.localeCompare(b.m, 'ru'))
        .slice(0, 3);
    const up = top(1);
    const down = top(-1);
    text.push(
      up.length
        ? `Наибольший рост числа ОО в перечне по сравнению с ${prevYear}${NBSP}годом ` +
            `— ${joinAnd(up.map((x) => `${x.m} (${signed(x.diff!)})`))}.`
        : `Число ОО в перечне по сравнению с ${prevYear}${NBSP}годом не выросло ни в одном муниципалитете.`,
    );
    text.push(
      down.length
        ? `Наибольшее снижение — ${joinAnd(down.map((x) => `${x.m} (${signed(x.diff!)})`))}.`
        : 'Снижения нет ни в одном муниципалитете.',
    );
  }
  return {
    id: 'municipalities',
    title: 'Муниципалитеты',
    blocks: [
      p(text.join(' ')),
      table({
        caption: `Муниципалитеты: перечень ${c.L}, ${year}${NBSP}год`,
        header: [
          'Муниципалитет',
          'Действующих ОО',
          'В перечне',
          'Доля',
          `Доля выхода к ${year}${NBSP}г.`,
          prevYear === undefined ? 'Изменение' : `Изменение к ${prevYear}${NBSP}г.`,
        ],
        numeric: [false, true, true, true, true, true],
        rows: rows.map((r, i) => [
          r.municipality,
          cell(r.active, int),
          cell(r.listed, int),
          cell(r.share, pct),
          cell(r.exit_rate, pct),
          changes[i].diff === null ? NO_DATA : signed(changes[i].diff!),
        ]),
      }),
    ],
  };
}
