// Words of the objectivity signs: paper labels as ФИС ОКО writes them («4 РУ»), the indicators' names and rules
// for «Методика», and each sign's reason with its figures. The figures come from the SQL
// (lib/metrics/objectivity-tests.ts); this module only words them.
import { formatInt, plural } from './format';
import { ruNumberText } from './input/ru-number';
import type { ObjectivityInputs, ObjectivitySettings } from './metrics/objectivity';
import {
  CONFIRM_Z,
  JOURNAL_CLASS_Z,
  JOURNAL_CONFIRM_Z,
  MIN_PAPER_PUPILS,
  PAPER_Z,
  POOLED_YEARS,
  SCALE_AGREEMENT,
  SCALE_MIN_SCHOOLS,
} from './metrics/objectivity-tests';

const SUBJECTS: Record<string, [code: string, dative: string]> = {
  'Русский язык': ['РУ', 'русскому языку'],
  Математика: ['МА', 'математике'],
  'Окружающий мир': ['ОМ', 'окружающему миру'],
  История: ['ИС', 'истории'],
  Биология: ['БИ', 'биологии'],
  География: ['ГГ', 'географии'],
  Обществознание: ['ОБ', 'обществознанию'],
  Физика: ['ФИ', 'физике'],
  Химия: ['ХИ', 'химии'],
  Литература: ['ЛИ', 'литературе'],
  Информатика: ['ИН', 'информатике'],
  'Английский язык': ['АЯ', 'английскому языку'],
  'Немецкий язык': ['НЯ', 'немецкому языку'],
  'Французский язык': ['ФЯ', 'французскому языку'],
};

/** «4 РУ», «5 МА»; a subject without a code keeps its name («6 Астрономия»). */
export const paperLabel = (subject: string, grade: number) => `${grade} ${SUBJECTS[subject]?.[0] ?? subject}`;
/** «в 5 классе по математике». */
export const paperPhrase = (subject: string, grade: number) =>
  `в ${grade} классе по ${SUBJECTS[subject]?.[1] ?? `предмету «${subject}»`}`;

const pct = (x: number | null) =>
  x === null || !Number.isFinite(x)
    ? '—'
    : `${(Math.round(x * 1000) / 10).toFixed(1).replace('.', ',')}\u00a0%`;
const num1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1).replace('.', ',').replace('-', '−');
export const zText = (z: number) => `z\u00a0=\u00a0${num1(z)}`;
/** A mean mark with two decimals, halves up: 3,975 → «3,98» (the nudge undoes 3,975's binary 3,97499…). */
export const markText = (x: number | null) =>
  x === null || !Number.isFinite(x) ? '—' : (Math.round(x * 100 + 1e-9) / 100).toFixed(2).replace('.', ',');

/** One test's figures, as the SQL gives them. */
export interface SignFigures {
  indicator: string;
  /**
   * What the test compares: raised, lowered, at_threshold (shares), quality (a change of the share of «4» and
   * «5»), gia (the mean mark against ОГЭ) or past (the mean mark against the paper's own past years).
   */
  measure: string;
  subject: string;
  grade: number;
  pupils: number;
  /** A share, or (unconfirmed) a mean mark; null for a combined sign (it has parts, not one value). */
  observed: number | null;
  expected: number | null;
  z: number;
  count_observed: number | null;
  count_expected: number | null;
  /**
   * Change: last year's value; unconfirmed: the predictor's mean mark (ОГЭ or the paper's own past years);
   * peaks: pupils around thresholds.
   */
  base: number | null;
  base_n: number | null;
  /** Jump: the same pupils' change a year earlier, as z (null when unknown). */
  cohort_z?: number | null;
  /** Journal, unconfirmed: z against the other subjects of the same class (null without them). */
  own_z?: number | null;
  /** Combined: the parts of the sum (journal, unconfirmed: z, or the class z when that is lower and under 2), null when absent. */
  journal_z?: number | null;
  unconfirmed_z?: number | null;
  peaks_z?: number | null;
  /**
   * Journal, unconfirmed, peaks: the paper's test pooled over this year and the ones before it, as z, when it
   * may make the sign (this year's z ≥ 2 and the class rule holds); null otherwise.
   */
  years_z?: number | null;
  /** The years pooled (2 or 3) and their pupils in all. */
  years?: number | null;
  years_pupils?: number | null;
  /** Journal, unconfirmed: the school's share above the journal and its mean mark against ОГЭ over all its papers, as z. */
  school_journal_z?: number | null;
  school_unconfirmed_z?: number | null;
}

