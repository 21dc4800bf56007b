// A large `get` is read in pages at one revision. Two things single-Range etcdctl never had to care about:
// writes landing between pages must not show (every page is read at the first page's revision), and the member
// serving the read dying between pages must not end it (the next page goes to another member at that revision).
// A reader that pauses holds the read back between pages, so the test decides what happens in between.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasReference } from '../../helpers/etcd.mjs';
import { OUR_ETCDCTL, reference, start, withoutZapLines } from '../../helpers/run.mjs';
import { putKeys } from '../../helpers/fill.mjs';
import { startCluster, waitForLeader, writeKeys } from '../../helpers/faults.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const PREFIX = '/paged/';
// About 20 MB: several 4 MiB pages after the first thousand keys.
const COUNT = 20_000;

/** Runs ours with a reader that stops after the first output until `between()` is done, then reads the rest. */
function readPausing(args, between) {
  const reader = start(OUR_ETCDCTL, args, { timeoutMs: 0 });
  const { stdout } = reader.proc;
  return new Promise((resolve, reject) => {
    stdout.once('data', () => {
      stdout.pause();
      between().then(() => stdout.resume(), reject);
    });
    reader.done.then(({ code, stdoutBytes, stderr }) => resolve({ code, stdout: stdoutBytes, stderr }), reject);
  });
}

describe('get in pages on a 3-member cluster', { skip, timeout: 240_000 }, () => {
  let etcd;
  before(async () => {
    etcd = await startCluster({ members: 3 });
    await putKeys(etcd.clientUrls[0], { prefix: PREFIX, count: COUNT, valueBytes: 1024 });
  });
  after(() => etcd?.stop());

  test('writes between pages do not show: every page is read at the first page\'s revision', async () => {
    const endpoints = etcd.endpoints.join(',');
    const o = await readPausing(['--endpoints', endpoints, 'get', '--prefix', PREFIX, '-w', 'json'], async () => {
      // New keys all through the range, and changes to keys not read yet.
      const { failed } = await writeKeys(etcd.endpoints, `${PREFIX}1`, 300);
      assert.equal(failed, 0);
    });
    assert.equal(o.code, 0, o.stderr);
    const text = o.stdout.toString();
    const revision = /"revision":(\d+)/.exec(text)?.[1];
    assert.ok(revision, text.slice(0, 300));
    const r = await reference(['--endpoints', endpoints, 'get', '--prefix', PREFIX, '-w', 'json', '--rev', revision], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    // The headers differ (the reference's is of its own, later read); the key-values and count may not.
    const body = (s) => s.slice(s.indexOf('"kvs":'));
    assert.ok(body(text) === body(r.stdout), 'the pages hold the range as of the first page\'s revision');
    assert.match(text, new RegExp(`"count":${COUNT}}`));
  });

  test('the serving member killed between pages: the read goes on at another member, the output whole', async () => {
    const leader = await waitForLeader(etcd);
    // The first endpoint serves the read; take a follower so that the cluster keeps its leader.
    const first = (leader + 1) % 3;
    const order = [first, ...[0, 1, 2].filter((i) => i !== first)].map((i) => etcd.endpoints[i]).join(',');
    const expected = await reference(['--endpoints', order, 'get', '--prefix', PREFIX], { timeoutMs: 60_000 });
    assert.equal(expected.code, 0, expected.stderr);
    try {
      const o = await readPausing(['--endpoints', order, 'get', '--prefix', PREFIX], async () => {
        await etcd.stopMember(first, 'SIGKILL');
        await sleep(200);
      });
      assert.equal(o.code, 0, o.stderr);
      assert.equal(withoutZapLines(o.stderr), '');
      assert.ok(o.stdout.equals(expected.stdoutBytes), `${o.stdout.length} bytes against ${expected.stdoutBytes.length}`);
    } finally {
      await etcd.startMember(first);
    }
  });
});
