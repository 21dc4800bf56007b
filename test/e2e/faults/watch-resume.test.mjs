// A watch outlives its member: across a member restart and a leader change every revision arrives exactly
// once and in order; if the revision it must resume from was compacted meanwhile, it ends as etcdctl ends a
// canceled watch and says which revision it had got to. Checked through `etcdctl watch` and, underneath it,
// through the client's watch stream itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SLOW, memberViews, needsCommand, scaffoldClient, startCluster, startOurs, until, waitForLeader, writeKeys } from '../../helpers/faults.mjs';

const ERR_COMPACTED = 'etcdserver: mvcc: required revision has been compacted';

function rangeEndOf(prefix) {
  const end = Buffer.from(prefix);
  end[end.length - 1]++;
  return end;
}

/** The revision of every key under `prefix`: each key is written once, so these are all the prefix's put revisions. */
async function revisionsOnServer(endpoints, prefix) {
  const c = await scaffoldClient(endpoints);
  try {
    const r = await c.unary('KV.Range', { key: Buffer.from(prefix), range_end: rangeEndOf(prefix) }, { timeoutMs: 5000 });
    return r.kvs.map((kv) => kv.mod_revision).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } finally {
    c.close();
  }
}

async function compactAll(endpoints) {
  const c = await scaffoldClient(endpoints);
  try {
    const r = await c.unary('KV.Range', { key: Buffer.from('any') }, { timeoutMs: 5000 });
    await c.unary('KV.Compact', { revision: r.header.revision, physical: true }, { timeoutMs: 5000 });
    return r.header.revision;
  } finally {
    c.close();
  }
}

function assertExactlyOnceInOrder(seen, expected, what) {
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] > seen[i - 1], `${what}: revision ${seen[i]} after ${seen[i - 1]}`);
  const first = seen[0];
  const want = expected.filter((r) => r >= first);
  assert.equal(seen.length, want.length, `${what}: ${seen.length} revisions seen, ${want.length} written`);
  assert.deepEqual(seen, want, what);
}

/** Revisions (and the serving member) from `watch -w json` output, one response per line. */
function parseJsonWatch(text) {
  const revisions = [];
  const members = new Set();
  let member;
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    member = /"member_id":(\d+)/.exec(line)?.[1] ?? member;
    if (member !== undefined) members.add(member);
    for (const m of line.matchAll(/"mod_revision":(\d+)/g)) revisions.push(BigInt(m[1]));
  }
  return { revisions, members, member: member === undefined ? undefined : BigInt(member) };
}

async function indexOfMember(etcd, id) {
  const views = await memberViews(etcd.endpoints);
  return views.findIndex((v) => v?.id === id);
}

