// What each view's main query reads, composed from the metric functions: the views run these through
// useEngineQuery, and the build runs the same for the default states it answers in advance (answer-pages.ts).
import type { Engine } from './db/engine';
import { DEFAULT_LIST, type Filter } from './filters';
import {
  cohortMembers,
  cohortSummary,
  entryCohortMatrix,
  entryCohortMembers,
  exits,
  publishedYears,
  timeToExit,
} from './metrics/lists';
import { areaIndicators, levelChangeGrid, schoolIndicators, type IndicatorKey } from './metrics/results';
import { riskWithComparison, schoolRisk } from './metrics/risk';
import {
  objectivityFlags,
  objectivityInputsByYear,
  objectivityMarkers,
  objectivityYear,
  officialComparison,
  schoolVprPapers,
  vprVsOge,
  type ObjectivitySettings,
} from './metrics/objectivity';
import { schoolArea, schoolById, schoolListHistory, similarSchools, type SchoolRow } from './metrics/school';
import { coverage, gaps } from './metrics/coverage';
import { missingInputsByYear } from './objectivity-text';
import { latestResultsYear } from './metrics/options';
import { listedByMunicipality, listedByRegion } from './metrics/municipalities';

/** «Когорты»: every year at once. */
export async function cohortsData(db: Engine, filter: Filter) {
  const noYear = { ...filter, year: undefined };
  const [summary, matrix, members, entered] = await Promise.all([
    cohortSummary(db, noYear),
    entryCohortMatrix(db, noYear),
    cohortMembers(db, noYear),
    entryCohortMembers(db, noYear),
  ]);
  return { summary, matrix, members, entered };
}

/** «Выход из перечня»: the series over every year (a change of year reads only `exitsOfYear`). */
export async function exitsSeries(db: Engine, filter: Filter) {
  const all = { ...filter, year: undefined };
  const [byYear, survival, published] = await Promise.all([
    exits(db, all),
    timeToExit(db, all),
    publishedYears(db, filter.list ?? DEFAULT_LIST),
  ]);
  return { byYear, survival, published };
}

/** The year a view of exits shows: the chosen one, or the latest with an observed exit. */
export const exitsYear = (filter: Filter, series: Awaited<ReturnType<typeof exitsSeries>> | null) =>
  filter.year ?? series?.byYear.filter((r) => r.next_year !== null).at(-1)?.year;

/** The published year after `year`, into which its exits are counted; undefined for the last one. */
export const nextPublishedYear = (published: number[], year: number) => {
  const later = published.filter((y) => y > year);
  return later.length ? Math.min(...later) : undefined;
};

/** «Выход из перечня»: the breakdowns of one year. */
export async function exitsOfYear(db: Engine, filter: Filter, year: number | undefined) {
  const [byStreak, byMunicipality, byType] = year
    ? await Promise.all([
        exits(db, { ...filter, year }, 'streak'),
        exits(db, { ...filter, year }, 'municipality'),
        exits(db, { ...filter, year }, 'type'),
      ])
    : [[], [], []];
  return { byStreak, byMunicipality, byType };
}

/** «Динамика»: the areas' indicator by year and the grid of level × change. */
export async function dynamicsData(db: Engine, filter: Filter, indicator: IndicatorKey) {
  const [areas, cells] = await Promise.all([
    areaIndicators(db, { ...filter, year: undefined }),
    levelChangeGrid(db, filter, indicator),
  ]);
  // Nothing for the filters: whether the data has any results at all says what to do (asked only then).
  const anyResults =
    areas.length > 0 ||
    (await db.query<{ any: boolean }>('SELECT count(*) > 0 AS "any" FROM result_slices'))[0].any;
  return { areas, cells, anyResults };
}

/** «Группа риска»: the computed group and its comparison with the published list. */
export const riskData = (db: Engine, filter: Filter) => riskWithComparison(db, filter);

