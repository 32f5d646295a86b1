// The CLI's commands for the metrics that views used to compute themselves, and `sql NAME`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';

// ШНОР: 2023: 01, 02, 03; 2024: 01, 04; 2025: 01. School 02 closed in 2024.
const LISTS =
  'year,school_id,list\n2023,01,ШНОР\n2023,02,ШНОР\n2023,03,ШНОР\n2024,01,ШНОР\n2024,04,ШНОР\n2025,01,ШНОР\n';
const SCHOOLS =
  'school_id,name,municipality,type,location,closed_year\n01,Школа № 1,Северный район,СОШ,село,\n02,Школа № 2,Северный район,ООШ,село,2024\n03,Школа № 3,г. Южный,СОШ,город,\n04,Школа № 4,г. Южный,СОШ,город,\n';
// ВПР математика 5 класс. 01: «2» 4/40 → 8/40 → 2/40; 03: 6/20 → 4/20; 04: 3/30 in 2025 only.
const RESULTS = `${[
  'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5',
  '2023,ВПР,Математика,5,01,40,4,16,12,8',
  '2024,ВПР,Математика,5,01,40,8,12,12,8',
  '2025,ВПР,Математика,5,01,40,2,18,12,8',
  '2023,ВПР,Математика,5,03,20,6,8,4,2',
  '2024,ВПР,Математика,5,03,20,4,8,4,4',
  '2025,ВПР,Математика,5,04,30,3,12,9,6',
].join('\n')}\n`;

