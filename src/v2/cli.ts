// The v2 tree's entry (ETCDCTL_API=2): urfave/cli v1's dispatch — global flags, then a command or a
// command group, its flags, help and version — with etcdctl's texts and exit codes.
import { CliError } from '../cli/exit.js';
import type { IO } from '../cli/io.js';
import { FlagError, HELP_FLAG, parseInterspersed, parseLeading, type CommandArgs, type FlagDef, type FlagValues } from './flags.js';
import type { GlobalFlags } from './context.js';
import { groupAppHelp, groupAsCommandHelp, groupHelp, helpCommandHelp, leafHelp, rootHelp, versionText } from './help.js';
import { isBuiltin, isCommand, isGroup, leafName } from '../cli/registry.js';
import { commandFlags, GLOBAL_FLAGS, V2_REGISTRY, type GroupSpec, type LeafSpec } from './registry.js';
import { atLeastMajorMinor } from '../go/version.js';

/** The help command's name and aliases (`help`, `h`), as its registry entry gives them. */
const HELP_NAMES = V2_REGISTRY.items.filter(isBuiltin).flatMap((h) => [h.path, ...(h.aliases ?? [])]);

/**
 * Our line after etcdctl's error when a server has no v2 API: etcd 3.4 and 3.5 serve it with --enable-v2=true,
 * etcd 3.6 removed it (and the flag), so there the only way on is the v3 API.
 */
function v2DisabledHint(serverVersion: string | undefined): string {
  if (atLeastMajorMinor(serverVersion, 3, 6)) {
    return `hint: this server is etcd ${serverVersion}, which has no v2 API (etcd 3.6 removed it); use ETCDCTL_API=3\n`;
  }
  return 'hint: this server does not serve the v2 API; start etcd with --enable-v2=true, or use ETCDCTL_API=3\n';
}

/** Help text on stdout, exit 0. */
function show(io: IO, text: string): number {
  io.stdout.write(text);
  return 0;
}

/** urfave's usage error: `Incorrect Usage<sep> <err>`, a blank line and the help on stdout; the error on stderr. */
function usageError(err: FlagError, sep: '.' | ':', help: string): CliError {
  return new CliError(err.message, 1, { stdout: `Incorrect Usage${sep} ${err.message}\n\n${help}`, stderr: err.message + '\n' });
}

function noHelpTopic(name: string): CliError {
  return new CliError(`No help topic for '${name}'`, 3, { stderr: `No help topic for '${name}'\n` });
}

/** Command-level flags; a flag error prints `Incorrect Usage:` with the given help. */
function parseCommandFlags<const F extends readonly FlagDef[]>(args: string[], flags: F, help: string): CommandArgs<FlagValues<F>> {
  try {
    return parseInterspersed(args, flags);
  } catch (err) {
    if (err instanceof FlagError) throw usageError(err, ':', help);
    throw err;
  }
}

/** The help command: `etcdctl help [command]` or, inside a group, `etcdctl member help [subcommand]`. */
function runHelpCommand(io: IO, args: string[], group?: GroupSpec): number {
  const { flags, args: rest } = parseCommandFlags(args, [HELP_FLAG], helpCommandHelp(group));
  if (flags.get('help')) return show(io, helpCommandHelp(group));
  if (rest.length === 0) return show(io, group ? groupAppHelp(group) : rootHelp());
  const topic = rest[0];
  if (HELP_NAMES.includes(topic)) return show(io, helpCommandHelp(group));
  const found = group ? group.commands.find((c) => leafName(c.path) === topic) : V2_REGISTRY.items.find((c) => c.path === topic);
  if (!found || (!isGroup(found) && !isCommand(found))) throw noHelpTopic(topic);
  if (isGroup(found)) return show(io, groupAsCommandHelp(found));
  return show(io, leafHelp(found));
}

async function runLeaf(io: IO, globals: GlobalFlags, spec: LeafSpec, args: string[]): Promise<number> {
  const help = leafHelp(spec);
  const parsed = parseCommandFlags(args, commandFlags(spec), help);
  if (parsed.flags.get('help')) return show(io, help);
  // Loaded here so that help and usage errors never load the HTTP client.
  const { CommandContext } = await import('./context.js');
  const ctx = new CommandContext(io, globals, parsed.flags, parsed.args, parsed.dashDashAt);
  try {
    const handler = await spec.load();
    return await handler(ctx);
  } catch (err) {
    if (err instanceof CliError && ctx.sawV2Disabled) {
      const hint = v2DisabledHint(await ctx.v2DisabledServerVersion());
      throw new CliError(err.message, err.exitCode, { ...err.opts, stderr: err.stderrText + hint });
    }
    throw err;
  } finally {
    ctx.close();
  }
}

async function runGroup(io: IO, globals: GlobalFlags, group: GroupSpec, args: string[]): Promise<number> {
  let help: boolean;
  let rest: string[];
  try {
    const parsed = parseLeading(args, [HELP_FLAG]);
    ({ rest } = parsed);
    help = parsed.flags.get('help');
  } catch (err) {
    if (err instanceof FlagError) throw usageError(err, '.', groupHelp(group));
    throw err;
  }
  if (help || rest.length === 0) return show(io, groupHelp(group));
  const name = rest[0];
  if (HELP_NAMES.includes(name)) return runHelpCommand(io, rest.slice(1), group);
  const sub = group.commands.find((s) => leafName(s.path) === name);
  if (!sub) throw noHelpTopic(name);
  return runLeaf(io, globals, sub, rest.slice(1));
}

export async function runV2(argv: string[], io: IO): Promise<number> {
  let globals: GlobalFlags;
  let rest: string[];
  try {
    ({ flags: globals, rest } = parseLeading(argv, GLOBAL_FLAGS));
  } catch (err) {
    if (err instanceof FlagError) throw usageError(err, '.', rootHelp());
    throw err;
  }
  if (globals.get('help')) return show(io, rootHelp());
  if (globals.get('version')) return show(io, versionText());
  if (rest.length === 0) return show(io, rootHelp());
  const name = rest[0];
  if (HELP_NAMES.includes(name)) return runHelpCommand(io, rest.slice(1));
  const spec = V2_REGISTRY.items.find((c) => c.path === name);
  if (spec && isGroup(spec)) return runGroup(io, globals, spec, rest.slice(1));
  if (spec && isCommand(spec)) return runLeaf(io, globals, spec, rest.slice(1));
  throw noHelpTopic(name);
}
