// urfave/cli v1 help texts for the v2 tree, rendered from the command table and aligned with Go's
// text/tabwriter exactly as urfave does (minwidth 1, tabwidth 8, padding 2, padchar ' ').
import { tabwrite } from '../go/tabwriter.js';
import type { FlagDef } from './flags.js';
import { isBuiltin, leafName } from '../cli/registry.js';
import { GLOBAL_FLAGS, HELP_USAGE, V2_REGISTRY, type GroupSpec, type LeafSpec } from './registry.js';
import { ETCDCTL_VERSION } from '../version.js';

const align = (text: string) => tabwrite(text, { minwidth: 1, tabwidth: 8, padding: 2, padchar: ' ' });

/** `--name value, -n value  usage (default: x)`, the left and right column separated by a tab. */
function flagLine(def: FlagDef): string {
  const valuePart = def.type === 'bool' ? '' : ' ' + (def.placeholder ?? 'value');
  const names = def.names.map((n) => (n.length > 1 ? '--' : '-') + n + valuePart).join(', ');
  const dflt = def.defaultText === undefined ? '' : ` (default: ${def.defaultText})`;
  return `${names}\t${def.usage}${dflt}`;
}

const visible = (flags: readonly FlagDef[]) => flags.filter((f) => !f.hidden);

function commandList(entries: { names: string; usage: string }[]): string {
  return entries.map((e) => `   ${e.names}\t${e.usage}\n`).join('');
}

/** urfave's CommandHelpTemplate. */
function commandTemplate(helpName: string, usage: string, argsUsage: string, flags: readonly FlagDef[], description?: string): string {
  const shown = visible(flags);
  let text = `NAME:\n   ${helpName} - ${usage}\n\nUSAGE:\n   ${helpName}${shown.length ? ' [command options]' : ''} ${argsUsage || '[arguments...]'}`;
  if (description) text += `\n\nDESCRIPTION:\n   ${description}`;
  if (shown.length) text += '\n\nOPTIONS:\n   ' + shown.map((f) => flagLine(f) + '\n   ').join('');
  return align(text + '\n');
}

/** `etcdctl --help`, `etcdctl help`, and what follows `Incorrect Usage.` at the top level. */
export function rootHelp(): string {
  const commands = V2_REGISTRY.items.map((c) => ({ names: [c.path, ...(isBuiltin(c) ? c.aliases ?? [] : [])].join(', '), usage: c.short }));
  return align(
    `NAME:\n   etcdctl - ${V2_REGISTRY.short}\n\n` +
    'USAGE:\n   etcdctl [global options] command [command options] [arguments...]\n\n' +
    `VERSION:\n   ${ETCDCTL_VERSION}\n\n` +
    'COMMANDS:\n' + commandList(commands) + '\n' +
    'GLOBAL OPTIONS:\n' + GLOBAL_FLAGS.map((f) => '   ' + flagLine(f) + '\n').join(''),
  );
}

/** Help of a leaf command: `etcdctl get -h`, `etcdctl help get`, `etcdctl member help list`. */
export function leafHelp(spec: LeafSpec): string {
  return commandTemplate(`etcdctl ${spec.path}`, spec.short, spec.use, spec.flags, spec.long);
}

/** `etcdctl member`, `etcdctl member -h` (urfave's SubcommandHelpTemplate). */
export function groupHelp(group: GroupSpec): string {
  const helpName = `etcdctl ${group.path}`;
  return align(
    `NAME:\n   ${helpName} - ${group.short}\n\n` +
    `USAGE:\n   ${helpName} command [command options] [arguments...]\n\n` +
    'COMMANDS:\n' + commandList(group.commands.map((s) => ({ names: leafName(s.path), usage: s.short }))) + '\n' +
    'OPTIONS:\n   --help, -h\tshow help\n   \n',
  );
}

/** `etcdctl member help`: the group is a sub-application, so this is an application help text. */
export function groupAppHelp(group: GroupSpec): string {
  const helpName = `etcdctl ${group.path}`;
  return align(
    `NAME:\n   ${helpName} - ${group.short}\n\n` +
    `USAGE:\n   ${helpName} [global options] command [command options] [arguments...]\n\n` +
    `VERSION:\n   ${ETCDCTL_VERSION}\n\n` +
    'COMMANDS:\n' + commandList(group.commands.map((s) => ({ names: leafName(s.path), usage: s.short }))) + '\n' +
    'GLOBAL OPTIONS:\n   --help, -h\tshow help\n',
  );
}

/** `etcdctl help member`: the group seen as a plain command with no flags and no argument usage. */
export function groupAsCommandHelp(group: GroupSpec): string {
  return commandTemplate(`etcdctl ${group.path}`, group.short, '', []);
}

/**
 * Help of the help command itself. At the top level urfave leaves its HelpName empty, hence the
 * odd ` - Shows…` line; inside a group it is `etcdctl member help`.
 */
export function helpCommandHelp(group?: GroupSpec): string {
  return commandTemplate(group ? `etcdctl ${group.path} help` : '', HELP_USAGE, '[command]', []);
}

export const versionText = () => `etcdctl version: ${ETCDCTL_VERSION}\nAPI version: 2\n`;
