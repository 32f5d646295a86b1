import { formatPercent } from '@/lib/format';
import { describe, expect, it } from 'vitest';
import { publishedOnlyWhy, riskReasons } from '@/lib/risk-text';

const none = {
  dyn_0_share_2: null,
  dyn_0_rise: null,
  dyn_1_share_2: null,
  dyn_1_rise: null,
  low_0_success: null,
  low_1_success: null,
  low_2_success: null,
  low_3_success: null,
};

describe('risk reasons', () => {
  it('words negative dynamics per procedure, the rise as the printed shares differ', () => {
    // ВПР: «2» 0,5 after a rise of 49/400: from 0,3775 (37,75 % → «37,8») to 50 %: +12,2 as printed (50,0 − 37,8).
    // ОГЭ: from 10 % to 25 % (+15 p.p.).
    const r = {
      ...none,
      bottom_quartile: 0,
      dyn_0_share_2: 0.5,
      dyn_0_rise: 49 / 400,
      dyn_1_share_2: 0.25,
      dyn_1_rise: 0.15,
    };
    expect(riskReasons(r)).toBe(
      'ВПР: доля «2» выросла с 37,8 % до 50,0 % (+12,2 п. п.); ОГЭ: доля «2» выросла с 10,0 % до 25,0 % (+15,0 п. п.)',
    );
  });

  it('gives the rise as the printed shares differ, so the sentence adds up', async () => {
    // From 5,16 % to 23,44 %: printed «5,2 %» and «23,4 %», so +18,2 п. п. (the exact +18,28 would print «18,3»).
    const r = { ...none, bottom_quartile: 0, dyn_0_share_2: 0.2344, dyn_0_rise: 0.1828 };
    expect(riskReasons(r)).toBe('ВПР: доля «2» выросла с 5,2 % до 23,4 % (+18,2 п. п.)');
  });

  it('rounds a tie as the school card does: 13 of 16 is 81,3 %, 9 of 80 is 11,3 %', () => {
    const r = { ...none, bottom_quartile: 2, low_0_success: 13 / 16, low_1_success: 13 / 16 };
    expect(riskReasons(r)).toContain('(успеваемость 81,3 %)');
    expect(riskReasons(r)).toContain(formatPercent(13 / 16).replace(/\s/g, ' '));
    // From 9/80 (11,25 %) to 9/80 + 0,1: «с 11,3 % до 21,3 % (+10,0 п. п.)».
    const d = { ...none, bottom_quartile: 0, dyn_0_share_2: 9 / 80 + 0.1, dyn_0_rise: 0.1 };
    expect(riskReasons(d)).toBe('ВПР: доля «2» выросла с 11,3 % до 21,3 % (+10,0 п. п.)');
  });

  it('lists the bottom-quartile key indicators in alphabetical order once there are two', () => {
    // Keys 0–3 are ВПР русский, ВПР математика, ОГЭ русский, ОГЭ математика; 1 and 2 are in the bottom quartile.
    const two = { ...none, bottom_quartile: 2, low_1_success: 0.6, low_2_success: 3 / 8 };
    expect(riskReasons(two)).toBe(
      'в нижней четверти региона по 2 из 4 ключевых показателей: ВПР математика (успеваемость 60,0 %), ОГЭ русский язык (успеваемость 37,5 %)',
    );
    // One key indicator alone is no reason.
    expect(riskReasons({ ...none, bottom_quartile: 1, low_0_success: 0.5 })).toBe('');
    const both = { ...two, dyn_1_share_2: 0.3, dyn_1_rise: 0.1 };
    expect(riskReasons(both)).toBe(
      'ОГЭ: доля «2» выросла с 20,0 % до 30,0 % (+10,0 п. п.); в нижней четверти региона по 2 из 4 ключевых показателей: ВПР математика (успеваемость 60,0 %), ОГЭ русский язык (успеваемость 37,5 %)',
    );
  });

  it('says why the rule leaves out a school of the published list', () => {
    expect(publishedOnlyWhy('on_main_list')).toBe('в перечне ШНОР этого года');
    expect(publishedOnlyWhy('no_results')).toBe('нет результатов за этот год');
    expect(publishedOnlyWhy('below_rule')).toBe(
      'нет отрицательной динамики и меньше 2 показателей в нижней четверти',
    );
  });
});
