// The command-line tool: the same metric modules as the browser, on native DuckDB, over CSV, Excel or Parquet files.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Engine } from '../db/engine';
import { createNativeEngine } from '../db/node-native';
import { createTablesSql, PROCEDURES, type TableName } from '../schema';
import { refreshDerived } from '../data/derived';
import { writePreparedFile } from '../data/prepare';
import { describeProblem } from '../csv/parse';
import { toCsv } from '../csv/write';
import { DEFAULT_LIST, type Filter } from '../filters';
import { SqlBuilder } from '../sql';
import { yearRanges } from '../report/russian';
import { canon, LIST_ALIASES } from '../csv/rows';
import {
  cohortMembers,
  cohorts,
  entryCohortMatrix,
  entryCohortMembers,
  exits,
  listShare,
  type ExitDimension,
} from '../metrics/lists';
import {
  INDICATOR_KEYS,
  INDICATORS,
  indicatorDef,
  levelChange,
  levelChangeGrid,
  trends,
  type IndicatorKey,
} from '../metrics/results';
import { NAMED_SQL, namedSql, printSql } from '../metrics/named-sql';
import {
  objectivityFlags,
  objectivityInputsByYear,
  objectivityMarkers,
  OBJECTIVITY_DEFAULTS,
  type ObjectivitySettings,
} from '../metrics/objectivity';
import { MIN_PAPER_PUPILS } from '../metrics/objectivity-tests';
import { missingInputs } from '../objectivity-text';
import { riskGroup } from '../metrics/risk';
import { REPORT_FORMATS, ReportError, writeReports, type ReportFormat } from './report';
import { loadTableFile, TableFileError } from './read-table';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const FILE_OPTIONS: Record<string, TableName> = {
  '--schools': 'schools',
  '--lists': 'lists',
  '--results': 'results',
  '--journal': 'vpr_journal',
  '--score-dist': 'score_dist',
  '--mark-scales': 'mark_scales',
};
const VALUE_OPTIONS = [
  '--list',
  '--year',
  '--years',
  '--municipality',
  '--by',
  '--format',
  '--procedure',
  '--subject',
  '--grade',
  '--indicator',
  '--z',
  '--min-pupils',
  '--min-markers',
  '--out',
  '--target',
];
const FLAG_OPTIONS = ['--markers', '--help', '--all-municipalities', '--shares', '--members'];

/**
 * Each command's files, words and the options its figures read (besides --format and the files): any other
 * option would be ignored without a word, so it is refused (checkOptions).
 */
const COMMANDS: Record<string, { needs: TableName[]; about: string; options: string[] }> = {
  cohorts: {
    needs: ['lists'],
    about: 'школы в перечне по числу лет подряд (впервые / вернулись)',
    options: ['--list', '--year', '--municipality'],
  },
  'cohort-members': {
    needs: ['lists'],
    about: 'каждая школа перечня по годам с группой: впервые, вернулась, 2-й, 3-й, 4-й год и более',
    options: ['--list', '--year', '--municipality'],
  },
  'entry-cohorts': {
    needs: ['lists'],
    about: 'когорты входа: сколько школ остаются в перечне по годам (--members: сами школы)',
    options: ['--list', '--municipality', '--members'],
  },
  exits: {
    needs: ['lists'],
    about:
      'выход из перечня по годам (--by streak|municipality|type; --shares: доли устойчивого выхода и возвращения)',
    options: ['--list', '--year', '--municipality', '--by', '--shares'],
  },
  share: {
    needs: ['lists'],
    about: 'доля школ в перечне от действующих школ',
    options: ['--list', '--year', '--municipality'],
  },
  trends: {
    needs: ['results'],
    about: 'динамика показателя по школам (--procedure, --subject, --grade, --years 2021-2025, --indicator)',
    options: ['--procedure', '--subject', '--grade', '--years', '--indicator', '--municipality'],
  },
  'level-change': {
    needs: ['results'],
    about: 'сетка «уровень × изменение» 5 × 5: число школ в клетке (--years, --indicator; --members: школы)',
    options: ['--procedure', '--subject', '--grade', '--years', '--indicator', '--municipality', '--members'],
  },
  objectivity: {
    needs: ['results'],
    about:
      'признаки необъективности ВПР: строка на работу и признак (--markers: школы с признаками и число маркеров)',
    options: [
      '--year',
      '--years',
      '--subject',
      '--grade',
      '--municipality',
      '--z',
      '--min-pupils',
      '--min-markers',
      '--markers',
    ],
  },
  risk: {
    needs: ['results'],
    about: 'группа риска за год (--year; по умолчанию последний)',
    options: ['--year', '--municipality'],
  },
  prepare: {
    needs: ['schools', 'lists', 'results'],
    about: 'файл .duckdb для дашборда (--out FILE): таблицы данных и все производные таблицы с манифестом',
    options: ['--out'],
  },
  report: {
    needs: ['lists'],
    about:
      'справки (--municipality NAME | --all-municipalities, --year, --format docx|md|html, --out DIR, --target 15, --procedure ВПР --procedure ОГЭ, --subject): файл на муниципалитет',
    options: [
      '--list',
      '--year',
      '--municipality',
      '--all-municipalities',
      '--out',
      '--target',
      '--procedure',
      '--subject',
    ],
  },
  sql: {
    needs: [],
    about: 'SQL показателя по имени, как его выполняет расчёт (sql share_2; без имени — список имён)',
    // Each name reads its own: checked by what changes its text (sqlIgnoredOption).
    options: [
      '--list',
      '--year',
      '--years',
      '--municipality',
      '--procedure',
      '--subject',
      '--grade',
      '--indicator',
      '--by',
    ],
  },
};