describe('watch across member restarts and leader changes', { timeout: 180_000 }, () => {
  let etcd;
  before(async () => {
    etcd = await startCluster({ members: 3 });
  });
  after(() => etcd?.stop());

  test('etcdctl watch --prefix: 5000 puts, a member restart and a leader change, every revision once', { skip: SLOW || needsCommand('watch') }, async () => {
    const all = etcd.endpoints.join(',');
    const watch = startOurs(['--endpoints', all, 'watch', '--prefix', 'wr/', '-w', 'json']);
    try {
      // Established once a put shows up.
      for (let n = 0; ; n++) {
        await writeKeys(etcd.endpoints, `wr/s${n}-`, 1);
        try {
          await watch.waitFor(({ stdout }) => stdout.includes('"Events"'), 300);
          break;
        } catch (err) {
          if (n > 30) throw err;
        }
      }
      // Three rounds of puts; the faults happen while the second and third rounds are being written.
      await writeKeys(etcd.endpoints, 'wr/a', 1000, { concurrency: 8 });
      const watched = await indexOfMember(etcd, parseJsonWatch(watch.stdout()).member);
      const restart = (async () => {
        await etcd.stopMember(watched);
        await sleep(300);
        await etcd.startMember(watched);
      })();
      await writeKeys(etcd.endpoints, 'wr/b', 1500, { concurrency: 8 });
      await restart;
      // etcd 3.5.30 and 3.6 keep serving open watches on SIGTERM until their request timeout (stopServers in
      // server/embed/etcd.go@v3.6.16), so the whole round may arrive before the member leaves; a key written
      // now, with it back, arrives through the member the watch moved to.
      const probe = [...(await writeKeys(etcd.endpoints, 'wr/probe', 1)).revisions.values()][0];
      assert.ok(probe, 'the probe was written');
      await watch.waitFor(({ stdout }) => stdout.includes(`"mod_revision":${probe},`), 20000);
      assert.ok(parseJsonWatch(watch.stdout()).members.size >= 2, 'the watch moved to another member when its member left');
      const leader = await waitForLeader(etcd);
      const leaderChange = (async () => {
        await etcd.stopMember(leader, 'SIGKILL');
        await sleep(300);
        await etcd.startMember(leader);
      })();
      await writeKeys(etcd.endpoints, 'wr/c', 2500, { concurrency: 8 });
      await leaderChange;
      const expected = await revisionsOnServer(etcd.endpoints, 'wr/');
      const last = expected[expected.length - 1];
      await watch.waitFor(({ stdout }) => stdout.includes(`"mod_revision":${last},`), 20000);
      const { revisions, members } = parseJsonWatch(watch.stdout());
      assertExactlyOnceInOrder(revisions, expected, 'etcdctl watch');
      assert.ok(members.size >= 2, 'the watch moved to another member');
      assert.equal(watch.stderr(), '');
      assert.ok(watch.running(), 'the watch is still running');
    } finally {
      await watch.kill('SIGTERM');
    }
  });

  test('etcdctl watch: the resume revision was compacted meanwhile', { skip: needsCommand('watch') }, async () => {
    const leader = await waitForLeader(etcd);
    const i = (leader + 1) % 3;
    const others = etcd.endpoints.filter((_, x) => x !== i);
    const watch = startOurs(['--endpoints', etcd.endpoints[i], 'watch', '--prefix', 'wc/', '-w', 'json']);
    try {
      for (let n = 0; ; n++) {
        await writeKeys(others, `wc/s${n}-`, 1);
        try {
          await watch.waitFor(({ stdout }) => stdout.includes('"Events"'), 300);
          break;
        } catch (err) {
          if (n > 30) throw err;
        }
      }
      await writeKeys(others, 'wc/a', 20);
      const before = await revisionsOnServer(others, 'wc/');
      const lastDelivered = before[before.length - 1];
      await watch.waitFor(({ stdout }) => stdout.includes(`"mod_revision":${lastDelivered},`));
      await etcd.stopMember(i);
      await writeKeys(others, 'wc/b', 20);
      await compactAll(others);
      await etcd.startMember(i);
      const { code } = await watch.exited;
      assert.equal(code, 5);
      assert.equal(
        watch.stderr(),
        `watch was canceled (${ERR_COMPACTED}; the watch had delivered every event up to revision ${lastDelivered})\n` +
          'Error: watch is canceled by the server\n',
      );
      assert.deepEqual(parseJsonWatch(watch.stdout()).revisions.at(-1), lastDelivered);
    } finally {
      await watch.kill('SIGKILL');
    }
  });

  test('client watch stream: resumes on another member, exactly once, hiding the break', async () => {
    await waitForLeader(etcd);
    const c = await scaffoldClient(etcd.endpoints);
    const stream = c.duplex('Watch.Watch');
    const seen = [];
    const members = new Set();
    let created = 0;
    stream.write({ create_request: { key: Buffer.from('wk/'), range_end: rangeEndOf('wk/') } });
    const reader = (async () => {
      for await (const r of stream) {
        if (r.created) created++;
        assert.ok(!r.canceled, r.cancel_reason);
        members.add(r.header.member_id);
        for (const e of r.events) seen.push(e.kv.mod_revision);
      }
    })();
    try {
      await until(() => created > 0, 10000, 'the watch to be created');
      let written = 0;
      const fault = (async () => {
        await until(() => written >= 300, 30000, '300 puts');
        const i = await indexOfMember(etcd, [...members][0]);
        await etcd.stopMember(i, 'SIGKILL');
        await sleep(200);
        await etcd.startMember(i);
      })();
      await writeKeys(etcd.endpoints, 'wk/', 1500, { concurrency: 4, onProgress: () => written++ });
      await fault;
      const expected = await revisionsOnServer(etcd.endpoints, 'wk/');
      await until(() => seen.at(-1) === expected.at(-1), 10000, `revision ${expected.at(-1)}`).catch(() => {});
      assertExactlyOnceInOrder(seen, expected, 'client watch');
      assert.equal(created, 1, 'the reader sees its watch created once');
      assert.ok(members.size >= 2, 'answers came from more than one member');
    } finally {
      stream.cancel();
      await reader;
      c.close();
    }
  });

  test('client watch stream: several watches on one stream keep their IDs across a break; a canceled one stays canceled', async () => {
    const leader = await waitForLeader(etcd);
    const i = (leader + 1) % 3;
    const order = [i, ...[0, 1, 2].filter((x) => x !== i)].map((x) => etcd.endpoints[x]);
    const c = await scaffoldClient(order);
    const stream = c.duplex('Watch.Watch');
    const answers = [];
    const reader = (async () => {
      for await (const r of stream) answers.push(r);
    })();
    try {
      for (const p of ['wm/a/', 'wm/b/', 'wm/c/']) {
        stream.write({ create_request: { key: Buffer.from(p), range_end: rangeEndOf(p) } });
        await until(() => answers.filter((r) => r.created).length === ['wm/a/', 'wm/b/', 'wm/c/'].indexOf(p) + 1, 10000, `watch on ${p}`);
      }
      const ids = Object.fromEntries(answers.filter((r) => r.created).map((r, n) => [['a', 'b', 'c'][n], r.watch_id]));
      stream.write({ cancel_request: { watch_id: ids.a } });
      await until(() => answers.some((r) => r.canceled && r.watch_id === ids.a), 10000, 'the cancel of a');
      await etcd.stopMember(i, 'SIGKILL');
      await writeKeys(etcd.endpoints, 'wm/a/', 3, { concurrency: 1 });
      await writeKeys(etcd.endpoints, 'wm/b/', 3, { concurrency: 1 });
      await writeKeys(etcd.endpoints, 'wm/c/', 3, { concurrency: 1 });
      const events = (id) => answers.filter((r) => r.watch_id === id).flatMap((r) => r.events.map((e) => e.kv.key.toString()));
      await until(() => events(ids.b).length === 3 && events(ids.c).length === 3, 10000, 'events on b and c');
      assert.deepEqual(events(ids.b), ['wm/b/0', 'wm/b/1', 'wm/b/2']);
      assert.deepEqual(events(ids.c), ['wm/c/0', 'wm/c/1', 'wm/c/2']);
      assert.deepEqual(events(ids.a), [], 'the canceled watch was not brought back');
      assert.equal(answers.filter((r) => r.created).length, 3, 'no second "created" for a resumed watch');
    } finally {
      stream.cancel();
      await reader;
      c.close();
      await etcd.startMember(i);
    }
  });

  test('client watch stream: a member that hangs under the watch is left once keepalive gives up on it', { skip: SLOW }, async () => {
    const leader = await waitForLeader(etcd);
    const i = (leader + 1) % 3;
    const order = [i, ...[0, 1, 2].filter((x) => x !== i)].map((x) => etcd.endpoints[x]);
    const { Etcd } = await import('../../../dist/v3/client/index.js');
    // etcdctl's --keepalive-time is raised to 10 s as grpc-go does; a 1 s keepalive timeout after that.
    const c = await Etcd.open({ endpoints: order, dialTimeoutMs: 2000, keepaliveTimeMs: 2000, keepaliveTimeoutMs: 1000 });
    const stream = c.duplex('Watch.Watch');
    const seen = [];
    let created = false;
    stream.write({ create_request: { key: Buffer.from('wh/'), range_end: rangeEndOf('wh/') } });
    const reader = (async () => {
      for await (const r of stream) {
        if (r.created) created = true;
        for (const e of r.events) seen.push(e.kv.key.toString());
      }
    })();
    try {
      await until(() => created, 10000, 'the watch to be created');
      await writeKeys(etcd.endpoints, 'wh/before', 1);
      await until(() => seen.length === 1, 10000, 'the first event');
      etcd.pause(i);
      await writeKeys(order.slice(1), 'wh/during', 3, { concurrency: 1 });
      const paused = Date.now();
      await until(() => seen.length === 4, 20000, 'the events written while the member hung');
      const waited = Date.now() - paused;
      assert.ok(waited < 10000 + 1000 + 3000, `waited ${waited} ms`);
      assert.deepEqual(seen, ['wh/before0', 'wh/during0', 'wh/during1', 'wh/during2']);
    } finally {
      etcd.resume(i);
      stream.cancel();
      await reader;
      c.close();
    }
  });

  test('client watch stream: a compacted resume revision ends the watch, saying how far it got', async () => {
    const leader = await waitForLeader(etcd);
    const i = (leader + 1) % 3;
    const others = etcd.endpoints.filter((_, x) => x !== i);
    const c = await scaffoldClient([etcd.endpoints[i]]);
    const stream = c.duplex('Watch.Watch');
    const answers = [];
    stream.write({ create_request: { key: Buffer.from('wz/'), range_end: rangeEndOf('wz/') } });
    const reader = (async () => {
      for await (const r of stream) answers.push(r);
    })();
    try {
      await until(() => answers.length > 0, 10000, 'the watch to be created');
      await writeKeys(others, 'wz/a', 5, { concurrency: 1 });
      const delivered = (await revisionsOnServer(others, 'wz/')).at(-1);
      await until(() => answers.some((r) => r.events.some((e) => e.kv.mod_revision === delivered)), 10000, `revision ${delivered}`);
      await etcd.stopMember(i);
      await writeKeys(others, 'wz/b', 5, { concurrency: 1 });
      const compacted = await compactAll(others);
      await etcd.startMember(i);
      // A canceled watch leaves its stream open (other watches may share it): the answer is what counts.
      await until(() => answers.some((r) => r.canceled), 15000, 'the watch to be canceled');
      const end = answers.at(-1);
      assert.ok(end.canceled && !end.created, JSON.stringify(end, (k, v) => (typeof v === 'bigint' ? String(v) : v)));
      assert.equal(end.watch_id, answers[0].watch_id);
      assert.equal(end.compact_revision, compacted);
      assert.equal(end.cancel_reason, `${ERR_COMPACTED}; the watch had delivered every event up to revision ${delivered}`);
    } finally {
      stream.cancel();
      await reader;
      c.close();
    }
  });

  test('client watch stream: nobody to resume with ends the watch as canceled, saying how far it got', async () => {
    const c = await scaffoldClient([etcd.endpoints[0]]);
    const stream = c.duplex('Watch.Watch', { resumeWindowMs: 1000 });
    stream.write({ create_request: { key: Buffer.from('wn/') } });
    try {
      const answers = [];
      const reader = (async () => {
        for await (const r of stream) answers.push(r);
      })();
      await until(() => answers.length > 0, 10000, 'the watch to be created');
      const createdAt = answers[0].header.revision;
      await etcd.stopMember(0);
      await reader;
      await etcd.startMember(0);
      assert.equal(answers.length, 2);
      const end = answers[1];
      assert.ok(end.canceled && !end.created);
      assert.equal(end.watch_id, answers[0].watch_id);
      assert.match(end.cancel_reason, /^rpc error: code = (Unavailable|Internal) desc = .+; no member took the watch back within 1s; the watch had delivered every event up to revision (\d+)$/);
      assert.equal(/revision (\d+)$/.exec(end.cancel_reason)[1], String(createdAt));
    } finally {
      stream.cancel();
      c.close();
    }
  });
});

