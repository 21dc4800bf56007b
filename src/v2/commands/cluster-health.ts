// `cluster-health [--forever]`: lists the members (no sync, no total timeout), asks each member's
// client URLs for /health with a plain HTTP client, and sums up. Exit 5 unless every member is healthy.
import { goQuote } from '../../go/quote.js';
import { Deadline } from '../client/deadline.js';
import { asBool, asObject, asString, GoJsonError, parseJson } from '../../go/json.js';
import { listMembers, type Member } from '../client/members.js';
import type { Transport } from '../client/transport.js';
import { goURLString, parseGoURL, type GoURL } from '../../go/url.js';
import type { CommandContext } from '../context.js';
import type { CLUSTER_HEALTH_FLAGS, V2Context } from '../registry.js';
import { handleError, V2Error, V2Exit } from '../errors.js';
import { untilInterrupted } from '../interrupt.js';

const RECHECK_MS = 10_000;
const MAX_REDIRECTS = 10;

/** http.Client.Get: follows redirects; failures read `Get "<url>": <err>`. */
async function plainGet(transport: Transport, raw: string, deadline: Deadline): Promise<Buffer> {
  let url: GoURL = parseGoURL(raw);
  for (let hop = 0; ; hop++) {
    const shown = goURLString(url);
    if (hop > MAX_REDIRECTS) throw new Error(`Get ${goQuote(shown)}: stopped after ${MAX_REDIRECTS} redirects`);
    let resp;
    try {
      resp = await transport.roundTrip({ method: 'GET', url, headers: {} }, { deadline, headerTimeoutMs: 0, endpoint: shown });
    } catch (err) {
      throw new Error(`Get ${goQuote(shown)}: ${(err as Error).message}`);
    }
    const location = resp.headers.location;
    if (![301, 302, 303, 307, 308].includes(resp.status) || !location) return resp.body;
    url = parseGoURL(new URL(location, shown).toString());
  }
}

/** Either `{"health":"true"}` or `{"health":true}`; the status code is not looked at. */
export function decodeHealth(body: Uint8Array): boolean {
  const value = parseJson(body);
  const o = asObject(value, 'struct { Health string }');
  const health = o?.field('Health');
  try {
    return asString(health, '.Health') === 'true';
  } catch (err) {
    if (!(err instanceof GoJsonError)) throw err;
    const o2 = asObject(value, 'struct { Health bool }');
    return asBool(o2?.field('Health'), '.Health');
  }
}

/** One pass over the members; returns how many are healthy. */
async function checkMembers(ctx: CommandContext, members: Member[], deadline: Deadline): Promise<number> {
  const transport = ctx.getTransport();
  let healthy = 0;
  for (const m of members) {
    if (m.clientURLs.length === 0) {
      ctx.out(`member ${m.id} is unreachable: no available published client urls\n`);
      continue;
    }
    let checked = false;
    for (const url of m.clientURLs) {
      let isHealthy: boolean;
      try {
        isHealthy = decodeHealth(await plainGet(transport, url + '/health', deadline));
      } catch (err) {
        ctx.out(`failed to check the health of member ${m.id} on ${url}: ${(err as Error).message}\n`);
        continue;
      }
      checked = true;
      if (isHealthy) {
        ctx.out(`member ${m.id} is healthy: got healthy result from ${url}\n`);
        healthy++;
      } else {
        ctx.out(`member ${m.id} is unhealthy: got unhealthy result from ${url}\n`);
      }
      break;
    }
    if (!checked) ctx.out(`member ${m.id} is unreachable: [${m.clientURLs.join(' ')}] are all unreachable\n`);
  }
  return healthy;
}

function summary(healthy: number, total: number): string {
  if (healthy === total) return 'cluster is healthy\n';
  return healthy === 0 ? 'cluster is unavailable\n' : 'cluster is degraded\n';
}

/** Waits between rounds; an interrupt cancels the wait for good (the command is over). */
const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => clearTimeout(t), { once: true });
});

export async function run(ctx: V2Context<typeof CLUSTER_HEALTH_FLAGS>): Promise<number> {
  const forever = ctx.flag('forever');
  try {
    ctx.getTransport();
  } catch (err) {
    if (err instanceof V2Error) throw handleError(err, V2Exit.ServerError);
    throw err;
  }
  const client = await ctx.unsyncedClient();
  const deadline = Deadline.none();
  const body = async (): Promise<number> => {
    let members: Member[];
    try {
      members = await listMembers(client, deadline);
    } catch (err) {
      if (!(err instanceof V2Error)) throw err;
      ctx.out('cluster may be unhealthy: failed to list members\n');
      throw handleError(err, V2Exit.ServerError);
    }
    for (;;) {
      const healthy = await checkMembers(ctx, members, deadline);
      ctx.out(summary(healthy, members.length));
      if (!forever) return healthy === members.length ? V2Exit.Success : V2Exit.ClusterNotHealthy;
      ctx.out('\nnext check after 10 second...\n\n');
      await sleep(RECHECK_MS, deadline.signal);
    }
  };
  return forever ? untilInterrupted(ctx, body(), deadline) : body();
}