export const USAGE = `Использование: npm run --silent cli -- <команда> [файлы] [параметры]

Команды:
${Object.entries(COMMANDS)
  .map(([c, d]) => `  ${c.padEnd(15)} ${d.about}`)
  .join('\n')}

Файлы (CSV в UTF-8 или Windows-1251, разделитель ; , или табуляция; книги Excel .xlsx и .xls; или Parquet):
  --schools FILE  --lists FILE  --results FILE  --journal FILE  --score-dist FILE  --mark-scales FILE

Параметры:
  --list NAME          перечень (ШНОР, необъективность, группа_риска, 500+; по умолчанию ШНОР)
  --year Y             один год         --years Y1-Y2   диапазон лет (trends)
  --municipality NAME  муниципалитет (можно несколько раз)
  --by streak|municipality|type       разрез для exits
  --z Z                objectivity: порог доказательности (по умолчанию ${String(OBJECTIVITY_DEFAULTS.zMin).replace('.', ',')}; можно с запятой)
  --min-pupils N       objectivity: мин. участников в работе (по умолчанию ${OBJECTIVITY_DEFAULTS.minPupils})
  --min-markers N      objectivity: мин. маркеров у школы (по умолчанию ${OBJECTIVITY_DEFAULTS.minMarkers})
  --format csv|json    формат вывода (по умолчанию csv; для report — docx, md или html, по умолчанию docx)
  --out DIR            папка для справок (report); файл .duckdb (prepare)   --target P   целевая доля ОО в перечне, % (report; по умолчанию 15)
  --all-municipalities справки по каждому муниципалитету и по региону (report)
  --shares             exits: доли устойчивого выхода (среди вышедших, кроме закрытых к году проверки) и возвращения
  --members            entry-cohorts, level-change: школы каждой клетки вместо чисел`;

class CliError extends Error {}

interface Args {
  command: string;
  files: Partial<Record<TableName, string>>;
  values: Record<string, string[]>;
  flags: Set<string>;
  /** The metric's name after `sql`. */
  name?: string;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  const args: Args = { command: command ?? '', files: {}, values: {}, flags: new Set() };
  if (command === 'sql' && rest[0] !== undefined && !rest[0].startsWith('--')) args.name = rest.shift();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [name, inline] = a.includes('=')
      ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a, undefined];
    if (FLAG_OPTIONS.includes(name)) {
      args.flags.add(name);
      continue;
    }
    if (!(name in FILE_OPTIONS) && !VALUE_OPTIONS.includes(name))
      throw new CliError(`неизвестный параметр «${a}»`);
    const value = inline ?? rest[++i];
    if (value === undefined || value.startsWith('--')) throw new CliError(`после ${name} нужно значение`);
    if (name in FILE_OPTIONS) {
      if (args.files[FILE_OPTIONS[name]]) throw new CliError(`${name} указан дважды; оставьте один файл`);
      args.files[FILE_OPTIONS[name]] = value;
    } else {
      args.values[name] ??= [];
      args.values[name].push(value);
    }
  }
  return args;
}

