// Builds the registry's derived tables (`derived-tables.ts`) on an engine: the eager ones whenever the data
// changes, the lazy ones on first use. A table comes from an attached prepared file instead when the file's
// manifest names it with the same schema version, definition, settings and data fingerprint.
import { cyrb53 } from '../hash';
import type { Engine, SqlParam } from '../db/engine';
import { createTablesSql, TABLES, type TableName } from '../schema';
import { USER_SCHEMA } from '../db/user-data';
import { SqlBuilder } from '../sql';
import { derivedTables, derivedTable, type DerivedTable } from './derived-tables';

/** Bumped when the manifest's layout or the meaning of a stored table changes in a way its SQL text does not show. */
const FORMAT_VERSION = 1;
export const MANIFEST = 'derived_manifest';
/** The schema that holds the derived tables of the user's own imports, with a manifest, once they are built. */
export const OWN_DERIVED = 'user_derived';

/** The canonical schema and the manifest format: a file from another schema is not used. */
export const SCHEMA_VERSION = `${FORMAT_VERSION}:${cyrb53(createTablesSql())}`;

/** One row of a prepared file's manifest: a canonical table (its data) or a derived table (how it was built). */
export interface ManifestRow {
  name: string;
  kind: 'canonical' | 'derived';
  schema_version: string;
  /** Canonical: its rows' count and hash sum; derived: those of the canonical tables it is built from. */
  data_fingerprint: string;
  /** Derived: a hash of its SQL text and parameters, and of the steps it reads. */
  definition: string;
  /** Derived: the constants it was built with (JSON). */
  settings: string;
  rows: number;
}

/** A hash of its SQL and parameters and of those of the derived tables it reads: a change to any step shows. */
function definitionOf(t: DerivedTable): string {
  const { text, params = [] } = t.sql();
  const steps = t.dependsOn.filter((d) => !isCanonical(d)).map((d) => definitionOf(derivedTable(d)));
  return cyrb53([text, JSON.stringify(params), ...steps].join('\n'));
}
const settingsOf = (t: DerivedTable) => JSON.stringify(t.settings ?? {});

/**
 * Every derived table as this code builds it (definition and settings), from the code alone: answers recorded
 * over a file whose tables another version built would not be this code's figures.
 */
export const codeStamp = (): string =>
  cyrb53(
    derivedTables()
      .map((t) => `${t.name}:${definitionOf(t)}:${settingsOf(t)}`)
      .join('\n'),
  );

const isCanonical = (name: string): name is TableName => TABLES.some((t) => t.name === name);

/** The canonical tables a derived table reads, directly or through other derived tables. */
function canonicalInputs(name: string): TableName[] {
  const out = new Set<TableName>();
  const visit = (n: string) => {
    if (isCanonical(n)) out.add(n);
    else derivedTable(n).dependsOn.forEach(visit);
  };
  derivedTable(name).dependsOn.forEach(visit);
  return TABLES.map((t) => t.name).filter((n) => out.has(n));
}

/** Rows and a hash sum of every row: equal data, equal fingerprint, whatever the row order. */
const fingerprintSql = (table: TableName) => {
  const cols = TABLES.find((t) => t.name === table)!
    .columns.map((c) => `"${c.name}"`)
    .join(', ');
  return `SELECT count(*)::BIGINT || ':' || coalesce(sum(hash(${cols})), 0)::VARCHAR AS fp FROM ${table}`;
};

