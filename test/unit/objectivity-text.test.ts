import { describe, expect, it } from 'vitest';
import { missingInputs } from '../../lib/objectivity-text';

const all = { vpr: true, journal: true, scoreDist: true, markScales: true, scalesInferred: false };

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

  it('says once that scales were inferred, and nothing of peaks missing', () => {
    expect(missingInputs({ ...all, scalesInferred: true })).toEqual([
      'Шкалы отметок (mark_scales) загружены не для всех работ: минимальные баллы отметок этих работ выведены из распределений баллов и отметок школ (см. «Методика»).',
    ]);
  });
});
