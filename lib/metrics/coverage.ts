// Which canonical tables the data has, region-wide or for one school: a figure whose tables are missing is
// replaced by a notice saying what to upload, never shown as 0, 100 % or «не выявлено».
import type { Engine } from '../db/engine';
import { SqlBuilder } from '../sql';
import { PLACEHOLDER } from '../filters';

/** Whether each table has rows (for one school, when asked). */
export interface Coverage {
  /** A schools table (not the «ОО <код>» placeholders of earlier uploads). */
  schools: boolean;
  lists: boolean;
  results: boolean;
  vpr: boolean;
  oge: boolean;
  vpr_journal: boolean;
  score_dist: boolean;
}

export async function coverage(db: Engine, school?: string): Promise<Coverage> {
  const b = new SqlBuilder();
  const where = school ? `school_id = ${b.p(school)}` : 'TRUE';
  // EXISTS stops at the first row: cheap on the largest tables.
  const n = (table: string, extra = 'TRUE') => `EXISTS (SELECT 1 FROM ${table} WHERE ${where} AND ${extra})`;
  // The whole data's lists and results are told by the small eager tables of list years and result slices.
  const lists = school ? 'lists' : 'list_membership';
  const results = school ? 'results' : 'result_slices';
  const [row] = await db.query<Coverage>(
    `SELECT ${n('schools', `NOT (${PLACEHOLDER('schools')})`)} AS schools, ${n(lists)} AS lists, ${n(results)} AS results,
       ${n(results, `procedure = 'ВПР'`)} AS vpr, ${n(results, `procedure = 'ОГЭ'`)} AS oge,
       ${n('vpr_journal')} AS vpr_journal, ${n('score_dist')} AS score_dist`,
    b.params,
  );
  return row;
}

/**
 * Whether the whole data has ВПР and ОГЭ results, from the small eager table of result slices alone: the
 * check «Группа риска» needs before its figures, without coverage()'s first read of the journals and score
 * distributions (range requests to a file read by URL, ~0.2 s of a country's view).
 */
export async function resultCoverage(db: Engine): Promise<Pick<Coverage, 'vpr' | 'oge'>> {
  const [row] = await db.query<Pick<Coverage, 'vpr' | 'oge'>>(
    `SELECT count(*) FILTER (WHERE procedure = 'ВПР') > 0 AS vpr,
       count(*) FILTER (WHERE procedure = 'ОГЭ') > 0 AS oge FROM result_slices`,
  );
  return row;
}

/** What to upload for a figure the data cannot give; null when it can. */
export const gaps = {
  /** The share of the territory's schools on a list. */
  share: (c: Coverage) =>
    c.schools || c.results
      ? null
      : 'нужен справочник школ или результаты: по одному перечню неизвестно, сколько школ на территории — загрузите файл школ',
  /** Objectivity flags of a school or the region. */
  flags: (c: Coverage, whose = '') =>
    !c.vpr ? `Нет результатов ВПР${whose}: признаки не рассчитаны — загрузите результаты ВПР` : null,
  /** The computed risk group: ВПР or ОГЭ results. */
  risk: (c: Pick<Coverage, 'vpr' | 'oge'>, whose = '') =>
    !c.vpr && !c.oge
      ? `Нет результатов ВПР и ОГЭ${whose}: группа риска не определена — загрузите результаты`
      : null,
};
