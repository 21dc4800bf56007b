// etcdutl's command registry (etcdutl/ctl.go@v3.5.30, plus hashkv and migrate of v3.6.16 and the --timeout of
// v3.7.3): the second program of the package, in the shape of src/cli/registry.ts, with the flag type of the v3
// tree (pflag's rules, as cobra parses etcdutl). Help (help.ts), the dispatcher (cli.ts), completion and man pages
// read these entries alone. Where etcdutl runs the same code as an etcdctl command, the flag list is etcdctl's.
import { commandsOf, groupOf, type CommandEntry, type GroupEntry, type Registry, type BuiltinEntry } from '../cli/registry.js';
import type { CommandContext } from '../v3/context.js';
import { OUTPUT_FORMATS, SNAPSHOT_RESTORE_FLAGS, type FlagValues, type V3Flag } from '../v3/registry.js';

export const UTL_GLOBAL_FLAGS = flags([
  // etcdutl 3.7: how long to wait for another process's lock on the db file.
  { name: "timeout", type: "duration", default: "10s", usage: "time to wait to obtain a file lock on db file, 0 to block indefinitely", persistent: true, since: "3.7" },
  { name: "write-out", short: "w", type: "string", default: "simple", usage: "set the output format (fields, json, protobuf, simple, table)", choices: OUTPUT_FORMATS, persistent: true },
]);

/** The context an etcdutl handler gets: its own flags and the two globals. */
export type UtlContext<F extends readonly V3Flag[] = readonly []> = CommandContext<
  FlagValues<F> & FlagValues<typeof UTL_GLOBAL_FLAGS> & { help: boolean }
>;

export type UtlHandler = (ctx: CommandContext<any>) => Promise<number | void>;

export interface UtlCommand extends CommandEntry<V3Flag, UtlHandler> {
  /** Flags cobra must see set before the command runs (MarkFlagRequired), in its order. */
  readonly required?: readonly string[];
}
export type UtlGroup = GroupEntry<V3Flag, UtlHandler> & { readonly commands: readonly UtlCommand[] };

function flags<const F extends readonly V3Flag[]>(f: F): F {
  return f;
}

interface UtlCommandInit<F extends readonly V3Flag[]> extends Omit<UtlCommand, 'flags' | 'load'> {
  readonly flags?: F;
  readonly load: () => Promise<(ctx: UtlContext<NoInfer<F>>) => Promise<number | void>>;
}

/** Checks that an entry's handler takes the context its flags make. */
const command = <const F extends readonly V3Flag[] = readonly []>(init: UtlCommandInit<F>): UtlCommand => ({ ...init, flags: init.flags ?? [] });

const HELP: BuiltinEntry = { builtin: 'help', path: 'help', short: 'Help about any command', use: 'help [command] [flags]', args: { kind: 'command' } };

export const BACKUP_FLAGS = flags([
  { name: "backup-dir", type: "string", default: "", usage: "Path to the backup dir", value: 'dir' },
  { name: "backup-wal-dir", type: "string", default: "", usage: "Path to the backup wal dir", value: 'dir' },
  { name: "data-dir", type: "string", default: "", usage: "Path to the etcd data dir", value: 'dir' },
  { name: "wal-dir", type: "string", default: "", usage: "Path to the etcd wal dir", value: 'dir' },
  { name: "with-v3", type: "bool", default: "true", usage: "Backup v3 backend data" },
]);
export const CHECK_V2STORE_FLAGS = flags([
  { name: "data-dir", type: "string", default: "", usage: "Required. A data directory not in use by etcd.", value: 'dir' },
  { name: "wal-dir", type: "string", default: "", usage: "Optional. A dedicated WAL directory.", value: 'dir' },
]);
export const COMPLETION_FLAGS = flags([
  { name: "no-descriptions", type: "bool", default: "false", usage: "disable completion descriptions" },
]);
export const DEFRAG_FLAGS = flags([
  { name: "data-dir", type: "string", default: "", usage: "Required. Defragments a data directory not in use by etcd.", value: 'dir' },
]);
export const HASHKV_FLAGS = flags([
  { name: "rev", type: "int64", default: "0", usage: "maximum revision to hash (default: latest revision)", since: "3.6" },
]);
export const MIGRATE_FLAGS = flags([
  { name: "data-dir", type: "string", default: "", usage: "Path to the etcd data dir", value: 'dir' },
  { name: "force", type: "bool", default: "false", usage: "Ignore migration failure and forcefully override storage version. Not recommended." },
  { name: "target-version", type: "string", default: "", usage: "Target etcd version to migrate contents of data dir. Minimal value 3.5. Format \"X.Y\" for example 3.6." },
]);

