// The v3 command registry: every command etcdctl 3.4.23 has (and our few additions, hidden from help), with
// its text, flags and arguments exactly as etcdctl shows them and a literal import of its handler. Help,
// the parser (cli.ts), completion and man pages are generated from these entries alone; a handler is typed
// from its entry's flags (V3Context<typeof GET_FLAGS>), so it reads only flags its command has.
import {
  commandsOf, groupOf, isGroup, type ArgSpec, type BuiltinEntry, type CommandEntry, type FlagValueHint, type GroupEntry, type Registry,
} from '../cli/registry.js';
import type { FlagSpec, FlagType } from '../cli/pflag.js';
import type { CommandContext } from './context.js';

export interface V3Flag extends FlagSpec, FlagValueHint {
  /** A flag of a group (or the root) that the group's commands take too (cobra's PersistentFlags). */
  readonly persistent?: boolean;
  readonly hidden?: boolean;
}

type ValueOfType<T extends FlagType> = T extends 'bool' ? boolean : T extends 'string' ? string : T extends 'stringSlice' ? string[] : bigint;

/** The parsed values of a flag list, by name: `--prefix` is a boolean, `--rev` a bigint. */
export type FlagValues<F extends readonly V3Flag[]> = { [S in F[number] as S['name']]: ValueOfType<S['type']> };

/** The context a command's handler gets: its own flags, its group's persistent flags, and the globals. */
export type V3Context<F extends readonly V3Flag[] = readonly [], P extends readonly V3Flag[] = readonly []> = CommandContext<
  FlagValues<F> & FlagValues<P> & FlagValues<typeof V3_GLOBAL_FLAGS> & { help: boolean }
>;

/** What a registry entry stores once its typing is checked; cli.ts gives it the context it parsed. */
export type V3Handler = (ctx: CommandContext<any>) => Promise<number | void>;
export type V3Command = CommandEntry<V3Flag, V3Handler>;
export type V3Group = GroupEntry<V3Flag, V3Handler>;

/** A flag list, its literal types kept (the handler's typing comes from them). */
const flags = <const F extends readonly V3Flag[]>(f: F): F => f;

interface V3CommandInit<F extends readonly V3Flag[], P extends readonly V3Flag[]> extends Omit<V3Command, 'flags' | 'load'> {
  readonly flags?: F;
  // NoInfer: an entry's flags come from its `flags` alone, never from the handler it loads.
  readonly load: () => Promise<(ctx: V3Context<NoInfer<F>, NoInfer<P>>) => Promise<number | void>>;
}

/** Checks that an entry's handler takes the context its flags (and its group's `persistent` flags) make. */
const commandUnder =
  <const P extends readonly V3Flag[]>(_persistent: P) =>
  <const F extends readonly V3Flag[] = readonly []>(init: V3CommandInit<F, P>): V3Command => ({ ...init, flags: init.flags ?? [] });

const FILE_ARG: ArgSpec = { kind: 'file' };

export const OUTPUT_FORMATS = ['simple', 'json', 'fields', 'protobuf', 'table'] as const;

export const V3_GLOBAL_FLAGS = flags([
  // etcdctl 3.7. Hidden: etcdctl 3.7 lists global flags under `etcdctl options` only, and so does ours for those
  // etcdctl 3.4.23 lacks, so that every help text stays 3.4.23's.
  { name: "auth-jwt-token", type: "string", default: "", usage: "JWT token used for authentication (if this option is used, --user and --password should not be set)", persistent: true, hidden: true, since: "3.7" },
  { name: "cacert", type: "string", default: "", usage: "verify certificates of TLS-enabled secure servers using this CA bundle", value: 'file', persistent: true },
  { name: "cert", type: "string", default: "", usage: "identify secure client using this TLS certificate file", value: 'file', persistent: true },
  { name: "command-timeout", type: "duration", default: "5s", usage: "timeout for short running command (excluding dial timeout)", persistent: true },
  { name: "debug", type: "bool", default: "false", usage: "enable client-side debug logging", persistent: true },
  { name: "dial-timeout", type: "duration", default: "2s", usage: "dial timeout for client connections", persistent: true },
  { name: "discovery-srv", short: "d", type: "string", default: "", usage: "domain name to query for SRV records describing cluster endpoints", persistent: true },
  { name: "discovery-srv-name", type: "string", default: "", usage: "service name to query when using DNS discovery", persistent: true },
  { name: "endpoints", type: "stringSlice", default: "127.0.0.1:2379", usage: "gRPC endpoints", persistent: true },
  { name: "hex", type: "bool", default: "false", usage: "print byte strings as hex encoded strings", persistent: true },
  { name: "insecure-discovery", type: "bool", default: "true", usage: "accept insecure SRV records describing cluster endpoints", persistent: true },
  { name: "insecure-skip-tls-verify", type: "bool", default: "false", usage: "skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)", persistent: true },
  { name: "insecure-transport", type: "bool", default: "true", usage: "disable transport security for client connections", persistent: true },
  { name: "keepalive-time", type: "duration", default: "2s", usage: "keepalive time for client connections", persistent: true },
  { name: "keepalive-timeout", type: "duration", default: "6s", usage: "keepalive timeout for client connections", persistent: true },
  { name: "key", type: "string", default: "", usage: "identify secure client using this TLS key file", value: 'file', persistent: true },
  // etcdctl 3.6 (Go ints: pflag parses them as int64s on the 64-bit builds etcd ships). Hidden as --auth-jwt-token
  // is: listed by `etcdctl options` (as 3.7 lists them), so that every help text stays 3.4.23's.
  { name: "max-recv-bytes", type: "int64", default: "0", usage: "client-side response receive limit in bytes (if 0, it defaults to \"math.MaxInt32\")", persistent: true, hidden: true, since: "3.6" },
  // etcdctl 3.6; hidden, as above
  { name: "max-request-bytes", type: "int64", default: "0", usage: "client-side request send limit in bytes (if 0, it defaults to 2.0 MiB (2 * 1024 * 1024).)", persistent: true, hidden: true, since: "3.6" },
  { name: "password", type: "string", default: "", usage: "password for authentication (if this option is used, --user option shouldn't include password)", persistent: true },
  { name: "user", type: "string", default: "", usage: "username[:password] for authentication (prompt if password is not supplied)", persistent: true },
  { name: "write-out", short: "w", type: "string", default: "simple", usage: "set the output format (fields, json, protobuf, simple, table)", choices: OUTPUT_FORMATS, persistent: true },
]);

