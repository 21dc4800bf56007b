// Process-level behaviour that needs no server: help, argument and flag errors, ETCDCTL_API, exit codes.
// Each case runs the reference etcdctl and ours with the same argv and compares stdout, stderr and the code.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { both, normalizeZap, ours } from '../helpers/run.mjs';
import { asPrinted, sameAsReference } from '../helpers/compare.mjs';
import { hasReference } from '../helpers/etcd.mjs';

const REF = hasReference();
const skip = REF ? false : 'reference etcdctl not installed';

// Flags newer etcdctl versions added and we accept; their help lines are ours alone.
const NEWER_FLAG = /^\s+--(count-only|min-mod-rev|max-mod-rev|min-create-rev|max-create-rev|range|progress-notify|dest-user|dest-password|bump-revision|mark-compacted|initial-memory-map-size|stream|max-txn-ops)\b/;
// Newer flags whose names other commands had in 3.4.23 already: only in the help of the command named here.
const NEWER_FLAG_OF = { 'member list': /^\s+--consistency=/, 'make-mirror': /^\s+--rev=/ };
const helpName = (s) => /^NAME:\n\t(.+?) - /.exec(s)?.[1];
const withoutNewerFlags = (s) => {
  const own = NEWER_FLAG_OF[helpName(s)];
  return s.split('\n').filter((l) => !NEWER_FLAG.test(l) && !own?.test(l)).join('\n');
};
// Commands newer etcdctl versions added, as the root help lists them and as their group's help does.
const NEWER_COMMAND = /^\t(auth status|options|downgrade (cancel|enable|validate))\t/;
const NEWER_IN_GROUP = { auth: /^\tstatus\t/ };
const withoutNewer = (args) => (s) =>
  withoutNewerFlags(s).split('\n').filter((l) => !NEWER_COMMAND.test(l) && !NEWER_IN_GROUP[args[0]]?.test(l)).join('\n');

// Usage texts list the newer flags and commands we have; everything else must be etcdctl's to the byte.
const same = (args, env = {}) =>
  sameAsReference(args, { env, label: `etcdctl ${args.join(' ')}`, stdout: { ours: withoutNewer(args) }, stderr: asPrinted });

const V3_PATHS = [
  'alarm disarm', 'alarm list', 'auth disable', 'auth enable', 'check datascale', 'check perf', 'compaction',
  'defrag', 'del', 'elect', 'endpoint hashkv', 'endpoint health', 'endpoint status', 'get', 'lease grant',
  'lease keep-alive', 'lease list', 'lease revoke', 'lease timetolive', 'lock', 'make-mirror', 'member add',
  'member list', 'member promote', 'member remove', 'member update', 'migrate', 'move-leader', 'put', 'role add',
  'role delete', 'role get', 'role grant-permission', 'role list', 'role revoke-permission', 'snapshot restore',
  'snapshot save', 'snapshot status', 'txn', 'user add', 'user delete', 'user get', 'user grant-role', 'user list',
  'user passwd', 'user revoke-role', 'version', 'watch',
];
const GROUPS = ['alarm', 'auth', 'check', 'completion', 'endpoint', 'lease', 'member', 'role', 'snapshot', 'user'];


