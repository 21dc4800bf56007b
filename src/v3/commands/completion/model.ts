// What the shell completion scripts know, derived from the two command tables (the v3 tree that
// `--help` renders, and the v2 tree): one model, rendered for bash, zsh and fish, so the scripts can
// never drift from the commands and flags the parser really accepts.
import { V3_COMMANDS, V3_GLOBAL_FLAGS, V3_GROUPS, ENDPOINT_CLUSTER_FLAG } from '../../tree.js';
import { OUTPUT_FORMATS } from '../../globals.js';
import type { FlagSpec } from '../../../cli/pflag.js';
import { COMMANDS as V2_COMMANDS, GLOBAL_FLAGS as V2_GLOBAL_FLAGS, HELP_USAGE as V2_HELP_USAGE, isGroup } from '../../../v2/tree.js';
import { HELP_FLAG as V2_HELP_FLAG, type FlagDef } from '../../../v2/flags.js';

/** What a flag's value can be: a fixed list, a path, or free text the shell cannot guess. */
export type ValueKind =
  | { kind: 'choices'; values: readonly string[] }
  | { kind: 'file' }
  | { kind: 'dir' }
  | { kind: 'text' };

/**
 * What a command's positional arguments are. `key` is where live key-name completion plugs in: the
 * scripts call a shell function `__etcdctl_live_keys` for it when one is defined (they define one that
 * asks `etcdctl completion __keys`).
 */
export type ArgKind = 'none' | 'key' | 'file' | 'command';

export interface CompletionFlag {
  /** The spellings offered to the user, long first: `--write-out`, `-w`. */
  offered: string[];
  /** Every spelling the parser accepts (Go's flag package takes `-name` and `--name` alike). */
  accepted: string[];
  takesValue: boolean;
  value: ValueKind;
  description: string;
}

export interface CompletionNode {
  name: string;
  aliases: string[];
  /** Canonical names from the root, joined by spaces; '' for the root. */
  path: string;
  description: string;
  /**
   * Left out of `--help` (ours, not etcdctl's: batch, check health). Completion still offers it: the
   * help text is what must stay byte-identical, and Tab is how a person finds these.
   */
  hidden: boolean;
  children: CompletionNode[];
  /** Flags of this node only. */
  local: CompletionFlag[];
  /** Flags this node defines for itself and every descendant (cobra's persistent flags). */
  persistent: CompletionFlag[];
  args: ArgKind;
}

export interface CompletionTree {
  api: '2' | '3';
  root: CompletionNode;
  /** cobra resolves a unique prefix of a command name (`etcdctl mem li` runs `member list`); urfave does not. */
  prefixMatching: boolean;
}

const choices = (values: readonly string[]): ValueKind => ({ kind: 'choices', values });
const FILE: ValueKind = { kind: 'file' };
const DIR: ValueKind = { kind: 'dir' };
const TEXT: ValueKind = { kind: 'text' };

/** Fixed value sets, by flag name; the values are the ones the commands' validation accepts. */
const V3_FLAG_VALUES: Record<string, ValueKind> = {
  'write-out': choices(OUTPUT_FORMATS),
  consistency: choices(['l', 's']),
  'sort-by': choices(['CREATE', 'KEY', 'MODIFY', 'VALUE', 'VERSION']),
  order: choices(['ASCEND', 'DESCEND']),
  load: choices(['s', 'm', 'l', 'xl']),
  cacert: FILE,
  cert: FILE,
  key: FILE,
  'dest-cacert': FILE,
  'dest-cert': FILE,
  'dest-key': FILE,
  transformer: FILE,
  'data-dir': DIR,
  'wal-dir': DIR,
};

const V2_FLAG_VALUES: Record<string, ValueKind> = {
  output: choices(['simple', 'extended', 'json']),
  'cert-file': FILE,
  'key-file': FILE,
  'ca-file': FILE,
  'data-dir': DIR,
  'wal-dir': DIR,
  'backup-dir': DIR,
  'backup-wal-dir': DIR,
};

/**
 * Commands whose leading positional arguments are key names, and how many of them are: `get key
 * [range_end]` takes two, `put key value` one (its value is no key). Tab offers live keys only there.
 */
export const V3_KEY_ARGS: Readonly<Record<string, number>> = { get: 2, put: 1, del: 2, watch: 2 };
export const V2_KEY_ARGS: Readonly<Record<string, number>> = {
  get: 1, ls: 1, set: 1, mk: 1, mkdir: 1, setdir: 1, update: 1, updatedir: 1, rm: 1, rmdir: 1, watch: 1, 'exec-watch': 1,
};
const V3_FILE_COMMANDS = new Set(['snapshot save', 'snapshot status', 'snapshot restore', 'batch']);

function v3Flag(spec: FlagSpec): CompletionFlag {
  const spellings = [`--${spec.name}`, ...(spec.short ? [`-${spec.short}`] : [])];
  const takesValue = spec.type !== 'bool';
  return {
    offered: spellings,
    accepted: spellings,
    takesValue,
    value: takesValue ? V3_FLAG_VALUES[spec.name] ?? TEXT : TEXT,
    description: spec.usage,
  };
}

