// `watch --prefix` while a writer does N puts: events per second, no event lost, CPU per event and peak memory;
// then the same N events replayed from history (`--rev`).
//
// Both watchers run in the same round, on the same puts. On this machine neither watcher limits the rate: every
// event reaches both within milliseconds of its put, so each one's events/s is the writer's (our `batch` against
// etcd's commits on shared cores). Run one after the other, the two would be compared on two different writer
// runs, whose rates differ by 2× from one run to the next; side by side, a watcher that falls behind shows as a
// lower rate than the other's on the very same puts. What the watchers do differ in is the CPU they spend per
// event (which, on two cores, the writer and etcd also need): that is measured from /proc between the moment a
// watcher is listening and its last event, so start-up is left out.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { childEnv, REF_ETCDCTL } from './env.mjs';
import { stats } from './measure.mjs';
import { putOne } from './data.mjs';

/**
 * Equal within what the measurement resolves: both watchers print the last event within a few milliseconds of
 * each other over a run of several seconds (0.995 is the least ratio the report still shows as 1.00×).
 */
const SAME_RATE = 0.995;

/** CPU time (user + system) a process has used so far, in ms; undefined where /proc cannot tell. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** The process's peak resident memory so far, in KiB. */
function peakKiB(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m)[1]);
  } catch {
    return undefined;
  }
}

/**
 * Counts events in watch's simple output (PUT, key, value lines), noting when the first and last arrived and
 * the process's CPU time when it started listening (the ready marker) and when the last expected event came.
 */
function eventCounter(readyKey, expected) {
  let pending = '';
  let line = 0;
  const c = { events: 0, ready: false, first: undefined, last: undefined, pid: undefined, cpuAtReady: undefined, cpuAtLast: undefined };
  c.feed = (chunk) => {
    const lines = (pending + chunk.toString('latin1')).split('\n');
    pending = lines.pop();
    for (const l of lines) {
      // Lines come in threes: event type, key, value.
      if (line % 3 === 1) {
        if (l === readyKey) {
          if (!c.ready) c.cpuAtReady = cpuMs(c.pid);
          c.ready = true;
        } else {
          const now = performance.now();
          c.first ??= now;
          c.last = now;
          c.events++;
          if (c.events === expected) c.cpuAtLast = cpuMs(c.pid);
        }
      }
      line++;
    }
  };
  return c;
}

function startWatcher(who, args, counter) {
  const child = spawn(who.cmd, args, { env: who.env, stdio: ['ignore', 'pipe', 'pipe'] });
  counter.pid = child.pid;
  const stderr = [];
  child.stdout.on('data', (d) => counter.feed(d));
  child.stderr.on('data', (d) => stderr.push(d));
  const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  return { who, child, counter, exited, stderr: () => Buffer.concat(stderr).toString('utf8') };
}

async function stopWatcher(w) {
  const peak = peakKiB(w.child.pid);
  w.child.kill('SIGTERM');
  await w.exited;
  return peak;
}

async function until(check, timeoutMs, tick = 20) {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, tick));
  }
  return true;
}

/** Pipelined puts in one process: our `batch` (one connection, puts in flight together). */
function writePuts(ctx, prefix, count) {
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(`put ${prefix}${i} value-${i}`);
  return new Promise((resolve, reject) => {
    const child = spawn(ctx.ours, [`--endpoints=${ctx.endpoint}`, 'batch', '-'], { env: childEnv(), stdio: ['pipe', 'ignore', 'pipe'] });
    const err = [];
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`writer: exit ${code} ${Buffer.concat(err).toString().slice(0, 200)}`))));
    child.stdin.end(lines.join('\n') + '\n');
  });
}

const firstLine = (w) => w.stderr().trim().split('\n')[0] ?? '';

/** Both watchers listening on `prefix`, then the puts; per watcher: events/s, CPU ms per 1000 events, peak KiB. */
async function liveRound(ctx, who, prefix, count) {
  const readyKey = `${prefix}ready`;
  const ws = who.map((x) => startWatcher(x, [`--endpoints=${ctx.endpoint}`, 'watch', '--prefix', prefix], eventCounter(readyKey, count)));
  const allReady = () => ws.every((w) => w.counter.ready);
  const deadline = performance.now() + 15_000;
  while (!allReady() && ws.every((w) => w.child.exitCode === null) && performance.now() < deadline) {
    await putOne(ctx.clientUrl, readyKey, 'ready');
    await until(allReady, 200);
  }
  if (!allReady()) {
    for (const w of ws) w.child.kill('SIGKILL');
    return ws.map((w) => ({ name: w.who.name, ok: false, note: w.counter.ready ? 'the other watcher never listened' : `watcher never listened: ${firstLine(w)}` }));
  }
  const start = performance.now();
  try {
    await writePuts(ctx, prefix, count);
  } catch (err) {
    for (const w of ws) w.child.kill('SIGKILL');
    throw err;
  }
  await until(() => ws.every((w) => w.counter.events >= count), 30_000);
  const out = [];
  for (const w of ws) {
    const c = w.counter;
    const peak = await stopWatcher(w);
    const ms = (c.last ?? performance.now()) - start;
    const cpu = c.cpuAtLast !== undefined && c.cpuAtReady !== undefined ? ((c.cpuAtLast - c.cpuAtReady) / count) * 1000 : undefined;
    const ok = c.events === count;
    out.push({ name: w.who.name, ok, note: ok ? undefined : `${c.events} of ${count} events`, eventsPerS: (c.events / ms) * 1000, cpuPer1000: cpu, peakKiB: peak });
  }
  return out;
}

