// The figures of a report, each from the metric function the views use for it.
import type { Engine } from '../db/engine';
import { PROCEDURES } from '../schema';
import { DEFAULT_LIST, type Filter } from '../filters';
import type { ViewState } from '../view-state';
import {
  cohortSummary,
  exits,
  listedByStreakGroup,
  listShare,
  streaks,
  type CohortSummaryRow,
  type ExitRow,
  type ShareRow,
  type StreakGroupRow,
  type StreakRow,
} from '../metrics/lists';
import {
  listedByMunicipality,
  municipalitySummary,
  type MunicipalityRow,
  type MunicipalityYearRow,
} from '../metrics/municipalities';
import { KEY_SUBJECTS, listedVsOthers, type ListedResultRow } from '../metrics/listed-results';
import { listSources, targetPace, type ListSourceRow, type TargetPaceRow } from '../metrics/target';
import { areaIndicators, listedTrends, type TrendRow } from '../metrics/results';
import {
  markerSummary,
  objectivityInputsByYear,
  objectivityMarkers,
  type MarkerRow,
  type MarkerSummary,
  type ObjectivityInputs,
} from '../metrics/objectivity';
import { riskGroup, type RiskRow } from '../metrics/risk';
import { SqlBuilder } from '../sql';

export interface ReportParams {
  list?: string;
  /** The list's year; default its latest published year. */
  year?: number;
  /**
   * The region, in a country's data (one; none in one region's data): the report is that region's, its
   * «регион» that region.
   */
  regions?: string[];
  /** The territory: no municipality is the whole region. */
  municipalities?: string[];
  /** Target share of schools on the list (0–1). */
  target: number;
  /** Subjects of the results section; default Russian and mathematics. */
  subjects?: string[];
  /** Procedures of the results section; default (or empty) all three. */
  procedures?: string[];
}

/** The list figures: quick, from the derived list tables alone. */
export interface TerritoryLists {
  list: string;
  regions: string[];
  municipalities: string[];
  target: number;
  /** null when the list has no published year. */
  year: number | null;
  sources: ListSourceRow[];
  cohorts: CohortSummaryRow[];
  byStreak: StreakGroupRow[];
  exits: ExitRow[];
  /** The region's exits, for a municipality's report. */
  regionExits: ExitRow[] | null;
  shares: ShareRow[];
  pace: TargetPaceRow | null;
  listed: StreakRow[];
  subjects: string[];
  /** In the order ВПР, ОГЭ, ЕГЭ. */
  procedures: string[];
  /** Listed schools per municipality and year: the region's report only. */
  municipalByYear: MunicipalityYearRow[] | null;
}

/** The result figures (they need result_totals). */
export interface TerritoryResults {
  results: ListedResultRow[];
  /** Whether the data has ВПР results in the report year (objectivity is judged on them). */
  vprInYear: boolean;
  /** ВПР, all subjects and grades, over the report year and the two before: per listed school. */
  share2Trends: TrendRow[];
  qualityTrends: TrendRow[];
  /** The first of those years in which any school of the territory has ВПР results (null: none). */
  trendsFrom: number | null;
  /** The region's report only. */
  municipalRows: MunicipalityRow[] | null;
}

/** Objectivity and risk (the slowest: region-wide tables built on first use). */
export interface TerritorySigns {
  markers: MarkerRow[];
  /** The markers counted (null without a year). */
  markerCounts: MarkerSummary | null;
  /** What the year's signs could check (no journal, no score distributions …); null without a year. */
  inputs: ObjectivityInputs | null;
  risk: RiskRow[];
}

/** Everything a report says; the page fills the parts in as they arrive. */
export type TerritoryData = TerritoryLists & Partial<TerritoryResults> & Partial<TerritorySigns>;

/** The report's parameters as the page reads them from its view state (and the build's prepared answers). */
export function reportParams(
  state: ViewState,
  filter: Filter,
): ReportParams & { regions: string[]; municipalities: string[] } {
  return {
    list: filter.list,
    year: filter.year,
    regions: filter.regions ?? [],
    municipalities: filter.municipalities ?? [],
    target: state.target / 100,
    subjects: filter.subject ? [filter.subject] : undefined,
    procedures: state.procedures,
  };
}

const proceduresOf = (p: ReportParams): string[] =>
  PROCEDURES.filter((x) => !p.procedures?.length || p.procedures.includes(x));

const areaOf = (p: ReportParams): Filter => ({
  list: p.list ?? DEFAULT_LIST,
  regions: p.regions?.length ? p.regions : undefined,
  municipalities: p.municipalities?.length ? p.municipalities : undefined,
});
/** The report's region: the chosen one in a country's data, or all of one region's data. */
const regionOf = (area: Filter): Filter => ({ list: area.list, regions: area.regions });

export type ReportRegion =
  | { regions: string[]; problem?: undefined }
  | { problem: string; regions?: undefined };

/**
 * The report's region in data of several regions (a country), where a report is one region's: the chosen one, or
 * the one the chosen municipalities lie in; a Russian `problem` when it cannot be told, or a chosen municipality
 * lies outside it.
 */
