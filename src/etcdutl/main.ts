// etcdutl's process entry: run the command, exit with its code. No ETCDCTL_* variable means anything here.
import { report } from '../cli/report.js';
import { processStreams } from '../cli/io.js';
import { colourIO } from '../cli/colour.js';
import { commandLineArgs } from '../cli/argv.js';
import { runUtl } from './cli.js';

async function main(): Promise<void> {
  const io = processStreams();
  const finish = async (code: number): Promise<never> => {
    await io.flush();
    process.exit(code);
  };
  const fatal = (err: unknown) => void finish(report(err, io));
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  const out = await colourIO(io);
  let code: number;
  try {
    code = await runUtl(commandLineArgs(), out);
  } catch (err) {
    code = report(err, out);
  }
  await finish(code);
}

void main();
