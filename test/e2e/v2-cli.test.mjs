// ETCDCTL_API=2 without a server: help texts, version, usage errors, unknown commands, endpoint and TLS
// setup errors. Each case runs the reference etcdctl and ours and compares stdout, stderr and exit code.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hasReference } from '../helpers/etcd.mjs';
import { runOurs, sameAsReference } from '../helpers/v2-compare.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';

const LEAVES = [
  'backup', 'cluster-health', 'mk', 'mkdir', 'rm', 'rmdir', 'get', 'ls', 'set', 'setdir', 'update', 'updatedir', 'watch',
  'exec-watch', 'member list', 'member add', 'member remove', 'member update', 'user add', 'user get', 'user list',
  'user remove', 'user grant', 'user revoke', 'user passwd', 'role add', 'role get', 'role list', 'role remove',
  'role grant', 'role revoke', 'auth enable', 'auth disable',
];
const GROUPS = ['member', 'user', 'role', 'auth'];

describe('v2 help and version', { skip, concurrency: 4 }, () => {
  for (const args of [[], ['--help'], ['-h'], ['help'], ['h'], ['--version'], ['-v'], ['--version', 'get'], ['--debug'], ['--help=false'], ['--version=false']]) {
    test(`etcdctl ${args.join(' ')}`, () => sameAsReference(args));
  }
  for (const path of LEAVES) {
    test(`${path}: --help, -h, help`, async () => {
      const words = path.split(' ');
      await sameAsReference([...words, '--help']);
      await sameAsReference([...words, '-h']);
      if (words.length === 1) await sameAsReference(['help', ...words]);
      else await sameAsReference([words[0], 'help', words[1]]);
    });
  }
  for (const g of GROUPS) {
    test(`group ${g}: bare, -h, help, help help, help ${g}`, async () => {
      for (const args of [[g], [g, '-h'], [g, 'help'], [g, 'h'], [g, 'help', 'help'], ['help', g], ['help', g, 'x'], [g, '-h', 'list'], [g, '--', 'help']]) {
        await sameAsReference(args);
      }
    });
  }
  test('the help command itself', async () => {
    for (const args of [['help', 'help'], ['h', 'h'], ['help', '-h'], ['help', 'set', 'extra'], ['help', 'get', '-x']]) await sameAsReference(args);
  });
});

describe('v2 usage errors', { skip, concurrency: 4 }, () => {
  const cases = [
    ['foo'], ['--debug', 'foo'], ['help', 'nosuch'], ['member', 'bogus'], ['member', 'help', 'nosuch'],
    ['--bogus'], ['-o'], ['--debug=maybe', 'get'], ['--timeout', '5', 'get'], ['--total-timeout=abc', 'get'],
    ['---x', 'get'], ['-=x'], ['--ttl', '5'],
    ['member', '--bogus'], ['member', 'list', '--bogus'], ['member', 'list', '-h=false', '--x'],
    ['help', '--bogus'], ['member', 'help', '--bogus'],
    ['set', '--ttl', 'abc', '/foo', 'bar'], ['set', '--ttl'], ['set', '--ttl', '99999999999999999999', '/k', 'v'],
    ['set', '--swap-with-index', '1.5', '/k', 'v'], ['get', '--bogus', '/foo'], ['get', '--sort=maybe', '/x'],
    ['ls', '-x'], ['watch', '--index', '5', '/k'], ['user', 'grant', '--roles'], ['role', 'grant', '--path'],
    ['exec-watch', '--after-index=x', '/k', 'cmd'],
  ];
  for (const args of cases) test(`etcdctl ${args.join(' ')}`, () => sameAsReference(args));
});

describe('v2: a dash-word right after a boolean flag is parsed as a flag, even after the key', { skip, concurrency: 4 }, () => {
  // urfave/cli moves the word after a flag written without `=` to the flags, as its possible value; after a
  // boolean flag Go's flag package then refuses it when it is not a flag. Elsewhere after the key it stays an
  // argument (`set /k -1` stores "-1"), so those cases reach the (dead) endpoint.
  const dead = ['--no-sync', '--endpoints', 'http://127.0.0.1:1'];
  const cases = [
    ['get', '/foo', '--quorum', '--bogus'], ['get', '/foo', '-q', '--bogus'], ['get', '/foo', '--sort', '--bogus=1'],
    ['get', '/foo', '--quorum', '--sort', '--bogus'], ['get', '/foo', '--quorum', '-1'], ['get', '/foo', '--quorum', '---x'],
    ['get', '/foo', '---quorum'], ['get', '/foo', '-h', '--bogus'], ['ls', '/', '-r', '--bogus'], ['ls', '/', '-p', '-x'],
    ['rm', '/k', '--dir', '--bogus'], ['mk', '/k', '--in-order', '--bogus', 'v'], ['watch', '/k', '--forever', '--bogus'],
    ['exec-watch', '/k', '--recursive', '--bogus', '--', 'echo', 'hi'], ['cluster-health', '--forever', '--bogus'],
    ['role', 'grant', 'r', '--path', '/a', '--readwrite', '--bogus'], ['set', '/k', 'v', '--ttl', '--bogus'],
    // not after a bare boolean flag: arguments, as in etcdctl
    ['get', '/foo', '--bogus'], ['get', '/foo', '--quorum=true', '--bogus'], ['get', '/foo', '---x'],
    ['get', '/foo', '--quorum', '--', '--bogus'], ['set', '/k', 'v', '--ttl', '5', '--bogus'], ['set', '/k', '-1'],
  ];
  for (const args of cases) test(`etcdctl ${args.join(' ')}`, () => sameAsReference([...dead, ...args]));
});

