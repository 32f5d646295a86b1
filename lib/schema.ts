// The canonical schema (docs/METRICS.md §1): one definition used for the DDL, the templates and the importer.

export type ColumnType = 'VARCHAR' | 'INTEGER' | 'DOUBLE';

export interface ColumnDef {
  name: string;
  type: ColumnType;
  required: boolean;
  label: string;
}

export interface TableDef {
  name: TableName;
  label: string;
  grain: string;
  columns: ColumnDef[];
  key: string[];
}

export type TableName = 'schools' | 'lists' | 'results' | 'vpr_journal' | 'score_dist' | 'mark_scales';

const col = (name: string, type: ColumnType, required: boolean, label: string): ColumnDef => ({
  name,
  type,
  required,
  label,
});

export const LIST_NAMES = ['ШНОР', 'необъективность', 'группа_риска', '500+'] as const;
export type ListName = (typeof LIST_NAMES)[number];
export const PROCEDURES = ['ВПР', 'ОГЭ', 'ЕГЭ'] as const;
export type Procedure = (typeof PROCEDURES)[number];

export const TABLES: TableDef[] = [
  {
    name: 'schools',
    label: 'Школы (ОО)',
    grain: 'одна строка на школу',
    key: ['school_id'],
    columns: [
      col('school_id', 'VARCHAR', true, 'Код ОО'),
      col('name', 'VARCHAR', true, 'Наименование'),
      col('municipality', 'VARCHAR', true, 'Муниципалитет'),
      col('type', 'VARCHAR', false, 'Тип ОО'),
      col('location', 'VARCHAR', false, 'Местность (город/село)'),
      col('closed_year', 'INTEGER', false, 'Год закрытия'),
      col('successor_id', 'VARCHAR', false, 'Код ОО-правопреемника'),
      // Last, so that files and stored imports written before it read with it empty.
      col('region', 'VARCHAR', false, 'Регион (субъект РФ)'),
    ],
  },
  {
    name: 'lists',
    label: 'Перечни',
    grain: 'год × школа × перечень',
    key: ['year', 'school_id', 'list'],
    columns: [
      col('year', 'INTEGER', true, 'Год'),
      col('school_id', 'VARCHAR', true, 'Код ОО'),
      col('list', 'VARCHAR', true, 'Перечень'),
      col('name', 'VARCHAR', false, 'Наименование'),
      col('municipality', 'VARCHAR', false, 'Муниципалитет'),
      col('source', 'VARCHAR', false, 'Источник (приказ)'),
      // A regional list of schools with signs of non-objectivity names the papers and counts the markers.
      col('markers', 'INTEGER', false, 'Количество маркеров'),
      col('papers', 'VARCHAR', false, 'Работы с маркерами'),
    ],
  },
  {
    name: 'results',
    label: 'Результаты ВПР, ОГЭ, ЕГЭ',
    grain: 'год × процедура × предмет × класс × школа',
    key: ['year', 'procedure', 'subject', 'grade', 'school_id'],
    columns: [
      col('year', 'INTEGER', true, 'Год'),
      col('procedure', 'VARCHAR', true, 'Процедура'),
      col('subject', 'VARCHAR', true, 'Предмет'),
      col('grade', 'INTEGER', true, 'Класс'),
      col('school_id', 'VARCHAR', true, 'Код ОО'),
      col('participants', 'INTEGER', true, 'Участников'),
      col('m2', 'DOUBLE', false, '«2»'),
      col('m3', 'DOUBLE', false, '«3»'),
      col('m4', 'DOUBLE', false, '«4»'),
      col('m5', 'DOUBLE', false, '«5»'),
      col('mean_score', 'DOUBLE', false, 'Средний балл'),
      col('below_min', 'DOUBLE', false, 'Не преодолели минимум'),
      col('high_80', 'DOUBLE', false, 'Высокобалльники (80–100)'),
    ],
  },
  {
    name: 'vpr_journal',
    label: 'ВПР: соответствие отметкам по журналу',
    grain: 'год × предмет × класс × школа',
    key: ['year', 'subject', 'grade', 'school_id'],
    columns: [
      col('year', 'INTEGER', true, 'Год'),
      col('subject', 'VARCHAR', true, 'Предмет'),
      col('grade', 'INTEGER', true, 'Класс'),
      col('school_id', 'VARCHAR', true, 'Код ОО'),
      col('lowered', 'DOUBLE', true, 'Понизили'),
      col('confirmed', 'DOUBLE', true, 'Подтвердили'),
      col('raised', 'DOUBLE', true, 'Повысили'),
    ],
  },
  {
    name: 'score_dist',
    label: 'Распределение первичных баллов',
    grain: 'год × процедура × предмет × класс × школа × балл',
    key: ['year', 'procedure', 'subject', 'grade', 'school_id', 'score'],
    columns: [
      col('year', 'INTEGER', true, 'Год'),
      col('procedure', 'VARCHAR', true, 'Процедура'),
      col('subject', 'VARCHAR', true, 'Предмет'),
      col('grade', 'INTEGER', true, 'Класс'),
      col('school_id', 'VARCHAR', true, 'Код ОО'),
      col('score', 'INTEGER', true, 'Первичный балл'),
      col('count', 'DOUBLE', true, 'Число участников'),
    ],
  },
  {
    name: 'mark_scales',
    label: 'Шкалы перевода баллов в отметки',
    grain: 'год × процедура × предмет × класс × отметка',
    key: ['year', 'procedure', 'subject', 'grade', 'mark'],
    columns: [
      col('year', 'INTEGER', true, 'Год'),
      col('procedure', 'VARCHAR', true, 'Процедура'),
      col('subject', 'VARCHAR', true, 'Предмет'),
      col('grade', 'INTEGER', true, 'Класс'),
      col('mark', 'INTEGER', true, 'Отметка'),
      col('min_score', 'INTEGER', true, 'Мин. балл'),
      col('max_score', 'INTEGER', true, 'Макс. балл'),
    ],
  },
];

export function tableDef(name: TableName): TableDef {
  const def = TABLES.find((t) => t.name === name);
  if (!def) throw new Error(`Unknown table ${name}`);
  return def;
}

/** CREATE TABLE statements; `schema` qualifies the names (e.g. an attached database). */
export function createTablesSql(schema?: string, ifNotExists = false): string {
  const q = schema ? `${schema}.` : '';
  return TABLES.map(
    (t) =>
      `CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${q}${t.name} (${t.columns
        .map((c) => `"${c.name}" ${c.type}${c.required ? ' NOT NULL' : ''}`)
        .join(', ')});`,
  ).join('\n');
}

/** Views in the default schema that point the metrics at one or more sources (attached databases, schemas). */
export function canonicalViewsSql(...sources: string[]): string {
  return TABLES.map(
    (t) =>
      `CREATE OR REPLACE VIEW ${t.name} AS ${sources.map((s) => `SELECT * FROM ${s}.${t.name}`).join(' UNION ALL ')};`,
  ).join('\n');
}
