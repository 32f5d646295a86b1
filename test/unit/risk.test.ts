import { expect, it } from 'vitest';
import { gaps, resultCoverage } from '@/lib/metrics/coverage';
import { riskGroup, riskWithComparison, schoolRisk } from '@/lib/metrics/risk';
import { csv, describeOnEngines } from '../helpers/engines';
import { RISK_FIXTURE } from '../fixtures/metrics/risk';

// The fixture and the hand-worked figures behind the expectations: test/fixtures/metrics/risk.ts.
describeOnEngines('risk group', RISK_FIXTURE, (db) => {
  it('names schools off the ШНОР list with negative dynamics or 2+ bottom-quartile key indicators', async () => {
    const rows = await riskGroup(db(), { year: 2025 });
    // R1 has no 2024 results: its dynamics are not known (null), not «no negative dynamics».
    expect(rows.map((r) => [r.school_id, r.bottom_quartile, r.negative_dynamics, r.on_risk_list])).toEqual([
      ['R1', 4, null, true],
      ['R3', 0, true, false],
    ]);
    expect(rows[0].reasons).toBe(
      'в нижней четверти региона по 4 из 4 ключевых показателей: ВПР математика (успеваемость 40,0 %), ВПР русский язык (успеваемость 40,0 %), ОГЭ математика (успеваемость 40,0 %), ОГЭ русский язык (успеваемость 40,0 %)',
    );
    expect(rows[1].reasons).toBe('ВПР: доля «2» выросла с 0,0 % до 20,0 % (+20,0 п. п.)');
  });

  it('gives one school its row of the group in its latest year', async () => {
    const r1 = await schoolRisk(db(), 'R1');
    expect([r1.year, r1.row?.school_id, r1.row?.bottom_quartile]).toEqual([2025, 'R1', 4]);
  });

  it('defaults to the latest year with results and filters by area', async () => {
    expect((await riskGroup(db())).map((r) => r.school_id)).toEqual(['R1', 'R3']);
    expect((await riskGroup(db(), { municipalities: ['М2'] })).map((r) => r.school_id)).toEqual(['R3']);
  });

  it('compares the computed group with the published list of the same year', async () => {
    // Computed: R1, R3. Published: R1, R2, R4 (R4 is on ШНОР, R2 meets neither rule).
    const { rows, compared } = await riskWithComparison(db(), { year: 2025 });
    // The group beside its comparison is the group alone, reasons and order included.
    expect(rows).toEqual(await riskGroup(db(), { year: 2025 }));
    const { summary, publishedOnly } = compared;
    expect(summary).toEqual({ year: 2025, published: true, both: 1, only_computed: 1, only_published: 2 });
    expect(publishedOnly.map((r) => [r.school_id, r.why])).toEqual([
      // R2 has no 2024: its dynamics are not known, only its quartiles.
      [
        'R2',
        'меньше 2 показателей в нижней четверти; динамику доли «2» не оценить: нет двух лет подряд с 10+ участниками',
      ],
      ['R4', 'в перечне ШНОР этого года'],
    ]);
    expect(
      (await riskWithComparison(db(), { year: 2025, municipalities: ['М2'] })).compared.summary,
    ).toMatchObject({
      both: 0,
      only_computed: 1,
      only_published: 1,
    });
  });

  it('says when the published list lacks the year', async () => {
    expect((await riskWithComparison(db(), { year: 2024 })).compared.summary).toMatchObject({
      year: 2024,
      published: false,
      only_published: 0,
    });
  });
});

// On the published risk list of 2025 (the latest year), none computed: A with one key indicator in 2025 only (the
// rule cannot be applied), B with results in 2024 only, C with one key indicator in both years (no rise; its
// quartile not known), D with two in both years (no rise, every school's success 100 %: no bottom quartile).
const paper = (year: number, subject: string, id: string) => `${year},ВПР,${subject},5,${id},20,0,10,6,4,,,`;
describeOnEngines(
  'risk group: a published school without results that year',
  {
    schools: csv(
      'school_id,name,municipality,type,location,closed_year,successor_id',
      'A,А,М1,СОШ,село,,',
      'B,Б,М1,СОШ,село,,',
      'C,В,М1,СОШ,село,,',
      'D,Г,М1,СОШ,село,,',
    ),
    results: csv(
      'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80',
      paper(2025, 'Математика', 'A'),
      paper(2024, 'Математика', 'B'),
      paper(2024, 'Математика', 'C'),
      paper(2025, 'Математика', 'C'),
      ...[2024, 2025].flatMap((y) => [paper(y, 'Математика', 'D'), paper(y, 'Русский язык', 'D')]),
    ),
    lists: csv(
      'year,school_id,list',
      '2025,A,группа_риска',
      '2025,B,группа_риска',
      '2025,C,группа_риска',
      '2025,D,группа_риска',
    ),
  },
  (db) => {
    it('has results, ВПР only: the group is computed', async () => {
      expect(await resultCoverage(db())).toEqual({ vpr: true, oge: false });
      expect(gaps.risk(await resultCoverage(db()))).toBeNull();
    });

    it("judges one school in its own latest year with results, not the region's", async () => {
      // B's results end in 2024 (the region's latest is 2025): the rule is applied to 2024, and does not name it.
      expect(await schoolRisk(db(), 'B')).toEqual({ year: 2024, row: null });
      expect(await schoolRisk(db(), 'A')).toEqual({ year: 2025, row: null });
      expect(await schoolRisk(db(), 'нет такой')).toEqual({ year: null, row: null });
    });

    it('is said to have no results, in the latest year by default', async () => {
      const { summary, publishedOnly } = (await riskWithComparison(db())).compared;
      expect(summary).toMatchObject({ year: 2025, published: true, both: 0, only_published: 4 });
      expect(publishedOnly.map((r) => [r.school_id, r.why])).toEqual([
        [
          'A',
          'правило не применить (нет данных): динамику доли «2» не оценить: нет двух лет подряд с 10+ участниками, нижнюю четверть не оценить: меньше 2 ключевых показателей с 10+ участниками',
        ],
        ['B', 'нет результатов за этот год'],
        [
          'C',
          'нет отрицательной динамики; нижнюю четверть не оценить: меньше 2 ключевых показателей с 10+ участниками',
        ],
        ['D', 'нет отрицательной динамики и меньше 2 показателей в нижней четверти'],
      ]);
    });
  },
);