function intOption(args: Args, name: string, min: number, max: number): number | undefined {
  const v = args.values[name]?.at(-1);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new CliError(`${name}: ожидается целое число от ${min} до ${max}, получено «${v}»`);
  return Number(v);
}

/** --list by any name the files' list column takes («группа риска», «шнор»); the default list when absent. */
function listOption(args: Args): string {
  const name = args.values['--list']?.at(-1);
  return name === undefined ? DEFAULT_LIST : (LIST_ALIASES[canon(name)] ?? name);
}

/** Commands whose figures are about one list (--list): an absent list would give an empty answer. */
const LIST_COMMANDS = ['cohorts', 'cohort-members', 'entry-cohorts', 'exits', 'share', 'report'];

async function checkListPresent(db: Engine, args: Args): Promise<void> {
  if (!LIST_COMMANDS.includes(args.command) || !args.files.lists) return;
  const list = listOption(args);
  const present = (await db.query<{ list: string }>('SELECT DISTINCT list FROM lists ORDER BY list')).map(
    (r) => r.list,
  );
  if (present.includes(list)) return;
  if (!present.length)
    throw new CliError(`в файле ${basename(args.files.lists)} нет ни одной строки перечня, нет и «${list}»`);
  throw new CliError(
    `в файле ${basename(args.files.lists)} нет перечня «${list}»; в нём есть: ${present.map((l) => `«${l}»`).join(', ')} (выберите --list)`,
  );
}

/**
 * A --year the data does not have, or a --municipality it does not know, would give an empty answer that reads
 * as «nothing found»: an error naming what there is. The years are the list's (commands on lists), the
 * results' (the others), either (report).
 */
async function checkYearAndArea(db: Engine, args: Args): Promise<void> {
  const year = intOption(args, '--year', 2000, 2100);
  if (year !== undefined) {
    const b = new SqlBuilder();
    const ofList = COMMANDS[args.command].needs.includes('lists');
    const listYears = () => `SELECT year FROM list_published WHERE list = ${b.p(listOption(args))}`;
    const sql =
      args.command === 'report'
        ? `${listYears()} UNION SELECT year FROM result_slices`
        : ofList
          ? listYears()
          : 'SELECT year FROM result_slices';
    const years = (
      await db.query<{ year: number }>(
        `SELECT DISTINCT year::INTEGER AS year FROM (${sql}) ORDER BY year`,
        b.params,
      )
    ).map((r) => r.year);
    const what =
      args.command === 'report'
        ? `ни перечня «${listOption(args)}», ни результатов`
        : ofList
          ? `перечня «${listOption(args)}»`
          : 'результатов';
    if (!years.includes(year))
      throw new CliError(
        `--year ${year}: ${what} за этот год в данных нет${years.length ? `; есть: ${yearRanges(years)}` : ''}`,
      );
  }
  const asked = args.values['--municipality'] ?? [];
  if (asked.length && args.command !== 'report') {
    const known = (
      await db.query<{ municipality: string }>(
        'SELECT DISTINCT municipality FROM school_dim ORDER BY municipality',
      )
    ).map((r) => r.municipality);
    const missing = asked.filter((m) => !known.includes(m));
    if (missing.length)
      throw new CliError(
        `муниципалитета ${missing.map((m) => `«${m}»`).join(', ')} нет в данных; есть: ${known.join(', ')}` +
          (args.files.schools ? '' : ' (муниципалитеты школ берутся из справочника: укажите --schools FILE)'),
      );
  }
}

/** Commands over a slice of the results (procedure, subject, grade, years). */
const SLICE_COMMANDS = ['trends', 'level-change', 'objectivity'];

/**
 * A --subject, --grade or --years the results do not have would give an empty answer (or a grid of zeros) that
 * reads as «nothing found»: an error naming what there is.
 */
