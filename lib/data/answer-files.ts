// Which prepared answers file (lib/data/answers.ts) a page reads, and the statement keys inside: small and
// importing only the hash, so that every page can name its file before anything else is loaded.
import { cyrb53 } from '../hash';

/** The pages with answers, by their path; each state of a page has its own file. */
export const ANSWER_PAGES: Record<string, string> = {
  '/': 'overview',
  '/report/': 'report',
  '/dynamics/': 'dynamics',
  '/cohorts/': 'cohorts',
  '/exits/': 'exits',
  '/objectivity/': 'objectivity',
  '/risk/': 'risk',
  '/municipalities/': 'municipalities',
  '/regions/': 'regions',
  '/school/': 'school',
};

/** A statement's key: two seeded 53-bit hashes of its text and parameters, so that only the exact statement matches. */
export function statementKey(sql: string, params: unknown[] = []): string {
  const text = `${sql}\u0000${JSON.stringify(params)}`;
  return cyrb53(text, 1).padStart(11, '0') + cyrb53(text, 2).padStart(11, '0');
}

/**
 * The answers file of a page opened with the query `search` (as URLSearchParams writes it); null: none. A
 * school's card has one file whatever its other parameters: it answers the card's own statements (the school,
 * its list history, similar schools), which depend on the school alone.
 */
export function answersFileName(path: string, search: string): string | null {
  const page = ANSWER_PAGES[path.endsWith('/') ? path : `${path}/`];
  if (!page) return null;
  if (page === 'school') {
    const id = new URLSearchParams(search).get('id');
    return id ? `${SCHOOL_FILE}${statementKey(`id=${id}`)}.json` : null;
  }
  return search ? `${page}-${statementKey(search)}.json` : `${page}.json`;
}

const SCHOOL_FILE = 'school-';
/** A school card's file: one per school, not listed in the bundle (the index says whether the build made them). */
export const isSchoolFile = (name: string) => name.startsWith(SCHOOL_FILE);

let rendered: { path: string; search: string } | null = null;
/**
 * The page and query the views render now, set by the view state's provider as it renders: on a client-side
 * navigation the address changes only after the new page's queries have started.
 */
export function renderingPage(path: string, search: string) {
  rendered = { path, search };
}
export const renderedPage = () => rendered;