const classText = (t: SignFigures) =>
  t.own_z === null || t.own_z === undefined ? '' : `; против других предметов этого класса ${zText(t.own_z)}`;

const pupilsText = (n: number) => `${formatInt(n)} уч.`;

/** The pooled years, when they say more than this year alone. */
const yearsText = (t: SignFigures) =>
  t.years_z == null || t.years == null || t.years_pupils == null || t.years_z <= t.z
    ? ''
    : `; эта работа за ${t.years} года вместе (${pupilsText(t.years_pupils)}) ${zText(t.years_z)}`;

/**
 * The school as a whole, when it makes the sign: this paper's z ≥ PAPER_Z and, over all the school's papers,
 * the other of the two (journal, unconfirmed) z ≥ PAPER_Z too; said when the school's z exceeds the paper's.
 */
function schoolText(t: SignFigures): string {
  const [own, other, otherLabel] =
    t.indicator === 'journal'
      ? [t.school_journal_z, t.school_unconfirmed_z, 'средняя отметка против ожидаемой по ОГЭ']
      : [t.school_unconfirmed_z, t.school_journal_z, 'доля получивших отметку выше журнальной'];
  if (own == null || other == null || t.z < PAPER_Z || other < PAPER_Z || own <= t.z) return '';
  return `; по всем работам школы вместе (с весом по числу участников) ${zText(own)}, ${otherLabel} ${zText(other)}`;
}