export async function reportRegion(db: Engine, p: ReportParams): Promise<ReportRegion> {
  const chosen = p.regions ?? [];
  const munis = p.municipalities ?? [];
  if (chosen.length > 1)
    return {
      problem:
        'Выбрано несколько регионов: справка составляется по одному. Оставьте в фильтре «Регионы» один.',
    };
  if (!munis.length)
    return chosen.length
      ? { regions: chosen }
      : {
          problem:
            'В данных несколько регионов: выберите регион в фильтре «Регионы» — справка составляется по региону или его муниципалитетам.',
        };
  const b = new SqlBuilder();
  const rows = await db.query<{ municipality: string; region: string | null }>(
    `SELECT DISTINCT municipality, region FROM school_dim WHERE list_contains(${b.list(munis)}, municipality) ORDER BY ALL`,
    b.params,
  );
  const quote = (xs: string[]) => xs.map((x) => `«${x}»`).join(', ');
  if (chosen.length) {
    const outside = munis.filter((m) => !rows.some((r) => r.municipality === m && r.region === chosen[0]));
    return outside.length
      ? {
          problem: `${outside.length > 1 ? 'Муниципалитеты' : 'Муниципалитет'} ${quote(outside)} не ${outside.length > 1 ? 'входят' : 'входит'} в регион «${chosen[0]}»: выберите муниципалитеты этого региона или другой регион.`,
        }
      : { regions: chosen };
  }
  const regions = [...new Set(rows.map((r) => r.region).filter((r): r is string => r !== null))];
  if (regions.length === 1 && munis.every((m) => rows.some((r) => r.municipality === m))) return { regions };
  return {
    problem: `Регион муниципалитетов ${quote(munis)} не определить однозначно${regions.length > 1 ? ` (${quote(regions)})` : ''}: выберите регион в фильтре «Регионы».`,
  };
}

/** The list figures no choice of year changes: read once for a territory and list, not on each year change. */
export type TerritoryListsBase = Pick<
  TerritoryLists,
  'sources' | 'cohorts' | 'byStreak' | 'exits' | 'regionExits' | 'shares' | 'municipalByYear'
>;

export async function territoryListsBase(db: Engine, p: ReportParams): Promise<TerritoryListsBase> {
  const area = areaOf(p);
  const [shares, cohorts, exitRows, byStreak, sources, regionExits, municipalByYear] = await Promise.all([
    listShare(db, area),
    cohortSummary(db, area),
    exits(db, area),
    listedByStreakGroup(db, area),
    listSources(db, area),
    area.municipalities ? exits(db, regionOf(area)) : null,
    area.municipalities ? null : listedByMunicipality(db, regionOf(area)),
  ]);
  return { shares, cohorts, exits: exitRows, byStreak, sources, regionExits, municipalByYear };
}

/** The list figures of the report's year (the link's, or the list's latest published), beside `base`. */
export async function territoryListsOfYear(
  db: Engine,
  p: ReportParams,
  base: TerritoryListsBase,
): Promise<TerritoryLists> {
  const area = areaOf(p);
  const year = p.year ?? base.shares.at(-1)?.year ?? null;
  const lists = {
    ...base,
    list: area.list!,
    regions: p.regions ?? [],
    municipalities: p.municipalities ?? [],
    target: p.target,
    subjects: p.subjects ?? [...KEY_SUBJECTS],
    procedures: proceduresOf(p),
    year,
  };
  if (year === null) return { ...lists, regionExits: null, pace: null, listed: [] };
  const [pace, listed] = await Promise.all([
    targetPace(db, { ...area, year }, p.target),
    streaks(db, { ...area, year }),
  ]);
  return { ...lists, pace, listed };
}

export async function territoryLists(db: Engine, p: ReportParams): Promise<TerritoryLists> {
  return territoryListsOfYear(db, p, await territoryListsBase(db, p));
}

export async function territoryResults(
  db: Engine,
  p: ReportParams,
  year: number | null,
): Promise<TerritoryResults> {
  const area = areaOf(p);
  if (year === null)
    return {
      results: [],
      vprInYear: false,
      share2Trends: [],
      qualityTrends: [],
      trendsFrom: null,
      municipalRows: null,
    };
  const threeYears: Filter = { ...area, procedure: 'ВПР', years: [year - 2, year] };
  const regionWide = !area.municipalities;
  const procedures = proceduresOf(p);
  const [results, vpr, share2Trends, qualityTrends, municipalRows] = await Promise.all([
    listedVsOthers(db, { ...area, year }, p.subjects ?? KEY_SUBJECTS),
    areaIndicators(db, { procedure: 'ВПР', year, regions: area.regions }),
    listedTrends(db, threeYears, area.list!, year, 'share_2'),
    listedTrends(db, threeYears, area.list!, year, 'quality'),
    regionWide ? municipalitySummary(db, { ...regionOf(area), year }) : null,
  ]);
  return {
    results: results.filter((r) => procedures.includes(r.procedure)),
    vprInYear: vpr.some((r) => r.level === 'region'),
    share2Trends: share2Trends.rows,
    qualityTrends: qualityTrends.rows,
    trendsFrom: share2Trends.firstYear,
    municipalRows,
  };
}

export async function territorySigns(
  db: Engine,
  p: ReportParams,
  year: number | null,
): Promise<TerritorySigns> {
  if (year === null) return { markers: [], markerCounts: null, inputs: null, risk: [] };
  const { list, regions, municipalities } = areaOf(p);
  const [markers, markerCounts, inputs, risk] = await Promise.all([
    objectivityMarkers(db, { year, regions, municipalities }),
    markerSummary(db, { year, regions, municipalities }, list!),
    objectivityInputsByYear(db, { year }),
    riskGroup(db, { year, regions, municipalities }),
  ]);
  return { markers, markerCounts, inputs: inputs[0] ?? null, risk };
}

/** The whole report's figures at once (the CLI and the tests). */
export async function territoryData(db: Engine, p: ReportParams): Promise<TerritoryData> {
  const lists = await territoryLists(db, p);
  const [results, signs] = await Promise.all([
    territoryResults(db, p, lists.year),
    territorySigns(db, p, lists.year),
  ]);
  return { ...lists, ...results, ...signs };
}
