// A whole CSV file (bytes) to canonical rows: encoding, delimiter, header mapping, validation, duplicates.
import Papa from 'papaparse';
import { tableDef, type TableName } from '../schema';
import { decode, detectDelimiter, type Encoding } from './decode';
import { detectTable, mapHeaders, mappingFrom, type HeaderMapping } from './headers';
import { RowNormalizer, type CanonicalRow, type Problem } from './rows';
import { formatInt, plural } from '../format';

export interface ParsedFile {
  fileName: string;
  encoding: Encoding;
  delimiter: string;
  headers: string[];
  mapping: HeaderMapping | null;
  rows: CanonicalRow[];
  /** Keys of the records the checks refused (RowNormalizer.keyOf). */
  refused: CanonicalRow[];
  problems: Problem[];
  /** Rows identical to an earlier row (regional files repeat them): imported once. */
  duplicatesDropped: number;
  /** The first row of each school code among the kept rows (RecordSink.firstRows). */
  firstRows: Record<string, number>;
  /** Kept rows whose marks were given in shares and turned into pupils (RecordSink.converted). */
  converted: MarksConverted;
  records: number;
}

/** Rows whose marks came in percent or fractions of 1 and were turned into pupils: how many, the first few. */
export interface MarksConverted {
  rows: number;
  first: number[];
}

/**
 * Keys seen so far: exact repeats are dropped, a key with other values is a problem. In lists a key is a
 * membership (year × school × list), so any repeat of it is dropped: regional files repeat schools.
 */
export class DuplicateFilter {
  private readonly seen = new Map<string, { row: number; values: string }>();
  private readonly def;
  dropped = 0;
  constructor(private readonly table: TableName) {
    this.def = tableDef(table);
  }
  /** true when the row should be kept. */
  accept(r: CanonicalRow, row: number, problems: Problem[]): boolean {
    const def = this.def;
    const key = def.key.map((k) => r[k]).join('\u001f');
    const values = def.columns.map((c) => r[c.name]).join('\u001f');
    const prev = this.seen.get(key);
    if (!prev) {
      this.seen.set(key, { row, values });
      return true;
    }
    if (prev.values === values || this.table === 'lists') {
      this.dropped++;
      return false;
    }
    const label = def.key.map((k) => def.columns.find((c) => c.name === k)!.label).join(' + ');
    problems.push({
      row,
      column: label,
      value: def.key.map((k) => r[k]).join(' / '),
      message: `ключ повторяется (впервые в строке ${prev.row}) с другими значениями`,
    });
    return false;
  }
}

export interface SinkOptions {
  /** The table, when the user chose it; detected from the headers otherwise. */
  table?: TableName;
  /** The user's mapping: for each column of the file, a canonical column or null. */
  columns?: (string | null)[];
  /** The list of a lists file without a list column (ШНОР by default). */
  list?: string;
  /** Gets the key of each record refused by the checks (see RowNormalizer.keyOf). */
  onRefused?: (key: CanonicalRow) => void;
  /**
   * Values past the header's last column: in a text file they mean a shifted row (a decimal comma in a file
   * delimited by commas), so the row is refused; a sheet's cells stand where they are (notes beside the table).
   */
  extraFields?: 'refuse' | 'ignore';
  /** A text file's delimiter: a header read as one field that names no column has a delimiter we do not read. */
  delimiter?: string;
}

/**
 * Records in file order (the header first, blank lines included) to canonical rows. Record i is spreadsheet
 * row i + 1. Used on a whole file by parseCsv, and chunk by chunk by the upload's streaming worker.
 */
export class RecordSink {
  headers: string[] | null = null;
  headerRow = 0;
  mapping: HeaderMapping | null = null;
  records = 0;
  rows = 0;
  problems: Problem[] = [];
  /** The first row of each school code among the kept rows: the import report names it for an unknown code. */
  readonly firstRows = new Map<string, number>();
  /** Kept rows whose marks were given in shares: the import report says they were turned into pupils. */
  readonly converted: MarksConverted = { rows: 0, first: [] };
  private row = 0;
  private normalizer: RowNormalizer | null = null;
  private dups: DuplicateFilter | null = null;

  constructor(
    private readonly opts: SinkOptions,
    private readonly onRow: (r: CanonicalRow) => void,
  ) {}

