// `cli report`: the municipal reports as files, one per municipality (and the region), from the same
// figures and text as the «Справка» page. Charts are not drawn here: Plot needs a browser DOM.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Engine } from '../db/engine';
import type { Report } from '../report/model';
import { reportFileName } from '../report/file-name';
import { SqlBuilder } from '../sql';
import { plural } from '../format';

/** A mistake in the request (exit code 1), said in Russian. */
export class ReportError extends Error {}

export const REPORT_FORMATS = ['docx', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportJob {
  list: string;
  year?: number;
  /** The region, in data of several regions (a country): the reports are one region's. */
  region?: string;
  /** Municipalities, each its own file; an empty list is the region's report. */
  municipalities: string[];
  all: boolean;
  target: number;
  /** Subjects of the results section (default: Russian and mathematics). */
  subjects?: string[];
  /** Procedures of the results section (default: all three). */
  procedures?: string[];
  format: ReportFormat;
  out: string;
  files: string[];
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Why the file system refused, in Russian. */
const fsReason = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'нет прав на запись';
  if (code === 'EROFS') return 'файловая система только для чтения';
  if (code === 'ENOSPC') return 'нет места на диске';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'такого пути создать нельзя';
  return code ?? String(e);
};

/**
 * The folder for the reports, made a level at a time: Node's recursive mkdir never returns for a path it cannot
 * make under /proc (it retries ENOENT).
 */
function makeOutDir(dir: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  while (!existsSync(d) && dirname(d) !== d) {
    missing.unshift(d);
    d = dirname(d);
  }
  if (!statSync(d).isDirectory())
    throw new ReportError(`--out: ${d} — файл, а не папка; укажите папку для справок`);
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (e) {
      throw new ReportError(`--out: не удалось создать папку ${m}: ${fsReason(e)}`);
    }
  }
}

// The report's modules (docx above all) load only for this command: the others start faster.
async function render(r: Report, format: ReportFormat): Promise<string | Buffer> {
  if (format === 'md') return (await import('../report/markdown')).reportMarkdown(r);
  if (format === 'html') return (await import('../report/html')).reportHtml(r);
  return (await import('../report/docx')).reportDocxBuffer(r);
}

/** Writes the files; returns their paths. */
export async function writeReports(db: Engine, job: ReportJob): Promise<string[]> {
  // As on the «Справка» page: in a country's data a report is one region's, whose words speak of a region.
  const regions = (
    await db.query<{ region: string }>(
      'SELECT DISTINCT region FROM school_dim WHERE region IS NOT NULL ORDER BY region',
    )
  ).map((r) => r.region);
  if (job.region !== undefined && !regions.includes(job.region))
    throw new ReportError(
      `региона «${job.region}» нет в данных; есть: ${regions.join(', ') || 'регионы не указаны'}`,
    );
  if (job.region === undefined && regions.length > 1)
    throw new ReportError(
      `в данных ${regions.length} ${plural(regions.length, ['регион', 'региона', 'регионов'])}: справка составляется по одному — укажите --region (например, --region «${regions[0]}»)`,
    );
  const b = new SqlBuilder();
  const known = (
    await db.query<{ municipality: string }>(
      `SELECT DISTINCT municipality FROM school_dim ${job.region === undefined ? '' : `WHERE region = ${b.p(job.region)}`} ORDER BY municipality`,
      b.params,
    )
  ).map((r) => r.municipality);
  const missing = job.municipalities.filter((m) => !known.includes(m));
  if (missing.length)
    throw new ReportError(
      `муниципалитета ${missing.map((m) => `«${m}»`).join(', ')} нет ${job.region === undefined ? 'в данных' : `в регионе «${job.region}»`}; есть: ${known.join(', ')}`,
    );
  const targets: string[][] = job.all
    ? [[], ...known.map((m) => [m])]
    : job.municipalities.length
      ? job.municipalities.map((m) => [m])
      : [[]];
  const mtime = Math.max(...job.files.map((f) => statSync(f).mtimeMs));
  const provenance = {
    source: `файлы ${job.files.map((f) => basename(f)).join(', ')}`,
    date: isoDate(new Date(mtime)),
  };
  makeOutDir(job.out);
  const written: string[] = [];
  const [{ territoryData }, { territoryReport }] = await Promise.all([
    import('../report/data'),
    import('../report/territory'),
  ]);
  for (const municipalities of targets) {
    const data = await territoryData(db, {
      list: job.list,
      year: job.year,
      regions: job.region === undefined ? [] : [job.region],
      municipalities,
      target: job.target,
      subjects: job.subjects,
      procedures: job.procedures,
    });
    const report = territoryReport(data, provenance, isoDate(new Date()));
    report.meta.push([
      'Графики',
      'в файлах командной строки не строятся (графики рисует браузер на странице «Справка»); их данные — в таблицах',
    ]);
    const path = join(
      job.out,
      reportFileName(municipalities[0] ?? job.region ?? 'region', job.list, data.year ?? null, job.format),
    );
    const content = await render(report, job.format);
    try {
      writeFileSync(path, content);
    } catch (e) {
      throw new ReportError(`не удалось записать ${path}: ${fsReason(e)}`);
    }
    written.push(path);
  }
  return written;
}
