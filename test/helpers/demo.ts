// The demo database the build wrote, attached to the wasm engine as in the browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWasmNodeEngine } from '@/lib/db/node-wasm';
import { attachDemo, pointViewsAt } from '@/lib/data/load';
import type { Engine } from '@/lib/db/engine';

export const DEMO_DB = join(import.meta.dirname, '..', '..', 'public/data/demo.duckdb');

export async function demoEngine(): Promise<Engine> {
  const db = await createWasmNodeEngine();
  await attachDemo(db, new Uint8Array(readFileSync(DEMO_DB)));
  await pointViewsAt(db, 'demo');
  return db;
}
