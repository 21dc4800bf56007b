// The txn input language (etcdctl txn_command.go): compare lines, then success and failure op lines.
// Lines are "byte strings" (one char per byte) so quoted \xHH escapes can carry any byte.
import { CliError, ExitCode } from '../../cli/exit.js';
import { FlagError, FlagSet, pflagUsages, type FlagSpec, type FlagValue } from '../../cli/pflag.js';
import { goQuote } from '../../go/quote.js';
import { scanQuoted, UnquoteError, goUnquote } from '../../go/unquote.js';
import { parseGoInt } from '../../go/strconv.js';
import { findV3Command, type PUT_FLAGS, type V3Flag } from '../registry.js';
import { HELP_FLAG } from '../help.js';
import { rangeRequest, type ArgSource } from '../commands/get.js';
import { deleteRangeRequest } from '../commands/del.js';
import { parseLeaseId, putRequest } from '../commands/put.js';
import type { Compare, RequestOp } from '../proto/schema.js';

export const byteString = (b: Buffer) => b.toString('latin1');
const bytesOf = (s: string) => Buffer.from(s, 'latin1');
const invalidInput = (msg: string) => new CliError(msg, ExitCode.InvalidInput);

// Compare.CompareResult and Compare.CompareTarget numbers of the wire protocol.
const RESULTS: Record<string, number> = { '=': 0, '>': 1, '<': 2, '!=': 3 };
const TARGETS: Record<string, { target: number; field: string }> = {
  ver: { target: 0, field: 'version' }, version: { target: 0, field: 'version' },
  c: { target: 1, field: 'create_revision' }, create: { target: 1, field: 'create_revision' },
  m: { target: 2, field: 'mod_revision' }, mod: { target: 2, field: 'mod_revision' },
  val: { target: 3, field: 'value' }, value: { target: 3, field: 'value' },
  lease: { target: 4, field: 'lease' },
};

/** etcdctl 3.4's compares name one key, never a range. */
export type KeyCompare = Omit<Compare, 'range_end'>;

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** `<target>(<quoted key>) <op> <quoted value>`, scanned as Go's Sscanf("%q) %s %q") does. */
export function parseCompare(raw: string): KeyCompare {
  const line = raw.trim();
  const open = line.indexOf('(');
  if (open < 0) throw invalidInput(`malformed comparison: ${line}`);
  const targetName = line.slice(0, open);
  let key = '';
  let op = '';
  let value = '';
  const malformed = () =>
    invalidInput(`malformed comparison: ${line}; got ${targetName}(${goQuote(bytesOf(key))}) ${op} ${goQuote(bytesOf(value))}`);
  let i = open + 1;
  while (isBlank(line[i])) i++;
  try {
    ({ value: key, end: i } = scanQuoted(line, i));
  } catch (err) {
    if (err instanceof UnquoteError) throw malformed();
    throw err;
  }
  if (line[i] !== ')') throw malformed();
  i++;
  if (!isBlank(line[i])) throw malformed();
  while (isBlank(line[i])) i++;
  const opStart = i;
  while (i < line.length && !isBlank(line[i])) i++;
  op = line.slice(opStart, i);
  if (!isBlank(line[i])) throw malformed();
  while (isBlank(line[i])) i++;
  try {
    ({ value } = scanQuoted(line, i));
  } catch (err) {
    if (err instanceof UnquoteError) throw malformed();
    throw err;
  }
  const target = TARGETS[targetName];
  if (!target) throw invalidInput(`malformed comparison: ${line} (unknown target ${targetName})`);
  const result = RESULTS[op];
  // etcdctl panics here ("Unknown result op"); we say what is wrong.
  if (result === undefined) throw invalidInput(`malformed comparison: ${line} (unknown operator ${op}; use =, !=, > or <)`);
  const cmp: KeyCompare = { result, target: target.target, key: bytesOf(key) };
  if (target.field === 'value') cmp.value = bytesOf(value);
  else if (target.field === 'lease') {
    // etcdctl panics on lease compares; we take the lease ID in hex, as put --lease does.
    try {
      cmp.lease = parseGoInt(value, 16, 64);
    } catch {
      throw invalidInput(`invalid txn compare request: ${line}`);
    }
  } else {
    try {
      (cmp as unknown as Record<string, bigint>)[target.field] = parseGoInt(value, 10, 64);
    } catch {
      throw invalidInput(`invalid txn compare request: ${line}`);
    }
  }
  return cmp;
}

