import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT as root } from '../helpers/cli';
import { encodeCp1251 } from '../helpers/cp1251';
import { createNativeEngine } from '@/lib/db/node-native';

// Files as a regional office saves them from Excel: Windows-1251, ';', Russian headers, decimal commas.
// ШНОР: 2023: 01, 02, 03 (03 twice); 2024: 01, 04; 2025: 01. School 02 closed in 2024.
const LISTS =
  'Год;Код ОО;Наименование;Перечень\r\n2023;01;Школа № 1;ШНОР\r\n2023;02;Школа № 2;ШНОР\r\n2023;03;Школа № 3;ШНОР\r\n2023;03;Школа № 3;ШНОР\r\n2024;01;Школа № 1;ШНОР\r\n2024;04;Школа № 4;ШНОР\r\n2025;01;Школа № 1;ШНОР\r\n';
const SCHOOLS =
  'Код ОО;Наименование;Муниципалитет;Тип ОО;Местность;Год закрытия\r\n01;Школа № 1;Северный район;СОШ;село;\r\n02;Школа № 2;Северный район;ООШ;село;2024\r\n03;Школа № 3;г. Южный;СОШ;город;\r\n04;Школа № 4;г. Южный;СОШ;город;\r\n';
// ВПР математика, share of «2» in percent with decimal commas: school 01 10,0 → 20,0 → 5,0 (40 pupils).
const RESULTS =
  'Год;Процедура;Предмет;Класс;Код ОО;Количество участников;Доля 2;Доля 3;Доля 4;Доля 5\r\n2023;ВПР;Математика;5;01;40;10,0;40,0;30,0;20,0\r\n2024;ВПР;Математика;5;01;40;20,0;30,0;30,0;20,0\r\n2025;ВПР;Математика;5;01;40;5,0;45,0;30,0;20,0\r\n';

