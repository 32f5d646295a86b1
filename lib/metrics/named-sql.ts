// Every metric's final SQL by name, as the metric functions run it: `npm run --silent cli -- sql share_2`.
// Each entry calls the same builder its function uses, so the text printed is the text executed.
import { SqlBuilder } from '../sql';
import type { SqlParam } from '../db/engine';
import { SCHOOL_DIM_SQL, TERRITORY_KNOWN_TABLE_SQL, type Filter } from '../filters';
import {
  cohortMembersSql,
  cohortsSql,
  cohortSummarySql,
  entryCohortMatrixSql,
  entryCohortMembersSql,
  exitsSql,
  LIST_MEMBERSHIP_SQL,
  LIST_OUTCOMES_SQL,
  LIST_PUBLISHED_SQL,
  LIST_RUNS_SQL,
  LIST_STREAKS_SQL,
  listedByStreakGroupSql,
  listRunsSql,
  listShareSql,
  streaksSql,
  timeToExitSql,
  type ExitDimension,
} from './lists';
import {
  areaIndicatorsSql,
  INDICATORS,
  levelChangeGridSql,
  levelChangeSql,
  perSchoolSql,
  trendSql,
  type IndicatorKey,
} from './results';
import { AREA_TOTALS_SQL, RESULT_TOTALS_SQL } from './result-totals';
import { listedByTerritorySql, municipalitySummarySql } from './municipalities';
import { regionSummarySql } from './regions';
import { riskGroupSql, riskInputsSql } from './risk';

export interface NamedSql {
  name: string;
  /** Russian, for the CLI's list. */
  about: string;
  sql: (b: SqlBuilder, f: Filter, o: { indicator: IndicatorKey; by?: ExitDimension }) => string;
}

const derived = (name: string, about: string, sql: string): NamedSql => ({
  name,
  about: `производная таблица ${name}: ${about}`,
  sql: () => `CREATE OR REPLACE TABLE ${name} AS ${sql.trim()}`,
});

/** One indicator per school and year, over the slice of the filter (procedure ВПР unless given). */
const perSchool = (key: IndicatorKey, label: string, formula: string): NamedSql => ({
  name: key,
  about: `${label.toLowerCase()} по школе и году (${formula}; --procedure, --subject, --grade, --years)`,
  sql: (b, f) =>
    `SELECT school_id, year, participants, ${key}\nFROM ${perSchoolSql(b, f)}\nORDER BY school_id, year`,
});

