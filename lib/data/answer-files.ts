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
};

/** A statement's key: two seeded 53-bit hashes of its text and parameters, so that only the exact statement matches. */
export function statementKey(sql: string, params: unknown[] = []): string {
  const text = `${sql}\u0000${JSON.stringify(params)}`;
  return cyrb53(text, 1).padStart(11, '0') + cyrb53(text, 2).padStart(11, '0');
}

/** The answers file of a page opened with the query `search` (as URLSearchParams writes it); null: none. */
export function answersFileName(path: string, search: string): string | null {
  const page = ANSWER_PAGES[path.endsWith('/') ? path : `${path}/`];
  if (!page) return null;
  return search ? `${page}-${statementKey(search)}.json` : `${page}.json`;
}

let rendered: { path: string; search: string } | null = null;
/**
 * The page and query the views render now, set by the view state's provider as it renders: on a client-side
 * navigation the address changes only after the new page's queries have started.
 */
export function renderingPage(path: string, search: string) {
  rendered = { path, search };
}
export const renderedPage = () => rendered;
