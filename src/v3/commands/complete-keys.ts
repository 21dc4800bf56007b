// `etcdctl completion __keys`: what the completion scripts run when Tab is pressed on a key argument. It reads
// the command line typed so far, asks the cluster that line names (its endpoints, TLS and auth flags, and the
// ETCDCTL_* environment) for the keys that begin with the word being completed, and prints them one a line.
// Tab must stay quiet and quick, so nothing here ever prints an error or prompts: a lookup that fails or runs
// out of time is simply no candidates, with exit 0.
import { ExitCode } from '../../cli/exit.js';
import type { IO } from '../../cli/io.js';
import { toGlobalOptions, withEnvironment, type GlobalOptions } from '../globals.js';
import { keyRange } from '../keys.js';
import { bashWord, expandHome, offerableKey, readTyped, v2Directory, v2KeyLine, v3KeyLine, type TypedWord } from './completion/keys.js';
import { inheritedFlags, type COMPLETION_KEYS_FLAGS, type V3Context } from '../registry.js';
import { durationMs } from '../../go/duration.js';

/** At most this many keys per Tab: enough to choose from, small enough to answer at once. */
const KEY_LIMIT = 200n;
const DIAL_TIMEOUT_MS = 300;
const COMMAND_TIMEOUT_MS = 500;
/**
 * Milliseconds after the process started (Node's own start-up included) when whatever is still under way is
 * dropped, however the timeouts above play out: the scripts stop waiting at one second.
 */
const HARD_STOP_MS = 900;
const NS_PER_MS = 1_000_000n;

interface KeyQuery {
  api: '2' | '3';
  /** The word being completed, as the shell gave it. */
  raw: string;
  typed: TypedWord;
  /** The words after `etcdctl` and before the one being completed, read. */
  words: string[];
  /** bash hands over words as typed and wants candidates quoted; zsh and fish quote for themselves. */
  quoted: boolean;
}

/** `completion __keys [--shell SHELL] -- API WORD [TYPED-WORD…]`; undefined for anything else. */
function readQuery(ctx: V3Context<typeof COMPLETION_KEYS_FLAGS>): KeyQuery | undefined {
  const [api, raw, ...rest] = ctx.args;
  if ((api !== '2' && api !== '3') || raw === undefined) return undefined;
  const quoted = ctx.flag('shell') === 'bash';
  const home = ctx.io.env.HOME;
  const read = (w: string) => (quoted ? readTyped(w, home).text : expandHome(w, home));
  return { api, raw, typed: quoted ? readTyped(raw) : { text: raw, open: '' }, words: rest.map(read), quoted };
}

/** Streams that swallow everything: warnings about the environment or the connection must not reach Tab. */
function quietIO(io: IO): IO {
  const sink = { write() {}, isTTY: false };
  return { stdout: sink, stderr: sink, stdin: io.stdin, env: io.env, flush: () => Promise.resolve() };
}

const atMost = (ns: bigint, ms: number) => (ns > 0n && ns < BigInt(ms) * NS_PER_MS ? ns : BigInt(ms) * NS_PER_MS);

/** A --user without a password would prompt for one: Tab never does, it just offers nothing. */
const wouldPrompt = (g: GlobalOptions) => g.user !== '' && g.password === '' && !g.user.includes(':') && g.authJwtToken === '';

async function v3Keys(q: KeyQuery, io: IO): Promise<Uint8Array[]> {
  const line = v3KeyLine(q.words);
  if (!line) return [];
  const { path, parsed } = line;
  const { values, changed } = withEnvironment(path, inheritedFlags(path), parsed, io);
  // The line's -w means nothing to a key lookup; a bad one must not cost the candidates.
  const g = toGlobalOptions({ values: new Map(values).set('write-out', 'simple'), changed });
  if (wouldPrompt(g)) return [];
  const bounded: GlobalOptions = {
    ...g,
    dialTimeoutNs: atMost(g.dialTimeoutNs, DIAL_TIMEOUT_MS),
    commandTimeoutNs: atMost(g.commandTimeoutNs, COMMAND_TIMEOUT_MS),
  };
  const { connect } = await import('../connect.js');
  const client = await connect(bounded, io);
  try {
    const { key, rangeEnd } = keyRange(q.typed.text, undefined, true, false);
    // Serializable: any member answers, without a round through the leader.
    const resp = await client.unary(
      'KV.Range',
      { key, range_end: rangeEnd, limit: KEY_LIMIT, keys_only: true, serializable: true },
      { timeoutMs: durationMs(bounded.commandTimeoutNs) },
    );
    return resp.kvs.map((kv) => kv.key);
  } finally {
    client.close();
  }
}

async function v2Keys(q: KeyQuery, io: IO): Promise<Uint8Array[]> {
  const globals = v2KeyLine(q.words);
  if (!globals) return [];
  const { splitCredentials } = await import('../../v2/client/setup.js');
  const user = globals.get('username') || io.env.ETCDCTL_USERNAME || '';
  if (user !== '' && splitCredentials(user).password === undefined) return [];
  const bounded = globals.withValues([
    ['timeout', `${DIAL_TIMEOUT_MS}ms`],
    ['total-timeout', `${COMMAND_TIMEOUT_MS}ms`],
    // Syncing would cost a round trip to learn the members; the endpoints given are enough for one read.
    ['no-sync', 'true'],
  ]);
  const [{ CommandContext: V2Context }, { getKey }] = await Promise.all([import('../../v2/context.js'), import('../../v2/client/keys.js')]);
  const ctx = new V2Context(io, bounded, bounded, []);
  try {
    const client = await ctx.syncedClient();
    const { dir, present } = v2Directory(q.typed.text);
    const resp = await ctx.withTotalTimeout((deadline) => getKey(client, dir, { sort: true }, deadline));
    const children = resp.node?.nodes ?? [];
    return children.map((n) => Buffer.from(present(n.dir ? `${n.key}/` : n.key), 'utf8'));
  } finally {
    ctx.close();
  }
}

/** Resolves to undefined once `ms` pass, whatever `work` is still doing. */
function withHardStop<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) {
    // Abandoned, but its failure must still count as handled (an unhandled one would be reported).
    work.catch(() => undefined);
    return Promise.resolve(undefined);
  }
  let timer: NodeJS.Timeout | undefined;
  const stop = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([work, stop]).finally(() => clearTimeout(timer));
}

function candidates(q: KeyQuery, keys: Uint8Array[]): string[] {
  const out: string[] = [];
  for (const bytes of keys) {
    const key = offerableKey(bytes);
    if (key === undefined || !key.startsWith(q.typed.text)) continue;
    out.push(q.quoted ? bashWord(q.raw, q.typed, key) : key);
  }
  return out;
}

async function completionKeys(ctx: V3Context<typeof COMPLETION_KEYS_FLAGS>): Promise<number> {
  const q = readQuery(ctx);
  if (!q) return ExitCode.Success;
  const io = quietIO(ctx.io);
  let keys: Uint8Array[] | undefined;
  try {
    keys = await withHardStop(q.api === '3' ? v3Keys(q, io) : v2Keys(q, io), HARD_STOP_MS - performance.now());
  } catch {
    // A failed lookup (no cluster, bad flags, TLS or auth refused) offers nothing, silently.
  }
  const lines = candidates(q, keys ?? []);
  if (lines.length > 0) ctx.io.stdout.write(lines.join('\n') + '\n');
  return ExitCode.Success;
}

// The handler's name follows the command path ("completion __keys"), which no identifier can spell.
export { completionKeys as 'completion-__keys' };
