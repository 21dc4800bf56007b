// lease grant|revoke|timetolive|list|keep-alive against a real etcd, compared with the reference etcdctl.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hasReference } from '../helpers/etcd.mjs';
import { serverForSuite } from '../helpers/suite.mjs';
import { both, ours, reference, withoutZapLines } from '../helpers/run.mjs';
import { sameAsReference } from '../helpers/compare.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';

describe('lease', { skip }, () => {
  let etcd;
  let env;
  serverForSuite((server) => ({ etcd, env } = server));

  const same = (args, normalize = (s) => s) => sameAsReference(args, { env, stdout: normalize });

  const grant = async (ttl) => (await reference(['lease', 'grant', String(ttl)], { env })).stdout.split(' ')[1];

  test('argument errors', async () => {
    for (const args of [
      ['lease', 'grant'], ['lease', 'grant', 'abc'], ['lease', 'grant', '99999999999999999999'],
      ['lease', 'revoke'], ['lease', 'revoke', 'xyz'], ['lease', 'revoke', 'ffffffffffffffff'],
      ['lease', 'timetolive'], ['lease', 'timetolive', 'g'], ['lease', 'keep-alive'], ['lease', 'keep-alive', 'zz'],
      ['lease', 'keep-alive', '1', '2'],
    ]) await same(args);
  });

  test('grant in every format (lease IDs differ)', async () => {
    const ids = (s) => s.replace(/lease [0-9a-f]{16}/g, 'lease ID').replace(/"ID":\d+/g, '"ID":N').replace(/"ID" : \d+/g, '"ID" : N').replace(/"revision":\d+|"Revision" : \d+/g, 'REV');
    for (const w of ['simple', 'json', 'fields']) await same(['lease', 'grant', '100', '-w', w], ids);
    const pb = await both(['lease', 'grant', '100', '-w', 'protobuf'], { env });
    assert.equal(pb.ours.stdoutBytes.length, pb.ref.stdoutBytes.length);
    const table = await ours(['lease', 'grant', '100', '-w', 'table'], { env });
    assert.equal(table.code, 4);
    assert.equal(table.stderr, 'Error: table not supported as output format\n');
  });

  test('timetolive, list and keep-alive --once of the same lease', async () => {
    const id = await grant(300);
    await reference(['put', '--lease=' + id, 'lk1', 'v'], { env });
    const ttl = (s) => s.replace(/remaining\(\d+s\)/, 'remaining(Ns)').replace(/"ttl":\d+/, '"ttl":N').replace(/"TTL" : 29\d/, '"TTL" : N');
    for (const w of ['simple', 'json', 'fields']) {
      await same(['lease', 'timetolive', id, '-w', w], ttl);
      await same(['lease', 'timetolive', id, '--keys', '-w', w], ttl);
      await same(['lease', 'list', '-w', w]);
      await same(['lease', 'keep-alive', '--once', id, '-w', w]);
    }
    for (const args of [['lease', 'timetolive', id, '--keys'], ['lease', 'list'], ['lease', 'keep-alive', '--once', id]]) {
      const pb = await both([...args, '-w', 'protobuf'], { env });
      assert.deepEqual(pb.ours.stdoutBytes, pb.ref.stdoutBytes, args.join(' '));
    }
    await same(['lease', 'timetolive', '1234']);
    await same(['lease', 'timetolive', '1234', '-w', 'json']);
    await same(['lease', 'timetolive', '--', '-5']);
    await same(['lease', 'keep-alive', '--once', '1234']);
    await same(['lease', 'keep-alive', '1234']);
    await same(['lease', 'keep-alive', '1234', '-w', 'json']);
  });

  test('revoke; protobuf and table are refused before the lease is revoked', async () => {
    const id = await grant(300);
    for (const w of ['protobuf', 'table']) {
      const r = await ours(['lease', 'revoke', id, '-w', w], { env });
      assert.equal(r.code, 4);
      assert.equal(r.stderr, `Error: ${w} not supported as output format\n`);
    }
    const alive = await ours(['lease', 'timetolive', id], { env });
    assert.match(alive.stdout, /granted with TTL\(300s\)/);
    const o = await ours(['lease', 'revoke', id], { env });
    assert.equal(o.stdout, `lease ${id} revoked\n`);
    await same(['lease', 'revoke', id]);
    const id2 = await grant(300);
    const j = await ours(['lease', 'revoke', id2, '-w', 'json'], { env });
    assert.match(j.stdout, /^\{"header":\{"cluster_id":\d+,"member_id":\d+,"revision":\d+,"raft_term":\d+\}\}\n$/);
  });

  test('continuous keep-alive ends with the lease', async () => {
    const id = await grant(3);
    const run = ours(['lease', 'keep-alive', id], { env, timeoutMs: 15000 });
    await new Promise((r) => setTimeout(r, 1500));
    await reference(['lease', 'revoke', id], { env });
    const r = await run;
    assert.equal(r.code, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.length >= 2, r.stdout);
    for (const l of lines.slice(0, -1)) assert.equal(l, `lease ${id} keepalived with TTL(3)`);
    assert.equal(lines.at(-1), `lease ${id} expired or revoked.`);
  });

  test('keep-alive gives up on an unreachable endpoint instead of hanging', async () => {
    const r = await ours(['--endpoints=127.0.0.1:1', 'lease', 'keep-alive', '1234'], { timeoutMs: 15000 });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'lease 0000000000001234 expired or revoked.\n');
    const once = await ours(['--endpoints=127.0.0.1:1', 'lease', 'keep-alive', '--once', '1234'], { timeoutMs: 15000 });
    assert.equal(once.code, 2);
    assert.equal(withoutZapLines(once.stderr), 'Error: context deadline exceeded\n');
  });
});
