// `cli report` end to end: one file per municipality and one for the region, the same text as the page.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT as root } from '../helpers/cli';
import mammoth from 'mammoth';
import { REPORT_REGION } from '../fixtures/report/region';
import { TWO_REGIONS } from '../fixtures/report/two-regions';

const golden = (name: string) => readFileSync(join(root, 'test/golden', name), 'utf8');

describe('cli report', () => {
  let dir: string;
  const files = () => [
    '--schools',
    join(dir, 'schools.csv'),
    '--lists',
    join(dir, 'lists.csv'),
    '--results',
    join(dir, 'results.csv'),
  ];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shnor-report-'));
    for (const [t, text] of Object.entries(REPORT_REGION)) writeFileSync(join(dir, `${t}.csv`), text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every municipality and the region as Markdown with the golden text', async () => {
    const out = join(dir, 'md');
    const r = await cli(
      'report',
      ...files(),
      '--all-municipalities',
      '--year',
      '2024',
      '--format',
      'md',
      '--out',
      out,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'spravka-region-2024.md',
      'spravka-Западный-район-2024.md',
      'spravka-Северный-район-2024.md',
      'spravka-Южный-район-2024.md',
    ]);
    // The page's text, with the CLI's own provenance, dates and the note on charts.
    const body = (s: string) => s.slice(s.indexOf('## 1.'));
    expect(body(readFileSync(join(out, 'spravka-Северный-район-2024.md'), 'utf8'))).toBe(
      body(golden('report-21-schools.md')),
    );
    expect(readFileSync(join(out, 'spravka-region-2024.md'), 'utf8')).toContain(
      '- Графики: в файлах командной строки не строятся',
    );
  });

  it("in data of two regions writes one region's reports and asks for a region without one", async () => {
    const two = join(dir, 'two');
    for (const [t, text] of Object.entries(TWO_REGIONS))
      writeFileSync(join(dir, `two-${t}.csv`), text as string);
    const input = ['schools', 'lists', 'results'].flatMap((t) => [`--${t}`, join(dir, `two-${t}.csv`)]);
    const none = await cli('report', ...input, '--format', 'md', '--out', two);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('в данных 2 региона: справка составляется по одному — укажите --region');
    const unknown = await cli('report', ...input, '--region', 'Р9', '--format', 'md', '--out', two);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('региона «Р9» нет в данных; есть: Р1, Р2');
    const r = await cli(
      'report',
      ...input,
      '--region',
      'Р1',
      '--all-municipalities',
      '--format',
      'md',
      '--out',
      two,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The region and its two municipalities; М3 is Р2's.
    expect(readdirSync(two).sort()).toEqual([
      'spravka-М1-2024.md',
      'spravka-М2-2024.md',
      'spravka-Р1-2024.md',
    ]);
    const region = readFileSync(join(two, 'spravka-Р1-2024.md'), 'utf8').replace(/\u00a0/g, ' ');
    expect(region).toContain('Территория: Р1');
    // a1 alone of Р1 is listed, of its 2 schools.
    expect(region).toContain('В 2024 году в перечне 1 ОО из 2 действующих ОО региона');
  });

  it('writes a DOCX for one municipality and an HTML page', async () => {
    const out = join(dir, 'docx');
    expect((await cli('report', ...files(), '--municipality', 'Южный район', '--out', out)).code).toBe(0);
    const { value } = await mammoth.convertToHtml({ path: join(out, 'spravka-Южный-район-2024.docx') });
    expect(value.replace(/\u00a0/g, ' ')).toContain(
      'при сохранении этого темпа целевое значение будет достигнуто примерно через 1 год — к 2025 году',
    );
    expect(
      (await cli('report', ...files(), '--municipality', 'Южный район', '--format', 'html', '--out', out))
        .code,
    ).toBe(0);
    expect(readFileSync(join(out, 'spravka-Южный-район-2024.html'), 'utf8')).toContain(
      '<h2>4. Результаты ОО перечня</h2>',
    );
    expect(
      (
        await cli(
          'report',
          ...files(),
          '--municipality',
          'Южный район',
          '--format',
          'md',
          '--procedure',
          'ОГЭ',
          '--out',
          out,
        )
      ).code,
    ).toBe(0);
    expect(readFileSync(join(out, 'spravka-Южный-район-2024.md'), 'utf8').replace(/\u00a0/g, ' ')).toContain(
      '- Результаты: ОГЭ по предметам «Русский язык» и «Математика»',
    );
  });

  it('says in Russian what is wrong', async () => {
    const bad = await cli('report', ...files(), '--municipality', 'Восточный район', '--out', join(dir, 'x'));
    expect([bad.code, bad.stderr]).toEqual([
      1,
      expect.stringContaining('муниципалитета «Восточный район» нет в данных'),
    ]);
    expect((await cli('report', ...files(), '--format', 'pdf', '--out', join(dir, 'x'))).stderr).toContain(
      'для report ожидается docx, md или html',
    );
    expect((await cli('report', ...files())).stderr).toContain('нужна папка --out DIR');
    expect((await cli('report', ...files(), '--procedure', 'ГИА', '--out', join(dir, 'x'))).stderr).toContain(
      '--procedure: для report ожидается ВПР, ОГЭ или ЕГЭ (можно несколько раз), получено «ГИА»',
    );
    // A year with neither the list nor results would be a report of nothing.
    const never = await cli('report', ...files(), '--year', '2030', '--out', join(dir, 'x'));
    expect([never.code, never.stderr.trim()]).toEqual([
      1,
      expect.stringMatching(
        /^Ошибка: --year 2030: ни перечня «ШНОР», ни результатов за этот год в данных нет; есть: /,
      ),
    ]);
    // Node's recursive mkdir never returned here: a folder that cannot be made is said, at once.
    const proc = await cli('report', ...files(), '--out', '/proc/shnor-reports/x');
    expect([proc.code, proc.stderr.trim()]).toEqual([
      1,
      'Ошибка: --out: не удалось создать папку /proc/shnor-reports: такого пути создать нельзя',
    ]);
    // Folders that do not exist yet are made, a level at a time.
    const nested = join(dir, 'a', 'b', 'c');
    expect((await cli('report', ...files(), '--year', '2024', '--format', 'md', '--out', nested)).code).toBe(
      0,
    );
    expect(readdirSync(nested)).toEqual(['spravka-region-2024.md']);
  });

  it('prepare: --out is a file in a folder that exists, checked before any file is read', async () => {
    const missing = await cli('prepare', ...files(), '--out', join(dir, 'no-such', 'region.duckdb'));
    expect([missing.code, missing.stderr.trim()]).toEqual([
      1,
      `Ошибка: --out: папки ${join(dir, 'no-such')} нет; создайте её или укажите другой путь`,
    ]);
    const folder = await cli('prepare', ...files(), '--out', dir);
    expect([folder.code, folder.stderr.trim()]).toEqual([
      1,
      `Ошибка: --out: ${dir} — папка; укажите файл, например ${dir}/region.duckdb`,
    ]);
  });
});
