// The command line's words: commands, options, their parsing and the values they give (lib/cli/run.ts runs them).
import type { TableName } from '../schema';
import { DEFAULT_LIST, type Filter } from '../filters';
import { canon, LIST_ALIASES } from '../csv/rows';
import { OBJECTIVITY_DEFAULTS, type ObjectivitySettings } from '../metrics/objectivity';
import { MIN_PAPER_PUPILS } from '../metrics/objectivity-tests';

export const FILE_OPTIONS: Record<string, TableName> = {
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
  '--region',
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
export const COMMANDS: Record<string, { needs: TableName[]; about: string; options: string[] }> = {
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
      'справки (--municipality NAME | --all-municipalities, --year, --format docx|md|html, --out DIR, --target 15, --procedure ВПР --procedure ОГЭ, --subject; в данных нескольких регионов --region NAME): файл на муниципалитет',
    options: [
      '--list',
      '--year',
      '--region',
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

Файлы (CSV в UTF-8, Windows-1251 или UTF-16, разделитель ; , или табуляция; книги Excel .xlsx и .xls; или Parquet):
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

export class CliError extends Error {}

export interface Args {
  command: string;
  files: Partial<Record<TableName, string>>;
  values: Record<string, string[]>;
  flags: Set<string>;
  /** The metric's name after `sql`. */
  name?: string;
}

export function parseArgs(argv: string[]): Args {
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

export function intOption(args: Args, name: string, min: number, max: number): number | undefined {
  const v = args.values[name]?.at(-1);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new CliError(`${name}: ожидается целое число от ${min} до ${max}, получено «${v}»`);
  return Number(v);
}

/** --list by any name the files' list column takes («группа риска», «шнор»); the default list when absent. */
export function listOption(args: Args): string {
  const name = args.values['--list']?.at(-1);
  return name === undefined ? DEFAULT_LIST : (LIST_ALIASES[canon(name)] ?? name);
}

export function filterFrom(args: Args): Filter {
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

export function objectivitySettings(args: Args): ObjectivitySettings {
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
