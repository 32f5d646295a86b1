// The engine a view's query runs on in the tab: while the tab shows the demo exactly as this build prepared
// it (or the country, with the answers made beside its file by the same code), statements of the page's
// prepared answers (lib/data/answers.ts) are answered at once, before DuckDB-wasm is up; so are own data's,
// recorded in an earlier visit from exactly the stored imports (lib/data/browser.ts). Every other statement,
// and every statement once the data changed, waits for the engine.
import type { Engine } from '../db/engine';
import { BASE_PATH_PREFIX } from '../base-path';
import { dataVersion } from '../db/data-version';
import { listImports, readOwnAnswers, storedSource } from '../upload/store';
import { answersFileName, isSchoolFile } from './answer-files';
import { answeringEngine, dataStamp, usableAnswers, type AnswersFile } from './answers';
import { codeStamp } from './derived';

interface Prepared {
  stamp: string;
  /** The derived tables' definitions of the code that recorded them (`codeStamp`). */
  code?: string;
  files: string[];
  /** Whether every school's card has its file (not listed in `files`: a file per school). */
  schools?: boolean;
}
const hasFile = (prepared: Prepared, name: string) =>
  prepared.files.includes(name) || (prepared.schools === true && isSchoolFile(name));
/** The stamp of the demo this build prepared and its answers files (next.config.js, from public/data/answers/index.json). */
export const BUILD: Prepared = JSON.parse(process.env.NEXT_PUBLIC_DEMO_ANSWERS || '{"stamp":"","files":[]}');
let nationalIndex: Promise<Prepared | null> | null = null;
/** The same of the country's file, made beside it by `npm run data:national` (read when a country's tab first asks). */
const nationalPrepared = () =>
  (nationalIndex ??= fetch(`${BASE_PATH_PREFIX}/data/national-answers/index.json`)
    .then((r) => (r.ok ? (r.json() as Promise<Prepared>) : null))
    .catch(() => null));
/**
 * Own data's answers are recorded by one build and used only by it: the demo's stamp covers the derived tables'
 * definitions, the build id the rest of the code (the canonical views, the replay of stored rows, DuckDB).
 */
export const OWN_ANSWERS_STAMP = BUILD.stamp && `${BUILD.stamp}:${process.env.NEXT_PUBLIC_BUILD_ID ?? ''}`;
/** The tab opened the country (its engine shows it whatever the later links say). */
const OPENED_NATIONAL = new URLSearchParams(location.search).get('data') === 'national';

let browser: typeof import('./browser') | null = null;
const realEngine = (): Promise<Engine> =>
  import('./browser').then((m) => {
    browser = m;
    return m.getBrowserEngine();
  });

/**
 * A country's tab whose engine could not open the country's file and shows the demo: its answers are off,
 * whichever page asks first (known as soon as the file failed; lib/data/browser.ts bumped the data version then).
 */
function fellBack(): boolean {
  if (!OPENED_NATIONAL || browser?.attachedData() !== 'demo') return false;
  off = true;
  return true;
}

let code: string | null = null;
/** Answers recorded by code that builds the derived tables as this code does (the country's file is made apart). */
function sameCode(prepared: Prepared): boolean {
  code ??= codeStamp();
  return prepared.code === code;
}

/** Whether the tab's views show the demo (the country, when the tab opened it): no own data chosen or stored. */
async function showsPrepared(): Promise<boolean> {
  const source = storedSource();
  if (source === 'demo') return true;
  if (source !== null) return false;
  return (await listImports()).length === 0;
}

type Answers = Map<string, object[]>;

/**
 * Own data's stored answers of a page, when the tab shows own data alone and they were recorded from exactly the
 * stored imports by this build (its stamp: the demo's manifest, which holds every derived table's
 * definition); checked again once the engine is up.
 */
async function ownAnswers(name: string, search: string): Promise<Answers | null> {
  if (OPENED_NATIONAL || new URLSearchParams(search).get('data') === 'national') return null;
  const source = storedSource();
  if (source !== 'mine' && source !== null) return null;
  const [rec, imports] = await Promise.all([readOwnAnswers(name), listImports()]);
  if (!rec || !OWN_ANSWERS_STAMP || rec.stamp !== OWN_ANSWERS_STAMP) return null;
  if (!imports.length || rec.key !== imports.map((r) => r.id).join(',')) return null;
  confirmOwn(rec.key);
  return new Map(Object.entries(rec.answers));
}

