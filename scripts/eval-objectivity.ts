// Scores the computed objectivity list against a generator's ground truth on several seeds: flagged share
// against the true share, precision, recall (all schools and those with 60+ ВПР results in the year, pupils ×
// papers), ROC AUC of the evidence ranking, and false positives among honest hard cases. The generator is the
// demo's (default) or the independent region built differently (data/eval/independent.ts).
// `--shares` writes the tables as an office may send them (marks as fractions of 1, journals as fractions, score
// distributions in percent under a «share» header) and reads them with the CLI's reader: the figures should be
// those without it. `--no-scales` leaves out mark_scales, so the peaks test reads scales inferred from the score
// distributions and marks: the figures should be those with them.
// `--municipalities N` keeps the schools of the first N municipalities alone: a small region, where a test group
// (indicator, year, subject, grade) has few schools to tell normal variation between schools from.
// `--without vpr_journal,score_dist` leaves those tables out, as an office without them would load its data.
// Usage: npm run eval:objectivity [-- --generator independent --seeds 1,2,3 --years 2022-2024 --z 3.5 --min-pupils 20 --shares --no-scales --municipalities 3 --without vpr_journal --strict-teachers 0.05]
// `--strict-teachers SHARE` (independent only): that share of each school's subjects has a teacher who marks strictly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wilcoxonRankSum } from 'simple-statistics';
import { loadTableFile } from '../lib/cli/read-table';
import { refreshDerived } from '../lib/data/derived';
import { createTablesSql } from '../lib/schema';
import { generateDemo, type DemoData } from '../data/demo/generate';
import { generateIndependent } from '../data/eval/independent';
import { createNativeEngine } from '../lib/db/node-native';
import { loadCanonicalCsv } from '../lib/data/load';
import { toCsv } from '../lib/csv/write';
import { TABLES, type TableName } from '../lib/schema';
import {
  objectivityEvidence,
  objectivityFlags,
  objectivityMarkers,
  OBJECTIVITY_DEFAULTS,
  type ObjectivitySettings,
} from '../lib/metrics/objectivity';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const independent = arg('--generator') === 'independent';
if (arg('--generator') && !independent && arg('--generator') !== 'demo')
  throw new Error(`--generator: demo or independent, not ${arg('--generator')}`);
const strictTeachers = arg('--strict-teachers') ? Number(arg('--strict-teachers')) : 0;
if (!(strictTeachers >= 0 && strictTeachers <= 1) || (strictTeachers && !independent))
  throw new Error('--strict-teachers: a share from 0 to 1, with --generator independent');
const generate = independent ? (seed: number) => generateIndependent(seed, { strictTeachers }) : generateDemo;
const shares = process.argv.includes('--shares');
const noScales = process.argv.includes('--no-scales');
const seeds = (arg('--seeds') ?? (independent ? '1,2,3' : '20240209,1,2,3,4,5')).split(',').map(Number);
const [y0, y1] = (arg('--years') ?? '2022-2024').split('-').map(Number);
const settings: ObjectivitySettings = {
  ...OBJECTIVITY_DEFAULTS,
  ...(arg('--z') ? { zMin: Number(arg('--z')) } : {}),
  ...(arg('--min-pupils') ? { minPupils: Number(arg('--min-pupils')) } : {}),
  ...(arg('--min-markers') ? { minMarkers: Number(arg('--min-markers')) } : {}),
};

/**
 * Area under the ROC curve of `score` for `positive` (ties count half): the Mann–Whitney U of the positives,
 * U = W − n₊(n₊ + 1)/2 from their Wilcoxon rank sum W, over n₊·n₋.
 */
