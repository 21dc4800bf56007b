// Global flags after ETCDCTL_* environment variables are applied (etcd's pkg/flags rules), as a view of their own:
// the parsed flags are never changed, so a flag reads the same before and after the environment is looked at.
import { CliError, ExitCode } from '../cli/exit.js';
import type { IO } from '../cli/io.js';
import { convertValue, type FlagSpec, type FlagValue } from '../cli/pflag.js';
import { capnslogLine } from '../cli/logline.js';
import { findV3Command, OUTPUT_FORMATS } from './registry.js';

export { OUTPUT_FORMATS };
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Read only: a command that needs other options (a bounded timeout, another -w) makes a copy. */
export interface GlobalOptions {
  readonly endpoints: readonly string[];
  readonly debug: boolean;
  readonly writeOut: OutputFormat;
  readonly hex: boolean;
  readonly dialTimeoutNs: bigint;
  readonly commandTimeoutNs: bigint;
  readonly keepaliveTimeNs: bigint;
  readonly keepaliveTimeoutNs: bigint;
  /** --max-request-bytes and --max-recv-bytes (etcdctl 3.6); 0 or less: clientv3's defaults. */
  readonly maxRequestBytes: bigint;
  readonly maxRecvBytes: bigint;
  readonly insecureTransport: boolean;
  readonly insecureDiscovery: boolean;
  readonly insecureSkipTlsVerify: boolean;
  readonly cert: string;
  readonly key: string;
  readonly cacert: string;
  readonly user: string;
  readonly password: string;
  /** etcdctl 3.7's --auth-jwt-token: sent with every call in place of a login; --user and --password are then ignored. */
  readonly authJwtToken: string;
  readonly discoverySrv: string;
  readonly discoverySrvName: string;
  readonly cluster: boolean;
  /** Flags given on the command line or through the environment (pflag's "Changed"). */
  readonly changed: ReadonlySet<string>;
}

export const envName = (flag: string) => 'ETCDCTL_' + flag.toUpperCase().replace(/-/g, '_');

/** Flag values and which were set (pflag's "Changed"): as parsed, or with the environment on top. */
export interface FlagView {
  readonly values: ReadonlyMap<string, FlagValue>;
  readonly changed: ReadonlySet<string>;
}

/**
 * The parsed flags with ETCDCTL_* on top of the inherited ones, as a new view (the parsed flags stay as typed).
 * As etcd's pkg/flags does: an unparsable value is ignored, a variable that shadows a flag given on the command
 * line is fatal, an unknown ETCDCTL_* is warned about, each at its turn in the environment's order.
 */
export function withEnvironment(commandPath: string, inherited: readonly FlagSpec[], parsed: FlagView, io: IO): FlagView {
  const values = new Map(parsed.values);
  const changed = new Set(parsed.changed);
  const shadowed = new Set<string>();
  const used = new Set<string>();
  for (const spec of inherited) {
    const key = envName(spec.name);
    if (parsed.changed.has(spec.name)) { shadowed.add(key); continue; }
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
  return { values, changed };
}

/** -w's value, when it names a format etcdctl knows. */
export function outputFormat(w: string): OutputFormat {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(w)) throw new CliError('unsupported output format', ExitCode.BadFeature);
  return w as OutputFormat;
}

/** The global options of a view; -w must name a format etcdctl knows. */
export function toGlobalOptions({ values, changed }: FlagView): GlobalOptions {
  const s = (n: string) => values.get(n) as string;
  const b = (n: string) => values.get(n) as boolean;
  const d = (n: string) => values.get(n) as bigint;
  const writeOut = outputFormat(s('write-out'));
  return Object.freeze({
    endpoints: values.get('endpoints') as string[],
    debug: b('debug'),
    writeOut,
    hex: b('hex'),
    dialTimeoutNs: d('dial-timeout'),
    commandTimeoutNs: d('command-timeout'),
    keepaliveTimeNs: d('keepalive-time'),
    keepaliveTimeoutNs: d('keepalive-timeout'),
    maxRequestBytes: d('max-request-bytes'),
    maxRecvBytes: d('max-recv-bytes'),
    insecureTransport: b('insecure-transport'),
    insecureDiscovery: b('insecure-discovery'),
    insecureSkipTlsVerify: b('insecure-skip-tls-verify'),
    cert: s('cert'),
    key: s('key'),
    cacert: s('cacert'),
    user: s('user'),
    password: s('password'),
    authJwtToken: s('auth-jwt-token'),
    discoverySrv: s('discovery-srv'),
    discoverySrvName: s('discovery-srv-name'),
    cluster: values.get('cluster') === true,
    changed,
  });
}
