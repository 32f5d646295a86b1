// An independent synthetic region for scoring the objectivity signs (`npm run eval:objectivity -- --generator
// independent`), written from the domain's description and not from the demo generator, so that the signs are
// not judged only on the mechanics they were developed on. Pupils answer tasks (an item-response model whose
// papers change difficulty from year to year), class sizes are skewed (many tiny village schools, a few very
// large ones), journals are lenient, strict or missing, and inflation works the ways it is reported to: help
// on a few tasks for weak pupils, points added up to a mark's minimum, a class copying one solution, grade 4
// alone, or starting in the middle of the period. Years 2020–2024 (the evaluation pools 2022–2024; the
// change and unconfirmed tests look back two years). data/README.md describes it.
import type { DemoData } from '../demo/generate';

/** xoshiro128** (a generator of its own, not the demo's), seeded through splitmix32. */
class Random {
  private s = new Uint32Array(4);
  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }
  u(): number {
    const s = this.s;
    const r = Math.imul(((Math.imul(s[1], 5) << 7) | (Math.imul(s[1], 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ((s[3] << 11) | (s[3] >>> 21)) >>> 0;
    return r / 4294967296;
  }
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.u();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.u() * (hi - lo + 1));
  }
  gauss(sd = 1): number {
    return sd * Math.sqrt(-2 * Math.log(1 - this.u())) * Math.cos(2 * Math.PI * this.u());
  }
  yes(p: number): boolean {
    return this.u() < p;
  }
  one<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.u() * xs.length)];
  }
  /** Poisson by inversion (small means only). */
  poisson(mean: number): number {
    let k = 0;
    let p = Math.exp(-mean);
    let c = p;
    const u = this.u();
    while (u > c && k < 200) {
      p *= mean / ++k;
      c += p;
    }
    return k;
  }
}

const YEARS = [2020, 2021, 2022, 2023, 2024];
const RU = 'Русский язык';
const MA = 'Математика';
/** ВПР papers per grade; the third subject of grades 6–8 differs from the demo's. */
const VPR: Record<number, string[]> = {
  4: [RU, MA, 'Окружающий мир'],
  5: [RU, MA, 'История'],
  6: [RU, MA, 'География'],
  7: [RU, MA, 'Обществознание'],
  8: [RU, MA, 'Физика'],
};
const OGE = [RU, MA, 'Обществознание', 'География'];

/** A paper's tasks: points per task (fixed for the subject and grade) and the marks' minimum shares of the maximum. */
interface Design {
  points: number[];
  cuts: [number, number, number];
}
function design(subject: string, grade: number): Design {
  const math = subject === MA;
  const tasks = math ? 12 + (grade % 3) : subject === RU ? 14 : 10;
  const points = Array.from({ length: tasks }, (_, i) => (math ? (i % 4 === 3 ? 2 : 1) : 1 + (i % 3)));
  const cuts: [number, number, number] = math
    ? [0.3, 0.55, 0.78]
    : subject === RU
      ? [0.36, 0.6, 0.84]
      : [0.33, 0.57, 0.8];
  return { points, cuts };
}
function thresholds(d: Design): [number, number, number, number] {
  const max = d.points.reduce((a, b) => a + b, 0);
  return [max, ...d.cuts.map((c) => Math.round(c * max))] as [number, number, number, number];
}
const markOf = (score: number, [, t3, t4, t5]: number[]) =>
  score >= t5 ? 5 : score >= t4 ? 4 : score >= t3 ? 3 : 2;

type Kind = 'help' | 'thresholds' | 'copy' | 'grade4';
interface Inflation {
  kind: Kind;
  /** Papers touched (subject|grade), all grade-4 papers for `grade4`. */
  papers: Set<string>;
  from: number;
  yearly: number;
  /** help: chance a weak pupil is given a helped task; thresholds: chance a near pupil is lifted; copy: share copying. */
  force: number;
  tasks: number;
  alignedJournal: boolean;
  tags: string[];
}
interface School {
  id: string;
  municipality: string;
  type: string;
  village: boolean;
  size: number;
  level: number;
  journalBias: number;
  journal: 'counts' | 'percent' | 'none';
  scores: boolean;
  gain: { from: number; by: number } | null;
  inflation: Inflation | null;
  labels: string[];
}

