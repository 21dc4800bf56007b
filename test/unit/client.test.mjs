// The gRPC adapter against real etcd servers (the release under test, test/helpers/etcd.mjs) on free loopback ports:
// calls and streams, failover past refused / hung / stopped endpoints, timeouts, auth, error wording, limits,
// and byte-for-byte decode→encode of real server responses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../helpers/etcd.mjs';
import { hasProgram, runSync } from '../helpers/run.mjs';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { Etcd, RpcError, TlsConfigError } from '../../dist/v3/client/index.js';
import { decode, encode, messageFields } from '../../dist/v3/proto/codec.js';
import { METHODS } from '../../dist/v3/proto/schema.js';
import { ETCD_BIN, SERVER_VERSION, serverAtLeast, spawnEtcd } from '../helpers/etcd.mjs';

const haveEtcd = existsSync(ETCD_BIN);

/**
 * `raw` without its top-level fields that 3.4.23's schema does not have (a newer server's additions, such as
 * StatusResponse's storageVersion from 3.6): etcdctl 3.4.23's generated decoders skip unknown fields and keep
 * nothing of them (etcdserver/etcdserverpb/rpc.pb.go@v3.4.23), so neither do we.
 */
function withoutUnknownFields(type, raw) {
  const known = new Set(messageFields(type).map((f) => f.number));
  const kept = [];
  let i = 0;
  const varint = () => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = raw[i++];
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
  };
  while (i < raw.length) {
    const start = i;
    const tag = varint();
    const wire = Number(tag & 7n);
    if (wire === 0) varint();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else if (wire === 2) { const n = Number(varint()); i += n; }
    else throw new Error(`wire type ${wire} in ${type}`);
    if (known.has(Number(tag >> 3n))) kept.push(raw.subarray(start, i));
  }
  return Buffer.concat(kept);
}

function config(endpoints, extra = {}) {
  return { endpoints, dialTimeoutMs: 2000, keepaliveTimeMs: 2000, keepaliveTimeoutMs: 6000, ...extra };
}

async function waitUntilServing(endpoint, tls) {
  const until = Date.now() + 20_000;
  for (;;) {
    const c = await Etcd.open(config([endpoint], { dialTimeoutMs: 500, tls }));
    try {
      await c.unary('KV.Range', { key: 'ready?' }, { timeoutMs: 1000 });
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await sleep(100);
    } finally {
      c.close();
    }
  }
}

/** Starts a single-member etcd; `tls` (if given) is the client TLS config that reaches it (it then serves https). */
async function startEtcd(name, extraArgs = [], tls = undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-client-'));
  const clientPort = await freePort();
  const peerPort = await freePort();
  const log = openSync(join(dir, 'etcd.log'), 'w');
  const peer = `http://127.0.0.1:${peerPort}`;
  const proc = spawnEtcd(
    [
      '--name', name, '--data-dir', join(dir, 'data'),
      '--listen-client-urls', `${tls ? 'https' : 'http'}://127.0.0.1:${clientPort}`,
      '--advertise-client-urls', `${tls ? 'https' : 'http'}://127.0.0.1:${clientPort}`,
      '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `${name}=${peer}`,
      ...extraArgs,
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const endpoint = `127.0.0.1:${clientPort}`;
  await waitUntilServing(endpoint, tls);
  return {
    endpoint,
    pid: proc.pid,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        process.kill(proc.pid, 'SIGCONT');
        process.kill(proc.pid, 'SIGTERM');
        const killer = setTimeout(() => process.kill(proc.pid, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A listener that accepts connections and never says a word: what a SIGSTOPped server looks like. */
async function startHungListener() {
  const sockets = new Set();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `127.0.0.1:${srv.address().port}`,
    close() {
      for (const s of sockets) s.destroy();
      srv.close();
    },
  };
}

/** A response as the server sent it, bytes untouched, through grpc-js directly. */
function rawUnary(endpoint, method, req, token) {
  const m = METHODS[method];
  const client = new grpc.Client(endpoint, grpc.credentials.createInsecure());
  const md = new grpc.Metadata();
  if (token) md.set('token', token);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(m.path, (b) => b, (b) => Buffer.from(b), encode(m.requestType, req), md, { deadline: Date.now() + 5000 }, (err, res) => {
      client.close();
      if (err) reject(err);
      else resolve(res);
    });
  });
}

async function assertRejects(promise, message) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof RpcError, `not an RpcError: ${err && err.stack}`);
    assert.equal(err.message, message);
    return true;
  });
}

