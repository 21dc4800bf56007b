// etcdutl's help: cobra's default usage template (etcdutl sets its help template to the usage string,
// etcdutl/ctl.go@v3.5.30), with pflag's FlagUsages for the flag blocks.
import { CliError, ExitCode } from '../cli/exit.js';
import { pflagUsages, type FlagSpec } from '../cli/pflag.js';
import { isGroup, leafName, type BuiltinEntry } from '../cli/registry.js';
import { UTL_REGISTRY, utlInheritedFlags, type UtlCommand, type UtlGroup } from './registry.js';

export const PROGRAM = 'etcdutl';
export const UTL_HELP_FLAG = (name: string): FlagSpec => ({ name: 'help', short: 'h', type: 'bool', default: 'false', usage: `help for ${name}` });

/** cobra's minimum padding of command names in "Available Commands". */
const MIN_NAME_PADDING = 11;

interface UsageNode {
  /** The usage line after "Usage:", when the command runs. */
  useLine?: string;
  /** The command path, when the node has subcommands. */
  path?: string;
  children?: { name: string; short: string }[];
  local: readonly FlagSpec[];
  inherited: readonly FlagSpec[];
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function render(n: UsageNode): string {
  let s = 'Usage:';
  if (n.useLine !== undefined) s += `\n  ${n.useLine}`;
  if (n.children) {
    s += `\n  ${n.path} [command]`;
    const pad = Math.max(MIN_NAME_PADDING, ...n.children.map((c) => c.name.length));
    s += '\n\nAvailable Commands:';
    for (const c of [...n.children].sort(byName)) s += `\n  ${c.name.padEnd(pad)} ${c.short}`;
  }
  if (n.local.length) s += '\n\nFlags:\n' + pflagUsages(n.local).trimEnd();
  if (n.inherited.length) s += '\n\nGlobal Flags:\n' + pflagUsages(n.inherited).trimEnd();
  if (n.children) s += `\n\nUse "${n.path} [command] --help" for more information about a command.`;
  return s + '\n';
}

const rootChildren = () =>
  UTL_REGISTRY.items.filter((i) => !('hidden' in i && i.hidden)).map((i) => ({ name: i.path, short: i.short }));

/** The root's usage; `withHelpFlag` false for `etcdutl help <unknown>` (cobra adds -h only once it runs). */
export function rootHelp(withHelpFlag = true): string {
  const local = withHelpFlag ? [UTL_HELP_FLAG(PROGRAM), ...UTL_REGISTRY.flags] : UTL_REGISTRY.flags;
  return render({ path: PROGRAM, children: rootChildren(), local, inherited: [] });
}

export function groupHelp(group: UtlGroup): string {
  const children = group.commands.filter((c) => !c.hidden).map((c) => ({ name: leafName(c.path), short: c.short }));
  return render({ path: `${PROGRAM} ${group.path}`, children, local: [UTL_HELP_FLAG(group.path), ...(group.flags ?? [])], inherited: utlInheritedFlags(group.path) });
}

export function commandHelp(cmd: UtlCommand): string {
  return render({ useLine: `${PROGRAM} ${cmd.use}`, local: [...cmd.flags, UTL_HELP_FLAG(leafName(cmd.path))], inherited: utlInheritedFlags(cmd.path) });
}

export function helpCommandHelp(help: BuiltinEntry): string {
  return render({ useLine: `${PROGRAM} ${help.use ?? help.path}`, local: [UTL_HELP_FLAG(help.path)], inherited: UTL_REGISTRY.flags });
}

/** cobra prints the error and the usage; etcdutl's ExitWithError prints the error again. All on stderr. */
export function usageError(usage: string, message: string): CliError {
  return new CliError(message, ExitCode.Error, { stderr: `Error: ${message}\n${usage}\nError: ${message}\n` });
}

export const groups = (): UtlGroup[] => UTL_REGISTRY.items.filter(isGroup) as UtlGroup[];
