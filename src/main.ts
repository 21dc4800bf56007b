// Process entry: pick the command set from ETCDCTL_API before anything is parsed, run it, exit with its code.
import { ExitCode } from './cli/exit.js';
import { report } from './cli/report.js';
import { processStreams, type IO } from './cli/io.js';
import { colourIO } from './cli/colour.js';
import { commandLineArgs } from './cli/argv.js';

type Runner = (argv: string[], io: IO, options: { apiUnset?: boolean }) => Promise<number>;

async function chooseRunner(api: string | undefined, io: IO): Promise<Runner | undefined> {
  if (api === undefined || api === '' || api === '3') return (await import('./v3/cli.js')).runV3;
  if (api === '2') return (await import('./v2/cli.js')).runV2;
  io.stderr.write(`unsupported API version ${api}\n`);
  return undefined;
}

async function finish(io: IO, code: number): Promise<never> {
  await io.flush();
  process.exit(code);
}

async function main(): Promise<void> {
  const io = processStreams();
  const fatal = (err: unknown) => void finish(io, report(err, io));
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  const api = process.env.ETCDCTL_API;
  // etcdctl removes it so that pkg/flags never calls it an unrecognized variable.
  delete process.env.ETCDCTL_API;
  let code: number;
  // On a terminal the streams colour what they carry; piped, they are the process streams untouched.
  const out = await colourIO(io);
  try {
    const run = await chooseRunner(api, out);
    code = run ? await run(commandLineArgs(), out, { apiUnset: api === undefined || api === '' }) : ExitCode.Error;
  } catch (err) {
    code = report(err, out);
  }
  await finish(io, code);
}

void main();
