// Static export: no server code at run time. NEXT_PUBLIC_BASE_PATH serves the site under a sub-path.
const basePath = process.env.NEXT_PUBLIC_BASE_PATH ?? '';

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'export',
  // With output: 'export', distDir is the export folder (default out/); the base-path test builds elsewhere.
  ...(process.env.EXPORT_DIR ? { distDir: process.env.EXPORT_DIR } : {}),
  basePath,
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
};

export default nextConfig;
