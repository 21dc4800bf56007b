// `watch --prefix` while a writer does N puts: events per second and no event lost; then the same N events
// replayed from history (`--rev`), which the server sends as fast as the watcher takes them.
import { spawn } from 'node:child_process';
import { childEnv, REF_ETCDCTL } from './env.mjs';
import { stats } from './measure.mjs';
import { putOne } from './data.mjs';

/** Counts events in watch's simple output (PUT, key, value lines), noting when the first and last arrived. */
function eventCounter(readyKey) {
  let pending = '';
  let line = 0;
  const c = { events: 0, ready: false, first: undefined, last: undefined };
  c.feed = (chunk) => {
    const lines = (pending + chunk.toString('latin1')).split('\n');
    pending = lines.pop();
    for (const l of lines) {
      // Lines come in threes: event type, key, value.
      if (line % 3 === 1) {
        if (l === readyKey) c.ready = true;
        else {
          const now = performance.now();
          c.first ??= now;
          c.last = now;
          c.events++;
        }
      }
      line++;
    }
  };
  return c;
}

function startWatcher(cmd, args, env, counter) {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = [];
  child.stdout.on('data', (d) => counter.feed(d));
  child.stderr.on('data', (d) => stderr.push(d));
  const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exited, stderr: () => Buffer.concat(stderr).toString('utf8') };
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

async function liveRound(ctx, cmd, env, prefix, count) {
  const readyKey = `${prefix}ready`;
  const counter = eventCounter(readyKey);
  const w = startWatcher(cmd, [`--endpoints=${ctx.endpoint}`, 'watch', '--prefix', prefix], env, counter);
  // The watcher is listening once it has seen a marker put.
  const deadline = performance.now() + 15_000;
  while (!counter.ready && w.child.exitCode === null && performance.now() < deadline) {
    await putOne(ctx.clientUrl, readyKey, 'ready');
    await until(() => counter.ready, 200);
  }
  if (!counter.ready) {
    w.child.kill('SIGKILL');
    return { ok: false, note: `watcher never listened: ${w.stderr().trim().split('\n')[0] ?? ''}` };
  }
  const start = performance.now();
  await writePuts(ctx, prefix, count);
  const writerMs = performance.now() - start;
  await until(() => counter.events >= count, 30_000);
  w.child.kill('SIGTERM');
  await w.exited;
  const ms = (counter.last ?? performance.now()) - start;
  return { ok: counter.events === count, note: counter.events === count ? undefined : `${counter.events} of ${count} events`, eventsPerS: (counter.events / ms) * 1000, writerPerS: (count / writerMs) * 1000, events: counter.events };
}

async function replayRound(ctx, cmd, env, prefix, count, fromRev) {
  const counter = eventCounter(`${prefix}ready`);
  const w = startWatcher(cmd, [`--endpoints=${ctx.endpoint}`, 'watch', '--prefix', `--rev=${fromRev}`, prefix], env, counter);
  await until(() => counter.events >= count || w.child.exitCode !== null, 60_000);
  w.child.kill('SIGTERM');
  await w.exited;
  const ok = counter.events >= count;
  const ms = counter.last - counter.first;
  return { ok, note: ok ? undefined : `${counter.events} of ${count} events`, eventsPerS: ok && ms > 0 ? ((count - 1) / ms) * 1000 : undefined };
}

/** ctx: { ours, endpoint, clientUrl, quick, log }. */
export async function runWatch(ctx) {
  const count = ctx.quick ? 5_000 : 20_000;
  const rounds = ctx.quick ? 1 : 3;
  const who = [
    { name: 'reference', cmd: REF_ETCDCTL, env: childEnv({ ETCDCTL_API: '3' }) },
    { name: 'ours', cmd: ctx.ours, env: childEnv() },
  ];
  const live = { reference: [], ours: [] };
  const replay = { reference: [], ours: [] };
  const failures = { reference: [], ours: [] };
  for (let round = 0; round < rounds; round++) {
    for (const w of round % 2 ? [...who].reverse() : who) {
      const prefix = `/bench/watch/${round}-${w.name}/`;
      ctx.log(`watch: round ${round + 1}/${rounds}, ${w.name}, ${count} puts`);
      const fromRev = (await putOne(ctx.clientUrl, `${prefix}start`, 'x')) + 1n;
      // Ready markers land in the replayed range too; the counter skips them.
      const l = await liveRound(ctx, w.cmd, w.env, prefix, count);
      if (l.ok) live[w.name].push(l.eventsPerS);
      else failures[w.name].push(l.note);
      const r = await replayRound(ctx, w.cmd, w.env, prefix, count, fromRev);
      if (r.ok && r.eventsPerS) replay[w.name].push(r.eventsPerS);
      else if (!r.ok) failures[w.name].push(`replay: ${r.note}`);
    }
  }
  const side = (name, samples) => ({ ...stats(samples), failures: failures[name].length, notes: [...new Set(failures[name])] });
  const rows = [
    { suite: 'watch', name: `watch --prefix during ${count} puts`, unit: 'events/s', lowerIsBetter: false, ours: side('ours', live.ours), reference: side('reference', live.reference), note: 'writer: our batch, pipelined' },
    { suite: 'watch', name: `watch --prefix --rev (replay ${count})`, unit: 'events/s', lowerIsBetter: false, ours: side('ours', replay.ours), reference: side('reference', replay.reference) },
  ];
  const goals = [];
  const o = rows[0].ours.median;
  const r = rows[0].reference.median;
  if (o !== undefined && r !== undefined) {
    goals.push({
      goal: "watch: events/s ≥ the reference's, no event lost",
      measured: `${(o / r).toFixed(2)}× (${o.toFixed(0)} vs ${r.toFixed(0)} events/s live; replay ${fmt(rows[1].ours.median)} vs ${fmt(rows[1].reference.median)}); lost: ${failures.ours.length ? [...new Set(failures.ours)].join('; ') : 'none'}`,
      met: o >= r && failures.ours.length === 0,
    });
  } else {
    goals.push({ goal: "watch: events/s ≥ the reference's, no event lost", measured: `no measurement: ${[...new Set([...failures.ours, ...failures.reference])].join('; ')}`, met: false });
  }
  return { rows, goals };
}

const fmt = (v) => (v === undefined ? '—' : v.toFixed(0));
