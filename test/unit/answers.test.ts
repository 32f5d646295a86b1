// Prepared answers: a statement recorded on one engine is answered from the record without the engine, on
// both builds; any other statement goes to the engine, after the derived tables its caller asked for; a
// file made from other data has another stamp and answers nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/db/engine';
import { createNativeEngine } from '@/lib/db/node-native';
import { attachDemo, loadCanonicalCsv, pointViewsAt } from '@/lib/data/load';
import { writePreparedFile } from '@/lib/data/prepare';
import { answeringEngine, dataStamp, recordAnswers, usableAnswers } from '@/lib/data/answers';
import { statementKey } from '@/lib/data/answer-files';
import { overviewSeries } from '@/lib/overview';
import { areaIndicators } from '@/lib/metrics/results';
import { ENGINES, csv } from '../helpers/engines';

const SCHOOLS = csv(
  'school_id,name,municipality,region',
  'S1,Школа 1,Район,Область',
  'S2,Школа 2,Район,Область',
);
// 2023: both listed; 2024: S1 only (in B, both again).
const LISTS = ['year,school_id,list', '2023,S1,ШНОР', '2023,S2,ШНОР', '2024,S1,ШНОР'];
const page = (db: Engine) =>
  Promise.all([overviewSeries(db, {}), areaIndicators(db, { procedure: 'ВПР', year: 2024 })]);

let dir: string;
const files: Record<'a' | 'b', Uint8Array> = {} as never;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shnor-answers-'));
  for (const [name, lists] of [
    ['a', LISTS],
    ['b', [...LISTS, '2024,S2,ШНОР']],
  ] as const) {
    const db = await createNativeEngine();
    await loadCanonicalCsv(db, { schools: SCHOOLS, lists: csv(...lists) });
    await writePreparedFile(db, join(dir, `${name}.duckdb`));
    await db.close();
    files[name] = new Uint8Array(readFileSync(join(dir, `${name}.duckdb`)));
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function opened(create: () => Promise<Engine>, file: Uint8Array): Promise<Engine> {
  const db = await create();
  await attachDemo(db, file);
  await pointViewsAt(db, 'demo');
  return db;
}

/** The engine behind an answering wrapper, counting how often it was asked for. */
const counted = (db: Engine) => {
  const calls = { n: 0 };
  const real = async () => {
    calls.n++;
    return db;
  };
  return { calls, real };
};

describe('statement keys', () => {
  it('tell apart the text and each parameter', () => {
    const k = statementKey('SELECT $1', [2024]);
    expect(statementKey('SELECT $1', [2024])).toBe(k);
    expect(statementKey('SELECT $1', ['2024'])).not.toBe(k);
    expect(statementKey('SELECT $1 ', [2024])).not.toBe(k);
    expect(statementKey('SELECT $1', [2023])).not.toBe(k);
  });
});

for (const [name, create] of ENGINES) {
  describe(`prepared answers [${name}]`, () => {
    let recorded: Record<string, object[]>;
    let stampA: string;
    let resultKeys: string[];
    beforeAll(async () => {
      // Recorded natively, as the build does.
      const native = await opened(() => createNativeEngine(), files.a);
      recorded = await recordAnswers(native, page);
      stampA = await dataStamp(native);
      resultKeys = Object.keys(
        await recordAnswers(native, (db) => areaIndicators(db, { procedure: 'ВПР', year: 2024 })),
      );
      await native.close();
    });

    it('answers the recorded statements without the engine, with its rows', async () => {
      const db = await opened(create, files.a);
      const { calls, real } = counted(db);
      const answers = usableAnswers({ stamp: stampA, answers: recorded }, await dataStamp(db))!;
      const [series] = await page(answeringEngine(real, (k) => answers.get(k)));
      expect(calls.n).toBe(0);
      // By hand: 2024 lists S1 of the two schools (50 %); of 2023's two, S2 left (exit rate 50 %).
      expect(series.shares.find((r) => r.year === 2024)?.share).toBe(0.5);
      expect(series.exitRows.find((r) => r.year === 2023)?.exit_rate).toBe(0.5);
      expect(await page(answeringEngine(real, (k) => answers.get(k)))).toStrictEqual(await page(db));
      await db.close();
    });

    it('sends any other statement to the engine, with the derived tables its caller asked for made first', async () => {
      const db = await opened(create, files.a);
      const { calls, real } = counted(db);
      // area_totals is lazy (not made yet on this engine), and no statement of areaIndicators is answered.
      const some = { ...recorded };
      for (const k of resultKeys) delete some[k];
      expect(Object.keys(some).length).toBeGreaterThan(0);
      const wrapped = answeringEngine(real, (k) => some[k]);
      expect(await page(wrapped)).toStrictEqual(await page(db));
      expect(calls.n).toBeGreaterThan(0);
      await db.close();
    });

    it('uses nothing made from other data: another file, another stamp', async () => {
      const db = await opened(create, files.b);
      const stampB = await dataStamp(db);
      expect(stampB).not.toBe(stampA);
      expect(usableAnswers({ stamp: stampA, answers: recorded }, stampB)).toBeNull();
      const { calls, real } = counted(db);
      const [series] = await page(answeringEngine(real, () => undefined));
      expect(calls.n).toBeGreaterThan(0);
      // By hand: both schools listed in 2024.
      expect(series.shares.find((r) => r.year === 2024)?.share).toBe(1);
      await db.close();
    });
  });
}
