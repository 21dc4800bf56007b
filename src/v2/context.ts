// What a v2 command handler gets: its arguments and flags as typed, the global options, the streams, and the
// client etcdctl's mustNewClient would build (with the sync and `--debug` lines in its order).
import type { IO } from '../cli/io.js';
import { promptPassword } from '../cli/prompt.js';
import { ClusterClient } from './client/client.js';
import { Deadline } from './client/deadline.js';
import { durationMs } from '../go/duration.js';
import { NoEndpointsError, syncEndpoints } from './client/members.js';
import { dialTimeoutMs, loadTls, resolveEndpoints, splitCredentials, type ClientSettings } from './client/setup.js';
import { Transport, type TlsFiles } from './client/transport.js';
import { handleError, isConnectionError, plainError, V2Error, V2Exit } from './errors.js';
import type { FlagValues, ParsedFlags } from './flags.js';
import type { GLOBAL_FLAGS } from './registry.js';

/** The global options by name, as the root parses them (cli.ts). */
export type GlobalFlags = ParsedFlags<FlagValues<typeof GLOBAL_FLAGS>>;

/**
 * `V` is the values of the flags the command's registry entry gives it (registry.ts: V2Context); a helper that
 * takes a plain CommandContext reads no flag, so every flag read is checked against an entry.
 */
export class CommandContext<V extends object = Record<never, never>> {
  private transport: Transport | undefined;
  private client: ClusterClient | undefined;
  private silenced = false;

  constructor(
    readonly io: IO,
    /** As parsed, never changed (ParsedFlags is read-only). */
    private readonly globals: GlobalFlags,
    private readonly flags: ParsedFlags<V>,
    readonly args: string[],
    /** How many positionals preceded a `--`, when there was one. */
    readonly dashDashAt?: number,
  ) {}

  /** A flag's value as parsed, typed from the command's registry entry: an unknown name does not compile. */
  flag<N extends keyof V & string>(name: N): V[N] {
    return this.flags.get(name);
  }

  isSet(name: keyof V & string): boolean {
    return this.flags.isSet(name);
  }

  get output(): string {
    return this.globals.get('output');
  }

  get debug(): boolean {
    return this.globals.get('debug');
  }

  out(text: string | Uint8Array): void {
    if (!this.silenced) this.io.stdout.write(text);
  }

  err(text: string | Uint8Array): void {
    if (!this.silenced) this.io.stderr.write(text);
  }

  /** Drops all further output: the command was interrupted and only its exit remains. */
  silence(): void {
    this.silenced = true;
  }

  /** The `--total-timeout` context of one command call. */
  totalTimeout(): Deadline {
    return Deadline.after(this.globals.get('total-timeout'));
  }

  settings(): ClientSettings {
    const g = this.globals;
    return {
      endpoints: g.get('endpoints'),
      endpoint: g.get('endpoint'),
      peers: g.get('peers'),
      discoverySrv: g.get('discovery-srv'),
      insecureDiscovery: g.get('insecure-discovery'),
      certFile: g.get('cert-file'),
      keyFile: g.get('key-file'),
      caFile: g.get('ca-file'),
      username: g.get('username'),
      timeoutNs: g.get('timeout'),
      totalTimeoutNs: g.get('total-timeout'),
      env: this.io.env,
    };
  }

  /** getTransport: the TLS files and dial timeout (cluster-health also uses it for its /health checks). */
  getTransport(): Transport {
    if (!this.transport) {
      const s = this.settings();
      const tls: TlsFiles = loadTls(s);
      this.transport = new Transport({ tls, dialTimeoutMs: dialTimeoutMs(s), proxyEnv: this.io.env });
    }
    return this.transport;
  }

  /** newClient: endpoints, transport, credentials; any failure is printed bare with exit 1. */
  private async buildClient(): Promise<ClusterClient> {
    const s = this.settings();
    try {
      const endpoints = await resolveEndpoints(s, (line) => this.err(line));
      const transport = this.getTransport();
      const userFlag = s.username || s.env.ETCDCTL_USERNAME || '';
      let credentials: { username: string; password: string } | undefined;
      if (userFlag) {
        const c = splitCredentials(userFlag);
        credentials = { username: c.username, password: c.password ?? (await promptPassword(this.io, 'Password: ')) };
      }
      this.client = new ClusterClient({ endpoints, transport, headerTimeoutMs: durationMs(s.timeoutNs), credentials });
      return this.client;
    } catch (err) {
      if (err instanceof V2Error) throw plainError(err.message, V2Exit.BadArgs);
      throw err;
    }
  }

  /** mustNewClient: builds the client and, unless `--no-sync`, replaces the endpoints with the members' client URLs. */
  async syncedClient(): Promise<ClusterClient> {
    const hc = await this.buildClient();
    if (this.debug) hc.curl = (line) => this.err(line);
    if (!this.globals.get('no-sync')) {
      if (this.debug) this.err(`start to sync cluster using endpoints(${hc.endpointStrings().join(',')})\n`);
      const deadline = this.totalTimeout();
      try {
        await syncEndpoints(hc, deadline);
      } catch (err) {
        if (err instanceof NoEndpointsError) {
          this.err('etcd cluster has no published client endpoints.\n');
          this.err(`Try '--no-sync' if you want to access non-published client endpoints(${hc.endpointStrings().join(',')}).\n`);
          throw handleError(err, V2Exit.ServerError);
        }
        if (isConnectionError(err)) throw handleError(err, V2Exit.BadConnection);
        // Anything else (a 404 from a server without the v2 API, a TLS error…) is ignored, as etcdctl does.
      } finally {
        deadline.release();
      }
      if (this.debug) this.err(`got endpoints(${hc.endpointStrings().join(',')}) after sync\n`);
    }
    if (this.debug) this.err(`Cluster-Endpoints: ${hc.endpointStrings().join(', ')}\n`);
    return hc;
  }

  /** mustNewClientNoSync (cluster-health). */
  async unsyncedClient(): Promise<ClusterClient> {
    const hc = await this.buildClient();
    if (this.debug) {
      this.err(`Cluster-Endpoints: ${hc.endpointStrings().join(', ')}\n`);
      hc.curl = (line) => this.err(line);
    }
    return hc;
  }

  /** Runs one call under a fresh `--total-timeout` deadline. */
  async withTotalTimeout<T>(call: (deadline: Deadline) => Promise<T>): Promise<T> {
    const deadline = this.totalTimeout();
    try {
      return await call(deadline);
    } finally {
      deadline.release();
    }
  }

  /** True once any request met a server that does not serve the v2 API. */
  get sawV2Disabled(): boolean {
    return this.client?.v2DisabledAt !== undefined;
  }

  /** The etcd version of the server that had no v2 API, when its /version answers within --total-timeout. */
  async v2DisabledServerVersion(): Promise<string | undefined> {
    const client = this.client;
    const endpoint = client?.v2DisabledAt;
    if (!client || !endpoint) return undefined;
    try {
      return await this.withTotalTimeout((deadline) => client.serverVersion(endpoint, deadline));
    } catch {
      return undefined;
    }
  }

  close(): void {
    this.transport?.close();
  }
}
