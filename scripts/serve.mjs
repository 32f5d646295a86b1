// A small static server for out/: serves precompressed files, application/wasm, the base path, and byte
// ranges (`Range: bytes=a-b` → 206), which the browser's DuckDB uses to read a large .duckdb by URL.
// NO_RANGES=1 ignores Range, as some hosts do (for tests of that case).
import { createServer } from 'node:http';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const root = join(import.meta.dirname, '..', process.env.EXPORT_DIR ?? 'out');
const basePath = process.env.NEXT_PUBLIC_BASE_PATH ?? '';
const port = Number(process.env.PORT ?? 3000);
const ranges = process.env.NO_RANGES !== '1';
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
  const range = ranges && file && /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  if (ranges && file) headers['Accept-Ranges'] = 'bytes';
  if (range) {
    // One range, never compressed: the bytes of the file itself. A large file is never read whole.
    const size = statSync(path).size;
    const [start, end] = range[1]
      ? [Number(range[1]), Math.min(range[2] ? Number(range[2]) : size - 1, size - 1)]
      : [Math.max(0, size - Number(range[2])), size - 1];
    if (!(start <= end && start < size)) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` });
      return res.end();
    }
    delete headers.Vary;
    headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    headers['Content-Length'] = end - start + 1;
    res.writeHead(206, headers);
    if (req.method === 'HEAD') return res.end();
    return createReadStream(path, { start, end }).pipe(res);
  }
  if (
    (ranges && file && req.method === 'HEAD') ||
    (extname(path) === '.duckdb' && statSync(path).size > 64 * 2 ** 20)
  ) {
    // The file's own size for a client about to ask for ranges; a whole large data file streamed, not held in memory.
    delete headers.Vary;
    headers['Content-Length'] = statSync(path).size;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') return res.end();
    return createReadStream(path).pipe(res);
  }
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