describe('watch with authentication across a member restart', { timeout: 60_000 }, () => {
  let etcd;
  before(async () => {
    etcd = await startCluster({ members: 1 });
    const c = await scaffoldClient(etcd.endpoints);
    try {
      await c.unary('Auth.UserAdd', { name: 'root', password: 'rootpw' });
      await c.unary('Auth.RoleAdd', { name: 'root' });
      await c.unary('Auth.UserGrantRole', { user: 'root', role: 'root' });
      await c.unary('Auth.AuthEnable', {});
    } finally {
      c.close();
    }
  });
  after(() => etcd?.stop());

  test('the restarted member forgot the token: the watch authenticates again and goes on', async () => {
    const { Etcd } = await import('../../../dist/v3/client/index.js');
    const open = () => Etcd.open({ endpoints: etcd.endpoints, dialTimeoutMs: 2000, keepaliveTimeMs: 0, keepaliveTimeoutMs: 0, credentials: { user: 'root', password: 'rootpw' } });
    const watcher = await open();
    const writer = await open();
    const stream = watcher.duplex('Watch.Watch');
    const seen = [];
    let created = false;
    stream.write({ create_request: { key: Buffer.from('wa/'), range_end: rangeEndOf('wa/') } });
    const reader = (async () => {
      for await (const r of stream) {
        assert.ok(!r.canceled, r.cancel_reason);
        if (r.created) created = true;
        for (const e of r.events) seen.push(e.kv.key.toString());
      }
    })();
    try {
      // A put before the server has made the watch would not be seen (the watch starts after it).
      await until(() => created, 15000, 'the watch to be created');
      await writer.unary('KV.Put', { key: Buffer.from('wa/1'), value: Buffer.from('x') }, { timeoutMs: 3000 });
      await until(() => seen.length >= 1, 15000, 'the first event');
      await etcd.stopMember(0);
      await etcd.startMember(0);
      // The writer's own token is gone too: unary calls renew it on "invalid auth token".
      await writer.unary('KV.Put', { key: Buffer.from('wa/2'), value: Buffer.from('y') }, { timeoutMs: 3000 });
      await until(() => seen.length >= 2, 10000, 'the event after the restart');
      assert.deepEqual(seen, ['wa/1', 'wa/2']);
    } finally {
      stream.cancel();
      await reader;
      watcher.close();
      writer.close();
    }
  });
});