function auc(items: { score: number; positive: boolean }[]): number {
  const pos = items.filter((i) => i.positive).map((i) => i.score);
  const neg = items.filter((i) => !i.positive).map((i) => i.score);
  if (!pos.length || !neg.length) return Number.NaN;
  return (wilcoxonRankSum(pos, neg) - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

interface Score {
  seed: number;
  schoolYears: number;
  trueShare: number;
  flaggedShare: number;
  precision: number;
  recall: number;
  recall60: number;
  precision60: number;
  auc: number;
  hard: Record<string, string>;
  byKind: Record<string, string>;
  markers: Record<string, number>;
  indicators: Record<string, number>;
}

const r3 = (x: number) => Math.round(1000 * x) / 1000;
/** The tables in share forms: marks and journals as fractions of 1, score distributions in percent. */
function asShares(d: DemoData): Record<TableName, string> {
  const results = d.results.map((r) =>
    r.m2 === null || r.m2 === undefined || !r.participants
      ? r
      : Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            /^m[2-5]$/.test(k) ? r3((v as number) / (r.participants as number)) : v,
          ]),
        ),
  );
  const journal = d.vpr_journal.map((j) => {
    const total = (j.lowered as number) + (j.confirmed as number) + (j.raised as number);
    if (Math.abs(total - 100) < 1.5) return j; // in percent already
    return {
      ...j,
      lowered: r3((j.lowered as number) / total),
      confirmed: r3((j.confirmed as number) / total),
      raised: r3((j.raised as number) / total),
    };
  });
  const paper = (r: Record<string, unknown>) =>
    `${r.school_id}|${r.year}|${r.procedure}|${r.subject}|${r.grade}`;
  const totals = new Map<string, number>();
  for (const r of d.score_dist) totals.set(paper(r), (totals.get(paper(r)) ?? 0) + (r.count as number));
  const dist = d.score_dist.map((r) => ({
    ...r,
    count: Math.round((1000 * (r.count as number)) / totals.get(paper(r))!) / 10,
  }));
  const tables: DemoData = { ...d, results, vpr_journal: journal, score_dist: dist };
  return Object.fromEntries(
    TABLES.map((t) => {
      const text = toCsv(
        t.columns.map((c) => c.name),
        tables[t.name],
      );
      return [t.name, t.name === 'score_dist' ? text.replace('score,count', 'score,share') : text];
    }),
  ) as Record<TableName, string>;
}

