// etcdctl's help layout (its cobra usage template), aligned by Go's text/tabwriter as etcdctl does.
import type { FlagSpec } from '../cli/pflag.js';
import { tabwrite } from '../go/tabwriter.js';
import { goQuote } from '../go/quote.js';
import { V3_COMMANDS, V3_GLOBAL_FLAGS, V3_GROUPS, ENDPOINT_CLUSTER_FLAG, type CommandSpec } from './tree.js';

export const ETCDCTL_VERSION = '3.4.23';
export const API_VERSION = '3.4';
const ROOT_SHORT = 'A simple command line client for etcd3.';

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

function flagBlock(flags: FlagSpec[]): string {
  return [...flags].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(flagLine).join('');
}

/** Flags a command inherits from its parents: the globals, plus endpoint's persistent --cluster. */
export function inheritedFlags(path: string): FlagSpec[] {
  return path.startsWith('endpoint ') ? [...V3_GLOBAL_FLAGS, ENDPOINT_CLUSTER_FLAG] : V3_GLOBAL_FLAGS;
}

interface HelpNode {
  path: string; // '' for the root
  short: string;
  use: string;
  long?: string;
  local: FlagSpec[];
  inherited: FlagSpec[];
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
    { name: 'help', short: 'Help about any command' },
  ].sort(byName);
  const local = withHelpFlag ? [...V3_GLOBAL_FLAGS, HELP_FLAG('etcdctl')] : V3_GLOBAL_FLAGS;
  return render({ path: '', short: ROOT_SHORT, use: '[flags]', local, inherited: [], children });
}

export function groupHelp(group: string): string {
  const g = V3_GROUPS.find((x) => x.path === group)!;
  const children = V3_COMMANDS.filter((c) => !c.hidden && c.path.startsWith(group + ' '))
    .map((c) => ({ name: c.path.slice(group.length + 1), short: c.short }))
    .sort(byName);
  const local = [HELP_FLAG(group), ...(group === 'endpoint' ? [ENDPOINT_CLUSTER_FLAG] : [])];
  return render({ path: group, short: g.short, use: g.use, local, inherited: V3_GLOBAL_FLAGS, children });
}

export function commandHelp(cmd: CommandSpec): string {
  const leaf = cmd.path.split(' ').at(-1)!;
  return render({
    path: cmd.path,
    short: cmd.short,
    use: cmd.use,
    long: cmd.long,
    local: [...cmd.flags, HELP_FLAG(leaf)],
    inherited: inheritedFlags(cmd.path),
  });
}
