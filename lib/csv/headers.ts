// Header synonyms (Russian and English) → canonical columns, and which canonical table a file is.
import { TABLES, type TableName } from '../schema';

/** Lower case, ё→е, only letters and digits: «Кол-во участников» → «колвоучастников». */
export function normalizeHeader(h: string): string {
  return h
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^a-zа-я0-9]/g, '');
}

const SYN: Record<string, string[]> = {
  school_id: ['schoolid', 'кодоо', 'код', 'логин', 'логиноо', 'login', 'кодшколы', 'кодорганизации', 'id'],
  name: [
    'name',
    'наименование',
    'наименованиеоо',
    'название',
    'названиеоо',
    'школа',
    'оо',
    'полноенаименование',
    'краткоенаименование',
  ],
  municipality: [
    'municipality',
    'муниципалитет',
    'мо',
    'муниципальноеобразование',
    'муниципальныйрайон',
    'район',
    'атe',
    'муниципалитетоо',
  ],
  type: ['type', 'тип', 'типоо', 'видоо'],
  location: ['location', 'местность', 'городсело', 'типместности', 'территория'],
  closed_year: ['closedyear', 'годзакрытия', 'закрыта', 'годликвидации'],
  successor_id: ['successorid', 'правопреемник', 'кодправопреемника'],
  region: ['region', 'регион', 'субъект', 'субъектрф', 'субъектроссийскойфедерации'],
  year: ['year', 'год', 'годпроведения', 'годутверждения', 'отчетныйгод'],
  list: ['list', 'перечень', 'список', 'статус'],
  source: ['source', 'источник', 'приказ', 'основание', 'реквизитыприказа'],
  markers: ['markers', 'количествомаркеров', 'числомаркеров', 'маркеров', 'маркеры', 'колвомаркеров'],
  papers: ['papers', 'работы', 'работысмаркерами', 'работысмаркером'],
  procedure: ['procedure', 'процедура', 'оценочнаяпроцедура', 'видоценки', 'экзамен'],
  subject: ['subject', 'предмет', 'учебныйпредмет'],
  grade: ['grade', 'класс', 'параллель'],
  participants: [
    'participants',
    'участников',
    'участники',
    'количествоучастников',
    'колвоучастников',
    'числоучастников',
    'всегоучастников',
    'n',
  ],
  m2: ['m2', '2', 'отметка2', 'доля2', 'колво2', 'количество2', 'процент2', 'mark2', 'share2', 'percent2'],
  m3: ['m3', '3', 'отметка3', 'доля3', 'колво3', 'количество3', 'процент3', 'mark3', 'share3', 'percent3'],
  m4: ['m4', '4', 'отметка4', 'доля4', 'колво4', 'количество4', 'процент4', 'mark4', 'share4', 'percent4'],
  m5: ['m5', '5', 'отметка5', 'доля5', 'колво5', 'количество5', 'процент5', 'mark5', 'share5', 'percent5'],
  mean_score: ['meanscore', 'среднийбалл', 'средний', 'среднийтестовыйбалл', 'среднийпервичныйбалл'],
  below_min: [
    'belowmin',
    'непреодолелиминимум',
    'непреодолелиминимальныйпорог',
    'нижеминимума',
    'непреодолели',
  ],
  high_80: ['high80', 'высокобалльники', '80100', 'от80до100', 'набравшие80100'],
  lowered: ['lowered', 'понизили', 'понизилиотметку'],
  confirmed: ['confirmed', 'подтвердили', 'подтвердилиотметку'],
  raised: ['raised', 'повысили', 'повысилиотметку'],
  score: ['score', 'балл', 'первичныйбалл'],
  // Shares too (DOMAIN: `count` or share): the objectivity SQL turns a distribution in shares into pupils.
  count: [
    'count',
    'количество',
    'число',
    'колво',
    'доля',
    'share',
    'процент',
    'percent',
    'доляучастников',
    'процентучастников',
  ],
  mark: ['mark', 'отметка', 'оценка'],
  min_score: ['minscore', 'минбалл', 'минимальныйбалл', 'от'],
  max_score: ['maxscore', 'максбалл', 'максимальныйбалл', 'до'],
};

/** The canonical column a header means within `table`, or null. */
export function canonicalColumn(table: TableName, header: string): string | null {
  const h = normalizeHeader(header);
  const def = TABLES.find((t) => t.name === table)!;
  for (const c of def.columns) {
    // The schema's own label too: problems name columns by it («Число участников»), so users retype it.
    if (normalizeHeader(c.name) === h || normalizeHeader(c.label) === h || (SYN[c.name] ?? []).includes(h))
      return c.name;
  }
  return null;
}

export interface HeaderMapping {
  table: TableName;
  /** For each column of the file, the canonical column or null (ignored). */
  columns: (string | null)[];
  missing: string[];
}

export function mapHeaders(table: TableName, headers: string[]): HeaderMapping {
  const used = new Set<string>();
  const columns = headers.map((h) => {
    const c = canonicalColumn(table, h);
    if (!c || used.has(c)) return null;
    used.add(c);
    return c;
  });
  const def = TABLES.find((t) => t.name === table)!;
  const missing = def.columns.filter((c) => c.required && !used.has(c.name)).map((c) => c.name);
  // A lists file without a list column means ШНОР (docs/METRICS.md §1).
  return { table, columns, missing: table === 'lists' ? missing.filter((m) => m !== 'list') : missing };
}

/**
 * The table whose columns the headers match best: most matched, then fewest required columns missing.
 * Matched first: year and school alone make a complete lists file, so a results file lacking «Класс»
 * must be reported as results with a missing column, not imported as a list of ШНОР schools.
 */
export function detectTable(headers: string[]): HeaderMapping {
  const scored = TABLES.map((t) => {
    const m = mapHeaders(t.name, headers);
    return { m, matched: m.columns.filter(Boolean).length };
  });
  scored.sort((a, b) => b.matched - a.matched || a.m.missing.length - b.m.missing.length);
  return scored[0].m;
}

/** A mapping the user chose (canonical column or null per file column), with the required columns it lacks. */
export function mappingFrom(table: TableName, columns: (string | null)[]): HeaderMapping {
  const def = TABLES.find((t) => t.name === table)!;
  const known = new Set(def.columns.map((c) => c.name));
  const seen = new Set<string>();
  const cols = columns.map((c) => {
    if (!c || !known.has(c) || seen.has(c)) return null;
    seen.add(c);
    return c;
  });
  const missing = def.columns.filter((c) => c.required && !seen.has(c.name)).map((c) => c.name);
  return { table, columns: cols, missing: table === 'lists' ? missing.filter((m) => m !== 'list') : missing };
}

/** Header spellings the importer recognises for a canonical column (normalised form). */
export function synonymsOf(column: string): string[] {
  return SYN[column] ?? [];
}