describe('v2 argument checks made before any network', { skip, concurrency: 4 }, () => {
  const cases = [
    ['member', 'list', 'extra'], ['member', 'add', 'x'], ['member', 'remove'], ['member', 'update', 'x'],
    ['user', 'list', 'x'], ['user', 'add'], ['user', 'get', 'a', 'b'], ['user', 'grant', 'foo'], ['user', 'revoke'],
    ['role', 'list', 'x'], ['role', 'add'], ['role', 'get'], ['role', 'grant', '--read', 'r'],
    ['role', 'grant', '--path', 'foo', '--read', 'r'], ['role', 'grant', '--path', '/a//b/', '--read', 'r'],
    ['role', 'grant', '--path', '/a', 'r'], ['role', 'revoke', '--path', '/a', '--read', '--rw', 'r'],
    ['role', 'grant', '--path', '/a', '--read'], ['auth', 'enable', 'x'], ['auth', 'disable', 'x'],
  ];
  for (const args of cases) test(`etcdctl ${args.join(' ')}`, () => sameAsReference(args));
});

describe('v2 endpoint and TLS setup errors', { skip, concurrency: 4 }, () => {
  const cases = [
    ['--endpoints', '127.0.0.1:2379', 'get', '/x'],
    ['--endpoints', 'http://127.0.0.1:1, http://127.0.0.1:2', 'get', '/x'],
    ['--endpoints', 'http://h:p:q', 'get', '/x'],
    ['--endpoints', 'http://127.0.0.1:1', '--cert-file', '/nonexistent.crt', 'get', '/x'],
    ['--endpoints', 'http://127.0.0.1:1', '--key-file', '/nonexistent.key', 'get', '/x'],
    ['--endpoints', 'http://127.0.0.1:1', '--ca-file', '/nonexistent', 'get', '/x'],
    ['--endpoints', 'http://127.0.0.1:1', '--cert-file', '/nonexistent.crt', 'cluster-health'],
  ];
  for (const args of cases) test(`etcdctl ${args.join(' ')}`, () => sameAsReference(args));
  test('ETCDCTL_CERT_FILE without a key', () => sameAsReference(['--endpoints', 'http://127.0.0.1:1', 'get', '/x'], { env: { ETCDCTL_CERT_FILE: '/x.crt' } }));
});

describe('v2 unreachable endpoints', { skip }, () => {
  const dead = 'http://127.0.0.1:1';
  const cases = [
    ['--endpoints', dead, 'get', '/foo'],
    ['--no-sync', '--endpoints', dead, 'get', '/foo'],
    ['--no-sync', '--endpoints', dead, '-o', 'json', 'get', '/foo'],
    ['--endpoints', dead, 'set'],
    ['--endpoints', dead, 'member', 'list'],
    ['--no-sync', '--endpoints', dead, 'member', 'list'],
    ['--no-sync', '--endpoints', dead, 'user', 'list'],
    ['--no-sync', '--endpoints', dead, 'mk', '/k', 'v'],
    ['--no-sync', '--endpoints', dead, 'rm', '/k'],
    ['--endpoints', dead, 'cluster-health'],
    ['--debug', '--endpoints', dead, 'cluster-health'],
    ['--endpoints', dead, 'watch', '/k'],
    ['--no-sync', '--endpoints', 'localhost:2379', 'get', '/x'],
    ['--endpoints', dead, '--total-timeout', '0', 'get', '/x'],
  ];
  for (const args of cases) test(`etcdctl ${args.join(' ')}`, () => sameAsReference(args));
  test('two dead endpoints: one ClusterError entry each (order is random)', () =>
    sameAsReference(['--debug', '--endpoints', `${dead},http://127.0.0.1:2`, 'get', '/foo'], { sets: true }));
  test('ETCDCTL_ENDPOINTS outranks --endpoint and --peers', async () => {
    for (const flag of ['--endpoint', '--peers', '-C']) {
      await sameAsReference([flag, 'http://127.0.0.1:3', 'get', '/x'], { env: { ETCDCTL_ENDPOINTS: dead } });
    }
    await sameAsReference(['get', '/x'], { env: { ETCDCTL_ENDPOINT: dead, ETCDCTL_PEERS: 'http://127.0.0.1:3' } });
  });
});

describe('v2 parsing where we deliberately differ from the Debian build', () => {
  test('ls -p /doc -r applies both flags (no server needed to see the flags are accepted)', async () => {
    const r = await runOurs(['--no-sync', '--debug', '--endpoints', 'http://127.0.0.1:1', 'ls', '-p', '/doc', '-r']);
    assert.match(r.stderr, /recursive=true/);
  });
  test('set /k --ttl 100 v sends ttl 100 for key /k', async () => {
    const r = await runOurs(['--no-sync', '--debug', '--endpoints', 'http://127.0.0.1:1', 'set', '/k', '--ttl', '100', 'v']);
    assert.match(r.stderr, /curl -X PUT http:\/\/127\.0\.0\.1:1\/v2\/keys\/k -d "ttl=100&value=v"/);
  });
  test('exec-watch /k -- cmd args watches /k', async () => {
    const r = await runOurs(['--no-sync', '--debug', '--endpoints', 'http://127.0.0.1:1', 'exec-watch', '/k', '--', 'echo', 'hi']);
    assert.match(r.stderr, /\/v2\/keys\/k\?recursive=false&wait=true&waitIndex=0/);
    assert.equal(r.code, 4);
  });
  test('get -q /doc/c --sort sends sorted=true', async () => {
    const r = await runOurs(['--no-sync', '--debug', '--endpoints', 'http://127.0.0.1:1', 'get', '-q', '/doc/c', '--sort']);
    assert.match(r.stderr, /quorum=true&recursive=false&sorted=true/);
  });
});
