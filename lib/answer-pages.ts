// The page states whose statements the build answers in advance (lib/data/answers.ts): each page's queries
// as the page runs them for its links, through the same functions and parameters.
import type { Engine } from './db/engine';
import { type FilterOptions, filterOptions } from './metrics/options';
import { overviewSeries } from './overview';
import { reportParams, territoryLists, territoryResults, territorySigns } from './report/data';
import {
  DEFAULT_STATE,
  filterOf,
  parseViewState,
  serializeViewState,
  type ViewState,
  withApplicableIndicator,
} from './view-state';
import type { Filter } from './filters';
import { type FilterControl, VIEW_CONTROLS } from './view-controls';
import { LIST_NAMES, PROCEDURES } from './schema';
import { INDICATORS } from './metrics/results';
import { resultCoverage } from './metrics/coverage';
import { municipalitySummary } from './metrics/municipalities';
import { regionSummary } from './metrics/regions';
import {
  cohortsData,
  dynamicsData,
  exitsOfYear,
  exitsSeries,
  exitsYear,
  municipalMultiples,
  objectivityData,
  objectivityScatter,
  officialData,
  riskData,
  schoolCard,
} from './view-data';
import { schoolIds } from './metrics/school';

const stateOf = (search: string) => parseViewState(new URLSearchParams(search)).state;

/** «Справка» as opened from `search`: list figures, then results and signs for the list's year. */
async function report(db: Engine, search: string): Promise<void> {
  const state = stateOf(search);
  const p = reportParams(state, filterOf(state));
  const lists = await territoryLists(db, p);
  const year = p.year ?? lists.year;
  await Promise.all([territoryResults(db, p, year), territorySigns(db, p, year)]);
}

/** One opening of a page whose statements are answered: its path, its link's query, its queries. */
export interface AnswerState {
  /** The page's path. */
  path: string;
  /** The link's query as URLSearchParams writes it ('' without parameters). */
  search: string;
  run: (db: Engine) => Promise<unknown>;
}

type ViewRun = (db: Engine, state: ViewState, filter: Filter) => Promise<unknown>;

/** What each view runs for a state: its main queries as the view composes them (lib/view-data.ts). */
const VIEW_RUNS: Record<AnsweredView, ViewRun> = {
  '/': (db, _, f) => overviewSeries(db, f),
  '/dynamics/': (db, s, f) => dynamicsData(db, f, s.indicator),
  '/cohorts/': (db, _, f) => cohortsData(db, f),
  '/exits/': async (db, _, f) => {
    const year = exitsYear(f, await exitsSeries(db, f));
    await exitsOfYear(db, f, year);
  },
  '/objectivity/': async (db, s, f) => {
    const [d] = await Promise.all([objectivityData(db, f, s.objectivity), objectivityScatter(db, f)]);
    if (d) await officialData(db, f, f.year ?? d.year, s.objectivity);
  },
  '/risk/': (db, _, f) => Promise.all([resultCoverage(db), riskData(db, f)]),
  '/municipalities/': async (db, _, f) => {
    const { regions } = await filterOptions(db);
    await Promise.all([municipalitySummary(db, f), municipalMultiples(db, f, regions.length)]);
  },
};
type AnsweredView =
  | '/'
  | '/dynamics/'
  | '/cohorts/'
  | '/exits/'
  | '/objectivity/'
  | '/risk/'
  | '/municipalities/';

/**
 * A view's default state and its states one control of its filter bar away (lib/view-controls.ts): each
 * list, year, municipality (region, when the data has several), procedure, subject and grade of the default
 * procedure, and indicator. Ranges of years and the target (typed values) are left out.
 */
