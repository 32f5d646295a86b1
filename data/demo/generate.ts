// Deterministic demo region: schools with a persistent latent quality, results of ВПР/ОГЭ/ЕГЭ simulated
// pupil by pupil, and lists chosen from those results by the rule documented in data/README.md.
import { Rng } from './rng';
import { CITIES, DISTRICT_ROOTS, REGION_CODE, REGION_NAME, VILLAGE_NAMES } from './names';

export const FIRST_YEAR = 2019;
export const LAST_YEAR = 2025;
const BURN_IN_YEAR = 2015; // latent drift starts here; 2017–2018 results choose the 2019 lists and are not shipped
const UNPUBLISHED: Record<string, number[]> = { необъективность: [2021] };

export const TRUTH_COLUMNS = [
  'school_id',
  'year',
  'procedure',
  'subject',
  'grade',
  'kind',
  'strength',
  'push',
];

export type Row = Record<string, string | number | null>;
export interface DemoData {
  schools: Row[];
  lists: Row[];
  results: Row[];
  vpr_journal: Row[];
  score_dist: Row[];
  mark_scales: Row[];
  /** Injected inflation of ВПР results, one row per paper (not a canonical table): for evaluating objectivity indicators. */
  truth: Row[];
  /** Honest hard cases per school (never inflating ones matter): for the evaluation's false positives. */
  hardCases: Map<string, string[]>;
}

type SchoolType = 'СОШ' | 'ООШ' | 'НОШ' | 'гимназия' | 'лицей' | 'ЦО';
interface School {
  id: string;
  name: string;
  municipality: string;
  type: SchoolType;
  location: 'город' | 'село';
  gradeSize: number;
  eff: number;
  drift: number;
  boost: number;
  /** Journal leniency: the term mark's offset against ability (normal variation between schools). */
  lenience: number;
  /** Honest hard case: a real, lasting improvement of `gain` from `stepYear` on (ВПР and ГИА alike). */
  stepYear: number | null;
  gain: number;
  inflation: Inflation | null;
  closedYear: number | null;
  successorId: string | null;
}

interface SubjectSpec {
  subject: string;
  maxScore: number;
  difficulty: number;
  /** Share of the grade that sits the exam (electives). */
  take: number;
  withScoreDist?: boolean;
}

/**
 * How a school inflates ВПР (ground truth for the objectivity indicators):
 * - shift: pupils helped across the board (ability + strength), journal marks honest;
 * - aligned: the same, with journal marks raised alike (the journal comparison cannot see it);
 * - thresholds: lenient checking, pupils 1–3 points under a mark's minimum put on it (probability `push`);
 * - combo: shift and thresholds together.
 * Only `papers` are touched, from `startYear` on, in a year with probability `rate`.
 */
type InflationKind = 'shift' | 'aligned' | 'thresholds' | 'combo';
interface Inflation {
  kind: InflationKind;
  strength: number;
  push: number;
  papers: Set<string>;
  startYear: number;
  rate: number;
}
const paperKey = (subject: string, grade: number) => `${grade}:${subject}`;

