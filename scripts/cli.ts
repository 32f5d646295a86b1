// `npm run --silent cli -- <command> …`: see lib/cli/run.ts and the README.
import { runCli } from '../lib/cli/run';

// `cli … | head`: the reader has gone, so there is no one left to tell; stop quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(`${text}\n`),
});
