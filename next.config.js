// Static export: no server code at run time. NEXT_PUBLIC_BASE_PATH serves the site under a sub-path.
import { existsSync, readFileSync } from 'node:fs';

const basePath = process.env.NEXT_PUBLIC_BASE_PATH ?? '';

// The demo's stamp, written by `npm run data` beside the prepared answers: the bundle uses only answers with it.
const stampFile = new URL('./public/data/answers/stamp.txt', import.meta.url);
const demoStamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'export',
  // With output: 'export', distDir is the export folder (default out/); the base-path test builds elsewhere.
  ...(process.env.EXPORT_DIR ? { distDir: process.env.EXPORT_DIR } : {}),
  basePath,
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  env: { NEXT_PUBLIC_DEMO_STAMP: demoStamp },
};

export default nextConfig;
