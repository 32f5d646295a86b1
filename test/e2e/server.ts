// Serves a static export with the project's own server on a free localhost port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface StaticServer {
  url: string;
  stop(): Promise<void>;
}

/** `env`: the server's own switches, e.g. `{ NO_RANGES: '1' }` for a host that ignores Range. */
export async function serveExport(
  exportDir = 'out',
  basePath = '',
  env: Record<string, string> = {},
): Promise<StaticServer> {
  if (!existsSync(join(root, exportDir, 'index.html')))
    throw new Error(`${exportDir}/ is missing: run npm run build first`);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(root, 'scripts/serve.mjs')], {
    env: {
      ...process.env,
      PORT: String(port),
      EXPORT_DIR: exportDir,
      NEXT_PUBLIC_BASE_PATH: basePath,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('http://') && resolve());
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}${basePath}/`,
    async stop() {
      child.kill();
    },
  };
}
