// What the CLI refuses or notes before and after reading the files: options a command does not read, values
// the data does not have (an empty answer would read as «nothing found»), what is unknown without a file.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Engine } from '../db/engine';
import { PROCEDURES, type TableName } from '../schema';
import { SqlBuilder } from '../sql';
import { codeRows } from './read-table';
import { yearRanges } from '../report/russian';
import type { ExitDimension } from '../metrics/lists';
import { INDICATOR_KEYS, INDICATORS, indicatorDef, type IndicatorKey } from '../metrics/results';
import { namedSql, printSql } from '../metrics/named-sql';
import { REPORT_FORMATS } from './report';
import {
  type Args,
  CliError,
  COMMANDS,
  FILE_OPTIONS,
  filterFrom,
  intOption,
  listOption,
  objectivitySettings,
} from './args';

/** Commands whose figures are about one list (--list): an absent list would give an empty answer. */
const LIST_COMMANDS = ['cohorts', 'cohort-members', 'entry-cohorts', 'exits', 'share', 'report'];

export async function checkListPresent(db: Engine, args: Args): Promise<void> {
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
export async function checkYearAndArea(db: Engine, args: Args): Promise<void> {
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
export async function checkSlice(db: Engine, args: Args): Promise<void> {
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
export async function unknownSchools(db: Engine, args: Args): Promise<string[]> {
  if (!args.files.schools) return [];
  const others = (['lists', 'results', 'vpr_journal', 'score_dist'] as const).filter((t) => args.files[t]);
  const notes: string[] = [];
  for (const t of others) {
    const codes = (
      await db.query<{ school_id: string }>(
        `SELECT DISTINCT school_id FROM ${t} WHERE school_id NOT IN (SELECT school_id FROM schools) ORDER BY school_id`,
      )
    ).map((r) => r.school_id);
    if (!codes.length) continue;
    const at = await codeRows(db, t, args.files[t]!, codes);
    // In file order where the rows are known: the first ones to fix come first.
    if (at) codes.sort((a, b) => (at.rows[a] ?? Infinity) - (at.rows[b] ?? Infinity));
    const shown = codes
      .slice(0, 5)
      .map((c) => (at?.rows[c] ? `${c} — строка ${at.rows[c]}` : c))
      .join(', ');
    notes.push(
      `${basename(args.files[t]!)}: кодов ОО${at?.column ? ` (столбец «${at.column}»)` : ''}, которых нет в справочнике школ ${basename(args.files.schools)}, — ${codes.length}` +
        ` (${shown}${codes.length > 5 ? ', …' : ''}); они учтены без наименования и муниципалитета.` +
        ' Если код набран с ошибкой, исправьте его в файле.',
    );
  }
  return notes;
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
export function sqlOf(args: Args, entry: NonNullable<ReturnType<typeof namedSql>>): string {
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

/**
 * Only the objectivity signs (and the commands that include them) read these files, and `share`: its active
 * schools are those known from any table (school_dim), a journal's or a score distribution's too.
 */
const OBJECTIVITY_FILES = ['vpr_journal', 'score_dist', 'mark_scales'] as const;
const READ_OBJECTIVITY_FILES = ['objectivity', 'report', 'prepare', 'share'];

/**
 * The files the command does not read, each with its note: they are not loaded (a large score distribution
 * would cost seconds for nothing, and a problem in it would stop a command that does not need it).
 */
export function unreadFiles(args: Args): { table: TableName; note: string }[] {
  if (READ_OBJECTIVITY_FILES.includes(args.command)) return [];
  return OBJECTIVITY_FILES.filter((t) => args.files[t]).map((t) => ({
    table: t,
    note: `${Object.keys(FILE_OPTIONS).find((o) => FILE_OPTIONS[o] === t)} ${basename(args.files[t]!)}: команда ${args.command} этот файл не читает (он нужен признакам необъективности: objectivity, report, prepare; и доле школ в перечне, share), файл не загружен.`,
  }));
}

/** What the figures cannot know without a schools file, said on stderr. */
export function withoutSchools(args: Args): string[] {
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
export function validate(args: Args): void {
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
