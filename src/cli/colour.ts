// Colour for a person at a terminal, never for a script: the `Error:` prefix, table headers and health
// verdicts, added to text the commands already rendered. The streams are wrapped only when the terminal
// decision (tty.ts) says colour is wanted, so piped output is not merely the same bytes: it never passes
// through here at all. chalk is imported only then, which keeps it off every other start-up.
import type { ChalkInstance } from 'chalk';
import type { Bytes, IO, Output } from './io.js';
import { colourLevel, colourRuledOut, terminalFacts } from './tty.js';

type Painter = (text: string) => string;

/** `Error:` at the start of a line: the one word a person scans stderr for. */
function errorPainter(chalk: ChalkInstance): Painter {
  const label = chalk.red.bold('Error:');
  return (text) => text.replace(/^Error:/gm, label);
}

/** A tablewriter table written in one piece: its border, then the header row, then another border. */
const TABLE_HEAD = /^(\+[-+]+\+\n)(\|[^\n]*\|)(\n\+[-+]+\+\n)/;

function tableHeaderPainter(chalk: ChalkInstance): Painter {
  return (text) =>
    text.replace(TABLE_HEAD, (_, top: string, header: string, rule: string) => {
      const cells = header.split('|').map((cell, i, all) => (i === 0 || i === all.length - 1 ? cell : chalk.bold(cell)));
      return top + cells.join('|') + rule;
    });
}

/** endpoint health's lines and check health's labels and verdict. */
function healthPainter(chalk: ChalkInstance): Painter {
  return (text) =>
    text
      .replace(/^(\S+) is healthy:/gm, (_, ep: string) => `${ep} is ${chalk.green('healthy')}:`)
      .replace(/^(\S+) is unhealthy:/gm, (_, ep: string) => `${ep} is ${chalk.red('unhealthy')}:`)
      .replace(/^(OK|WARNING|ERROR)( +)(?=\S[^\n]*: )/gm, (_, label: string, pad: string) => paintStatus(chalk, label) + pad)
      .replace(/^(HEALTHY|DEGRADED|UNHEALTHY)(: \d+ ok, )/gm, (_, verdict: string, rest: string) => paintStatus(chalk, verdict) + rest);
}

function paintStatus(chalk: ChalkInstance, word: string): string {
  if (word === 'OK' || word === 'HEALTHY') return chalk.green.bold(word);
  if (word === 'WARNING' || word === 'DEGRADED') return chalk.yellow.bold(word);
  return chalk.red.bold(word);
}

function painted(out: Output, paint: Painter): Output {
  return {
    write(data: Bytes) {
      out.write(typeof data === 'string' ? paint(data) : data);
    },
    get isTTY() {
      return out.isTTY;
    },
  };
}

const pipeline = (...painters: Painter[]): Painter => (text) => painters.reduce((t, p) => p(t), text);

/**
 * The streams a command should write to: `io` itself when neither stream wants colour (the usual case
 * for scripts, and the only one when output is piped), otherwise streams that colour what they carry.
 */
export async function colourIO(io: IO): Promise<IO> {
  if (colourRuledOut(io.env)) return io;
  const onStdout = terminalFacts(io, 'stdout').color;
  const onStderr = terminalFacts(io, 'stderr').color;
  if (!onStdout && !onStderr) return io;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: colourLevel(io.env) });
  const health = healthPainter(chalk);
  // Everything but the two output streams is io's own (stdin stays lazy, members added later carry over).
  const wrapped = Object.create(io) as IO;
  Object.defineProperties(wrapped, {
    stdout: { value: onStdout ? painted(io.stdout, pipeline(tableHeaderPainter(chalk), health)) : io.stdout },
    stderr: { value: onStderr ? painted(io.stderr, pipeline(errorPainter(chalk), health)) : io.stderr },
  });
  return wrapped;
}
