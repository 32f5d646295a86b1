// Debian's Chromium driven by playwright-core (no browser download): one fresh profile per context.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface FreshBrowser {
  context: BrowserContext;
  /** The profile directory (its processes carry it on their command line). */
  dir: string;
  close(): Promise<void>;
}

export async function freshBrowser(): Promise<FreshBrowser> {
  const dir = mkdtempSync(join(tmpdir(), 'shnor-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1366, height: 900 },
  });
  return {
    context,
    dir,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
