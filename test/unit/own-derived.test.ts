// Own data's derived tables stored beside it (schema user_derived, with a manifest keyed by the imports)
// and reused by a later load of the same imports, never by a load of other data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/db/engine';
import { ensureUserSchema } from '@/lib/db/user-data';
import { insertCanonicalRows } from '@/lib/db/load';
import { pointViewsAt } from '@/lib/data/load';
import { DataChanged, derived, derivedOrigins, OWN_DERIVED, storeOwnDerived } from '@/lib/data/derived';
import { ENGINES } from '../helpers/engines';

const row = (school_id: string, participants: number) => ({
  year: 2024,
  procedure: 'ВПР',
  subject: 'Математика',
  grade: 4,
  school_id,
  participants,
  m2: 1,
  m3: 2,
  m4: 3,
  m5: participants - 6,
});

for (const [name, create] of ENGINES) {
  describe(`own derived tables [${name}]`, () => {
    let db: Engine;
    /** Participants of ВПР, all subjects and grades, 2024, over all schools, as result_totals has them. */
    const total = async () => {
      await derived(db, 'result_totals');
      const [r] = await db.query<{ n: number }>(
        `SELECT sum(participants)::INTEGER AS n FROM result_totals WHERE subject IS NULL AND grade IS NULL AND year = 2024`,
      );
      return r.n;
    };
    const origin = async () => (await derivedOrigins(db)).result_totals;
    const manifests = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE schema_name = '${OWN_DERIVED}' AND table_name = 'derived_manifest'`,
        )
      )[0].n;

    beforeAll(async () => {
      db = await create();
      await ensureUserSchema(db);
      await insertCanonicalRows(db, 'results', [row('A', 20), row('B', 30)], 'user_data.results');
    });
    afterAll(async () => db?.close());

    it('builds them once, then reads them from the stored schema while the key is the same', async () => {
      await pointViewsAt(db, 'mine', { own: { key: 'imp1' } });
      expect(await total()).toBe(50);
      expect(await origin()).toBe('built');
      const manifest = await storeOwnDerived(db);
      expect(manifest.find((r) => r.name === 'result_totals')?.data_fingerprint).toBe('results=key:imp1');

      await pointViewsAt(db, 'mine', { own: { key: 'imp1' } });
      expect(await total()).toBe(50);
      expect(await origin()).toBe(OWN_DERIVED);
      // The eager tables too.
      expect((await derivedOrigins(db)).school_dim).toBe(OWN_DERIVED);
    });

    it('never uses them for other data: an added import, a removed one, or data without a key', async () => {
      // A second import: the key names both.
      await insertCanonicalRows(db, 'results', [row('C', 7)], 'user_data.results');
      await pointViewsAt(db, 'mine', { own: { key: 'imp1,imp2' } });
      expect(await total()).toBe(57);
      expect(await origin()).toBe('built');
      // The same rows without a key (hashed): the stored manifest's key matches no hash.
      await pointViewsAt(db, 'mine');
      expect(await total()).toBe(57);
      expect(await origin()).toBe('built');
      // Demo and own data together never read own data's tables.
      await db.exec(`DELETE FROM user_data.results WHERE school_id = 'C'`);
      await pointViewsAt(db, 'both', { demoAlias: 'user_data', own: { key: 'imp1' } });
      expect(await total()).toBe(100);
      expect(await origin()).toBe('built');
      // Back to the first import alone: its stored tables again.
      await pointViewsAt(db, 'mine', { own: { key: 'imp1' } });
      expect(await total()).toBe(50);
      expect(await origin()).toBe(OWN_DERIVED);
    });

    it('leaves no manifest when the data changes while they are stored', async () => {
      await insertCanonicalRows(db, 'results', [row('D', 9)], 'user_data.results');
      await pointViewsAt(db, 'mine', { own: { key: 'imp1,imp3' } });
      const storing = storeOwnDerived(db).catch((e: unknown) => e);
      await insertCanonicalRows(db, 'results', [row('E', 11)], 'user_data.results');
      await pointViewsAt(db, 'mine', { own: { key: 'imp1,imp3,imp4' } });
      expect(await storing).toBeInstanceOf(DataChanged);
      expect(await manifests()).toBe(0);
      expect(await total()).toBe(70);
      expect(await origin()).toBe('built');
    });
  });
}
