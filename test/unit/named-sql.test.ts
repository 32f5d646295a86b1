import { expect, it } from 'vitest';
import { NAMED_SQL, namedSql, printSql } from '@/lib/metrics/named-sql';
import { derived } from '@/lib/data/derived';
import { resultTotals } from '@/lib/metrics/results';
import { riskGroup } from '@/lib/metrics/risk';
import { csv, describeOnEngines } from '../helpers/engines';

// ШНОР: 2019: A, B, C; 2020: A, B; 2021: A. B closed in 2021.
const schools = csv(
  'school_id,name,municipality,type,location,closed_year,successor_id',
  'A,Школа А,М1,СОШ,город,,',
  'B,Школа Б,М1,СОШ,город,2021,',
  'C,Школа В,М2,СОШ,село,,',
);
const lists = csv(
  'year,school_id,list,name,municipality,source',
  '2019,A,ШНОР,,,',
  '2019,B,ШНОР,,,',
  '2019,C,ШНОР,,,',
  '2020,A,ШНОР,,,',
  '2020,B,ШНОР,,,',
  '2021,A,ШНОР,,,',
);
// A, ВПР: «2» 4 of 40 in 2020, 10 of 40 in 2021.
const results = csv(
  'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80',
  '2020,ВПР,Математика,5,A,40,4,16,12,8,,,',
  '2021,ВПР,Математика,5,A,40,10,14,10,6,,,',
);

describeOnEngines('named metric SQL', { schools, lists, results }, (db) => {
  it('has one entry per name (a second one would be unreachable)', () => {
    const names = NAMED_SQL.map((n) => n.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('prints SQL that runs as printed, for every name', async () => {
    await resultTotals(db());
    await derived(db(), 'area_totals');
    await riskGroup(db()); // builds risk_inputs
    for (const entry of NAMED_SQL) {
      // The derived tables exist already: run their SELECT alone.
      const text = printSql(entry)
        .replace(/^--.*\n/, '')
        .replace(/^CREATE OR REPLACE TABLE \w+ AS /, '')
        .replace(/;\n$/, '');
      await expect(db().query(text), entry.name).resolves.toBeInstanceOf(Array);
    }
  });

  it('exit_rate as printed gives the exit rate: exited / (listed − closed)', async () => {
    const text = printSql(namedSql('exit_rate')!, { list: 'ШНОР' }).replace(/;\n$/, '');
    const rows = await db().query<{ year: number; exit_rate: number | null }>(text);
    // 2019 → 2020: C left, A and B stayed: 1 / 3. 2020 → 2021: B closed and off (out of the denominator), A stayed: 0 / 1.
    expect(rows.map((r) => [r.year, r.exit_rate])).toEqual([
      [2019, 1 / 3],
      [2020, 0],
      [2021, null],
    ]);
  });

  it("share_2 and negative_dynamics as printed give the school's figures", async () => {
    const share2 = await db().query<{ year: number; share_2: number }>(
      printSql(namedSql('share_2')!).replace(/;\n$/, ''),
    );
    expect(share2.map((r) => [r.year, r.share_2])).toEqual([
      [2020, 0.1],
      [2021, 0.25],
    ]);
    const dyn = await db().query<{ year: number; negative_dynamics: boolean }>(
      printSql(namedSql('negative_dynamics')!).replace(/;\n$/, ''),
    );
    // 0.10 → 0.25: +15 p.p. with 40 pupils in both years.
    expect(dyn.map((r) => [r.year, r.negative_dynamics])).toEqual([
      [2020, false],
      [2021, true],
    ]);
  });
});
