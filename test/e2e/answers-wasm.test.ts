// The prepared answers the build wrote (native DuckDB) are exactly the rows DuckDB-wasm gives for the same
// statements: each page state run on the wasm engine over the same demo file records the same statements,
// and every stored row equals the engine's, value for value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/db/engine';
import { dataStamp, recordAnswers, type AnswersFile } from '@/lib/data/answers';
import { answerStates, type AnswerState } from '@/lib/answer-pages';
import { answersFileName } from '@/lib/data/answer-files';
import { codeStamp } from '@/lib/data/derived';
import { demoEngine } from '../helpers/demo';

const DIR = join(import.meta.dirname, '..', '..', 'public/data/answers');
const stored = (s: AnswerState): AnswersFile =>
  JSON.parse(readFileSync(join(DIR, answersFileName(s.path, s.search)!), 'utf8'));

describe('prepared answers against DuckDB-wasm', () => {
  let db: Engine;
  let states: AnswerState[];
  beforeAll(async () => {
    db = await demoEngine();
    states = await answerStates(db);
  });
  afterAll(async () => db?.close());

  it('are stamped with the demo file the engine attached', async () => {
    const stamp = await dataStamp(db);
    const index = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8'));
    expect(index.stamp).toBe(stamp);
    // Recorded by this code's derived tables: a tab of this build uses only such answers.
    expect(index.code).toBe(codeStamp());
    // Every state but the schools' cards is listed; those are a file per school, said by `schools`.
    const cards = states.filter((s) => s.path === '/school/');
    expect(cards.length).toBeGreaterThan(1000);
    expect(index.schools).toBe(true);
    expect(index.files.sort()).toEqual(
      states
        .filter((s) => !cards.includes(s))
        .map((s) => answersFileName(s.path, s.search))
        .sort(),
    );
    for (const s of states) expect(stored(s).stamp).toBe(stamp);
  });

  it('hold every statement of each state with the rows the wasm engine returns', async () => {
    // «Обзор», the region's report and every municipality's.
    expect(states.filter((s) => s.path === '/report/').length).toBeGreaterThan(10);
    // The schools' cards (1,500 files of the same statements) by a sample: every 100th school.
    const cards = states.filter((s) => s.path === '/school/');
    for (const s of states.filter((s) => s.path !== '/school/' || cards.indexOf(s) % 100 === 0)) {
      const wasm = await recordAnswers(db, s.run);
      const file = stored(s);
      expect(Object.keys(file.answers).sort(), `${s.path}?${s.search}`).toEqual(Object.keys(wasm).sort());
      for (const [key, rows] of Object.entries(wasm))
        expect(file.answers[key], `${s.path}?${s.search} ${key}`).toStrictEqual(rows);
    }
  }, 600_000);
});
