// Which prepared answers file (lib/data/answers.ts) a page reads, and the statement keys inside: small and
// free of imports, so that every page can name its file before anything else is loaded.

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
};

/** cyrb53 with a seed. */
function hash53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36).padStart(11, '0');
}

/** A statement's key: two seeded 53-bit hashes of its text and parameters, so that only the exact statement matches. */
export function statementKey(sql: string, params: unknown[] = []): string {
  const text = `${sql}\u0000${JSON.stringify(params)}`;
  return hash53(text, 1) + hash53(text, 2);
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
