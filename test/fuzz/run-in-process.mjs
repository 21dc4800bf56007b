// Runs generated argument vectors through both command trees inside this one process (10 000 process starts
// would not fit CI's time), each with fake streams, an empty stdin, no ETCDCTL_* variables and endpoints on a
// closed loopback port with tiny timeouts. Prints one JSON summary on stdout.
//
//   node test/fuzz/run-in-process.mjs <seed> <count> <closed-port>
//
// Run it with stdin on /dev/null: password prompts read file descriptor 0, not the fake stdin.
// Name lookups are refused here, so no generated word can send a DNS query off this machine.
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import { Readable } from 'node:stream';
import { isIP } from 'node:net';

function refuseLookups() {
  const refuse = (name) => Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND', hostname: name });
  const allowed = (name) => isIP(name) !== 0 || name === 'localhost';
  const lookup = dns.lookup;
  dns.lookup = (name, ...rest) => {
    if (allowed(name)) return lookup(name, ...rest);
    const cb = rest.at(-1);
    process.nextTick(() => cb(refuse(name)));
    return {};
  };
  const plookup = dns.promises.lookup;
  dns.promises.lookup = (name, ...rest) => (allowed(name) ? plookup(name, ...rest) : Promise.reject(refuse(name)));
  for (const m of ['resolveSrv', 'resolveTxt', 'resolve4', 'resolve6', 'resolve', 'resolveAny']) {
    dns.promises[m] = (name) => Promise.reject(refuse(name));
    dns[m] = (name, ...rest) => process.nextTick(() => rest.at(-1)(refuse(name)));
    dns.promises.Resolver.prototype[m] = function (name) {
      return Promise.reject(refuse(name));
    };
  }
  syncBuiltinESMExports();
}

refuseLookups();

const [seed, count, port] = process.argv.slice(2).map(Number);
const { runV3, resolveCommand } = await import('../../dist/v3/cli.js');
const { runV2 } = await import('../../dist/v2/cli.js');
const { report } = await import('../../dist/cli/report.js');
const { CliError, SilentExit } = await import('../../dist/cli/exit.js');
const { generate, V3_LONG } = await import('./argv.mjs');
const { checkOutcome, prefixFor } = await import('./check.mjs');

const RUN_LIMIT_MS = 20000;
const CONCURRENCY = 32;

function fakeIO() {
  const out = [];
  const err = [];
  const sink = (into) => ({ write: (d) => void into.push(typeof d === 'string' ? Buffer.from(d) : Buffer.from(d)), isTTY: false });
  return {
    io: { stdout: sink(out), stderr: sink(err), stdin: Readable.from([]), env: {}, flush: async () => {} },
    text: () => ({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
  };
}

/** Errors that reach the top as values (CliError, SilentExit, anything carrying its exit code) are fine. */
function strayError(err) {
  if (err instanceof CliError || err instanceof SilentExit) return undefined;
  if (err instanceof Error && typeof err.exitCode === 'number') return undefined;
  return err instanceof Error ? `${err.constructor.name}: ${err.message}` : `thrown ${typeof err}: ${String(err)}`;
}

const strayProcessErrors = [];
process.on('uncaughtException', (e) => strayProcessErrors.push(`uncaught ${e?.constructor?.name}: ${e?.message}`));
process.on('unhandledRejection', (e) => strayProcessErrors.push(`unhandled rejection ${e?.constructor?.name}: ${e?.message}`));
process.on('warning', () => {});

async function runOne(item) {
  const argv = [...prefixFor(item.api, port), ...item.argv];
  if (item.api === '3' && V3_LONG.has(resolveCommand(argv)?.path)) return { skipped: true };
  const { io, text } = fakeIO();
  let timer;
  const started = Date.now();
  const run = (async () => {
    try {
      return { code: await (item.api === '3' ? runV3 : runV2)(argv, io) };
    } catch (err) {
      return { code: report(err, io), stray: strayError(err) };
    }
  })();
  const limit = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ hung: true }), RUN_LIMIT_MS);
  });
  const r = await Promise.race([run, limit]);
  clearTimeout(timer);
  const ms = Date.now() - started;
  if (r.hung) return { problems: [`no answer after ${RUN_LIMIT_MS} ms`], ms };
  const problems = checkOutcome({ code: r.code, ...text() });
  if (r.stray) problems.push(`error that is not a value: ${r.stray}`);
  return { code: r.code, problems, ms };
}

const items = generate(seed, count);
const summary = { seed, count, ran: 0, skipped: 0, codes: {}, failures: [], slowest: [] };
let next = 0;
const started = Date.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      const r = await runOne(item);
      if (r.skipped) {
        summary.skipped++;
        continue;
      }
      summary.ran++;
      summary.codes[r.code] = (summary.codes[r.code] ?? 0) + 1;
      if (r.problems.length) summary.failures.push({ index, api: item.api, argv: item.argv, problems: r.problems });
      summary.slowest.push({ index, ms: r.ms });
    }
  }),
);
summary.slowest = summary.slowest.sort((a, b) => b.ms - a.ms).slice(0, 5);
summary.ms = Date.now() - started;
summary.processErrors = strayProcessErrors;
process.stdout.write(JSON.stringify(summary) + '\n');
// Lingering timers or sockets of commands that gave up must not keep the harness alive.
process.exit(0);
