// Every view's state lives in the URL query. Defaults are left out; unknown or invalid parameters are
// dropped with a Russian notice instead of an error.
import { LIST_NAMES, PROCEDURES } from './schema';
import { INDICATOR_KEYS, INDICATORS, indicatorDef, type IndicatorKey } from './metrics/results';
import { DEFAULT_LIST, type Filter } from './filters';
import { parseRuNumber, ruNumberText } from './input/ru-number';
import { plural } from './format';
import { OBJECTIVITY_DEFAULTS, type ObjectivitySettings } from './metrics/objectivity';
import { MIN_PAPER_PUPILS } from './metrics/objectivity-tests';

export interface ViewState {
  /** The data set the tab opens: the demo region, or the generated country attached by URL (`data=national`). */
  dataset: 'demo' | 'national';
  year: number | null;
  from: number | null;
  to: number | null;
  list: string;
  procedure: string;
  /** Procedures of the report's results section; empty is all three. */
  procedures: string[];
  subject: string | null;
  grade: number | null;
  regions: string[];
  municipalities: string[];
  types: string[];
  locations: string[];
  /** Target share of schools on the list, in percent. */
  target: number;
  indicator: IndicatorKey;
  /** Selected school (Карточка ОО). */
  id: string | null;
  /** Table sort: column, optionally with ':desc'. */
  sort: string | null;
  /** Search text of a table. */
  q: string;
  /** A selected cell of a grid or table (drill-down), e.g. '2024:3'. */
  cell: string | null;
  /** Thresholds of the objectivity indicators. */
  objectivity: ObjectivitySettings;
  /** The other tables' sort and search, by table id (`sort.exits-by-type`, `q.exits-by-type`). */
  tables: Record<string, TableState>;
}

export interface TableState {
  sort: string | null;
  q: string;
}

export const DEFAULT_STATE: ViewState = {
  dataset: 'demo',
  year: null,
  from: null,
  to: null,
  list: DEFAULT_LIST,
  procedure: 'ВПР',
  procedures: [],
  subject: null,
  grade: null,
  regions: [],
  municipalities: [],
  types: [],
  locations: [],
  target: 15,
  indicator: 'share_2',
  id: null,
  sort: null,
  q: '',
  cell: null,
  objectivity: OBJECTIVITY_DEFAULTS,
  tables: {},
};

/** A table sort as the URL takes it: a column key, optionally ':desc'. */
const SORT_FORM = /^[a-z0-9_]+(:desc)?$/;
/** `sort.<table id>` and `q.<table id>`: a table other than the view's main one. */
const TABLE_PARAM = /^(sort|q)\.([a-z0-9-]+)$/;

/** Objectivity settings in the URL, in the units a user types. */
export const OBJECTIVITY_PARAMS: {
  name: string;
  key: keyof ObjectivitySettings;
  scale: number;
  min: number;
  max: number;
  integer: boolean;
  label: string;
}[] = [
  { name: 'z', key: 'zMin', scale: 1, min: 2, max: 10, integer: false, label: 'Порог доказательности z' },
  {
    name: 'minn',
    key: 'minPupils',
    scale: 1,
    min: MIN_PAPER_PUPILS,
    max: 1000,
    integer: true,
    label: 'Мин. участников в работе',
  },
  {
    name: 'minm',
    key: 'minMarkers',
    scale: 1,
    min: 1,
    max: 30,
    integer: true,
    label: 'Мин. маркеров у школы',
  },
];
/** Thresholds of the rules before the statistical signs: links that carry them get a notice. */
const RETIRED_PARAMS = new Set(['jtop', 'qtop', 'jumpq', 'jumps', 'peak', 'peakn']);

