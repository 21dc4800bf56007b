// -d/--discovery-srv for the v3 command set: pkg/srv's lookups (src/go/srv.ts), failures as etcdctl's error.
import { CliError, ExitCode } from '../cli/exit.js';
import type { IO } from '../cli/io.js';
import { discoverEndpoints as discover, SrvError } from '../go/srv.js';

export interface Discovered {
  endpoints: string[];
}

/**
 * The endpoints the SRV records name, https ones first. With `insecure` false, http:// endpoints are
 * dropped with etcdctl's notice on stderr. An empty result means: use --endpoints.
 */
export async function discoverEndpoints(domain: string, serviceName: string, insecure: boolean, io: IO): Promise<Discovered> {
  try {
    return { endpoints: await discover(domain, serviceName, insecure, io.env, (line) => io.stderr.write(line)) };
  } catch (err) {
    if (err instanceof SrvError) throw new CliError(err.message, ExitCode.Error);
    throw err;
  }
}
