// The page states whose statements the build answers in advance (lib/data/answers.ts): each page's queries
// as the page runs them for its links, through the same functions and parameters.
import type { Engine } from './db/engine';
import { statementKey } from './data/answers';
import { filterOptions } from './metrics/options';
import { overviewSeries } from './overview';
import { reportParams, territoryLists, territoryResults, territorySigns } from './report/data';
import { filterOf, parseViewState } from './view-state';

/** The pages with answers, by their path; each loads its own file. */
export const ANSWER_PAGES: Record<string, string> = { '/': 'overview', '/report/': 'report' };

const stateOf = (search: string) => parseViewState(new URLSearchParams(search)).state;

/** «Справка» as opened from `search`: list figures, then results and signs for the list's year. */
async function report(db: Engine, search: string): Promise<void> {
  const state = stateOf(search);
  const p = reportParams(state, filterOf(state));
  const lists = await territoryLists(db, p);
  const year = p.year ?? lists.year;
  await Promise.all([territoryResults(db, p, year), territorySigns(db, p, year)]);
}

/** One opening of a page whose statements are answered: the page's file name, its link's query, its queries. */
export interface AnswerState {
  page: string;
  search: string;
  run: (db: Engine) => Promise<unknown>;
}

/**
 * The states answered in advance: «Обзор» without parameters, «Справка» of the region and of every
 * municipality (the links «Обзор» and «Муниципалитеты» give). Each also reads the filter options, as
 * every page does.
 */
export async function answerStates(db: Engine): Promise<AnswerState[]> {
  const { municipalities } = await filterOptions(db);
  const reportOf = (search: string): AnswerState => ({
    page: 'report',
    search,
    run: (db) => Promise.all([filterOptions(db), report(db, search)]),
  });
  return [
    {
      page: 'overview',
      search: '',
      run: (db) => Promise.all([filterOptions(db), overviewSeries(db, filterOf(stateOf('')))]),
    },
    reportOf(''),
    ...municipalities.map((m) => reportOf(new URLSearchParams({ mun: m }).toString())),
  ];
}

/** The answers file of a page opened with the query `search` (as URLSearchParams writes it). */
export const answersFileName = (page: string, search: string) =>
  search ? `${page}-${statementKey(search)}.json` : `${page}.json`;
