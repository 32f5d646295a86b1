// A valid results file of n rows as Excel would save it (;, CRLF, decimal commas): the large-upload case.
// Cyrillic in every row (procedure, subject). Keys are unique: 100,000 codes × 10 subject-grades per year,
// the next 1,000,000 rows in the next year of `years`.
import { openSync, writeSync, closeSync } from 'node:fs';

export interface BigResultsOptions {
  years?: number[];
  /** Prefix of the school codes (000000–099999 after it). */
  codePrefix?: string;
}

const SCHOOLS = 100_000;
const COMBOS = [
  'Математика;4',
  'Русский язык;4',
  'Математика;5',
  'Русский язык;5',
  'История;5',
  'Биология;6',
  'География;7',
  'Физика;8',
  'Химия;8',
  'Английский язык;7',
];
const HEADER = 'Год;Процедура;Предмет;Класс;Код ОО;Участников;2;3;4;5;Средний балл';

function line(i: number, years: number[], prefix: string): string {
  const participants = 20 + (i % 30);
  const m2 = i % 5;
  const year = years[Math.floor(i / (SCHOOLS * COMBOS.length)) % years.length];
  return `${year};ВПР;${COMBOS[Math.floor(i / SCHOOLS) % COMBOS.length]};${prefix}${String(i % SCHOOLS).padStart(6, '0')};${participants};${m2};8;6;${participants - m2 - 14};${10 + (i % 20)},${i % 10}`;
}

export function bigResultsCsv(n: number, opts: BigResultsOptions = {}): string {
  const years = opts.years ?? [2024];
  const lines = [HEADER];
  for (let i = 0; i < n; i++) lines.push(line(i, years, opts.codePrefix ?? ''));
  return `${lines.join('\r\n')}\r\n`;
}

/** The same rows written straight to a file, a block at a time (files of hundreds of megabytes). */
export function writeBigResultsCsv(path: string, n: number, opts: BigResultsOptions = {}): void {
  const years = opts.years ?? [2024];
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `${HEADER}\r\n`);
    for (let start = 0; start < n; start += 50_000) {
      const block: string[] = [];
      for (let i = start; i < Math.min(n, start + 50_000); i++)
        block.push(line(i, years, opts.codePrefix ?? ''));
      writeSync(fd, `${block.join('\r\n')}\r\n`);
    }
  } finally {
    closeSync(fd);
  }
}