/** URL parameter names, in the order they are written. */
const PARAMS: Record<string, keyof ViewState> = {
  data: 'dataset',
  list: 'list',
  year: 'year',
  from: 'from',
  to: 'to',
  proc: 'procedure',
  procs: 'procedures',
  subj: 'subject',
  grade: 'grade',
  reg: 'regions',
  mun: 'municipalities',
  type: 'types',
  loc: 'locations',
  target: 'target',
  ind: 'indicator',
  id: 'id',
  sort: 'sort',
  q: 'q',
  cell: 'cell',
};
/** Cells a view can select: Динамика's level:change, Когорты' c:year:group and m:cohort:year. */
const CELL_FORMS = /^([1-5]:[1-5]|c:\d{4}:(first_time|returned|streak2|streak3|streak4plus)|m:\d{4}:\d{4})$/;
const VIEW_CELLS: Record<string, RegExp> = { '/dynamics/': /^[1-5]:[1-5]$/, '/cohorts/': /^[cm]:/ };

/** Whether a cell of the link is one the view at `path` can select (another view's cell is not). */
export const cellFitsView = (path: string, cell: string) =>
  VIEW_CELLS[path.endsWith('/') ? path : `${path}/`]?.test(cell) ?? true;
const MULTI = new Set<keyof ViewState>(['regions', 'municipalities', 'types', 'locations', 'procedures']);

export interface ParsedState {
  state: ViewState;
  notices: string[];
}

const intIn = (v: string, min: number, max: number) =>
  /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? Number(v) : null;

/**
 * The state with an indicator its procedure has: an indicator the procedure lacks (share of «2» for ЕГЭ) would
 * draw nothing, so the procedure's first is taken, as the filter bar does on a change of procedure.
 */
export function withApplicableIndicator(s: ViewState): ViewState {
  if (indicatorDef(s.indicator).procedures.includes(s.procedure)) return s;
  return { ...s, indicator: INDICATORS.find((i) => i.procedures.includes(s.procedure))!.key };
}

export function parseViewState(params: URLSearchParams): ParsedState {
  const state: ViewState = {
    ...DEFAULT_STATE,
    regions: [],
    municipalities: [],
    types: [],
    locations: [],
    procedures: [],
    objectivity: { ...OBJECTIVITY_DEFAULTS },
    tables: {},
  };
  const notices: string[] = [];
  const bad = (name: string, value: string, fallback: string) =>
    notices.push(`Параметр ссылки «${name}=${value}» не распознан: ${fallback}.`);
  // A parameter that takes one value, given several: the last is read (as before), and said.
  for (const name of new Set(params.keys())) {
    const values = [...new Set(params.getAll(name))];
    if (values.length > 1 && !MULTI.has(PARAMS[name]))
      notices.push(
        `Параметр ссылки «${name}» указан ${values.length} ${plural(values.length, ['раз', 'раза', 'раз'])} (${values.map((v) => `«${v}»`).join(', ')}): взято последнее значение.`,
      );
  }
  for (const [name, value] of params) {
    const table = TABLE_PARAM.exec(name);
    if (table) {
      state.tables[table[2]] ??= { sort: null, q: '' };
      const t = state.tables[table[2]];
      if (table[1] === 'q') t.q = value;
      else if (SORT_FORM.test(value)) t.sort = value;
      else bad(name, value, 'строки в исходном порядке');
      continue;
    }
    const key = PARAMS[name];
    const threshold = OBJECTIVITY_PARAMS.find((o) => o.name === name);
    if (threshold) {
      const v = parseRuNumber(value, threshold);
      if (!v.ok)
        bad(
          name,
          value,
          `значение по умолчанию ${ruNumberText(OBJECTIVITY_DEFAULTS[threshold.key] * threshold.scale)}`,
        );
      else state.objectivity[threshold.key] = v.value / threshold.scale;
      continue;
    }
    if (RETIRED_PARAMS.has(name)) {
      notices.push(
        `Параметр ссылки «${name}» относится к прежним правилам признаков необъективности и пропущен: ` +
          'признаки теперь считаются как статистические проверки (см. «Методика»).',
      );
      continue;
    }
    if (!key) {
      notices.push(`Параметр ссылки «${name}» неизвестен и пропущен.`);
      continue;
    }
    if (key === 'procedures') {
      if (!(PROCEDURES as readonly string[]).includes(value))
        bad(name, value, 'процедура пропущена (ВПР, ОГЭ или ЕГЭ)');
      else if (!state.procedures.includes(value)) state.procedures.push(value);
      continue;
    }
    if (MULTI.has(key)) {
      if (value.trim()) (state[key] as string[]).push(value.trim());
      continue;
    }
    switch (key) {
      case 'year':
      case 'from':
      case 'to': {
        const y = intIn(value, 2000, 2100);
        if (y === null)
          bad(name, value, key === 'year' ? 'показан последний год' : 'диапазон лет не ограничен');
        else state[key] = y;
        break;
      }
      case 'grade': {
        const g = intIn(value, 1, 12);
        if (g === null) bad(name, value, 'показаны все классы');
        else state.grade = g;
        break;
      }
      case 'target': {
        const t = parseRuNumber(value, { min: 0, max: 100 });
        if (!t.ok) bad(name, value, `целевая доля ${DEFAULT_STATE.target} %`);
        else state.target = t.value;
        break;
      }
      case 'dataset':
        if (value === 'national' || value === 'demo') state.dataset = value;
        else bad(name, value, 'показаны демо-данные');
        break;
      case 'list':
        if ((LIST_NAMES as readonly string[]).includes(value)) state.list = value;
        else bad(name, value, 'показан перечень ШНОР');
        break;
      case 'procedure':
        if ((PROCEDURES as readonly string[]).includes(value)) state.procedure = value;
        else bad(name, value, 'показаны результаты ВПР');
        break;
      case 'indicator':
        if ((INDICATOR_KEYS as string[]).includes(value)) state.indicator = value as IndicatorKey;
        else bad(name, value, 'показана доля «2»');
        break;
      case 'q':
        state.q = value;
        break;
      case 'cell':
        if (CELL_FORMS.test(value)) state.cell = value;
        else bad(name, value, 'клетка не выбрана');
        break;
      case 'sort':
        if (SORT_FORM.test(value)) state.sort = value;
        else bad(name, value, 'строки в исходном порядке');
        break;
      default:
        (state as unknown as Record<string, string | null>)[key] = value.trim() || null;
    }
  }
  const fixed = withApplicableIndicator(state);
  if (fixed.indicator !== state.indicator && params.has('ind'))
    notices.push(
      `Показатель «${indicatorDef(state.indicator).label}» для ${state.procedure} не считается: показан «${indicatorDef(fixed.indicator).label}».`,
    );
  state.indicator = fixed.indicator;
  if (state.from !== null && state.to !== null && state.from > state.to) {
    notices.push(`Диапазон лет ${state.from}–${state.to} задан в обратном порядке: годы переставлены.`);
    [state.from, state.to] = [state.to, state.from];
  }
  return { state, notices };
}

