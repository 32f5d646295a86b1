// What the browser tests share: a served build with one page in a fresh profile, the errors it logged, and
// the waits and reads every view test uses.
import type { Page } from 'playwright-core';
import { freshBrowser, type FreshBrowser } from './browser';
import { serveExport, type StaticServer } from './server';

/** Collects the page's uncaught errors and console errors; a test asserts the list is empty. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

export interface ServedPage {
  server: StaticServer;
  browser: FreshBrowser;
  page: Page;
  errors: string[];
  /** Opens a path of the served build («/cohorts/?y=2024»). */
  open(path: string): Promise<unknown>;
  close(): Promise<void>;
}

/** The static build served on localhost and one page of a fresh Chromium profile (for beforeAll). */
export async function servedPage(): Promise<ServedPage> {
  const server = await serveExport();
  const browser = await freshBrowser();
  const page = await browser.context.newPage();
  return {
    server,
    browser,
    page,
    errors: watchErrors(page),
    open: (path) => page.goto(`${server.url}${path.replace(/^\//, '')}`),
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}

/** The view shows fresh figures for the current URL (which changes before React renders it), every panel loaded. */
export async function viewReady(page: Page, timeout = 60_000) {
  await page.waitForFunction(
    `document.querySelector('[data-testid=view-state]')?.dataset.search === new URLSearchParams(location.search).toString()
      && document.querySelector('[data-testid=view-ready]') && !document.querySelector('[data-loading=true]')`,
    undefined,
    { timeout },
  );
}

/** The row count a data table states in its `data-rows`. */
export const tableRows = async (page: Page, id: string) =>
  Number(await page.getAttribute(`[data-testid=table-${id}]`, 'data-rows'));

/** Text with every kind of space as a plain one (numbers are formatted with non-breaking spaces). */
export const plainSpaces = (s: string | null) => (s ?? '').replace(/\s/g, ' ');

/**
 * Moves to `path` (relative to the served root) as the app's own links do, without loading the page again:
 * the engine and its data stay up. Tests of what a reload does use `page.goto`; tests of what a view shows
 * use this, at a fraction of the time. Resolves once the new route is committed (the URL is updated then).
 * It calls the router Next exposes as `window.next.router` (its own debugging handle, also in production
 * builds): should a Next release drop it, this fails at once rather than testing less.
 */
export async function navigate(page: Page, path: string) {
  const target = new URL(path.replace(/^\//, ''), new URL('/', page.url()).href);
  const href = target.pathname + target.search;
  await page.evaluate(
    (h) => (window as unknown as { next: { router: { push(h: string): void } } }).next.router.push(h),
    href,
  );
  await page.waitForFunction(
    (h) => {
      const u = new URL(h, location.href);
      return location.pathname === u.pathname && location.search === u.search;
    },
    href,
    { timeout: 30_000 },
  );
}