export function oneControlStates(path: AnsweredView, options: FilterOptions): ViewState[] {
  const d = DEFAULT_STATE;
  const out: ViewState[] = [d];
  const subjects = options.subjects.filter((s) => s.procedure === d.procedure);
  for (const control of VIEW_CONTROLS[path] as readonly FilterControl[]) {
    if (control === 'list') for (const list of LIST_NAMES) if (list !== d.list) out.push({ ...d, list });
    if (control === 'year') for (const year of options.years) out.push({ ...d, year });
    if (control === 'area') {
      if (options.regions.length > 1) for (const r of options.regions) out.push({ ...d, regions: [r] });
      for (const m of options.municipalities) out.push({ ...d, municipalities: [m] });
    }
    if (control === 'procedure')
      for (const procedure of PROCEDURES)
        if (procedure !== d.procedure && options.subjects.some((s) => s.procedure === procedure))
          out.push(withApplicableIndicator({ ...d, procedure }));
    if (control === 'subject') for (const { subject } of subjects) out.push({ ...d, subject });
    if (control === 'grade')
      for (const grade of [...new Set(subjects.flatMap((s) => s.grades))].sort((a, b) => a - b))
        out.push({ ...d, grade });
    if (control === 'indicator')
      for (const i of INDICATORS)
        if (i.key !== d.indicator && i.procedures.includes(d.procedure)) out.push({ ...d, indicator: i.key });
  }
  return out;
}

/**
 * The states answered in advance: each view opened without parameters and, unless `defaultsOnly`, its states
 * one control away (`oneControlStates`); «Справка» of the region and of every municipality (the links «Обзор»
 * and «Муниципалитеты» give), in each year; and each school's card, its own part (the school, its list
 * history, similar schools: one file whatever the card's filters, lib/data/answer-files.ts). Each also reads
 * the filter options, as every page does. Statements a view sends on a user's action (a cell, a table row) are
 * not, nor a card's results and signs.
 */
export async function answerStates(db: Engine, { defaultsOnly = false } = {}): Promise<AnswerState[]> {
  const options = await filterOptions(db);
  const reportOf = (search: string): AnswerState => ({
    path: '/report/',
    search,
    run: (db) => Promise.all([filterOptions(db), report(db, search)]),
  });
  const views = (Object.entries(VIEW_RUNS) as [AnsweredView, ViewRun][]).flatMap(([path, run]) =>
    (defaultsOnly ? [DEFAULT_STATE] : oneControlStates(path, options)).map(
      (state): AnswerState => ({
        path,
        search: serializeViewState(state),
        run: (db) => Promise.all([filterOptions(db), run(db, state, filterOf(state))]),
      }),
    ),
  );
  // «Справка» of the region and of each municipality in each year: a report opened from its link, then the
  // year chosen.
  const reportStates = [[], ...options.municipalities.map((m) => [m])].flatMap((municipalities) =>
    [null, ...options.years].map((year) =>
      reportOf(serializeViewState({ ...DEFAULT_STATE, municipalities, year })),
    ),
  );
  const schools = defaultsOnly ? [] : await schoolIds(db);
  const cards = schools.map(
    (id): AnswerState => ({
      path: '/school/',
      search: serializeViewState({ ...DEFAULT_STATE, id }),
      run: (db) => Promise.all([filterOptions(db), schoolCard(db, id)]),
    }),
  );
  return [...views, ...(defaultsOnly ? [reportOf('')] : reportStates), ...cards];
}

/**
 * The country's states answered in advance: each view as opened from the site's menu (with «Регионы», which only
 * a country shows) and, on a view with a year control, in each year; «Справка» as opened from the menu (it asks
 * for a region) and of each region.
 */
export async function nationalAnswerStates(db: Engine): Promise<AnswerState[]> {
  const options = await filterOptions(db);
  const d: ViewState = { ...DEFAULT_STATE, dataset: 'national' };
  const runs = { ...VIEW_RUNS, '/regions/': (db: Engine, _: ViewState, f: Filter) => regionSummary(db, f) };
  const views = (Object.entries(runs) as [AnsweredView | '/regions/', ViewRun][]).flatMap(([path, run]) =>
    [
      d,
      ...((VIEW_CONTROLS[path] as readonly FilterControl[]).includes('year')
        ? options.years.map((year) => ({ ...d, year }))
        : []),
    ].map(
      (state): AnswerState => ({
        path,
        search: serializeViewState(state),
        run: (db) => Promise.all([filterOptions(db), run(db, state, filterOf(state))]),
      }),
    ),
  );
  const reports = [d, ...options.regions.map((r) => ({ ...d, regions: [r] }))].map(
    (state): AnswerState => ({
      path: '/report/',
      search: serializeViewState(state),
      run: (db) =>
        Promise.all([filterOptions(db), state.regions.length ? report(db, serializeViewState(state)) : null]),
    }),
  );
  return [...views, ...reports];
}
