// Words of the computed risk group: each school's reasons with their figures, and why the rule leaves out a
// school of the published list. The figures come from the SQL (lib/metrics/risk.ts); this module only words them.
import { DYNAMICS_PROCEDURES, KEY_INDICATORS, MIN_BOTTOM_INDICATORS } from './metrics/risk';
import { MIN_PARTICIPANTS_RANK } from './metrics/results';
import { formatPercent } from './format';

/** risk_inputs' figures of one school and year (NULL where the reason does not hold). */
export interface RiskFigures {
  bottom_quartile: number;
  [column: `dyn_${number}_share_2` | `dyn_${number}_rise` | `low_${number}_success`]: number | null;
}

// Tenths of a percent as formatPercent prints them everywhere else (a tie away from zero: 13/16 is «81,3 %»), so a
// school's figure reads the same here as on its card. Read back from its text: one rounding, not a second copy.
const tenths = (x: number): number =>
  Math.round(
    10 *
      Number(
        formatPercent(x)
          .replace(/[^\d,-]/g, '')
          .replace(',', '.'),
      ),
  );
const fixed1 = (t: number) => (t / 10).toFixed(1).replace('.', ',');
const percent = (x: number) => `${fixed1(tenths(x))} %`;

/**
 * «ВПР: доля «2» выросла с 10,0 % до 25,0 % (+15,0 п. п.)» per procedure, then «в нижней четверти региона по 2
 * из 4 ключевых показателей: ВПР математика (успеваемость 40,0 %), …» when the count reaches the rule.
 */
export function riskReasons(r: RiskFigures): string {
  const dyn = DYNAMICS_PROCEDURES.flatMap((p, i) => {
    const share2 = r[`dyn_${i}_share_2`];
    const rise = r[`dyn_${i}_rise`];
    return share2 === null || rise === null
      ? []
      : // The rise as the two printed shares differ, so the sentence adds up («с 5,2 % до 23,4 % (+18,2 п. п.)»).
        [
          `${p}: доля «2» выросла с ${percent(share2 - rise)} до ${percent(share2)} (+${fixed1(tenths(share2) - tenths(share2 - rise))} п. п.)`,
        ];
  });
  const low = KEY_INDICATORS.flatMap((k, i) => {
    const success = r[`low_${i}_success`];
    return success === null ? [] : [{ what: `${k.procedure} ${k.subject.toLowerCase()}`, success }];
  })
    .sort((a, b) => (a.what < b.what ? -1 : a.what > b.what ? 1 : 0))
    .map((x) => `${x.what} (успеваемость ${percent(x.success)})`);
  const bottom =
    r.bottom_quartile >= MIN_BOTTOM_INDICATORS
      ? [
          `в нижней четверти региона по ${r.bottom_quartile} из ${KEY_INDICATORS.length} ключевых ` +
            `показателей: ${low.join(', ')}`,
        ]
      : [];
  return [dyn.join('; '), ...bottom].filter((t) => t).join('; ');
}

/**
 * Why a school of the published list is not in the computed group: on ШНОР, no results, or below the rule —
 * where the rule could be applied. Dynamics need MIN_PARTICIPANTS_RANK+ pupils in both years, the bottom quartile
 * a ranking on MIN_BOTTOM_INDICATORS key indicators; a school without them is not «below» it.
 */
export type PublishedOnlyWhy =
  | 'on_main_list'
  | 'no_results'
  | 'below_rule'
  | 'dynamics_unknown'
  | 'bottom_unknown'
  | 'not_assessable';

export function publishedOnlyWhy(why: PublishedOnlyWhy): string {
  const noDynamics = 'нет отрицательной динамики';
  const fewLow = `меньше ${MIN_BOTTOM_INDICATORS} показателей в нижней четверти`;
  const dynamicsUnknown = `динамику доли «2» не оценить: нет двух лет подряд с ${MIN_PARTICIPANTS_RANK}+ участниками`;
  const bottomUnknown = `нижнюю четверть не оценить: меньше ${MIN_BOTTOM_INDICATORS} ключевых показателей с ${MIN_PARTICIPANTS_RANK}+ участниками`;
  if (why === 'on_main_list') return 'в перечне ШНОР этого года';
  if (why === 'no_results') return 'нет результатов за этот год';
  if (why === 'dynamics_unknown') return `${fewLow}; ${dynamicsUnknown}`;
  if (why === 'bottom_unknown') return `${noDynamics}; ${bottomUnknown}`;
  if (why === 'not_assessable')
    return `правило не применить (нет данных): ${dynamicsUnknown}, ${bottomUnknown}`;
  return `${noDynamics} и ${fewLow}`;
}
