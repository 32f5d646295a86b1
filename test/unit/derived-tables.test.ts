// The registry of derived tables and prepared data files: a file written by `cli prepare` (native DuckDB)
// is used table by table while its manifest matches, each of its tables equals the same table built by the
// engine itself, and a mismatch (settings, data, schema version) makes the engine build that table itself.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '@/data/demo/generate';
import { runCli } from '@/lib/cli/run';
import { toCsv } from '@/lib/csv/write';
import { createNativeEngine } from '@/lib/db/node-native';
import type { Engine } from '@/lib/db/engine';
import { derivedTables } from '@/lib/data/derived-tables';
import { derived, derivedOrigins, refreshDerived, MANIFEST } from '@/lib/data/derived';
import { attachDemo, pointViewsAt } from '@/lib/data/load';
import { TABLES } from '@/lib/schema';
import { ENGINES } from '../helpers/engines';
import { missing } from '../helpers/rows';

const CANONICAL = TABLES.map((t) => t.name);
const STORED = derivedTables()
  .filter((t) => t.stored)
  .map((t) => t.name);
const words = (sql: string) => new Set(sql.match(/\b[a-z_0-9]+\b/g));

describe('the registry of derived tables', () => {
  it('lists each table once, after everything it reads', () => {
    const seen = new Set<string>(CANONICAL);
    for (const t of derivedTables()) {
      expect(seen.has(t.name), t.name).toBe(false);
      for (const d of t.dependsOn) expect(seen.has(d), `${t.name} reads ${d}`).toBe(true);
      seen.add(t.name);
    }
  });

  it('declares exactly the tables its SQL reads', () => {
    const known = [...CANONICAL, ...derivedTables().map((t) => t.name)];
    for (const t of derivedTables()) {
      const w = words(t.sql().text);
      expect(known.filter((n) => n !== t.name && w.has(n)).sort(), t.name).toEqual([...t.dependsOn].sort());
    }
  });

  it('stores the tables the views read, eager list tables among them', () => {
    expect(STORED).toEqual(
      expect.arrayContaining([
        'school_dim',
        'list_runs',
        'result_totals',
        'objectivity_candidates',
        'objectivity_windows',
        'risk_inputs',
      ]),
    );
    expect(
      derivedTables()
        .filter((t) => t.when === 'eager')
        .map((t) => t.name),
    ).toEqual([
      'territory_known',
      'result_slices',
      'school_dim',
      'list_published',
      'list_membership',
      'list_streaks',
      'list_outcomes',
      'list_runs',
    ]);
  });
});

