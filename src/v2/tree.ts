// The v2 command tree as etcdctl 3.4 registers it (etcdctl/ctlv2/ctl.go): names, usage texts, argument
// usage and flags. Help is rendered from this table; handlers are loaded only for the command that runs.
import { HELP_FLAG, type FlagDef } from './flags.js';
import type { CommandContext } from './context.js';

export const VERSION = '3.4.23';

export type Handler = (ctx: CommandContext) => Promise<number>;

export interface LeafSpec {
  name: string;
  usage: string;
  argsUsage: string;
  description?: string;
  flags: FlagDef[];
  load: () => Promise<Handler>;
}

export interface GroupSpec {
  name: string;
  usage: string;
  subcommands: LeafSpec[];
}

export type CommandSpec = LeafSpec | GroupSpec;

export const isGroup = (c: CommandSpec): c is GroupSpec => 'subcommands' in c;

export const GLOBAL_FLAGS: FlagDef[] = [
  { names: ['debug'], type: 'bool', usage: 'output cURL commands which can be used to reproduce the request' },
  { names: ['no-sync'], type: 'bool', usage: "don't synchronize cluster information before sending request" },
  {
    names: ['output', 'o'], type: 'string', placeholder: 'simple', initial: 'simple', defaultText: '"simple"',
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
  { names: ['cert-file'], type: 'string', usage: 'identify HTTPS client using this SSL certificate file' },
  { names: ['key-file'], type: 'string', usage: 'identify HTTPS client using this SSL key file' },
  { names: ['ca-file'], type: 'string', usage: 'verify certificates of HTTPS-enabled servers using this CA bundle' },
  { names: ['username', 'u'], type: 'string', usage: 'provide username[:password] and prompt if password is not supplied.' },
  { names: ['timeout'], type: 'duration', usage: 'connection timeout per request', initial: 2_000_000_000n, defaultText: '2s' },
  {
    names: ['total-timeout'], type: 'duration', usage: 'timeout for the command execution (except watch)',
    initial: 5_000_000_000n, defaultText: '5s',
  },
  { names: ['help', 'h'], type: 'bool', usage: 'show help' },
  { names: ['version', 'v'], type: 'bool', usage: 'print the version' },
];

const ttl: FlagDef = { names: ['ttl'], type: 'int', usage: 'key time-to-live in seconds', defaultText: '0' };
const sort: FlagDef = { names: ['sort'], type: 'bool', usage: 'returns result in sorted order' };
const quorum: FlagDef = { names: ['quorum', 'q'], type: 'bool', usage: 'require quorum for get request' };
const afterIndex: FlagDef = { names: ['after-index'], type: 'int', usage: 'watch after the given index', defaultText: '0' };
const roles: FlagDef = { names: ['roles'], type: 'stringSlice', usage: 'List of roles to grant or revoke' };

function permissionFlags(verb: 'Grant' | 'Revoke'): FlagDef[] {
  const granted = verb === 'Grant' ? 'granted' : 'revoked';
  return [
    { names: ['path'], type: 'string', usage: `Path ${granted} for the role to access` },
    { names: ['read'], type: 'bool', usage: verb === 'Grant' ? 'Grant read-only access' : 'Revoke read access' },
    { names: ['write'], type: 'bool', usage: verb === 'Grant' ? 'Grant write-only access' : 'Revoke write access' },
    { names: ['readwrite', 'rw'], type: 'bool', usage: `${verb} read-write access` },
  ];
}

const SET_DESCRIPTION = `Set sets the value of a key.

   When <value> begins with '-', <value> is interpreted as a flag.
   Insert '--' for workaround:

   $ set -- <key> <value>`;

export const COMMANDS: CommandSpec[] = [
  {
    name: 'backup', usage: 'backup an etcd directory', argsUsage: ' ',
    flags: [
      { names: ['data-dir'], type: 'string', usage: 'Path to the etcd data dir' },
      { names: ['wal-dir'], type: 'string', usage: 'Path to the etcd wal dir' },
      { names: ['backup-dir'], type: 'string', usage: 'Path to the backup dir' },
      { names: ['backup-wal-dir'], type: 'string', usage: 'Path to the backup wal dir' },
      { names: ['with-v3'], type: 'bool', usage: 'Backup v3 backend data' },
    ],
    load: async () => (await import('./commands/backup.js')).run,
  },
  {
    name: 'cluster-health', usage: 'check the health of the etcd cluster', argsUsage: ' ',
    flags: [{ names: ['forever', 'f'], type: 'bool', usage: 'forever check the health every 10 second until CTRL+C' }],
    load: async () => (await import('./commands/cluster-health.js')).run,
  },
  {
    name: 'mk', usage: 'make a new key with a given value', argsUsage: '<key> <value>',
    flags: [{ names: ['in-order'], type: 'bool', usage: 'create in-order key under directory <key>' }, ttl],
    load: async () => (await import('./commands/mk.js')).run,
  },
  {
    name: 'mkdir', usage: 'make a new directory', argsUsage: '<key>', flags: [ttl],
    load: async () => (await import('./commands/mkdir.js')).runMkdir,
  },
  {
    name: 'rm', usage: 'remove a key or a directory', argsUsage: '<key>',
    flags: [
      { names: ['dir'], type: 'bool', usage: 'removes the key if it is an empty directory or a key-value pair' },
      { names: ['recursive', 'r'], type: 'bool', usage: 'removes the key and all child keys(if it is a directory)' },
      { names: ['with-value'], type: 'string', usage: 'previous value' },
      { names: ['with-index'], type: 'int', usage: 'previous index', defaultText: '0' },
    ],
    load: async () => (await import('./commands/rm.js')).runRm,
  },
  {
    name: 'rmdir', usage: 'removes the key if it is an empty directory or a key-value pair', argsUsage: '<key>', flags: [],
    load: async () => (await import('./commands/rm.js')).runRmdir,
  },
  {
    name: 'get', usage: 'retrieve the value of a key', argsUsage: '<key>', flags: [sort, quorum],
    load: async () => (await import('./commands/get.js')).run,
  },
  {
    name: 'ls', usage: 'retrieve a directory', argsUsage: '[key]',
    flags: [
      sort,
      { names: ['recursive', 'r'], type: 'bool', usage: 'returns all key names recursively for the given path' },
      { names: ['p'], type: 'bool', usage: 'append slash (/) to directories' },
      quorum,
    ],
    load: async () => (await import('./commands/ls.js')).run,
  },
  {
    name: 'set', usage: 'set the value of a key', argsUsage: '<key> <value>', description: SET_DESCRIPTION,
    flags: [
      ttl,
      { names: ['swap-with-value'], type: 'string', usage: 'previous value' },
      { names: ['swap-with-index'], type: 'int', usage: 'previous index', defaultText: '0' },
    ],
    load: async () => (await import('./commands/set.js')).run,
  },
  {
    name: 'setdir', usage: 'create a new directory or update an existing directory TTL', argsUsage: '<key>', flags: [ttl],
    load: async () => (await import('./commands/mkdir.js')).runSetdir,
  },
  {
    name: 'update', usage: 'update an existing key with a given value', argsUsage: '<key> <value>', flags: [ttl],
    load: async () => (await import('./commands/update.js')).run,
  },
  {
    name: 'updatedir', usage: 'update an existing directory', argsUsage: '<key> <value>', flags: [ttl],
    load: async () => (await import('./commands/mkdir.js')).runUpdatedir,
  },
  {
    name: 'watch', usage: 'watch a key for changes', argsUsage: '<key>',
    flags: [
      { names: ['forever', 'f'], type: 'bool', usage: 'forever watch a key until CTRL+C' },
      afterIndex,
      { names: ['recursive', 'r'], type: 'bool', usage: 'returns all values for key and child keys' },
    ],
    load: async () => (await import('./commands/watch.js')).run,
  },
  {
    name: 'exec-watch', usage: 'watch a key for changes and exec an executable', argsUsage: '<key> <command> [args...]',
    flags: [afterIndex, { names: ['recursive', 'r'], type: 'bool', usage: 'watch all values for key and child keys' }],
    load: async () => (await import('./commands/exec-watch.js')).run,
  },
  {
    name: 'member', usage: 'member add, remove and list subcommands',
    subcommands: [
      {
        name: 'list', usage: 'enumerate existing cluster members', argsUsage: ' ', flags: [],
        load: async () => (await import('./commands/member.js')).runList,
      },
      {
        name: 'add', usage: 'add a new member to the etcd cluster', argsUsage: '<name> <peerURL>', flags: [],
        load: async () => (await import('./commands/member.js')).runAdd,
      },
      {
        name: 'remove', usage: 'remove an existing member from the etcd cluster', argsUsage: '<memberID>', flags: [],
        load: async () => (await import('./commands/member.js')).runRemove,
      },
      {
        name: 'update', usage: 'update an existing member in the etcd cluster', argsUsage: '<memberID> <peerURLs>', flags: [],
        load: async () => (await import('./commands/member.js')).runUpdate,
      },
    ],
  },
  {
    name: 'user', usage: 'user add, grant and revoke subcommands',
    subcommands: [
      {
        name: 'add', usage: 'add a new user for the etcd cluster', argsUsage: '<user>', flags: [],
        load: async () => (await import('./commands/user.js')).runAdd,
      },
      {
        name: 'get', usage: 'get details for a user', argsUsage: '<user>', flags: [],
        load: async () => (await import('./commands/user.js')).runGet,
      },
      {
        name: 'list', usage: 'list all current users', argsUsage: '<user>', flags: [],
        load: async () => (await import('./commands/user.js')).runList,
      },
      {
        name: 'remove', usage: 'remove a user for the etcd cluster', argsUsage: '<user>', flags: [],
        load: async () => (await import('./commands/user.js')).runRemove,
      },
      {
        name: 'grant', usage: 'grant roles to an etcd user', argsUsage: '<user>', flags: [roles],
        load: async () => (await import('./commands/user.js')).runGrant,
      },
      {
        name: 'revoke', usage: 'revoke roles for an etcd user', argsUsage: '<user>', flags: [roles],
        load: async () => (await import('./commands/user.js')).runRevoke,
      },
      {
        name: 'passwd', usage: 'change password for a user', argsUsage: '<user>', flags: [],
        load: async () => (await import('./commands/user.js')).runPasswd,
      },
    ],
  },
  {
    name: 'role', usage: 'role add, grant and revoke subcommands',
    subcommands: [
      {
        name: 'add', usage: 'add a new role for the etcd cluster', argsUsage: '<role> ', flags: [],
        load: async () => (await import('./commands/role.js')).runAdd,
      },
      {
        name: 'get', usage: 'get details for a role', argsUsage: '<role>', flags: [],
        load: async () => (await import('./commands/role.js')).runGet,
      },
      {
        name: 'list', usage: 'list all roles', argsUsage: ' ', flags: [],
        load: async () => (await import('./commands/role.js')).runList,
      },
      {
        name: 'remove', usage: 'remove a role from the etcd cluster', argsUsage: '<role>', flags: [],
        load: async () => (await import('./commands/role.js')).runRemove,
      },
      {
        name: 'grant', usage: 'grant path matches to an etcd role', argsUsage: '<role>', flags: permissionFlags('Grant'),
        load: async () => (await import('./commands/role.js')).runGrant,
      },
      {
        name: 'revoke', usage: 'revoke path matches for an etcd role', argsUsage: '<role>', flags: permissionFlags('Revoke'),
        load: async () => (await import('./commands/role.js')).runRevoke,
      },
    ],
  },
  {
    name: 'auth', usage: 'overall auth controls',
    subcommands: [
      {
        name: 'enable', usage: 'enable auth access controls', argsUsage: ' ', flags: [],
        load: async () => (await import('./commands/auth.js')).runEnable,
      },
      {
        name: 'disable', usage: 'disable auth access controls', argsUsage: ' ', flags: [],
        load: async () => (await import('./commands/auth.js')).runDisable,
      },
    ],
  },
];

/** The flags a command parses: its own plus the hidden help flag urfave adds to every command. */
export const commandFlags = (spec: LeafSpec): FlagDef[] => [...spec.flags, HELP_FLAG];

export const HELP_USAGE = 'Shows a list of commands or help for one command';