let confirmingOwn = false;
/** Once the engine is up: it must show own data alone, loaded from the same imports; otherwise answers go off. */
function confirmOwn(key: string) {
  if (confirmingOwn) return;
  confirmingOwn = true;
  void realEngine()
    .then(() => import('./browser'))
    .then((m) => {
      if ((m.ownKey() === key && m.currentSource(true) === 'mine') || off) return;
      off = true;
      dataVersion.bump();
    })
    .catch(() => undefined);
}

const files = new Map<string, Promise<Answers | null>>();
/** Off for good once the data changed or the engine's demo is not the one the answers were made from. */
let off = false;

/** The answers of a page as rendered (null: none apply), fetched once per file. */
function pageAnswers(page: { path: string; search: string }): Promise<Answers | null> {
  const name = answersFileName(page.path, page.search);
  // A demo's state with parameters is answered only by the build's files (own data's answers are recorded for
  // the default states alone): a filter change need not wait for the stored imports to be listed first. A
  // school's card has a file of the build's, none of own data's: with own data chosen it asks the engine at
  // once. The country's pages carry `data=national`, so their files' names differ from the demo's, but for a
  // card's (named by the school): the country's index has no cards, so a country's tab fetches none.
  const source = storedSource();
  if (
    !name ||
    fellBack() ||
    (!OPENED_NATIONAL && page.search && !hasFile(BUILD, name)) ||
    (isSchoolFile(name) && source !== null && source !== 'demo')
  )
    return Promise.resolve(null);
  let file = files.get(name);
  if (!file) {
    file = (async () => {
      const shown = await showsPrepared();
      if (!shown) return ownAnswers(name, page.search);
      const prepared = OPENED_NATIONAL ? await nationalPrepared() : BUILD;
      if (!prepared || !hasFile(prepared, name) || !sameCode(prepared)) return null;
      const folder = OPENED_NATIONAL ? 'national-answers' : 'answers';
      const response = await fetch(`${BASE_PATH_PREFIX}/data/${folder}/${name}`);
      if (!response.ok) return null;
      // A file made from other data (a cached copy) is not used.
      const answers = usableAnswers((await response.json()) as AnswersFile, prepared.stamp);
      if (answers) confirmWithEngine(prepared.stamp);
      return answers;
    })().catch(() => null);
    files.set(name, file);
  }
  return file;
}

let confirming = false;
/**
 * Once the engine is up: the file it attached must carry the same stamp (a cached demo.duckdb of another
 * build, a country file made again without its answers, or the demo shown because the country's file could
 * not be opened would not); otherwise the answers go off and the views ask the engine again.
 */
function confirmWithEngine(expected: string) {
  if (confirming) return;
  confirming = true;
  // An engine that does not start changes nothing here: its views say so.
  void realEngine()
    .then(async (db) => {
      const national = browser?.attachedData() === 'national';
      const stamp = await dataStamp(db, national ? 'national' : undefined).catch(() => '');
      if ((stamp === expected && national === OPENED_NATIONAL) || off) return;
      off = true;
      dataVersion.bump();
    })
    .catch(() => undefined);
}

/** Runs whose every statement was answered from the prepared answers so far. */
const answeredOnly = new WeakSet<Engine>();
/** Whether every statement `db` ran was answered from the prepared answers (none computed in this tab). */
export const preparedOnly = (db: Engine) => answeredOnly.has(db);

/**
 * The engine for one run of a view's query on `page` (the one rendered when the query started; by default
 * the address).
 */
export function tabEngine(
  page = {
    path: location.pathname.slice(BASE_PATH_PREFIX.length) || '/',
    search: new URLSearchParams(location.search).toString(),
  },
): Engine | Promise<Engine> {
  if (off || dataVersion.get() !== 0) {
    off = true;
    return realEngine();
  }
  // The engine starts at once all the same, for the statements not answered.
  realEngine().catch(() => undefined);
  const answers = pageAnswers(page);
  const db = answeringEngine(
    realEngine,
    async (key) => {
      const usable = () => !off && dataVersion.get() === 0 && !fellBack();
      if (!usable()) return undefined;
      const rows = (await answers)?.get(key);
      // The engine may have attached its file meanwhile.
      return usable() ? rows : undefined;
    },
    () => answeredOnly.delete(db),
  );
  answeredOnly.add(db);
  return db;
}
