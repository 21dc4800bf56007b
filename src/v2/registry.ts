// The v2 command registry as etcdctl 3.4 registers it (etcdctl/ctlv2/ctl.go): names, usage texts, argument
// usage and flags, in the shape src/cli/registry.ts gives both command sets. Help, parsing, completion and man
// pages are rendered from these entries; handlers are loaded only for the command that runs. A handler is typed
// from its entry's flags (V2Context<typeof SET_FLAGS>), so it reads only flags its command has.
import { commandsOf, type ArgSpec, type BuiltinEntry, type CommandEntry, type FlagValueHint, type GroupEntry, type Registry } from '../cli/registry.js';
import { HELP_FLAG, type FlagDef, type FlagValues } from './flags.js';
import type { CommandContext } from './context.js';

export type { FlagValues } from './flags.js';


export type V2Flag = FlagDef & FlagValueHint;

/**
 * The context a command's handler gets: its own flags and the help flag urfave gives every command. The global
 * options are not among them (urfave keeps them apart): the context reads those itself (output, debug, client).
 */
export type V2Context<F extends readonly V2Flag[] = readonly []> = CommandContext<FlagValues<F> & FlagValues<readonly [typeof HELP_FLAG]>>;

/** What a registry entry stores once its typing is checked; cli.ts gives it the context it parsed. */
export type Handler = (ctx: CommandContext<any>) => Promise<number>;
/** A command: `short` is urfave's Usage, `use` its ArgsUsage, `long` its Description. */
export type LeafSpec = CommandEntry<V2Flag, Handler>;
export type GroupSpec = GroupEntry<V2Flag, Handler>;

/** A flag list, its literal types kept (the handler's typing comes from them). */
const flags = <const F extends readonly V2Flag[]>(f: F): F => f;

interface V2CommandInit<F extends readonly V2Flag[]> extends Omit<LeafSpec, 'flags' | 'load'> {
  readonly flags?: F;
  /** NoInfer: the flags come from `flags` alone; else an entry without flags would take its handler's as its own. */
  readonly load: () => Promise<(ctx: V2Context<NoInfer<F>>) => Promise<number>>;
}

/** Checks that an entry's handler takes the context its flags make. */
const command = <const F extends readonly V2Flag[] = readonly []>(init: V2CommandInit<F>): LeafSpec => ({ ...init, flags: init.flags ?? [] });

const KEY_ARG: ArgSpec = { kind: 'key', count: 1 };

export const HELP_USAGE = 'Shows a list of commands or help for one command';
/** urfave's help command, which the dispatcher runs itself (cli.ts), appended last as urfave appends it. */
const HELP: BuiltinEntry = { builtin: 'help', path: 'help', aliases: ['h'], short: HELP_USAGE, args: { kind: 'command' } };

export const GLOBAL_FLAGS = flags([
  { names: ['debug'], type: 'bool', usage: 'output cURL commands which can be used to reproduce the request' },
  { names: ['no-sync'], type: 'bool', usage: "don't synchronize cluster information before sending request" },
  {
    names: ['output', 'o'], type: 'string', placeholder: 'simple', initial: 'simple', defaultText: '"simple"', choices: ['simple', 'extended', 'json'],
    usage: 'output response in the given format (simple, `extended` or `json`)',
  },
  { names: ['discovery-srv', 'D'], type: 'string', usage: 'domain name to query for SRV records describing cluster endpoints' },
  { names: ['insecure-discovery'], type: 'bool', usage: 'accept insecure SRV records describing cluster endpoints' },
  { names: ['peers', 'C'], type: 'string', usage: 'DEPRECATED - "--endpoints" should be used instead' },
  { names: ['endpoint'], type: 'string', usage: 'DEPRECATED - "--endpoints" should be used instead' },
  {
    names: ['endpoints'], type: 'string',
    usage: 'a comma-delimited list of machine addresses in the cluster (default: "http://127.0.0.1:2379,http://127.0.0.1:4001")',
  },
  { names: ['cert-file'], type: 'string', value: 'file', usage: 'identify HTTPS client using this SSL certificate file' },
  { names: ['key-file'], type: 'string', value: 'file', usage: 'identify HTTPS client using this SSL key file' },
  { names: ['ca-file'], type: 'string', value: 'file', usage: 'verify certificates of HTTPS-enabled servers using this CA bundle' },
  { names: ['username', 'u'], type: 'string', usage: 'provide username[:password] and prompt if password is not supplied.' },
  { names: ['timeout'], type: 'duration', usage: 'connection timeout per request', initial: 2_000_000_000n, defaultText: '2s' },
  {
    names: ['total-timeout'], type: 'duration', usage: 'timeout for the command execution (except watch)',
    initial: 5_000_000_000n, defaultText: '5s',
  },
  { names: ['help', 'h'], type: 'bool', usage: 'show help' },
  { names: ['version', 'v'], type: 'bool', usage: 'print the version' },
]);