async function evaluate(seed: number, demo: DemoData): Promise<Score> {
  const db = await createNativeEngine();
  if (shares) {
    const dir = mkdtempSync(join(tmpdir(), 'eval-shares-'));
    await db.exec(createTablesSql());
    for (const [table, text] of Object.entries(asShares(demo)) as [TableName, string][]) {
      if (!demo[table].length) continue;
      writeFileSync(join(dir, `${table}.csv`), text);
      const v = await loadTableFile(db, table, join(dir, `${table}.csv`));
      if (v.problemCount) throw new Error(`${table}: ${v.problemCount} rows refused`);
    }
    await refreshDerived(db, []);
    rmSync(dir, { recursive: true, force: true });
  } else {
    const tables = Object.fromEntries(
      TABLES.map((t) => [
        t.name,
        toCsv(
          t.columns.map((c) => c.name),
          demo[t.name],
        ),
      ]),
    ) as Record<TableName, string>;
    await loadCanonicalCsv(db, tables);
  }
  const f = { years: [y0, y1] as [number, number] };
  const [markers, evidence, flags] = await Promise.all([
    objectivityMarkers(db, f, settings),
    objectivityEvidence(db, f),
    objectivityFlags(db, f, settings),
  ]);
  const volume = await db.query<{ school_id: string; year: number; n: number }>(
    `SELECT school_id, year::INTEGER AS year, sum(participants)::INTEGER AS n FROM results WHERE procedure = 'ВПР' AND year BETWEEN ${y0} AND ${y1} GROUP BY ALL`,
  );
  await db.close();

  const key = (id: unknown, y: unknown) => `${id}:${y}`;
  const truth = new Map<string, Set<string>>();
  for (const t of demo.truth)
    if ((t.year as number) >= y0 && (t.year as number) <= y1) {
      const k = key(t.school_id, t.year);
      if (!truth.has(k)) truth.set(k, new Set());
      truth.get(k)!.add(t.kind as string);
    }
  const all = volume.map((v) => ({ k: key(v.school_id, v.year), n: v.n }));
  const big = new Set(all.filter((v) => v.n >= 60).map((v) => v.k));
  const flagged = new Set(markers.map((m) => key(m.school_id, m.year)));
  const tp = [...flagged].filter((k) => truth.has(k)).length;
  const tp60 = [...flagged].filter((k) => truth.has(k) && big.has(k)).length;
  const flagged60 = [...flagged].filter((k) => big.has(k)).length;
  const pos60 = [...truth.keys()].filter((k) => big.has(k)).length;
  const ev = new Map(evidence.map((e) => [key(e.school_id, e.year), e.z]));

  // Honest hard cases: schools that never inflate, by what makes them hard.
  const inflaters = new Set(demo.truth.map((t) => t.school_id as string));
  const schools = new Map(demo.schools.map((s) => [s.school_id as string, s]));
  const hard: Record<string, [number, number]> = {};
  const count = (label: string, k: string) => {
    hard[label] ??= [0, 0];
    hard[label][1]++;
    if (flagged.has(k)) hard[label][0]++;
  };
  for (const { k } of all) {
    const id = k.split(':')[0];
    if (inflaters.has(id)) continue;
    const s = schools.get(id)!;
    count('все честные', k);
    if (s.type === 'гимназия' || s.type === 'лицей') count('гимназии и лицеи', k);
    if (s.location === 'село') count('сельские', k);
    const h = demo.hardCases.get(id);
    if (h) for (const label of h) count(label, k);
  }
  const byKind: Record<string, [number, number]> = {};
  const tally = (label: string, k: string) => {
    byKind[label] ??= [0, 0];
    byKind[label][1]++;
    if (flagged.has(k)) byKind[label][0]++;
  };
  // The largest inflated paper and the strength of a school-year's inflation.
  const size = new Map<string, number>();
  for (const r of demo.results)
    if (r.procedure === 'ВПР')
      size.set(`${r.school_id}:${r.year}:${r.subject}:${r.grade}`, r.participants as number);
  const largest = new Map<string, number>();
  const strength = new Map<string, number>();
  for (const t of demo.truth) {
    const k = key(t.school_id, t.year);
    largest.set(
      k,
      Math.max(largest.get(k) ?? 0, size.get(`${t.school_id}:${t.year}:${t.subject}:${t.grade}`) ?? 0),
    );
    strength.set(k, Math.max(strength.get(k) ?? 0, t.kind === 'thresholds' ? 99 : (t.strength as number)));
  }
  // The independent generator tags its rows (onset, subtle, journal aligned): a school-year has a tag when
  // any of its inflated papers has.
  const tags = new Map<string, Set<string>>();
  for (const t of demo.truth)
    for (const tag of t.tags ? String(t.tags).split(';') : []) {
      const k = key(t.school_id, t.year);
      if (!tags.has(k)) tags.set(k, new Set());
      tags.get(k)!.add(tag);
    }
  for (const [k, kinds] of truth) {
    for (const kind of kinds) tally(kind, k);
    for (const tag of tags.get(k) ?? []) tally(tag, k);
    const n = largest.get(k)!;
    tally(n < 15 ? 'работа < 15 уч.' : n < 30 ? 'работа 15–29 уч.' : 'работа 30+ уч.', k);
    if (!independent && (strength.get(k) ?? 0) < 0.6) tally('слабое (сдвиг < 0,6)', k);
  }
  const hist: Record<string, number> = {};
  for (const m of markers)
    hist[m.markers >= 4 ? '4+' : String(m.markers)] =
      (hist[m.markers >= 4 ? '4+' : String(m.markers)] ?? 0) + 1;
  const ind: Record<string, number> = {};
  for (const fl of flags) ind[fl.indicator] = (ind[fl.indicator] ?? 0) + 1;
  return {
    seed,
    schoolYears: all.length,
    trueShare: truth.size / all.length,
    flaggedShare: flagged.size / all.length,
    precision: flagged.size ? tp / flagged.size : NaN,
    recall: tp / truth.size,
    precision60: flagged60 ? tp60 / flagged60 : NaN,
    recall60: tp60 / pos60,
    auc: auc(all.map(({ k }) => ({ score: ev.get(k) ?? -99, positive: truth.has(k) }))),
    hard: Object.fromEntries(Object.entries(hard).map(([l, [a, b]]) => [l, `${a} из ${b}`])),
    byKind: Object.fromEntries(
      Object.entries(byKind).map(([l, [a, b]]) => [l, `${a} из ${b} (${((100 * a) / b).toFixed(0)} %)`]),
    ),
    markers: hist,
    indicators: ind,
  };
}