export function serializeViewState(state: ViewState): string {
  const out = new URLSearchParams();
  for (const [name, key] of Object.entries(PARAMS)) {
    const v = state[key];
    if (MULTI.has(key)) for (const x of v as string[]) out.append(name, x);
    else if (v !== null && v !== '' && v !== DEFAULT_STATE[key]) out.set(name, String(v));
  }
  for (const o of OBJECTIVITY_PARAMS) {
    const v = state.objectivity[o.key];
    // To a millionth: what the user typed («3,3333») comes back as typed, without a scale's float noise.
    if (v !== OBJECTIVITY_DEFAULTS[o.key]) out.set(o.name, String(Math.round(v * o.scale * 1e6) / 1e6));
  }
  for (const id of Object.keys(state.tables).sort()) {
    const t = state.tables[id];
    if (t.sort) out.set(`sort.${id}`, t.sort);
    if (t.q) out.set(`q.${id}`, t.q);
  }
  return out.toString();
}

/** The metric filter a view passes to lib/metrics. */
export function filterOf(state: ViewState): Filter {
  return {
    list: state.list,
    year: state.year ?? undefined,
    years: state.from !== null || state.to !== null ? [state.from ?? 2000, state.to ?? 2100] : undefined,
    procedure: state.procedure,
    subject: state.subject ?? undefined,
    grade: state.grade ?? undefined,
    regions: state.regions.length ? state.regions : undefined,
    municipalities: state.municipalities.length ? state.municipalities : undefined,
    types: state.types.length ? state.types : undefined,
    locations: state.locations.length ? state.locations : undefined,
  };
}
