// Build step (after build-data.ts): the statements of each answered page state (lib/answer-pages.ts) run by
// native DuckDB over public/data/demo.duckdb, into public/data/answers/, one file per state, stamped with
// the file's manifest; the stamp, the code's (its derived tables' definitions) and the files' names (but the
// schools' cards, a file per school: `schools` says they were made) into index.json, which next.config.js gives
// the bundle.
// `--national FILE` (run by build-national.ts): the country in FILE as a tab opened with `?data=national` asks
// for it (nationalAnswerStates: each view from the menu, and each year), into national-answers/ beside FILE.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { createNativeEngine } from '../lib/db/node-native';
import { attachDemo, DEMO_ALIAS, pointViewsAt } from '../lib/data/load';
import { dataStamp, recordAnswers, type AnswersFile } from '../lib/data/answers';
import { answerStates, nationalAnswerStates } from '../lib/answer-pages';
import { answersFileName, isSchoolFile } from '../lib/data/answer-files';
import { codeStamp } from '../lib/data/derived';

const root = resolve(import.meta.dirname, '..');
const at = process.argv.indexOf('--national');
const national = at >= 0 ? resolve(root, process.argv[at + 1]) : null;
const file = national ?? join(root, 'public/data/demo.duckdb');
const alias = national ? 'national' : DEMO_ALIAS;
const dir = national ? join(dirname(national), 'national-answers') : join(root, 'public/data/answers');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const t0 = performance.now();
const db = await createNativeEngine();
// One thread, as DuckDB-wasm runs: sums of doubles in the same order, to the last digit.
await db.exec('SET threads = 1');
await attachDemo(db, new Uint8Array(readFileSync(file)), alias);
await pointViewsAt(db, 'demo', { demoAlias: alias });
const stamp = await dataStamp(db, alias);
const states = national ? await nationalAnswerStates(db) : await answerStates(db);
const names: string[] = [];
const sizes = new Map<string, { files: number; raw: number[]; br: number[] }>();
for (const s of states) {
  const file: AnswersFile = { stamp, answers: await recordAnswers(db, s.run) };
  const text = JSON.stringify(file);
  const name = answersFileName(s.path, s.search)!;
  writeFileSync(join(dir, name), text);
  names.push(name);
  const size = sizes.get(s.path) ?? { files: 0, raw: [], br: [] };
  size.files++;
  size.raw.push(Buffer.byteLength(text));
  // As scripts/precompress.mjs serves it.
  size.br.push(brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }).length);
  sizes.set(s.path, size);
}
// A file per school is not listed (the bundle carries the list): `schools` says they were made.
const schools = names.some(isSchoolFile);
writeFileSync(
  join(dir, 'index.json'),
  JSON.stringify({ stamp, code: codeStamp(), files: names.filter((n) => !isSchoolFile(n)), schools }),
);
await db.close();
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const range = (a: number[]) => (a.length > 1 ? `${kb(Math.min(...a))}–${kb(Math.max(...a))}` : kb(a[0]));
console.log(
  `prepared answers${national ? ' of the country' : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${[
    ...sizes,
  ]
    .map(([p, s]) => `${p} ${s.files} file(s) ${range(s.raw)} (brotli ${range(s.br)})`)
    .join('; ')}`,
);
