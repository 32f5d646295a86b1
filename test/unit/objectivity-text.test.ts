import { describe, expect, it } from 'vitest';
import { missingInputs, quietPapersText, signReason } from '../../lib/objectivity-text';
import { zValue } from '@/components/objectivity/labels';

const all = {
  vpr: true,
  journal: true,
  scoreDist: true,
  markScales: true,
  scalesInferred: false,
  previousYear: true,
};

describe('missingInputs: what the signs cannot check, and what to give', () => {
  it('says nothing when every input is there', () => {
    expect(missingInputs(all)).toEqual([]);
  });

  it('names the upload page in the view, and the table each sign needs', () => {
    expect(missingInputs({ ...all, journal: false, scoreDist: false, markScales: false })).toEqual([
      'Сравнение с журналом не проверяется: нет данных vpr_journal (отметки ВПР против журнальных) — загрузите vpr_journal на странице «Загрузка данных».',
      'Пики не проверяются: нет распределения баллов (score_dist и mark_scales) — загрузите score_dist и mark_scales на странице «Загрузка данных».',
    ]);
    expect(missingInputs({ ...all, scoreDist: false })).toEqual([
      'Пики не проверяются: нет распределения баллов (score_dist и mark_scales) — загрузите score_dist на странице «Загрузка данных».',
    ]);
    expect(missingInputs({ ...all, markScales: false })[0]).toMatch(
      /нет mark_scales, и вывести шкалы .* не удалось; загрузите mark_scales на странице «Загрузка данных»\.$/,
    );
  });

  it('takes another hint (the CLI names its options)', () => {
    expect(missingInputs({ ...all, journal: false }, (t) => `укажите ${t.join(', ')}`)).toEqual([
      'Сравнение с журналом не проверяется: нет данных vpr_journal (отметки ВПР против журнальных) — укажите vpr_journal.',
    ]);
  });

  it('says the change tests cannot run without the year before', () => {
    expect(missingInputs({ ...all, previousYear: false })).toEqual([
      'Резкий рост не проверяется: нет результатов ВПР за предыдущий год, с которыми сравниваются работы — загрузите results на странице «Загрузка данных».',
    ]);
  });

  it('says once that scales were inferred, and nothing of peaks missing', () => {
    expect(missingInputs({ ...all, scalesInferred: true })).toEqual([
      'Шкалы отметок (mark_scales) загружены не для всех работ: минимальные баллы отметок этих работ выведены из распределений баллов и отметок школ (см. «Методика»).',
    ]);
  });
});

describe('signReason: the school as a whole, when it makes a journal or unconfirmed sign', () => {
  const journal = {
    indicator: 'journal',
    measure: 'raised',
    subject: 'Математика',
    grade: 8,
    pupils: 25,
    observed: 0.4,
    expected: 0.1,
    z: 2.6,
    count_observed: 10,
    count_expected: 2.5,
    base: null,
    base_n: null,
    own_z: -2.7,
  };
  it('names the school-wide z when the paper has z ≥ 2 and both school-wide tests have z ≥ 2', () => {
    expect(signReason({ ...journal, school_journal_z: 5.04, school_unconfirmed_z: 2.46 })).toBe(
      '8 МА: в 8 классе по математике 40,0\u00a0% учащихся (25 уч.) получили на ВПР отметку выше журнальной при 10,0\u00a0% по региону; z\u00a0=\u00a02,6; против других предметов этого класса z\u00a0=\u00a0−2,7; по всем работам школы вместе (с весом по числу участников) z\u00a0=\u00a05,0, средняя отметка против ожидаемой по ОГЭ z\u00a0=\u00a02,5',
    );
  });
  it('says nothing of the school when the route does not hold: the paper under 2, the other test under 2, or no gain', () => {
    const plain = signReason(journal);
    expect(plain).not.toContain('по всем работам');
    expect(signReason({ ...journal, z: 1.9, school_journal_z: 5, school_unconfirmed_z: 3 })).not.toContain(
      'по всем работам',
    );
    expect(signReason({ ...journal, school_journal_z: 5, school_unconfirmed_z: 1.9 })).not.toContain(
      'по всем работам',
    );
    expect(signReason({ ...journal, school_journal_z: 2.5, school_unconfirmed_z: 3 })).not.toContain(
      'по всем работам',
    );
  });
  it('mirrors the two for the unconfirmed sign', () => {
    const r = signReason({
      ...journal,
      indicator: 'unconfirmed',
      measure: 'gia',
      observed: 4.1,
      expected: 3.6,
      base: 3.5,
      base_n: 60,
      own_z: null,
      school_journal_z: 2.2,
      school_unconfirmed_z: 4.8,
    });
    expect(r).toMatch(
      /; по всем работам школы вместе \(с весом по числу участников\) z\u00a0=\u00a04,8, доля получивших отметку выше журнальной z\u00a0=\u00a02,2$/,
    );
  });
});