const f3 = (x: number) => x.toFixed(3);
console.log(
  `Генератор: ${independent ? `независимый (data/eval/independent.ts)${strictTeachers ? `, строгие учителя предметов: ${strictTeachers}` : ''}` : 'демо (data/demo/generate.ts)'}${shares ? ', таблицы в долях (--shares)' : ''}${noScales ? ', без mark_scales (--no-scales)' : ''}. Настройки: z ≥ ${settings.zMin}, участников ≥ ${settings.minPupils}, маркеров ≥ ${settings.minMarkers}; годы ${y0}–${y1}`,
);
console.log(
  '| seed | школо-лет | доля истинных | доля выявленных | точность | полнота | точность 60+ | полнота 60+ | ROC AUC |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
const scores: Score[] = [];
const municipalities = arg('--municipalities') ? Number(arg('--municipalities')) : null;
if (municipalities !== null && !(Number.isInteger(municipalities) && municipalities > 0))
  throw new Error(`--municipalities: a whole number of municipalities, not ${arg('--municipalities')}`);
/** Tables an office may not have: the signs must stay as precise with what is left. */
const without = (arg('--without')?.split(',') ?? []) as TableName[];
for (const t of without)
  if (!['vpr_journal', 'score_dist', 'mark_scales'].includes(t))
    throw new Error(`--without: vpr_journal, score_dist or mark_scales, not ${t}`);
/** A small region: the schools of the first `n` municipalities (by name) and their rows alone. */
function subset(d: DemoData, n: number): DemoData {
  const names = [...new Set(d.schools.map((s) => s.municipality as string))].sort().slice(0, n);
  const ids = new Set(
    d.schools.filter((s) => names.includes(s.municipality as string)).map((s) => s.school_id),
  );
  const keep = (rows: DemoData['results']) => rows.filter((r) => ids.has(r.school_id));
  return {
    ...d,
    schools: keep(d.schools),
    lists: keep(d.lists),
    results: keep(d.results),
    vpr_journal: keep(d.vpr_journal),
    score_dist: keep(d.score_dist),
    truth: keep(d.truth),
  };
}
for (const seed of seeds) {
  let data = generate(seed);
  if (municipalities) data = subset(data, municipalities);
  for (const t of without) data = { ...data, [t]: [] };
  const s = await evaluate(seed, noScales ? { ...data, mark_scales: [] } : data);
  scores.push(s);
  console.log(
    `| ${seed} | ${s.schoolYears} | ${f3(s.trueShare)} | ${f3(s.flaggedShare)} | ${f3(s.precision)} | ${f3(s.recall)} | ${f3(s.precision60)} | ${f3(s.recall60)} | ${f3(s.auc)} |`,
  );
}
for (const s of scores) {
  console.log(
    `\nseed ${s.seed}: ложные срабатывания среди честных — ${Object.entries(s.hard)
      .map(([l, v]) => `${l}: ${v}`)
      .join('; ')}`,
  );
  console.log(
    `  выявлено по видам завышения — ${Object.entries(s.byKind)
      .map(([l, v]) => `${l}: ${v}`)
      .join('; ')}`,
  );
  console.log(
    `  число маркеров у выявленных — ${JSON.stringify(s.markers)}; признаки — ${JSON.stringify(s.indicators)}`,
  );
}
