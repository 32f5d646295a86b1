// `npm run --silent cli -- <command> …`: see lib/cli/run.ts and the README.
import { runCli } from '../lib/cli/run';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(`${text}\n`),
});