const toText = (b) => Buffer.from(b).toString();

describe('gRPC adapter against etcd', { skip: !haveEtcd && `${ETCD_BIN} is not installed` }, () => {
  let main;
  let authed;
  let hung;
  let deadPort;
  let client;

  before(async () => {
    [main, authed, hung, deadPort] = await Promise.all([
      startEtcd('main'),
      startEtcd('auth', ['--auth-token-ttl', '1', '--bcrypt-cost', '4']),
      startHungListener(),
      freePort(),
    ]);
    client = await Etcd.open(config([main.endpoint]));
  });

  after(async () => {
    client?.close();
    hung?.close();
    await Promise.all([main?.stop(), authed?.stop()]);
  });

  test('put then range round trip', async () => {
    const put = await client.unary('KV.Put', { key: Buffer.from('k1'), value: Buffer.from('v1') }, { timeoutMs: 5000 });
    assert.ok(put.header.revision > 1n);
    assert.equal(put.prev_kv, undefined);
    const again = await client.unary('KV.Put', { key: 'k1', value: 'v2', prev_kv: true }, { timeoutMs: 5000 });
    assert.equal(toText(again.prev_kv.value), 'v1');
    const got = await client.unary('KV.Range', { key: 'k1' });
    assert.equal(got.kvs.length, 1);
    assert.equal(toText(got.kvs[0].key), 'k1');
    assert.equal(toText(got.kvs[0].value), 'v2');
    assert.equal(got.kvs[0].version, 2n);
    assert.equal(got.count, 1n);
    assert.equal(typeof got.header.cluster_id, 'bigint');
  });

  test('txn with compares and nested responses', async () => {
    await client.unary('KV.Put', { key: 't', value: '1' });
    const res = await client.unary('KV.Txn', {
      compare: [{ result: 0, target: 3, key: 't', value: Buffer.from('1') }],
      success: [{ request_put: { key: 't', value: '2' } }, { request_range: { key: 't' } }],
      failure: [{ request_delete_range: { key: 't' } }],
    });
    assert.equal(res.succeeded, true);
    assert.equal(res.responses.length, 2);
    assert.ok(res.responses[0].response_put);
    assert.equal(res.responses[0].response_range, undefined);
    assert.equal(toText(res.responses[1].response_range.kvs[0].value), '2');
    const miss = await client.unary('KV.Txn', { compare: [{ target: 0, key: 't', version: 99n }], failure: [{ request_range: { key: 't' } }] });
    assert.equal(miss.succeeded, false);
    assert.ok(miss.responses[0].response_range);
  });

  test('watch: created, then events, then cancel ends the iteration', async () => {
    const w = client.duplex('Watch.Watch');
    w.write({ create_request: { key: 'w', prev_kv: true } });
    const seen = [];
    for await (const res of w) {
      seen.push(res);
      if (res.created) await client.unary('KV.Put', { key: 'w', value: 'one' });
      else if (res.events.length > 0) w.cancel();
    }
    assert.equal(seen[0].created, true);
    const event = seen.find((r) => r.events.length > 0).events[0];
    assert.equal(event.type, 0);
    assert.equal(toText(event.kv.value), 'one');
  });

  test('lease keep-alive over the duplex stream', async () => {
    const grant = await client.unary('Lease.LeaseGrant', { TTL: 10n });
    assert.equal(grant.TTL, 10n);
    const ka = client.duplex('Lease.LeaseKeepAlive');
    ka.write({ ID: grant.ID });
    const responses = [];
    for await (const res of ka) {
      responses.push(res);
      if (responses.length === 1) ka.write({ ID: grant.ID });
      else ka.end();
    }
    assert.equal(responses.length, 2);
    for (const r of responses) {
      assert.equal(r.ID, grant.ID);
      assert.equal(r.TTL, 10n);
    }
    const ttl = await client.unary('Lease.LeaseTimeToLive', { ID: grant.ID, keys: true });
    assert.equal(ttl.grantedTTL, 10n);
    await client.unary('Lease.LeaseRevoke', { ID: grant.ID });
  });

  test('snapshot server stream, and cancelling one mid-way', async () => {
    let total = 0;
    let last;
    for await (const chunk of client.serverStream('Maintenance.Snapshot', {})) {
      total += chunk.blob.length;
      last = chunk;
    }
    assert.ok(total > 0);
    assert.equal(last.remaining_bytes, 0n);
    const s = client.serverStream('Maintenance.Snapshot', {});
    let chunks = 0;
    for await (const chunk of s) {
      assert.ok(chunk.blob.length > 0);
      chunks++;
      s.cancel();
    }
    assert.equal(chunks, 1);
  });

  test('lock and election services', async () => {
    const { ID } = await client.unary('Lease.LeaseGrant', { TTL: 30n });
    const locked = await client.unary('Lock.Lock', { name: 'L', lease: ID });
    assert.ok(toText(locked.key).startsWith('L/'));
    await client.unary('Lock.Unlock', { key: locked.key });
    const camp = await client.unary('Election.Campaign', { name: 'E', lease: ID, value: 'me' });
    const observe = client.serverStream('Election.Observe', { name: 'E' });
    for await (const res of observe) {
      assert.equal(toText(res.kv.value), 'me');
      observe.cancel();
    }
    const leader = await client.unary('Election.Leader', { name: 'E' });
    assert.equal(toText(leader.kv.value), 'me');
    await client.unary('Election.Resign', { leader: camp.leader });
    await client.unary('Lease.LeaseRevoke', { ID });
  });

  test('server error texts as etcdctl prints them', async () => {
    await assertRejects(client.unary('KV.Put', { key: 'absent', ignore_value: true }, { timeoutMs: 5000 }), 'etcdserver: key not found');
    await assertRejects(client.unary('Lease.LeaseRevoke', { ID: 12345n }), 'etcdserver: requested lease not found');
    await assertRejects(client.unary('KV.Range', { key: 'k1', revision: 1_000_000n }), 'etcdserver: mvcc: required revision is a future revision');
    const { header } = await client.unary('KV.Put', { key: 'c', value: '1' });
    await client.unary('KV.Put', { key: 'c', value: '2' });
    await client.unary('KV.Compact', { revision: header.revision + 1n, physical: true });
    await assertRejects(client.unary('KV.Range', { key: 'c', revision: header.revision }), 'etcdserver: mvcc: required revision has been compacted');
    if (serverAtLeast(3, 5)) {
      assert.equal((await client.unary('Auth.AuthStatus', {})).enabled, false);
    } else {
      // An RPC a 3.4 server lacks: not an etcd error, so the full grpc-go form.
      await assert.rejects(client.unary('Auth.AuthStatus', {}), (err) => {
        assert.equal(err.codeName, 'Unimplemented');
        assert.match(err.message, /^rpc error: code = Unimplemented desc = .+/);
        return true;
      });
    }
  });

  test('a deadline that passes gives "context deadline exceeded"', async () => {
    await assertRejects(client.unary('KV.Range', { key: 'k1' }, { timeoutMs: 0 }), 'context deadline exceeded');
  });

  test('requests over the 2 MiB send limit fail before sending, worded as grpc-go does', async () => {
    await assertRejects(
      client.unary('KV.Put', { key: 'k', value: Buffer.alloc(3_000_000, 0x61) }, { timeoutMs: 5000 }),
      'rpc error: code = ResourceExhausted desc = trying to send message larger than max (3000008 vs. 2097152)',
    );
    const small = await Etcd.open(config([main.endpoint], { maxCallSendBytes: 10 }));
    try {
      await assertRejects(small.unary('KV.Put', { key: 'kk', value: '0123456789' }), 'rpc error: code = ResourceExhausted desc = trying to send message larger than max (16 vs. 10)');
    } finally {
      small.close();
    }
  });

  test('a range response over 4 MiB is received (no grpc-js default limit)', async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x62);
    for (let i = 0; i < 5; i++) await client.unary('KV.Put', { key: `big/${i}`, value: mib });
    const res = await client.unary('KV.Range', { key: 'big/', range_end: 'big0' }, { timeoutMs: 10_000 });
    assert.equal(res.kvs.length, 5);
    assert.ok(res.kvs.every((kv) => kv.value.length === mib.length));
    await client.unary('KV.DeleteRange', { key: 'big/', range_end: 'big0' });
  });

  test('failover: a refused first endpoint', async () => {
    const c = await Etcd.open(config([`127.0.0.1:${deadPort}`, main.endpoint]));
    try {
      const start = Date.now();
      const res = await c.unary('KV.Range', { key: 'k1' }, { timeoutMs: 5000 });
      assert.equal(res.kvs.length, 1);
      assert.ok(Date.now() - start < 2000, `took ${Date.now() - start} ms`);
    } finally {
      c.close();
    }
  });

  test('failover: a hung first endpoint, for calls and streams', async () => {
    const c = await Etcd.open(config([hung.endpoint, `http://127.0.0.1:${deadPort}`, `http://${main.endpoint}`]));
    try {
      const start = Date.now();
      await c.unary('KV.Put', { key: 'h', value: '1' }, { timeoutMs: 5000 });
      assert.ok(Date.now() - start < 2000, `took ${Date.now() - start} ms`);
      const w = c.duplex('Watch.Watch');
      w.write({ create_request: { key: 'h' } });
      for await (const res of w) {
        assert.equal(res.created, true);
        break;
      }
    } finally {
      c.close();
    }
  });

  test('a dead cluster never hangs: without a deadline the dial timeout ends the wait', async () => {
    const c = await Etcd.open(config([hung.endpoint, `127.0.0.1:${deadPort}`], { dialTimeoutMs: 300 }));
    try {
      let start = Date.now();
      await assertRejects(c.unary('KV.Txn', {}), 'context deadline exceeded');
      const took = Date.now() - start;
      assert.ok(took >= 250 && took < 2000, `took ${took} ms`);
      start = Date.now();
      await assertRejects(c.unary('KV.Range', { key: 'a' }, { timeoutMs: 600 }), 'context deadline exceeded');
      assert.ok(Date.now() - start >= 550, 'the deadline, not the dial timeout, bounds a call that has one');
      const w = c.duplex('Watch.Watch');
      w.write({ create_request: { key: 'a' } });
      await assert.rejects(async () => {
        for await (const _ of w) assert.fail('no response expected');
      }, /context deadline exceeded/);
    } finally {
      c.close();
    }
  });

  test('a per-endpoint client talks to that endpoint only', async () => {
    const c = await Etcd.open(config([`127.0.0.1:${deadPort}`, main.endpoint]));
    try {
      const status = await c.endpointClient(main.endpoint).unary('Maintenance.Status', {}, { timeoutMs: 5000 });
      assert.ok(status.version.startsWith(`${SERVER_VERSION.join('.')}.`), status.version);
      assert.ok(status.dbSize > 0n);
      assert.equal(status.header.member_id, status.leader);
      await assertRejects(c.endpointClient(`127.0.0.1:${deadPort}`).unary('Maintenance.Status', {}, { timeoutMs: 300 }), 'context deadline exceeded');
    } finally {
      c.close();
    }
  });

  test('translateError: every failure a caller gets goes through it once, with its client\'s endpoints; logins do not', async () => {
    const dead = `127.0.0.1:${deadPort}`;
    const seen = [];
    const translateError = async (err, endpoints) => {
      seen.push({ message: err.message, endpoints: [...endpoints] });
      return new RpcError(err.code, err.desc, `${err.message} (translated)`);
    };
    await assertRejects(
      Etcd.open(config([dead], { dialTimeoutMs: 300, credentials: { user: 'root', password: 'x' }, translateError })),
      'context deadline exceeded',
    );
    assert.deepEqual(seen, [], 'a login failing in open is the caller of open\'s to explain');
    const c = await Etcd.open(config([main.endpoint], { translateError }));
    try {
      await assertRejects(c.unary('KV.Range', { key: 'k1', revision: 1_000_000n }), 'etcdserver: mvcc: required revision is a future revision (translated)');
      const far = c.endpointClient(dead);
      await assertRejects(far.unary('Maintenance.Status', {}, { timeoutMs: 300 }), 'context deadline exceeded (translated)');
      const snapshot = far.serverStream('Maintenance.Snapshot', {}, { timeoutMs: 300 });
      await assert.rejects(async () => {
        for await (const _ of snapshot) assert.fail('no response expected');
      }, /^RpcError: context deadline exceeded \(translated\)$/);
      const watch = far.duplex('Watch.Watch', { timeoutMs: 300 });
      watch.write({ create_request: { key: 'a' } });
      await assert.rejects(async () => {
        for await (const _ of watch) assert.fail('no response expected');
      }, /^RpcError: context deadline exceeded \(translated\)$/);
      assert.deepEqual(seen, [
        { message: 'etcdserver: mvcc: required revision is a future revision', endpoints: [main.endpoint] },
        ...Array(3).fill({ message: 'context deadline exceeded', endpoints: [dead] }),
      ]);
    } finally {
      c.close();
    }
  });

  test('credentials against a cluster without auth: no token, calls work', async () => {
    const c = await Etcd.open(config([main.endpoint], { credentials: { user: 'root', password: 'x' } }));
    try {
      assert.equal((await c.unary('KV.Range', { key: 'k1' })).count, 1n);
    } finally {
      c.close();
    }
  });

  test('authenticating against unreachable endpoints fails after the dial timeout', async () => {
    const start = Date.now();
    await assertRejects(
      Etcd.open(config([`127.0.0.1:${deadPort}`], { dialTimeoutMs: 300, credentials: { user: 'root', password: 'x' } })),
      'context deadline exceeded',
    );
    assert.ok(Date.now() - start < 2000);
  });

  test('real responses re-encode byte for byte', async () => {
    const ep = main.endpoint;
    await client.unary('KV.Put', { key: 'rt/a', value: 'x', lease: 0n });
    const { ID } = await client.unary('Lease.LeaseGrant', { TTL: 100n });
    await client.unary('KV.Put', { key: 'rt/b', value: '', lease: ID });
    await client.unary('Auth.RoleAdd', { name: 'reader' });
    await client.unary('Auth.RoleGrantPermission', { name: 'reader', perm: { permType: 2, key: 'rt/', range_end: 'rt0' } });
    await client.unary('Auth.UserAdd', { name: 'bob', password: 'pw' });
    await client.unary('Auth.UserGrantRole', { user: 'bob', role: 'reader' });
    const calls = [
      ['KV.Range', { key: 'rt/', range_end: 'rt0' }],
      ['KV.Range', { key: 'rt/', range_end: 'rt0', limit: 1n }],
      ['KV.Range', { key: 'rt/', range_end: 'rt0', count_only: true }],
      ['KV.Range', { key: 'nothing-here' }],
      ['KV.Put', { key: 'rt/a', value: 'y', prev_kv: true }],
      ['KV.Txn', {
        compare: [{ target: 2, result: 1, key: 'rt/a', mod_revision: 0n }],
        success: [
          { request_range: { key: 'rt/', range_end: 'rt0' } },
          { request_put: { key: 'rt/c', value: 'z', prev_kv: true } },
          { request_delete_range: { key: 'rt/b', prev_kv: true } },
          { request_txn: { success: [{ request_range: { key: 'rt/a' } }] } },
        ],
      }],
      ['KV.DeleteRange', { key: 'rt/zz', prev_kv: true }],
      ['Lease.LeaseGrant', { TTL: 50n }],
      ['Lease.LeaseTimeToLive', { ID, keys: true }],
      ['Lease.LeaseTimeToLive', { ID: 999n }],
      ['Lease.LeaseLeases', {}],
      ['Cluster.MemberList', {}],
      ['Maintenance.Status', {}],
      ['Maintenance.Alarm', { action: 0 }],
      ['Maintenance.Hash', {}],
      ['Maintenance.HashKV', { revision: 0n }],
      ['Auth.UserList', {}],
      ['Auth.UserGet', { name: 'bob' }],
      ['Auth.RoleGet', { role: 'reader' }],
      ['Auth.RoleList', {}],
    ];
    for (const [method, req] of calls) {
      const raw = await rawUnary(ep, method, req);
      const type = METHODS[method].responseType;
      const again = encode(type, decode(type, raw));
      assert.equal(again.toString('hex'), withoutUnknownFields(type, raw).toString('hex'), method);
    }
  });

  test('real watch responses re-encode byte for byte', async () => {
    const m = METHODS['Watch.Watch'];
    const raw = new grpc.Client(main.endpoint, grpc.credentials.createInsecure());
    const call = raw.makeBidiStreamRequest(m.path, (b) => b, (b) => Buffer.from(b));
    call.write(encode(m.requestType, { create_request: { key: 'rw', prev_kv: true } }));
    const frames = [];
    try {
      for await (const frame of call) {
        frames.push(frame);
        if (frames.length === 1) {
          await client.unary('KV.Put', { key: 'rw', value: 'a' });
          await client.unary('KV.Put', { key: 'rw', value: 'b' });
          await client.unary('KV.DeleteRange', { key: 'rw' });
        }
        const events = frames.reduce((n, f) => n + decode('WatchResponse', f).events.length, 0);
        if (events >= 3) break;
      }
    } finally {
      call.cancel();
      raw.close();
    }
    for (const f of frames) assert.equal(encode('WatchResponse', decode('WatchResponse', f)).toString('hex'), f.toString('hex'));
  });

  describe('with auth enabled', () => {
    const rootCfg = () => config([authed.endpoint], { credentials: { user: 'root', password: 'rootpw' } });

    before(async () => {
      const admin = await Etcd.open(config([authed.endpoint]));
      try {
        await admin.unary('Auth.UserAdd', { name: 'root', password: 'rootpw' });
        await admin.unary('Auth.UserGrantRole', { user: 'root', role: 'root' });
        await admin.unary('Auth.UserAdd', { name: 'alice', password: 'alicepw' });
        await admin.unary('Auth.AuthEnable', {});
      } finally {
        admin.close();
      }
    });

    test('no credentials: "etcdserver: user name is empty"', async () => {
      const c = await Etcd.open(config([authed.endpoint]));
      try {
        await assertRejects(c.unary('KV.Range', { key: 'a' }, { timeoutMs: 5000 }), 'etcdserver: user name is empty');
      } finally {
        c.close();
      }
    });

    test('wrong password: open fails with the server error', async () => {
      await assertRejects(
        Etcd.open(config([authed.endpoint], { credentials: { user: 'root', password: 'nope' } })),
        'etcdserver: authentication failed, invalid user ID or password',
      );
    });

    test('the token goes with every call, endpoint clients included', async () => {
      const c = await Etcd.open(rootCfg());
      try {
        await c.unary('KV.Put', { key: 'secret', value: 's' });
        assert.equal(toText((await c.unary('KV.Range', { key: 'secret' })).kvs[0].value), 's');
        assert.equal((await c.endpointClient(authed.endpoint).unary('KV.Range', { key: 'secret' })).count, 1n);
        const w = c.duplex('Watch.Watch');
        w.write({ create_request: { key: 'secret' } });
        for await (const res of w) {
          assert.equal(res.created, true);
          assert.equal(res.canceled, false);
          break;
        }
      } finally {
        c.close();
      }
    });

    test('a user without the role: "etcdserver: permission denied"', async () => {
      const c = await Etcd.open(config([authed.endpoint], { credentials: { user: 'alice', password: 'alicepw' } }));
      try {
        await assertRejects(c.unary('KV.Range', { key: 'secret' }, { timeoutMs: 5000 }), 'etcdserver: permission denied');
      } finally {
        c.close();
      }
    });

    test('an expired token is renewed once and the call retried', async () => {
      const c = await Etcd.open(rootCfg());
      try {
        const { token } = decode('AuthenticateResponse', await rawUnary(authed.endpoint, 'Auth.Authenticate', { name: 'root', password: 'rootpw' }));
        await sleep(3500); // the server runs with --auth-token-ttl 1
        await assert.rejects(rawUnary(authed.endpoint, 'KV.Range', { key: 'secret' }, token), (err) => err.details === 'etcdserver: invalid auth token');
        assert.equal((await c.unary('KV.Range', { key: 'secret' }, { timeoutMs: 5000 })).count, 1n);
      } finally {
        c.close();
      }
    });
  });

  // In a process of its own, as a command runs: in this one, grpc-js's shared subchannel pool may still hold an
  // earlier test's connection to that member, READY until keepalive notices the stop.
  test('failover: a SIGSTOPped first endpoint', () => {
    const url = new URL('../../dist/v3/client/index.js', import.meta.url).href;
    const script = `
      const { Etcd } = await import(${JSON.stringify(url)});
      const c = await Etcd.open(${JSON.stringify(config([authed.endpoint, main.endpoint]))});
      const start = Date.now();
      const { count } = await c.unary('KV.Range', { key: 'k1' }, { timeoutMs: 5000 });
      process.stdout.write(JSON.stringify({ count: String(count), ms: Date.now() - start }));
      c.close();
    `;
    process.kill(authed.pid, 'SIGSTOP');
    try {
      const r = runSync(process.execPath, ['--input-type=module', '-e', script], { inheritEnv: true, timeoutMs: 20_000 });
      assert.equal(r.code, 0, r.stderr);
      const { count, ms } = JSON.parse(r.stdout);
      assert.equal(count, '1');
      assert.ok(ms < 2000, `took ${ms} ms`);
    } finally {
      process.kill(authed.pid, 'SIGCONT');
    }
  });

  test('grpc-js writes nothing to stderr, even with its tracing switched on, and the process exits promptly', () => {
    const url = new URL('../../dist/v3/client/index.js', import.meta.url).href;
    const script = `
      const { Etcd } = await import(${JSON.stringify(url)});
      const cfg = { endpoints: ${JSON.stringify([hung.endpoint, `127.0.0.1:${deadPort}`, main.endpoint])}, dialTimeoutMs: 300, keepaliveTimeMs: 2000, keepaliveTimeoutMs: 6000 };
      const c = await Etcd.open(cfg);
      await c.unary('KV.Range', { key: 'k1' }, { timeoutMs: 5000 });
      await c.unary('KV.Put', { key: 'x', ignore_value: true }).catch(() => {});
      const dead = await Etcd.open({ ...cfg, endpoints: [${JSON.stringify(`127.0.0.1:${deadPort}`)}] });
      await dead.unary('KV.Range', { key: 'k1' }).catch(() => {});
      dead.close();
      c.close();
      process.stdout.write('done');
    `;
    const start = Date.now();
    const r = runSync(process.execPath, ['--input-type=module', '-e', script], {
      inheritEnv: true,
      env: { GRPC_VERBOSITY: 'DEBUG', GRPC_TRACE: 'all' },
      timeoutMs: 20_000,
    });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'done');
    assert.equal(r.code, 0);
    assert.ok(Date.now() - start < 5000, `took ${Date.now() - start} ms`);
  });
});

