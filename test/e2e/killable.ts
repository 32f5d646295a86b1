// Chromium on a profile directory that outlives it: SIGKILLed like a crash, then started again on the same
// profile (what a user's browser keeps in IndexedDB and localStorage).
import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM } from './browser';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface KillableBrowser {
  context: BrowserContext;
  /** SIGKILL of the browser and every process it started (its process group): no unload, no flush. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/** The browser process of this profile (the one without --type=): playwright starts it in its own process group. */
function browserPid(profile: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (args.includes(`--user-data-dir=${profile}`) && !args.some((a) => a.startsWith('--type=')))
      return Number(entry);
  }
  throw new Error(`No Chromium process for ${profile}`);
}

export async function launchKillable(profile: string): Promise<KillableBrowser> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1366, height: 900 },
  });
  const pid = browserPid(profile);
  const gone = () => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  };
  return {
    context,
    async kill() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        process.kill(pid, 'SIGKILL');
      }
      for (let i = 0; i < 100 && !gone(); i++) await new Promise((r) => setTimeout(r, 50));
      // Playwright's end of the pipe closes with the process.
      await context.close().catch(() => undefined);
    },
    async close() {
      await context.close();
    },
  };
}
