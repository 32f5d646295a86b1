// `npm run --silent cli -- <command> …`: runs scripts/cli.ts (lib/cli/run.ts) from one bundled file. Under tsx,
// Node resolves and compiles the CLI's fifty TypeScript modules on every run (about 0.4 s of the 3.5 s
// `objectivity` takes on the demo's files); esbuild bundles them once into node_modules/.cache/shnor-cli/, and
// again whenever the contents of a file in the bundle, package.json or tsconfig.json change (a hash of them all,
// so a file restored with an older date counts too). Packages stay outside the bundle, resolved as usual.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'node_modules/.cache/shnor-cli');
const bundle = join(dir, 'cli.mjs');
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

function current() {
  try {
    const { files, hash } = JSON.parse(readFileSync(inputsFile, 'utf8'));
    return hash === hashOf(files);
  } catch {
    return false;
  }
}

if (!current()) {
  const { build } = await import('esbuild');
  mkdirSync(dir, { recursive: true });
  // Written aside and renamed, so that a CLI started meanwhile reads a whole file.
  const tmp = `${bundle}.${process.pid}.tmp`;
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['scripts/cli.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: tmp,
    metafile: true,
    logLevel: 'error',
  });
  const files = [...ALWAYS, ...Object.keys(result.metafile.inputs).sort()];
  writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify({ files, hash: hashOf(files) }));
  renameSync(tmp, bundle);
  renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
}
await import(pathToFileURL(bundle).href);
