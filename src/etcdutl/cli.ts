// etcdutl's dispatcher: cobra's rules as etcdutl runs them (prefix matching, flags anywhere, required flags,
// errors printed by cobra and again by etcdutl, usage on stderr), over the registry in registry.ts.
import { CliError, ExitCode } from '../cli/exit.js';
import { argBytes } from '../cli/argv.js';
import { goQuote } from '../go/quote.js';
import type { IO } from '../cli/io.js';
import { FlagError, FlagSet, type ParsedArgs } from '../cli/pflag.js';
import { findCommand, suggestionsFor, type CobraTree } from '../cli/cobra.js';
import { isBuiltin, isGroup, leafName, type BuiltinEntry } from '../cli/registry.js';
import { CommandContext } from '../v3/context.js';
import type { V3Flag } from '../v3/registry.js';
import { commandHelp, groupHelp, helpCommandHelp, PROGRAM, rootHelp, usageError, UTL_HELP_FLAG } from './help.js';
import { UTL_REGISTRY, utlInheritedFlags, type UtlCommand, type UtlGroup } from './registry.js';

type Node =
  | { kind: 'root' }
  | { kind: 'group'; group: UtlGroup }
  | { kind: 'command'; spec: UtlCommand }
  | { kind: 'help'; entry: BuiltinEntry };

function childrenOf(node: Node): { name: string; node: Node }[] {
  if (node.kind === 'root') {
    return UTL_REGISTRY.items.map((item) => {
      if (isBuiltin(item)) return { name: item.path, node: { kind: 'help', entry: item } };
      if (isGroup(item)) return { name: item.path, node: { kind: 'group', group: item as UtlGroup } };
      return { name: item.path, node: { kind: 'command', spec: item as UtlCommand } };
    });
  }
  if (node.kind === 'group') return node.group.commands.map((c) => ({ name: leafName(c.path), node: { kind: 'command', spec: c } }));
  return [];
}

function flagSpecsFor(node: Node): V3Flag[] {
  if (node.kind === 'command') return [...node.spec.flags, ...utlInheritedFlags(node.spec.path), UTL_HELP_FLAG(leafName(node.spec.path))];
  if (node.kind === 'group') return [...(node.group.flags ?? []), ...UTL_REGISTRY.flags, UTL_HELP_FLAG(node.group.path)];
  if (node.kind === 'help') return [...UTL_REGISTRY.flags, UTL_HELP_FLAG('help')];
  return [...UTL_REGISTRY.flags, UTL_HELP_FLAG(PROGRAM)];
}

const TREE: CobraTree<Node> = {
  children: childrenOf,
  flagsAt: (node) => new FlagSet(flagSpecsFor(node)),
  isLeaf: (node) => node.kind === 'help' || node.kind === 'command',
};

const find = (argv: string[]) => findCommand(TREE, { kind: 'root' } as Node, argv);

function usageFor(node: Node): string {
  if (node.kind === 'command') return commandHelp(node.spec);
  if (node.kind === 'group') return groupHelp(node.group);
  if (node.kind === 'help') return helpCommandHelp(node.entry);
  return rootHelp();
}


function unknownCommand(word: string, under: string): CliError {
  const names = childrenOf({ kind: 'root' }).filter((c) => c.node.kind !== 'help').map((c) => c.name);
  const suggestions = under === PROGRAM ? suggestionsFor(word, names) : [];
  let msg = `unknown command ${goQuote(argBytes(word))} for "${under}"`;
  if (suggestions.length) msg += '\n\nDid you mean this?\n' + suggestions.map((s) => `\t${s}\n`).join('');
  return new CliError(msg, ExitCode.Error, { stderr: `Error: ${msg}\nRun '${under} --help' for usage.\nError: ${msg}\n` });
}

function parseFlags(node: Node, rest: string[]): ParsedArgs {
  try {
    return new FlagSet(flagSpecsFor(node)).parse(rest);
  } catch (err) {
    if (err instanceof FlagError) throw usageError(usageFor(node), err.message);
    throw err;
  }
}

/** cobra's help command: usage of the named command on stdout, or "Unknown help topic" and the root's on stderr. */
function runHelpCommand(io: IO, help: Extract<Node, { kind: 'help' }>, rest: string[]): number {
  const parsed = parseFlags(help, rest);
  const words = parsed.values.get('help') === true ? [help.entry.path] : parsed.args;
  const { node } = find(words);
  if (node.kind === 'root' && words.length > 0) {
    io.stderr.write(`Unknown help topic [${words.map((w) => '`' + w + '`').join(' ')}]\n${rootHelp(false)}`);
    return ExitCode.Success;
  }
  io.stdout.write(usageFor(node));
  return ExitCode.Success;
}

/** cobra's ValidateRequiredFlags, before the command runs. */
function checkRequired(node: Extract<Node, { kind: 'command' }>, parsed: ParsedArgs): void {
  const missing = (node.spec.required ?? []).filter((f) => !parsed.changed.has(f));
  if (missing.length) throw usageError(usageFor(node), `required flag(s) ${missing.map((f) => `"${f}"`).join(', ')} not set`);
}

export async function runUtl(argv: string[], io: IO): Promise<number> {
  const { node, rest } = find(argv);
  if (node.kind === 'help') return runHelpCommand(io, node, rest);
  const parsed = parseFlags(node, rest);
  if (parsed.values.get('help') === true || node.kind !== 'command') {
    // cobra: a word that names no command is an error at the root only; a group shows its usage.
    if (node.kind === 'root' && parsed.args.length > 0) throw unknownCommand(parsed.args[0], PROGRAM);
    io.stdout.write(usageFor(node));
    return ExitCode.Success;
  }
  checkRequired(node, parsed);
  const handler = await node.spec.load();
  const ctx = new CommandContext(node.spec, parsed, io);
  try {
    return (await handler(ctx)) ?? ExitCode.Success;
  } finally {
    await ctx.close();
  }
}