const v3HelpFlag = (name: string): CompletionFlag => v3Flag({ name: 'help', short: 'h', type: 'bool', default: 'false', usage: `help for ${name}` });

function newNode(name: string, path: string, description: string): CompletionNode {
  return { name, aliases: [], path, description, hidden: false, children: [], local: [], persistent: [], args: 'none' };
}

/** Finds or creates the node for a v3 path, creating intermediate groups from V3_GROUPS. */
function v3NodeAt(root: CompletionNode, path: string): CompletionNode {
  let node = root;
  const words = path.split(' ');
  words.forEach((word, i) => {
    let child = node.children.find((c) => c.name === word);
    if (!child) {
      const childPath = words.slice(0, i + 1).join(' ');
      const group = V3_GROUPS.find((g) => g.path === childPath);
      child = newNode(word, childPath, group?.short ?? '');
      child.local = [v3HelpFlag(word)];
      node.children.push(child);
    }
    node = child;
  });
  return node;
}

const byName = (a: CompletionNode, b: CompletionNode) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function sortTree(node: CompletionNode): void {
  node.children.sort(byName);
  node.children.forEach(sortTree);
}

function v3Args(path: string): ArgKind {
  if (Object.hasOwn(V3_KEY_ARGS, path)) return 'key';
  if (V3_FILE_COMMANDS.has(path)) return 'file';
  return 'none';
}

export function v3CompletionTree(): CompletionTree {
  const root = newNode('etcdctl', '', 'A simple command line client for etcd3.');
  root.local = [v3HelpFlag('etcdctl')];
  root.persistent = V3_GLOBAL_FLAGS.map(v3Flag);
  for (const spec of V3_COMMANDS) {
    const node = v3NodeAt(root, spec.path);
    node.description = spec.short;
    node.hidden = spec.hidden === true;
    node.local = [...spec.flags.map(v3Flag), v3HelpFlag(node.name)];
    node.args = v3Args(spec.path);
  }
  const endpoint = root.children.find((c) => c.name === 'endpoint');
  if (endpoint) endpoint.persistent = [v3Flag(ENDPOINT_CLUSTER_FLAG)];
  const help = newNode('help', 'help', 'Help about any command');
  help.local = [v3HelpFlag('help')];
  help.args = 'command';
  root.children.push(help);
  sortTree(root);
  return { api: '3', root, prefixMatching: true };
}

function v2Flag(def: FlagDef): CompletionFlag {
  const dashed = (n: string) => (n.length > 1 ? `--${n}` : `-${n}`);
  const takesValue = def.type !== 'bool';
  return {
    offered: def.names.map(dashed),
    accepted: def.names.flatMap((n) => [`--${n}`, `-${n}`]),
    takesValue,
    value: takesValue ? V2_FLAG_VALUES[def.names[0]] ?? TEXT : TEXT,
    description: def.usage,
  };
}

/** urfave's help flag is hidden from help texts but every command accepts it. */
const v2HelpFlag = (): CompletionFlag => ({ ...v2Flag(V2_HELP_FLAG), description: 'show help' });

export function v2CompletionTree(): CompletionTree {
  const root = newNode('etcdctl', '', 'A simple command line client for etcd.');
  root.local = V2_GLOBAL_FLAGS.map(v2Flag);
  for (const spec of V2_COMMANDS) {
    const node = newNode(spec.name, spec.name, spec.usage);
    if (isGroup(spec)) {
      node.local = [v2HelpFlag()];
      for (const sub of spec.subcommands) {
        const leaf = newNode(sub.name, `${spec.name} ${sub.name}`, sub.usage);
        leaf.local = [...sub.flags.filter((f) => !f.hidden).map(v2Flag), v2HelpFlag()];
        node.children.push(leaf);
      }
    } else {
      node.local = [...spec.flags.filter((f) => !f.hidden).map(v2Flag), v2HelpFlag()];
      node.args = Object.hasOwn(V2_KEY_ARGS, spec.name) ? 'key' : 'none';
    }
    root.children.push(node);
  }
  const help = newNode('help', 'help', V2_HELP_USAGE);
  help.aliases = ['h'];
  help.args = 'command';
  root.children.push(help);
  sortTree(root);
  return { api: '2', root, prefixMatching: false };
}

/** Both trees, v3 first: the scripts pick one from ETCDCTL_API each time Tab is pressed. */
export function completionTrees(): CompletionTree[] {
  return [v3CompletionTree(), v2CompletionTree()];
}

/** Every node, depth first, root included. */
export function walk(node: CompletionNode): CompletionNode[] {
  return [node, ...node.children.flatMap(walk)];
}

/** Distinct value kinds of a tree's flags, keyed by every accepted spelling (`-w`, `--write-out`). */
export function valueFlags(tree: CompletionTree): { spellings: string[]; value: ValueKind }[] {
  const seen = new Map<string, { spellings: string[]; value: ValueKind }>();
  for (const node of walk(tree.root)) {
    for (const flag of [...node.local, ...node.persistent]) {
      if (!flag.takesValue || flag.value.kind === 'text') continue;
      const key = flag.accepted.join(' ');
      if (!seen.has(key)) seen.set(key, { spellings: flag.accepted, value: flag.value });
    }
  }
  return [...seen.values()];
}
