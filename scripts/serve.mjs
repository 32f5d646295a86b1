// A small static server for out/: serves precompressed files, application/wasm, and the base path.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const root = join(import.meta.dirname, '..', process.env.EXPORT_DIR ?? 'out');
const basePath = process.env.NEXT_PUBLIC_BASE_PATH ?? '';
const port = Number(process.env.PORT ?? 3000);
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.duckdb': 'application/octet-stream',
  '.woff2': 'font/woff2',
};

function resolveFile(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const rel = normalize(decoded).replace(/^(\.\.[/\\])+/, '');
  const path = join(root, rel);
  if (!path.startsWith(root)) return null;
  if (existsSync(path) && statSync(path).isDirectory())
    return existsSync(join(path, 'index.html')) ? join(path, 'index.html') : null;
  if (existsSync(path)) return path;
  if (existsSync(`${path}.html`)) return `${path}.html`;
  return null;
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (basePath && !url.pathname.startsWith(basePath)) {
    res.writeHead(302, { Location: `${basePath}/` });
    return res.end();
  }
  const pathname = url.pathname.slice(basePath.length) || '/';
  if (
    !pathname.endsWith('/') &&
    !extname(pathname) &&
    existsSync(join(root, pathname)) &&
    statSync(join(root, pathname)).isDirectory()
  ) {
    res.writeHead(308, { Location: `${basePath}${pathname}/${url.search}` });
    return res.end();
  }
  const file = resolveFile(pathname);
  const status = file ? 200 : 404;
  const path = file ?? join(root, '404.html');
  const accept = String(req.headers['accept-encoding'] ?? '');
  const headers = {
    'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
    'Cache-Control': pathname.startsWith('/_next/static/')
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
    Vary: 'Accept-Encoding',
  };
  let body;
  if (/\bbr\b/.test(accept) && existsSync(`${path}.br`)) {
    body = readFileSync(`${path}.br`);
    headers['Content-Encoding'] = 'br';
  } else if (/\bgzip\b/.test(accept) && existsSync(`${path}.gz`)) {
    body = readFileSync(`${path}.gz`);
    headers['Content-Encoding'] = 'gzip';
  } else {
    body = readFileSync(path);
  }
  headers['Content-Length'] = body.length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
});

server.listen(port, '127.0.0.1', () => console.log(`ШНОР-Динамика: http://localhost:${port}${basePath}/`));