interface State {
  /** The databases or schemas the canonical views read. */
  sources: string[];
  /** Derived tables made since the data last changed (built, or pointed at a prepared file). */
  made: Map<string, Promise<void>>;
  /** What the main schema holds under each derived name now (a view or a table). */
  kinds: Map<string, 'TABLE' | 'VIEW'>;
  prepared: Promise<Prepared[]> | null;
  fingerprints: Map<TableName, Promise<string>>;
  /** Build everything here (writing a prepared file). */
  local: boolean;
  /** Where each made table comes from: a prepared file's name, or «built». */
  origin: Map<string, string>;
  /** Steps are dropped once read, only while storeOwnDerived runs (the CLI's evidence queries read them). */
  freeing?: boolean;
  /** Tables built to the end, and steps dropped since (freeSteps). */
  built: Set<string>;
  freed: Set<string>;
  /**
   * Names the data the sources show (the own imports' ids): it stands in for every canonical table's
   * fingerprint, so that own data is not hashed on every load. It must change whenever the data does.
   */
  dataKey?: string;
  /** Inserts a table of OWN_DERIVED that is stored but not yet in the database; a failure means: build it. */
  load?: (name: string) => Promise<void>;
}
interface Prepared {
  /** An attached database, or OWN_DERIVED. */
  database: string;
  rows: Map<string, ManifestRow>;
}

const states = new WeakMap<Engine, State>();
const fresh = (
  sources: string[],
  local = false,
  dataKey?: string,
  load?: (name: string) => Promise<void>,
): State => ({
  sources,
  dataKey,
  load,
  made: new Map(),
  kinds: new Map(),
  prepared: null,
  fingerprints: new Map(),
  local,
  origin: new Map(),
  built: new Set(),
  freed: new Set(),
});
function state(db: Engine): State {
  let s = states.get(db);
  if (!s) {
    s = fresh([]);
    states.set(db, s);
  }
  return s;
}

/**
 * The sources that are attached databases holding a manifest of this schema version, and OWN_DERIVED when
 * the views read the user's schema. (A file the views do not read cannot hold their data; not looking at it
 * spares hashing own data on every load.) Each manifest is read at once, not looked up in duckdb_tables()
 * first: the first catalog listing of a file attached by URL took 0.3–0.75 s of the first view.
 */
async function preparedFiles(db: Engine, sources: string[]): Promise<Prepared[]> {
  const candidates = [
    ...sources.filter((d) => d !== USER_SCHEMA),
    ...(sources.includes(USER_SCHEMA) ? [OWN_DERIVED] : []),
  ].sort();
  const out: Prepared[] = [];
  for (const database of candidates) {
    let rows: ManifestRow[];
    try {
      rows = await db.query<ManifestRow>(
        `SELECT * FROM "${database}".${MANIFEST} WHERE schema_version = $1`,
        [SCHEMA_VERSION],
      );
    } catch (e) {
      if (isMissing(e)) continue;
      throw e;
    }
    if (rows.length) out.push({ database, rows: new Map(rows.map((r) => [`${r.kind}:${r.name}`, r])) });
  }
  return out;
}

/** DuckDB's error for a table or schema that is not there. */
const isMissing = (e: unknown) => /Catalog Error/.test(String((e as Error)?.message ?? e));

/** Why the attached database `alias` cannot serve as a prepared file (null: it can): no manifest, or one of another schema. */
export async function preparedFileProblem(db: Engine, alias: string): Promise<string | null> {
  // The manifest read at once, not looked up in duckdb_tables() first (see preparedFiles).
  let same: number;
  try {
    [{ same }] = await db.query<{ same: number }>(
      `SELECT count(*) FILTER (WHERE schema_version = $1)::INTEGER AS same FROM "${alias}".${MANIFEST}`,
      [SCHEMA_VERSION],
    );
  } catch (e) {
    if (!isMissing(e)) throw e;
    return 'в файле нет описания подготовленных таблиц: это не файл, подготовленный командой prepare';
  }
  return same ? null : 'файл подготовлен для другой версии схемы данных: соберите его заново';
}

/**
 * The fingerprint of a canonical table as the views show it. When they read one prepared file alone, the
 * file's manifest has it (the file is attached read-only); otherwise it is computed.
 */