/** The Russian reason of one test, with the observed and expected figures and z. */
export function signReason(t: SignFigures): string {
  const where = `${paperLabel(t.subject, t.grade)}: ${paperPhrase(t.subject, t.grade)}`;
  const z = zText(t.z);
  switch (t.indicator) {
    case 'journal':
      return (
        `${where} ${pct(t.observed)} учащихся (${pupilsText(t.pupils)}) получили на ВПР отметку выше ` +
        `журнальной при ${pct(t.expected)} по региону; ${z}${classText(t)}${yearsText(t)}${schoolText(t)}`
      );
    case 'lenient':
      return (
        `${where} ${pct(t.observed)} учащихся (${pupilsText(t.pupils)}) получили на ВПР отметку ниже ` +
        `журнальной при ${pct(t.expected)} по региону — журнальные отметки завышены; ${z}`
      );
    case 'peaks':
      return (
        `${where} из ${formatInt(t.base ?? 0)} учащихся, набравших минимальный балл отметки или на 1–2 ` +
        `балла меньше, ровно минимальный балл у ${formatInt(t.count_observed ?? 0)} (${pct(t.observed)}) ` +
        `при ${pct(t.expected)} по региону (ожидалось ${num1(t.count_expected ?? 0)}); ${z}${yearsText(t)}`
      );
    case 'jump': {
      const cohort =
        t.cohort_z === null || t.cohort_z === undefined
          ? 'результатов этих же учащихся годом раньше нет, поэтому различие составов классов не исключено'
          : `у этих же учащихся годом раньше (${t.grade - 1} класс) результат был ниже, ` +
            'так что дело не в составе класса';
      return (
        `${where} качество (доля «4» и «5») выросло с ${pct(t.base)} до ${pct(t.observed)} ` +
        `(${pupilsText(t.pupils)}), а с учётом изменения по региону ожидалось ${pct(t.expected)}; ` +
        `ОГЭ школы и работы других классов так не выросли; ${z}. Год назад работу писали другие ` +
        `учащиеся; ${cohort}`
      );
    }
    case 'unconfirmed':
      return (
        `${where} средняя отметка ${markText(t.observed)} (${pupilsText(t.pupils)}) при ` +
        `${markText(t.expected)}, ожидаемой ` +
        (t.measure === 'gia'
          ? `по результатам ОГЭ школы (средняя отметка ОГЭ ${markText(t.base)} за два года, `
          : `по результатам этой же работы школы за два предыдущих года (средняя отметка ` +
            `${markText(t.base)}, `) +
        `${pupilsText(t.base_n ?? 0)}); ${z}${classText(t)}${yearsText(t)}${schoolText(t)}`
      );
    case 'combined': {
      const parts: [string, number][] = [];
      if (t.journal_z != null) parts.push(['отметки ВПР выше журнальных', t.journal_z]);
      if (t.unconfirmed_z != null) parts.push(['средняя отметка выше ожидаемой', t.unconfirmed_z]);
      if (t.peaks_z != null) parts.push(['пики на границах отметок', t.peaks_z]);
      // The sum is of the unrounded parts: «≈» where the printed parts would give another last digit.
      const printed =
        parts.reduce((sum, [, pz]) => sum + Math.round(10 * pz) / 10, 0) / Math.sqrt(parts.length);
      const eq = num1(printed) === num1(t.z) ? '=' : '≈';
      return (
        `${where} несколько признаков вместе (${pupilsText(t.pupils)}): ` +
        `${parts.map(([label, pz]) => `${label} ${zText(pz)}`).join(', ')}; ` +
        `вместе z\u00a0=\u00a0(${parts.map(([, pz]) => num1(pz)).join(' + ')})\u00a0/\u00a0√${parts.length}\u00a0${eq}\u00a0${num1(t.z)}`
      );
    }
    case 'gia':
      return (
        `ОГЭ: качество ${pct(t.observed)} при ${pct(t.base)} годом раньше; ${z} (изменение относительно ` +
        `региона)`
      );
    default:
      return `${where}: ${pct(t.observed)} при ожидаемых ${pct(t.expected)}; ${z}`;
  }
}

export const INDICATOR_LABELS: Record<string, string> = {
  journal: 'Отметки ВПР выше журнальных',
  peaks: 'Пики на границах отметок',
  jump: 'Резкий рост',
  unconfirmed: 'Высокие результаты не подтверждаются',
  combined: 'Несколько признаков вместе',
  lenient: 'Журнальные отметки выше отметок ВПР',
  gia: 'Изменение ОГЭ',
};

export const MEASURE_LABELS: Record<string, string> = {
  raised: 'повысили отметку',
  lowered: 'понизили отметку',
  at_threshold: 'ровно на границе',
  quality: 'качество',
  gia: 'средняя отметка против ОГЭ',
  past: 'средняя отметка против прошлых лет',
  stouffer: 'сумма по Стоуфферу',
};

/** The school-wide way of the journal and unconfirmed signs (candidatesSql), for «Методика». */
const SCHOOL_WAY =
  `Признак и тогда, когда в самой работе z ≥ ${PAPER_Z}, а по всем работам школы вместе (с весом по числу участников) ` +
  `и доля «повысили», и средняя отметка против ОГЭ выше ожидаемых с z ≥ ${PAPER_Z}: с порогом тогда сравнивается z ` +
  'школы в целом — завышение во всех работах понемногу, которое сравнение с другими предметами класса не видит.';

