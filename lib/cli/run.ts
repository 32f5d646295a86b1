// The command-line tool: the same metric modules as the browser, on native DuckDB, over CSV, Excel or Parquet files.
import { readFileSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Engine } from '../db/engine';
import { createNativeEngine } from '../db/node-native';
import { createTablesSql, tableDef, type TableName } from '../schema';
import { insertCanonicalRows } from '../db/load';
import { refreshDerived } from '../data/derived';
import { writePreparedFile } from '../data/prepare';
import { parseCsv, describeProblem } from '../csv/parse';
import { parseWorkbook, WorkbookError, WORKBOOK_EXTENSIONS } from '../xlsx/read';
import { mapHeaders } from '../csv/headers';
import { toCsv } from '../csv/write';
import type { Filter } from '../filters';
import { cohorts, exits, listShare, type ExitDimension } from '../metrics/lists';
import { INDICATOR_KEYS, trends, type IndicatorKey } from '../metrics/results';
import { objectivityFlags, objectivityMarkers, OBJECTIVITY_DEFAULTS, type ObjectivitySettings } from '../metrics/objectivity';
import { MIN_PAPER_PUPILS } from '../metrics/objectivity-tests';
import { riskGroup } from '../metrics/risk';
import { REPORT_FORMATS, ReportError, writeReports, type ReportFormat } from './report';

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
const VALUE_OPTIONS = ['--list', '--year', '--years', '--municipality', '--by', '--format', '--procedure', '--subject', '--grade', '--indicator', '--z', '--min-pupils', '--min-markers', '--out', '--target'];
const FLAG_OPTIONS = ['--markers', '--help', '--all-municipalities'];

const COMMANDS: Record<string, { needs: TableName[]; about: string }> = {
  cohorts: { needs: ['lists'], about: 'школы в перечне по числу лет подряд (впервые / вернулись)' },
  exits: { needs: ['lists'], about: 'выход из перечня по годам (--by streak|municipality|type)' },
  share: { needs: ['lists'], about: 'доля школ в перечне от действующих школ' },
  trends: { needs: ['results'], about: 'динамика показателя по школам (--procedure, --subject, --grade, --years 2021-2025, --indicator)' },
  objectivity: { needs: ['results'], about: 'признаки необъективности ВПР: строка на работу и признак (--markers: школы с признаками и число маркеров)' },
  risk: { needs: ['results'], about: 'группа риска за год (--year; по умолчанию последний)' },
  prepare: { needs: ['schools', 'lists', 'results'], about: 'файл .duckdb для дашборда (--out FILE): таблицы данных и все производные таблицы с манифестом' },
  report: { needs: ['lists'], about: 'справки (--municipality NAME | --all-municipalities, --year, --format docx|md|html, --out DIR, --target 15): файл на муниципалитет' },
};

export const USAGE = `Использование: npm run --silent cli -- <команда> [файлы] [параметры]

Команды:
${Object.entries(COMMANDS).map(([c, d]) => `  ${c.padEnd(12)} ${d.about}`).join('\n')}

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
  --all-municipalities справки по каждому муниципалитету и по региону (report)`;

class CliError extends Error {}

interface Args {
  command: string;
  files: Partial<Record<TableName, string>>;
  values: Record<string, string[]>;
  flags: Set<string>;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  const args: Args = { command: command ?? '', files: {}, values: {}, flags: new Set() };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (FLAG_OPTIONS.includes(name)) {
      args.flags.add(name);
      continue;
    }
    if (!(name in FILE_OPTIONS) && !VALUE_OPTIONS.includes(name)) throw new CliError(`неизвестный параметр «${a}»`);
    const value = inline ?? rest[++i];
    if (value === undefined || value.startsWith('--')) throw new CliError(`после ${name} нужно значение`);
    if (name in FILE_OPTIONS) args.files[FILE_OPTIONS[name]] = value;
    else (args.values[name] ??= []).push(value);
  }
  return args;
}

function intOption(args: Args, name: string, min: number, max: number): number | undefined {
  const v = args.values[name]?.at(-1);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new CliError(`${name}: ожидается целое число от ${min} до ${max}, получено «${v}»`);
  return Number(v);
}