/** «Объективность»: the year's inputs, markers and lenient marking (null: no results at all). */
export async function objectivityData(db: Engine, filter: Filter, settings: ObjectivitySettings) {
  const year = filter.year ?? (await latestResultsYear(db));
  if (year === null) return null;
  return { year, ...(await objectivityYear(db, { ...filter, year }, settings)) };
}

/**
 * «Объективность»: ВПР against ОГЭ per school in the year. No threshold changes it, so it is read apart from
 * the signs: a change of the settings does not read it again.
 */
export async function objectivityScatter(db: Engine, filter: Filter) {
  const year = filter.year ?? (await latestResultsYear(db));
  return year === null ? [] : vprVsOge(db, { ...filter, year }, year);
}

/** «Объективность»: the computed list of a ВПР year beside the official list approved on its results. */
export const officialData = (db: Engine, filter: Filter, year: number, settings: ObjectivitySettings) =>
  officialComparison(db, filter, year, settings);

/** One small multiple's bar of «Муниципалитеты»: a territory's listed schools in a published year. */
export interface MultipleRow {
  area: string;
  year: number;
  listed: number;
}

/**
 * «Муниципалитеты»' small multiples, one per municipality; for a country seen whole (`regions` > 1 in the data,
 * no region or municipality chosen) one per region: two thousand municipalities make a chart no one can read.
 */
export async function municipalMultiples(
  db: Engine,
  filter: Filter,
  regions: number,
): Promise<{ by: 'region' | 'municipality'; rows: MultipleRow[] }> {
  if (regions > 1 && !filter.regions?.length && !filter.municipalities?.length) {
    const rows = await listedByRegion(db, filter);
    return { by: 'region', rows: rows.map((r) => ({ area: r.region, year: r.year, listed: r.listed })) };
  }
  const rows = await listedByMunicipality(db, filter);
  return {
    by: 'municipality',
    rows: rows.map((r) => ({ area: r.municipality, year: r.year, listed: r.listed })),
  };
}

/** «Карточка ОО»: the school, its list history and similar schools (none of it depends on the filters). */
export async function schoolCard(db: Engine, id: string) {
  const school = await schoolById(db, id);
  if (!school) return { school: null };
  const [history, similar] = await Promise.all([schoolListHistory(db, id), similarSchools(db, id)]);
  return { school, history, similar };
}

/** «Карточка ОО»: the school's indicators by year beside its municipality's and its region's. */
export async function schoolSeries(db: Engine, school: SchoolRow, filter: Filter) {
  const results = {
    procedure: filter.procedure,
    subject: filter.subject,
    grade: filter.grade,
    years: filter.years,
  };
  const [own, areas] = await Promise.all([
    schoolIndicators(db, school.school_id, results),
    areaIndicators(db, { ...results, ...schoolArea(school) }),
  ]);
  return { own, areas };
}

/**
 * «Карточка ОО»: the school's objectivity signs and markers, its ВПР papers, what their years' data could not
 * check, and its risk reasons; a gap instead of flags or risk when the school has no results to judge.
 */
export async function schoolSigns(
  db: Engine,
  id: string,
  years: Filter['years'],
  settings: ObjectivitySettings,
) {
  const f = { school: id, years };
  const [has, flags, markers, papers, risk, vprPapers, inputs] = await Promise.all([
    coverage(db, id),
    objectivityFlags(db, f, settings),
    objectivityMarkers(db, f, settings),
    objectivityMarkers(db, f, { ...settings, minMarkers: 1 }),
    schoolRisk(db, id),
    schoolVprPapers(db, id, years),
    objectivityInputsByYear(db, { years }),
  ]);
  const paperYears = new Set(vprPapers.map((p) => p.year));
  const missing = missingInputsByYear(inputs.filter((i) => paperYears.has(i.year)));
  const flagsGap = gaps.flags(has, ' школы');
  const riskGap = gaps.risk(has, ' школы');
  return {
    flags: flagsGap ? null : flags,
    markers,
    papers,
    vprPapers,
    missing,
    risk: riskGap ? null : risk,
    flagsGap,
    riskGap,
  };
}
