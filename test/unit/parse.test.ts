import { describe, expect, it } from 'vitest';
import { parseCsv, describeProblem, marksConvertedText } from '@/lib/csv/parse';
import { detectTable, normalizeHeader } from '@/lib/csv/headers';
import { parseNumber, RowNormalizer } from '@/lib/csv/rows';
import { encodeCp1251 } from '../helpers/cp1251';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('CSV parsing shared by the CLI and the upload', () => {
  it('normalises headers: case, spaces, punctuation and ё', () => {
    expect(normalizeHeader('Кол-во участников')).toBe('колвоучастников');
    expect(normalizeHeader('  «2» ')).toBe('2');
    expect(normalizeHeader('Год закрЫтия')).toBe('годзакрытия');
    expect(normalizeHeader('Объём')).toBe('объем');
  });

  it('reads numbers with decimal commas and spaces', () => {
    expect([parseNumber('12,5'), parseNumber('1 234'), parseNumber(''), parseNumber('7%')]).toEqual([
      12.5,
      1234,
      null,
      7,
    ]);
    expect(parseNumber('abc')).toBeNaN();
  });

  it('keys a refused record of a lists file without a list column with the list the file is loaded as', () => {
    const headers = ['Год', 'Код ОО'];
    const rows = new RowNormalizer(detectTable(headers), headers, 'группа_риска');
    expect(rows.keyOf(['2024', 'S1'])).toEqual({ year: 2024, school_id: 'S1', list: 'группа_риска' });
    expect(new RowNormalizer(detectTable(headers), headers).keyOf(['2024', 'S1']).list).toBe('ШНОР');
  });

  it('recognises the table from its headers', () => {
    expect(detectTable(['Год', 'Код ОО', 'Перечень']).table).toBe('lists');
    expect(detectTable(['Логин', 'Наименование', 'Муниципалитет', 'Тип ОО']).table).toBe('schools');
    expect(
      detectTable([
        'Год',
        'Процедура',
        'Предмет',
        'Класс',
        'Код ОО',
        'Количество участников',
        '2',
        '3',
        '4',
        '5',
      ]).table,
    ).toBe('results');
    expect(
      detectTable(['Год', 'Предмет', 'Класс', 'Логин', 'Понизили', 'Подтвердили', 'Повысили']).table,
    ).toBe('vpr_journal');
  });

  it('decodes Windows-1251 with ; and decimal commas, and turns mark percentages into counts', () => {
    const text =
      'Год;Процедура;Предмет;Класс;Код ОО;Кол-во участников;Доля 2;Доля 3;Доля 4;Доля 5\r\n2024;ВПР;Математика;5;0012;40;12,5;37,5;30;20\r\n';
    const p = parseCsv(encodeCp1251(text), 'results.csv');
    expect([p.encoding, p.delimiter, p.mapping?.table, p.problems]).toEqual([
      'windows-1251',
      ';',
      'results',
      [],
    ]);
    // 40 pupils: 12,5 % → 5, 37,5 % → 15, 30 % → 12, 20 % → 8.
    expect(p.rows[0]).toMatchObject({
      school_id: '0012',
      year: 2024,
      procedure: 'ВПР',
      participants: 40,
      m2: 5,
      m3: 15,
      m4: 12,
      m5: 8,
    });
  });

  it('turns marks given as fractions of 1 into counts, and refuses whole numbers that sum to neither', () => {
    const text = [
      'Год;Процедура;Предмет;Класс;Код ОО;Участников;2;3;4;5',
      '2024;ВПР;Математика;5;01;40;0,125;0,375;0,3;0,2',
      '2024;ВПР;Математика;5;02;1;0;0;1;0',
      '2024;ВПР;Математика;5;03;40;0;0;1;0',
      '2024;ВПР;Математика;5;04;40;1;2;3;1',
      '2024;ВПР;Математика;5;05;40;0,5;0,2;0,1;0,1',
      '',
    ].join('\n');
    const p = parseCsv(utf8(text), 'r.csv');
    // 40 pupils: 0,125 → 5, 0,375 → 15, 0,3 → 12, 0,2 → 8. One pupil with «4» is that pupil; 0, 0, 1, 0 of 40
    // pupils is all 40 on «4» (a file of fractions has such rows).
    expect(p.rows.map((r) => [r.school_id, r.m2, r.m3, r.m4, r.m5])).toEqual([
      ['01', 5, 15, 12, 8],
      ['02', 0, 0, 1, 0],
      ['03', 0, 0, 40, 0],
    ]);
    // 7 pupils' marks of 40 participants are neither counts, nor percent, nor fractions; 0,9 is not 1.
    expect(p.problems.map((x) => [x.row, x.column, x.message])).toEqual([
      [5, 'Участников', 'сумма отметок «2»–«5» (7) не равна числу участников (40)'],
      [6, '2', 'доли отметок в сумме дают 0,90, а не 1'],
    ]);
    // Rows 2 and 4 were turned from fractions into pupils; row 3 (one pupil, 0, 0, 1, 0) was counts already.
    expect(p.converted).toEqual({ rows: 2, first: [2, 4] });
  });

  it('says which rows had their marks turned from shares into pupils: the first five, and how many', () => {
    const rows = ['2024,ВПР,Математика,5,00,10,1,2,3,4'];
    for (let i = 1; i <= 7; i++) rows.push(`2024,ВПР,Математика,5,0${i},40,10,40,40,10`);
    const p = parseCsv(
      utf8(['year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5', ...rows].join('\n')),
      'r.csv',
    );
    // Line 2 is counts (1 + 2 + 3 + 4 = 10 participants); lines 3–9 are percent of 40.
    expect(p.rows.map((r) => r.m3)).toEqual([2, 16, 16, 16, 16, 16, 16, 16]);
    expect(marksConvertedText(p.converted)).toBe(
      'Отметки «2»–«5» в 7 строках (строки 3, 4, 5, 6, 7, …) даны в процентах или долях от участников: пересчитаны в число учащихся по числу участников и округлены. Если это числа учащихся, исправьте строки: их сумма должна равняться числу участников.',
    );
    expect(marksConvertedText({ rows: 1, first: [12] })).toContain('в 1 строке (строка 12)');
    expect(
      marksConvertedText(
        parseCsv(
          utf8(
            'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5\n2024,ВПР,МА,5,01,10,1,2,3,4',
          ),
          'r.csv',
        ).converted,
      ),
    ).toBeNull();
  });

  it('takes whole percents and hundredths that sum 2 points or 0,02 off, as rounding leaves them', () => {
    const text = [
      'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5',
      // 12,4 / 37,4 / 37,4 / 12,4 % of 25 rounded to whole percents: 98 in all.
      '2024,ВПР,Математика,5,01,25,12,37,37,12',
      '2024,ВПР,Математика,5,02,25,0.12,0.37,0.37,0.12',
      '2024,ВПР,Математика,5,03,25,13,38,38,13',
      '2024,ВПР,Математика,5,04,25,12,37,37,11',
      '',
    ].join('\n');
    const p = parseCsv(utf8(text), 'r.csv');
    // 25 pupils: 12 % → 3, 37 % → 9,25 → 9; 13 % → 3,25 → 3, 38 % → 9,5 → 10.
    expect(p.rows.map((r) => [r.school_id, r.m2, r.m3, r.m4, r.m5])).toEqual([
      ['01', 3, 9, 9, 3],
      ['02', 3, 9, 9, 3],
      ['03', 3, 10, 10, 3],
    ]);
    // 97 is more than rounding: whole numbers that are not the 25 participants either.
    expect(p.problems.map((x) => [x.row, x.column, x.value])).toEqual([[5, 'participants', '25']]);
    expect(p.converted).toEqual({ rows: 3, first: [2, 3, 4] });
  });

  it('takes share columns: a score distribution in shares, and marks under share headers', () => {
    const dist = parseCsv(
      utf8('year,procedure,subject,grade,school_id,score,share\n2024,ВПР,Русский язык,4,01,5,12.5\n'),
      'score_dist.csv',
    );
    expect([dist.mapping?.table, dist.problems]).toEqual(['score_dist', []]);
    expect(dist.rows[0]).toMatchObject({ school_id: '01', score: 5, count: 12.5 });
    const marks = parseCsv(
      utf8(
        'year,procedure,subject,grade,school_id,participants,share2,share3,share4,share5\n2024,ВПР,Математика,5,01,20,0,0,1,0\n',
      ),
      'results.csv',
    );
    // Whole numbers summing to 1 are fractions: all 20 pupils got «4».
    expect([marks.mapping?.table, marks.problems]).toEqual(['results', []]);
    expect(marks.rows[0]).toMatchObject({ participants: 20, m2: 0, m3: 0, m4: 20, m5: 0 });
  });

  it('reads UTF-8 with BOM, tabs, and quoted fields with newlines', () => {
    const text = '\uFEFFschool_id\tname\tmunicipality\n007\t"МБОУ ""Школа""\nкорпус 2"\tг. Н\n';
    const p = parseCsv(utf8(text), 'schools.tsv');
    expect([p.encoding, p.delimiter, p.problems.length]).toEqual(['utf-8', '\t', 0]);
    expect(p.rows[0]).toMatchObject({ school_id: '007', name: 'МБОУ "Школа"\nкорпус 2' });
  });

  it('names the row, column and value of every problem', () => {
    const text =
      'Год,Процедура,Предмет,Класс,Код ОО,Участников,2,3,4,5\n20x4,ВПР,Математика,5,01,10,1,2,3,4\n2024,ПВР,Математика,5,02,10,1,2,3,4\n2024,ВПР,Математика,5,03,-1,0,0,0,0\n2024,ВПР,Математика,5,04,10,1,2,3,3\n';
    const p = parseCsv(utf8(text), 'r.csv');
    expect(p.problems.map((x) => describeProblem('r.csv', x))).toEqual([
      'файл r.csv, строка 2, столбец «Год», значение «20x4»: не число',
      'файл r.csv, строка 3, столбец «Процедура», значение «ПВР»: неизвестная процедура (ожидается ВПР, ОГЭ, ЕГЭ)',
      'файл r.csv, строка 4, столбец «Участников», значение «-1»: отрицательное значение',
      'файл r.csv, строка 5, столбец «Участников», значение «10»: сумма отметок «2»–«5» (9) не равна числу участников (10)',
    ]);
    expect(p.rows).toEqual([]);
  });

  it('reports a missing required column and a header-only file', () => {
    expect(
      parseCsv(utf8('Год;Код ОО;Предмет\n2024;1;Математика\n'), 'x.csv', 'results').problems.map(
        (x) => x.message,
      ),
    ).toEqual([
      'обязательного столбца нет в файле (код столбца — procedure)',
      'обязательного столбца нет в файле (код столбца — grade)',
      'обязательного столбца нет в файле (код столбца — participants)',
    ]);
    // A delimiter we do not read («|»): the header is one column, and that is said first.
    expect(
      parseCsv(utf8('year|school_id|list\n2024|edu9901010|ШНОР\n'), 'p.csv', 'lists').problems.map((x) =>
        describeProblem('p.csv', x),
      ),
    ).toEqual([
      'файл p.csv, строка 1, значение «year|school_id|list»: в заголовке один столбец: разделитель не распознан (поддерживаются «;», «,» и табуляция)',
      'файл p.csv, строка 1, столбец «Год»: обязательного столбца нет в файле (код столбца — year)',
      'файл p.csv, строка 1, столбец «Код ОО»: обязательного столбца нет в файле (код столбца — school_id)',
    ]);
    // One column that is a column of the table: its delimiter is not the matter.
    expect(parseCsv(utf8('Код ОО\nedu9901010\n'), 'o.csv', 'lists').problems.map((x) => x.message)).toEqual([
      'обязательного столбца нет в файле (код столбца — year)',
    ]);
    expect(parseCsv(utf8('Год;Код ОО\n'), 'x.csv', 'lists').problems[0].message).toBe(
      'в файле только заголовок, нет строк данных',
    );
    expect(parseCsv(utf8(''), 'x.csv').problems[0].message).toBe('файл пуст');
  });

  it('drops repeated list rows and reports conflicting keys elsewhere', () => {
    const lists = parseCsv(
      utf8('Год;Код ОО;Перечень;Источник\n2024;01;ШНОР;приказ 1\n2024;01;шнор;приказ 2\n2024;02;ШНОР;\n'),
      'l.csv',
    );
    expect([lists.rows.length, lists.duplicatesDropped, lists.problems]).toEqual([2, 1, []]);
    const schools = parseCsv(utf8('Код ОО;Наименование;Муниципалитет\n01;А;М\n01;А;М\n01;Б;М\n'), 's.csv');
    expect(schools.duplicatesDropped).toBe(1);
    expect(schools.problems.map((x) => [x.row, x.message])).toEqual([
      [4, 'ключ повторяется (впервые в строке 2) с другими значениями'],
    ]);
  });

  it('reads a UTF-8 start of a larger file as UTF-8 even when the cut splits a character', async () => {
    const { detectEncoding } = await import('@/lib/csv/decode');
    const bytes = utf8(`Наименование;Муниципалитет\n${'Ж'.repeat(100)}`);
    // 'Ж' is two bytes: cutting after an odd number of them leaves half a character at the end.
    for (const cut of [bytes.length - 1, bytes.length - 3, 31]) {
      expect(detectEncoding(bytes.subarray(0, cut), true), String(cut)).toBe('utf-8');
    }
    expect(detectEncoding(encodeCp1251('Наименование;Муниципалитет'), true)).toBe('windows-1251');
  });

  it('reads UTF-16 («Текст Юникод» from Excel) with its byte order mark or without one', async () => {
    const { detectEncoding } = await import('@/lib/csv/decode');
    const le = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'));
    const be = (text: string) => le(text).map((_, i, a) => a[i ^ 1]);
    const text = 'Год\tКод ОО\tПеречень\r\n2024\t0012\tШНОР\r\n';
    expect(detectEncoding(le(`\ufeff${text}`))).toBe('utf-16le');
    expect(detectEncoding(be(`\ufeff${text}`))).toBe('utf-16be');
    // Without the mark: the digits, tabs and line breaks have a zero byte on one side only.
    expect(detectEncoding(le(text))).toBe('utf-16le');
    expect(detectEncoding(be(text))).toBe('utf-16be');
    expect(parseCsv(le(`\ufeff${text}`), 'l.csv').rows).toEqual([
      expect.objectContaining({ year: 2024, school_id: '0012', list: 'ШНОР' }),
    ]);
  });
});
