import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OverviewData } from '@/lib/overview';
import { OverviewView } from '@/components/OverviewView';

// Written by `npm run data` with the same SQL under native DuckDB; read once at build time.
const precomputed: OverviewData = JSON.parse(
  readFileSync(join(process.cwd(), 'public/data/overview.json'), 'utf8'),
);

export default function OverviewPage() {
  return <OverviewView precomputed={precomputed} />;
}