/**
 * etcdctl's restore flags, one list, so that a flag added there is etcdutl's too; etcdutl words --data-dir as
 * the output and maps 10 GiB by default (etcdutl/etcdutl/snapshot_command.go@v3.5.30). Same names and types.
 */
export const SNAPSHOT_RESTORE_FLAGS_UTL = SNAPSHOT_RESTORE_FLAGS.map((f: V3Flag) => {
  if (f.name === 'data-dir') return { ...f, usage: 'Path to the output data directory' };
  if (f.name === 'initial-memory-map-size') return { ...f, default: '10737418240' };
  return f;
}) as unknown as typeof SNAPSHOT_RESTORE_FLAGS;

/** In etcdutl's AddCommand order (cobra's suggestion order); help sorts. */
export const UTL_REGISTRY: Registry<V3Flag, UtlHandler> = {
  short: 'An administrative command line tool for etcd3.',
  flags: UTL_GLOBAL_FLAGS,
  items: [
    command({
      path: "backup",
      short: "[legacy] offline backup of etcd directory",
      use: "backup [flags]",
      flags: BACKUP_FLAGS,
      required: ['backup-dir', 'data-dir'],
      load: () => import('./commands/backup.js').then((m) => m.backup),
    }),
    command({
      path: "defrag",
      short: "Defragments the storage of the etcd",
      use: "defrag [flags]",
      flags: DEFRAG_FLAGS,
      required: ['data-dir'],
      load: () => import('./commands/defrag.js').then((m) => m.defrag),
    }),
    {
      path: "snapshot",
      short: "Manages etcd node snapshots",
      use: "snapshot <subcommand>",
      commands: [
        command({
          path: "snapshot status",
          short: "Gets backend snapshot status of a given file",
          use: "snapshot status <filename> [flags]",
          args: { kind: 'file' },
          load: () => import('./commands/snapshot.js').then((m) => m.snapshotStatus),
        }),
        command({
          path: "snapshot restore",
          short: "Restores an etcd member snapshot to an etcd directory",
          use: "snapshot restore <filename> --data-dir {output dir} [options] [flags]",
          flags: SNAPSHOT_RESTORE_FLAGS_UTL,
          required: ['data-dir'],
          args: { kind: 'file' },
          load: () => import('./commands/snapshot.js').then((m) => m.snapshotRestore),
        }),
      ],
    },
    command({
      path: "version",
      short: "Prints the version of etcdutl",
      use: "version [flags]",
      load: () => import('./commands/version.js').then((m) => m.version),
    }),
    {
      path: "check",
      short: "commands for checking properties",
      use: "check",
      commands: [
        command({
          path: "check v2store",
          short: "Check custom content in v2store",
          use: "check v2store [flags]",
          flags: CHECK_V2STORE_FLAGS,
          required: ['data-dir'],
          load: () => import('./commands/check.js').then((m) => m.checkV2store),
        }),
      ],
    },
    // etcdutl 3.6
    command({
      path: "hashkv",
      short: "Prints the KV history hash of a given file",
      use: "hashkv <filename> [flags]",
      flags: HASHKV_FLAGS,
      args: { kind: 'file' },
      load: () => import('./commands/hashkv.js').then((m) => m.hashkv),
    }),
    // etcdutl 3.6
    command({
      path: "migrate",
      short: "Migrates schema of etcd data dir files to make them compatible with different etcd version",
      use: "migrate [flags]",
      flags: MIGRATE_FLAGS,
      required: ['data-dir', 'target-version'],
      load: () => import('./commands/migrate.js').then((m) => m.migrate),
    }),
    {
      path: "completion",
      short: "Generate the autocompletion script for the specified shell",
      use: "completion",
      commands: (['bash', 'fish', 'powershell', 'zsh'] as const).map((shell) =>
        command({
          path: `completion ${shell}`,
          short: `Generate the autocompletion script for ${shell}`,
          // cobra's default completion commands: bash's usage line alone shows no [flags].
          use: shell === 'bash' ? 'completion bash' : `completion ${shell} [flags]`,
          flags: COMPLETION_FLAGS,
          load: () => import('./commands/completion.js').then((m) => m.completion),
        }),
      ),
    },
    HELP,
  ],
};

export const UTL_COMMANDS: readonly UtlCommand[] = commandsOf(UTL_REGISTRY);

/** The flags a command inherits: the root's persistent ones (etcdutl's groups have none). */
export function utlInheritedFlags(path: string): readonly V3Flag[] {
  const group = groupOf(UTL_REGISTRY, path);
  return group?.flags ? [...UTL_REGISTRY.flags, ...group.flags] : UTL_REGISTRY.flags;
}