/** The five signs that count as markers, with their rules for «Методика». */
export const OBJECTIVITY_INDICATORS: {
  key: string;
  label: string;
  rule: (s: ObjectivitySettings) => string;
  needs: string;
}[] = [
  {
    key: 'journal',
    label: INDICATOR_LABELS.journal,
    rule: () =>
      'Доля учащихся, получивших на ВПР отметку выше журнальной («повысили»), против доли региона по ' +
      'той же работе (год, предмет, класс). Не признак, если работа высока против региона, но не против ' +
      `других предметов этого же класса (z < ${JOURNAL_CLASS_Z}): строгий журнал поднимает эту долю во всех ` +
      'предметах, причём неравномерно — больше там, где работа легче. ' +
      SCHOOL_WAY +
      ' Ни одним из этих путей сравнение с журналом не даёт признака, если средняя отметка этой работы выше ' +
      'ожидаемой по ОГЭ школы или по её прошлым годам меньше чем на z = ' +
      `${ruNumberText(JOURNAL_CONFIRM_Z)} (если у работы есть эта проверка): завышенные отметки ВПР поднимают и её, а строгий ` +
      'учитель, ставящий в журнал отметки ниже, — нет.',
    needs:
      'vpr_journal (количества, проценты или доли; проценты и доли переводятся в количества по числу ' +
      'участников работы из results; строка в процентах без результатов работы не проверяется)',
  },
  {
    key: 'peaks',
    label: INDICATOR_LABELS.peaks,
    rule: () =>
      'Из учащихся, набравших минимальный балл отметки «3», «4» или «5» или на 1–2 балла меньше, — ' +
      'доля ровно на минимальном балле, вместе по всем границам работы, против доли региона на тех же ' +
      'границах. Подгонка под границу переносит учащихся с баллов чуть ниже на сам минимальный балл: ' +
      'баллы под границей пустеют, на границе — пик.',
    needs:
      'score_dist и mark_scales (без распределения работа этим признаком не проверяется). Без mark_scales ' +
      `минимальный балл каждой отметки выводится из данных: у школы, давшей распределение (количествами или ` +
      `долями, которые дают целых учащихся) и отметки в results, учащиеся ниже минимального балла — это ` +
      `учащиеся с более низкой отметкой; берётся ` +
      `балл, с которым согласны не меньше ${formatInt(SCALE_AGREEMENT * 100)} % таких школ, если их ` +
      `${formatInt(SCALE_MIN_SCHOOLS)}+. Распределение можно дать ` +
      'количествами, процентами или долями: проценты и доли переводятся в количества по числу участников ' +
      'работы из results; работа в процентах или долях без результатов не проверяется',
  },
  {
    key: 'jump',
    label: INDICATOR_LABELS.jump,
    rule: () =>
      `Изменение качества (доли «4» и «5») по сравнению с прошлым годом (тот же предмет и класс) за ` +
      `вычетом изменения по региону. Не признак, если в тот же год заметно выросли (z ≥ ${CONFIRM_Z}) ОГЭ школы ` +
      `или её работы других классов — это реальное улучшение; не признак, если те же учащиеся годом ` +
      `раньше (класс ниже) уже показывали такой уровень — это другой состав класса; и не признак, если ` +
      `так же выросли все остальные предметы этого класса — это класс, а не работа.`,
    needs: 'results ВПР за два года подряд (и ОГЭ для проверки)',
  },
  {
    key: 'unconfirmed',
    label: INDICATOR_LABELS.unconfirmed,
    rule: () =>
      'Средняя отметка за работу (от 2 до 5, в счёт идут все отметки: и «3» вместо «2», и «5» вместо ' +
      '«4») против средней отметки, которую предсказывает средняя отметка ОГЭ этой же школы (все ' +
      'предметы, этот и прошлый год): прямая, подобранная по школам региона для каждой работы. Для ' +
      'школ без ОГЭ (начальные) — по средней отметке этой же работы школы за два предыдущих года. ' +
      'Случайный разброс средней — разброс отметок учащихся внутри школы (по всем школам региона), ' +
      'делённый на число учащихся, вместе с разбросом предсказания. Не признак, если работа высока против ОГЭ, ' +
      `но не против других предметов этого же класса (z < ${PAPER_Z}): это сильный класс. Оценивается любой ` +
      'тип ОО, гимназии и лицеи тоже: их сравнивают с их собственным уровнем ОГЭ. ' +
      SCHOOL_WAY,
    needs: 'results (ВПР и ОГЭ)',
  },
  {
    key: 'combined',
    label: INDICATOR_LABELS.combined,
    rule: (s) =>
      'Сумма по Стоуфферу проверок одной работы — сравнения с журналом, средней отметки против ожидаемой и пиков: ' +
      'z = (z₁ + … + zₖ) / √k по тем k ≥ 2 из трёх, что у работы есть. Без завышения каждая z распределена ' +
      'примерно как N(0, 1) и они почти независимы (строгий журнал сдвигает только сравнение с журналом, ' +
      'сильный класс — только среднюю отметку), поэтому у суммы тот же порог ' +
      `z ≥ ${ruNumberText(s.zMin)}; завышение сдвигает их вместе, и две-три проверки чуть ниже порога дают признак. ` +
      'Сравнение с журналом и средняя отметка входят в сумму своей z, если и против других предметов этого ' +
      `класса работа выделяется (z ≥ ${PAPER_Z}) или сравнивать не с чем, иначе — меньшей из двух: строгий учитель ` +
      'или сильный класс в сумму не добавляются. Признак показывается, только если сумма больше z ' +
      'остальных признаков этой работы (иначе он лишь повторил бы их). В списке школ с маркерами такой ' +
      `признак назван своими слагаемыми с z ≥ ${PAPER_Z} (например, «журнал, пики»).`,
    needs: 'хотя бы две из трёх проверок работы (vpr_journal, results ВПР и ОГЭ, score_dist и mark_scales)',
  },
];