async function checkSlice(db: Engine, args: Args): Promise<void> {
  if (!SLICE_COMMANDS.includes(args.command)) return;
  const procedure = args.command === 'objectivity' ? 'ВПР' : (args.values['--procedure']?.at(-1) ?? 'ВПР');
  const subject = args.values['--subject']?.at(-1);
  const grade = intOption(args, '--grade', 1, 12);
  const b = new SqlBuilder();
  const slices = await db.query<{ subject: string | null; grade: number | null; year: number }>(
    `SELECT DISTINCT subject, grade::INTEGER AS grade, year::INTEGER AS year FROM result_slices WHERE procedure = ${b.p(procedure)}`,
    b.params,
  );
  if (!slices.length) throw new CliError(`результатов ${procedure} в данных нет`);
  const distinct = <T>(xs: T[]) => [...new Set(xs)].sort() as T[];
  if (subject !== undefined) {
    const subjects = distinct(slices.flatMap((r) => (r.subject === null ? [] : [r.subject])));
    if (!subjects.includes(subject))
      throw new CliError(
        `--subject «${subject}»: в результатах ${procedure} такого предмета нет; есть: ${subjects.join(', ')}`,
      );
  }
  const ofSubject = slices.filter((r) => subject === undefined || r.subject === subject);
  if (grade !== undefined) {
    const grades = distinct(ofSubject.flatMap((r) => (r.grade === null ? [] : [r.grade]))).sort(
      (a, b) => a - b,
    );
    if (!grades.includes(grade))
      throw new CliError(
        `--grade ${grade}: в результатах ${procedure}${subject ? ` по предмету «${subject}»` : ''} такого класса нет; есть: ${grades.join(', ')}`,
      );
  }
  const range = filterFrom(args).years;
  if (range) {
    const years = distinct(
      ofSubject.filter((r) => grade === undefined || r.grade === grade).map((r) => r.year),
    ).sort((a, b) => a - b);
    const inRange = years.filter((y) => y >= range[0] && y <= range[1]);
    const asked = args.values['--years']!.at(-1);
    if (!inRange.length)
      throw new CliError(
        `--years ${asked}: результатов ${procedure} за эти годы в данных нет; есть: ${yearRanges(years)}`,
      );
    if (args.command === 'level-change' && inRange.length < 2)
      throw new CliError(
        `--years ${asked}: для изменения нужны два года с результатами, в диапазоне есть только ${inRange[0]}`,
      );
  }
}

/**
 * With a schools file, the codes other files name that it lacks (a typo, or a school missing from it): said on
 * stderr, as the upload page says it; such schools count with a placeholder name and no municipality.
 */
async function unknownSchools(db: Engine, args: Args): Promise<string[]> {
  if (!args.files.schools) return [];
  const others = (['lists', 'results', 'vpr_journal', 'score_dist'] as const).filter((t) => args.files[t]);
  const notes: string[] = [];
  for (const t of others) {
    const codes = (
      await db.query<{ school_id: string }>(
        `SELECT DISTINCT school_id FROM ${t} WHERE school_id NOT IN (SELECT school_id FROM schools) ORDER BY school_id`,
      )
    ).map((r) => r.school_id);
    if (codes.length)
      notes.push(
        `${basename(args.files[t]!)}: кодов ОО, которых нет в справочнике школ ${basename(args.files.schools)}, — ${codes.length}` +
          ` (${codes.slice(0, 5).join(', ')}${codes.length > 5 ? ', …' : ''}); они учтены без наименования и муниципалитета.`,
      );
  }
  return notes;
}

function filterFrom(args: Args): Filter {
  const years = args.values['--years']?.at(-1);
  let range: [number, number] | undefined;
  if (years !== undefined) {
    const m = /^(\d{4})\s*[-–:]\s*(\d{4})$/.exec(years);
    if (!m || Number(m[1]) > Number(m[2]))
      throw new CliError(`--years: ожидается диапазон вида 2021-2025, получено «${years}»`);
    range = [Number(m[1]), Number(m[2])];
  }
  return {
    list: listOption(args),
    year: intOption(args, '--year', 2000, 2100),
    years: range,
    municipalities: args.values['--municipality'],
    procedure: args.values['--procedure']?.at(-1),
    subject: args.values['--subject']?.at(-1),
    grade: intOption(args, '--grade', 1, 12),
  };
}

function objectivitySettings(args: Args): ObjectivitySettings {
  const zText = args.values['--z']?.at(-1);
  // A plain decimal only: Number() would also take «0x5» and «5e0».
  const plain = zText === undefined || /^\s*\d+([.,]\d+)?\s*$/.test(zText);
  const z = zText === undefined ? OBJECTIVITY_DEFAULTS.zMin : Number(zText.replace(',', '.'));
  if (!plain || !Number.isFinite(z) || z < 2 || z > 10)
    throw new CliError(`--z: ожидается число от 2 до 10, получено «${zText}»`);
  return {
    zMin: z,
    minPupils: intOption(args, '--min-pupils', MIN_PAPER_PUPILS, 1000) ?? OBJECTIVITY_DEFAULTS.minPupils,
    minMarkers: intOption(args, '--min-markers', 1, 30) ?? OBJECTIVITY_DEFAULTS.minMarkers,
  };
}