function fingerprint(db: Engine, s: State, table: TableName, files: Prepared[]): Promise<string> {
  let fp = s.fingerprints.get(table);
  if (!fp && s.dataKey !== undefined) {
    fp = Promise.resolve(`key:${s.dataKey}`);
    s.fingerprints.set(table, fp);
  }
  if (!fp) {
    const only = s.sources.length === 1 ? files.find((f) => f.database === s.sources[0]) : undefined;
    const known = only?.rows.get(`canonical:${table}`)?.data_fingerprint;
    fp =
      known !== undefined
        ? Promise.resolve(known)
        : db.query<{ fp: string }>(fingerprintSql(table)).then(([r]) => r.fp);
    s.fingerprints.set(table, fp);
  }
  return fp;
}

const dataFingerprint = async (db: Engine, s: State, name: string, files: Prepared[]) =>
  (
    await Promise.all(canonicalInputs(name).map(async (c) => `${c}=${await fingerprint(db, s, c, files)}`))
  ).join(' ');

/** The prepared file whose manifest matches this table as it would be built now, if any. */
async function matchingFile(db: Engine, s: State, t: DerivedTable): Promise<string | null> {
  if (s.local || !t.stored) return null;
  s.prepared ??= preparedFiles(db, s.sources);
  const files = await s.prepared;
  const candidates = files.filter((f) => f.rows.has(`derived:${t.name}`));
  if (!candidates.length) return null;
  const want = {
    definition: definitionOf(t),
    settings: settingsOf(t),
    data: await dataFingerprint(db, s, t.name, files),
  };
  for (const f of candidates) {
    const row = f.rows.get(`derived:${t.name}`)!;
    if (
      row.definition === want.definition &&
      row.settings === want.settings &&
      row.data_fingerprint === want.data
    )
      return f.database;
  }
  return null;
}

async function replace(
  db: Engine,
  s: State,
  name: string,
  kind: 'TABLE' | 'VIEW',
  select: string,
  params?: SqlParam[],
) {
  const now = s.kinds.get(name);
  if (now && now !== kind) await db.exec(`DROP ${now} ${name}`);
  const ddl = `CREATE OR REPLACE ${kind} ${name} AS ${select}`;
  if (params?.length) await db.query(ddl, params);
  else await db.exec(ddl);
  s.kinds.set(name, kind);
}

/**
 * One derived table (and, when it is built here, what it reads) as the data is now; `into`: a schema to
 * build it in (its name in the main schema then a view onto it).
 */
function make(db: Engine, s: State, name: string, into?: string): Promise<void> {
  let done = s.made.get(name);
  if (!done) {
    const t = derivedTable(name);
    done = (async () => {
      let file = await matchingFile(db, s, t);
      // Own data's stored tables go into the database on first use; one that does not is built.
      if (file === OWN_DERIVED && s.load)
        file = await s.load(name).then(
          () => file,
          () => null,
        );
      if (file) {
        const rows = (await s.prepared)?.find((f) => f.database === file)?.rows.get(`derived:${name}`)?.rows;
        // A small table of an attached file is copied into memory: read through the file, the same queries took
        // 1.3–3 times as long in DuckDB-wasm (the filter changes of «Когорты» and «Группа риска»).
        const copy = file !== OWN_DERIVED && rows !== undefined && Number(rows) <= COPIED_ROWS;
        await replace(db, s, name, copy ? 'TABLE' : 'VIEW', `SELECT * FROM "${file}".${name}`);
      } else {
        for (const dep of t.dependsOn) if (!isCanonical(dep)) await make(db, s, dep);
        const { text, params } = t.sql();
        if (into && (t.kind ?? 'TABLE') === 'TABLE') {
          const ddl = `CREATE OR REPLACE TABLE "${into}".${name} AS ${text}`;
          if (params?.length) await db.query(ddl, params);
          else await db.exec(ddl);
          await replace(db, s, name, 'VIEW', `SELECT * FROM "${into}".${name}`);
        } else await replace(db, s, name, t.kind ?? 'TABLE', text, params);
      }
      s.origin.set(name, file ?? 'built');
      s.built.add(name);
      s.freed.delete(name);
      await freeSteps(db, s);
    })();
    s.made.set(name, done);
    // A failed build is tried again on the next use.
    done.catch(() => s.made.get(name) === done && s.made.delete(name));
  }
  return done;
}