export const NAMED_SQL: NamedSql[] = [
  derived(
    'territory_known',
    'известны ли школы территории помимо перечня: есть справочник школ или результаты',
    TERRITORY_KNOWN_TABLE_SQL,
  ),
  derived('school_dim', 'школы из всех загруженных таблиц с их признаками', SCHOOL_DIM_SQL),
  derived('list_published', 'опубликованные годы каждого перечня', LIST_PUBLISHED_SQL),
  derived('list_membership', 'школа в перечне за год', LIST_MEMBERSHIP_SQL),
  derived('list_streaks', 'лет подряд в перечне и всего лет в перечне', LIST_STREAKS_SQL),
  derived('list_outcomes', 'что стало со школой в следующем опубликованном году', LIST_OUTCOMES_SQL),
  derived('list_runs', 'непрерывные периоды школы в перечне', LIST_RUNS_SQL),
  derived('result_totals', 'суммы частей показателей результатов по школе, году и срезу', RESULT_TOTALS_SQL),
  derived(
    'area_totals',
    'суммы частей показателей результатов по региону, муниципалитету, году и срезу',
    AREA_TOTALS_SQL,
  ),
  { name: 'streaks', about: 'школы в перечне по годам: лет подряд и всего', sql: (b, f) => streaksSql(b, f) },
  {
    name: 'cohorts',
    about: 'школы по числу лет подряд в перечне (впервые / вернулись)',
    sql: (b, f) => cohortsSql(b, f),
  },
  {
    name: 'cohort_summary',
    about: 'по годам: впервые, вернулись, 2-й, 3-й, 4-й год и более',
    sql: (b, f) => cohortSummarySql(b, f),
  },
  {
    name: 'cohort_members',
    about: 'школы каждой группы cohort_summary',
    sql: (b, f) => cohortMembersSql(b, f),
  },
  {
    name: 'listed_by_streak_group',
    about: 'школы в перечне по годам: 1, 2, 3, 4+ лет подряд',
    sql: (b, f) => listedByStreakGroupSql(b, f),
  },
  {
    name: 'exit_rate',
    about: 'выход из перечня: доля вышедших, устойчивый выход, возвращение (--by streak|municipality|type)',
    sql: (b, f, o) => exitsSql(b, f, o.by),
  },
  { name: 'list_share', about: 'доля школ в перечне от действующих школ', sql: (b, f) => listShareSql(b, f) },
  {
    name: 'entry_cohorts',
    about: 'когорты входа: сколько школ остаются в перечне по годам',
    sql: (b, f) => entryCohortMatrixSql(b, f),
  },
  {
    name: 'entry_cohort_members',
    about: 'школы когорты входа, остающиеся в перечне',
    sql: (b, f) => entryCohortMembersSql(b, f),
  },
  {
    // Not «list_runs»: that name is the derived table's, above.
    name: 'runs',
    about: 'непрерывные периоды школ в перечне: год входа, длина, чем закончились',
    sql: (b, f) => listRunsSql(b, f),
  },
  {
    name: 'time_to_exit',
    about: 'время до выхода из перечня (Каплан — Мейер)',
    sql: (b, f) => timeToExitSql(b, f),
  },
  ...INDICATORS.map((i) => perSchool(i.key, i.label, i.formula)),
  {
    name: 'negative_dynamics',
    about: 'отрицательная динамика: рост доли «2» за год на 10 п. п. и более (--procedure …)',
    sql: (b, f) =>
      `SELECT school_id, year, participants, share_2, share_2_rise, negative_dynamics\nFROM ${perSchoolSql(b, f)}\nORDER BY school_id, year`,
  },
  {
    name: 'trends',
    about: 'динамика показателя по школам: первое, последнее значение, изменение (--indicator)',
    sql: (b, f, o) => `SELECT * FROM ${trendSql(b, f, o.indicator)} ORDER BY school_id`,
  },
  {
    name: 'level_change',
    about: 'школы по уровню и изменению показателя, пятые части региона (--indicator)',
    sql: (b, f, o) => levelChangeSql(b, f, o.indicator),
  },
  {
    name: 'level_change_grid',
    about: 'сетка 5 × 5: число школ по уровню и изменению (--indicator)',
    sql: (b, f, o) => levelChangeGridSql(b, f, o.indicator),
  },
  {
    name: 'area_indicators',
    about: 'показатели региона и муниципалитетов по годам',
    sql: (b, f) => areaIndicatorsSql(b, f),
  },
  {
    name: 'municipality_summary',
    about: 'муниципалитеты: школы, в перечне, доля, выход, ключевые показатели',
    sql: (b, f) => municipalitySummarySql(b, f),
  },
  {
    name: 'region_summary',
    about: 'по регионам: действующие школы, в перечне, доля, место по доле, доля вышедших (--year)',
    sql: (b, f) => regionSummarySql(b, f),
  },
  {
    name: 'listed_by_municipality',
    about: 'школы в перечне по муниципалитетам и годам',
    sql: (b, f) => listedByTerritorySql(b, f, 'municipality'),
  },
  {
    name: 'listed_by_region',
    about: 'школы в перечне по регионам и годам (малые графики страны)',
    sql: (b, f) => listedByTerritorySql(b, f, 'region'),
  },
  {
    name: 'risk_inputs',
    about:
      'производная таблица risk_inputs: цифры причин группы риска по школе и году (каждый год с результатами)',
    sql: (b) => `CREATE OR REPLACE TABLE risk_inputs AS ${riskInputsSql(b).trim()}`,
  },
  {
    name: 'risk_group',
    about: 'группа риска за год (--year) с цифрами причин; слова причин — lib/risk-text.ts',
    sql: (b, f) => riskGroupSql(b, f),
  },
];

export const namedSql = (name: string) => NAMED_SQL.find((n) => n.name === name);

const literal = (v: SqlParam): string =>
  v === null || v === undefined ? 'NULL' : typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v);

/** The SQL of `name` for the filter, with the bound parameters written in as literals, so that it runs as printed. */
export function printSql(
  entry: NamedSql,
  f: Filter = {},
  o: { indicator?: IndicatorKey; by?: ExitDimension } = {},
): string {
  const b = new SqlBuilder();
  const text = entry.sql(b, f, { indicator: o.indicator ?? 'share_2', by: o.by });
  const body = text.replace(/\$(\d+)/g, (_, n: string) => literal(b.params[Number(n) - 1]));
  // The builders indent for their template literals: drop the common indent.
  const lines = body.replace(/^\n+/, '').split('\n');
  const indent = Math.min(
    ...lines
      .slice(1)
      .filter((l) => l.trim())
      .map((l) => l.match(/^ */)![0].length),
    lines[0].match(/^ */)![0].length,
  );
  return `-- ${entry.name}: ${entry.about}\n${lines
    .map((l, i) => (i === 0 ? l.trimStart() : l.slice(Math.min(indent, l.match(/^ */)![0].length))))
    .join('\n')
    .trimEnd()};\n`;
}