const MAX_PROBLEMS = 50;

const round = (x: number | null, digits: number) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/** The CLI's way to give a table: «укажите --journal ФАЙЛ». */
const optionHint = (tables: string[]) =>
  `укажите ${tables.map((t) => `${Object.keys(FILE_OPTIONS).find((o) => FILE_OPTIONS[o] === t)} ФАЙЛ`).join(' и ')}`;

/** What the signs could not check, or inferred, once per message with its years: «2023, 2024: Пики не проверяются…». */
async function inputNotes(db: Engine, args: Args): Promise<string[]> {
  const years = new Map<string, number[]>();
  for (const i of await objectivityInputsByYear(db, filterFrom(args)))
    for (const m of missingInputs(i, optionHint)) years.set(m, [...(years.get(m) ?? []), i.year]);
  return [...years].map(([m, ys]) => `${ys.join(', ')}: ${m}`);
}

/** Loads one file into its table; problems are errors (exit 1), dropped duplicates and no rows a note on stderr. */
async function loadFile(db: Engine, table: TableName, path: string, io: CliIo): Promise<void> {
  const name = basename(path);
  const v = await loadTableFile(db, table, path, { maxProblems: MAX_PROBLEMS });
  // A file with its headers and no rows is an empty table, not a refused row: said, and the run goes on.
  if (v.problemCount && v.records === 0 && v.mapping && !v.mapping.missing.length) {
    io.err(`${name}: в файле только заголовок, нет строк данных — таблица ${table} пуста`);
    return;
  }
  if (v.problemCount) {
    const shown = v.problems.slice(0, MAX_PROBLEMS).map((p) => describeProblem(name, p));
    const more = v.problemCount > MAX_PROBLEMS ? [`… и ещё ${v.problemCount - MAX_PROBLEMS} ошибок`] : [];
    throw new CliError([...shown, ...more].join('\n'));
  }
  if (v.duplicatesDropped)
    io.err(`${name}: повторяющихся строк ${v.duplicatesDropped}, каждая учтена один раз`);
}

function render(rows: object[], format: string): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  return rows.length
    ? toCsv(Object.keys(rows[0]), rows as Record<string, unknown>[]).replace(/\r\n/g, '\n')
    : '';
}

/** Two values of an option that a metric reading it must print differently (sqlIgnoredOption). */
const PROBES: Record<string, [string, string]> = {
  '--list': ['ШНОР', 'необъективность'],
  '--year': ['2001', '2002'],
  '--years': ['2001-2002', '2003-2004'],
  '--municipality': ['А', 'Б'],
  '--procedure': ['ОГЭ', 'ЕГЭ'],
  '--subject': ['А', 'Б'],
  '--grade': ['5', '6'],
  '--indicator': ['share_2', 'quality'],
  '--by': ['streak', 'type'],
};

/** `sql NAME`'s text as the options give it. */
function sqlOf(args: Args, entry: NonNullable<ReturnType<typeof namedSql>>): string {
  return printSql(entry, filterFrom(args), {
    indicator: args.values['--indicator']?.at(-1) as IndicatorKey | undefined,
    by: args.values['--by']?.at(-1) as ExitDimension | undefined,
  });
}

/** The first option given to `sql NAME` that its text does not depend on (two values print the same SQL). */
function sqlIgnoredOption(args: Args): string | undefined {
  const entry = args.name ? namedSql(args.name) : undefined;
  if (!entry) return undefined;
  return Object.keys(args.values).find((option) => {
    const probe = PROBES[option];
    if (!probe) return false;
    const [a, b] = probe.map((v) => sqlOf({ ...args, values: { ...args.values, [option]: [v] } }, entry));
    return a === b;
  });
}

/**
 * Options the command does not read would be ignored without a word (a --year that did not filter reads as a
 * filtered answer): refused, naming the command's own.
 */