/** `endpoint`'s persistent --cluster: its commands take it, and ETCDCTL_CLUSTER sets it. */
export const ENDPOINT_FLAGS = flags([
  { name: "cluster", type: "bool", default: "false", usage: "use all endpoints from the cluster member list", persistent: true },
]);

const command = commandUnder([] as const);
const endpointCommand = commandUnder(ENDPOINT_FLAGS);

/** cobra's own help command, which the dispatcher runs (cli.ts); listed, found and completed like a command. */
const HELP: BuiltinEntry = {
  builtin: 'help', path: 'help', short: 'Help about any command', use: 'help [command] [flags]', args: { kind: 'command' },
  long: 'Help provides help for any command in the application.\nSimply type etcdctl help [path to command] for full details.',
};

export const BATCH_FLAGS = flags([
  { name: "keep-going", type: "bool", default: "false", usage: "run every line even after a failure; exit with the first failure's code" },
]);
export const CHECK_DATASCALE_FLAGS = flags([
  { name: "auto-compact", type: "bool", default: "false", usage: "Compact storage with last revision after test is finished." },
  { name: "auto-defrag", type: "bool", default: "false", usage: "Defragment storage after test is finished." },
  { name: "load", type: "string", default: "s", usage: "The datascale check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)", choices: ['s', 'm', 'l', 'xl'] },
  { name: "prefix", type: "string", default: "/etcdctl-check-datascale/", usage: "The prefix for writing the datascale check's keys." },
]);
export const CHECK_HEALTH_FLAGS = flags([
  { name: "cert-expiry-days", type: "int64", default: "0", usage: "warn when an endpoint's TLS certificate expires within this many days (0: do not check)" },
  { name: "cluster", type: "bool", default: "false", usage: "use all endpoints from the cluster member list" },
  { name: "max-raft-lag", type: "int64", default: "1000", usage: "warn when members' raft indexes differ by more than this" },
  { name: "quota-backend-bytes", type: "int64", default: "2147483648", usage: "the members' --quota-backend-bytes (etcd's default is 2 GiB)" },
  { name: "warn-db-percent", type: "int64", default: "80", usage: "warn when the db size reaches this percentage of the quota" },
]);
export const CHECK_PERF_FLAGS = flags([
  { name: "auto-compact", type: "bool", default: "false", usage: "Compact storage with last revision after test is finished." },
  { name: "auto-defrag", type: "bool", default: "false", usage: "Defragment storage after test is finished." },
  { name: "load", type: "string", default: "s", usage: "The performance check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)", choices: ['s', 'm', 'l', 'xl'] },
  { name: "prefix", type: "string", default: "/etcdctl-check-perf/", usage: "The prefix for writing the performance check's keys." },
]);
export const COMPACTION_FLAGS = flags([
  { name: "physical", type: "bool", default: "false", usage: "'true' to wait for compaction to physically remove all old revisions" },
]);
export const COMPLETION_BASH_FLAGS = flags([
  { name: "no-descriptions", type: "bool", default: "false", usage: "disable completion descriptions" },
]);
export const COMPLETION_FISH_FLAGS = flags([
  { name: "no-descriptions", type: "bool", default: "false", usage: "disable completion descriptions" },
]);
export const COMPLETION_POWERSHELL_FLAGS = flags([
  { name: "no-descriptions", type: "bool", default: "false", usage: "disable completion descriptions" },
]);
export const COMPLETION_ZSH_FLAGS = flags([
  { name: "no-descriptions", type: "bool", default: "false", usage: "disable completion descriptions" },
]);
export const COMPLETION_KEYS_FLAGS = flags([
  { name: "shell", type: "string", default: "", usage: "bash: the words are as typed (quoted) and keys are printed quoted as WORD is; otherwise both are plain" },
]);
export const DEFRAG_FLAGS = flags([
  { name: "cluster", type: "bool", default: "false", usage: "use all endpoints from the cluster member list" },
  { name: "data-dir", type: "string", default: "", usage: "Optional. If present, defragments a data directory not in use by etcd.", value: 'dir' },
]);
export const DEL_FLAGS = flags([
  { name: "from-key", type: "bool", default: "false", usage: "delete keys that are greater than or equal to the given key using byte compare" },
  { name: "prefix", type: "bool", default: "false", usage: "delete keys with matching prefix" },
  { name: "prev-kv", type: "bool", default: "false", usage: "return deleted key-value pairs" },
  { name: "range", type: "bool", default: "false", usage: "delete range of keys", since: "3.5.6" },
]);
export const ELECT_FLAGS = flags([
  { name: "listen", short: "l", type: "bool", default: "false", usage: "observation mode" },
]);
export const ENDPOINT_HASHKV_FLAGS = flags([
  { name: "rev", type: "int64", default: "0", usage: "maximum revision to hash (default: all revisions)" },
]);
export const GET_FLAGS = flags([
  { name: "consistency", type: "string", default: "l", usage: "Linearizable(l) or Serializable(s)", choices: ['l', 's'] },
  { name: "count-only", type: "bool", default: "false", usage: "Get only the count", since: "3.4.24" },
  { name: "from-key", type: "bool", default: "false", usage: "Get keys that are greater than or equal to the given key using byte compare" },
  { name: "keys-only", type: "bool", default: "false", usage: "Get only the keys" },
  { name: "limit", type: "int64", default: "0", usage: "Maximum number of results" },
  { name: "max-create-rev", type: "int64", default: "0", usage: "Maximum create revision", since: "3.6" },
  { name: "max-mod-rev", type: "int64", default: "0", usage: "Maximum modification revision", since: "3.6" },
  { name: "min-create-rev", type: "int64", default: "0", usage: "Minimum create revision", since: "3.6" },
  { name: "min-mod-rev", type: "int64", default: "0", usage: "Minimum modification revision", since: "3.6" },
  { name: "order", type: "string", default: "", usage: "Order of results; ASCEND or DESCEND (ASCEND by default)", choices: ['ASCEND', 'DESCEND'] },
  { name: "prefix", type: "bool", default: "false", usage: "Get keys with matching prefix" },
  { name: "print-value-only", type: "bool", default: "false", usage: "Only write values when using the \"simple\" output format" },
  { name: "rev", type: "int64", default: "0", usage: "Specify the kv revision" },
  { name: "sort-by", type: "string", default: "", usage: "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION", choices: ['CREATE', 'KEY', 'MODIFY', 'VALUE', 'VERSION'] },
  // etcdctl 3.7
  { name: "stream", type: "bool", default: "false", usage: "Use the RangeStream RPC", since: "3.7" },
]);
export const LEASE_KEEP_ALIVE_FLAGS = flags([
  { name: "once", type: "bool", default: "false", usage: "Resets the keep-alive time to its original value and exits immediately" },
]);
export const LEASE_TIMETOLIVE_FLAGS = flags([
  { name: "keys", type: "bool", default: "false", usage: "Get keys attached to this lease" },
]);
export const LOCK_FLAGS = flags([
  { name: "ttl", type: "int64", default: "10", usage: "timeout for session" },
]);
export const MAKE_MIRROR_FLAGS = flags([
  { name: "dest-cacert", type: "string", default: "", usage: "Verify certificates of TLS enabled secure servers using this CA bundle", value: 'file' },
  { name: "dest-cert", type: "string", default: "", usage: "Identify secure client using this TLS certificate file for the destination cluster", value: 'file' },
  { name: "dest-insecure-transport", type: "bool", default: "true", usage: "Disable transport security for client connections" },
  { name: "dest-key", type: "string", default: "", usage: "Identify secure client using this TLS key file", value: 'file' },
  // etcdctl 3.5
  { name: "dest-password", type: "string", default: "", usage: "Destination password for authentication (if this option is used, --user option shouldn't include password)" },
  { name: "dest-prefix", type: "string", default: "", usage: "destination prefix to mirror a prefix to a different prefix in the destination cluster" },
  // etcdctl 3.5
  { name: "dest-user", type: "string", default: "", usage: "Destination username[:password] for authentication (prompt if password is not supplied)" },
  // etcdctl 3.6
  { name: "max-txn-ops", type: "uint64", default: "128", usage: "Maximum number of operations permitted in a transaction during syncing updates.", since: "3.6" },
  { name: "no-dest-prefix", type: "bool", default: "false", usage: "mirror key-values to the root of the destination cluster" },
  { name: "prefix", type: "string", default: "", usage: "Key-value prefix to mirror" },
  // etcdctl 3.6
  { name: "rev", type: "int64", default: "0", usage: "Specify the kv revision to start to mirror", since: "3.6" },
]);
export const MEMBER_ADD_FLAGS = flags([
  { name: "learner", type: "bool", default: "false", usage: "indicates if the new member is raft learner" },
  { name: "peer-urls", type: "string", default: "", usage: "comma separated peer URLs for the new member." },
]);
export const MEMBER_LIST_FLAGS = flags([
  // etcdctl 3.6
  { name: "consistency", type: "string", default: "l", usage: "Linearizable(l) or Serializable(s)", choices: ['l', 's'], since: "3.6" },
]);
export const MEMBER_UPDATE_FLAGS = flags([
  { name: "peer-urls", type: "string", default: "", usage: "comma separated peer URLs for the updated member." },
]);
export const MIGRATE_FLAGS = flags([
  { name: "data-dir", type: "string", default: "", usage: "Path to the data directory", value: 'dir' },
  { name: "no-ttl", type: "bool", default: "false", usage: "Do not convert TTL keys" },
  { name: "transformer", type: "string", default: "", usage: "Path to the user-provided transformer program", value: 'file' },
  { name: "wal-dir", type: "string", default: "", usage: "Path to the WAL directory", value: 'dir' },
]);
export const PUT_FLAGS = flags([
  { name: "ignore-lease", type: "bool", default: "false", usage: "updates the key using its current lease" },
  { name: "ignore-value", type: "bool", default: "false", usage: "updates the key using its current value" },
  { name: "lease", type: "string", default: "0", usage: "lease ID (in hexadecimal) to attach to the key" },
  { name: "prev-kv", type: "bool", default: "false", usage: "return the previous key-value pair before modification" },
]);
export const ROLE_GRANT_PERMISSION_FLAGS = flags([
  { name: "from-key", type: "bool", default: "false", usage: "grant a permission of keys that are greater than or equal to the given key using byte compare" },
  { name: "prefix", type: "bool", default: "false", usage: "grant a prefix permission" },
]);
export const ROLE_REVOKE_PERMISSION_FLAGS = flags([
  { name: "from-key", type: "bool", default: "false", usage: "revoke a permission of keys that are greater than or equal to the given key using byte compare" },
  { name: "prefix", type: "bool", default: "false", usage: "revoke a prefix permission" },
]);
export const SNAPSHOT_RESTORE_FLAGS = flags([
  // etcdctl 3.5
  { name: "bump-revision", type: "uint64", default: "0", usage: "How much to increase the latest revision after restore", since: "3.5" },
  { name: "data-dir", type: "string", default: "", usage: "Path to the data directory", value: 'dir' },
  { name: "initial-advertise-peer-urls", type: "string", default: "http://localhost:2380", usage: "List of this member's peer URLs to advertise to the rest of the cluster" },
  { name: "initial-cluster", type: "string", default: "default=http://localhost:2380", usage: "Initial cluster configuration for restore bootstrap" },
  { name: "initial-cluster-token", type: "string", default: "etcd-cluster", usage: "Initial cluster token for the etcd cluster during restore bootstrap" },
  // etcdctl 3.5 (bbolt's initial mmap size: validated as a uint64, changes nothing in what is written)
  { name: "initial-memory-map-size", type: "uint64", default: "0", usage: "Initial memory map size of the database in bytes. It uses the default value if not defined or defined to 0", since: "3.5" },
  // etcdctl 3.5
  { name: "mark-compacted", type: "bool", default: "false", usage: "Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise)", since: "3.5" },
  { name: "name", type: "string", default: "default", usage: "Human-readable name for this member" },
  { name: "skip-hash-check", type: "bool", default: "false", usage: "Ignore snapshot integrity hash value (required if copied from data directory)" },
  { name: "wal-dir", type: "string", default: "", usage: "Path to the WAL directory (use --data-dir if none given)", value: 'dir' },
]);
export const TXN_FLAGS = flags([
  { name: "interactive", short: "i", type: "bool", default: "false", usage: "Input transaction in interactive mode" },
]);
export const USER_ADD_FLAGS = flags([
  { name: "interactive", type: "bool", default: "true", usage: "Read password from stdin instead of interactive terminal" },
  { name: "new-user-password", type: "string", default: "", usage: "Supply password from the command line flag" },
  { name: "no-password", type: "bool", default: "false", usage: "Create a user without password (CN based auth only)" },
]);
export const USER_GET_FLAGS = flags([
  { name: "detail", type: "bool", default: "false", usage: "Show permissions of roles granted to the user" },
]);
export const USER_PASSWD_FLAGS = flags([
  { name: "interactive", type: "bool", default: "true", usage: "If true, read password from stdin instead of interactive terminal" },
]);
export const WATCH_FLAGS = flags([
  { name: "interactive", short: "i", type: "bool", default: "false", usage: "Interactive mode" },
  { name: "prefix", type: "bool", default: "false", usage: "Watch on a prefix if prefix is set" },
  { name: "prev-kv", type: "bool", default: "false", usage: "get the previous key-value pair before the event happens" },
  { name: "progress-notify", type: "bool", default: "false", usage: "get periodic watch progress notification from server", since: "3.5" },
  { name: "rev", type: "int64", default: "0", usage: "Revision to start watching" },
]);