/** How every sign is tested, for «Методика». */
export const OBJECTIVITY_METHOD = (s: ObjectivitySettings) =>
  `Признак — статистическая проверка одной работы ВПР (класс × предмет) школы: сколько показала школа ` +
  `и сколько ожидалось по долям региона и другим результатам самой школы. ` +
  `Доли сравниваются в шкале arcsin√p, где случайный разброс одинаков при любой доле, средние отметки — ` +
  `в самих отметках; обычный разброс ` +
  `между школами (сверхдисперсия) учитывается по методу Шпигельхальтера: ` +
  `для каждой работы и года оценивается дисперсия τ² между школами (по школам с 20+ участниками, ` +
  `устойчиво: по межквартильному размаху отклонений, делённому на 1,349, за вычетом типичной ` +
  `выборочной дисперсии — так четверть школ с каждого края, в том числе завышающие, её не раздувает), ` +
  `и z = (наблюдаемое − ожидаемое) / √(выборочная дисперсия + τ²). ` +
  `Признак выявлен, если z ≥ ${ruNumberText(s.zMin)} и в работе не меньше ${formatInt(s.minPupils)} участников ` +
  `(для изменения — в оба года); из меньших работ признаки не выводятся. ` +
  `Сравнение с журналом, средняя отметка и пики проверяются ещё и по той же работе школы за ` +
  `${POOLED_YEARS === 3 ? 'три года' : `${POOLED_YEARS} года`} вместе (этот год и предыдущие, с весом по числу ` +
  `участников; разброс между школами оценивается заново по этим суммам, так что школа, устойчиво высокая ` +
  `и без завышения, его расширяет): класс, который завышает год за годом понемногу, набирает ` +
  `z ≥ ${ruNumberText(s.zMin)} за несколько лет. Это признак года, только если в сам год z ≥ ${PAPER_Z} ` +
  `(завышение прошлых лет не переносится на честный год) и, для журнала и средней отметки, работа ` +
  `выделяется против других предметов класса и в этот год, и за годы вместе (z ≥ ${JOURNAL_CLASS_Z} для ` +
  `журнала, ≥ ${PAPER_Z} для средней отметки). ` +
  `Маркер — работа ВПР, в которой выявлен хотя бы один признак; число маркеров школы — число таких ` +
  `работ, как в перечнях ФИОКО. Школа попадает в расчётный перечень ` +
  `при ${formatInt(s.minMarkers)}+ ${s.minMarkers === 1 ? 'маркере' : 'маркерах'}. ` +
  `Отдельно (не маркер ВПР) показывается обратная сторона сравнения с журналом: доля понизивших ` +
  `отметку выше региональной — признак завышенных текущих отметок.`;