/**
 * Drops the steps whose readers are all built as tables (or dropped themselves), last first; a later use
 * builds a dropped step again.
 */
async function freeSteps(db: Engine, s: State) {
  if (!s.freeing) return;
  const all = derivedTables();
  for (const t of [...all].reverse()) {
    if (!t.step || !s.built.has(t.name)) continue;
    const readers = all.filter((r) => r.dependsOn.includes(t.name));
    // A view reads its steps whenever it is read: they stay until the view itself goes.
    const done = (r: DerivedTable) => (r.kind !== 'VIEW' && s.built.has(r.name)) || s.freed.has(r.name);
    if (!readers.every(done)) continue;
    const kind = s.kinds.get(t.name);
    if (kind) await db.exec(`DROP ${kind} IF EXISTS ${t.name}`);
    s.kinds.delete(t.name);
    s.made.delete(t.name);
    s.origin.delete(t.name);
    s.built.delete(t.name);
    s.freed.add(t.name);
  }
}

/** Derived tables of an attached file up to this many rows are copied into memory (`make`). */
export const COPIED_ROWS = 50_000;

/** Records that `db` was just started: its main schema holds no derived table yet (no catalog lookup needed). */
export function newEngine(db: Engine): void {
  if (!states.has(db)) states.set(db, fresh([]));
}

/**
 * What the main schema holds under the registry's names. Views under those names are only ever made here,
 * so an engine seen before keeps its own record; otherwise only the tables are looked up (duckdb_views()
 * took 0.45–0.7 s on a freshly started DuckDB-wasm, duckdb_tables() under 0.1 s).
 */
