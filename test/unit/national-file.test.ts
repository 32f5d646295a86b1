// A prepared file opened by URL is checked before the views use it: its header (a foreign or truncated file)
// and its manifest (none, or one of another schema), each refused with a Russian message.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/db/node-native';
import { loadCanonicalCsv } from '@/lib/data/load';
import { writePreparedFile } from '@/lib/data/prepare';
import { MANIFEST, preparedFileProblem } from '@/lib/data/derived';
import { duckdbFileProblem, HEADER_BYTES } from '@/lib/data/duckdb-file';
import { sqlString } from '@/lib/sql';
import { ENGINES, csv } from '../helpers/engines';

let dir: string;
const files: Record<'prepared' | 'plain' | 'older', Uint8Array> = {} as never;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shnor-file-'));
  const db = await createNativeEngine();
  await loadCanonicalCsv(db, {
    schools: csv('school_id,name,municipality,region', 'S1,Школа 1,Район,Область'),
    lists: csv('year,school_id,list', '2024,S1,ШНОР'),
  });
  const path = (n: string) => join(dir, `${n}.duckdb`);
  await writePreparedFile(db, path('prepared'));
  await db.exec(
    `ATTACH ${sqlString(path('plain'))} AS p; CREATE TABLE p.schools (school_id VARCHAR); DETACH p`,
  );
  await writePreparedFile(db, path('older'));
  await db.exec(
    `ATTACH ${sqlString(path('older'))} AS o; UPDATE o.${MANIFEST} SET schema_version = '0:older'; DETACH o`,
  );
  await db.close();
  for (const n of ['prepared', 'plain', 'older'] as const) files[n] = new Uint8Array(readFileSync(path(n)));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a .duckdb file's header", () => {
  it('a whole file passes; a file cut short is said to be, with both sizes', () => {
    const f = files.prepared;
    expect(duckdbFileProblem(f.subarray(0, HEADER_BYTES), f.length)).toBeNull();
    // Cut at a block's end (the header still whole), as a broken download or copy leaves it.
    const cut = f.length - 262_144;
    const said = duckdbFileProblem(f.subarray(0, HEADER_BYTES), cut);
    expect(said).toContain('файл обрезан');
    expect(said?.replace(/\s/g, ' ')).toContain(`${cut.toLocaleString('ru-RU').replace(/\s/g, ' ')} байт из`);
    expect(duckdbFileProblem(f.subarray(0, 4000), 4000)).toContain('файл обрезан');
  });

  it("a file that is not DuckDB's is said to be foreign", () => {
    const html = new TextEncoder().encode(`<!DOCTYPE html><html>${' '.repeat(HEADER_BYTES)}</html>`);
    expect(duckdbFileProblem(html.subarray(0, HEADER_BYTES), html.length)).toBe(
      'это не файл базы данных DuckDB',
    );
    expect(duckdbFileProblem(new Uint8Array(0), 0)).toBe('это не файл базы данных DuckDB');
  });
});

for (const [name, create] of ENGINES) {
  describe(`the manifest of an attached file [${name}]`, () => {
    it('this schema: usable; none, or another schema: a Russian reason', async () => {
      const db = await create();
      try {
        for (const [n, bytes] of Object.entries(files)) {
          const file = await db.registerFile(`${n}-${name}.duckdb`, bytes);
          await db.exec(`ATTACH ${sqlString(file)} AS ${n} (READ_ONLY)`);
        }
        expect(await preparedFileProblem(db, 'prepared')).toBeNull();
        expect(await preparedFileProblem(db, 'plain')).toContain('нет описания подготовленных таблиц');
        expect(await preparedFileProblem(db, 'older')).toContain('другой версии схемы данных');
      } finally {
        await db.close();
      }
    });
  });
}
