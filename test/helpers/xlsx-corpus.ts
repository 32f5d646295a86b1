// The Excel upload corpus, built with the same library the app reads with (@e965/xlsx). `npm run
// xlsx-corpus` writes it to test/fixtures/uploads/ beside the CSV corpus; each file has a sidecar with the
// expected outcome, written by hand.
import * as XLSX from '@e965/xlsx';

type Cell = string | number | XLSX.CellObject | null;

const RESULTS_HEADER = [
  'Год',
  'Процедура',
  'Предмет',
  'Класс',
  'Код ОО',
  'Участников',
  '«2»',
  '«3»',
  '«4»',
  '«5»',
];

function sheet(rows: Cell[][], opts: { merges?: string[]; ref?: string } = {}): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {};
  let maxC = 0;
  rows.forEach((row, r) => {
    row.forEach((v, c) => {
      maxC = Math.max(maxC, c);
      if (v === null || v === '') return;
      ws[XLSX.utils.encode_cell({ r, c })] =
        typeof v === 'object' ? v : typeof v === 'number' ? { t: 'n', v } : { t: 's', v };
    });
  });
  ws['!ref'] =
    opts.ref ??
    XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, rows.length - 1), c: maxC } });
  if (opts.merges) ws['!merges'] = opts.merges.map((m) => XLSX.utils.decode_range(m));
  return ws;
}

function book(sheets: [string, XLSX.WorkSheet][], bookType: XLSX.BookType = 'xlsx'): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of sheets) XLSX.utils.book_append_sheet(wb, ws, name);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType, compression: true }));
}

/** A workbook whose only sheet is a chart sheet: the worksheet part is swapped for a chartsheet. */
function chartOnly(): Uint8Array {
  const zip = XLSX.CFB.read(book([['Диаграмма', sheet([['x']])]]), { type: 'array' });
  const put = (path: string, text: string) =>
    XLSX.CFB.utils.cfb_add(zip, path, new TextEncoder().encode(text));
  const replace = (path: string, edit: (s: string) => string) => {
    const entry = XLSX.CFB.find(zip, path)!;
    entry.content = new TextEncoder().encode(
      edit(new TextDecoder().decode(entry.content as Uint8Array)),
    ) as never;
  };
  replace('/[Content_Types].xml', (s) =>
    s.replace(
      '/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
      '/xl/chartsheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml',
    ),
  );
  replace('/xl/_rels/workbook.xml.rels', (s) =>
    s.replace(
      'relationships/worksheet" Target="worksheets/sheet1.xml',
      'relationships/chartsheet" Target="chartsheets/sheet1.xml',
    ),
  );
  XLSX.CFB.utils.cfb_del(zip, '/xl/worksheets/sheet1.xml');
  put(
    '/xl/chartsheets/sheet1.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>',
  );
  return new Uint8Array(XLSX.CFB.write(zip, { type: 'array', fileType: 'zip' }) as ArrayLike<number>);
}

/** What Excel writes when a book is saved with a password: an OLE container holding the encrypted package. */
function passwordProtected(): Uint8Array {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(
    cfb,
    '/EncryptionInfo',
    new Uint8Array([
      4,
      0,
      4,
      0,
      0x40,
      0,
      0,
      0,
      ...new TextEncoder().encode('<?xml version="1.0"?><encryption/>'),
    ]),
  );
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', new Uint8Array(64).fill(7));
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>);
}

const results = (rows: Cell[][]) => [RESULTS_HEADER, ...rows];

