// The page states whose statements the build answers in advance (lib/data/answers.ts): each page's queries
// as the page runs them for its links, through the same functions and parameters.
import type { Engine } from './db/engine';
import { filterOptions } from './metrics/options';
import { overviewSeries } from './overview';
import { reportParams, territoryLists, territoryResults, territorySigns } from './report/data';
import { filterOf, parseViewState } from './view-state';
import { coverage } from './metrics/coverage';
import { listedByMunicipality, municipalitySummary } from './metrics/municipalities';
import {
  cohortsData,
  dynamicsData,
  exitsOfYear,
  exitsSeries,
  exitsYear,
  objectivityData,
  officialData,
  riskData,
} from './view-data';

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

/**
 * The states answered in advance: each view opened without parameters, and «Справка» of the region and of
 * every municipality (the links «Обзор» and «Муниципалитеты» give). Each also reads the filter options, as
 * every page does. Statements a view sends on a user's action (a school, a cell, a table row) are not.
 */
export async function answerStates(db: Engine): Promise<AnswerState[]> {
  const { municipalities } = await filterOptions(db);
  const reportOf = (search: string): AnswerState => ({
    path: '/report/',
    search,
    run: (db) => Promise.all([filterOptions(db), report(db, search)]),
  });
  const state = stateOf('');
  const filter = filterOf(state);
  const view = (path: string, run: (db: Engine) => Promise<unknown>): AnswerState => ({
    path,
    search: '',
    run: (db) => Promise.all([filterOptions(db), run(db)]),
  });
  return [
    view('/', (db) => overviewSeries(db, filter)),
    view('/dynamics/', (db) => dynamicsData(db, filter, state.indicator)),
    view('/cohorts/', (db) => cohortsData(db, filter)),
    view('/exits/', async (db) => {
      const year = exitsYear(filter, await exitsSeries(db, filter));
      await exitsOfYear(db, filter, year);
    }),
    view('/objectivity/', async (db) => {
      const d = await objectivityData(db, filter, state.objectivity);
      if (d) await officialData(db, filter, filter.year ?? d.year, state.objectivity);
    }),
    view('/risk/', (db) => Promise.all([coverage(db), riskData(db, filter)])),
    view('/municipalities/', (db) =>
      Promise.all([municipalitySummary(db, filter), listedByMunicipality(db, filter)]),
    ),
    reportOf(''),
    ...municipalities.map((m) => reportOf(new URLSearchParams({ mun: m }).toString())),
  ];
}
