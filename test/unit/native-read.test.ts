// The CLI's reader (native DuckDB, checks in SQL: lib/cli/read-table.ts, lib/csv/rows-sql.ts) against the shared
// parser the browser uses (lib/csv/parse.ts): the same rows kept, the same problems (row, column, value, message),
// the same counts, on every CSV file of the upload corpus and on odd files written here.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTableFile, type TableFileVerdict } from '@/lib/cli/read-table';
import { parseCsv } from '@/lib/csv/parse';
import type { Engine } from '@/lib/db/engine';
import { createNativeEngine } from '@/lib/db/node-native';
import { createTablesSql, TABLES, type TableName } from '@/lib/schema';
import { encodeCp1251 } from '../helpers/cp1251';

const CORPUS = join(__dirname, '../fixtures/uploads');

/** Files DuckDB's reader splits otherwise than papaparse: read by the shared parser, and why. */
const JAVASCRIPT = {
  '06-quoted-newlines-and-quotes.csv': 'строк из', // a line break inside quotes
  '09-empty-file.csv': 'нет заголовка',
  '10-only-delimiters.csv': 'нет заголовка',
  '33-crlf-line-endings.csv': 'строк из',
  // A row longer than the header stops DuckDB's reader; the shared parser names it.
  '40-comma-delimiter-unquoted-decimal-comma.csv': 'CSV Error on Line: 3',
} as Record<string, string>;

// -0 and 0 are the same figure (and CSV text, which the shared parser's rows are loaded through, has no -0).
const plain = (rows: Record<string, unknown>[]) =>
  rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? v + 0 : v])),
  );

let db: Engine;
beforeAll(async () => {
  db = await createNativeEngine();
  await db.exec(createTablesSql());
});
afterAll(async () => db?.close());

