// Static export: no server code at run time. NEXT_PUBLIC_BASE_PATH serves the site under a sub-path.
import { existsSync, readFileSync } from 'node:fs';

const basePath = process.env.NEXT_PUBLIC_BASE_PATH ?? '';

// The demo's stamp and the prepared answers' files, written by `npm run data`: the bundle fetches only those
// files and uses only answers with that stamp (lib/data/tab-answers.ts).
const answersIndex = new URL('./public/data/answers/index.json', import.meta.url);
const demoAnswers = existsSync(answersIndex) ? readFileSync(answersIndex, 'utf8') : '';

// Own data's answers recorded in a visit are used only by the build that recorded them (lib/data/tab-answers.ts).
const buildId = process.env.NEXT_PUBLIC_BUILD_ID ?? Date.now().toString(36);

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'export',
  // With output: 'export', distDir is the export folder (default out/); the base-path test builds elsewhere.
  ...(process.env.EXPORT_DIR ? { distDir: process.env.EXPORT_DIR } : {}),
  basePath,
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  env: { NEXT_PUBLIC_DEMO_ANSWERS: demoAnswers, NEXT_PUBLIC_BUILD_ID: buildId },
};

export default nextConfig;
