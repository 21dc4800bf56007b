// Global flags after ETCDCTL_* environment variables are applied (etcd's pkg/flags rules).
import { CliError, ExitCode } from '../cli/exit.js';
import type { IO } from '../cli/io.js';
import { convertValue, type FlagSpec, type FlagValue } from '../cli/pflag.js';
import { capnslogLine } from '../cli/logline.js';
import { findV3Command, OUTPUT_FORMATS } from './registry.js';

export { OUTPUT_FORMATS };
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface GlobalOptions {
  endpoints: string[];
  debug: boolean;
  writeOut: OutputFormat;
  hex: boolean;
  dialTimeoutNs: bigint;
  commandTimeoutNs: bigint;
  keepaliveTimeNs: bigint;
  keepaliveTimeoutNs: bigint;
  insecureTransport: boolean;
  insecureDiscovery: boolean;
  insecureSkipTlsVerify: boolean;
  cert: string;
  key: string;
  cacert: string;
  user: string;
  password: string;
  discoverySrv: string;
  discoverySrvName: string;
  cluster: boolean;
  /** Flags given on the command line or through the environment (pflag's "Changed"). */
  changed: ReadonlySet<string>;
}

export const envName = (flag: string) => 'ETCDCTL_' + flag.toUpperCase().replace(/-/g, '_');

/**
 * Applies ETCDCTL_* to the inherited flags in place. As etcd's pkg/flags does: an unparsable value is ignored,
 * a variable that shadows a flag given on the command line is fatal, an unknown ETCDCTL_* is warned about.
 */
export function applyEnvironment(
  commandPath: string,
  inherited: readonly FlagSpec[],
  values: Map<string, FlagValue>,
  changed: Set<string>,
  io: IO,
): void {
  const shadowed = new Set<string>();
  const used = new Set<string>();
  for (const spec of inherited) {
    const key = envName(spec.name);
    if (changed.has(spec.name)) { shadowed.add(key); continue; }
    const raw = io.env[key];
    if (raw === undefined || raw === '') continue;
    used.add(key);
    try {
      values.set(spec.name, convertValue(spec, raw, values.get(spec.name), false));
      changed.add(spec.name);
    } catch {
      // etcdctl ignores a value its flag parser rejects; the default stays.
    }
  }
  // Variables the command reads itself (its registry entry's env), so pkg/flags must not call them unrecognized.
  const owned = findV3Command(commandPath)?.env ?? [];
  for (const [key, value] of Object.entries(io.env)) {
    if (used.has(key) || owned.includes(key)) continue;
    if (shadowed.has(key)) {
      const msg = `conflicting environment variable "${key}" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)`;
      throw new CliError(msg, ExitCode.Error, { stderr: capnslogLine('C', 'pkg/flags', msg) });
    }
    if (key.startsWith('ETCDCTL_')) io.stderr.write(capnslogLine('W', 'pkg/flags', `unrecognized environment variable ${key}=${value}`));
  }
}

export function toGlobalOptions(values: Map<string, FlagValue>, changed: ReadonlySet<string>): GlobalOptions {
  const s = (n: string) => values.get(n) as string;
  const b = (n: string) => values.get(n) as boolean;
  const d = (n: string) => values.get(n) as bigint;
  const writeOut = s('write-out');
  if (!(OUTPUT_FORMATS as readonly string[]).includes(writeOut)) {
    throw new CliError('unsupported output format', ExitCode.BadFeature);
  }
  return {
    endpoints: values.get('endpoints') as string[],
    debug: b('debug'),
    writeOut: writeOut as OutputFormat,
    hex: b('hex'),
    dialTimeoutNs: d('dial-timeout'),
    commandTimeoutNs: d('command-timeout'),
    keepaliveTimeNs: d('keepalive-time'),
    keepaliveTimeoutNs: d('keepalive-timeout'),
    insecureTransport: b('insecure-transport'),
    insecureDiscovery: b('insecure-discovery'),
    insecureSkipTlsVerify: b('insecure-skip-tls-verify'),
    cert: s('cert'),
    key: s('key'),
    cacert: s('cacert'),
    user: s('user'),
    password: s('password'),
    discoverySrv: s('discovery-srv'),
    discoverySrvName: s('discovery-srv-name'),
    cluster: values.get('cluster') === true,
    changed,
  };
}