/** Both readers on one file: the native verdict, and what each kept and said. */
async function both(path: string, table: TableName, maxProblems = Infinity) {
  await db.exec(TABLES.map((t) => `DELETE FROM ${t.name};`).join('\n'));
  const shared = parseCsv(new Uint8Array(readFileSync(path)), path.split('/').at(-1)!, table);
  const v: TableFileVerdict = await loadTableFile(db, table, path, { maxProblems });
  const kept = await db.query<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY rowid`);
  const said = (
    x: { records: number; duplicatesDropped: number; converted: unknown; problems: unknown[] },
    rows: Record<string, unknown>[],
    count: number,
  ) => ({
    records: x.records,
    duplicatesDropped: x.duplicatesDropped,
    converted: x.converted,
    problems: x.problems,
    problemCount: count,
    rows: plain(rows),
  });
  return {
    v,
    native: said(v, kept, v.problemCount),
    shared: said(
      { ...shared, problems: shared.problems.slice(0, v.problems.length) },
      shared.rows,
      shared.problems.length,
    ),
    sharedProblems: shared.problems,
  };
}

describe('the CLI reader gives the shared parser’s verdict on the upload corpus', () => {
  const files = readdirSync(CORPUS)
    .filter((f) => /\.(csv|tsv)$/.test(f))
    .sort();
  it('covers every CSV case', () => expect(files.length).toBeGreaterThanOrEqual(37));
  for (const f of files) {
    it(f, async () => {
      const expected = JSON.parse(readFileSync(join(CORPUS, f.replace(/\.\w+$/, '.expected.json')), 'utf8'));
      const bytes = new Uint8Array(readFileSync(join(CORPUS, f)));
      // The CLI is told the table (--lists, --results …): the one the sidecar names or the headers say.
      const table: TableName = expected.parseAs ?? parseCsv(bytes, f).mapping?.table ?? 'schools';
      const r = await both(join(CORPUS, f), table);
      expect(r.native).toEqual(r.shared);
      expect(r.native.problems).toEqual(r.sharedProblems);
      expect([r.v.reader, r.v.fallback ?? '']).toEqual(
        f in JAVASCRIPT ? ['javascript', expect.stringContaining(JAVASCRIPT[f])] : ['duckdb', ''],
      );
    });
  }
});

describe('the CLI reader on odd values the corpus lacks', () => {
  let dir: string;
  const write = (name: string, text: string | Uint8Array) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shnor-native-read-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, TableName, string | (() => Uint8Array), TableFileVerdict['reader']?][] = [
    [
      'numbers in every spelling',
      'results',
      [
        'Год;Процедура;Предмет;Класс;Код ОО;Участников;2;3;4;5;Средний балл',
        '2024;впр;Математика;5;01;40;10;10;10;10;1e999', // a score too large for a double: Infinity, as Number() reads it
        '2024;ВПР;Математика;6;01;40;25 %;25%;25,0;25;inf',
        '2024;ВПР;Математика;7;01;1 000;250;250;250;250;-0',
        '2024;ВПР;Математика;8;01;40;1_0;10;10;10;',
        '2024; ВПР ;Математика;9;01;40; 10 ;10;10;10\u00a0;5',
        '2024;ВПР;Математика;10;01;40;;10;10;10;5',
        '2024;ОГЭ;Математика;9;01;40;12,5;37,5;25;25;',
        '2024;ОГЭ;Математика;9;02;40;12.5;37.5;25;25;+3,5',
        '2024;ОГЭ;Математика;9;03;40;1,2,3;1;1;1;',
        '2024;ОГЭ;Математика;9;04;40;10;10;10;11;',
        '2024;ОГЭ;Математика;9;05;40;5;5;5;5;',
        '2024;ЕГЭ;Математика;11;06;2e1;5;5;5;5;',
        '2024;ЕГЭ;Математика;11;07;20.0;5;5;5;5;.5',
        '2024;ЕГЭ;Математика;11;08;20;5;5;5;5;5.',
        '2024;ЕГЭ;Математика;13;09;20;5;5;5;5;',
        '1999;ЕГЭ;Математика;11;10;20;5;5;5;5;',
        '2024;ГВЭ-9;Математика;9;11;20;5;5;5;5;',
        '2024;экзамен;Математика;9;12;20;5;5;5;5;',
        '2024,5;ЕГЭ;Математика;11;13;-20;5;5;5;5;',
        '2024;ЕГЭ;Математика;11;14;20;0x5;5;5;5;1e-999',
      ].join('\r\n'),
    ],
    [
      'marks as percentages by header, rounding halves',
      'results',
      [
        'Год,Процедура,Предмет,Класс,Код ОО,Участников,Доля 2,Доля 3,Доля 4,Доля 5',
        '2024,ВПР,Русский язык,4,01,30,"12,5","37,5","37,5","12,5"',
        '2024,ВПР,Русский язык,4,02,7,10,20,30,40',
        '2024,ВПР,Русский язык,4,03,7,10,20,30,41.6',
        '2024,ВПР,Русский язык,4,04,7,10,20,30,38.4',
        '2024,ВПР,Русский язык,4,05,7,10,20,30,41.7',
        '2024,ВПР,Русский язык,4,06,100,25,25,25,25',
      ].join('\n'),
    ],
    [
      'marks as fractions of 1, by value or by header',
      'results',
      [
        'Год;Процедура;Предмет;Класс;Код ОО;Участников;2;3;4;5',
        '2024;ВПР;Русский язык;4;01;40;0,125;0,375;0,3;0,2',
        '2024;ВПР;Русский язык;4;02;40;0;0;1;0',
        '2024;ВПР;Русский язык;4;03;40;0,1;0,2;0,3;0,3',
        '2024;ВПР;Русский язык;4;04;1;0;0;1;0',
        '2024;ВПР;Русский язык;4;05;7;0,1;0,2;0,3;0,4',
        '2024;ВПР;Русский язык;4;06;30;0.333;0.333;0.333;0',
        '2024;ВПР;Русский язык;4;07;30;1;2;3;1',
        '2024;ВПР;Русский язык;4;08;25;0,12;0,37;0,37;0,12',
        '2024;ВПР;Русский язык;4;09;25;12;37;37;12',
        '2024;ВПР;Русский язык;4;10;25;12,5;37;37;11',
      ].join('\n'),
    ],
    [
      'marks as fractions of 1 under share headers',
      'results',
      [
        'Год;Процедура;Предмет;Класс;Код ОО;Участников;Доля 2;Доля 3;Доля 4;Доля 5',
        '2024;ВПР;Русский язык;4;01;40;0;0;1;0',
        '2024;ВПР;Русский язык;4;02;40;0;0;40;0',
      ].join('\n'),
    ],
    [
      'lists with paper columns, list spellings and repeats',
      'lists',
      [
        'Год;Код ОО;Перечень;Наименование;4 РУ;5  МА;Примечание',
        '2024;01;необъективность;Школа 1;1;нет;',
        '2024;02;Необъективность;Школа 2;НЕТ;—;x',
        '2024;03;Признаки необъективности;Школа 3;0; 2 ;',
        '2024;01;необъективность;Школа № 1;;1;',
        '2024;04;группа риска;;;;',
        '2024;05;;Школа 5;;;',
        '2024;06;ШНОР ОО;Школа 6;-;-;',
        '2024;07;список X;Школа 7;;;',
      ].join('\n'),
    ],
    [
      'results repeats: identical dropped, different refused, after a refused first',
      'results',
      [
        'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5',
        '2024,ВПР,Математика,5,01,x,1,1,1,1',
        '2024,ВПР,Математика,5,01,4,1,1,1,1',
        '2024,ВПР,Математика,5,01,4,1,1,1,1',
        '2024,впр,Математика,5,01,4,1,1,2,0',
        '2024,ВПР,Математика,5,02,4,,,,',
        '2024,ВПР,Математика,5,02,4,,,,',
        '2024,ВПР,Математика,5,01,4,1,1,1,1',
      ].join('\n'),
    ],
    [
      'blank and spaced lines, Windows-1251, CRLF',
      'schools',
      () =>
        encodeCp1251(
          [
            '',
            ';;;',
            '  ',
            'Код ОО;Наименование;Муниципалитет;Год закрытия',
            '',
            '01;Школа № 1;Северный;',
            ' ; ; ; ',
            '',
            '02;\tШкола № 2\t;Северный;2024,0',
            '03;Школа № 3;;2024,5',
            '',
            '',
            '04;Школа\u00a0№ 4;Южный;1999',
            '',
          ].join('\r\n'),
        ),
    ],
    [
      'a header only, after blank lines',
      'vpr_journal',
      '\n\nГод,Предмет,Класс,Код ОО,Понизили,Подтвердили,Повысили\n\n',
    ],
    [
      'a missing required column',
      'vpr_journal',
      'Год,Предмет,Класс,Код ОО,Понизили,Подтвердили\n2024,Математика,5,01,1,2\n',
    ],
    [
      'quotes inside names',
      'schools',
      'Код ОО;Наименование;Муниципалитет\n01;МБОУ "СОШ № 1";Северный\n02;Школа "Ромашка" ;Северный\n03;"МБОУ ""Лицей""";\n',
    ],
    // papaparse keeps ` "Школа"` as it is; DuckDB drops the spaces and the quotes.
    [
      'a quote after spaces at the start of a field',
      'schools',
      'Код ОО;Наименование;Муниципалитет\n01;  "Школа 1";Северный\n',
      'javascript',
    ],
    // UTF-8 by its first MiB, then a byte that is not: the shared parser reads it as U+FFFD, DuckDB refuses the file.
    [
      'a byte that is not UTF-8 past the first MiB',
      'schools',
      () => {
        const rows = Array.from({ length: 30_000 }, (_, i) => `S${i};Школа № ${i};Северный район`);
        const text = new TextEncoder().encode(
          ['Код ОО;Наименование;Муниципалитет', ...rows, 'S-1;Школа ', ''].join('\n'),
        );
        return Uint8Array.from([
          ...text.subarray(0, text.length - 1),
          0xff,
          ...new TextEncoder().encode(';Южный\n'),
        ]);
      },
      'javascript',
    ],
  ];
  for (const [title, table, content, reader = 'duckdb'] of cases) {
    it(title, async () => {
      const r = await both(write(`${table}.csv`, typeof content === 'string' ? content : content()), table);
      expect(r.native).toEqual(r.shared);
      expect(r.native.problems).toEqual(r.sharedProblems);
      expect(r.v.reader).toBe(reader);
    });
  }

  // A clean file is read typed (loadCleanCsv); one odd row anywhere must send it to the text checks, which
  // give the shared parser's verdict. Each case is the clean file with one row changed.
  const CLEAN = [
    'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min',
    '2024,ВПР,Математика,5,01,40,4,16,12,8,15.5,',
    '2024,ВПР,Русский язык,5,01,40,5,15,12,8,,2',
    '2024,ОГЭ,Математика,9,02,20,2,8,6,4,17,1',
  ];
  const odd = (row: string) => [...CLEAN.slice(0, 3), row].join('\n');
  const typed: [string, string, boolean][] = [
    ['a clean file', CLEAN.join('\n'), true],
    ['a clean file with CRLF and a BOM', `\ufeff${CLEAN.join('\r\n')}\r\n`, true],
    [
      'a digit separator DuckDB reads and parseNumber refuses',
      odd('2024,ОГЭ,Математика,9,02,2_0,2,8,6,4,17,1'),
      false,
    ],
    ['an infinite score', odd('2024,ОГЭ,Математика,9,02,20,2,8,6,4,inf,1'), false],
    ['a space around a name', odd('2024,ОГЭ, Математика,9,02,20,2,8,6,4,17,1'), false],
    ['a no-break space after a code', odd('2024,ОГЭ,Математика,9,02\u00a0,20,2,8,6,4,17,1'), false],
    ['a procedure alias', odd('2024,огэ,Математика,9,02,20,2,8,6,4,17,1'), false],
    ['marks in percent', odd('2024,ОГЭ,Математика,9,02,20,10,40,30,20,17,1'), false],
    ['marks as fractions', odd('2024,ОГЭ,Математика,9,02,20,0.1,0.4,0.3,0.2,17,1'), false],
    ['a mark left out', odd('2024,ОГЭ,Математика,9,02,20,2,,6,4,17,1'), false],
    ['marks not summing to participants', odd('2024,ОГЭ,Математика,9,02,20,2,8,6,5,17,1'), false],
    ['a repeated row', [...CLEAN, CLEAN[3]].join('\n'), false],
    ['a repeated key', [...CLEAN, '2024,ОГЭ,Математика,9,02,20,2,8,6,4,18,1'].join('\n'), false],
    ['a short row', odd('2024,ОГЭ,Математика,9,02,20,2,8,6,4'), false],
    ['a decimal comma in quotes', odd('2024,ОГЭ,Математика,9,02,20,2,8,6,4,"17,5",1'), false],
    ['a line break in quotes', odd('2024,ОГЭ,"Мате\nматика",9,02,20,2,8,6,4,17,1'), false],
    ['a blank line', [...CLEAN.slice(0, 3), '', CLEAN[3]].join('\n'), false],
    ['a row of delimiters', [...CLEAN, ',,,,,,,,,,,'].join('\n'), false],
    ['a header after a title line', ['Результаты 2024', ...CLEAN].join('\n'), false],
    ['a fractional grade', odd('2024,ОГЭ,Математика,9.5,02,20,2,8,6,4,17,1'), false],
    ['a year out of range', odd('1999,ОГЭ,Математика,9,02,20,2,8,6,4,17,1'), false],
    ['a negative score', odd('2024,ОГЭ,Математика,9,02,20,2,8,6,4,-17,1'), false],
    ['more below the minimum than participants', odd('2024,ОГЭ,Математика,9,02,20,2,8,6,4,17,21'), false],
    ['an empty quoted code', odd('2024,ОГЭ,Математика,9,"",20,2,8,6,4,17,1'), false],
    ['a header only', CLEAN[0], false],
  ];
  for (const [title, content, clean] of typed) {
    it(`clean-file read: ${title}`, async () => {
      const r = await both(write('results.csv', content), 'results');
      expect(r.native).toEqual(r.shared);
      expect(r.native.problems).toEqual(r.sharedProblems);
      expect(r.v.typed ?? false).toBe(clean);
    });
  }

  it('describes whole rows up to the limit and counts every problem', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `20x4,0${i},ШНОР,${i % 2 ? 'нет такого' : 'ШНОР'}`);
    const r = await both(write('lists.csv', ['year,school_id,list,list', ...rows].join('\n')), 'lists', 50);
    expect(r.native).toEqual(r.shared);
    expect([r.v.problems.length, r.v.problemCount]).toEqual([50, 120]);
    const many = [
      'year,school_id,list',
      ...Array.from({ length: 120 }, (_, i) => `20x4,,перечень ${i}`),
    ].join('\n');
    const m = await both(write('lists.csv', many), 'lists', 51);
    // Three problems a row: 17 whole rows hold 51.
    expect([m.v.problems.length, m.v.problemCount, m.native]).toEqual([51, 360, m.shared]);
  });
});
