import { expect, it } from 'vitest';
import { similarSchools } from '@/lib/metrics/school';
import { csv, describeOnEngines } from '../helpers/engines';

// Four town schools; D is an ООШ, the others СОШ. ВПР 2024 unless said.
const schools = csv(
  'school_id,name,municipality,type,location,closed_year,successor_id',
  'A,Школа А,М1,СОШ,город,,',
  'B,Школа Б,М1,СОШ,город,,',
  'C,Школа В,М2,СОШ,город,,',
  'D,Школа Г,М2,ООШ,город,,',
);
const H = 'year,procedure,subject,grade,school_id,participants,m2,m3,m4,m5,mean_score,below_min,high_80';
const results = csv(
  H,
  // A: 40 + 20 = 60 pupils.
  '2024,ВПР,Математика,5,A,40,4,16,12,8,,,',
  '2024,ВПР,Русский язык,5,A,20,2,8,6,4,,,',
  // B: 50 pupils with marks; a paper without marks and an ЕГЭ row do not count.
  '2024,ВПР,Математика,5,B,50,10,20,10,10,,,',
  '2024,ВПР,История,5,B,20,,,,,,,',
  '2024,ЕГЭ,Русский язык,11,B,30,,,,,70,1,2',
  // C: 100 pupils in 2024; its 2023 row is another year.
  '2024,ВПР,Математика,5,C,100,5,45,30,20,,,',
  '2023,ВПР,Математика,5,C,10,10,0,0,0,,,',
  '2024,ВПР,Математика,5,D,60,6,24,18,12,,,',
);

describeOnEngines('similar schools', { schools, results }, (db) => {
  it('ranks schools of the same type and location by closeness in ВПР participants, with their share of «2» and quality', async () => {
    const rows = await similarSchools(db(), 'A');
    // A has 60 pupils: B (50) is 10 away, C (100) 40; D is an ООШ.
    expect(rows.map((r) => [r.school_id, r.participants])).toEqual([
      ['B', 50],
      ['C', 100],
    ]);
    // B: «2» 10 / 50, «4»+«5» (10 + 10) / 50. C: 5 / 100, (30 + 20) / 100.
    expect(rows[0].share_2).toBeCloseTo(0.2, 12);
    expect(rows[0].quality).toBeCloseTo(0.4, 12);
    expect(rows[1].share_2).toBeCloseTo(0.05, 12);
    expect(rows[1].quality).toBeCloseTo(0.5, 12);
  });
});