function filterFrom(args: Args): Filter {
  const years = args.values['--years']?.at(-1);
  let range: [number, number] | undefined;
  if (years !== undefined) {
    const m = /^(\d{4})\s*[-–:]\s*(\d{4})$/.exec(years);
    if (!m || Number(m[1]) > Number(m[2])) throw new CliError(`--years: ожидается диапазон вида 2021-2025, получено «${years}»`);
    range = [Number(m[1]), Number(m[2])];
  }
  return {
    list: args.values['--list']?.at(-1) ?? 'ШНОР',
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
  const z = zText === undefined ? OBJECTIVITY_DEFAULTS.zMin : Number(zText.replace(',', '.'));
  if (!Number.isFinite(z) || z < 2 || z > 10) throw new CliError(`--z: ожидается число от 2 до 10, получено «${zText}»`);
  return {
    zMin: z,
    minPupils: intOption(args, '--min-pupils', MIN_PAPER_PUPILS, 1000) ?? OBJECTIVITY_DEFAULTS.minPupils,
    minMarkers: intOption(args, '--min-markers', 1, 30) ?? OBJECTIVITY_DEFAULTS.minMarkers,
  };
}

const round = (x: number | null, digits: number) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** Loads one file into its table; problems are errors (exit 1), dropped duplicates a note on stderr. */
async function loadFile(db: Engine, table: TableName, path: string, io: CliIo): Promise<void> {
  const name = basename(path);
  if (!existsSync(path)) throw new CliError(`файл ${path} не найден`);
  if (/\.parquet$/i.test(path)) {
    const file = path.replace(/'/g, "''");
    const cols = (await db.query<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`)).map((c) => c.column_name);
    const mapping = mapHeaders(table, cols);
    if (mapping.missing.length) throw new CliError(`файл ${name}: нет обязательных столбцов ${mapping.missing.map((m) => `«${m}»`).join(', ')}`);
    const def = tableDef(table);
    const select = def.columns.map((c) => {
      const i = mapping.columns.indexOf(c.name);
      return i >= 0 ? `TRY_CAST("${cols[i].replace(/"/g, '""')}" AS ${c.type}) AS "${c.name}"` : `NULL::${c.type} AS "${c.name}"`;
    });
    await db.exec(`INSERT INTO ${table} SELECT ${select.join(', ')} FROM read_parquet('${file}')`);
    return;
  }
  const bytes = new Uint8Array(readFileSync(path));
  let parsed;
  try {
    parsed = WORKBOOK_EXTENSIONS.test(name) ? parseWorkbook(bytes, name, { table }) : parseCsv(bytes, name, table);
  } catch (e) {
    if (e instanceof WorkbookError) throw new CliError(`файл ${name}: ${e.message}`);
    throw e;
  }
  if (parsed.problems.length) {
    const shown = parsed.problems.slice(0, 50).map((p) => describeProblem(name, p));
    const more = parsed.problems.length > 50 ? [`… и ещё ${parsed.problems.length - 50} ошибок`] : [];
    throw new CliError([...shown, ...more].join('\n'));
  }
  if (parsed.duplicatesDropped) io.err(`${name}: повторяющихся строк ${parsed.duplicatesDropped}, каждая учтена один раз`);
  await insertCanonicalRows(db, table, parsed.rows);
}

function render(rows: object[], format: string): string {
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  return rows.length ? toCsv(Object.keys(rows[0]), rows as Record<string, unknown>[]).replace(/\r\n/g, '\n') : '';
}

/** Option values checked before any file is read. */
function validate(args: Args): void {
  filterFrom(args);
  objectivitySettings(args);
  const by = args.values['--by']?.at(-1);
  if (by !== undefined && !['streak', 'municipality', 'type'].includes(by)) throw new CliError(`--by: ожидается streak, municipality или type, получено «${by}»`);
  const indicator = args.values['--indicator']?.at(-1);
  if (indicator !== undefined && !INDICATOR_KEYS.includes(indicator as IndicatorKey)) throw new CliError(`--indicator: ожидается одно из ${INDICATOR_KEYS.join(', ')}, получено «${indicator}»`);
  const format = args.values['--format']?.at(-1);
  if (args.command === 'report') {
    if (format !== undefined && !(REPORT_FORMATS as readonly string[]).includes(format)) throw new CliError(`--format: для report ожидается docx, md или html, получено «${format}»`);
    if (!args.values['--out']) throw new CliError('для команды report нужна папка --out DIR');
    if (args.flags.has('--all-municipalities') && args.values['--municipality']) throw new CliError('укажите либо --municipality, либо --all-municipalities');
    const t = args.values['--target']?.at(-1);
    if (t !== undefined && !(Number(t.replace(',', '.')) >= 0 && Number(t.replace(',', '.')) <= 100)) throw new CliError(`--target: ожидается доля в процентах от 0 до 100, получено «${t}»`);
  } else if (args.command === 'prepare') {
    if (!args.values['--out']) throw new CliError('для команды prepare нужен файл --out FILE.duckdb');
  } else if (format !== undefined && format !== 'csv' && format !== 'json') throw new CliError(`--format: ожидается csv или json, получено «${format}»`);
}