/** Both watchers replaying the round's puts from `fromRev`, which the server sends as fast as it will. */
async function replayRound(ctx, who, prefix, count, fromRev) {
  const ws = who.map((x) => startWatcher(x, [`--endpoints=${ctx.endpoint}`, 'watch', '--prefix', `--rev=${fromRev}`, prefix], eventCounter(`${prefix}ready`, count)));
  await until(() => ws.every((w) => w.counter.events >= count || w.child.exitCode !== null), 60_000);
  const out = [];
  for (const w of ws) {
    const c = w.counter;
    await stopWatcher(w);
    const ok = c.events >= count;
    const ms = c.last - c.first;
    out.push({ name: w.who.name, ok, note: ok ? undefined : `${c.events} of ${count} events`, eventsPerS: ok && ms > 0 ? ((count - 1) / ms) * 1000 : undefined });
  }
  return out;
}

/** ctx: { ours, endpoint, clientUrl, quick, log }. */
export async function runWatch(ctx) {
  const count = ctx.quick ? 5_000 : 20_000;
  const rounds = ctx.quick ? 1 : 3;
  const who = [
    { name: 'reference', cmd: REF_ETCDCTL, env: childEnv({ ETCDCTL_API: '3' }) },
    { name: 'ours', cmd: ctx.ours, env: childEnv() },
  ];
  const blank = () => ({ reference: [], ours: [] });
  const live = blank();
  const cpu = blank();
  const peak = blank();
  const ratios = [];
  const replay = blank();
  const failures = blank();
  for (let round = 0; round < rounds; round++) {
    // Started in turn first, in case being started first matters.
    const order = round % 2 ? [...who].reverse() : who;
    const prefix = `/bench/watch/${round}/`;
    ctx.log(`watch: round ${round + 1}/${rounds}, both watchers, ${count} puts`);
    const fromRev = (await putOne(ctx.clientUrl, `${prefix}start`, 'x')) + 1n;
    // Ready markers land in the replayed range too; the counter skips them.
    const l = await liveRound(ctx, order, prefix, count);
    for (const r of l) {
      if (!r.ok) {
        failures[r.name].push(r.note);
        continue;
      }
      live[r.name].push(r.eventsPerS);
      if (r.cpuPer1000 !== undefined) cpu[r.name].push(r.cpuPer1000);
      if (r.peakKiB !== undefined) peak[r.name].push(r.peakKiB);
    }
    const byName = Object.fromEntries(l.map((r) => [r.name, r]));
    if (byName.ours.ok && byName.reference.ok) ratios.push(byName.ours.eventsPerS / byName.reference.eventsPerS);
    for (const r of await replayRound(ctx, order, prefix, count, fromRev)) {
      if (r.ok && r.eventsPerS) replay[r.name].push(r.eventsPerS);
      else if (!r.ok) failures[r.name].push(`replay: ${r.note}`);
    }
  }
  const side = (name, samples, withPeak = false) => ({
    ...stats(samples),
    ...(withPeak && peak[name].length ? { peakKiB: Math.max(...peak[name]) } : {}),
    failures: failures[name].length,
    notes: [...new Set(failures[name])],
  });
  const rows = [
    {
      suite: 'watch', name: `watch --prefix during ${count} puts`, unit: 'events/s', lowerIsBetter: false,
      ours: side('ours', live.ours, true), reference: side('reference', live.reference, true),
      note: 'both watchers on the same puts; writer: our batch, pipelined',
    },
    {
      suite: 'watch', name: `watch --prefix during ${count} puts: CPU`, unit: 'ms/1000 events', lowerIsBetter: true,
      ours: { ...stats(cpu.ours), failures: 0 }, reference: { ...stats(cpu.reference), failures: 0 },
      note: 'from listening to the last event',
    },
    { suite: 'watch', name: `watch --prefix --rev (replay ${count})`, unit: 'events/s', lowerIsBetter: false, ours: side('ours', replay.ours), reference: side('reference', replay.reference), note: 'both at once; etcd sends at most 1000 revisions per watcher every 100 ms' },
  ];
  const goals = [];
  const goal = "watch: events/s ≥ the reference's on the same puts, no event lost";
  const ratio = stats(ratios)?.median;
  const o = rows[0].ours.median;
  const r = rows[0].reference.median;
  if (ratio !== undefined && o !== undefined && r !== undefined) {
    const mib = (kib) => (kib === undefined ? '—' : (kib / 1024).toFixed(0));
    goals.push({
      goal,
      measured:
        `${ratio.toFixed(2)}× (median of ${ratios.length} rounds; ${o.toFixed(0)} vs ${r.toFixed(0)} events/s live; replay ${fmt(rows[2].ours.median)} vs ${fmt(rows[2].reference.median)}); ` +
        `CPU ${fmt(rows[1].ours.median)} vs ${fmt(rows[1].reference.median)} ms per 1000 events; peak ${mib(rows[0].ours.peakKiB)} vs ${mib(rows[0].reference.peakKiB)} MiB; ` +
        `lost: ${failures.ours.length ? [...new Set(failures.ours)].join('; ') : 'none'}`,
      met: ratio >= SAME_RATE && failures.ours.length === 0,
    });
  } else {
    goals.push({ goal, measured: `no measurement: ${[...new Set([...failures.ours, ...failures.reference])].join('; ')}`, met: false });
  }
  return { rows, goals };
}

const fmt = (v) => (v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
