// «Обзор»: the figures of the first view, composed from the list metrics.
import type { Engine } from './db/engine';
import { DEFAULT_LIST, type Filter } from './filters';
import {
  cohortSummary,
  exits,
  listedByStreakGroup,
  listShare,
  type CohortSummaryRow,
  type ExitRow,
  type ShareRow,
  type StreakGroupRow,
} from './metrics/lists';

export interface OverviewData {
  list: string;
  /** The chosen or latest published year of the list; null when the list has no rows. */
  year: number | null;
  cohort: CohortSummaryRow | null;
  /** Exit rate from the previous published year into `year`. */
  exitRate: number | null;
  exitFromYear: number | null;
  /** Whether closed schools are told apart (a schools table): left out of the exit rate and of the active schools. */
  closuresKnown: boolean;
  /** Null when the data knows only the listed schools. */
  active: number | null;
  share: number | null;
  byYear: StreakGroupRow[];
  shares: ShareRow[];
  exitsByYear: ExitRow[];
}

/** What «Обзор» reads: every year of the list, so a change of year needs no query. */
export interface OverviewSeries {
  list: string;
  shares: ShareRow[];
  summaries: CohortSummaryRow[];
  exitRows: ExitRow[];
  byYear: StreakGroupRow[];
}

export async function overviewSeries(db: Engine, f: Filter = {}): Promise<OverviewSeries> {
  const scoped = { ...f, list: f.list ?? DEFAULT_LIST, year: undefined };
  const [shares, summaries, exitRows, byYear] = await Promise.all([
    listShare(db, scoped),
    cohortSummary(db, scoped),
    exits(db, scoped),
    listedByStreakGroup(db, scoped),
  ]);
  return { list: scoped.list, shares, summaries, exitRows, byYear };
}

/** The figures of `year` (default: the list's latest published year), picked from the series. */
export function overviewOf(s: OverviewSeries, chosen?: number | null): OverviewData {
  const year = chosen ?? s.shares.at(-1)?.year ?? null;
  const share = s.shares.find((r) => r.year === year);
  const into = s.exitRows.find((e) => e.next_year === year);
  return {
    list: s.list,
    year,
    cohort: s.summaries.find((r) => r.year === year) ?? null,
    exitRate: into?.exit_rate ?? null,
    exitFromYear: into?.year ?? null,
    closuresKnown: share?.closures_known ?? (into ? into.closed !== null : true),
    active: share?.active ?? null,
    share: share?.share ?? null,
    byYear: s.byYear,
    shares: s.shares,
    exitsByYear: s.exitRows,
  };
}

export async function overview(db: Engine, f: Filter = {}): Promise<OverviewData> {
  return overviewOf(await overviewSeries(db, f), f.year);
}
