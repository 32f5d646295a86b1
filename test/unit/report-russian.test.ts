import { describe, expect, it } from 'vitest';
import {
  count,
  dateRu,
  int,
  joinAnd,
  oo,
  pct,
  pp,
  printedDiff,
  SCHOOL_GENITIVE,
  score,
  setting,
  signed,
  yearRanges,
  years,
} from '@/lib/report/russian';

const s = (x: string) => x.replace(/\u00a0/g, ' ');

describe('the report’s Russian forms', () => {
  it('declines counted nouns and leaves «ОО» alone', () => {
    const school: [string, string, string] = ['школа', 'школы', 'школ'];
    expect([1, 2, 5, 11, 12, 21, 22, 25, 111, 1001].map((n) => s(count(n, school)))).toEqual([
      '1 школа',
      '2 школы',
      '5 школ',
      '11 школ',
      '12 школ',
      '21 школа',
      '22 школы',
      '25 школ',
      '111 школ',
      '1001 школа',
    ]);
    expect([1, 3, 5, 21, 33].map((n) => s(years(n)))).toEqual([
      '1 год',
      '3 года',
      '5 лет',
      '21 год',
      '33 года',
    ]);
    expect([1, 3, 21].map((n) => s(count(n, SCHOOL_GENITIVE)))).toEqual(['1 школы', '3 школ', '21 школы']);
    expect([1, 21, 5].map((n) => s(oo(n)))).toEqual(['1 ОО', '21 ОО', '5 ОО']);
  });

  it('writes ru-RU numbers, percentages and percentage points', () => {
    expect([s(int(1234)), s(int(12345)), s(int(1234567))]).toEqual(['1234', '12 345', '1 234 567']);
    expect([s(pct(0.184)), s(pct(0.121)), s(pct(0)), s(pct(1))]).toEqual([
      '18,4 %',
      '12,1 %',
      '0,0 %',
      '100,0 %',
    ]);
    expect([s(pp(-0.063)), s(pp(0.048)), s(pp(0))]).toEqual(['−6,3 п. п.', '+4,8 п. п.', '0,0 п. п.']);
    // 22,2 % − 16,7 % as printed, not 5,56 rounded to 5,6.
    expect(s(pp(printedDiff(1 / 6, 2 / 9)))).toBe('−5,5 п. п.');
    expect([s(setting(0.15)), s(setting(0.125))]).toEqual(['15 %', '12,5 %']);
    expect([s(score(57)), signed(3), signed(-2), signed(0)]).toEqual(['57,0 балла', '+3', '−2', '0']);
    expect(pct(0.184)).toBe('18,4\u00a0%');
  });

  it('writes dates, lists and year ranges', () => {
    expect([s(dateRu('2024-02-09')), s(dateRu('2026-12-01'))]).toEqual([
      '9 февраля 2024 г.',
      '1 декабря 2026 г.',
    ]);
    expect([joinAnd(['А']), joinAnd(['А', 'Б']), joinAnd(['А', 'Б', 'В'])]).toEqual([
      'А',
      'А и Б',
      'А, Б и В',
    ]);
    expect([yearRanges([2019, 2020, 2021, 2023]), yearRanges([2023]), yearRanges([2021, 2024])]).toEqual([
      '2019–2021 и 2023',
      '2023',
      '2021 и 2024',
    ]);
  });
});
