// `npm run --silent cli -- <command> …`: runs scripts/cli.ts (lib/cli/run.ts) from bundled files. Under tsx,
// Node resolves and compiles the CLI's fifty TypeScript modules on every run (about 0.4 s of the 3.5 s
// `objectivity` takes on the demo's files); esbuild bundles them once into node_modules/.cache/shnor-cli/, and
// again whenever the contents of a file in the bundle, package.json or tsconfig.json change (a hash of them all,
// so a file restored with an older date counts too). Packages stay outside the bundle, resolved as usual. The
// bundle is split at the code's dynamic imports, so that a package only some commands use (docx for `report`,
// the Excel reader for a book) is loaded by those alone: `--help` takes 0.16 s instead of 0.30 s.
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'node_modules/.cache/shnor-cli');
const inputsFile = join(dir, 'inputs.json');
const ALWAYS = ['package.json', 'tsconfig.json', 'scripts/run-cli.mjs'];

/** A hash of the files' contents (and of the list itself), or null when one cannot be read. */
function hashOf(files) {
  const h = createHash('sha1');
  try {
    for (const f of files)
      h.update(`${f}\0`)
        .update(readFileSync(join(root, f)))
        .update('\0');
  } catch {
    return null;
  }
  return h.digest('hex');
}

/** The folder of the current bundle when it was made from the files as they are now, else null. */
function current() {
  try {
    const { files, hash, out } = JSON.parse(readFileSync(inputsFile, 'utf8'));
    return hash === hashOf(files) ? out : null;
  } catch {
    return null;
  }
}

let out = current();
if (!out) {
  const { build } = await import('esbuild');
  mkdirSync(dir, { recursive: true });
  // Each bundle in a folder of its own, named in inputs.json once whole: a CLI started meanwhile runs the
  // previous one, whose later chunks stay in place.
  out = `b-${process.pid}-${Date.now()}`;
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['scripts/cli.ts'],
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: join(dir, out),
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'error',
  });
  const files = [...ALWAYS, ...Object.keys(result.metafile.inputs).sort()];
  writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify({ files, hash: hashOf(files), out }));
  renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  // Earlier bundles unused for an hour (each run marks its folder as used): no run can still be loading their
  // chunks. Another launcher may be removing the same ones.
  for (const old of readdirSync(dir)) {
    if (old === out || !old.startsWith('b-')) continue;
    try {
      const path = join(dir, old);
      if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
    } catch {}
  }
} else {
  try {
    const now = new Date();
    utimesSync(join(dir, out), now, now);
  } catch {}
}
await import(pathToFileURL(join(dir, out, 'cli.mjs')).href);
