import { expect, it } from 'vitest';
import { identityCheck } from '@/lib/upload/identity';
import { schoolById } from '@/lib/metrics/school';
import { listShare } from '@/lib/metrics/lists';
import { municipalitySummary } from '@/lib/metrics/municipalities';
import { coverage, gaps, resultCoverage } from '@/lib/metrics/coverage';
import { areaIndicators } from '@/lib/metrics/results';
import { csv, describeOnEngines } from '../helpers/engines';

const LISTS = 'year,school_id,list,name,municipality,source';

// S1 is in the schools table; S9 only as a placeholder «ОО S9» an earlier upload stored.
const schools = csv(
  'school_id,name,municipality,type,location,closed_year,successor_id',
  'S1,Школа 1,М1,СОШ,город,,',
  'S9,ОО S9,не указан,,,,',
);
const lists = csv(
  LISTS,
  '2023,S2,ШНОР,Старое имя,М2,',
  '2024,S2,ШНОР,Новая школа,М2,',
  '2024,S3,ШНОР,,,',
  '2024,S9,ШНОР,Девятая,М3,',
);

describeOnEngines('school identity from any table', { schools, lists }, (db) => {
  it('names a school from its latest list row, over a placeholder, and marks a school nobody names', async () => {
    expect(await schoolById(db(), 'S1')).toMatchObject({
      name: 'Школа 1',
      municipality: 'М1',
      unnamed: false,
    });
    expect(await schoolById(db(), 'S2')).toMatchObject({
      name: 'Новая школа',
      municipality: 'М2',
      type: 'не указан',
      unnamed: false,
    });
    expect(await schoolById(db(), 'S9')).toMatchObject({
      name: 'Девятая',
      municipality: 'М3',
      unnamed: false,
    });
    expect(await schoolById(db(), 'S3')).toMatchObject({
      name: 'ОО S3',
      municipality: 'не указан',
      unnamed: true,
    });
  });

  it('reports codes no schools table knows, and names that differ from those shown', async () => {
    const f = await db().registerFile(
      'incoming.csv',
      csv(
        LISTS,
        '2025,S1,ШНОР,СОШ № 1,М1,',
        '2025,S2,ШНОР,Новая школа,М4,',
        '2025,S7,ШНОР,,,',
        '2025,S8,ШНОР,Восьмая,М1,',
        '2025,S9,ШНОР,,,',
      ),
    );
    const r = await identityCheck(db(), 'lists', f);
    // S2 and S9 are named by the lists already loaded; S7 by nothing; S8 by this file only.
    expect(r.unknown).toEqual([
      { school_id: 'S2', named: true, namedInData: true },
      { school_id: 'S7', named: false, namedInData: false },
      { school_id: 'S8', named: true, namedInData: false },
      { school_id: 'S9', named: false, namedInData: true },
    ]);
    expect(r.conflicts).toEqual([
      { school_id: 'S1', field: 'name', shown: 'Школа 1', incoming: 'СОШ № 1' },
      { school_id: 'S2', field: 'municipality', shown: 'М2', incoming: 'М4' },
    ]);
  });

  it('counts a real schools table, not placeholders, as knowing the territory', async () => {
    expect(await coverage(db())).toMatchObject({ schools: true, lists: true, results: false });
    expect(gaps.share(await coverage(db()))).toBeNull();
    expect(gaps.flags(await coverage(db()))).toContain('Нет результатов ВПР');
    // Four schools known (S1, S2, S3, S9); in 2024 all but S1 are listed.
    expect((await listShare(db(), { list: 'ШНОР', year: 2024 })).map((r) => [r.listed, r.active])).toEqual([
      [3, 4],
    ]);
  });
});

describeOnEngines('a lists file alone', { lists }, (db) => {
  it("gives no share of the territory's schools on the list: only listed schools are known", async () => {
    expect(
      (await listShare(db(), { list: 'ШНОР' })).map((r) => [r.year, r.listed, r.active, r.share]),
    ).toEqual([
      [2023, 1, null, null],
      [2024, 3, null, null],
    ]);
    expect(
      (await municipalitySummary(db(), { list: 'ШНОР' })).every(
        (r) => r.active === null && r.share === null && r.listed !== null && r.listed >= 0,
      ),
    ).toBe(true);
    expect(gaps.share(await coverage(db()))).toContain('справочник школ');
    expect(gaps.risk(await coverage(db()))).toContain('группа риска не определена');
    expect(await resultCoverage(db())).toEqual({ vpr: false, oge: false });
    expect(gaps.risk(await resultCoverage(db()))).toContain('группа риска не определена');
  });
});

// Results name no municipality: without a schools table only the listed school R1 has one.
const results = csv(
  'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5',
  '2024,ВПР,Математика,5,R1,20,10,5,5,0',
  '2024,ВПР,Математика,5,R2,20,0,10,5,5',
  '2024,ВПР,Математика,5,R3,20,0,10,5,5',
);
const listedR1 = csv(LISTS, '2024,R1,ШНОР,Школа R1,М1,');

describeOnEngines('lists and results without a schools table', { lists: listedR1, results }, (db) => {
  it("knows the region's schools but not a municipality's: its figures are absent, not the listed school's", async () => {
    // The region: three schools from the results, one listed.
    expect(
      (await listShare(db(), { list: 'ШНОР', year: 2024 })).map((r) => [r.listed, r.active, r.share]),
    ).toEqual([[1, 3, 1 / 3]]);
    // М1 would read 1 of 1 (100 %) and a share of «2» of 50 %: R2 and R3 may be in М1 too.
    expect(
      (await listShare(db(), { list: 'ШНОР', year: 2024, municipalities: ['М1'] })).map((r) => [
        r.listed,
        r.active,
        r.share,
      ]),
    ).toEqual([[1, null, null]]);
    // Динамика and the school card: the region's line only, no «М1» of R1 alone (share of «2» 50 %).
    expect(
      (await areaIndicators(db(), { procedure: 'ВПР' })).map((r) => [r.level, r.area, r.year, r.share_2]),
    ).toEqual([['region', expect.any(String), 2024, 10 / 60]]);
    const rows = await municipalitySummary(db(), { list: 'ШНОР', year: 2024 });
    expect(rows.map((r) => [r.municipality, r.listed, r.active, r.share, r.vpr_share_2])).toEqual([
      ['М1', 1, null, null, null],
      ['не указан', 0, null, null, null],
    ]);
  });
});