describe('v3 help', { skip }, () => {
  const HELP_CASES = [
    [], ['--help'], ['-h'], ['help'], ['help', 'get'], ['help', 'member', 'list'], ['help', 'nosuch'],
    // the help command is a command with flags: -h shows its own help, a bad flag is its usage error
    ['help', 'help'], ['help', '--help'], ['help', '-h', 'get'], ['help', 'get', '--help'], ['help', '--bogus'],
    ['help', '--hex=bad', 'get'], ['help', '--endpoints'], ['help', '--', 'get'], ['help', '-w', 'json', 'get'],
  ];
  for (const args of HELP_CASES) {
    test(`etcdctl ${args.join(' ')}`, () => same(args));
  }
  for (const g of GROUPS) {
    test(`group ${g}`, async () => {
      await same([g]);
      await same([g, '--help']);
      await same([g, 'nosuchsub']);
    });
  }
  for (const p of V3_PATHS) {
    test(`etcdctl ${p} --help`, async () => {
      const { ours: o, ref: r } = await both([...p.split(' '), '--help']);
      assert.equal(withoutNewerFlags(o.stdout), withoutNewerFlags(r.stdout));
      assert.equal(o.code, r.code);
    });
  }
  test('prefixes resolve like cobra (mem li --help, endpoint st --help)', async () => {
    await same(['mem', 'li', '--help']);
    await same(['endpoint', 'st', '--help']);
    await same(['endpoint', 'h']);
  });
});

describe('v3 argument and flag errors', { skip }, () => {
  const cases = [
    ['foo'],
    ['m'],
    ['c'],
    ['ge', '--bogus', 'x'],
    ['get', '--bogus', 'foo'],
    ['get', '-x', 'foo'],
    ['get', '--limit', 'abc', 'foo'],
    ['get', '--limit'],
    ['get', '--prefix=maybe', 'foo'],
    ['--dial-timeout', 'abc', 'get', 'foo'],
    ['--command-timeout=5', 'get', 'foo'],
    ['get', '-w'],
    ['--bogus'],
  ];
  for (const args of cases) test(`etcdctl ${args.join(' ')}`, () => same(args));

  test('-w yaml is rejected before connecting', async () => {
    const o = await same(['--endpoints=127.0.0.1:1', '-w', 'yaml', 'get', 'foo']);
    assert.equal(o.code, 4);
    assert.equal(o.stderr, 'Error: unsupported output format\n');
  });
});

describe('ETCDCTL_API', { skip }, () => {
  for (const v of ['4', 'abc', '3.0', 'v3', ' 3']) {
    test(`ETCDCTL_API=${JSON.stringify(v)}`, async () => {
      const o = await same(['get', 'foo'], { ETCDCTL_API: v });
      assert.equal(o.code, 1);
      assert.equal(o.stderr, `unsupported API version ${v}\n`);
    });
  }
  test('ETCDCTL_API=3 and empty select v3', async () => {
    await same(['version'], { ETCDCTL_API: '3' });
    await same(['version'], { ETCDCTL_API: '' });
  });
});

test('never a stack trace: an unreachable endpoint times out with etcdctl\'s line', { skip, timeout: 30000 }, async () => {
  const args = ['--endpoints=127.0.0.1:1', '--dial-timeout=1s', '--command-timeout=2s', 'get', 'foo'];
  const { ours: o, ref: r } = await both(args);
  assert.equal(o.code, r.code);
  assert.equal(o.stdout, '');
  assert.equal(normalizeZap(o.stderr), normalizeZap(r.stderr));
  assert.match(o.stderr, /\nError: context deadline exceeded\n$/);
});

test('version works without a server and without a terminal', async () => {
  const o = await ours(['version']);
  assert.equal(o.code, 0);
  assert.equal(o.stdout, 'etcdctl version: 3.4.23\nAPI version: 3.4\n');
  assert.equal(o.stderr, '');
});

describe('v2-only commands with ETCDCTL_API unset', { skip }, () => {
  test('the reference\'s error, then which API has the command and how to switch', async () => {
    const { ours: o, ref: r } = await both(['cluster-health']);
    assert.equal(o.code, r.code);
    assert.equal(o.stdout, '');
    assert.equal(o.stderr, r.stderr + '"cluster-health" is a command of the v2 API (ETCDCTL_API=2); to use it: ETCDCTL_API=2 etcdctl cluster-health …\n');
  });
  test('no hint when ETCDCTL_API=3 was chosen explicitly', async () => {
    await same(['mkdir', '/x'], { ETCDCTL_API: '3' });
  });
});