async function run(args: Args, db: Engine): Promise<object[]> {
  const f = filterFrom(args);
  switch (args.command) {
    case 'cohorts':
      return cohorts(db, f);
    case 'exits': {
      const by = args.values['--by']?.at(-1);
      const rows = await exits(db, f, by as ExitDimension | undefined);
      return rows.map(({ group, ...r }) => {
        if (!by) return r;
        const key = by === 'streak' ? 'streak' : by;
        return { ...r, [key]: by === 'streak' && group !== '4+' ? Number(group) : group };
      });
    }
    case 'share':
      return listShare(db, f);
    case 'trends':
      return trends(db, f, (args.values['--indicator']?.at(-1) ?? 'share_2') as IndicatorKey);
    case 'objectivity': {
      const s = objectivitySettings(args);
      if (args.flags.has('--markers')) {
        const rows = await objectivityMarkers(db, f, s);
        return rows.map(({ school_id, name, municipality, type, year, markers, flags, indicators }) => ({ school_id, name, municipality, type, year, markers, flags, indicators }));
      }
      const rows = await objectivityFlags(db, f, s);
      return rows.map((r) => ({
        school_id: r.school_id, name: r.name, municipality: r.municipality, year: r.year, paper: r.paper, subject: r.subject, grade: r.grade,
        indicator: r.indicator, measure: r.measure, pupils: r.pupils, observed: round(r.observed, 4), expected: round(r.expected, 4), z: round(r.z, 2), reason: r.reason,
      }));
    }
    case 'risk':
      return riskGroup(db, f);
  }
  throw new CliError(`неизвестная команда «${args.command}»`);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let db: Engine | null = null;
  try {
    const args = parseArgs(argv);
    if (args.flags.has('--help') || !args.command) {
      io.out(USAGE + '\n');
      return 0;
    }
    const spec = COMMANDS[args.command];
    if (!spec) throw new CliError(`неизвестная команда «${args.command}»\n\n${USAGE}`);
    validate(args);
    for (const t of spec.needs) {
      if (!args.files[t]) throw new CliError(`для команды ${args.command} нужен файл ${Object.entries(FILE_OPTIONS).find(([, v]) => v === t)![0]} FILE`);
    }
    db = await createNativeEngine();
    await db.exec(createTablesSql());
    for (const [table, path] of Object.entries(args.files) as [TableName, string][]) await loadFile(db, table, path, io);
    if (args.command === 'prepare') {
      const out = args.values['--out']!.at(-1)!;
      const manifest = await writePreparedFile(db, out);
      io.out(render(manifest.map(({ name, kind, rows }) => ({ table: name, kind, rows })), args.values['--format']?.at(-1) ?? 'csv'));
      return 0;
    }
    await refreshDerived(db, []);
    if (args.command === 'report') {
      const written = await writeReports(db, {
        list: args.values['--list']?.at(-1) ?? 'ШНОР',
        year: intOption(args, '--year', 2000, 2100),
        municipalities: args.values['--municipality'] ?? [],
        all: args.flags.has('--all-municipalities'),
        target: Number((args.values['--target']?.at(-1) ?? '15').replace(',', '.')) / 100,
        subjects: args.values['--subject'],
        format: (args.values['--format']?.at(-1) ?? 'docx') as ReportFormat,
        out: args.values['--out']!.at(-1)!,
        files: Object.values(args.files),
      });
      io.out(written.join('\n') + '\n');
      return 0;
    }
    io.out(render(await run(args, db), args.values['--format']?.at(-1) ?? 'csv'));
    return 0;
  } catch (e) {
    if (e instanceof CliError || e instanceof ReportError) {
      io.err(`Ошибка: ${e.message}`);
      return 1;
    }
    io.err(`Ошибка: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  } finally {
    await db?.close();
  }
}