const VPR_FRACTIONS = [0.25, 0.55, 0.8];
const OGE_FRACTIONS = [0.3, 0.55, 0.8];
const VPR: { grade: number; subjects: SubjectSpec[] }[] = [
  {
    grade: 4,
    subjects: [
      { subject: 'Русский язык', maxScore: 38, difficulty: 0.1, take: 0.92, withScoreDist: true },
      { subject: 'Математика', maxScore: 20, difficulty: 0, take: 0.92, withScoreDist: true },
      { subject: 'Окружающий мир', maxScore: 32, difficulty: -0.4, take: 0.92 },
    ],
  },
  ...[5, 6, 7, 8].map((grade) => ({
    grade,
    subjects: [
      { subject: 'Русский язык', maxScore: 45, difficulty: 0.15, take: 0.9, withScoreDist: grade === 5 },
      {
        subject: 'Математика',
        maxScore: 20,
        difficulty: 0.1 + (grade - 5) * 0.05,
        take: 0.9,
        withScoreDist: grade === 5,
      },
      { subject: 'История', maxScore: 15, difficulty: -0.1, take: 0.88 },
      { subject: 'Биология', maxScore: 29, difficulty: 0, take: 0.88 },
    ],
  })),
  {
    grade: 11,
    subjects: [
      { subject: 'История', maxScore: 21, difficulty: -0.2, take: 0.85 },
      { subject: 'География', maxScore: 22, difficulty: -0.3, take: 0.85 },
    ],
  },
];
const OGE: SubjectSpec[] = [
  { subject: 'Русский язык', maxScore: 33, difficulty: -0.3, take: 0.97 },
  { subject: 'Математика', maxScore: 31, difficulty: -0.1, take: 0.97, withScoreDist: true },
  { subject: 'Обществознание', maxScore: 37, difficulty: -0.2, take: 0.6 },
  { subject: 'Информатика', maxScore: 19, difficulty: -0.3, take: 0.45 },
  { subject: 'Биология', maxScore: 48, difficulty: 0, take: 0.25 },
];
const EGE: { subject: string; take: number; shift: number; minScore: number }[] = [
  { subject: 'Русский язык', take: 1, shift: 0.9, minScore: 24 },
  { subject: 'Математика', take: 0.5, shift: 0.3, minScore: 27 },
  { subject: 'Обществознание', take: 0.45, shift: 0.1, minScore: 42 },
  { subject: 'Физика', take: 0.2, shift: 0.1, minScore: 36 },
];

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const thresholds = (max: number, fractions: number[]) => fractions.map((f) => Math.round(f * max));
const markOf = (score: number, th: number[]) =>
  score < th[0] ? 2 : score < th[1] ? 3 : score < th[2] ? 4 : 5;
const hasGrade = (s: School, g: number) => (s.type === 'НОШ' ? g <= 4 : s.type === 'ООШ' ? g <= 9 : true);

/** One region of a generated country: its code in school ids, its name, and its size against the demo's. */
export interface RegionSpec {
  code: string;
  name: string;
  /** Share of the demo's schools (cities' schools and districts): 1 is the demo's size. */
  scale: number;
}
const DEMO_REGION: RegionSpec = { code: REGION_CODE, name: REGION_NAME, scale: 1 };

