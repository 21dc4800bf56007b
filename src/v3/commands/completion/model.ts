// What the shell completion scripts know, derived from the two command registries (v3's, that `--help`
// renders, and v2's): one model, rendered for bash, zsh and fish, so the scripts can never drift from the
// commands, flags, value choices and argument kinds the registries declare.
import { V3_REGISTRY, type V3Command, type V3Flag } from '../../registry.js';
import { isBuiltin, isGroup, leafName, type ArgSpec, type BuiltinEntry, type FlagValueHint, type Registry } from '../../../cli/registry.js';
import { V2_REGISTRY, type LeafSpec as V2Command, type V2Flag } from '../../../v2/registry.js';
import { HELP_FLAG as V2_HELP_FLAG } from '../../../v2/flags.js';

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

const TEXT: ValueKind = { kind: 'text' };

/** A flag's value kind, from its registry entry's choices or path hint. */
function valueKind(flag: FlagValueHint, takesValue: boolean): ValueKind {
  if (!takesValue) return TEXT;
  if (flag.choices) return { kind: 'choices', values: flag.choices };
  if (flag.value) return { kind: flag.value };
  return TEXT;
}

const argKind = (args: ArgSpec | undefined): ArgKind => args?.kind ?? 'none';

function v3Flag(spec: V3Flag): CompletionFlag {
  const spellings = [`--${spec.name}`, ...(spec.short ? [`-${spec.short}`] : [])];
  const takesValue = spec.type !== 'bool';
  return { offered: spellings, accepted: spellings, takesValue, value: valueKind(spec, takesValue), description: spec.usage };
}

const v3HelpFlag = (name: string): CompletionFlag => v3Flag({ name: 'help', short: 'h', type: 'bool', default: 'false', usage: `help for ${name}` });

function newNode(name: string, path: string, description: string): CompletionNode {
  return { name, aliases: [], path, description, hidden: false, children: [], local: [], persistent: [], args: 'none' };
}

const byName = (a: CompletionNode, b: CompletionNode) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function sortTree(node: CompletionNode): void {
  node.children.sort(byName);
  node.children.forEach(sortTree);
}

function builtinNode(entry: BuiltinEntry): CompletionNode {
  const node = newNode(entry.path, entry.path, entry.short);
  node.aliases = [...(entry.aliases ?? [])];
  node.args = argKind(entry.args);
  return node;
}

function v3CommandNode(spec: Omit<V3Command, 'load'>): CompletionNode {
  const node = newNode(leafName(spec.path), spec.path, spec.short);
  node.hidden = spec.hidden === true;
  node.local = [...spec.flags.filter((f) => !f.hidden).map(v3Flag), v3HelpFlag(node.name)];
  node.args = argKind(spec.args);
  return node;
}

/** A cobra tree: etcdctl's v3 set, or another program of pflag flags (etcdutl: its registry and name). */
export function v3CompletionTree(registry: Registry<V3Flag, unknown> = V3_REGISTRY, program = 'etcdctl'): CompletionTree {
  const root = newNode(program, '', registry.short);
  root.local = [v3HelpFlag(program)];
  root.persistent = registry.flags.map(v3Flag);
  for (const item of registry.items) {
    if (isGroup(item)) {
      const group = newNode(item.path, item.path, item.short);
      group.local = [v3HelpFlag(item.path)];
      group.persistent = (item.flags ?? []).map(v3Flag);
      group.children = item.commands.map(v3CommandNode);
      root.children.push(group);
    } else if (isBuiltin(item)) {
      const help = builtinNode(item);
      help.local = [v3HelpFlag(item.path)];
      root.children.push(help);
    } else {
      root.children.push(v3CommandNode(item));
    }
  }
  sortTree(root);
  return { api: '3', root, prefixMatching: true };
}

function v2Flag(def: V2Flag): CompletionFlag {
  const dashed = (n: string) => (n.length > 1 ? `--${n}` : `-${n}`);
  const takesValue = def.type !== 'bool';
  return {
    offered: def.names.map(dashed),
    accepted: def.names.flatMap((n) => [`--${n}`, `-${n}`]),
    takesValue,
    value: valueKind(def, takesValue),
    description: def.usage,
  };
}

/** urfave's help flag is hidden from help texts but every command accepts it. */
const v2HelpFlag = (): CompletionFlag => ({ ...v2Flag(V2_HELP_FLAG), description: 'show help' });

function v2CommandNode(spec: V2Command): CompletionNode {
  const node = newNode(leafName(spec.path), spec.path, spec.short);
  node.local = [...spec.flags.filter((f) => !f.hidden).map(v2Flag), v2HelpFlag()];
  node.args = argKind(spec.args);
  return node;
}

export function v2CompletionTree(): CompletionTree {
  const root = newNode('etcdctl', '', V2_REGISTRY.short);
  root.local = V2_REGISTRY.flags.map(v2Flag);
  for (const item of V2_REGISTRY.items) {
    if (isGroup(item)) {
      const group = newNode(item.path, item.path, item.short);
      group.local = [v2HelpFlag()];
      group.children = item.commands.map(v2CommandNode);
      root.children.push(group);
    } else {
      root.children.push(isBuiltin(item) ? builtinNode(item) : v2CommandNode(item));
    }
  }
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
