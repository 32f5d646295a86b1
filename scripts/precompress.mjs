// After `next build`: .br and .gz beside every compressible file of out/, so the static server (ours, or
// nginx with gzip_static/brotli_static) sends the 34 MB wasm as ~6 MB without compressing per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';

const out = join(import.meta.dirname, '..', process.env.EXPORT_DIR ?? 'out');
const COMPRESSIBLE = /\.(wasm|js|css|html|json|svg|txt|csv|duckdb)$/;
let before = 0;
let after = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) walk(path);
    // The national file is read by range requests, which a compressed copy cannot serve.
    else if (COMPRESSIBLE.test(name) && st.size > 1024 && name !== 'national.duckdb') {
      const data = readFileSync(path);
      const br = zlib.brotliCompressSync(data, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      });
      writeFileSync(`${path}.br`, br);
      writeFileSync(`${path}.gz`, zlib.gzipSync(data, { level: 9 }));
      before += data.length;
      after += br.length;
    }
  }
};
walk(out);
console.log(`precompressed out/: ${(before / 1e6).toFixed(1)} MB → ${(after / 1e6).toFixed(1)} MB (brotli)`);