function checkOptions(args: Args): void {
  const spec = COMMANDS[args.command];
  const given = [...Object.keys(args.values), ...args.flags].filter((o) => o !== '--help');
  const own = args.command === 'sql' ? spec.options : [...spec.options, '--format'];
  const listed = own.join(', ');
  for (const option of given) {
    // Objectivity is ВПР's alone: --procedure ВПР says what it does.
    if (args.command === 'objectivity' && option === '--procedure') {
      if (args.values['--procedure'].every((p) => p === 'ВПР')) continue;
      throw new CliError('--procedure: признаки необъективности считаются только по ВПР');
    }
    if (!own.includes(option))
      throw new CliError(
        `параметр ${option} не действует для команды ${args.command}; её параметры: ${listed}`,
      );
  }
  // A repeated option kept its last value without a word: only the areas (and report's procedures and subjects) are lists.
  const lists =
    args.command === 'report' ? ['--municipality', '--procedure', '--subject'] : ['--municipality'];
  for (const [option, values] of Object.entries(args.values))
    if (values.length > 1 && !lists.includes(option))
      throw new CliError(
        `${option} указан ${values.length} раза (${values.map((v) => `«${v}»`).join(', ')}); оставьте одно значение`,
      );
  if (args.command === 'objectivity' && args.values['--min-markers'] && !args.flags.has('--markers'))
    throw new CliError(
      '--min-markers действует только с --markers (без него — строка на каждую работу и признак, по всем школам)',
    );
  const ignored = sqlIgnoredOption(args);
  if (ignored)
    throw new CliError(`параметр ${ignored} не меняет SQL показателя ${args.name}: он его не читает`);
}

/** prepare's --out before any file is read: a file in a folder that exists and takes writing. */
function checkPrepareOut(out: string): void {
  if (existsSync(out) && statSync(out).isDirectory())
    throw new CliError(
      `--out: ${out} — папка; укажите файл, например ${out.replace(/\/+$/, '')}/region.duckdb`,
    );
  const dir = dirname(resolve(out));
  if (!existsSync(dir)) throw new CliError(`--out: папки ${dir} нет; создайте её или укажите другой путь`);
  if (!statSync(dir).isDirectory()) throw new CliError(`--out: ${dir} — файл, а не папка`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CliError(`--out: в папку ${dir} нельзя записать: нет прав`);
  }
}

/** What the figures cannot know without a schools file, said on stderr. */
function withoutSchools(args: Args): string[] {
  if (args.files.schools) return [];
  const notes: string[] = [];
  if (args.command === 'exits')
    notes.push(
      'Без --schools закрытия школ не известны: closed — null, а закрывшиеся школы учтены как вышедшие из перечня; укажите --schools FILE.',
    );
  if (args.command === 'share' && args.files.results)
    notes.push(
      'Без --schools закрытия школ не известны: действующими (active) считаются все школы из файлов, и закрывшиеся тоже; укажите --schools FILE.',
    );
  const names =
    ['trends', 'objectivity', 'risk', 'cohort-members'].includes(args.command) ||
    (['entry-cohorts', 'level-change'].includes(args.command) && args.flags.has('--members'));
  if (names)
    notes.push(
      'Без --schools наименования и муниципалитеты школ известны только из перечня (если он дан и в нём они есть): у остальных name — «ОО <код>», municipality — «не указан»; укажите --schools FILE.',
    );
  return notes;
}

