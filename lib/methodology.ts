// The methodology page's text, built from the constants the SQL uses, so that the page cannot drift.
import { INDICATORS, MIN_PARTICIPANTS_RANK, MIN_TREND_YEARS, NEGATIVE_DYNAMICS_RISE } from './metrics/results';
import { OBJECTIVITY_DEFAULTS, OBJECTIVITY_INDICATORS, type ObjectivitySettings } from './metrics/objectivity';
import { BOTTOM_SHARE, DYNAMICS_PROCEDURES, KEY_INDICATORS, MIN_BOTTOM_INDICATORS } from './metrics/risk';
import { LIST_NAMES } from './schema';
import { PACE_YEARS } from './metrics/target';
import { KEY_SUBJECTS } from './metrics/listed-results';
import { pointsText, shareText } from './format';

export interface MethodItem {
  id: string;
  name: string;
  formula?: string;
  rule: string;
  data: string;
}

export interface MethodSection {
  id: string;
  title: string;
  intro?: string;
  items: MethodItem[];
}


export function methodology(settings: ObjectivitySettings = OBJECTIVITY_DEFAULTS): MethodSection[] {
  return [
    {
      id: 'lists',
      title: 'Перечни и выход из них',
      intro: `Перечни: ${LIST_NAMES.join(', ')}. Если в файле перечня нет столбца «Перечень», это перечень ШНОР. Повторяющиеся строки (одна школа дважды в одном году и перечне) учитываются один раз.`,
      items: [
        { id: 'published', name: 'Опубликованный год перечня', rule: 'Год, за который в данных есть хотя бы одна строка этого перечня. Неопубликованные годы пропускаются: они не прерывают и не продлевают пребывание в перечне. «Следующий год» — следующий опубликованный год перечня.', data: 'lists' },
        { id: 'streak', name: 'Лет в перечне подряд', formula: 'число подряд идущих опубликованных лет, заканчивающихся данным, в которые школа в перечне', rule: 'Когорты: 1-й, 2-й, 3-й, 4-й год и более (точные значения тоже сохраняются). Школа в 1-й год подряд — «впервые», если раньше в перечне не была, и «вернулась», если была.', data: 'lists' },
        { id: 'exit-rate', name: 'Доля вышедших из перечня', formula: 'вышли / (в перечне − закрыты)', rule: 'Школа из перечня года Y, которой нет в перечне следующего опубликованного года Y′, вышла из перечня; если она закрыта (год закрытия ≤ Y′), она считается отдельно и не входит в знаменатель. Для последнего опубликованного года выход ещё не наблюдается: «нет данных», а не 0.', data: 'lists, schools.closed_year' },
        { id: 'sustained', name: 'Устойчивый выход и возврат', rule: 'Устойчивый выход — вышедшая школа не в перечне и в опубликованном году после Y′ (и не закрыта к нему). Возврат — вышедшая школа снова в перечне в любом более позднем году. Пока года после Y′ нет в данных — «нет данных».', data: 'lists' },
        { id: 'exit-by', name: 'Выход по срокам, муниципалитетам и типам ОО', rule: 'Та же доля вышедших, посчитанная отдельно по числу лет подряд в перечне в году Y (1, 2, 3, 4+), по муниципалитетам и по типам ОО.', data: 'lists, schools' },
        { id: 'km', name: 'Время до выхода (Каплан — Мейер)', formula: 'S(t) = Π (1 − вышли в t / оставались к t)', rule: 'Для каждой когорты входа (год, когда школа вошла в перечень, в том числе повторно) — доля школ, ещё остающихся в перечне через t лет. Школы, остающиеся в перечне в последнем опубликованном году, и закрытые школы цензурируются.', data: 'lists, schools.closed_year' },
        { id: 'share', name: 'Доля школ в перечне', formula: 'в перечне / действующие школы территории', rule: 'Действующие школы — известные из любой таблицы и не закрытые к этому году. Сравнивается с целевым значением, которое задаёт пользователь.', data: 'lists, schools (и все школы из results)' },
        { id: 'target-pace', name: 'Темп снижения доли и годы до цели (справка)', formula: 'наклон прямой наименьших квадратов доли по годам; годы до цели = ⌈(доля − цель) / |наклон|⌉', rule: `По последним ${PACE_YEARS} опубликованным перечням (или меньшему числу, если их меньше; по одному перечню темп не оценивается). Годы до цели называются, только если доля выше цели и снижается.`, data: 'lists, schools' },
      ],
    },
    {
      id: 'results',
      title: 'Показатели результатов',
      intro: `По школе, году, процедуре, предмету и классу; сводные значения (несколько классов или предметов, муниципалитет, регион) — сумма по строкам, то есть с весом по числу участников. Отметки можно загружать количеством или процентами: проценты (в сумме около 100) переводятся в количество.`,
      items: [
        ...INDICATORS.map((i) => ({ id: i.key, name: i.label, formula: i.formula, rule: `Процедуры: ${i.procedures.join(', ')}. ${i.higherIsBetter ? 'Чем выше, тем лучше.' : 'Чем ниже, тем лучше.'}`, data: 'results' })),
        { id: 'benchmarks', name: 'Сравнение с муниципалитетом и регионом', rule: 'Значение муниципалитета и региона за тот же год, по тем же процедуре, предмету и классу.', data: 'results, schools.municipality' },
        { id: 'percentile', name: 'Процентиль школы', formula: '100 · (место − 1) / (число школ − 1), по возрастанию значения', rule: `Среди школ региона, где участников не меньше ${MIN_PARTICIPANTS_RANK}; школа с меньшим числом участников не ранжируется.`, data: 'results' },
        { id: 'listed-vs-others', name: 'ОО перечня, остальные ОО и регион (справка)', rule: `ОО перечня выбранного года сравниваются по годам с остальными ОО той же территории и со всеми ОО региона; показатели — из тех же сумм, что и у остальных показателей (все классы вместе). Предметы: ${KEY_SUBJECTS.join(', ').toLowerCase()}.`, data: 'results, lists' },
        { id: 'trend', name: 'Тренд', formula: 'наклон прямой наименьших квадратов, в год', rule: `По выбранным годам, если данные есть хотя бы за ${MIN_TREND_YEARS} года; также изменение от первого года к последнему.`, data: 'results' },
        { id: 'negative', name: 'Отрицательная динамика', formula: 'доля «2» (год) − доля «2» (предыдущий год)', rule: `Рост доли «2» на ${pointsText(NEGATIVE_DYNAMICS_RISE)} или больше по сравнению с предыдущим календарным годом; в оба года участников не меньше ${MIN_PARTICIPANTS_RANK}.`, data: 'results' },
      ],
    },
    {
      id: 'objectivity',
      title: 'Признаки необъективности результатов ВПР',
      intro: 'Каждый признак — флаг с объяснением. Количество маркеров — число разных признаков (из четырёх) у школы в году. Пороги — настройки; ниже — действующие значения.',
      items: OBJECTIVITY_INDICATORS.map((o, i) => ({ id: o.key, name: `${i + 1}. ${o.label}`, rule: o.rule(settings), data: o.needs })),
    },
    {
      id: 'risk',
      title: 'Группа риска',
      items: [
        {
          id: 'risk-group',
          name: 'Группа риска',
          rule: `Школы, которых нет в перечне ШНОР этого года, если у них отрицательная динамика доли «2» (${DYNAMICS_PROCEDURES.join(' или ')}, все предметы и классы вместе) или они в нижней четверти (${shareText(BOTTOM_SHARE)} худших) региона не меньше чем по ${MIN_BOTTOM_INDICATORS} из ${KEY_INDICATORS.length} ключевых показателей успеваемости: ${KEY_INDICATORS.map((k) => `${k.procedure} ${k.subject.toLowerCase()}`).join(', ')} (все классы вместе, школы с ${MIN_PARTICIPANTS_RANK}+ участниками).`,
          data: 'results, lists',
        },
      ],
    },
    {
      id: 'samples',
      title: 'Размер выборки',
      items: [
        { id: 'sample-size', name: 'Малые группы', rule: `Рекомендации ФИОКО: 50 и более участников — информативно, 20–30 — минимально допустимо, меньше 20 — ограниченно; для группы нужно не меньше 10. Группы меньше ${MIN_PARTICIPANTS_RANK} участников показываются серым и подписываются, но не скрываются; школа не ранжируется, если участников меньше ${MIN_PARTICIPANTS_RANK}. Пики на границах отметок проверяются при ${settings.peakMinParticipants}+ участниках.`, data: '—' },
      ],
    },
  ];
}