/** In etcdctl's root.AddCommand order (cobra lists "Did you mean this?" suggestions in it); help sorts. */
export const V3_REGISTRY: Registry<V3Flag, V3Handler> = {
  short: 'A simple command line client for etcd3.',
  flags: V3_GLOBAL_FLAGS,
  items: [
    command({
      path: "get",
      short: "Gets the key or a range of keys",
      use: "get [options] <key> [range_end] [flags]",
      flags: GET_FLAGS,
      args: { kind: 'key', count: 2 },
      load: () => import('./commands/get.js').then((m) => m.get),
    }),
    command({
      path: "put",
      short: "Puts the given key into the store",
      use: "put [options] <key> <value> (<value> can also be given from stdin) [flags]",
      long: "Puts the given key into the store.\n\nWhen <value> begins with '-', <value> is interpreted as a flag.\nInsert '--' for workaround:\n\n$ put <key> -- <value>\n$ put -- <key> <value>\n\nIf <value> isn't given as a command line argument and '--ignore-value' is not specified,\nthis command tries to read the value from standard input.\n\nIf <lease> isn't given as a command line argument and '--ignore-lease' is not specified,\nthis command tries to read the value from standard input.\n\nFor example,\n$ cat file | put <key>\nwill store the content of the file to <key>.",
      flags: PUT_FLAGS,
      args: { kind: 'key', count: 1 },
      load: () => import('./commands/put.js').then((m) => m.put),
    }),
    command({
      path: "del",
      short: "Removes the specified key or range of keys [key, range_end)",
      use: "del [options] <key> [range_end] [flags]",
      flags: DEL_FLAGS,
      args: { kind: 'key', count: 2 },
      load: () => import('./commands/del.js').then((m) => m.del),
    }),
    command({
      path: "txn",
      short: "Txn processes all the requests in one transaction",
      use: "txn [options] [flags]",
      flags: TXN_FLAGS,
      load: () => import('./commands/txn.js').then((m) => m.txn),
    }),
    command({
      path: "compaction",
      short: "Compacts the event history in etcd",
      use: "compaction [options] <revision> [flags]",
      flags: COMPACTION_FLAGS,
      load: () => import('./commands/compaction.js').then((m) => m.compaction),
    }),
    {
      path: "alarm",
      short: "Alarm related commands",
      use: "alarm <subcommand> [flags]",
      commands: [
        command({
          path: "alarm disarm",
          short: "Disarms all alarms",
          use: "alarm disarm [flags]",
          load: () => import('./commands/alarm.js').then((m) => m.alarmDisarm),
        }),
        command({
          path: "alarm list",
          short: "Lists all alarms",
          use: "alarm list [flags]",
          load: () => import('./commands/alarm.js').then((m) => m.alarmList),
        }),
      ],
    },
    command({
      path: "defrag",
      short: "Defragments the storage of the etcd members with given endpoints",
      use: "defrag [flags]",
      flags: DEFRAG_FLAGS,
      load: () => import('./commands/defrag.js').then((m) => m.defrag),
    }),
    {
      path: "endpoint",
      short: "Endpoint related commands",
      use: "endpoint <subcommand> [flags]",
      flags: ENDPOINT_FLAGS,
      commands: [
        endpointCommand({
          path: "endpoint hashkv",
          short: "Prints the KV history hash for each endpoint in --endpoints",
          use: "endpoint hashkv [flags]",
          flags: ENDPOINT_HASHKV_FLAGS,
          load: () => import('./commands/endpoint.js').then((m) => m.endpointHashkv),
        }),
        endpointCommand({
          path: "endpoint health",
          short: "Checks the healthiness of endpoints specified in `--endpoints` flag",
          use: "endpoint health [flags]",
          load: () => import('./commands/endpoint.js').then((m) => m.endpointHealth),
        }),
        endpointCommand({
          path: "endpoint status",
          short: "Prints out the status of endpoints specified in `--endpoints` flag",
          use: "endpoint status [flags]",
          long: "When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\nThe items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.",
          load: () => import('./commands/endpoint.js').then((m) => m.endpointStatus),
        }),
      ],
    },
    command({
      path: "move-leader",
      short: "Transfers leadership to another etcd cluster member.",
      use: "move-leader <transferee-member-id> [flags]",
      load: () => import('./commands/move-leader.js').then((m) => m.moveLeader),
    }),
    command({
      path: "watch",
      short: "Watches events stream on keys or prefixes",
      use: "watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...] [flags]",
      flags: WATCH_FLAGS,
      args: { kind: 'key', count: 2 },
      env: ['ETCDCTL_WATCH_KEY', 'ETCDCTL_WATCH_RANGE_END'],
      load: () => import('./commands/watch.js').then((m) => m.watch),
    }),
    command({
      path: "version",
      short: "Prints the version of etcdctl",
      use: "version [flags]",
      load: () => import('./commands/version.js').then((m) => m.version),
    }),
    {
      path: "lease",
      short: "Lease related commands",
      use: "lease <subcommand> [flags]",
      commands: [
        command({
          path: "lease grant",
          short: "Creates leases",
          use: "lease grant <ttl> [flags]",
          load: () => import('./commands/lease.js').then((m) => m.leaseGrant),
        }),
        command({
          path: "lease keep-alive",
          short: "Keeps leases alive (renew)",
          use: "lease keep-alive [options] <leaseID> [flags]",
          flags: LEASE_KEEP_ALIVE_FLAGS,
          load: () => import('./commands/lease.js').then((m) => m.leaseKeepAlive),
        }),
        command({
          path: "lease list",
          short: "List all active leases",
          use: "lease list [flags]",
          load: () => import('./commands/lease.js').then((m) => m.leaseList),
        }),
        command({
          path: "lease revoke",
          short: "Revokes leases",
          use: "lease revoke <leaseID> [flags]",
          load: () => import('./commands/lease.js').then((m) => m.leaseRevoke),
        }),
        command({
          path: "lease timetolive",
          short: "Get lease information",
          use: "lease timetolive <leaseID> [options] [flags]",
          flags: LEASE_TIMETOLIVE_FLAGS,
          load: () => import('./commands/lease.js').then((m) => m.leaseTimetolive),
        }),
      ],
    },
    {
      path: "member",
      short: "Membership related commands",
      use: "member <subcommand> [flags]",
      commands: [
        command({
          path: "member add",
          short: "Adds a member into the cluster",
          use: "member add <memberName> [options] [flags]",
          flags: MEMBER_ADD_FLAGS,
          load: () => import('./commands/member.js').then((m) => m.memberAdd),
        }),
        command({
          path: "member list",
          short: "Lists all members in the cluster",
          use: "member list [flags]",
          long: "When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.\nThe items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.",
          flags: MEMBER_LIST_FLAGS,
          load: () => import('./commands/member.js').then((m) => m.memberList),
        }),
        command({
          path: "member promote",
          short: "Promotes a non-voting member in the cluster",
          use: "member promote <memberID> [flags]",
          long: "Promotes a non-voting learner member to a voting one in the cluster.",
          load: () => import('./commands/member.js').then((m) => m.memberPromote),
        }),
        command({
          path: "member remove",
          short: "Removes a member from the cluster",
          use: "member remove <memberID> [flags]",
          load: () => import('./commands/member.js').then((m) => m.memberRemove),
        }),
        command({
          path: "member update",
          short: "Updates a member in the cluster",
          use: "member update <memberID> [options] [flags]",
          flags: MEMBER_UPDATE_FLAGS,
          load: () => import('./commands/member.js').then((m) => m.memberUpdate),
        }),
      ],
    },
    {
      path: "snapshot",
      short: "Manages etcd node snapshots",
      use: "snapshot <subcommand> [flags]",
      commands: [
        command({
          path: "snapshot restore",
          short: "Restores an etcd member snapshot to an etcd directory",
          use: "snapshot restore <filename> [options] [flags]",
          flags: SNAPSHOT_RESTORE_FLAGS,
          args: FILE_ARG,
          load: () => import('./commands/snapshot-offline.js').then((m) => m.snapshotRestore),
        }),
        command({
          path: "snapshot save",
          short: "Stores an etcd node backend snapshot to a given file",
          use: "snapshot save <filename> [flags]",
          args: FILE_ARG,
          load: () => import('./commands/snapshot.js').then((m) => m.snapshotSave),
        }),
        command({
          path: "snapshot status",
          short: "Gets backend snapshot status of a given file",
          use: "snapshot status <filename> [flags]",
          long: "When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\nThe items in the lists are hash, revision, total keys, total size.",
          args: FILE_ARG,
          load: () => import('./commands/snapshot-offline.js').then((m) => m.snapshotStatus),
        }),
      ],
    },
    command({
      path: "make-mirror",
      short: "Makes a mirror at the destination etcd cluster",
      use: "make-mirror [options] <destination> [flags]",
      flags: MAKE_MIRROR_FLAGS,
      load: () => import('./commands/make-mirror.js').then((m) => m.makeMirror),
    }),
    command({
      path: "migrate",
      short: "Migrates keys in a v2 store to a mvcc store",
      use: "migrate [flags]",
      flags: MIGRATE_FLAGS,
      load: () => import('./commands/migrate.js').then((m) => m.migrate),
    }),
    command({
      path: "lock",
      short: "Acquires a named lock",
      use: "lock <lockname> [exec-command arg1 arg2 ...] [flags]",
      flags: LOCK_FLAGS,
      load: () => import('./commands/lock.js').then((m) => m.lock),
    }),
    command({
      path: "elect",
      short: "Observes and participates in leader election",
      use: "elect <election-name> [proposal] [flags]",
      flags: ELECT_FLAGS,
      load: () => import('./commands/elect.js').then((m) => m.elect),
    }),
    {
      path: "auth",
      short: "Enable or disable authentication",
      use: "auth <enable or disable> [flags]",
      commands: [
        command({
          path: "auth disable",
          short: "Disables authentication",
          use: "auth disable [flags]",
          load: () => import('./commands/auth.js').then((m) => m.authDisable),
        }),
        command({
          path: "auth enable",
          short: "Enables authentication",
          use: "auth enable [flags]",
          load: () => import('./commands/auth.js').then((m) => m.authEnable),
        }),
        // etcdctl 3.5's; hidden so that the 3.4 help (`etcdctl auth`) stays byte-identical. Answers to its full name only.
        command({
          // etcdctl 3.5 (listed in help as 3.5 lists it; a 3.4 server answers with its own error)
          path: "auth status",
          short: "Returns authentication status",
          use: "auth status [flags]",
          load: () => import('./commands/auth.js').then((m) => m.authStatus),
        }),
      ],
    },
    {
      path: "user",
      short: "User related commands",
      use: "user <subcommand> [flags]",
      commands: [
        command({
          path: "user add",
          short: "Adds a new user",
          use: "user add <user name or user:password> [options] [flags]",
          flags: USER_ADD_FLAGS,
          load: () => import('./commands/user.js').then((m) => m.userAdd),
        }),
        command({
          path: "user delete",
          short: "Deletes a user",
          use: "user delete <user name> [flags]",
          load: () => import('./commands/user.js').then((m) => m.userDelete),
        }),
        command({
          path: "user get",
          short: "Gets detailed information of a user",
          use: "user get <user name> [options] [flags]",
          flags: USER_GET_FLAGS,
          load: () => import('./commands/user.js').then((m) => m.userGet),
        }),
        command({
          path: "user grant-role",
          short: "Grants a role to a user",
          use: "user grant-role <user name> <role name> [flags]",
          load: () => import('./commands/user.js').then((m) => m.userGrantRole),
        }),
        command({
          path: "user list",
          short: "Lists all users",
          use: "user list [flags]",
          load: () => import('./commands/user.js').then((m) => m.userList),
        }),
        command({
          path: "user passwd",
          short: "Changes password of user",
          use: "user passwd <user name> [options] [flags]",
          flags: USER_PASSWD_FLAGS,
          load: () => import('./commands/user.js').then((m) => m.userPasswd),
        }),
        command({
          path: "user revoke-role",
          short: "Revokes a role from a user",
          use: "user revoke-role <user name> <role name> [flags]",
          load: () => import('./commands/user.js').then((m) => m.userRevokeRole),
        }),
      ],
    },
    {
      path: "role",
      short: "Role related commands",
      use: "role <subcommand> [flags]",
      commands: [
        command({
          path: "role add",
          short: "Adds a new role",
          use: "role add <role name> [flags]",
          load: () => import('./commands/role.js').then((m) => m.roleAdd),
        }),
        command({
          path: "role delete",
          short: "Deletes a role",
          use: "role delete <role name> [flags]",
          load: () => import('./commands/role.js').then((m) => m.roleDelete),
        }),
        command({
          path: "role get",
          short: "Gets detailed information of a role",
          use: "role get <role name> [flags]",
          load: () => import('./commands/role.js').then((m) => m.roleGet),
        }),
        command({
          path: "role grant-permission",
          short: "Grants a key to a role",
          use: "role grant-permission [options] <role name> <permission type> <key> [endkey] [flags]",
          flags: ROLE_GRANT_PERMISSION_FLAGS,
          load: () => import('./commands/role.js').then((m) => m.roleGrantPermission),
        }),
        command({
          path: "role list",
          short: "Lists all roles",
          use: "role list [flags]",
          load: () => import('./commands/role.js').then((m) => m.roleList),
        }),
        command({
          path: "role revoke-permission",
          short: "Revokes a key from a role",
          use: "role revoke-permission <role name> <key> [endkey] [flags]",
          flags: ROLE_REVOKE_PERMISSION_FLAGS,
          load: () => import('./commands/role.js').then((m) => m.roleRevokePermission),
        }),
      ],
    },
    {
      path: "check",
      short: "commands for checking properties of the etcd cluster",
      use: "check <subcommand> [flags]",
      commands: [
        command({
          path: "check datascale",
          short: "Check the memory usage of holding data for different workloads on a given server endpoint.",
          use: "check datascale [options] [flags]",
          long: "If no endpoint is provided, localhost will be used. If multiple endpoints are provided, first endpoint will be used.",
          flags: CHECK_DATASCALE_FLAGS,
          load: () => import('./commands/check.js').then((m) => m.checkDatascale),
        }),
        // Ours, not etcdctl's: hidden from the command lists so `etcdctl --help` stays byte-identical to etcdctl's.
        command({
          path: "check health",
          short: "Checks the health of the cluster in one verdict (exit 0 healthy, 1 degraded, 2 unhealthy)",
          use: "check health [options] [flags]",
          long: "Runs every check against the endpoints (or, with --cluster, every member) and prints one line per check\nand a final verdict: members reachable, one agreed leader, raft index lag, alarms, db size against the\nquota, hashkv agreement at one revision and, with --cert-expiry-days, TLS certificate expiry.\n\nExit codes (stable, Nagios-plugin compatible): 0 healthy, 1 degraded (warnings), 2 unhealthy (errors).",
          hidden: true,
          flags: CHECK_HEALTH_FLAGS,
          load: () => import('./commands/check-health.js').then((m) => m.checkHealth),
        }),
        command({
          path: "check perf",
          short: "Check the performance of the etcd cluster",
          use: "check perf [options] [flags]",
          flags: CHECK_PERF_FLAGS,
          load: () => import('./commands/check.js').then((m) => m.checkPerf),
        }),
      ],
    },
    HELP,
    {
      path: "completion",
      short: "Generate the autocompletion script for the specified shell",
      use: "completion [flags]",
      long: "Generate the autocompletion script for etcdctl for the specified shell.\nSee each sub-command's help for details on how to use the generated script.",
      commands: [
        command({
          path: "completion bash",
          short: "Generate the autocompletion script for bash",
          use: "completion bash",
          long: "Generate the autocompletion script for the bash shell.\n\nThis script depends on the 'bash-completion' package.\nIf it is not installed already, you can install it via your OS's package manager.\n\nTo load completions in your current shell session:\n\n\tsource <(etcdctl completion bash)\n\nTo load completions for every new session, execute once:\n\n#### Linux:\n\n\tetcdctl completion bash > /etc/bash_completion.d/etcdctl\n\n#### macOS:\n\n\tetcdctl completion bash > $(brew --prefix)/etc/bash_completion.d/etcdctl\n\nYou will need to start a new shell for this setup to take effect.",
          flags: COMPLETION_BASH_FLAGS,
          load: () => import('./commands/completion.js').then((m) => m.completionBash),
        }),
        command({
          path: "completion fish",
          short: "Generate the autocompletion script for fish",
          use: "completion fish [flags]",
          long: "Generate the autocompletion script for the fish shell.\n\nTo load completions in your current shell session:\n\n\tetcdctl completion fish | source\n\nTo load completions for every new session, execute once:\n\n\tetcdctl completion fish > ~/.config/fish/completions/etcdctl.fish\n\nYou will need to start a new shell for this setup to take effect.",
          flags: COMPLETION_FISH_FLAGS,
          load: () => import('./commands/completion.js').then((m) => m.completionFish),
        }),
        command({
          path: "completion powershell",
          short: "Generate the autocompletion script for powershell",
          use: "completion powershell [flags]",
          long: "Generate the autocompletion script for powershell.\n\nTo load completions in your current shell session:\n\n\tetcdctl completion powershell | Out-String | Invoke-Expression\n\nTo load completions for every new session, add the output of the above command\nto your powershell profile.",
          flags: COMPLETION_POWERSHELL_FLAGS,
          load: () => import('./commands/completion.js').then((m) => m.completionPowershell),
        }),
        command({
          path: "completion zsh",
          short: "Generate the autocompletion script for zsh",
          use: "completion zsh [flags]",
          long: "Generate the autocompletion script for the zsh shell.\n\nIf shell completion is not already enabled in your environment you will need\nto enable it.  You can execute the following once:\n\n\techo \"autoload -U compinit; compinit\" >> ~/.zshrc\n\nTo load completions in your current shell session:\n\n\tsource <(etcdctl completion zsh); compdef _etcdctl etcdctl\n\nTo load completions for every new session, execute once:\n\n#### Linux:\n\n\tetcdctl completion zsh > \"${fpath[1]}/_etcdctl\"\n\n#### macOS:\n\n\tetcdctl completion zsh > $(brew --prefix)/share/zsh/site-functions/_etcdctl\n\nYou will need to start a new shell for this setup to take effect.",
          flags: COMPLETION_ZSH_FLAGS,
          load: () => import('./commands/completion.js').then((m) => m.completionZsh),
        }),
        // Ours: what the completion scripts run on Tab for a key argument. Hidden, and never offered by Tab (a __ name).
        command({
          path: "completion __keys",
          short: "Prints the live keys that complete a word of an etcdctl command line (for the completion scripts)",
          use: "completion __keys [--shell bash] -- API WORD [TYPED-WORD...] [flags]",
          long: "Run by the completion scripts when Tab is pressed on a key argument (get, put, del and watch; the v2 key\ncommands with API 2). WORD is the word being completed and the TYPED-WORDs are the words of the command line\nbefore it, after \"etcdctl\". The endpoints, TLS and authentication flags among them, and the ETCDCTL_*\nenvironment, say which cluster to ask; it is asked for at most 200 key names that begin with WORD (API 2: the\ndirectory WORD is in is listed), with a 300ms dial and a 500ms request timeout.\n\nOne key is printed a line. Nothing else is ever printed: a failed or slow lookup prints nothing and exits 0,\nand a --user without a password is not prompted for (nothing is looked up).",
          hidden: true,
          flags: COMPLETION_KEYS_FLAGS,
          load: () => import('./commands/complete-keys.js').then((m) => m['completion-__keys']),
        }),
      ],
    },
    // etcdctl 3.6 (listed in help as 3.6 lists it; a server before 3.5 answers Unimplemented, as 3.6's etcdctl shows)
    {
      path: "downgrade",
      short: "Downgrade related commands",
      use: "downgrade <TARGET_VERSION> [flags]",
      commands: [
        command({
          path: "downgrade validate",
          short: "Validate downgrade capability before starting downgrade",
          use: "downgrade validate <TARGET_VERSION> [flags]",
          load: () => import('./commands/downgrade.js').then((m) => m.downgradeValidate),
        }),
        command({
          path: "downgrade enable",
          short: "Start a downgrade action to cluster",
          use: "downgrade enable <TARGET_VERSION> [flags]",
          load: () => import('./commands/downgrade.js').then((m) => m.downgradeEnable),
        }),
        command({
          path: "downgrade cancel",
          short: "Cancel the ongoing downgrade action to cluster",
          use: "downgrade cancel [flags]",
          load: () => import('./commands/downgrade.js').then((m) => m.downgradeCancel),
        }),
      ],
    },
    command({
      // etcdctl 3.7 (listed in help as 3.7 lists it)
      path: "options",
      short: "Show the global command-line flags",
      use: "options [flags]",
      load: () => import('./commands/options.js').then((m) => m.options),
    }),
    // Ours, not etcdctl's: hidden from the command lists so `etcdctl --help` stays byte-identical to etcdctl's.
    command({
      path: "batch",
      short: "Runs a script of etcdctl command lines over one connection",
      use: "batch [options] [FILE] [flags]",
      long: "Reads etcdctl command lines from FILE (or standard input when FILE is omitted or -) and runs them in order in\none process over one connection, printing each command's output exactly as a separate etcdctl would.\n\nA line is the arguments after \"etcdctl\" (a leading \"etcdctl\" is allowed), split with shell quoting rules;\n# starts a comment and blank lines are skipped. A line may begin with ETCDCTL_API=2 (or other ETCDCTL_*\nassignments) to use that command set for that line. Global flags given to batch apply to every v3 line\nunless the line sets the same flag itself.\n\nThe first failing line stops the run with that line's exit code; --keep-going runs every line and exits with\nthe first failure's code.",
      hidden: true,
      flags: BATCH_FLAGS,
      args: FILE_ARG,
      load: () => import('./commands/batch.js').then((m) => m.batch),
    }),
  ],
};

/** Every command, in registration order. */
export const V3_COMMANDS: readonly V3Command[] = commandsOf(V3_REGISTRY);

export const V3_GROUPS: readonly V3Group[] = V3_REGISTRY.items.filter(isGroup);

export const findV3Command = (path: string): V3Command | undefined => V3_COMMANDS.find((c) => c.path === path);

/** Flags a command (or group) inherits: the root's persistent flags, then its group's, as cobra merges them. */
export function inheritedFlags(path: string): readonly V3Flag[] {
  const group = groupOf(V3_REGISTRY, path);
  return group?.flags ? [...V3_REGISTRY.flags, ...group.flags] : V3_REGISTRY.flags;
}
