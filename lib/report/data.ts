// The figures of a report, each from the metric function the views use for it.
import type { Engine } from '../db/engine';
import { DEFAULT_LIST, type Filter } from '../filters';
import { cohortSummary, exits, listedByStreakGroup, listShare, streaks, type CohortSummaryRow, type ExitRow, type ShareRow, type StreakGroupRow, type StreakRow } from '../metrics/lists';
import { listedByMunicipality, municipalitySummary, type MunicipalityRow, type MunicipalityYearRow } from '../metrics/municipalities';
import { listedVsOthers, type ListedResultRow } from '../metrics/listed-results';
import { listSources, targetPace, type ListSourceRow, type TargetPaceRow } from '../metrics/target';
import { areaIndicators, trends, type TrendRow } from '../metrics/results';
import { objectivityMarkers, type MarkerRow } from '../metrics/objectivity';
import { riskGroup, type RiskRow } from '../metrics/risk';

export interface ReportParams {
  list?: string;
  /** The list's year; default its latest published year. */
  year?: number;
  /** The territory: no municipality is the whole region. */
  municipalities?: string[];
  /** Target share of schools on the list (0–1). */
  target: number;
}

export interface TerritoryData {
  list: string;
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
  results: ListedResultRow[];
  /** Whether the data has ВПР results in the report year (objectivity is judged on them). */
  vprInYear: boolean;
  markers: MarkerRow[];
  risk: RiskRow[];
  listed: StreakRow[];
  /** ВПР, all subjects and grades, over the report year and the two before: per school. */
  share2Trends: TrendRow[];
  qualityTrends: TrendRow[];
  /** The region's report only. */
  municipalRows: MunicipalityRow[] | null;
  municipalByYear: MunicipalityYearRow[] | null;
}

export async function territoryData(db: Engine, p: ReportParams): Promise<TerritoryData> {
  const list = p.list ?? DEFAULT_LIST;
  const municipalities = p.municipalities ?? [];
  const area: Filter = { list, municipalities: municipalities.length ? municipalities : undefined };
  const [shares, cohorts, exitRows, byStreak, sources] = await Promise.all([
    listShare(db, area), cohortSummary(db, area), exits(db, area), listedByStreakGroup(db, area), listSources(db, area),
  ]);
  const year = p.year ?? shares.at(-1)?.year ?? null;
  const base = { list, municipalities, target: p.target, year, sources, cohorts, byStreak, exits: exitRows, shares };
  if (year === null) {
    return { ...base, regionExits: null, pace: null, results: [], vprInYear: false, markers: [], risk: [], listed: [], share2Trends: [], qualityTrends: [], municipalRows: null, municipalByYear: null };
  }
  const inYear: Filter = { ...area, year };
  const threeYears: Filter = { ...area, procedure: 'ВПР', years: [year - 2, year] };
  const regionWide = municipalities.length === 0;
  const [regionExits, pace, results, vpr, markers, risk, listed, share2Trends, qualityTrends, municipalRows, municipalByYear] = await Promise.all([
    regionWide ? null : exits(db, { list }),
    targetPace(db, inYear, p.target),
    listedVsOthers(db, inYear),
    areaIndicators(db, { procedure: 'ВПР', year }),
    objectivityMarkers(db, { year, municipalities: area.municipalities }),
    riskGroup(db, { year, municipalities: area.municipalities }),
    streaks(db, inYear),
    trends(db, threeYears, 'share_2'),
    trends(db, threeYears, 'quality'),
    regionWide ? municipalitySummary(db, { list, year }) : null,
    regionWide ? listedByMunicipality(db, { list }) : null,
  ]);
  return {
    ...base, regionExits, pace, results, vprInYear: vpr.some((r) => r.level === 'region'), markers, risk, listed, share2Trends, qualityTrends, municipalRows, municipalByYear,
  };
}
