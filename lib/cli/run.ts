// The command-line tool: the same metric modules as the browser, on native DuckDB, over CSV, Excel or Parquet files.
import { basename } from 'node:path';
import type { Engine } from '../db/engine';
import { createNativeEngine, type NativeEngine } from '../db/node-native';
import { createTablesSql, type TableName } from '../schema';
import { refreshDerived } from '../data/derived';
import { writePreparedFile } from '../data/prepare';
import { describeProblem, marksConvertedText } from '../csv/parse';
import { toCsv } from '../csv/write';
import {
  cohortMembers,
  cohorts,
  entryCohortMatrix,
  entryCohortMembers,
  exits,
  listShare,
  type ExitDimension,
} from '../metrics/lists';
import { levelChange, levelChangeGrid, trends, type IndicatorKey } from '../metrics/results';
import { NAMED_SQL, namedSql } from '../metrics/named-sql';
import { objectivityFlags, objectivityInputsByYear, objectivityMarkers } from '../metrics/objectivity';
import { missingInputsByYear } from '../objectivity-text';
import { riskGroup } from '../metrics/risk';
import { ReportError, writeReports, type ReportFormat } from './report';
import { loadCleanTableFile, loadTableFile, TableFileError, type TableFileVerdict } from './read-table';
import {
  type Args,
  CliError,
  COMMANDS,
  FILE_OPTIONS,
  filterFrom,
  intOption,
  listOption,
  objectivitySettings,
  parseArgs,
  USAGE,
} from './args';
import {
  checkListPresent,
  checkSlice,
  checkYearAndArea,
  sqlOf,
  unknownSchools,
  validate,
  unreadFiles,
  withoutSchools,
} from './checks';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const MAX_PROBLEMS = 50;

const round = (x: number | null, digits: number) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/** The CLI's way to give a table: «укажите --journal ФАЙЛ». */
const optionHint = (tables: string[]) =>
  `укажите ${tables.map((t) => `${Object.keys(FILE_OPTIONS).find((o) => FILE_OPTIONS[o] === t)} ФАЙЛ`).join(' и ')}`;

/** What the signs could not check, or inferred, once per message with its years: «2023, 2024: Пики не проверяются…». */
async function inputNotes(db: Engine, args: Args): Promise<string[]> {
  return missingInputsByYear(await objectivityInputsByYear(db, filterFrom(args)), optionHint);
}

/** A file's verdict said: problems are errors (exit 1), dropped duplicates and no rows a note on stderr. */
function sayVerdict(table: TableName, path: string, v: TableFileVerdict, io: CliIo): void {
  const name = basename(path);
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
  const converted = marksConvertedText(v.converted);
  if (converted) io.err(`${name}: ${converted}`);
}

/**
 * Every file at once, each on its own connection (DuckDB's reader, the checks and the JavaScript between them
 * keep both cores busy), said in the order given: notes, then the first file's error. Clean CSV files are read
 * typed first, with `unordered` without keeping insertion order (storing their rows takes half the CPU: every
 * statement a command prints from has its ORDER BY); the others then the complete way, which numbers rows by
 * their order of insertion and so needs it kept.
 */
async function loadFiles(
  db: NativeEngine,
  files: [TableName, string][],
  io: CliIo,
  unordered: boolean,
): Promise<void> {
  const onConnection = async <T>(work: (conn: Engine) => Promise<T>): Promise<T> => {
    const conn = await db.connect();
    try {
      return await work(conn);
    } finally {
      await conn.close();
    }
  };
  if (unordered) await db.exec('SET preserve_insertion_order = false');
  // An error here is met again, in its place, the complete way.
  const clean = await Promise.all(
    files.map(([table, path]) =>
      onConnection((conn) => loadCleanTableFile(conn, table, path, { maxProblems: MAX_PROBLEMS })).catch(
        () => null,
      ),
    ),
  );
  if (unordered) await db.exec('SET preserve_insertion_order = true');
  const loads = await Promise.allSettled(
    files.map(async ([table, path], i) => {
      const v =
        clean[i] ??
        (await onConnection((conn) => loadTableFile(conn, table, path, { maxProblems: MAX_PROBLEMS })));
      const notes: string[] = [];
      sayVerdict(table, path, v, { out: io.out, err: (text) => notes.push(text) });
      return notes;
    }),
  );
  for (const l of loads) {
    if (l.status === 'rejected') throw l.reason;
    for (const note of l.value) io.err(note);
  }
}

function render(rows: object[], format: string): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  return rows.length
    ? toCsv(Object.keys(rows[0]), rows as Record<string, unknown>[]).replace(/\r\n/g, '\n')
    : '';
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
      // closures_known is said on stderr (withoutSchools), as the contract's columns stay.
      return (await listShare(db, f)).map(({ closures_known: _, ...r }) => r);
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
    const native = await createNativeEngine();
    db = native;
    await db.exec(createTablesSql());
    for (const { table, note } of unreadFiles(args)) {
      io.err(note);
      delete args.files[table];
    }
    // A prepared file keeps the files' row order.
    await loadFiles(
      native,
      Object.entries(args.files) as [TableName, string][],
      io,
      args.command !== 'prepare',
    );
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
        region: args.values['--region']?.at(-1),
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
