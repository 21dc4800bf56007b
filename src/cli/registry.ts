// The shape of a command registry, shared by the v3 set (cobra's rules, src/v3/registry.ts) and the v2 set
// (urfave's, src/v2/registry.ts). A registry is a tree of groups and commands; every command names its text,
// flags, positional arguments, the environment it reads itself, and a literal import of its handler, so that
// help, the parsers, completion and man pages are all read from the entries and only the command that runs
// is ever loaded. Each set brings its own flag type (pflag's or Go's flag package's).

/**
 * What a flag's value is, beyond its type, for completion and man pages: a fixed set of choices (the ones the
 * command's validation accepts), or a path. Absent: free text.
 */
export interface FlagValueHint {
  readonly choices?: readonly string[];
  readonly value?: 'file' | 'dir';
}

/** Positional arguments: `key` is where live key-name completion plugs in, for the first `count` of them. */
export type ArgSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'key'; readonly count: number }
  | { readonly kind: 'file' }
  | { readonly kind: 'command' };

export const ARG_KINDS = ['none', 'key', 'file', 'command'] as const satisfies readonly ArgSpec['kind'][];
export const NO_ARGS: ArgSpec = { kind: 'none' };

export interface CommandEntry<Flag, H> {
  /** The words from the root, e.g. `member list`. */
  readonly path: string;
  readonly short: string;
  /** The usage line (v3: cobra's Use; v2: urfave's ArgsUsage). */
  readonly use: string;
  readonly long?: string;
  /** Listed nowhere in help (our additions, so that help stays byte-identical); they answer to their full name. */
  readonly hidden?: boolean;
  readonly flags: readonly Flag[];
  /** Absent: the command takes no key or file arguments worth completing. */
  readonly args?: ArgSpec;
  /** ETCDCTL_* variables the command reads itself (so they are not warned about as unrecognized). */
  readonly env?: readonly string[];
  readonly load: () => Promise<H>;
}

/** A built-in command the dispatcher itself runs (help): listed and completed like a command, no handler. */
export interface BuiltinEntry {
  readonly builtin: 'help';
  readonly path: string;
  readonly short: string;
  /** Its own help's usage and description, where the tool prints one (cobra's help command). */
  readonly use?: string;
  readonly long?: string;
  readonly aliases?: readonly string[];
  readonly args: ArgSpec;
}

export interface GroupEntry<Flag, H> {
  readonly path: string;
  readonly short: string;
  readonly use?: string;
  readonly long?: string;
  /** The group's persistent flags: it and every command under it take them (endpoint's --cluster). */
  readonly flags?: readonly Flag[];
  readonly commands: readonly CommandEntry<Flag, H>[];
}

export type RegistryItem<Flag, H> = CommandEntry<Flag, H> | GroupEntry<Flag, H> | BuiltinEntry;

export interface Registry<Flag, H> {
  readonly short: string;
  /** The root's persistent flags (the global options). */
  readonly flags: readonly Flag[];
  /** In the order the tool registers them (cobra's "Did you mean this?" and urfave's help list that order). */
  readonly items: readonly RegistryItem<Flag, H>[];
}

export const isGroup = <F, H>(item: RegistryItem<F, H>): item is GroupEntry<F, H> => 'commands' in item;
export const isBuiltin = <F, H>(item: RegistryItem<F, H>): item is BuiltinEntry => 'builtin' in item;
export const isCommand = <F, H>(item: RegistryItem<F, H>): item is CommandEntry<F, H> => 'load' in item;

/** Every command, groups' commands in place of their group, in registration order. */
export function commandsOf<F, H>(registry: Registry<F, H>): CommandEntry<F, H>[] {
  return registry.items.flatMap((item) => (isGroup(item) ? [...item.commands] : isCommand(item) ? [item] : []));
}

/** The last word of a path: what a command is called inside its group. */
export const leafName = (path: string): string => path.slice(path.lastIndexOf(' ') + 1);

/** The group a command belongs to, if any. */
export function groupOf<F, H>(registry: Registry<F, H>, path: string): GroupEntry<F, H> | undefined {
  const first = path.split(' ')[0];
  return registry.items.find((i): i is GroupEntry<F, H> => isGroup(i) && i.path === first && path !== first);
}
