// The v3 tree's entry: finds the command the way cobra does (prefix matching, flags anywhere),
// parses its flags with pflag's rules, and runs its handler.
import { CliError, ExitCode } from '../cli/exit.js';
import { argBytes } from '../cli/argv.js';
import { goQuote } from '../go/quote.js';
import type { IO } from '../cli/io.js';
import { FlagError, FlagSet } from '../cli/pflag.js';
import { findCommand, nonFlagWords, suggestionsFor, type CobraTree } from '../cli/cobra.js';
import { commandHelp, groupHelp, HELP_FLAG, helpCommandHelp, rootHelp } from './help.js';
import { inheritedFlags, V3_GLOBAL_FLAGS, V3_REGISTRY, type V3Command, type V3Flag, type V3Group } from './registry.js';
import { isBuiltin, isCommand, isGroup, leafName, type BuiltinEntry } from '../cli/registry.js';
import { CommandContext } from './context.js';
import { asCliError } from './errors.js';
import type { ClientPool } from './connect.js';

type Node =
  | { kind: 'root' }
  | { kind: 'group'; group: V3Group }
  | { kind: 'command'; spec: V3Command }
  | { kind: 'help'; entry: BuiltinEntry };

/** A node's children by name, in registration order (the root's is etcdctl's AddCommand order). */
function childrenOf(node: Node): { name: string; node: Node; hidden: boolean }[] {
  if (node.kind === 'root') {
    return V3_REGISTRY.items.map((item) => {
      if (isBuiltin(item)) return { name: item.path, node: { kind: 'help', entry: item }, hidden: false };
      if (isGroup(item)) return { name: item.path, node: { kind: 'group', group: item }, hidden: false };
      return { name: item.path, node: { kind: 'command', spec: item }, hidden: item.hidden === true };
    });
  }
  if (node.kind === 'group') {
    return node.group.commands.map((c) => ({ name: leafName(c.path), node: { kind: 'command', spec: c }, hidden: c.hidden === true }));
  }
  return [];
}

function flagsKnownAt(node: Node): FlagSet {
  return new FlagSet(flagSpecsFor(node));
}

/** Our additions (batch, check health) are hidden: they answer only to their full names, so no etcdctl input changes meaning. */
const TREE: CobraTree<Node> = {
  children: childrenOf,
  flagsAt: flagsKnownAt,
  isLeaf: (node) => node.kind === 'help' || node.kind === 'command',
};

const find = (argv: string[]) => findCommand(TREE, { kind: 'root' } as Node, argv);

/**
 * Whether only the v2 set has a command of this name (a v3 command never gets the hint); when ETCDCTL_API was
 * not set, the error also says how to reach it. The v2 registry is loaded only for this error.
 */
async function isV2Only(word: string): Promise<boolean> {
  const { V2_REGISTRY } = await import('../v2/registry.js');
  const v2 = V2_REGISTRY.items.some((item) => isCommand(item) && item.path === word);
  return v2 && !V3_REGISTRY.items.some((item) => item.path === word);
}

function v2Hint(word: string): string {
  return `"${word}" is a command of the v2 API (ETCDCTL_API=2); to use it: ETCDCTL_API=2 etcdctl ${word} …\n`;
}

async function unknownCommand(word: string, apiUnset = false): Promise<CliError> {
  const names = childrenOf({ kind: 'root' })
    .filter((c) => c.node.kind !== 'help' && !c.hidden)
    .map((c) => c.name);
  const suggestions = suggestionsFor(word, names);
  let msg = `unknown command ${goQuote(argBytes(word))} for "etcdctl"`;
  if (suggestions.length) msg += '\n\nDid you mean this?\n' + suggestions.map((s) => `\t${s}\n`).join('');
  let stderr = `Error: ${msg}\nRun 'etcdctl --help' for usage.\nError: ${msg}\n`;
  if (apiUnset && (await isV2Only(word))) stderr += v2Hint(word);
  return new CliError(msg, ExitCode.Error, { stderr });
}

function usageFor(node: Node): string {
  if (node.kind === 'command') return commandHelp(node.spec);
  if (node.kind === 'group') return groupHelp(node.group);
  if (node.kind === 'help') return helpCommandHelp(node.entry);
  return rootHelp();
}

function flagError(node: Node, err: FlagError): CliError {
  return new CliError(err.message, ExitCode.Error, {
    stdout: usageFor(node),
    stderr: `Error: ${err.message}\n\nError: ${err.message}\n`,
  });
}

/** cobra's help command: a command with flags of its own (-h shows its own help), then help for the words. */
function runHelpCommand(io: IO, help: Extract<Node, { kind: 'help' }>, rest: string[]): number {
  const parsed = parseFlags(help, rest);
  const words = parsed.values.get('help') === true ? [help.entry.path] : parsed.args;
  const { node } = find(words);
  if (node.kind === 'root' && words.length > 0) {
    io.stderr.write(`Unknown help topic [${words.map((w) => '`' + w + '`').join(' ')}]\n`);
    io.stdout.write(rootHelp(false));
    return ExitCode.Success;
  }
  io.stdout.write(usageFor(node));
  return ExitCode.Success;
}

function parseFlags(node: Node, rest: string[]) {
  try {
    return new FlagSet(flagSpecsFor(node)).parse(rest);
  } catch (err) {
    if (err instanceof FlagError) throw flagError(node, err);
    throw err;
  }
}

function flagSpecsFor(node: Node): V3Flag[] {
  if (node.kind === 'command') return [...node.spec.flags, ...inheritedFlags(node.spec.path), HELP_FLAG('')];
  if (node.kind === 'group') return [...(node.group.flags ?? []), ...V3_GLOBAL_FLAGS, HELP_FLAG('')];
  return [...V3_GLOBAL_FLAGS, HELP_FLAG('')];
}

/** Which command an argv names and its positional arguments, or undefined when it would not run a command. */
export function resolveCommand(argv: string[]): { path: string; args: string[]; changed: ReadonlySet<string> } | undefined {
  const { node, rest } = find(argv);
  if (node.kind !== 'command') return undefined;
  try {
    const parsed = new FlagSet(flagSpecsFor(node)).parse(rest);
    if (parsed.values.get('help') === true) return undefined;
    return { path: node.spec.path, args: parsed.args, changed: parsed.changed };
  } catch {
    return undefined;
  }
}

export interface RunOptions {
  /** Shared connections when one process runs many commands (batch). */
  pool?: ClientPool;
  /** ETCDCTL_API was not set at all (an explicit 3 gets no v2 hints). */
  apiUnset?: boolean;
}

export async function runV3(argv: string[], io: IO, options: RunOptions = {}): Promise<number> {
  const { node, rest } = find(argv);
  if (node.kind === 'help') return runHelpCommand(io, node, rest);
  if (node.kind === 'root') {
    const words = nonFlagWords(rest, flagsKnownAt(node));
    if (words.length > 0) throw await unknownCommand(words[0], options.apiUnset);
  }
  const parsed = parseFlags(node, rest);
  if (parsed.values.get('help') === true || node.kind !== 'command') {
    io.stdout.write(usageFor(node));
    return ExitCode.Success;
  }
  const handler = await node.spec.load();
  const ctx = new CommandContext(node.spec, parsed, io, options.pool);
  try {
    return (await handler(ctx)) ?? ExitCode.Success;
  } catch (err) {
    throw await asCliError(err);
  } finally {
    await ctx.close();
  }
}