/** The independent region for `seed`: the canonical tables, the injected inflation and the honest hard cases. */
export function generateIndependent(seed: number, opts: { strictTeachers?: number } = {}): DemoData {
  const r = new Random(seed * 7 + 3);
  // A stress test, off by default (`--strict-teachers SHARE` of eval:objectivity): a subject's teacher who marks
  // strictly (that share of a school's subjects, −0,8 on top of the school's leniency), from a stream of its own so
  // that every other draw is as without it: the paper stands out from the class's other subjects in the journal
  // while its ВПР marks are honest (the third, blind region's hardest honest case).
  const teachers = new Random(seed * 7 + 5);
  const teacherBias = new Map<string, number>();
  const out: DemoData = {
    schools: [],
    lists: [],
    results: [],
    vpr_journal: [],
    score_dist: [],
    mark_scales: [],
    truth: [],
    hardCases: new Map(),
  };

  // Municipalities: three towns and eighteen rural districts; most schools are small village schools.
  const schools: School[] = [];
  const add = (municipality: string, village: boolean, townLevel: number, count: number, m: number) => {
    for (let i = 1; i <= count; i++) {
      const labels: string[] = [];
      let type = village ? r.one(['СОШ', 'СОШ', 'ООШ', 'ООШ', 'НОШ']) : r.one(['СОШ', 'СОШ', 'СОШ', 'ЦО']);
      // Pupils per grade: villages Poisson around 2–12, towns log-normal around 40, a few complexes of 150–260.
      let size = village ? 1 + r.poisson(r.between(1, 11)) : Math.round(40 * Math.exp(r.gauss(0.45)));
      if (!village && r.yes(0.04)) {
        size = r.int(150, 260);
        labels.push('очень большая школа');
      }
      let level = townLevel + r.gauss(0.35) - (type === 'ООШ' ? 0.25 : 0);
      if (!village && r.yes(0.1)) {
        type = r.one(['гимназия', 'лицей']);
        level += r.yes(0.3) ? 1.4 : 0.8;
        labels.push('сильная гимназия или лицей');
      }
      if (size <= 5) labels.push('крошечная школа');
      const roll = r.u();
      const journalBias = roll < 0.1 ? -0.7 : roll < 0.22 ? 0.9 : r.gauss(0.15) + 0.2;
      if (roll < 0.1) labels.push('строгий журнал');
      else if (roll < 0.22) labels.push('мягкий журнал');
      const jr = r.u();
      const journal = jr < 0.08 ? 'none' : jr < 0.18 ? 'percent' : 'counts';
      if (journal === 'none') labels.push('нет журнала');
      const gain = r.yes(0.05) ? { from: r.int(2021, 2024), by: r.between(0.5, 0.9) } : null;
      if (gain) labels.push('реальный рост');
      schools.push({
        id: `ind77${String(m).padStart(2, '0')}${String(i).padStart(3, '0')}`,
        municipality,
        type,
        village,
        size: Math.max(1, size),
        level,
        journalBias,
        journal,
        scores: r.yes(0.93),
        gain,
        inflation: null,
        labels,
      });
    }
  };
  const towns = ['г. Заречный', 'г. Озёрск-на-Вятке', 'г. Каменный Брод'];
  for (const [i, name] of towns.entries()) add(name, false, 0.25 - 0.1 * i, r.int(70, 160), i + 1);
  for (let d = 1; d <= 18; d++) add(`Район № ${d}`, true, -0.2 + r.gauss(0.15), r.int(25, 45), 10 + d);

  // Inflation: about 7 % of schools, weaker ones more often; one of four mechanics, some beginning mid-period.
  for (const s of schools) {
    if (s.gain || !r.yes(s.level < -0.2 ? 0.1 : s.type === 'гимназия' || s.type === 'лицей' ? 0.04 : 0.06))
      continue;
    const kind = r.one<Kind>(['help', 'help', 'thresholds', 'copy', 'grade4']);
    const late = r.yes(0.4);
    const papers = new Set<string>();
    if (kind === 'grade4') for (const sub of VPR[4]) papers.add(`${sub}|4`);
    else {
      const pool = kind === 'thresholds' ? [`${RU}|4`, `${MA}|4`, `${RU}|5`, `${MA}|5`, `${MA}|6`] : null;
      const n = r.yes(0.6) ? 1 : r.int(2, 3);
      while (papers.size < n) {
        const g = s.type === 'НОШ' ? 4 : r.int(4, 8);
        papers.add(pool ? r.one(pool) : `${r.one(VPR[g])}|${g}`);
      }
    }
    const force =
      kind === 'copy'
        ? r.between(0.3, 1)
        : kind === 'thresholds'
          ? r.between(0.3, 0.9)
          : r.between(0.25, 0.9);
    const tags = [late ? 'начало в середине периода' : 'с начала периода'];
    if (force < 0.45) tags.push('слабое');
    const alignedJournal = r.yes(kind === 'grade4' ? 0.5 : 0.2);
    if (alignedJournal) tags.push('журнал подогнан');
    s.inflation = {
      kind,
      papers,
      from: late ? r.int(2022, 2024) : 2020,
      yearly: r.between(0.7, 1),
      force,
      tasks: r.int(2, 4),
      alignedJournal,
      tags,
    };
  }

  // Paper difficulty by year: small region-wide moves, and three papers that change a lot.
  const big: Record<string, number> = {
    [`${MA}|5|2023`]: -0.6,
    [`${RU}|4|2022`]: 0.5,
    [`${MA}|7|2024`]: -0.5,
  };
  const itemsOf = new Map<string, { b: number; a: number }[]>();
  const items = (subject: string, grade: number, year: number, procedure: string) => {
    const key = `${procedure}|${subject}|${grade}|${year}`;
    let it = itemsOf.get(key);
    if (!it) {
      const shift = (big[`${subject}|${grade}|${year}`] ?? 0) + r.gauss(0.12);
      it = design(subject, grade).points.map(() => ({
        b: -0.9 + shift + r.gauss(0.9),
        a: r.between(0.7, 1.6),
      }));
      itemsOf.set(key, it);
    }
    return it;
  };
  const steps = (theta: number, item: { b: number; a: number }, points: number) => {
    let got = 0;
    while (got < points && r.u() < 1 / (1 + Math.exp(-1.7 * item.a * (theta - item.b - 0.7 * got)))) got++;
    return got;
  };

  // Cohorts (birth year of a class) differ; a few are far stronger or weaker in everything.
  const cohort = new Map<string, number>();
  const cohortEffect = (s: School, c: number) => {
    const key = `${s.id}|${c}`;
    if (!cohort.has(key)) {
      const odd = r.u();
      const e = odd < 0.03 ? 0.8 : odd < 0.06 ? -0.8 : r.gauss(0.2);
      if (Math.abs(e) === 0.8) {
        const label = e > 0 ? 'сильная когорта' : 'слабая когорта';
        if (!s.labels.includes(label)) s.labels.push(label);
      }
      cohort.set(key, e);
    }
    return cohort.get(key)!;
  };

  for (const year of YEARS)
    for (const [subject, gradeStr] of [...Object.entries(VPR)].flatMap(([g, subs]) =>
      subs.map((x) => [x, g]),
    )) {
      const [max, t3, t4, t5] = thresholds(design(subject, Number(gradeStr)));
      const bounds = [0, t3, t4, t5, max + 1];
      for (let m = 2; m <= 5; m++)
        out.mark_scales.push({
          year,
          procedure: 'ВПР',
          subject,
          grade: Number(gradeStr),
          mark: m,
          min_score: bounds[m - 2],
          max_score: bounds[m - 1] - 1,
        });
    }

  for (const s of schools) {
    out.schools.push({
      school_id: s.id,
      name: `${s.type === 'гимназия' ? 'МАОУ «Гимназия' : s.type === 'лицей' ? 'МАОУ «Лицей' : `МКОУ «${s.type}`} № ${s.id.slice(-3)}»`,
      municipality: s.municipality,
      type: s.type,
      location: s.village ? 'село' : 'город',
      closed_year: null,
      successor_id: null,
      region: 'Независимая область',
    });
    let drift = 0;
    for (const year of YEARS) {
      drift += r.gauss(0.06);
      const level = s.level + drift + (s.gain && year >= s.gain.from ? s.gain.by : 0);
      const inf = s.inflation && year >= s.inflation.from && r.yes(s.inflation.yearly) ? s.inflation : null;
      const grades = s.type === 'НОШ' ? [4] : [4, 5, 6, 7, 8, 9];
      for (const grade of grades) {
        const n = Math.max(0, Math.round(s.size * (1 + r.gauss(0.15))));
        if (n === 0) continue;
        const classLevel = level + cohortEffect(s, year - grade);
        const pupils = Array.from({ length: n }, () => classLevel + r.gauss(1));
        if (grade === 9) {
          for (const subject of OGE) paper(s, year, 'ОГЭ', subject, 9, pupils, null);
          continue;
        }
        for (const subject of VPR[grade])
          paper(s, year, 'ВПР', subject, grade, pupils, inf?.papers.has(`${subject}|${grade}`) ? inf : null);
      }
    }
    if (s.labels.length) out.hardCases.set(s.id, s.labels);
  }

  /** One paper of one class: each pupil's tasks, marks, journal marks, and the tables' rows. */
  function paper(
    s: School,
    year: number,
    procedure: 'ВПР' | 'ОГЭ',
    subject: string,
    grade: number,
    class_: number[],
    inf: Inflation | null,
  ) {
    const d = design(subject, grade);
    const th = thresholds(d);
    const it = items(subject, grade, year, procedure);
    const takers = class_
      .filter(() => r.yes(procedure === 'ОГЭ' ? 0.97 : 0.92))
      .map((t) => t + r.gauss(0.45));
    if (!takers.length) return;
    // Points per pupil and task; the help inflation overwrites tasks before they are summed.
    const answers = takers.map((t) => d.points.map((p, i) => steps(t, it[i], p)));
    if (inf && (inf.kind === 'help' || inf.kind === 'grade4')) {
      // The teacher prompts the paper's hardest tasks to the pupils below the class median.
      const median = [...takers].sort((a, b) => a - b)[Math.floor(takers.length / 2)];
      const hardest = it
        .map((x, i) => ({ b: x.b, i }))
        .sort((a, b) => b.b - a.b)
        .slice(0, inf.tasks);
      answers.forEach((a, k) => {
        if (takers[k] <= median) for (const { i } of hardest) if (r.yes(inf.force)) a[i] = d.points[i];
      });
    }
    let scores = answers.map((a) => a.reduce((x, y) => x + y, 0));
    if (inf) {
      if (inf.kind === 'thresholds') {
        // Lenient checking: a pupil one to three points under a mark's minimum is lifted exactly onto it.
        scores = scores.map((sc) => {
          const next = [th[1], th[2], th[3]].find((t) => t > sc);
          const gap = next === undefined ? 99 : next - sc;
          return gap <= 3 && r.yes(inf.force * (gap === 3 ? 0.5 : 1)) ? next! : sc;
        });
      } else if (inf.kind === 'copy') {
        // A share of the class copies one strong solution: near-equal high scores.
        const template = Math.round(th[3] + (th[0] - th[3]) * 0.4);
        scores = scores.map((sc) =>
          r.yes(inf.force) ? Math.max(sc, Math.min(th[0], template - r.int(0, 2))) : sc,
        );
      }
      out.truth.push({
        school_id: s.id,
        year,
        procedure: 'ВПР',
        subject,
        grade,
        kind: inf.kind,
        strength: inf.force,
        push: 0,
        tags: inf.tags.join(';'),
      });
    }
    const marks = scores.map((sc) => markOf(sc, th));
    const counts = [0, 0, 0, 0];
    for (const m of marks) counts[m - 2]++;
    out.results.push({
      year,
      procedure,
      subject,
      grade,
      school_id: s.id,
      participants: marks.length,
      m2: counts[0],
      m3: counts[1],
      m4: counts[2],
      m5: counts[3],
      mean_score: Math.round((100 * scores.reduce((a, b) => a + b, 0)) / scores.length) / 100,
      below_min: null,
      high_80: null,
    });
    if (procedure !== 'ВПР') return;
    if (s.scores && (subject === RU || subject === MA) && grade <= 6) {
      const hist = new Map<number, number>();
      for (const sc of scores) hist.set(sc, (hist.get(sc) ?? 0) + 1);
      // A school that reports its journal in percent reports its score distribution so too (one decimal).
      for (const [score, count] of [...hist].sort((a, b) => a[0] - b[0]))
        out.score_dist.push({
          year,
          procedure,
          subject,
          grade,
          school_id: s.id,
          score,
          count: s.journal === 'percent' ? Math.round((1000 * count) / scores.length) / 10 : count,
        });
    }
    if (s.journal === 'none') return;
    const teacher = `${s.id}|${subject}`;
    if (!teacherBias.has(teacher)) {
      const strict = teachers.u() < (opts.strictTeachers ?? 0);
      teacherBias.set(teacher, strict ? -0.8 : 0);
      if (strict && !s.labels.includes('строгий учитель предмета')) s.labels.push('строгий учитель предмета');
    }
    const strictBy = teacherBias.get(teacher) ?? 0;
    // The journal: the teacher's view of the pupil over the term (own noise, the school's and the teacher's
    // leniency), rarely «2».
    const max = th[0];
    const jc = [0, 0, 0];
    takers.forEach((t, k) => {
      const noise = r.gauss(0.5);
      const markAt = (bias: number) =>
        markOf(Math.round(max / (1 + Math.exp(-1.2 * (t + bias + noise + 0.3)))), th);
      let j = markAt(s.journalBias);
      if (j === 2 && r.yes(0.6)) j = 3;
      // The strict teacher's mark from the same view of the pupil; its own coin, so that the main stream is unchanged.
      if (strictBy) {
        j = markAt(s.journalBias + strictBy);
        if (j === 2 && teachers.yes(0.6)) j = 3;
      }
      if (inf?.alignedJournal) j = Math.max(j, marks[k]);
      jc[marks[k] < j ? 0 : marks[k] === j ? 1 : 2]++;
    });
    const pct = (x: number) => (s.journal === 'percent' ? Math.round((1000 * x) / takers.length) / 10 : x);
    out.vpr_journal.push({
      year,
      subject,
      grade,
      school_id: s.id,
      lowered: pct(jc[0]),
      confirmed: pct(jc[1]),
      raised: pct(jc[2]),
    });
  }

  // The ШНОР list: a year's weakest 8 % by ВПР share of «2» in the two years before.
  for (const year of YEARS.slice(2)) {
    const fail = new Map<string, [number, number]>();
    for (const row of out.results)
      if (row.procedure === 'ВПР' && (row.year as number) >= year - 2 && (row.year as number) < year) {
        const f = fail.get(row.school_id as string) ?? [0, 0];
        fail.set(row.school_id as string, [f[0] + (row.m2 as number), f[1] + (row.participants as number)]);
      }
    const ranked = [...fail]
      .filter(([, [, n]]) => n >= 10)
      .sort((a, b) => b[1][0] / b[1][1] - a[1][0] / a[1][1]);
    for (const [id] of ranked.slice(0, Math.round(0.08 * ranked.length)))
      out.lists.push({
        year,
        school_id: id,
        list: 'ШНОР',
        name: null,
        municipality: null,
        source: null,
        markers: null,
        papers: null,
      });
  }
  return out;
}
