// snapshot status / restore through bin/etcdctl, compared with the reference on the same snapshot file.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, hasReference } from '../helpers/etcd.mjs';
import { both, ours, reference } from '../helpers/run.mjs';
import { normalizeZap, zapMessages } from '../helpers/zap.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';

describe('snapshot status and restore (CLI)', { skip }, () => {
  let dir;
  let snap;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'snapcli-'));
    snap = join(dir, 'snap.db');
    const etcd = await startEtcd({ members: 1 });
    try {
      const env = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
      for (let i = 0; i < 20; i++) await ours(['put', `k${i}`, `v${i}`], { env });
      const r = await reference(['snapshot', 'save', snap], { env });
      assert.equal(r.code, 0, r.stderr);
    } finally {
      await etcd.stop();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const w of ['simple', 'json', 'fields', 'table', 'protobuf', 'yaml']) {
    test(`snapshot status -w ${w}`, async () => {
      const { ours: o, ref: r } = await both(['snapshot', 'status', snap, '-w', w]);
      assert.equal(o.stdout, r.stdout);
      assert.equal(o.stderr, r.stderr);
      assert.equal(o.code, r.code);
    });
  }

  test('ETCDCTL_WRITE_OUT is not read by snapshot status (as etcdctl)', async () => {
    const { ours: o, ref: r } = await both(['snapshot', 'status', snap], { env: { ETCDCTL_WRITE_OUT: 'json' } });
    assert.equal(o.stdout, r.stdout);
  });

  test('argument and file errors', async () => {
    for (const args of [
      ['snapshot', 'status'], ['snapshot', 'status', join(dir, 'missing.db')], ['snapshot', 'restore'],
      ['snapshot', 'restore', join(dir, 'missing.db'), '--data-dir', join(dir, 'never.etcd')],
    ]) {
      const { ours: o, ref: r } = await both(args);
      assert.equal(normalizeZap(o.stderr), normalizeZap(r.stderr), args.join(' '));
      assert.equal(o.code, r.code, args.join(' '));
    }
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.alloc(10000, 7));
    const g = await ours(['snapshot', 'status', garbage]);
    assert.equal(g.code, 1);
    assert.match(g.stderr, /^Error: .+\n$/);
  });

  test('restore writes the same WAL and .snap as the reference, and refuses an existing data dir', async () => {
    const flags = ['--name', 'n1', '--initial-cluster', 'n1=http://127.0.0.1:2380', '--initial-advertise-peer-urls', 'http://127.0.0.1:2380'];
    const mine = join(dir, 'ours.etcd');
    const theirs = join(dir, 'ref.etcd');
    const o = await ours(['snapshot', 'restore', snap, '--data-dir', mine, ...flags]);
    assert.equal(o.code, 0, o.stderr);
    assert.equal(o.stdout, '');
    const r = await reference(['snapshot', 'restore', snap, '--data-dir', theirs, ...flags]);
    assert.equal(r.code, 0);
    // The same zap log lines on stderr, in the same order (the timestamps are our own).
    assert.equal(normalizeZap(o.stderr, [[mine, 'DIR']]), normalizeZap(r.stderr, [[theirs, 'DIR']]));
    assert.deepEqual(zapMessages(o.stderr), ['restoring snapshot', 'added member', 'restored snapshot']);
    const wal = 'member/wal/0000000000000000-0000000000000000.wal';
    const snapFile = 'member/snap/0000000000000001-0000000000000001.snap';
    assert.ok(readFileSync(join(mine, wal)).equals(readFileSync(join(theirs, wal))), 'WAL differs');
    assert.ok(readFileSync(join(mine, snapFile)).equals(readFileSync(join(theirs, snapFile))), '.snap differs');
    const again = await ours(['snapshot', 'restore', snap, '--data-dir', mine, ...flags]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `Error: data-dir "${mine}" exists\n`);
    assert.ok(existsSync(join(mine, 'member/snap/db')));
  });
});