describe('CLI: metrics moved out of the views, and their SQL', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  /** Exit code, stdout and stderr of a run expected to fail. */
  const err = async (...argv: string[]) => {
    const r = await cli(...argv);
    return [r.code, r.stdout, r.stderr.trim()];
  };
  const json = async (...args: string[]) => {
    const r = await cli(...args, '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shnor-cli-metrics-'));
    writeFileSync(file('lists.csv'), LISTS);
    writeFileSync(file('schools.csv'), SCHOOLS);
    writeFileSync(file('results.csv'), RESULTS);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('objectivity says once on stderr, with the years, which signs the files cannot check; a file of headers only is an empty table', async () => {
    writeFileSync(file('score_dist.csv'), 'year,procedure,subject,grade,school_id,score,count\n');
    const r = await cli(
      'objectivity',
      '--markers',
      '--results',
      file('results.csv'),
      '--schools',
      file('schools.csv'),
      '--score-dist',
      file('score_dist.csv'),
    );
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(r.stderr.trim().split('\n')).toEqual([
      'score_dist.csv: в файле только заголовок, нет строк данных — таблица score_dist пуста',
      '2023, 2024, 2025: Сравнение с журналом не проверяется: нет данных vpr_journal (отметки ВПР против журнальных) — укажите --journal ФАЙЛ.',
      '2023, 2024, 2025: Пики не проверяются: нет распределения баллов (score_dist и mark_scales) — укажите --score-dist ФАЙЛ и --mark-scales ФАЙЛ.',
      // The results begin in 2023: its papers have no year before to change from.
      '2023: Резкий рост не проверяется: нет результатов ВПР за предыдущий год, с которыми сравниваются работы — укажите --results ФАЙЛ.',
    ]);
    const one = await cli('objectivity', '--results', file('results.csv'), '--year', '2024');
    expect(
      one.stderr
        .trim()
        .split('\n')
        .map((l) => l.slice(0, 6)),
    ).toEqual(['2024: ', '2024: ', 'Без --']);
    // Without a schools file the names are placeholders, said once.
    expect(one.stderr.trim().split('\n')[2]).toBe(
      'Без --schools наименования и муниципалитеты школ известны только из перечня (если он дан и в нём они есть): у остальных name — «ОО <код>», municipality — «не указан»; укажите --schools FILE.',
    );
  });

  it('exits --shares adds sustained exit and re-entry as shares of the exited', async () => {
    const rows = await json(
      'exits',
      '--lists',
      file('lists.csv'),
      '--schools',
      file('schools.csv'),
      '--shares',
    );
    // 2023 → 2024: 03 exits (02 closed); 03 is still off in 2025: sustained 1 / 1, re-entered 0 / 1.
    // 2024 → 2025: nothing published after 2025: not yet observed.
    expect(
      rows.map((r: Record<string, unknown>) => [r.year, r.exited, r.sustained_share, r.reentered_share]),
    ).toEqual([
      [2023, 1, 1, 0],
      [2024, 1, null, null],
      [2025, null, null, null],
    ]);
  });

  it("cohort-members names each listed school's class", async () => {
    const rows = await json(
      'cohort-members',
      '--lists',
      file('lists.csv'),
      '--schools',
      file('schools.csv'),
      '--year',
      '2024',
    );
    // 2024: 01 in its second year, 04 for the first time.
    expect(rows).toEqual([
      {
        list: 'ШНОР',
        year: 2024,
        school_id: '01',
        name: 'Школа № 1',
        municipality: 'Северный район',
        streak: 2,
        total: 2,
        cohort_class: 'streak2',
        class_known: true,
      },
      {
        list: 'ШНОР',
        year: 2024,
        school_id: '04',
        name: 'Школа № 4',
        municipality: 'г. Южный',
        streak: 1,
        total: 1,
        cohort_class: 'first_time',
        class_known: true,
      },
    ]);
  });

  it('entry-cohorts counts the schools still listed; --members names them', async () => {
    const cells = await json('entry-cohorts', '--lists', file('lists.csv'));
    // Cohort 2023: 01, 02, 03 enter; only 01 stays through 2025. Cohort 2024: 04, gone in 2025.
    expect(cells.map((c: Record<string, unknown>) => [c.cohort, c.year, c.entered, c.still_listed])).toEqual([
      [2023, 2023, 3, 3],
      [2023, 2024, 3, 1],
      [2023, 2025, 3, 1],
      [2024, 2024, 1, 1],
      [2024, 2025, 1, 0],
    ]);
    const members = await json(
      'entry-cohorts',
      '--lists',
      file('lists.csv'),
      '--schools',
      file('schools.csv'),
      '--members',
    );
    expect(
      members
        .filter((m: { year: number }) => m.year === 2024)
        .map((m: { cohort: number; school_id: string }) => [m.cohort, m.school_id]),
    ).toEqual([
      [2023, '01'],
      [2024, '04'],
    ]);
  });

  it('level-change counts the 5 × 5 grid; --members lists the placed schools', async () => {
    const args = [
      'level-change',
      '--results',
      file('results.csv'),
      '--schools',
      file('schools.csv'),
      '--years',
      '2023-2025',
    ];
    const cells = await json(...args);
    // Placed: 01 (3 years, last 2/40 = 0.05, change −0.05) and 03 (2 years, last 4/20 = 0.2, change −0.1); 04 has
    // one year. Lower share_2 is better: on level 01 is the best (quintile 5), 03 the worst (1); on change 03
    // improved more (5) than 01 (1).
    expect(cells).toHaveLength(25);
    expect(cells.filter((c: { schools: number }) => c.schools > 0)).toEqual([
      { level: 1, change_level: 5, schools: 1 },
      { level: 5, change_level: 1, schools: 1 },
    ]);
    const members = await json(...args, '--members');
    expect(members.map((m: Record<string, unknown>) => [m.school_id, m.level, m.change_level])).toEqual([
      ['01', 5, 1],
      ['03', 1, 5],
    ]);
  });

  it('sql lists the metric names; sql NAME prints the SQL with the options written in', async () => {
    const list = await cli('sql');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Показатели');
    expect(list.stdout).toMatch(/^ {2}share_2 +доля «2»/m);
    expect(list.stdout).toMatch(/^ {2}exit_rate +выход из перечня/m);
    const share2 = await cli('sql', 'share_2', '--procedure', 'ОГЭ');
    expect(share2.code).toBe(0);
    expect(share2.stdout).toContain("r.procedure = 'ОГЭ'");
    expect(share2.stdout).toContain('r.m2 / nullif(r.p_marks, 0) AS share_2');
    expect(share2.stdout).not.toMatch(/\$\d/);
    const unknown = await cli('sql', 'share_3');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('нет показателя «share_3»');
  });

  it('refuses a subject, grade, years, list or indicator the data does not have, instead of an empty answer', async () => {
    // The results: ВПР Математика, grade 5, 2023–2025 (RESULTS above).
    expect(await err('trends', '--results', file('results.csv'), '--subject', 'Физика')).toEqual([
      1,
      '',
      'Ошибка: --subject «Физика»: в результатах ВПР такого предмета нет; есть: Математика',
    ]);
    expect(await err('trends', '--results', file('results.csv'), '--grade', '4')).toEqual([
      1,
      '',
      'Ошибка: --grade 4: в результатах ВПР такого класса нет; есть: 5',
    ]);
    expect(await err('trends', '--results', file('results.csv'), '--years', '2030-2035')).toEqual([
      1,
      '',
      'Ошибка: --years 2030-2035: результатов ВПР за эти годы в данных нет; есть: 2023–2025',
    ]);
    expect(await err('level-change', '--results', file('results.csv'), '--years', '2025-2026')).toEqual([
      1,
      '',
      'Ошибка: --years 2025-2026: для изменения нужны два года с результатами, в диапазоне есть только 2025',
    ]);
    expect(await err('trends', '--results', file('results.csv'), '--indicator', 'share_high')).toEqual([
      1,
      '',
      'Ошибка: --indicator share_high: для ВПР не считается; для ВПР есть: share_2, quality, success, mean_mark, mean_score',
    ]);
    expect(await err('entry-cohorts', '--lists', file('lists.csv'), '--list', '500+')).toEqual([
      1,
      '',
      'Ошибка: в файле lists.csv нет перечня «500+»; в нём есть: «ШНОР» (выберите --list)',
    ]);
    const within = await cli('trends', '--results', file('results.csv'), '--years', '2024-2030');
    expect(within.code).toBe(0);
  });

  it('refuses an option the command or the metric does not read, instead of ignoring it', async () => {
    // share_2 reads a range of years: a --year would print the same SQL as without it.
    expect(await err('sql', 'share_2', '--year', '2024')).toEqual([
      1,
      '',
      'Ошибка: параметр --year не меняет SQL показателя share_2: он его не читает',
    ]);
    expect(await err('sql', 'exit_rate', '--procedure', 'ОГЭ')).toEqual([
      1,
      '',
      'Ошибка: параметр --procedure не меняет SQL показателя exit_rate: он его не читает',
    ]);
    const exitRate = await cli('sql', 'exit_rate', '--year', '2024');
    expect([exitRate.code, exitRate.stdout]).toEqual([0, expect.stringContaining('year = 2024')]);
    expect(await err('cohorts', '--lists', file('lists.csv'), '--years', '2023-2024')).toEqual([
      1,
      '',
      'Ошибка: параметр --years не действует для команды cohorts; её параметры: --list, --year, --municipality, --format',
    ]);
    expect(await err('entry-cohorts', '--lists', file('lists.csv'), '--year', '2024')).toEqual([
      1,
      '',
      'Ошибка: параметр --year не действует для команды entry-cohorts; её параметры: --list, --municipality, --members, --format',
    ]);
    expect(await err('objectivity', '--results', file('results.csv'), '--min-markers', '2')).toEqual([
      1,
      '',
      'Ошибка: --min-markers действует только с --markers (без него — строка на каждую работу и признак, по всем школам)',
    ]);
    expect(await err('objectivity', '--results', file('results.csv'), '--procedure', 'ОГЭ')).toEqual([
      1,
      '',
      'Ошибка: --procedure: признаки необъективности считаются только по ВПР',
    ]);
    expect(await err('risk', '--results', file('results.csv'), '--shares')).toEqual([
      1,
      '',
      'Ошибка: параметр --shares не действует для команды risk; её параметры: --year, --municipality, --format',
    ]);
    // A repeated option kept its last value without a word; a file given twice likewise.
    expect(await err('cohorts', '--lists', file('lists.csv'), '--year', '2023', '--year', '2024')).toEqual([
      1,
      '',
      'Ошибка: --year указан 2 раза («2023», «2024»); оставьте одно значение',
    ]);
    expect(await err('cohorts', '--lists', file('lists.csv'), '--lists', file('lists.csv'))).toEqual([
      1,
      '',
      'Ошибка: --lists указан дважды; оставьте один файл',
    ]);
    const vpr = await cli(
      'objectivity',
      '--results',
      file('results.csv'),
      '--procedure',
      'ВПР',
      '--markers',
      '--min-markers',
      '2',
    );
    expect(vpr.code).toBe(0);
  });
});
