import { expect, it } from 'vitest';
import { journalShares, objectivityFlags, objectivityMarkers, OBJECTIVITY_DEFAULTS, vprVsOge } from '@/lib/metrics/objectivity';
import { csv, describeOnEngines } from '../helpers/engines';

const pad = (i: number) => String(i).padStart(2, '0');
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

// 1. Journal: 20 schools, 20 pupils each, J{i} raised i−1 marks: only J20 (19/20) is in the top 5 %
//    (cume_dist 1/20). Jsmall (5 pupils, all raised) is below 10 participants and not compared.
const journal = csv(
  'year,subject,grade,school_id,lowered,confirmed,raised',
  ...range(20).map((i) => `2024,Математика,5,J${pad(i)},0,${21 - i},${i - 1}`),
  '2024,Математика,5,Jsmall,0,0,5',
);
// 2. Unconfirmed: 10 schools, ВПР русский 2024 quality U{i} = i/10: U10 alone in the top 10 %. ОГЭ русский:
//    U10 0.2 against U01–U04 0.5–0.8, median 0.6 → flagged. In 2022 the top school is U11, a гимназия.
const vprRu = (year: number, id: string, good: number) => `${year},ВПР,Русский язык,5,${id},20,0,${20 - good},${good},0,,,`;
const ogeRu = (id: string, good: number) => `2024,ОГЭ,Русский язык,9,${id},10,0,${10 - good},${good},0,,,`;
// 3. Jumps, ВПР история 5 класс: H1 quality 0.3 → 0.5 (+20 p.p.); H2 share of «2» 0.3 → 0.2 (−10 p.p.);
//    H3 jumps more but had 9 participants in 2023.
// 4. Peaks: P1 has 6 of 20 pupils exactly at 5 points (min of «3»), 1 at 4 and 2 at 6: 0.3 ≥ 2 × 0.075.
//    P2 has the same shape with 19 pupils; P3 is flat around the threshold.
const results = csv(
  'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80',
  ...range(10).map((i) => vprRu(2024, `U${pad(i)}`, 2 * i)),
  ...range(9).map((i) => vprRu(2022, `U${pad(i)}`, 2 * i)),
  vprRu(2022, 'U11', 20),
  ogeRu('U10', 2), ogeRu('U01', 5), ogeRu('U02', 6), ogeRu('U03', 7), ogeRu('U04', 8),
  '2022,ОГЭ,Русский язык,9,U11,10,0,8,2,0,,,',
  '2022,ОГЭ,Русский язык,9,U01,10,0,4,6,0,,,',
  '2022,ОГЭ,Русский язык,9,U02,10,0,3,7,0,,,',
  // U01 also writes ВПР and ОГЭ in mathematics; U02 ВПР mathematics only (no pair, left out of the scatter).
  '2024,ВПР,Математика,5,U01,20,0,10,10,0,,,',
  '2024,ОГЭ,Математика,9,U01,10,0,7,3,0,,,',
  '2024,ВПР,Математика,5,U02,20,0,0,20,0,,,',
  '2023,ВПР,История,5,H1,10,3,4,3,0,,,',
  '2024,ВПР,История,5,H1,10,2,3,5,0,,,',
  '2023,ВПР,История,5,H2,10,3,4,3,0,,,',
  '2024,ВПР,История,5,H2,10,2,4,4,0,,,',
  '2023,ВПР,История,5,H3,9,5,4,0,0,,,',
  '2024,ВПР,История,5,H3,10,0,0,10,0,,,',
);
const dist = (id: string, counts: Record<number, number>) => Object.entries(counts).map(([score, n]) => `2024,ВПР,Математика,5,${id},${score},${n}`);
const scoreDist = csv(
  'year,procedure,subject,grade,school_id,score,count',
  ...dist('P1', { 4: 1, 5: 6, 6: 2, 12: 11 }),
  ...dist('P2', { 4: 1, 5: 6, 6: 2, 12: 10 }),
  ...dist('P3', { 4: 4, 5: 4, 6: 4, 12: 8 }),
);
const markScales = csv(
  'year,procedure,subject,grade,mark,min_score,max_score',
  '2024,ВПР,Математика,5,2,0,4',
  '2024,ВПР,Математика,5,3,5,9',
  '2024,ВПР,Математика,5,4,10,14',
  '2024,ВПР,Математика,5,5,15,20',
);
const schools = csv(
  'school_id,name,municipality,type,location,closed_year,successor_id',
  'U10,Школа У10,М1,СОШ,город,,',
  'U11,Гимназия У11,М1,гимназия,город,,',
);

