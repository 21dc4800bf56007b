// `etcdctl check health` (ours): the verdict and exit code on a real 3-member cluster as members go away,
// and the NOSPACE alarm of a member with a tiny quota.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEtcd } from '../helpers/etcd.mjs';
import { ours } from '../helpers/run.mjs';

const args = (etcd, ...rest) => ['--endpoints', etcd.endpoints.join(','), '--command-timeout=2s', 'check', 'health', ...rest];

describe('check health on a 3-member cluster', () => {
  let etcd;
  before(async () => { etcd = await startEtcd({ members: 3 }); });
  after(() => etcd?.stop());

  test('healthy: exit 0, one line per check, nothing on stderr', async () => {
    const r = await ours(args(etcd));
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0, r.stdout);
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => l.split(':')[0].trim().split(/\s+/)[1]).slice(0, 6), ['members', 'leader', 'raft-lag', 'alarms', 'db-size', 'hashkv']);
    assert.match(lines.at(-1), /^HEALTHY: 6 ok, 0 warning\(s\), 0 error\(s\)$/);
    assert.match(r.stdout, /all 3 members agree at revision \d+/);
  });

  test('json and table formats; fields is rejected', async () => {
    const j = await ours(args(etcd, '-w', 'json'));
    assert.equal(j.code, 0);
    const parsed = JSON.parse(j.stdout);
    assert.equal(parsed.verdict, 'healthy');
    assert.equal(parsed.checks.length, 6);
    const t = await ours(args(etcd, '-w', 'table'));
    assert.equal(t.code, 0);
    assert.match(t.stdout, /^\+-+\+/);
    const f = await ours(args(etcd, '-w', 'fields'));
    assert.equal(f.code, 4);
    assert.equal(f.stderr, 'Error: fields not supported as output format\n');
  });

  test('--cluster discovers the members from one endpoint', async () => {
    const r = await ours(['--endpoints', etcd.endpoints[0], '--command-timeout=2s', 'check', 'health', '--cluster']);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /3 of 3 endpoints reachable/);
  });

  test('one member stopped: degraded (exit 1), quorum kept', async () => {
    await etcd.stopMember(2);
    const r = await ours(args(etcd));
    assert.equal(r.code, 1, r.stdout);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^WARNING members: 2 of 3 endpoints reachable; unreachable: 127\.0\.0\.1:\d+ .*\(quorum kept\)$/m);
    assert.match(r.stdout.trimEnd().split('\n').at(-1), /^DEGRADED: /);
  });

  test('two members stopped: unhealthy (exit 2)', async () => {
    await etcd.stopMember(1);
    const r = await ours(args(etcd));
    assert.equal(r.code, 2, r.stdout);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /\(quorum lost\)/);
    assert.match(r.stdout.trimEnd().split('\n').at(-1), /^UNHEALTHY: /);
  });
});

test('NOSPACE alarm makes the cluster unhealthy', async () => {
  const etcd = await startEtcd({ members: 1, extraArgs: ['--quota-backend-bytes', String(256 * 1024)] });
  try {
    const value = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 20; i++) {
      const r = await ours(['--endpoints', etcd.endpoints[0], 'put', `big/${i}`, value]);
      if (r.code !== 0) break;
    }
    const r = await ours(args(etcd, '--quota-backend-bytes', String(256 * 1024)));
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stdout, /^ERROR {3}alarms: NOSPACE on [0-9a-f]+ \(m0\)/m);
  } finally {
    await etcd.stop();
  }
});
