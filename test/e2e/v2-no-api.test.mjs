// ETCDCTL_API=2 against a server without the v2 API: etcd 3.4 and 3.5 started with --enable-v2=false, and
// every etcd from 3.6 on (which removed the v2 API and its flag). Every command ends at once with etcdctl's own
// error and exit code, never a hang, and then our one-line hint says what to do on that release.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEtcd, hasReference, SERVER_HAS_V2, serverVersionString } from '../helpers/etcd.mjs';
import { runOurs, runRef, withoutStty } from '../helpers/v2-compare.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';

/** What follows etcdctl's error: how to get the v2 API on releases that have it, the v3 API on those that do not. */
function expectedHint() {
  if (SERVER_HAS_V2) return 'hint: this server does not serve the v2 API; start etcd with --enable-v2=true, or use ETCDCTL_API=3\n';
  return `hint: this server is etcd ${serverVersionString()}, which has no v2 API (etcd 3.6 removed it); use ETCDCTL_API=3\n`;
}

describe('a server without the v2 API', { skip }, () => {
  let bare;
  let hint;
  before(async () => {
    // The flag is dropped for releases that no longer have it (test/helpers/etcd.mjs).
    bare = await startEtcd({ members: 1, extraArgs: ['--enable-v2=false'] });
    hint = expectedHint();
  });
  after(async () => {
    await bare?.stop();
  });
  const cases = [
    ['get', '/x'], ['-o', 'json', 'set', '/x', 'v'], ['mkdir', '/d'], ['ls', '/'], ['rm', '/x'], ['watch', '/x'],
    ['exec-watch', '/x', '--', 'true'], ['member', 'list'], ['cluster-health'], ['user', 'list'], ['auth', 'enable'],
    ['role', 'list'], ['role', 'add', 'r'], ['user', 'get', 'x'],
  ];
  for (const args of cases) {
    test(`${args.join(' ')}: etcdctl's error and exit code, then our one-line hint`, async () => {
      const full = ['--endpoints', bare.clientUrls[0], ...args];
      const started = Date.now();
      const ref = await runRef(full, { timeoutMs: 15000 });
      const ours = await runOurs(full, { timeoutMs: 15000 });
      assert.notEqual(ref.code, 0, `the reference fails: ${ref.stderr}`);
      assert.equal(ours.stdout, ref.stdout);
      assert.equal(ours.stderr, withoutStty(ref.stderr) + hint);
      assert.equal(ours.code, ref.code);
      assert.ok(Date.now() - started < 10000, 'neither waits for a timeout');
    });
  }
});
