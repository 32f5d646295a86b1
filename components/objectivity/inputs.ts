// Which inputs of the objectivity signs a year has, so that a missing file reads «нет данных» with what to
// upload instead of an empty list. Row counts only (no metric); belongs beside the signs in lib/metrics.
import type { Engine } from '@/lib/db/engine';
import { SqlBuilder } from '@/lib/sql';

export interface ObjectivityInputs {
  vpr: boolean;
  journal: boolean;
  scoreDist: boolean;
  markScales: boolean;
}

export async function objectivityInputs(db: Engine, year: number): Promise<ObjectivityInputs> {
  const b = new SqlBuilder();
  const y = `${b.p(year)}::INTEGER`;
  const [r] = await db.query<{ vpr: boolean; journal: boolean; score_dist: boolean; mark_scales: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM results WHERE procedure = 'ВПР' AND year = ${y}) AS vpr,
       EXISTS (SELECT 1 FROM vpr_journal WHERE year = ${y}) AS journal,
       EXISTS (SELECT 1 FROM score_dist WHERE procedure = 'ВПР' AND year = ${y}) AS score_dist,
       EXISTS (SELECT 1 FROM mark_scales WHERE procedure = 'ВПР' AND year = ${y}) AS mark_scales`,
    b.params,
  );
  return { vpr: r.vpr, journal: r.journal, scoreDist: r.score_dist, markScales: r.mark_scales };
}

/** What the year lacks, said once per view. */
export function missingInputs(i: ObjectivityInputs): string[] {
  const out: string[] = [];
  if (!i.journal) out.push('Сравнение с журналом не проверяется: нет данных vpr_journal (отметки ВПР против журнальных) — загрузите их на странице «Загрузка».');
  if (!i.scoreDist || !i.markScales)
    out.push(`Пики не проверяются: нет распределения баллов (score_dist и mark_scales)${!i.scoreDist && i.markScales ? ' — нет score_dist' : i.scoreDist && !i.markScales ? ' — нет mark_scales' : ''}.`);
  return out;
}