function makeSchools(rng: Rng, region: RegionSpec): School[] {
  const schools: School[] = [];
  const add = (
    muniIdx: number,
    n: number,
    s: Omit<
      School,
      'id' | 'drift' | 'boost' | 'lenience' | 'stepYear' | 'gain' | 'inflation' | 'closedYear' | 'successorId'
    >,
  ) => {
    schools.push({
      ...s,
      id: `edu${region.code}${String(muniIdx + 1).padStart(2, '0')}${String(n).padStart(3, '0')}`,
      drift: 0,
      boost: 0,
      lenience: 0,
      stepYear: null,
      gain: 0,
      inflation: null,
      closedYear: null,
      successorId: null,
    });
  };
  const scaled = (n: number, min: number) =>
    region.scale === 1 ? n : Math.max(min, Math.round(n * region.scale));
  CITIES.forEach((city, ci) => {
    const muniEff = rng.normal(0.25, 0.2);
    for (let n = 1; n <= scaled(city.schools, 5); n++) {
      const u = rng.next();
      const type: SchoolType =
        u < 0.08
          ? 'гимназия'
          : u < 0.14
            ? 'лицей'
            : u < 0.2
              ? 'ЦО'
              : u < 0.23
                ? 'НОШ'
                : u < 0.27
                  ? 'ООШ'
                  : 'СОШ';
      const label =
        type === 'гимназия'
          ? `Гимназия № ${n}`
          : type === 'лицей'
            ? `Лицей № ${n}`
            : type === 'ЦО'
              ? `ЦО № ${n}`
              : `${type} № ${n}`;
      const typeEff = type === 'гимназия' ? 0.7 : type === 'лицей' ? 0.6 : type === 'ООШ' ? -0.25 : 0;
      add(ci, n, {
        name: `${rng.chance(0.7) ? 'МБОУ' : 'МАОУ'} «${label}»`,
        municipality: city.name,
        type,
        location: 'город',
        gradeSize: Math.max(
          12,
          Math.round(Math.exp(rng.normal(Math.log(type === 'гимназия' || type === 'лицей' ? 80 : 55), 0.35))),
        ),
        eff: muniEff + typeEff + rng.normal(0, 0.45),
      });
    }
  });
  DISTRICT_ROOTS.slice(0, scaled(DISTRICT_ROOTS.length, 2)).forEach((root, di) => {
    const muniIdx = CITIES.length + di;
    // «Берёзов» → г. Берёзовск, Берёзовский район; «Троицк» → г. Троицк, Троицкий район.
    const centre = /[сц]к$/.test(root) ? root : `${root}ск`;
    const municipality = `${centre}ий район`;
    const muniEff = rng.normal(-0.15, 0.3);
    const count = rng.int(22, 38);
    const villages = [...VILLAGE_NAMES].sort(() => rng.next() - 0.5);
    for (let n = 1; n <= count; n++) {
      const town = n <= 3;
      const u = rng.next();
      const type: SchoolType = town
        ? n === 1 && rng.chance(0.5)
          ? 'гимназия'
          : 'СОШ'
        : u < 0.5
          ? 'СОШ'
          : u < 0.82
            ? 'ООШ'
            : u < 0.9
              ? 'НОШ'
              : 'ЦО';
      const label = town
        ? `${type === 'гимназия' ? 'Гимназия' : `СОШ № ${n}`} г. ${centre}`
        : `${type} с. ${villages[(n - 4) % villages.length]}`;
      const typeEff = type === 'гимназия' ? 0.6 : type === 'ООШ' ? -0.2 : 0;
      add(muniIdx, n, {
        name: `${town ? 'МБОУ' : 'МКОУ'} «${label}»`,
        municipality,
        type,
        location: town ? 'город' : 'село',
        gradeSize: town
          ? Math.round(Math.exp(rng.normal(Math.log(40), 0.3)))
          : Math.max(
              2,
              Math.round(Math.exp(rng.normal(Math.log(type === 'ООШ' || type === 'НОШ' ? 7 : 13), 0.45))),
            ),
        eff: muniEff + typeEff - 0.15 + rng.normal(0, 0.5),
      });
    }
  });
  const papers = VPR.flatMap((g) =>
    g.subjects.map((x) => ({ key: paperKey(x.subject, g.grade), grade: g.grade, subject: x.subject })),
  );
  for (const s of schools) {
    s.lenience = rng.normal(0, 0.2);
    // A few very strong гимназии and лицеи: high ВПР confirmed by high ГИА.
    if ((s.type === 'гимназия' || s.type === 'лицей') && rng.chance(0.25)) s.eff += 0.8;
    if (rng.chance(0.03)) {
      s.stepYear = rng.int(FIRST_YEAR + 1, LAST_YEAR);
      s.gain = rng.normal(0.9, 0.2);
    }
  }
  // Inflaters lean towards weaker schools (inflated results keep them off the list); гимназии and лицеи rarely.
  const byEff = [...schools].sort((a, b) => a.eff - b.eff);
  byEff.forEach((s, i) => {
    const p = (i < byEff.length / 2 ? 0.085 : 0.03) * (s.type === 'гимназия' || s.type === 'лицей' ? 0.4 : 1);
    if (!rng.chance(p)) return;
    const u = rng.next();
    const kind: InflationKind = u < 0.4 ? 'shift' : u < 0.5 ? 'aligned' : u < 0.75 ? 'thresholds' : 'combo';
    // Mostly one or two of the grade 4–5 Russian and mathematics papers (always so for fitting to thresholds,
    // which needs the score scale at hand), sometimes three or four, now and then a part of all papers.
    const core = papers.filter(
      (x) => x.grade <= 5 && (x.subject === 'Русский язык' || x.subject === 'Математика'),
    );
    const v = rng.next();
    const touched =
      kind === 'thresholds' || v < 0.85
        ? [...core].sort(() => rng.next() - 0.5).slice(0, v < 0.6 ? rng.int(1, 2) : rng.int(3, 4))
        : papers.filter(() => rng.chance(0.3 + 0.7 * rng.next()));
    if (!touched.length) touched.push(core[0]);
    s.inflation = {
      kind,
      // One in five subtle (0.25–0.5), the rest from clear to blatant (0.7–2.2).
      strength: rng.chance(0.2) ? 0.25 + 0.25 * rng.next() : 0.7 + 1.5 * rng.next(),
      push: 0.3 + 0.6 * rng.next(),
      papers: new Set(touched.map((x) => x.key)),
      // Many inflated before the shipped years; the others start suddenly.
      startYear: rng.chance(0.5) ? BURN_IN_YEAR : rng.int(FIRST_YEAR + 1, LAST_YEAR),
      rate: 0.6 + 0.35 * rng.next(),
    };
  });
  return schools;
}