/** Option values checked before any file is read. */
function validate(args: Args): void {
  filterFrom(args);
  objectivitySettings(args);
  const by = args.values['--by']?.at(-1);
  if (by !== undefined && !['streak', 'municipality', 'type'].includes(by))
    throw new CliError(`--by: ожидается streak, municipality или type, получено «${by}»`);
  const indicator = args.values['--indicator']?.at(-1);
  if (indicator !== undefined && !INDICATOR_KEYS.includes(indicator as IndicatorKey))
    throw new CliError(
      `--indicator: ожидается одно из ${INDICATOR_KEYS.join(', ')}, получено «${indicator}»`,
    );
  const procedure = args.values['--procedure']?.at(-1) ?? 'ВПР';
  if (
    indicator !== undefined &&
    SLICE_COMMANDS.includes(args.command) &&
    !indicatorDef(indicator as IndicatorKey).procedures.includes(procedure)
  )
    throw new CliError(
      `--indicator ${indicator}: для ${procedure} не считается; для ${procedure} есть: ${INDICATORS.filter(
        (i) => i.procedures.includes(procedure),
      )
        .map((i) => i.key)
        .join(', ')}`,
    );
  const badProcedure = (args.values['--procedure'] ?? []).find(
    (p) => !(PROCEDURES as readonly string[]).includes(p),
  );
  if (badProcedure !== undefined && args.command !== 'report')
    throw new CliError(`--procedure: ожидается ВПР, ОГЭ или ЕГЭ, получено «${badProcedure}»`);
  // These two read a range of years: a single --year would be ignored without a word.
  if ((args.command === 'trends' || args.command === 'level-change') && args.values['--year'])
    throw new CliError(`--year: ${args.command} берёт диапазон лет — укажите --years Y1-Y2`);
  checkOptions(args);
  const format = args.values['--format']?.at(-1);
  if (args.command === 'report') {
    if (format !== undefined && !(REPORT_FORMATS as readonly string[]).includes(format))
      throw new CliError(`--format: для report ожидается docx, md или html, получено «${format}»`);
    if (!args.values['--out']) throw new CliError('для команды report нужна папка --out DIR');
    const unknown = (args.values['--procedure'] ?? []).filter(
      (p) => !(PROCEDURES as readonly string[]).includes(p),
    );
    if (unknown.length)
      throw new CliError(
        `--procedure: для report ожидается ВПР, ОГЭ или ЕГЭ (можно несколько раз), получено «${unknown.join('», «')}»`,
      );
    if (args.flags.has('--all-municipalities') && args.values['--municipality'])
      throw new CliError('укажите либо --municipality, либо --all-municipalities');
    const t = args.values['--target']?.at(-1);
    if (t !== undefined && !(Number(t.replace(',', '.')) >= 0 && Number(t.replace(',', '.')) <= 100))
      throw new CliError(`--target: ожидается доля в процентах от 0 до 100, получено «${t}»`);
  } else if (args.command === 'prepare') {
    const out = args.values['--out']?.at(-1);
    if (!out) throw new CliError('для команды prepare нужен файл --out FILE.duckdb');
    checkPrepareOut(out);
    if (format !== undefined && format !== 'csv' && format !== 'json')
      throw new CliError(`--format: ожидается csv или json, получено «${format}»`);
  } else if (format !== undefined && format !== 'csv' && format !== 'json')
    throw new CliError(`--format: ожидается csv или json, получено «${format}»`);
}

async function run(args: Args, db: Engine): Promise<object[]> {
  const f = filterFrom(args);
  switch (args.command) {
    case 'cohorts':
      return cohorts(db, f);
    case 'cohort-members':
      return cohortMembers(db, f);
    case 'entry-cohorts':
      return args.flags.has('--members') ? entryCohortMembers(db, f) : entryCohortMatrix(db, f);
    case 'exits': {
      const by = args.values['--by']?.at(-1);
      const rows = await exits(db, f, by as ExitDimension | undefined);
      const shares = args.flags.has('--shares');
      return rows.map(({ group, sustained_share, reentered_share, ...plain }) => {
        const r = shares ? { ...plain, sustained_share, reentered_share } : plain;
        if (!by) return r;
        const key = by === 'streak' ? 'streak' : by;
        return { ...r, [key]: by === 'streak' && group !== '4+' && group !== null ? Number(group) : group };
      });
    }
    case 'share':
      return listShare(db, f);
    case 'trends':
      return trends(db, f, (args.values['--indicator']?.at(-1) ?? 'share_2') as IndicatorKey);
    case 'level-change': {
      const indicator = (args.values['--indicator']?.at(-1) ?? 'share_2') as IndicatorKey;
      return args.flags.has('--members') ? levelChange(db, f, indicator) : levelChangeGrid(db, f, indicator);
    }
    case 'objectivity': {
      const s = objectivitySettings(args);
      if (args.flags.has('--markers')) {
        const rows = await objectivityMarkers(db, f, s);
        return rows.map(({ school_id, name, municipality, type, year, markers, flags, indicators }) => ({
          school_id,
          name,
          municipality,
          type,
          year,
          markers,
          flags,
          indicators,
        }));
      }
      const rows = await objectivityFlags(db, f, s);
      return rows.map((r) => ({
        school_id: r.school_id,
        name: r.name,
        municipality: r.municipality,
        year: r.year,
        paper: r.paper,
        subject: r.subject,
        grade: r.grade,
        indicator: r.indicator,
        measure: r.measure,
        pupils: r.pupils,
        observed: round(r.observed, 4),
        expected: round(r.expected, 4),
        z: round(r.z, 2),
        reason: r.reason,
      }));
    }
    case 'risk':
      return riskGroup(db, f);
  }
  throw new CliError(`неизвестная команда «${args.command}»`);
}