const ttl = { names: ['ttl'], type: 'int', usage: 'key time-to-live in seconds', defaultText: '0' } as const satisfies V2Flag;
const sort = { names: ['sort'], type: 'bool', usage: 'returns result in sorted order' } as const satisfies V2Flag;
const quorum = { names: ['quorum', 'q'], type: 'bool', usage: 'require quorum for get request' } as const satisfies V2Flag;
const afterIndex = { names: ['after-index'], type: 'int', usage: 'watch after the given index', defaultText: '0' } as const satisfies V2Flag;
const roles = { names: ['roles'], type: 'stringSlice', usage: 'List of roles to grant or revoke' } as const satisfies V2Flag;

function permissionFlags(verb: 'Grant' | 'Revoke') {
  const granted = verb === 'Grant' ? 'granted' : 'revoked';
  return flags([
    { names: ['path'], type: 'string', usage: `Path ${granted} for the role to access` },
    { names: ['read'], type: 'bool', usage: verb === 'Grant' ? 'Grant read-only access' : 'Revoke read access' },
    { names: ['write'], type: 'bool', usage: verb === 'Grant' ? 'Grant write-only access' : 'Revoke write access' },
    { names: ['readwrite', 'rw'], type: 'bool', usage: `${verb} read-write access` },
  ]);
}

export const BACKUP_FLAGS = flags([
  { names: ['data-dir'], type: 'string', value: 'dir', usage: 'Path to the etcd data dir' },
  { names: ['wal-dir'], type: 'string', value: 'dir', usage: 'Path to the etcd wal dir' },
  { names: ['backup-dir'], type: 'string', value: 'dir', usage: 'Path to the backup dir' },
  { names: ['backup-wal-dir'], type: 'string', value: 'dir', usage: 'Path to the backup wal dir' },
  { names: ['with-v3'], type: 'bool', usage: 'Backup v3 backend data' },
]);
export const CLUSTER_HEALTH_FLAGS = flags([
  { names: ['forever', 'f'], type: 'bool', usage: 'forever check the health every 10 second until CTRL+C' },
]);
export const MK_FLAGS = flags([{ names: ['in-order'], type: 'bool', usage: 'create in-order key under directory <key>' }, ttl]);
/** mkdir, setdir and updatedir (one handler). */
export const DIR_FLAGS = flags([ttl]);
export const RM_FLAGS = flags([
  { names: ['dir'], type: 'bool', usage: 'removes the key if it is an empty directory or a key-value pair' },
  { names: ['recursive', 'r'], type: 'bool', usage: 'removes the key and all child keys(if it is a directory)' },
  { names: ['with-value'], type: 'string', usage: 'previous value' },
  { names: ['with-index'], type: 'int', usage: 'previous index', defaultText: '0' },
]);
export const GET_FLAGS = flags([sort, quorum]);
export const LS_FLAGS = flags([
  sort,
  { names: ['recursive', 'r'], type: 'bool', usage: 'returns all key names recursively for the given path' },
  { names: ['p'], type: 'bool', usage: 'append slash (/) to directories' },
  quorum,
]);
export const SET_FLAGS = flags([
  ttl,
  { names: ['swap-with-value'], type: 'string', usage: 'previous value' },
  { names: ['swap-with-index'], type: 'int', usage: 'previous index', defaultText: '0' },
]);
export const UPDATE_FLAGS = flags([ttl]);
export const WATCH_FLAGS = flags([
  { names: ['forever', 'f'], type: 'bool', usage: 'forever watch a key until CTRL+C' },
  afterIndex,
  { names: ['recursive', 'r'], type: 'bool', usage: 'returns all values for key and child keys' },
]);
export const EXEC_WATCH_FLAGS = flags([afterIndex, { names: ['recursive', 'r'], type: 'bool', usage: 'watch all values for key and child keys' }]);
export const USER_GRANT_FLAGS = flags([roles]);
export const USER_REVOKE_FLAGS = flags([roles]);
export const ROLE_GRANT_FLAGS = permissionFlags('Grant');
export const ROLE_REVOKE_FLAGS = permissionFlags('Revoke');