interface SimOut {
  participants: number;
  marks: [number, number, number, number];
  meanScore: number;
  scores: Map<number, number>;
  journal: [number, number, number];
}

interface Tamper {
  /** Added to every pupil's ability on the test (help during the test). */
  shift: number;
  /** Added to the journal mark's ability (journal raised to match). */
  journalShift: number;
  /** Probability that a pupil 1–3 points under a mark's minimum is put on it. */
  push: number;
}
const HONEST: Tamper = { shift: 0, journalShift: 0, push: 0 };

/** One school's group sitting one test: scores, marks and (for ВПР) the comparison with journal marks. */
function simulateGroup(
  rng: Rng,
  n: number,
  q: number,
  spec: SubjectSpec,
  fractions: number[],
  k: number,
  t: Tamper,
  lenience = 0,
): SimOut {
  const th = thresholds(spec.maxScore, fractions);
  const marks: [number, number, number, number] = [0, 0, 0, 0];
  const journal: [number, number, number] = [0, 0, 0];
  const scores = new Map<number, number>();
  let sum = 0;
  const scoreOf = (theta: number) =>
    Math.min(spec.maxScore, Math.max(0, Math.round(spec.maxScore * sigmoid(0.8 * theta + k))));
  for (let i = 0; i < n; i++) {
    const theta = q - spec.difficulty + rng.logistic();
    let score = scoreOf(theta + t.shift);
    if (t.push > 0)
      for (const m of th)
        if (score >= m - 3 && score < m && rng.chance(t.push * (score >= m - 2 ? 1 : 0.5))) score = m;
    const mark = markOf(score, th);
    marks[mark - 2]++;
    sum += score;
    scores.set(score, (scores.get(score) ?? 0) + 1);
    const journalMark = markOf(scoreOf(theta + 0.35 + lenience + t.journalShift + rng.normal(0, 0.6)), th);
    journal[mark < journalMark ? 0 : mark === journalMark ? 1 : 2]++;
  }
  return { participants: n, marks, meanScore: n ? sum / n : 0, scores, journal };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function generateDemo(seed = 20240209, region: RegionSpec = DEMO_REGION): DemoData {
  const rng = new Rng(seed);
  const schools = makeSchools(rng, region);
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
  const members: Record<string, Map<number, Set<string>>> = {};
  const onList = (list: string, year: number, id: string) => members[list]?.get(year)?.has(id) ?? false;
  const putList = (list: string, year: number, ids: Iterable<string>) => {
    if (!members[list]) members[list] = new Map();
    members[list].set(year, new Set(ids));
  };

  // Closures: a few small schools a year from 2021, half of them listed; one merger in a city.
  const closingPlan = new Map<number, number>([
    [2021, 3],
    [2022, 4],
    [2023, 3],
    [2024, 4],
    [2025, 3],
  ]);
  const [merged, successor] = schools
    .filter((s) => s.municipality === CITIES[0].name && s.type === 'СОШ')
    .slice(10, 12);
  // (A small generated region may have too few city schools for it.)
  if (successor) {
    merged.closedYear = 2023;
    merged.successorId = successor.id;
  }

  for (const spec of [
    ...VPR.flatMap((g) =>
      g.subjects
        .filter((s) => s.withScoreDist)
        .map((s) => ({ ...s, grade: g.grade, procedure: 'ВПР', fr: VPR_FRACTIONS })),
    ),
    ...OGE.filter((s) => s.withScoreDist).map((s) => ({
      ...s,
      grade: 9,
      procedure: 'ОГЭ',
      fr: OGE_FRACTIONS,
    })),
  ]) {
    const th = thresholds(spec.maxScore, spec.fr);
    const bounds = [0, ...th, spec.maxScore + 1];
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      for (let m = 0; m < 4; m++) {
        out.mark_scales.push({
          year,
          procedure: spec.procedure,
          subject: spec.subject,
          grade: spec.grade,
          mark: m + 2,
          min_score: bounds[m],
          max_score: bounds[m + 1] - 1,
        });
      }
    }
  }

  const hard = (s: School, label: string) => {
    const labels = out.hardCases.get(s.id) ?? [];
    if (!labels.includes(label)) out.hardCases.set(s.id, [...labels, label]);
  };
  for (const s of schools) {
    if (s.stepYear !== null) hard(s, 'реальное улучшение');
    if (s.gradeSize <= 6) hard(s, 'крошечные школы');
    if (s.lenience < -0.3) hard(s, 'строгие журнальные отметки');
  }
  // Cohorts differ: each school's birth cohort (year − grade) has its own level, and now and then an
  // unusually strong or weak one (an honest jump in every subject of its grade).
  const cohorts = new Map<string, number>();
  const cohortOf = (s: School, year: number, grade: number) => {
    const key = `${s.id}:${year - grade}`;
    let c = cohorts.get(key);
    if (c === undefined) {
      const unusual = rng.chance(0.03) ? (rng.chance(0.5) ? 0.7 : -0.7) : 0;
      c = rng.normal(0, 0.15) + unusual;
      cohorts.set(key, c);
      if (unusual) hard(s, unusual > 0 ? 'сильная когорта' : 'слабая когорта');
    }
    return c;
  };
  // A paper's difficulty moves a little every year, and a few papers change a lot for the whole region.
  const paperShift = new Map<string, number>();
  const REGION_CHANGES: Record<string, number> = {
    '2022:6:Математика': -0.6,
    '2023:5:Русский язык': 0.5,
    '2024:4:Математика': -0.5,
  };
  const difficultyOf = (year: number, grade: number, subject: string) => {
    const key = `${year}:${grade}:${subject}`;
    let d = paperShift.get(key);
    if (d === undefined) {
      d = rng.normal(0, 0.08) + (REGION_CHANGES[key] ?? 0);
      paperShift.set(key, d);
    }
    return d;
  };

  const inflatedIn = new Map<number, Set<string>>();
  const lastRaw = new Map<string, number>();
  for (let year = BURN_IN_YEAR; year <= LAST_YEAR; year++) {
    const active = schools.filter((s) => s.closedYear === null || s.closedYear > year);
    for (const s of active) {
      s.drift = 0.75 * s.drift + rng.normal(0, 0.2);
      s.boost = 0.6 * s.boost + (onList('ШНОР', year, s.id) ? 0.45 : 0);
    }
    if (year < FIRST_YEAR - 2) continue;
    const ship = year >= FIRST_YEAR;
    const composite = new Map<string, number>();
    for (const s of active) {
      const q = s.eff + s.drift + s.boost + (s.stepYear !== null && year >= s.stepYear ? s.gain : 0);
      const inf = s.inflation;
      const inflating = inf !== null && year >= inf.startYear && rng.chance(inf.rate);
      let fail = 0;
      let total = 0;
      let ogeFail = 0;
      let ogeTotal = 0;
      for (const g of VPR) {
        if (!hasGrade(s, g.grade)) continue;
        const size = Math.max(
          1,
          Math.round(s.gradeSize * (g.grade === 11 ? 0.5 : 1) * (1 + rng.normal(0, 0.1))),
        );
        for (const spec of g.subjects) {
          const n = Math.max(1, Math.round(size * spec.take));
          const touched = inflating && inf.papers.has(paperKey(spec.subject, g.grade));
          const shift = touched && inf.kind !== 'thresholds' ? inf.strength : 0;
          const tamper: Tamper = touched
            ? {
                shift,
                journalShift: inf.kind === 'aligned' ? shift : 0,
                push: inf.kind === 'thresholds' || inf.kind === 'combo' ? inf.push : 0,
              }
            : HONEST;
          if (touched) inflatedIn.get(year)?.add(s.id) ?? inflatedIn.set(year, new Set([s.id]));
          if (touched && ship)
            out.truth.push({
              school_id: s.id,
              year,
              procedure: 'ВПР',
              subject: spec.subject,
              grade: g.grade,
              kind: inf.kind,
              strength: round2(inf.strength),
              push: round2(tamper.push),
            });
          const r = simulateGroup(
            rng,
            n,
            q + cohortOf(s, year, g.grade) - difficultyOf(year, g.grade, spec.subject),
            spec,
            VPR_FRACTIONS,
            0.5,
            tamper,
            s.lenience,
          );
          if (spec.subject === 'Русский язык' || spec.subject === 'Математика') {
            fail += r.marks[0];
            total += n;
          }
          if (!ship) continue;
          out.results.push({
            year,
            procedure: 'ВПР',
            subject: spec.subject,
            grade: g.grade,
            school_id: s.id,
            participants: n,
            m2: r.marks[0],
            m3: r.marks[1],
            m4: r.marks[2],
            m5: r.marks[3],
            mean_score: round2(r.meanScore),
            below_min: null,
            high_80: null,
          });
          out.vpr_journal.push({
            year,
            subject: spec.subject,
            grade: g.grade,
            school_id: s.id,
            lowered: r.journal[0],
            confirmed: r.journal[1],
            raised: r.journal[2],
          });
          if (spec.withScoreDist)
            for (const [score, count] of [...r.scores].sort((a, b) => a[0] - b[0]))
              out.score_dist.push({
                year,
                procedure: 'ВПР',
                subject: spec.subject,
                grade: g.grade,
                school_id: s.id,
                score,
                count,
              });
        }
      }
      if (hasGrade(s, 9)) {
        const size9 = Math.max(1, Math.round(s.gradeSize * (1 + rng.normal(0, 0.1))));
        for (const spec of OGE) {
          const n = Math.max(1, Math.round(size9 * spec.take));
          const r = simulateGroup(
            rng,
            n,
            q + cohortOf(s, year, 9) + (spec.take < 0.9 ? 0.3 : 0),
            spec,
            OGE_FRACTIONS,
            0.9,
            HONEST,
          );
          if (spec.take > 0.9) {
            ogeFail += r.marks[0];
            ogeTotal += n;
          }
          if (!ship) continue;
          out.results.push({
            year,
            procedure: 'ОГЭ',
            subject: spec.subject,
            grade: 9,
            school_id: s.id,
            participants: n,
            m2: r.marks[0],
            m3: r.marks[1],
            m4: r.marks[2],
            m5: r.marks[3],
            mean_score: round2(r.meanScore),
            below_min: r.marks[0],
            high_80: null,
          });
          if (spec.withScoreDist)
            for (const [score, count] of [...r.scores].sort((a, b) => a[0] - b[0]))
              out.score_dist.push({
                year,
                procedure: 'ОГЭ',
                subject: spec.subject,
                grade: 9,
                school_id: s.id,
                score,
                count,
              });
        }
      }
      if (hasGrade(s, 11) && ship) {
        const size11 = Math.max(1, Math.round(s.gradeSize * 0.5 * (1 + rng.normal(0, 0.1))));
        for (const e of EGE) {
          const n = Math.round(size11 * e.take * (1 + rng.normal(0, 0.1)));
          if (n < 1) continue;
          let sum = 0;
          let below = 0;
          let high = 0;
          for (let i = 0; i < n; i++) {
            const score = Math.min(
              100,
              Math.max(
                0,
                Math.round(100 * sigmoid(0.6 * (q + cohortOf(s, year, 11) + rng.logistic()) + e.shift)),
              ),
            );
            sum += score;
            if (score < e.minScore) below++;
            if (score >= 80) high++;
          }
          out.results.push({
            year,
            procedure: 'ЕГЭ',
            subject: e.subject,
            grade: 11,
            school_id: s.id,
            participants: n,
            m2: null,
            m3: null,
            m4: null,
            m5: null,
            mean_score: round2(sum / n),
            below_min: below,
            high_80: high,
          });
        }
      }
      const vprShare = total ? fail / total : 0;
      const raw = ogeTotal ? 0.6 * vprShare + 0.4 * (ogeFail / ogeTotal) : vprShare;
      // Lists weigh two years of results: a single noisy year moves few schools.
      composite.set(s.id, lastRaw.has(s.id) ? (raw + lastRaw.get(s.id)!) / 2 : raw);
      lastRaw.set(s.id, raw);
    }

    const next = year + 1;
    if (next > LAST_YEAR) break;
    // Closures take effect in `next`: those schools are on no list from then on.
    const toClose = closingPlan.get(next) ?? 0;
    if (toClose) {
      const small = active.filter((s) => s.location === 'село' && s.gradeSize <= 8 && s.closedYear === null);
      const listedSmall = small.filter((s) => onList('ШНОР', year, s.id));
      for (let i = 0; i < toClose; i++) {
        const pool = i % 2 === 0 && listedSmall.length ? listedSmall : small;
        const victim = pool.splice(rng.int(0, pool.length - 1), 1)[0];
        if (victim && victim.closedYear === null) victim.closedYear = next;
      }
    }
    const ranked = active
      .filter((s) => s.closedYear === null || s.closedYear > next)
      .sort((a, b) => composite.get(b.id)! - composite.get(a.id)!);
    const rank = new Map(ranked.map((s, i) => [s.id, i / ranked.length]));
    const shnor = ranked.filter(
      (s) => rank.get(s.id)! < 0.075 || (onList('ШНОР', year, s.id) && rank.get(s.id)! < 0.15),
    );
    putList(
      'ШНОР',
      next,
      shnor.map((s) => s.id),
    );
    putList(
      'группа_риска',
      next,
      ranked
        .filter((s) => !onList('ШНОР', next, s.id) && rank.get(s.id)! < 0.15 && rng.chance(0.8))
        .map((s) => s.id),
    );
    if (!UNPUBLISHED.необъективность.includes(next)) {
      const inflatedNow = inflatedIn.get(year) ?? new Set<string>();
      putList(
        'необъективность',
        next,
        ranked.filter((s) => (inflatedNow.has(s.id) ? rng.chance(0.75) : rng.chance(0.003))).map((s) => s.id),
      );
    }
    if (next === 2021 || next === 2023 || next === 2025) {
      const before = new Set([...(members['500+']?.values() ?? [])].flatMap((x) => [...x]));
      putList(
        '500+',
        next,
        shnor.filter((s) => !before.has(s.id) && rank.get(s.id)! < 0.035).map((s) => s.id),
      );
    } else if (next > 2021) {
      putList(
        '500+',
        next,
        [...members['500+'].get(next - 1)!].filter((id) => ranked.some((s) => s.id === id)),
      );
    }
  }

  const byId = new Map(schools.map((s) => [s.id, s]));
  const orders: Record<string, number> = { ШНОР: 100, необъективность: 200, группа_риска: 300, '500+': 400 };
  for (const [list, years] of Object.entries(members)) {
    for (const [year, ids] of [...years].sort((a, b) => a[0] - b[0])) {
      if (year < FIRST_YEAR) continue;
      const source = `приказ № ${orders[list] + (year % 100)} от ${String(5 + (year % 7)).padStart(2, '0')}.02.${year}`;
      for (const id of [...ids].sort()) {
        const s = byId.get(id)!;
        out.lists.push({ year, school_id: id, list, name: s.name, municipality: s.municipality, source });
      }
    }
  }
  out.schools = schools.map((s) => ({
    school_id: s.id,
    name: s.name,
    municipality: s.municipality,
    type: s.type,
    location: s.location,
    closed_year: s.closedYear,
    successor_id: s.successorId,
    region: region.name,
  }));
  return out;
}