describeOnEngines('objectivity indicators', { vpr_journal: journal, results, score_dist: scoreDist, mark_scales: markScales, schools }, (db) => {
  const of = async (indicator: string, year = 2024) => (await objectivityFlags(db(), { year })).filter((f) => f.indicator === indicator);

  it('1. flags the journal mismatch in the region top 5 %, with the reason', async () => {
    const flags = await of('journal');
    expect(flags.map((f) => f.school_id)).toEqual(['J20']);
    expect(flags[0].reason).toMatch(/^ВПР 2024, Математика, 5 класс: повысили отметку по журналу 95,0 % участников/);
  });

  it('2. flags top ВПР quality that ОГЭ does not confirm, never for a гимназия', async () => {
    const flags = await of('unconfirmed');
    expect(flags.map((f) => [f.school_id, f.subject])).toEqual([['U10', 'Русский язык']]);
    expect(flags[0].reason).toContain('качество 100,0 %');
    expect(flags[0].reason).toContain('ОГЭ — качество 20,0 % при медиане региона 60,0 %');
    expect(await of('unconfirmed', 2022)).toEqual([]);
  });

  it('3. flags sharp jumps from one year to the next with 10+ participants in both', async () => {
    const flags = await of('jump');
    expect(flags.map((f) => f.school_id)).toEqual(['H1', 'H2']);
    expect(flags[0].reason).toContain('качество выросло с 30,0 % до 50,0 % (+20,0 п. п.)');
    expect(flags[1].reason).toContain('доля «2» снизилась с 30,0 % до 20,0 % (−10,0 п. п.)');
  });

  it('4. flags peaks at a mark threshold with 20+ participants', async () => {
    const flags = await of('peaks');
    expect(flags.map((f) => f.school_id)).toEqual(['P1']);
    expect(flags[0].reason).toContain('ровно минимальный балл отметки «3» (5 б.) у 30,0 % участников, на соседних баллах в среднем 7,5 %');
  });

  it('thresholds are settings', async () => {
    const strict = await objectivityFlags(db(), { year: 2024 }, { ...OBJECTIVITY_DEFAULTS, jumpQuality: 0.25, jumpShare2: 0.15, peakRatio: 5 });
    expect(strict.filter((f) => f.indicator === 'jump' || f.indicator === 'peaks')).toEqual([]);
  });

  it('counts markers per school and year', async () => {
    const rows = await objectivityMarkers(db(), { year: 2024 });
    expect(rows.map((r) => [r.school_id, r.markers])).toEqual([
      ['H1', 1], ['H2', 1], ['J20', 1], ['P1', 1], ['U10', 1],
    ]);
    // H1's share of «2» also fell from 3 to 2 of 10 pupils: one flag, both reasons.
    expect(rows.find((r) => r.school_id === 'H1')!.flags).toBe(1);
    expect((await objectivityFlags(db(), { school: 'H1', year: 2024 })).map((x) => x.reason)).toEqual(['ВПР 2024, История, 5 класс: качество выросло с 30,0 % до 50,0 % (+20,0 п. п.); доля «2» снизилась с 30,0 % до 20,0 % (−10,0 п. п.)']);
  });

  it('gives each school\'s journal shares for the histogram, by subject and grade when chosen', async () => {
    const all = await journalShares(db(), {}, 2024);
    // J20 raised 19 of 20 marks; Jsmall all 5 of 5.
    expect(all.find((r) => r.school_id === 'J20')).toEqual({ school_id: 'J20', raised_share: 0.95, lowered_share: 0, participants: 20 });
    expect(all.find((r) => r.school_id === 'Jsmall')).toEqual({ school_id: 'Jsmall', raised_share: 1, lowered_share: 0, participants: 5 });
    expect(all).toHaveLength(21);
    expect(await journalShares(db(), { subject: 'Математика', grade: 5 }, 2024)).toEqual(all);
    expect(await journalShares(db(), { subject: 'История' }, 2024)).toEqual([]);
    expect(await journalShares(db(), { grade: 6 }, 2024)).toEqual([]);
  });

  it('pairs ВПР and ОГЭ quality of the same subjects, one point per school, for the scatter', async () => {
    const rows = await vprVsOge(db(), {}, 2024);
    // Schools with both: U01–U04 (ВПР i/10, ОГЭ 0.5–0.8) and U10 (ВПР 1.0, ОГЭ 0.2). U01 with mathematics:
    // ВПР (2 + 10) / 40 = 0.3, ОГЭ (5 + 3) / 20 = 0.4.
    const points = (rs: typeof rows) => rs.map((r) => [r.school_id, r.subjects, r.vpr_quality, r.oge_quality, r.vpr_participants, r.oge_participants]);
    expect(points(rows)).toEqual([
      ['U01', 'Математика, Русский язык', 0.3, 0.4, 40, 20], ['U02', 'Русский язык', 0.2, 0.6, 20, 10], ['U03', 'Русский язык', 0.3, 0.7, 20, 10],
      ['U04', 'Русский язык', 0.4, 0.8, 20, 10], ['U10', 'Русский язык', 1, 0.2, 20, 10],
    ]);
    expect(points(await vprVsOge(db(), { subject: 'Математика' }, 2024))).toEqual([['U01', 'Математика', 0.5, 0.3, 20, 10]]);
  });
});