export function xlsxCorpus(): Record<string, Uint8Array> {
  return {
    'x01-results-basic.xlsx': book([
      [
        'ВПР',
        sheet(
          results([
            [2025, 'ВПР', 'Математика', 5, '0012', 40, 5, 15, 12, 8],
            [2025, 'ВПР', 'Математика', 5, '0013', 24, 4, 12, 6, 2],
            [2025, 'ВПР', 'Русский язык', 5, '0012', 38, 3, 17, 12, 6],
          ]),
        ),
      ],
    ]),
    'x02-regional-list-title-rows.xlsx': book([
      [
        'Лист1',
        sheet(
          [
            ['Перечень ОО с признаками необъективности результатов ВПР'],
            ['по состоянию на 01.09.2025'],
            [],
            ['Год', 'Логин', 'Муниципалитет', 'ОО', '4 РУ', '4 МА', '5 РУ', '5 МА', 'Количество маркеров'],
            [
              2025,
              'sch0012345',
              'Лесозаводский район',
              'МБОУ «СОШ № 1 п. Лесозаводский»',
              1,
              null,
              1,
              null,
              2,
            ],
            [2025, 'sch0012346', 'Лесозаводский район', 'МБОУ «СОШ № 2»', null, 1, null, null, 1],
            [2025, 'sch0020001', 'Озёрный район', 'МАОУ «Гимназия № 3»', 1, 1, 1, 1, 4],
          ],
          { merges: ['A1:I1', 'A2:I2'] },
        ),
      ],
    ]),
    'x03-merged-two-row-header.xlsx': book([
      [
        'Результаты',
        sheet(
          [
            [
              'Год',
              'Процедура',
              'Предмет',
              'Класс',
              'Код ОО',
              'Участников',
              'Получили отметку, чел.',
              null,
              null,
              null,
            ],
            [null, null, null, null, null, null, '2', '3', '4', '5'],
            [2024, 'ВПР', 'Математика', 6, '0101', 30, 3, 12, 10, 5],
            [2024, 'ВПР', 'Математика', 6, '0102', 20, 'два', 10, 6, 2],
          ],
          { merges: ['A1:A2', 'B1:B2', 'C1:C2', 'D1:D2', 'E1:E2', 'F1:F2', 'G1:J1'] },
        ),
      ],
    ]),
    'x04-numbers-stored-as-text.xlsx': book([
      [
        'Лист1',
        sheet(
          results([
            ['2025', 'ВПР', 'Математика', '5', '0012', '40', '12,5', '37,5', '30', '20'],
            ['2025', 'ВПР', 'Математика', '5', '0013', '20', '25', '50', '15', '10'],
          ]),
        ),
      ],
    ]),
    'x05-percent-formatted-cells.xlsx': book([
      [
        'Лист1',
        sheet([
          [
            'Год',
            'Процедура',
            'Предмет',
            'Класс',
            'Код ОО',
            'Участников',
            'Доля 2',
            'Доля 3',
            'Доля 4',
            'Доля 5',
          ],
          [
            2025,
            'ВПР',
            'Математика',
            5,
            '0012',
            40,
            ...[0.125, 0.375, 0.3, 0.2].map((v): Cell => ({ t: 'n', v, z: '0.0%' })),
          ],
        ]),
      ],
    ]),
    'x06-dates-and-leading-zero-codes.xlsx': book([
      [
        'Перечень',
        sheet([
          ['Год', 'Код ОО', 'Перечень', 'Источник'],
          [2025, { t: 'n', v: 12345, z: '0000000' }, 'ШНОР', { t: 'd', v: new Date(Date.UTC(2025, 0, 20)) }],
          [2025, { t: 'n', v: 701, z: '0000000' }, 'ШНОР', 'приказ № 12'],
        ]),
      ],
    ]),
    'x07-formulas-cached-values.xlsx': book([
      [
        'Лист1',
        sheet(
          results([
            [2025, 'ВПР', 'Математика', 5, '0012', { t: 'n', v: 40, f: 'SUM(G2:J2)' }, 5, 15, 12, 8],
            [2025, 'ВПР', 'Математика', 5, '0013', { t: 'n', v: 24, f: 'SUM(G3:J3)' }, 4, 12, 6, 2],
          ]),
        ),
      ],
    ]),
    'x08-empty-trailing-rows.xlsx': book([
      [
        'Лист1',
        sheet(
          results([
            [2025, 'ВПР', 'Математика', 5, '0012', 40, 5, 15, 12, 8],
            [],
            [2025, 'ВПР', 'Математика', 5, '0013', 24, 4, 12, 6, 2],
          ]),
          { ref: 'A1:L5000' },
        ),
      ],
    ]),
    'x09-instructions-then-data-sheet.xlsx': book([
      [
        'Инструкция',
        sheet([['Заполните лист «Данные»: одна строка на школу и предмет.'], ['Отметки — числом учащихся.']]),
      ],
      ['Данные', sheet(results([[2025, 'ОГЭ', 'Математика', 9, '0012', 25, 2, 10, 9, 4]]))],
    ]),
    'x10-chart-only.xlsx': chartOnly(),
    'x11-password-protected.xlsx': passwordProtected(),
    'x12-legacy-xls-schools.xls': book(
      [
        [
          'Школы',
          sheet([
            ['Код ОО', 'Наименование', 'Муниципалитет', 'Тип ОО', 'Местность'],
            ['0012', 'МБОУ «СОШ № 1»', 'Тестовый район', 'СОШ', 'село'],
            ['0013', 'МКОУ «ООШ с. Лесное»', 'Тестовый район', 'ООШ', 'село'],
          ]),
        ],
      ],
      'biff8',
    ),
    'x13-errors-named-by-sheet-row.xlsx': book([
      [
        'Лист1',
        sheet([
          ['Результаты ВПР 2025'],
          [],
          ...results([
            [2025, 'ВПР', 'Математика', 5, '0012', 40, 5, 15, 12, 8],
            [2025, 'ВПР', 'Математика', 5, '0013', 'сорок', 4, 12, 6, 2],
          ]),
        ]),
      ],
    ]),
  };
}

/** A results sheet of `n` rows, built in memory (too large to keep in the repository). */
export function bigResultsWorkbook(n: number): Uint8Array {
  const rows: Cell[][] = [RESULTS_HEADER];
  for (let i = 0; i < n; i++)
    rows.push([2025, 'ВПР', 'Математика', 5, `S${String(i).padStart(6, '0')}`, 30, 3, 12, 10, 5]);
  return book([['Данные', XLSX.utils.aoa_to_sheet(rows)]]);
}