/** What to do about missing tables in the view: the upload page. The CLI names its options instead. */
const uploadHint = (tables: string[]) => `загрузите ${tables.join(' и ')} на странице «Загрузка данных»`;

/**
 * The evidence of a school none of whose tests of the year reached z ≥ 2: its papers, and what that does and does
 * not say. A paper under MIN_PAPER_PUPILS has no test of its results (mean mark, change), and one under
 * `minPupils` would carry no sign anyway.
 */
export function quietPapersText(papers: { paper: string; pupils: number }[], minPupils: number): string {
  // Ends with «уч.», which closes the sentence too.
  const list = papers.map((p) => `${p.paper} — ${pupilsText(p.pupils)}`).join(', ');
  const tiny = papers.filter((p) => p.pupils < MIN_PAPER_PUPILS);
  const largest = Math.max(0, ...papers.map((p) => p.pupils));
  return [
    `${plural(papers.length, ['Работа', 'Работы', 'Работы'])} ВПР школы: ${list} Ни одна проверка не ` +
      'показала расхождения с ожидаемым с z ≥ 2: признаков нет ни при каком пороге.',
    ...(tiny.length
      ? [
          `${tiny.length > 1 && tiny.length === papers.length ? 'В каждой работе' : `В ${tiny.length === 1 ? 'работе' : 'работах'} ${tiny.map((p) => p.paper).join(', ')}`} ` +
            `меньше ${formatInt(MIN_PAPER_PUPILS)} участников: средняя отметка и изменение в ${tiny.length === 1 ? 'ней' : 'них'} не проверяются.`,
        ]
      : []),
    ...(largest < minPupils
      ? [`Во всех работах меньше ${formatInt(minPupils)} участников: признак в них и не назначается.`]
      : []),
  ].join(' ');
}

/** What each year lacks, once per message with its years: «2023, 2024: Пики не проверяются…». */
export function missingInputsByYear(
  inputs: (ObjectivityInputs & { year: number })[],
  hint: (tables: string[]) => string = uploadHint,
): string[] {
  const years = new Map<string, number[]>();
  for (const i of inputs)
    for (const m of missingInputs(i, hint)) years.set(m, [...(years.get(m) ?? []), i.year]);
  return [...years].map(([m, ys]) => `${ys.join(', ')}: ${m}`);
}

/** What the year lacks, said once per view (or once per message in the CLI), with what to give. */
export function missingInputs(
  i: ObjectivityInputs,
  hint: (tables: string[]) => string = uploadHint,
): string[] {
  const out: string[] = [];
  if (!i.journal)
    out.push(
      `Сравнение с журналом не проверяется: нет данных vpr_journal (отметки ВПР против журнальных) — ${hint(['vpr_journal'])}.`,
    );
  if (!i.scoreDist || !i.markScales)
    out.push(
      `Пики не проверяются: нет распределения баллов (score_dist и mark_scales)${
        !i.scoreDist && i.markScales
          ? ` — ${hint(['score_dist'])}`
          : i.scoreDist && !i.markScales
            ? ` — нет mark_scales, и вывести шкалы из распределений баллов и отметок школ не удалось; ${hint(['mark_scales'])}`
            : ` — ${hint(['score_dist', 'mark_scales'])}`
      }.`,
    );
  else if (i.scalesInferred)
    out.push(
      'Шкалы отметок (mark_scales) загружены не для всех работ: минимальные баллы отметок этих работ ' +
        'выведены из распределений баллов и отметок школ (см. «Методика»).',
    );
  if (!i.previousYear)
    out.push(
      `Резкий рост не проверяется: нет результатов ВПР за предыдущий год, с которыми сравниваются работы — ${hint(['results'])}.`,
    );
  return out;
}