const OPENSSL = 'openssl';
const haveOpenssl = hasProgram(OPENSSL);

/** A throwaway CA, a server certificate valid for the name etcd.test only, and a client certificate. */
function makeCertificates(dir) {
  const run = (...args) => {
    const r = runSync(OPENSSL, args, { cwd: dir, inheritEnv: true });
    if (r.code !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  const leaf = (name, cn, ext) => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  };
  leaf('server', 'etcd.test', 'subjectAltName=DNS:etcd.test\nextendedKeyUsage=serverAuth\n');
  leaf('client', 'client', 'extendedKeyUsage=clientAuth\n');
  const read = (f) => readFileSync(join(dir, f));
  return { ca: read('ca.pem'), serverCert: join(dir, 'server.pem'), serverKey: join(dir, 'server.key'), caFile: join(dir, 'ca.pem'), cert: read('client.pem'), key: read('client.key'), otherKey: read('server.key') };
}

describe('gRPC adapter over TLS', { skip: (!haveEtcd || !haveOpenssl) && 'etcd or openssl missing' }, () => {
  let dir;
  let pki;
  let server;
  const quick = { dialTimeoutMs: 400 };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-tls-'));
    pki = makeCertificates(dir);
    const tls = { ca: pki.ca, cert: pki.cert, key: pki.key, serverName: 'etcd.test', insecureSkipVerify: false };
    server = await startEtcd('tls', ['--cert-file', pki.serverCert, '--key-file', pki.serverKey, '--client-cert-auth', '--trusted-ca-file', pki.caFile], tls);
  });

  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function rangeWith(endpoint, tls) {
    const c = await Etcd.open(config([endpoint], { ...quick, tls }));
    try {
      return await c.unary('KV.Range', { key: 'a' }, { timeoutMs: 1500 });
    } finally {
      c.close();
    }
  }

  test('CA, client certificate and server name: works', async () => {
    const res = await rangeWith(server.endpoint, { ca: pki.ca, cert: pki.cert, key: pki.key, serverName: 'etcd.test', insecureSkipVerify: false });
    assert.equal(res.count, 0n);
    await rangeWith(`https://${server.endpoint}`, { ca: pki.ca, cert: pki.cert, key: pki.key, serverName: 'etcd.test', insecureSkipVerify: false });
  });

  test('skipping verification accepts the server whatever its name', async () => {
    await rangeWith(server.endpoint, { cert: pki.cert, key: pki.key, insecureSkipVerify: true });
  });

  test('handshake failures are not reported specifically: the deadline passes', async () => {
    // 127.0.0.1 is not a name the certificate holds.
    await assertRejects(rangeWith(server.endpoint, { ca: pki.ca, cert: pki.cert, key: pki.key, insecureSkipVerify: false }), 'context deadline exceeded');
    // No client certificate.
    await assertRejects(rangeWith(server.endpoint, { ca: pki.ca, serverName: 'etcd.test', insecureSkipVerify: false }), 'context deadline exceeded');
    // Plaintext to a TLS server: no TLS config, or http:// overriding it.
    await assertRejects(rangeWith(server.endpoint, undefined), 'context deadline exceeded');
    await assertRejects(rangeWith(`http://${server.endpoint}`, { ca: pki.ca, cert: pki.cert, key: pki.key, serverName: 'etcd.test', insecureSkipVerify: false }), 'context deadline exceeded');
  });

  test('a key that does not match its certificate is refused before dialing, in Go’s words', async () => {
    await assert.rejects(
      Etcd.open(config([server.endpoint], { tls: { cert: pki.cert, key: pki.otherKey, insecureSkipVerify: false } })),
      (err) => err instanceof TlsConfigError && err.message === 'tls: private key does not match public key',
    );
  });
});