describe('CLI end to end on Windows-1251 files', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shnor-cli-'));
    writeFileSync(file('lists.csv'), encodeCp1251(LISTS));
    writeFileSync(file('schools.csv'), encodeCp1251(SCHOOLS));
    writeFileSync(file('results.csv'), encodeCp1251(RESULTS));
    writeFileSync(
      file('broken.csv'),
      encodeCp1251('Год;Код ОО;Перечень\r\n2024;01;ШНОР\r\n202x;02;ШНОР\r\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('cohorts --format json keeps the contract and reports dropped duplicates', async () => {
    const r = await cli(
      'cohorts',
      '--lists',
      file('lists.csv'),
      '--schools',
      file('schools.csv'),
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('lists.csv: повторяющихся строк 1, каждая учтена один раз');
    expect(JSON.parse(r.stdout)).toEqual([
      // 2023 is the list's first year in the file: whether its schools were listed before is not known.
      { list: 'ШНОР', year: 2023, streak: 1, schools: null, first_time: null, returned: null },
      // One year before: a return (on, off, on again) cannot show yet.
      { list: 'ШНОР', year: 2024, streak: 1, schools: 1, first_time: 1, returned: null },
      { list: 'ШНОР', year: 2024, streak: 2, schools: 1, first_time: 0, returned: 0 },
      { list: 'ШНОР', year: 2025, streak: 3, schools: 1, first_time: 0, returned: 0 },
    ]);
  });

  it('exits --format json: closed apart, null for the last year; --by streak', async () => {
    const r = await cli(
      'exits',
      '--lists',
      file('lists.csv'),
      '--schools',
      file('schools.csv'),
      '--format',
      'json',
    );
    expect(JSON.parse(r.stdout)).toEqual([
      // 2023 → 2024: 03 exits, 02 closed (2024), 01 stays: 1 / (3 − 1).
      {
        list: 'ШНОР',
        year: 2023,
        next_year: 2024,
        listed: 3,
        exited: 1,
        closed: 1,
        exit_rate: 0.5,
        sustained: 1,
        reentered: 0,
      },
      {
        list: 'ШНОР',
        year: 2024,
        next_year: 2025,
        listed: 2,
        exited: 1,
        closed: 0,
        exit_rate: 0.5,
        sustained: null,
        reentered: null,
      },
      {
        list: 'ШНОР',
        year: 2025,
        next_year: null,
        listed: 1,
        exited: null,
        closed: null,
        exit_rate: null,
        sustained: null,
        reentered: null,
      },
    ]);
    const byStreak = JSON.parse(
      (
        await cli(
          'exits',
          '--lists',
          file('lists.csv'),
          '--by',
          'streak',
          '--year',
          '2024',
          '--format',
          'json',
        )
      ).stdout,
    );
    expect(byStreak.map((x: { streak: number | string; exited: number }) => [x.streak, x.exited])).toEqual([
      [1, 1],
      [2, 0],
    ]);
    // 2023 is the list's first year in the file: its schools' years on the list are not known. Without the
    // schools file closures are not known either: 02 (closed in 2024) reads as exited, and stderr says so.
    const first = await cli(
      'exits',
      '--lists',
      file('lists.csv'),
      '--by',
      'streak',
      '--year',
      '2023',
      '--format',
      'json',
    );
    expect(
      JSON.parse(first.stdout).map(
        (x: { streak: number | null; listed: number; exited: number; closed: number | null }) => [
          x.streak,
          x.listed,
          x.exited,
          x.closed,
        ],
      ),
    ).toEqual([[null, 3, 2, null]]);
    expect(first.stderr.trim().split('\n').at(-1)).toBe(
      'Без --schools закрытия школ не известны: closed — null, а закрывшиеся школы учтены как вышедшие из перечня; укажите --schools FILE.',
    );
  });

  it('trends reads percentages with decimal commas as counts', async () => {
    const r = await cli(
      'trends',
      '--results',
      file('results.csv'),
      '--schools',
      file('schools.csv'),
      '--years',
      '2023-2025',
      '--format',
      'json',
    );
    const [row] = JSON.parse(r.stdout);
    // Lines 2–4 give «Доля 2»… in percent of the 40 participants: said, with the rows.
    expect(r.stderr).toContain(
      'results.csv: Отметки «2»–«5» в 3 строках (строки 2, 3, 4) даны в процентах или долях от участников: пересчитаны в число учащихся',
    );
    // share_2 0.10, 0.20, 0.05: slope ((−1)(−0.0167) + (1)(−0.0667)) / 2 = −0.025; rise +10 p.p. in 2024.
    expect(row.school_id).toBe('01');
    expect(row.slope).toBeCloseTo(-0.025, 12);
    expect(row.change).toBeCloseTo(-0.05, 12);
    expect(row.negative_dynamics).toBe(true);
  });

  it('names the codes of a file that the schools file lacks (exit 0: they are counted without a name)', async () => {
    // Line 1 the header; 99 first on line 3, 05 on line 5 (a blank line 4 counts, as the upload counts it).
    writeFileSync(
      file('lists-05.csv'),
      'Год;Код ОО;Перечень\r\n2024;01;ШНОР\r\n2024;99;ШНОР\r\n\r\n2024;05;ШНОР\r\n2025;99;ШНОР\r\n',
    );
    const r = await cli('cohorts', '--lists', file('lists-05.csv'), '--schools', file('schools.csv'));
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe(
      'lists-05.csv: кодов ОО (столбец «Код ОО»), которых нет в справочнике школ schools.csv, — 2 (99 — строка 3, 05 — строка 5);' +
        ' они учтены без наименования и муниципалитета. Если код набран с ошибкой, исправьте его в файле.',
    );
    expect(
      (await cli('cohorts', '--lists', file('lists.csv'), '--schools', file('schools.csv'))).stderr,
    ).not.toContain('справочнике');
  });

  it('does not load a file the command does not read, and says so', async () => {
    // A journal with a row the checks refuse: objectivity stops on it, cohorts does not read it.
    writeFileSync(
      file('journal-bad.csv'),
      'year;school_id;subject;grade;lowered;confirmed;raised\n2024;01;Математика;5;x;1;1\n',
    );
    const r = await cli('cohorts', '--lists', file('lists.csv'), '--journal', file('journal-bad.csv'));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      '--journal journal-bad.csv: команда cohorts этот файл не читает (он нужен признакам необъективности: objectivity, report, prepare; и доле школ в перечне, share), файл не загружен.',
    );
    const objectivity = await cli(
      'objectivity',
      '--results',
      file('results.csv'),
      '--journal',
      file('journal-bad.csv'),
    );
    expect(objectivity.code).toBe(1);
    expect(objectivity.stderr).toContain('journal-bad.csv');
    expect(objectivity.stderr).not.toContain('не читает');
    // share counts the schools any table knows as active, a journal's too: it reads the file.
    const share = await cli('share', '--lists', file('lists.csv'), '--journal', file('journal-bad.csv'));
    expect([share.code, share.stderr.includes('journal-bad.csv, строка 2')]).toEqual([1, true]);
  });

  it('names the right row of a large file read the complete way, whatever its rows are stored in', async () => {
    // 1,200,000 list rows (about 25 MB, read by DuckDB in parallel blocks); line 1,100,002 has a year that is no
    // number. Lists always go the complete way, which numbers rows by their order of insertion.
    const lines = ['year,school_id,list'];
    for (let i = 0; i < 1_200_000; i++) lines.push(`2024,s${String(i).padStart(7, '0')},ШНОР`);
    lines[1_100_001] = '202x,s1100000,ШНОР';
    writeFileSync(file('lists-big.csv'), `${lines.join('\n')}\n`);
    const r = await cli('share', '--lists', file('lists-big.csv'));
    expect([r.code, r.stderr.trim()]).toEqual([
      1,
      'Ошибка: файл lists-big.csv, строка 1100002, столбец «year», значение «202x»: не число',
    ]);
  });

  it('risk without --lists says that the lists are not known', async () => {
    const r = await cli('risk', '--results', file('results.csv'), '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Без --lists перечни не известны');
    const withLists = await cli('risk', '--results', file('results.csv'), '--lists', file('lists.csv'));
    expect(withLists.stderr).not.toContain('Без --lists');
  });

  it('writes CSV by default', async () => {
    const r = await cli('share', '--lists', file('lists.csv'), '--schools', file('schools.csv'));
    expect(r.stdout.trim().split('\n')).toEqual([
      'list,year,listed,active,share',
      'ШНОР,2023,3,4,0.75',
      'ШНОР,2024,2,3,0.6666666666666666',
      'ШНОР,2025,1,3,0.3333333333333333',
    ]);
  });

  it('fails in Russian with the file, row and column, and a non-zero exit code', async () => {
    const r = await cli('cohorts', '--lists', file('broken.csv'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(
      'Ошибка: файл broken.csv, строка 3, столбец «Год», значение «202x»: не число',
    );
    const bad = await cli('exits', '--lists', file('lists.csv'), '--by', 'weather');
    expect([bad.code, bad.stderr.trim()]).toEqual([
      1,
      'Ошибка: --by: ожидается streak, municipality или type, получено «weather»',
    ]);
  });

  it('says in Russian, exit 1, what would have been an empty answer or an English system error', async () => {
    const run = async (...a: string[]) => {
      const r = await cli(...a);
      // The last line: notes on the files (repeated rows of lists.csv) come before the error.
      return [r.code, r.stderr.trim().split('\n').at(-1), r.stdout];
    };
    // The lists file has 2023–2025.
    expect(await run('cohorts', '--lists', file('lists.csv'), '--year', '2030')).toEqual([
      1,
      'Ошибка: --year 2030: перечня «ШНОР» за этот год в данных нет; есть: 2023–2025',
      '',
    ]);
    expect(await run('trends', '--results', file('results.csv'), '--procedure', 'XYZ')).toEqual([
      1,
      'Ошибка: --procedure: ожидается ВПР, ОГЭ или ЕГЭ, получено «XYZ»',
      '',
    ]);
    expect(
      await run(
        'share',
        '--lists',
        file('lists.csv'),
        '--schools',
        file('schools.csv'),
        '--municipality',
        'Нет',
      ),
    ).toEqual([1, 'Ошибка: муниципалитета «Нет» нет в данных; есть: Северный район, г. Южный', '']);
    expect(await run('cohorts', '--lists', dir)).toEqual([1, `Ошибка: ${dir} — папка, а не файл`, '']);
    expect(await run('trends', '--results', file('results.csv'), '--year', '2024')).toEqual([
      1,
      'Ошибка: --year: trends берёт диапазон лет — укажите --years Y1-Y2',
      '',
    ]);
    // Number() reads «0x5» as 5; a threshold is a plain decimal, with a comma or a point.
    expect(await run('objectivity', '--results', file('results.csv'), '--z', '0x5')).toEqual([
      1,
      'Ошибка: --z: ожидается число от 2 до 10, получено «0x5»',
      '',
    ]);
    expect((await cli('objectivity', '--results', file('results.csv'), '--z', '4,5')).code).toBe(0);
    writeFileSync(file('garbage.parquet'), 'not parquet at all');
    const [code, err] = await run('cohorts', '--lists', file('garbage.parquet'));
    expect([code, err]).toEqual([
      1,
      expect.stringMatching(/^Ошибка: файл garbage\.parquet не читается как Parquet \(/),
    ]);
    writeFileSync(file('a-file'), '');
    expect(
      await run(
        'report',
        '--lists',
        file('lists.csv'),
        '--schools',
        file('schools.csv'),
        '--municipality',
        'Северный район',
        '--out',
        file('a-file'),
      ),
    ).toEqual([1, expect.stringContaining(`Ошибка: --out: ${file('a-file')} — файл, а не папка`), '']);
  });

  it('reads Excel books through the same mapping and validation', async () => {
    const fixtures = join(root, 'test/fixtures/uploads');
    // x12: two schools of «Тестовый район» in an .xls; x06: both on ШНОР 2025 in an .xlsx, codes with leading zeros.
    const r = await cli(
      'cohorts',
      '--lists',
      join(fixtures, 'x06-dates-and-leading-zero-codes.xlsx'),
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { list: 'ШНОР', year: 2025, streak: 1, schools: null, first_time: null, returned: null },
    ]);
    const schools = await cli(
      'share',
      '--lists',
      join(fixtures, 'x06-dates-and-leading-zero-codes.xlsx'),
      '--schools',
      join(fixtures, 'x12-legacy-xls-schools.xls'),
      '--format',
      'json',
    );
    // Four schools known (0012, 0013 from the book of schools; 0012345, 0000701 from the list), two listed.
    expect(JSON.parse(schools.stdout)).toEqual([
      { list: 'ШНОР', year: 2025, listed: 2, active: 4, share: 0.5 },
    ]);
    const locked = await cli('risk', '--results', join(fixtures, 'x11-password-protected.xlsx'));
    expect([locked.code, locked.stderr.trim()]).toEqual([
      1,
      'Ошибка: файл x11-password-protected.xlsx: книга защищена паролем: снимите защиту в Excel («Файл → Сведения → Защита книги») и сохраните файл заново',
    ]);
    const broken = await cli('trends', '--results', join(fixtures, 'x13-errors-named-by-sheet-row.xlsx'));
    expect(broken.stderr.trim()).toBe(
      'Ошибка: файл x13-errors-named-by-sheet-row.xlsx, строка 5, столбец «Участников», значение «сорок»: не число',
    );
  });

  it('gives no share from lists alone: only listed schools are known', async () => {
    const r = await cli('share', '--lists', file('lists.csv'), '--format', 'json');
    expect(
      JSON.parse(r.stdout).map((x: { active: number | null; share: number | null }) => [x.active, x.share]),
    ).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
  });
});

describe('CLI edges', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shnor-cli-edges-'));
    writeFileSync(
      file('lists.csv'),
      'Год;Код ОО;Перечень\n2024;01;необъективность\n2024;02;500+\n2025;01;необъективность\n',
    );
    // 3,000 schools, one trends row each: far more output than a pipe holds.
    const results = ['year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5'];
    for (let i = 0; i < 3000; i++)
      for (const y of [2024, 2025]) results.push(`${y},ВПР,Математика,5,S${i},20,5,5,5,5`);
    writeFileSync(file('results.csv'), `${results.join('\n')}\n`);
    // The same list as Parquet with a typed year, and one with a year that is not a number in row 2.
    const db = await createNativeEngine();
    await db.exec(
      `COPY (SELECT * FROM (VALUES (2024, '01', 'ШНОР'), (2024, '02', 'ШНОР'), (2025, '01', 'ШНОР')) t("Год", "Код ОО", "Перечень")) TO '${file('lists.parquet')}' (FORMAT parquet)`,
    );
    await db.exec(
      `COPY (SELECT * FROM (VALUES ('2024', '01', 'ШНОР'), ('202x', '02', 'ШНОР'), ('2025', '-3', 'ШНОР')) t("year", "school_id", "list")) TO '${file('bad.parquet')}' (FORMAT parquet)`,
    );
    await db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the lists a lists file has when the requested one is absent, exit 1', async () => {
    const r = await cli('cohorts', '--lists', file('lists.csv'), '--format', 'json');
    expect([r.code, r.stdout, r.stderr.trim()]).toEqual([
      1,
      '',
      'Ошибка: в файле lists.csv нет перечня «ШНОР»; в нём есть: «500+», «необъективность» (выберите --list)',
    ]);
    // A list named as the files name it («Необъективность») is the same list.
    const ok = await cli(
      'cohorts',
      '--lists',
      file('lists.csv'),
      '--list',
      'Необъективность',
      '--format',
      'json',
    );
    expect([ok.code, JSON.parse(ok.stdout)]).toEqual([
      0,
      [
        { list: 'необъективность', year: 2024, streak: 1, schools: null, first_time: null, returned: null },
        { list: 'необъективность', year: 2025, streak: 2, schools: 1, first_time: 0, returned: 0 },
      ],
    ]);
  });

  it('stops quietly when the reader of its output goes away (cli … | head)', async () => {
    const child = spawn(
      process.execPath,
      [join(root, 'scripts/run-cli.mjs'), 'trends', '--results', file('results.csv')],
      { cwd: root },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Read the first chunk, then close the pipe as `head` does.
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.stdout.destroy();
    const code = await new Promise((resolve) => child.on('close', resolve));
    // Quietly: no error (stderr holds only the note on the missing schools file).
    expect([code, stderr.startsWith('Без --schools'), /Ошибка|EPIPE/.test(stderr)]).toEqual([0, true, false]);
  });

  it('bundles itself again when a file in the bundle changed', async () => {
    // The launcher keeps a hash of the files the bundle holds; a wrong one stands for an edited source file.
    const inputs = join(root, 'node_modules/.cache/shnor-cli/inputs.json');
    await cli('--help');
    const { files, hash } = JSON.parse(readFileSync(inputs, 'utf8'));
    expect(files).toEqual(expect.arrayContaining(['lib/cli/run.ts', 'lib/csv/rows-sql.ts', 'package.json']));
    writeFileSync(inputs, JSON.stringify({ files, hash: 'stale' }));
    const r = await cli('--help');
    expect([r.code, r.stdout.includes('cohorts'), JSON.parse(readFileSync(inputs, 'utf8')).hash]).toEqual([
      0,
      true,
      hash,
    ]);
  });

  it('reads Parquet through the same checks as CSV', async () => {
    const r = await cli('cohorts', '--lists', file('lists.parquet'), '--format', 'json');
    expect([r.code, JSON.parse(r.stdout)]).toEqual([
      0,
      [
        { list: 'ШНОР', year: 2024, streak: 1, schools: null, first_time: null, returned: null },
        { list: 'ШНОР', year: 2025, streak: 2, schools: 1, first_time: 0, returned: 0 },
      ],
    ]);
    // Rows of a Parquet file are numbered from 1: it has no header row.
    const bad = await cli('cohorts', '--lists', file('bad.parquet'));
    expect([bad.code, bad.stdout, bad.stderr.trim()]).toEqual([
      1,
      '',
      'Ошибка: файл bad.parquet, строка 2, столбец «year», значение «202x»: не число',
    ]);
  });
});