describe('prepared data files', () => {
  let dir: string;
  let file: string;
  let prepareOut = '';
  beforeAll(async () => {
    // Two municipalities of the demo region: enough schools for the objectivity tests to have their groups.
    const demo = generateDemo();
    const munis = [...new Set(demo.schools.map((s) => s.municipality as string))].slice(0, 2);
    const ids = new Set(
      demo.schools.filter((s) => munis.includes(s.municipality as string)).map((s) => s.school_id),
    );
    dir = mkdtempSync(join(tmpdir(), 'shnor-prepare-'));
    const args: string[] = [];
    const option: Record<string, string> = {
      schools: '--schools',
      lists: '--lists',
      results: '--results',
      vpr_journal: '--journal',
      score_dist: '--score-dist',
      mark_scales: '--mark-scales',
    };
    for (const t of TABLES) {
      const rows = demo[t.name].filter((r) => !('school_id' in r) || ids.has(r.school_id));
      writeFileSync(
        join(dir, `${t.name}.csv`),
        toCsv(
          t.columns.map((c) => c.name),
          rows,
        ),
      );
      args.push(option[t.name], join(dir, `${t.name}.csv`));
    }
    file = join(dir, 'region.duckdb');
    const code = await runCli(['prepare', ...args, '--out', file], {
      out: (s) => (prepareOut += s),
      err: () => {},
    });
    expect(code).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('cli prepare lists every canonical and stored derived table with its rows', () => {
    const lines = prepareOut.trim().split('\n');
    expect(lines[0]).toBe('table,kind,rows');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([...CANONICAL, ...STORED]);
    expect(
      lines.slice(1).every((l) => Number(l.split(',')[2]) > 0),
      prepareOut,
    ).toBe(true);
  });

  it('cli prepare without --out says what is missing and writes nothing', async () => {
    let err = '';
    const code = await runCli(
      [
        'prepare',
        '--schools',
        join(dir, 'schools.csv'),
        '--lists',
        join(dir, 'lists.csv'),
        '--results',
        join(dir, 'results.csv'),
      ],
      { out: () => {}, err: (s) => (err += s) },
    );
    expect(code).toBe(1);
    expect(err).toBe('Ошибка: для команды prepare нужен файл --out FILE.duckdb');
  });

  it('stores the tables in their declared order (a year, a region, the totals of a territory: few row groups)', async () => {
    const db = await createNativeEngine();
    await db.exec(`ATTACH '${file}' AS f (READ_ONLY)`);
    const ordered = derivedTables().filter((t) => t.stored && t.order);
    expect(ordered.map((t) => t.name)).toEqual(
      expect.arrayContaining(['objectivity_candidates', 'vpr_oge_points', 'risk_inputs', 'area_totals']),
    );
    for (const t of ordered) {
      // Rows out of order, in the file's own row order.
      const [{ n, rows }] = await db.query<{ n: number; rows: number }>(
        `SELECT count(*) FILTER (WHERE prev > (${t.order}))::INTEGER AS n, count(*)::INTEGER AS rows
         FROM (SELECT *, lag((${t.order})) OVER (ORDER BY rowid) AS prev FROM f.${t.name})`,
      );
      expect(rows, t.name).toBeGreaterThan(0);
      expect(n, t.name).toBe(0);
    }
    await db.close();
  });

  /** A copy of the prepared file with its manifest changed by `update` (native DuckDB). */
  async function altered(name: string, update: string): Promise<Uint8Array> {
    const path = join(dir, name);
    copyFileSync(file, path);
    const db = await createNativeEngine();
    await db.exec(`ATTACH '${path}' AS f; UPDATE f.${MANIFEST} SET ${update}; DETACH f`);
    await db.close();
    return new Uint8Array(readFileSync(path));
  }

  for (const [engineName, create] of ENGINES) {
    describe(engineName, () => {
      let db: Engine;
      const open = async (bytes: Uint8Array, tables = STORED) => {
        db = await create();
        await attachDemo(db, bytes);
        await pointViewsAt(db, 'demo');
        await derived(db, ...tables);
        return derivedOrigins(db);
      };
      afterAll(async () => db?.close());

      it('reads every stored table from the file, and each equals the table built here', async () => {
        const origins = await open(new Uint8Array(readFileSync(file)));
        for (const t of STORED) expect(origins[t], t).toBe('demo');
        // The same tables built by this engine from the file's canonical tables.
        await refreshDerived(db, ['demo'], { local: true });
        await derived(db, ...STORED);
        const built = await derivedOrigins(db);
        for (const t of STORED) {
          expect(built[t], t).toBe('built');
          const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM demo.${t}`);
          expect(n, t).toBeGreaterThan(0);
          expect(await missing(db, t, `demo.${t}`), `${t} built here, not in the file`).toBe(0);
          expect(await missing(db, `demo.${t}`, t), `${t} in the file, not built here`).toBe(0);
        }
        await db.close();
      }, 120_000);

      it('builds a table itself when its settings or data fingerprint differ from the manifest', async () => {
        const bytes = await altered(
          `mismatch-${engineName}.duckdb`,
          `settings = CASE WHEN name = 'risk_inputs' THEN '{"BOTTOM_SHARE":0.3,"MIN_PARTICIPANTS_RANK":10}' ELSE settings END,
           data_fingerprint = CASE WHEN name = 'vpr_oge_points' THEN 'results=1:1' ELSE data_fingerprint END`,
        );
        const origins = await open(bytes);
        expect(origins.risk_inputs).toBe('built');
        expect(origins.vpr_oge_points).toBe('built');
        // result_totals, which risk_inputs reads, still comes from the file.
        expect(origins.result_totals).toBe('demo');
        expect(origins.list_runs).toBe('demo');
        await db.close();
      }, 120_000);

      it('builds everything itself from a file of another schema version', async () => {
        const origins = await open(await altered(`old-${engineName}.duckdb`, `schema_version = '0:old'`), [
          'result_totals',
          'vpr_oge_points',
        ]);
        for (const t of ['school_dim', 'list_runs', 'result_totals', 'vpr_oge_points'])
          expect(origins[t], t).toBe('built');
        await db.close();
      }, 120_000);

      it('computes the fingerprint when other data is shown beside the file: unchanged tables still come from it', async () => {
        await open(new Uint8Array(readFileSync(file)));
        const [school] = await db.query<{ school_id: string }>(
          'SELECT school_id FROM demo.schools ORDER BY school_id LIMIT 1',
        );
        await db.exec(
          `INSERT INTO user_data.lists (year, school_id, list) VALUES (2030, '${school.school_id}', 'ШНОР')`,
        );
        await pointViewsAt(db, 'both');
        await derived(db, 'result_totals', 'list_runs');
        const origins = await derivedOrigins(db);
        expect(origins.list_runs).toBe('built');
        expect(origins.school_dim).toBe('built');
        // results are the file's alone: the fingerprint computed here equals the one native DuckDB wrote.
        expect(origins.result_totals).toBe('demo');
      }, 120_000);
    });
  }
});
