import { describe, expect, it } from 'vitest';
import {
  countSchools,
  formatPercent,
  formatPointsChange,
  formatPrintedChange,
  formatValue,
  ofSchools,
  plural,
} from '@/lib/format';
import { cohortSentence } from '@/lib/narrative';

describe('Russian formats', () => {
  it('chooses plural forms', () => {
    const forms: [string, string, string] = ['школа', 'школы', 'школ'];
    expect([1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112].map((n) => plural(n, forms))).toEqual([
      'школа',
      'школы',
      'школы',
      'школ',
      'школ',
      'школ',
      'школ',
      'школа',
      'школы',
      'школ',
      'школа',
      'школ',
      'школ',
    ]);
    expect(countSchools(1485).replace(/\s/g, ' ')).toBe('1 485 школ');
  });

  it('writes «из N школ» in the genitive: «из 21 школы», «из 3 школ», «из 1 503 школ»', () => {
    expect([1, 3, 11, 21, 111, 1503, 1492].map((n) => ofSchools(n).replace(/\s/g, ' '))).toEqual([
      '1 школы',
      '3 школ',
      '11 школ',
      '21 школы',
      '111 школ',
      '1 503 школ',
      '1 492 школ',
    ]);
  });

  it('writes percentages with a decimal comma and "нет данных" for null', () => {
    expect(formatPercent(0.0929).replace(/\s/g, ' ')).toBe('9,3 %');
    expect(formatPercent(null)).toBe('нет данных');
  });

  it('writes the municipal report sentence', () => {
    const s = cohortSentence({
      list: 'ШНОР',
      year: 2024,
      listed: 53,
      first_time: 17,
      returned: 0,
      streak2: 15,
      streak3: 8,
      streak4plus: 13,
      years_before: 5,
    });
    expect(s).toBe(
      'В 2024 году в перечень ШНОР входят 53 ОО: впервые — 17, второй год — 15, третий год — 8, четвёртый год и более — 13.',
    );
    expect(
      cohortSentence({
        list: 'ШНОР',
        year: 2024,
        listed: 21,
        first_time: 21,
        returned: 0,
        streak2: 0,
        streak3: 0,
        streak4plus: 0,
        years_before: 5,
      }),
    ).toContain('входит 21 ОО');
  });

  it("says «нет данных» for what the data's start hides, not 0 or «впервые»", () => {
    const row = {
      list: 'ШНОР',
      year: 2019,
      listed: 148,
      first_time: 148,
      returned: 0,
      streak2: 0,
      streak3: 0,
      streak4plus: 0,
    };
    expect(cohortSentence({ ...row, years_before: 0 })).toBe(
      'В 2019 году в перечень ШНОР входят 148 ОО; впервые ли они в перечне и сколько лет подряд — нет данных: это первый год перечня в данных.',
    );
    // The second year: a return cannot show yet (not named, as with 0 returns), nor a third or later year.
    expect(
      cohortSentence({ ...row, year: 2020, listed: 141, first_time: 49, streak2: 92, years_before: 1 }),
    ).toBe(
      'В 2020 году в перечень ШНОР входит 141 ОО: впервые — 49, второй год — 92, третий год — нет данных, четвёртый год и более — нет данных: перечней прошлых лет в данных слишком мало, чтобы это увидеть.',
    );
  });
});

describe('CSV for Excel', () => {
  it('adds a BOM, uses ;, decimal commas, and defuses formulas', async () => {
    const { toCsv } = await import('@/lib/csv/write');
    const text = toCsv(
      ['name', 'share'],
      [
        { name: '=HYPERLINK("http://x","y")', share: 0.25 },
        { name: 'Школа; №1', share: -1.5 },
        { name: '-2', share: null },
      ],
      { delimiter: ';', bom: true, formulaSafe: true, decimalComma: true },
    );
    expect(text).toBe(
      '\uFEFFname;share\r\n"\'=HYPERLINK(""http://x"",""y"")";0,25\r\n"Школа; №1";-1,5\r\n\'-2;\r\n',
    );
  });

  it('writes changes of shares in signed percentage points', () => {
    expect(formatPointsChange(0.144).replace(/\s/g, ' ')).toBe('+14,4 п. п.');
    // ICU writes the minus as «-» or «−» depending on its version.
    expect(formatPointsChange(-0.003).replace(/\s/g, ' ').replace('\u2212', '-')).toBe('-0,3 п. п.');
    expect(formatPointsChange(0)).toBe('0,0\u00a0п.\u00a0п.');
    expect(formatPointsChange(null)).toBe('нет данных');
  });

  it('writes a change as its two printed values differ', () => {
    // 13,14 % → 16,96 % prints «13,1 %» and «17,0 %»: +3,9 п. п., where the exact +3,82 would read «+3,8».
    // 12,24 % → 19,64 %: «12,2 %», «19,6 %», +7,4 either way.
    const n = (s: string) => s.replace(/\s/g, ' ');
    expect(n(formatPrintedChange(0.1314, 0.1696, true))).toBe('+3,9 п. п.');
    expect(n(formatPrintedChange(0.1224, 0.1964, true))).toBe('+7,4 п. п.');
    // Mean marks with two decimals: 3,604 → 4,256 prints «3,60» and «4,26»: +0,66 (exact +0,652 → «+0,65»).
    expect(formatValue(3.604, false, 2)).toBe('3,60');
    expect(formatPrintedChange(3.604, 4.256, false, 2)).toBe('+0,66');
    expect(formatPrintedChange(4.2, 4.2, false, 2)).toBe('0,00');
    expect(formatPrintedChange(null, 4.2, false)).toBe('нет данных');
    expect(formatValue(0.5, true)).toBe(formatPercent(0.5));
  });
});
