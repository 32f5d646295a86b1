import { expect, it } from 'vitest';
import { riskComparison, riskGroup } from '@/lib/metrics/risk';
import { csv, describeOnEngines } from '../helpers/engines';

// Year 2025, 10 participants in each of the four key indicators. Share of «2» (m2 of 10):
//        ВПР рус  ВПР мат  ОГЭ рус  ОГЭ мат
//   R1      6        6        6        6      worst everywhere → bottom quartile (cume_dist 1/4) on 4 of 4
//   R4      5        5        5        5      on ШНОР in 2025: ranked, but never in the risk group
//   R3      2        2        0        0      ВПР 2024 had no «2» → ВПР share_2 0 → 0.2: negative dynamics
//   R2      1        1        1        1      nothing
const row = (year: number, proc: string, subj: string, grade: number, id: string, m2: number) => `${year},${proc},${subj},${grade},${id},10,${m2},${10 - m2},0,0,,,`;
const key = (id: string, a: number, b: number, c: number, d: number) => [
  row(2025, 'ВПР', 'Русский язык', 5, id, a), row(2025, 'ВПР', 'Математика', 5, id, b),
  row(2025, 'ОГЭ', 'Русский язык', 9, id, c), row(2025, 'ОГЭ', 'Математика', 9, id, d),
];
const results = csv(
  'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80',
  ...key('R1', 6, 6, 6, 6), ...key('R2', 1, 1, 1, 1), ...key('R3', 2, 2, 0, 0), ...key('R4', 5, 5, 5, 5),
  row(2024, 'ВПР', 'Русский язык', 5, 'R3', 0), row(2024, 'ВПР', 'Математика', 5, 'R3', 0),
);
const lists = csv('year,school_id,list,name,municipality,source', '2025,R4,ШНОР,,,', '2025,R1,группа_риска,,,', '2025,R2,группа_риска,,,', '2025,R4,группа_риска,,,');
const schools = csv('school_id,name,municipality,type,location,closed_year,successor_id', 'R1,Р1,М1,СОШ,село,,', 'R2,Р2,М1,СОШ,село,,', 'R3,Р3,М2,СОШ,город,,', 'R4,Р4,М2,СОШ,город,,');

describeOnEngines('risk group', { results, lists, schools }, (db) => {
  it('names schools off the ШНОР list with negative dynamics or 2+ bottom-quartile key indicators', async () => {
    const rows = await riskGroup(db(), { year: 2025 });
    expect(rows.map((r) => [r.school_id, r.bottom_quartile, r.negative_dynamics, r.on_risk_list])).toEqual([
      ['R1', 4, false, true],
      ['R3', 0, true, false],
    ]);
    expect(rows[0].reasons).toBe(
      'в нижней четверти региона по 4 из 4 ключевых показателей: ВПР математика (успеваемость 40,0 %), ВПР русский язык (успеваемость 40,0 %), ОГЭ математика (успеваемость 40,0 %), ОГЭ русский язык (успеваемость 40,0 %)',
    );
    expect(rows[1].reasons).toBe('ВПР: доля «2» выросла с 0,0 % до 20,0 % (+20,0 п. п.)');
  });

  it('defaults to the latest year with results and filters by area', async () => {
    expect((await riskGroup(db())).map((r) => r.school_id)).toEqual(['R1', 'R3']);
    expect((await riskGroup(db(), { municipalities: ['М2'] })).map((r) => r.school_id)).toEqual(['R3']);
  });

  it('compares the computed group with the published list of the same year', async () => {
    // Computed: R1, R3. Published: R1, R2, R4 (R4 is on ШНОР, R2 meets neither rule).
    const { summary, publishedOnly } = await riskComparison(db(), { year: 2025 });
    expect(summary).toEqual({ year: 2025, published: true, both: 1, only_computed: 1, only_published: 2 });
    expect(publishedOnly.map((r) => [r.school_id, r.why])).toEqual([
      ['R2', 'нет отрицательной динамики и меньше 2 показателей в нижней четверти'],
      ['R4', 'в перечне ШНОР этого года'],
    ]);
    expect((await riskComparison(db(), { year: 2025, municipalities: ['М2'] })).summary).toMatchObject({ both: 0, only_computed: 1, only_published: 1 });
  });

  it('says when the published list lacks the year', async () => {
    expect((await riskComparison(db(), { year: 2024 })).summary).toMatchObject({ year: 2024, published: false, only_published: 0 });
  });
});
