// etcdctl's help layout (its cobra usage template), aligned by Go's text/tabwriter as etcdctl does.
import type { FlagSpec } from '../cli/pflag.js';
import { tabwrite } from '../go/tabwriter.js';
import { goQuote } from '../go/quote.js';
import { isBuiltin, leafName, type BuiltinEntry } from '../cli/registry.js';
import { inheritedFlags, V3_COMMANDS, V3_GLOBAL_FLAGS, V3_REGISTRY, type V3Command, type V3Flag, type V3Group } from './registry.js';

import { API_VERSION, ETCDCTL_VERSION } from '../version.js';

export const HELP_FLAG = (name: string): FlagSpec => ({ name: 'help', short: 'h', type: 'bool', default: 'false', usage: `help for ${name}` });

function flagLine(f: FlagSpec): string {
  const lead = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
  let value: string;
  if (f.type === 'bool') value = `[=${f.default}]`;
  else if (f.type === 'string') value = `=${goQuote(f.default)}`;
  else if (f.type === 'stringSlice') value = `=[${f.default.split(',').join(' ')}]`;
  else value = `=${f.default}`;
  return `${lead}${value}\t${f.usage}\n`;
}

/** Hidden flags are accepted but not listed (newer global flags: `etcdctl options` lists them, as etcdctl 3.7 does). */
function flagBlock(flags: readonly V3Flag[]): string {
  return flags.filter((f) => !f.hidden).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(flagLine).join('');
}

interface HelpNode {
  path: string; // '' for the root
  short: string;
  use: string;
  long?: string;
  local: readonly V3Flag[];
  inherited: readonly V3Flag[];
  children?: { name: string; short: string }[];
}

function render(n: HelpNode): string {
  const name = n.path === '' ? 'etcdctl' : n.path;
  let s = `NAME:\n\t${name} - ${n.short}\n\nUSAGE:\n\tetcdctl ${n.use}\n\n`;
  if (n.path === '') s += `VERSION:\n\t${ETCDCTL_VERSION}\n\n`;
  if (n.children) {
    s += `API VERSION:\n\t${API_VERSION}\n\n\nCOMMANDS:\n`;
    for (const c of n.children) s += `\t${c.name}\t${c.short}\n`;
    s += '\n';
  }
  if (n.long !== undefined) {
    s += 'DESCRIPTION:\n' + n.long.split('\n').map((l) => `\t${l}\n`).join('') + '\n';
  }
  if (n.local.length) s += 'OPTIONS:\n' + flagBlock(n.local) + '\n';
  if (n.inherited.length) s += 'GLOBAL OPTIONS:\n' + flagBlock(n.inherited) + '\n';
  return tabwrite(s, { minwidth: 0, tabwidth: 8, padding: 1, padchar: '\t' });
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Root help; `withHelpFlag` is false for `etcdctl help <unknown>` (cobra prints usage before adding -h). */
export function rootHelp(withHelpFlag = true): string {
  const children = [
    ...V3_COMMANDS.filter((c) => !c.hidden).map((c) => ({ name: c.path, short: c.short })),
    ...V3_REGISTRY.items.filter(isBuiltin).map((b) => ({ name: b.path, short: b.short })),
  ].sort(byName);
  const local = withHelpFlag ? [...V3_GLOBAL_FLAGS, HELP_FLAG('etcdctl')] : V3_GLOBAL_FLAGS;
  return render({ path: '', short: V3_REGISTRY.short, use: '[flags]', local, inherited: [], children });
}

/** The help command's own help (`etcdctl help help`, `etcdctl help --help`). */
export function helpCommandHelp(help: BuiltinEntry): string {
  return render({ path: help.path, short: help.short, use: help.use ?? help.path, long: help.long, local: [HELP_FLAG(help.path)], inherited: V3_REGISTRY.flags });
}

export function groupHelp(group: V3Group): string {
  const children = group.commands.filter((c) => !c.hidden)
    .map((c) => ({ name: leafName(c.path), short: c.short }))
    .sort(byName);
  const local = [HELP_FLAG(group.path), ...(group.flags ?? [])];
  return render({ path: group.path, short: group.short, use: group.use ?? '', long: group.long, local, inherited: V3_REGISTRY.flags, children });
}

export function commandHelp(cmd: V3Command): string {
  const leaf = leafName(cmd.path);
  return render({
    path: cmd.path,
    short: cmd.short,
    use: cmd.use,
    long: cmd.long,
    local: [...cmd.flags, HELP_FLAG(leaf)],
    inherited: inheritedFlags(cmd.path),
  });
}