describe('signReason: the combined sign', () => {
  const combined = {
    indicator: 'combined',
    measure: 'stouffer',
    subject: 'Русский язык',
    grade: 7,
    pupils: 50,
    observed: null,
    expected: null,
    count_observed: null,
    count_expected: null,
    base: null,
    base_n: null,
    own_z: null,
    peaks_z: null,
  };
  it('writes «=» where the printed parts give the printed sum, «≈» where they do not', () => {
    // (3,0 + 4,0) / √2 = 4,95 → «4,9»... the sum of the exact parts 3,04 and 4,02 is 7,06 / √2 = 4,99 → «5,0»:
    // the printed parts give 4,9, so «≈».
    const near = signReason({ ...combined, journal_z: 3.04, unconfirmed_z: 4.02, z: 7.06 / Math.SQRT2 });
    expect(near).toContain('вместе z\u00a0=\u00a0(3,0 + 4,0)\u00a0/\u00a0√2\u00a0≈\u00a05,0');
    // 3,2 and 3,9: 7,1 / √2 = 5,02 → «5,0» either way: «=».
    const exact = signReason({ ...combined, journal_z: 3.2, unconfirmed_z: 3.9, z: 7.1 / Math.SQRT2 });
    expect(exact).toContain('вместе z\u00a0=\u00a0(3,2 + 3,9)\u00a0/\u00a0√2\u00a0=\u00a05,0');
  });
});

describe('zValue: z in the evidence table beside the threshold', () => {
  it('cuts to hundredths a z under the threshold that tenths would round up to it', () => {
    // 4,4749 is not a sign at 4,5: «4,5» beside «z ≥ 4,5» would say it is.
    expect(zValue(4.4749, 4.5)).toBe('4,47');
    expect(zValue(4.4999, 4.5)).toBe('4,49');
    // At or over the threshold, or far under it, tenths as everywhere else.
    expect([zValue(4.5, 4.5), zValue(4.56, 4.5), zValue(4.44, 4.5), zValue(4.4749)]).toEqual([
      '4,5',
      '4,6',
      '4,4',
      '4,5',
    ]);
    expect([zValue(-2.04), zValue(null)]).toEqual(['−2,0', '—']);
  });
});

describe('quietPapersText: a school none of whose tests reached z ≥ 2', () => {
  const p = (paper: string, pupils: number) => ({ paper, pupils });
  it('names the papers, and says nothing more when they are large enough', () => {
    expect(quietPapersText([p('6 ИС', 40)], 10)).toBe(
      'Работа ВПР школы: 6 ИС — 40 уч. Ни одна проверка не показала расхождения с ожидаемым с z ≥ 2: признаков нет ни при каком пороге.',
    );
  });
  it('says which papers had no test of their results (under 5 pupils), and that none could carry a sign (under 10)', () => {
    expect(quietPapersText([p('4 РУ', 8), p('4 МА', 3)], 10)).toBe(
      'Работы ВПР школы: 4 РУ — 8 уч., 4 МА — 3 уч. Ни одна проверка не показала расхождения с ожидаемым с z ≥ 2: ' +
        'признаков нет ни при каком пороге. В работе 4 МА меньше 5 участников: средняя отметка и изменение в ней не ' +
        'проверяются. Во всех работах меньше 10 участников: признак в них и не назначается.',
    );
    expect(quietPapersText([p('4 РУ', 2), p('4 МА', 3)], 10)).toContain(
      'В каждой работе меньше 5 участников: средняя отметка и изменение в них не проверяются.',
    );
    // A lower setting: a paper of 8 could carry a sign.
    expect(quietPapersText([p('4 РУ', 8)], 5)).not.toContain('признак в них и не назначается');
  });
});