/**
 * etcdctl's argify: double-quoted tokens (Go escapes), single-quoted tokens (taken whole: the 3.4 bug that cut
 * them by the token count is not copied), and bare words; a lone unmatched quote is skipped.
 */
export function argify(line: string): string[] {
  const re = /("(?:[^"\\]|\\.)*")|('[^']*')|[^'"\s]\S*/g;
  const out: string[] = [];
  for (const m of line.matchAll(re)) {
    const tok = m[0];
    if (m[1] !== undefined) {
      try {
        out.push(goUnquote(tok));
      } catch {
        throw invalidInput('invalid syntax');
      }
    } else if (m[2] !== undefined) out.push(tok.slice(1, -1));
    else out.push(tok);
  }
  return out;
}

const OPS = ['get', 'put', 'del'] as const;
type OpName = (typeof OPS)[number];

function opSpec(name: OpName) {
  return findV3Command(name)!;
}

function resolveOp(word: string): OpName | undefined {
  if ((OPS as readonly string[]).includes(word)) return word as OpName;
  const m = OPS.filter((o) => o.startsWith(word));
  return m.length === 1 ? m[0] : undefined;
}

function badOpFlags(name: OpName, flags: readonly FlagSpec[], line: string): CliError {
  const usage = `Usage:\n   ${opSpec(name).use}\n\nFlags:\n${pflagUsages(flags)}\n`;
  return new CliError(`invalid txn request: ${line}`, ExitCode.InvalidInput, {
    stderr: `${usage}Error: invalid txn request: ${line}\n`,
  });
}

/** One op line: get/put/del with the standalone command's flags and checks, but no global flags. */
export function parseOp(raw: string): RequestOp {
  const line = raw.trim();
  const words = argify(line);
  if (words.length < 2) throw invalidInput(`invalid txn compare request: ${line}`);
  const name = resolveOp(words[0]);
  if (!name) throw invalidInput(`invalid txn request: ${line}`);
  // Op lines take the flags etcdctl 3.4 knows; its usage text for a bad one lists exactly those.
  const flags = [...opSpec(name).flags.filter((f) => !f.since), HELP_FLAG(name)];
  let values: Map<string, FlagValue>;
  let args: string[];
  try {
    ({ values, args } = new FlagSet(flags).parse(words.slice(1)));
  } catch (err) {
    if (err instanceof FlagError) throw badOpFlags(name, flags, line);
    throw err;
  }
  // The op line's flags are the command's (less the newer ones, which read as absent).
  const src = <F extends readonly V3Flag[]>(): ArgSource<F> => ({ args, flag: (n) => values.get(n) as never, argBytes: bytesOf });
  switch (name) {
    case 'get':
      return { request_range: rangeRequest(src()) };
    case 'del':
      return { request_delete_range: deleteRangeRequest(src()) };
    case 'put': {
      const put = src<typeof PUT_FLAGS>();
      const ignoreValue = put.flag('ignore-value');
      if (args.length < (ignoreValue ? 1 : 2)) throw new CliError('put command needs 1 argument and input from stdin or 2 arguments', ExitCode.BadArgs);
      parseLeaseId(put.flag('lease'));
      return { request_put: putRequest(put, bytesOf(args[0]), ignoreValue ? Buffer.alloc(0) : bytesOf(args[1])) };
    }
  }
}