const SET_DESCRIPTION = `Set sets the value of a key.

   When <value> begins with '-', <value> is interpreted as a flag.
   Insert '--' for workaround:

   $ set -- <key> <value>`;

export const V2_REGISTRY: Registry<V2Flag, Handler> = {
  short: 'A simple command line client for etcd.',
  flags: GLOBAL_FLAGS,
  items: [
    command({
      path: 'backup', short: 'backup an etcd directory', use: ' ', flags: BACKUP_FLAGS,
      load: async () => (await import('./commands/backup.js')).run,
    }),
    command({
      path: 'cluster-health', short: 'check the health of the etcd cluster', use: ' ', flags: CLUSTER_HEALTH_FLAGS,
      load: async () => (await import('./commands/cluster-health.js')).run,
    }),
    command({
      path: 'mk', short: 'make a new key with a given value', use: '<key> <value>', flags: MK_FLAGS,
      args: KEY_ARG,
      load: async () => (await import('./commands/mk.js')).run,
    }),
    command({
      path: 'mkdir', short: 'make a new directory', use: '<key>', flags: DIR_FLAGS,
      args: KEY_ARG,
      load: async () => (await import('./commands/mkdir.js')).runMkdir,
    }),
    command({
      path: 'rm', short: 'remove a key or a directory', use: '<key>', flags: RM_FLAGS,
      args: KEY_ARG,
      load: async () => (await import('./commands/rm.js')).runRm,
    }),
    command({
      path: 'rmdir', short: 'removes the key if it is an empty directory or a key-value pair', use: '<key>',
      args: KEY_ARG,
      load: async () => (await import('./commands/rm.js')).runRmdir,
    }),
    command({
      path: 'get', short: 'retrieve the value of a key', use: '<key>', flags: GET_FLAGS,
      args: KEY_ARG,
      load: async () => (await import('./commands/get.js')).run,
    }),
    command({
      path: 'ls', short: 'retrieve a directory', use: '[key]', flags: LS_FLAGS,
      args: KEY_ARG,
      load: async () => (await import('./commands/ls.js')).run,
    }),
    command({
      path: 'set', short: 'set the value of a key', use: '<key> <value>', long: SET_DESCRIPTION, flags: SET_FLAGS,
      args: KEY_ARG,
      load: async () => (await import('./commands/set.js')).run,
    }),
    command({
      path: 'setdir', short: 'create a new directory or update an existing directory TTL', use: '<key>', flags: DIR_FLAGS,
      args: KEY_ARG,
      load: async () => (await import('./commands/mkdir.js')).runSetdir,
    }),
    command({
      path: 'update', short: 'update an existing key with a given value', use: '<key> <value>', flags: UPDATE_FLAGS,
      args: KEY_ARG,
      load: async () => (await import('./commands/update.js')).run,
    }),
    command({
      path: 'updatedir', short: 'update an existing directory', use: '<key> <value>', flags: DIR_FLAGS,
      args: KEY_ARG,
      load: async () => (await import('./commands/mkdir.js')).runUpdatedir,
    }),
    command({
      path: 'watch', short: 'watch a key for changes', use: '<key>', flags: WATCH_FLAGS,
      args: KEY_ARG,
      load: async () => (await import('./commands/watch.js')).run,
    }),
    command({
      path: 'exec-watch', short: 'watch a key for changes and exec an executable', use: '<key> <command> [args...]', flags: EXEC_WATCH_FLAGS,
      args: KEY_ARG,
      load: async () => (await import('./commands/exec-watch.js')).run,
    }),
    {
      path: 'member', short: 'member add, remove and list subcommands',
      commands: [
        command({
          path: 'member list', short: 'enumerate existing cluster members', use: ' ',
          load: async () => (await import('./commands/member.js')).runList,
        }),
        command({
          path: 'member add', short: 'add a new member to the etcd cluster', use: '<name> <peerURL>',
          load: async () => (await import('./commands/member.js')).runAdd,
        }),
        command({
          path: 'member remove', short: 'remove an existing member from the etcd cluster', use: '<memberID>',
          load: async () => (await import('./commands/member.js')).runRemove,
        }),
        command({
          path: 'member update', short: 'update an existing member in the etcd cluster', use: '<memberID> <peerURLs>',
          load: async () => (await import('./commands/member.js')).runUpdate,
        }),
      ],
    },
    {
      path: 'user', short: 'user add, grant and revoke subcommands',
      commands: [
        command({
          path: 'user add', short: 'add a new user for the etcd cluster', use: '<user>',
          load: async () => (await import('./commands/user.js')).runAdd,
        }),
        command({
          path: 'user get', short: 'get details for a user', use: '<user>',
          load: async () => (await import('./commands/user.js')).runGet,
        }),
        command({
          path: 'user list', short: 'list all current users', use: '<user>',
          load: async () => (await import('./commands/user.js')).runList,
        }),
        command({
          path: 'user remove', short: 'remove a user for the etcd cluster', use: '<user>',
          load: async () => (await import('./commands/user.js')).runRemove,
        }),
        command({
          path: 'user grant', short: 'grant roles to an etcd user', use: '<user>', flags: USER_GRANT_FLAGS,
          load: async () => (await import('./commands/user.js')).runGrant,
        }),
        command({
          path: 'user revoke', short: 'revoke roles for an etcd user', use: '<user>', flags: USER_REVOKE_FLAGS,
          load: async () => (await import('./commands/user.js')).runRevoke,
        }),
        command({
          path: 'user passwd', short: 'change password for a user', use: '<user>',
          load: async () => (await import('./commands/user.js')).runPasswd,
        }),
      ],
    },
    {
      path: 'role', short: 'role add, grant and revoke subcommands',
      commands: [
        command({
          path: 'role add', short: 'add a new role for the etcd cluster', use: '<role> ',
          load: async () => (await import('./commands/role.js')).runAdd,
        }),
        command({
          path: 'role get', short: 'get details for a role', use: '<role>',
          load: async () => (await import('./commands/role.js')).runGet,
        }),
        command({
          path: 'role list', short: 'list all roles', use: ' ',
          load: async () => (await import('./commands/role.js')).runList,
        }),
        command({
          path: 'role remove', short: 'remove a role from the etcd cluster', use: '<role>',
          load: async () => (await import('./commands/role.js')).runRemove,
        }),
        command({
          path: 'role grant', short: 'grant path matches to an etcd role', use: '<role>', flags: ROLE_GRANT_FLAGS,
          load: async () => (await import('./commands/role.js')).runGrant,
        }),
        command({
          path: 'role revoke', short: 'revoke path matches for an etcd role', use: '<role>', flags: ROLE_REVOKE_FLAGS,
          load: async () => (await import('./commands/role.js')).runRevoke,
        }),
      ],
    },
    {
      path: 'auth', short: 'overall auth controls',
      commands: [
        command({
          path: 'auth enable', short: 'enable auth access controls', use: ' ',
          load: async () => (await import('./commands/auth.js')).runEnable,
        }),
        command({
          path: 'auth disable', short: 'disable auth access controls', use: ' ',
          load: async () => (await import('./commands/auth.js')).runDisable,
        }),
      ],
    },
    HELP,
  ],
};

/** Every command, in registration order. */
export const V2_COMMANDS: readonly LeafSpec[] = commandsOf(V2_REGISTRY);

/** The flags a command parses: its own plus the hidden help flag urfave adds to every command. */
export const commandFlags = (spec: LeafSpec): readonly [...V2Flag[], typeof HELP_FLAG] => [...spec.flags, HELP_FLAG];