async function currentKinds(db: Engine): Promise<Map<string, 'TABLE' | 'VIEW'>> {
  const known = states.get(db)?.kinds;
  if (known) return new Map(known);
  const b = new SqlBuilder();
  const rows = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables()
     WHERE schema_name = 'main' AND database_name = current_database()
       AND list_contains(${b.list(derivedTables().map((t) => t.name))}, table_name)`,
    b.params,
  );
  return new Map(rows.map((r) => [r.name, 'TABLE']));
}

/**
 * After the data changed (the canonical views now read `sources`): forgets the lazy tables and makes the
 * eager ones. `local`: build every table here, never from a prepared file.
 */
export async function refreshDerived(
  db: Engine,
  sources: string[],
  opts: { local?: boolean; dataKey?: string; load?: (name: string) => Promise<void> } = {},
): Promise<void> {
  const kinds = await currentKinds(db);
  const s = fresh(sources, opts.local, opts.dataKey, opts.load);
  s.kinds = kinds;
  states.set(db, s);
  for (const t of derivedTables()) if (t.when === 'eager') await make(db, s, t.name);
}

/** Engines that make the derived tables a caller asked for themselves, before they run its next statement. */
const deferring = new WeakMap<Engine, (names: string[]) => void>();
/** `db` takes `derived(db, …)` calls to `take` (lib/data/answers.ts: answered statements need no table). */
export const defersDerived = (db: Engine, take: (names: string[]) => void) => deferring.set(db, take);

/** Makes the named derived tables ready (lazy ones on first use after each data change). */
export async function derived(db: Engine, ...names: string[]): Promise<void> {
  const take = deferring.get(db);
  if (take) return take(names);
  const s = state(db);
  for (const n of names) await make(db, s, n);
}

/** How each derived table was made since the data last changed: the prepared file it is read from, or «built». */
export async function derivedOrigins(db: Engine): Promise<Record<string, string>> {
  const s = state(db);
  await Promise.allSettled(s.made.values());
  return Object.fromEntries(s.origin);
}

/**
 * Builds every derived table here from the canonical names as they are now, never from a prepared file, in
 * registry order; `onBuilt` gets each one's build time.
 */
export async function buildAllDerived(
  db: Engine,
  onBuilt: (name: string, ms: number) => void = () => {},
): Promise<void> {
  const kinds = await currentKinds(db);
  const s = fresh([], true);
  s.kinds = kinds;
  states.set(db, s);
  for (const t of derivedTables()) {
    const t0 = performance.now();
    await make(db, s, t.name);
    onBuilt(t.name, performance.now() - t0);
  }
}

/**
 * Builds every derived table here and writes the stored ones, with the canonical tables' fingerprints and
 * a manifest, into the attached writable database `target`. Returns the manifest.
 */
export async function writePrepared(
  db: Engine,
  target: string,
  onBuilt?: (name: string, ms: number) => void,
): Promise<ManifestRow[]> {
  await buildAllDerived(db, onBuilt);
  const s = state(db);
  for (const c of TABLES) {
    const [{ fp }] = await db.query<{ fp: string }>(fingerprintSql(c.name));
    s.fingerprints.set(c.name, Promise.resolve(fp));
  }
  return writeManifest(db, s, target);
}

/** Makes the stored tables, copies them into `target` and writes its manifest (last); DataChanged when the data changes meanwhile. */
async function writeManifest(
  db: Engine,
  s: State,
  target: string,
  stopped: () => boolean = () => false,
): Promise<ManifestRow[]> {
  const check = () => {
    if (state(db) !== s || stopped()) throw new DataChanged();
  };
  const rows: ManifestRow[] = [];
  const count = async (table: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${table}`))[0].n;
  for (const c of TABLES) {
    rows.push({
      name: c.name,
      kind: 'canonical',
      schema_version: SCHEMA_VERSION,
      data_fingerprint: await fingerprint(db, s, c.name, []),
      definition: '',
      settings: '{}',
      rows: await count(c.name),
    });
  }
  // The stored tables and the steps they read, one at a time, so that a stop is heard between steps; the
  // chains through steps first, so that their steps are dropped (freeSteps) before the other large tables
  // are made. Own data's copy in OWN_DERIVED then stands for the table (a view onto it): one copy in memory.
  const needed = new Set<string>();
  const need = (n: string) => {
    if (isCanonical(n) || needed.has(n)) return;
    needed.add(n);
    derivedTable(n).dependsOn.forEach(need);
  };
  for (const t of derivedTables()) if (t.stored) need(t.name);
  const throughSteps = (t: DerivedTable): boolean =>
    !!t.step || t.dependsOn.some((d) => !isCanonical(d) && throughSteps(derivedTable(d)));
  const order = derivedTables().filter((t) => needed.has(t.name));
  order.sort((a, b) => Number(throughSteps(b)) - Number(throughSteps(a)));
  const own = target === OWN_DERIVED;
  const stored = new Map<string, ManifestRow>();
  const moved: string[] = [];
  try {
    for (const t of order) {
      // A step dropped already was read by everything that needs it.
      if (t.step && s.freed.has(t.name)) continue;
      check();
      if (own && t.stored) moved.push(t.name);
      // Own data's stored tables are built in OWN_DERIVED, unless a view's query made one already.
      await make(db, s, t.name, own && t.stored ? target : undefined);
      await freeSteps(db, s);
      if (!t.stored) continue;
      check();
      const [{ there }] = await db.query<{ there: boolean }>(
        `SELECT count(*) > 0 AS there FROM duckdb_tables() WHERE schema_name = $1 AND table_name = $2`,
        [target, t.name],
      );
      if (!own || !there) {
        const order = !own && t.order ? ` ORDER BY ${t.order}` : '';
        await db.exec(`CREATE OR REPLACE TABLE "${target}".${t.name} AS SELECT * FROM ${t.name}${order}`);
        if (own) await replace(db, s, t.name, 'VIEW', `SELECT * FROM "${target}".${t.name}`);
      }
      stored.set(t.name, {
        name: t.name,
        kind: 'derived',
        schema_version: SCHEMA_VERSION,
        data_fingerprint: await dataFingerprint(db, s, t.name, []),
        definition: definitionOf(t),
        settings: settingsOf(t),
        rows: await count(`"${target}".${t.name}`),
      });
    }
  } catch (e) {
    // The caller drops OWN_DERIVED: the tables that pointed there are built again on their next use.
    for (const name of moved) {
      s.made.delete(name);
      s.origin.delete(name);
      s.built.delete(name);
    }
    throw e;
  }
  for (const t of derivedTables()) if (stored.has(t.name)) rows.push(stored.get(t.name)!);
  await db.exec(
    `CREATE OR REPLACE TABLE "${target}".${MANIFEST} (name VARCHAR, kind VARCHAR, schema_version VARCHAR, data_fingerprint VARCHAR, definition VARCHAR, settings VARCHAR, rows BIGINT)`,
  );
  for (const r of rows) {
    await db.query(`INSERT INTO "${target}".${MANIFEST} VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      r.name,
      r.kind,
      r.schema_version,
      r.data_fingerprint,
      r.definition,
      r.settings,
      r.rows,
    ]);
  }
  check();
  return rows;
}

/**
 * Whether OWN_DERIVED's manifest names every stored table as this code builds it, for the data named
 * `dataKey`; when not, none of them is used (all are built, then stored again).
 */
export async function ownDerivedComplete(db: Engine, dataKey: string): Promise<boolean> {
  const rows = await db.query<ManifestRow>(`SELECT * FROM ${OWN_DERIVED}.${MANIFEST}`);
  const byName = new Map(rows.filter((r) => r.kind === 'derived').map((r) => [r.name, r]));
  const s = fresh([USER_SCHEMA], false, dataKey);
  for (const t of derivedTables()) {
    if (!t.stored) continue;
    const r = byName.get(t.name);
    if (
      !r ||
      r.schema_version !== SCHEMA_VERSION ||
      r.definition !== definitionOf(t) ||
      r.settings !== settingsOf(t) ||
      r.data_fingerprint !== (await dataFingerprint(db, s, t.name, []))
    )
      return false;
  }
  return true;
}

/** The data changed (or the caller stopped) while derived tables were being stored: nothing usable was written. */
export class DataChanged extends Error {
  constructor() {
    super('Данные изменились во время расчёта производных таблиц');
  }
}

/**
 * Makes every stored derived table for the data the views show now (named by the `dataKey` given to
 * `refreshDerived`) and copies them with a manifest into the schema OWN_DERIVED, which later loads of the
 * same data read instead of building (`refreshDerived` with the same key). Throws DataChanged, and leaves
 * no manifest, when the data changes or `stopped()` says so meanwhile. The caller runs one at a time, and
 * none while it loads OWN_DERIVED itself.
 */
export async function storeOwnDerived(db: Engine, stopped?: () => boolean): Promise<ManifestRow[]> {
  const s = state(db);
  if (s.dataKey === undefined) throw new Error('storeOwnDerived: the data has no key');
  await db.exec(`DROP SCHEMA IF EXISTS ${OWN_DERIVED} CASCADE; CREATE SCHEMA ${OWN_DERIVED}`);
  s.freeing = true;
  try {
    return await writeManifest(db, s, OWN_DERIVED, stopped);
  } catch (e) {
    await db.exec(`DROP SCHEMA IF EXISTS ${OWN_DERIVED} CASCADE`);
    throw e;
  } finally {
    s.freeing = false;
  }
}