/** `sql NAME`: the metric's SQL for the options given; without a name, the names. */
function sqlText(args: Args): string {
  if (!args.name)
    return `Показатели (npm run --silent cli -- sql ИМЯ [--procedure …] [--year …]):\n${NAMED_SQL.map((n) => `  ${n.name.padEnd(24)} ${n.about}`).join('\n')}\n`;
  const entry = namedSql(args.name);
  if (!entry) throw new CliError(`нет показателя «${args.name}»; имена: npm run --silent cli -- sql`);
  return sqlOf(args, entry);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let db: Engine | null = null;
  try {
    const args = parseArgs(argv[0] === '--help' ? argv.slice(1) : argv);
    if (argv[0] === '--help' || args.flags.has('--help') || !args.command) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    const spec = COMMANDS[args.command];
    if (!spec) throw new CliError(`неизвестная команда «${args.command}»\n\n${USAGE}`);
    validate(args);
    if (args.command === 'sql') {
      io.out(sqlText(args));
      return 0;
    }
    for (const t of spec.needs) {
      if (!args.files[t])
        throw new CliError(
          `для команды ${args.command} нужен файл ${Object.entries(FILE_OPTIONS).find(([, v]) => v === t)![0]} FILE`,
        );
    }
    db = await createNativeEngine();
    await db.exec(createTablesSql());
    for (const [table, path] of Object.entries(args.files) as [TableName, string][])
      await loadFile(db, table, path, io);
    if (args.command === 'prepare') {
      const out = args.values['--out']!.at(-1)!;
      const manifest = await writePreparedFile(db, out).catch((e: unknown) => {
        // The file system's refusal is the user's to fix; anything else is ours (exit 2).
        if (e instanceof Error && e.message.startsWith('IO Error'))
          throw new CliError(
            `--out: не удалось записать ${out}: ${/Permission denied/.test(e.message) ? 'нет прав на запись' : /No such file/.test(e.message) ? 'такого пути создать нельзя' : e.message}`,
          );
        throw e;
      });
      io.out(
        render(
          manifest.map(({ name, kind, rows }) => ({ table: name, kind, rows })),
          args.values['--format']?.at(-1) ?? 'csv',
        ),
      );
      return 0;
    }
    await refreshDerived(db, []);
    for (const note of await unknownSchools(db, args)) io.err(note);
    await checkListPresent(db, args);
    await checkYearAndArea(db, args);
    await checkSlice(db, args);
    if (args.command === 'report') {
      const written = await writeReports(db, {
        list: listOption(args),
        year: intOption(args, '--year', 2000, 2100),
        municipalities: args.values['--municipality'] ?? [],
        all: args.flags.has('--all-municipalities'),
        target: Number((args.values['--target']?.at(-1) ?? '15').replace(',', '.')) / 100,
        subjects: args.values['--subject'],
        procedures: args.values['--procedure'],
        format: (args.values['--format']?.at(-1) ?? 'docx') as ReportFormat,
        out: args.values['--out']!.at(-1)!,
        files: Object.values(args.files),
      });
      io.out(`${written.join('\n')}\n`);
      return 0;
    }
    io.out(render(await run(args, db), args.values['--format']?.at(-1) ?? 'csv'));
    if (args.command === 'objectivity') for (const note of await inputNotes(db, args)) io.err(note);
    for (const note of withoutSchools(args)) io.err(note);
    if (args.command === 'risk' && !args.files.lists)
      io.err(
        'Без --lists перечни не известны: школы перечня ШНОР не исключены из группы риска, а on_risk_list ' +
          '(в опубликованном списке группы риска) — false по незнанию; укажите --lists FILE.',
      );
    return 0;
  } catch (e) {
    if (e instanceof CliError || e instanceof ReportError || e instanceof TableFileError) {
      io.err(`Ошибка: ${e.message}`);
      return 1;
    }
    io.err(`Ошибка: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  } finally {
    await db?.close();
  }
}