  push(rec: string[]): void {
    this.row++;
    if (rec.every((f) => f.trim() === '')) return;
    if (!this.headers) {
      this.headers = rec;
      this.headerRow = this.row;
      const auto = this.opts.table ? mapHeaders(this.opts.table, rec) : detectTable(rec);
      this.mapping = this.opts.columns ? mappingFrom(auto.table, this.opts.columns) : auto;
      if (this.mapping.missing.length) {
        const def = tableDef(this.mapping.table);
        // A text header read as one field that names no column: its delimiter is none of ours, the problem to name.
        const oneColumn: Problem[] =
          this.opts.delimiter && rec.length === 1 && this.mapping.columns.every((c) => !c)
            ? [
                {
                  row: this.row,
                  column: '',
                  value: rec[0],
                  message:
                    'в заголовке один столбец: разделитель не распознан (поддерживаются «;», «,» и табуляция)',
                },
              ]
            : [];
        this.problems = [
          ...oneColumn,
          ...this.mapping.missing.map((m) => ({
            row: this.row,
            column: def.columns.find((c) => c.name === m)!.label,
            value: '',
            message: `обязательного столбца нет в файле (код столбца — ${m})`,
          })),
        ];
      } else {
        this.normalizer = new RowNormalizer(this.mapping, rec, this.opts.list);
        this.problems = this.normalizer.problems;
        this.dups = new DuplicateFilter(this.mapping.table);
      }
      return;
    }
    this.records++;
    if (!this.normalizer) return;
    const extra = rec
      .slice(this.headers.length)
      .map((f) => f.trim())
      .filter(Boolean);
    if (extra.length && this.opts.extraFields !== 'ignore') {
      this.problems.push({
        row: this.row,
        column: `${this.headers.length + 1}-й, без заголовка`,
        value: extra.join(', '),
        message: `значений в строке больше, чем столбцов в заголовке (${rec.length} при ${this.headers.length}): строка сдвинута. Проверьте разделитель: если это запятая, дробные числа с запятой берут в кавычки`,
      });
      this.opts.onRefused?.(this.normalizer.keyOf(rec));
      return;
    }
    const r = this.normalizer.normalize(rec, this.row);
    if (!r) this.opts.onRefused?.(this.normalizer.keyOf(rec));
    else if (this.dups!.accept(r, this.row, this.problems)) {
      this.rows++;
      if (typeof r.school_id === 'string' && !this.firstRows.has(r.school_id))
        this.firstRows.set(r.school_id, this.row);
      if (this.normalizer.converted && this.converted.rows++ < 5) this.converted.first.push(this.row);
      this.onRow(r);
    }
  }

  get duplicatesDropped(): number {
    return this.dups?.dropped ?? 0;
  }

  /** Problems of the file as a whole, once every record is in. */
  finish(): void {
    if (!this.headers) this.problems = [{ row: 0, column: '', value: '', message: 'файл пуст' }];
    else if (this.records === 0 && !this.mapping?.missing.length)
      this.problems = [
        { row: this.headerRow, column: '', value: '', message: 'в файле только заголовок, нет строк данных' },
      ];
  }
}

export function parseCsv(
  bytes: Uint8Array,
  fileName: string,
  table?: TableName,
  columns?: (string | null)[],
): ParsedFile {
  const { text, encoding } = decode(bytes);
  const delimiter = detectDelimiter(text);
  const rows: CanonicalRow[] = [];
  const refused: CanonicalRow[] = [];
  const sink = new RecordSink({ table, columns, delimiter, onRefused: (k) => refused.push(k) }, (r) =>
    rows.push(r),
  );
  // No letter or digit: nothing, or only delimiters (a blank sheet saved from Excel).
  if (/[\p{L}\p{N}]/u.test(text))
    for (const rec of Papa.parse<string[]>(text, { delimiter }).data) sink.push(rec);
  sink.finish();
  return {
    fileName,
    encoding,
    delimiter,
    headers: sink.headers ?? [],
    mapping: sink.mapping,
    rows,
    refused,
    problems: sink.problems,
    duplicatesDropped: sink.duplicatesDropped,
    firstRows: Object.fromEntries(sink.firstRows),
    converted: sink.converted,
    records: sink.records,
  };
}

/**
 * «Отметки «2»–«5» в 3 строках (строки 2, 5, 9) даны в процентах или долях…»: marks in shares are taken, but the user is told, since a
 * row whose counts merely sum to about 100 would be read so too.
 */
export function marksConvertedText(c: MarksConverted): string | null {
  if (!c.rows) return null;
  const rows = `${c.first.join(', ')}${c.rows > c.first.length ? ', …' : ''}`;
  return `Отметки «2»–«5» в ${formatInt(c.rows)} ${plural(c.rows, ['строке', 'строках', 'строках'])} (${plural(c.first.length, ['строка', 'строки', 'строки'])} ${rows}) даны в процентах или долях от участников: пересчитаны в число учащихся по числу участников и округлены. Если это числа учащихся, исправьте строки: их сумма должна равняться числу участников.`;
}

/** «файл results.csv, строка 5, столбец «Год», значение «20x4»: не число». */
export function describeProblem(fileName: string, p: Problem): string {
  const where = [
    `файл ${fileName}`,
    p.row ? `строка ${p.row}` : null,
    p.column ? `столбец «${p.column}»` : null,
    p.value ? `значение «${p.value}»` : null,
  ];
  return `${where.filter(Boolean).join(', ')}: ${p.message}`;
}
