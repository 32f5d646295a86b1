// A prepared data file is checked before it becomes own data: a good file passes; a file without a manifest,
// with a manifest of an older schema, or with fewer rows than its manifest counted is refused in Russian.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/db/engine';
import { checkPreparedFile } from '@/lib/data/prepared-check';
import { ENGINES, csv } from '../helpers/engines';
import { preparedFiles, type PreparedFiles } from '../helpers/prepared-files';

const TABLES = {
  schools: csv(
    'school_id,name,municipality,type,location,closed_year,successor_id',
    'S1,Школа 1,М,СОШ,город,,',
  ),
  lists: csv('year,school_id,list,name,municipality,source', '2024,S1,ШНОР,,,'),
  results: csv(
    'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80',
    '2024,ВПР,Математика,4,S1,20,2,8,6,4,,,',
  ),
};

let dir: string;
let files: PreparedFiles;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shnor-prepared-'));
  files = await preparedFiles(dir, TABLES);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const [name, create] of ENGINES) {
  describe(`prepared file check [${name}]`, () => {
    let db: Engine;
    let n = 0;
    const check = async (bytes: Uint8Array) => {
      const alias = `f${++n}`;
      const file = await db.registerFile(`${alias}.duckdb`, bytes);
      await db.exec(`ATTACH '${file}' AS ${alias} (READ_ONLY)`);
      return checkPreparedFile(db, alias, 'регион.duckdb');
    };
    beforeAll(async () => {
      db = await create();
    });
    afterAll(async () => db?.close());

    it('accepts a file made by prepare', async () => {
      await expect(check(files.good)).resolves.toBeUndefined();
    });
    it('refuses a database without a manifest', async () => {
      await expect(check(files.foreign)).rejects.toThrow(
        /Файл «регион\.duckdb» не принят: в нём нет описания подготовленных данных/,
      );
    });
    it('refuses a manifest of an older schema version', async () => {
      await expect(check(files.oldSchema)).rejects.toThrow(
        /подготовлен для другой версии схемы данных \(0:old/,
      );
    });
    it('cannot attach a truncated file', async () => {
      await expect(check(files.truncated)).rejects.toThrow();
    });
  });
}
