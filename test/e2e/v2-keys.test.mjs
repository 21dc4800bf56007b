// ETCDCTL_API=2 against one real etcd (--enable-v2=true): the seed walkthrough, every key command in
// every -o mode, watch and exec-watch, users, roles and auth (a server without the v2 API is
// v2-no-api.test.mjs's). Each comparison resets the keys it touches, runs the reference, resets again and
// runs ours.
import { test, describe, before, after } from 'node:test';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startEtcd, hasReference } from '../helpers/etcd.mjs';
import { normalise, runOurs, runRef, sameAsReference, sleep, start, v2api, withoutStty } from '../helpers/v2-compare.mjs';
import { OUR_ETCDCTL, runSync } from '../helpers/run.mjs';
import { REF_ETCDCTL } from '../helpers/etcd.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';

let etcd;
let url;
let api;
let ep;

before(async () => {
  etcd = await startEtcd({ members: 1 });
  url = etcd.clientUrls[0];
  api = v2api(url);
  ep = ['--endpoints', url];
});

after(async () => {
  await etcd?.stop();
});

/** <root>: a file, two dirs (one empty), a nested file and a key with a TTL. */
async function fixture(root = '/w') {
  await api.rmTree(root);
  await Promise.all([api.set(`${root}/f`, 'fval'), api.mkdir(`${root}/e`), api.set(`${root}/d/x`, '1'), api.set(`${root}/t`, 'tv', { ttl: '100' })]);
}

/** Compares one command run on its own copy of the fixture, so that cases can run side by side. */
let rootCount = 0;
function same(args, opts = {}) {
  const root = `/w${++rootCount}`;
  const moved = args.map((a) => a.replace(/\/w(?=\/|$)/g, root));
  return sameAsReference([...ep, ...moved], { setup: () => fixture(root), ...opts });
}

describe('the seed walkthrough', () => {
  test('set key value1 / get key / set key2 JSON / get key2', async () => {
    const run = (args) => runOurs([...ep, ...args]);
    assert.deepEqual(await run(['set', 'key', 'value1']), { code: 0, signal: null, stdout: 'value1\n', stderr: '' });
    assert.equal((await run(['get', 'key'])).stdout, 'value1\n');
    const json = '{"Name":"Mohammed","location":"Riyadh"}';
    assert.equal((await run(['set', 'key2', json])).stdout, json + '\n');
    const got = await run(['get', 'key2']);
    assert.equal(got.stdout, json + '\n');
    assert.equal(got.code, 0);
  });
  test('the reference agrees', { skip }, async () => {
    for (const args of [['set', 'key', 'value1'], ['get', 'key'], ['set', 'key2', '{"Name":"Mohammed","location":"Riyadh"}'], ['get', 'key2']]) {
      await sameAsReference([...ep, ...args]);
    }
  });
});

const MODES = ['simple', 'extended', 'json'];
// An unsupported -o still performs the request and then complains; commands silent in simple mode too.
const UNSUPPORTED_MODE_CASES = [['get', '/w/f'], ['set', '/w/n', 'v'], ['mkdir', '/w/nd'], ['rm', '-r', '/w/d'], ['updatedir', '/w/e']];

// Successful requests: compared in every output mode, including an unsupported one.
const SUCCESS = [
  ['get', '/w/f'], ['get', '/w/t'], ['get', '/w/../w/f'], ['get', '--quorum', '/w/f'], ['get', '/w/f', '--sort'],
  ['ls', '--sort', '/w'], ['ls', '--sort', '-r', '-p', '/w'], ['ls', '/w', '-p', '--sort'], ['ls', '/w/f'], ['ls', '-q', '/w/e'], ['ls', '--sort', '-r', '/w/d'],
  ['set', '/w/n', 'v'], ['set', '/w/f', 'v2'], ['set', '--ttl', '50', '/w/f', 'v2'], ['set', '/w/f', '--ttl', '50', 'v2'],
  ['set', '--swap-with-value', 'fval', '/w/f', 'v3'], ['set', '/w/k3', '-bar'], ['set', '--', '/w/k3', '-bar'],
  ['set', '/w/sp', 'a b&c=d+é/?<>'], ['set', '/w/e', ''], ['set', '/w/t', 'no ttl now'],
  ['mk', '/w/m', 'v'], ['mk', '--ttl', '20', '/w/m', 'v'], ['mk', '--in-order', '/w/q', 'job'], ['mk', '--in-order', '--ttl', '100', '/w/q', 'j'],
  ['mkdir', '/w/nd'], ['mkdir', '--ttl', '60', '/w/nd'],
  ['setdir', '/w/sd'], ['setdir', '--ttl', '30', '/w/sd'], ['setdir', '/w/f'],
  ['update', '/w/f', 'nv'], ['update', '--ttl', '40', '/w/f', 'nv'], ['update', '/w/t', 'nv'],
  ['updatedir', '/w/d'], ['updatedir', '--ttl', '100', '/w/e'], ['updatedir', '/w/f'], ['updatedir', '/w/d', 'ignored'],
  ['rm', '/w/f'], ['rm', '--dir', '/w/e'], ['rm', '-r', '/w/d'], ['rm', '--recursive', '/w/f'],
  ['rm', '--with-value', 'fval', '/w/f'], ['rm', '--dir', '/w/f'],
  ['rmdir', '/w/e'], ['rmdir', '/w/f'],
];

// Failures: -o never changes them, which comparing in simple and json shows.
const FAILURES = [
  ['get', '/w/d'], ['get', '/w/nokey'], ['get', '/w/we ird/k'], ['get'], ['ls', '/w/nonexist'], ['get', '/w/f/z'],
  ['set', '--swap-with-value', 'wrong', '/w/f', 'v3'], ['set', '--swap-with-index', '999', '/w/f', 'v3'],
  ['set', '--swap-with-value', 'wrong', '--swap-with-index', '3', '/w/f', 'v'], ['set', '--swap-with-value', 'x', '/w/none', 'v'],
  ['set', '/w/d', 'v'], ['set', '/w/f/z', 'v'], ['set'], ['set', '/w/k'],
  ['mk', '/w/f', 'v'], ['mk', '/w/d', 'v'], ['mk', '--in-order', '/w/f', 'j'], ['mk'], ['mk', '/w/k'],
  ['mkdir', '/w/d'], ['mkdir', '/w/f'], ['mkdir', '/w/f/x'], ['mkdir'],
  ['setdir', '/w/d'], ['setdir'],
  ['update', '/w/none', 'nv'], ['update', '/w/d', 'nv'], ['update', '/w/f'], ['update'],
  ['updatedir', '/w/nodir'], ['updatedir'],
  ['rm', '/w/d'], ['rm', '--dir', '/w/d'], ['rm', '-r', '/'], ['rm', '/w/none'], ['rm'],
  ['rm', '--with-value', 'wrong', '/w/f'], ['rm', '--with-index', '1', '/w/f'], ['rm', '--with-value', 'wrong', '--with-index', '1', '/w/f'],
  ['rm', '--with-index', '-1', '/w/f'],
  ['rmdir', '/w/d'], ['rmdir', '/w/none'], ['rmdir'],
  ['watch'], ['exec-watch', '/w/k'], ['exec-watch', '/w/k', '--'],
];

describe('key commands compared with the reference', { skip, concurrency: 6 }, () => {
  for (const args of SUCCESS) {
    test(`${args.join(' ')} in every -o mode`, async () => {
      for (const mode of MODES) await same(['-o', mode, ...args]);
    });
  }
  for (const args of FAILURES) {
    test(`${args.join(' ')} fails the same way`, async () => {
      for (const mode of ['simple', 'json']) await same(['-o', mode, ...args]);
    });
  }
  test('-o yaml: the request is made, then "Unsupported output format"', async () => {
    for (const args of UNSUPPORTED_MODE_CASES) await same(['-o', 'yaml', ...args]);
  });
  test('values from stdin, kept byte for byte', async () => {
    await same(['set', '/w/in'], { input: 'hello\n' });
    await same(['-o', 'json', 'mk', '/w/in2'], { input: 'a\nb' });
    await same(['update', '/w/f'], { input: Buffer.from([0x61, 0xff, 0x0a]) });
    await same(['set', '/w/in'], { input: '' });
  });
  test('--debug prints the cURL equivalent of each request', async () => {
    for (const args of [
      ['set', '/w/s1', 'a b&c=d+é/?'], ['set', '--ttl', '30', '--swap-with-value', 'fval', '--swap-with-index', '0', '/w/f', 'new'],
      ['mk', '/w/mk1', 'v1'], ['mk', '--in-order', '--ttl', '100', '/w/queue', 'job9'], ['mkdir', '/w/dir1'], ['setdir', '/w/sd1'],
      ['update', '/w/f', 'newv'], ['updatedir', '--ttl', '100', '/w/d'], ['rm', '/w/f'], ['rm', '--dir', '/w/e'], ['rm', '-r', '/w/d'],
      ['rmdir', '/w/e'], ['rm', '--with-index', '-1', '--with-value', 'x y', '/w/f'], ['ls', '--sort', '/w'], ['get', '/w/we ird/k?x=1&y#z'],
      ['get', "/w/x!*'()[]{}|\\^`\"<>é%2F"], ['get', '/a/../w//f/'], ['get', ''], ['watch', '--after-index', '1', '/w/f'],
    ]) {
      await same(['--debug', '--no-sync', ...args]);
    }
    for (const args of [['get', '/w/f'], ['mkdir', '/w/dir1'], ['rm', '-r', '/w/d']]) await same(['--debug', ...args]);
  });
  test('an endpoint with a trailing slash and one without a scheme', async () => {
    await sameAsReference(['--endpoints', url + '/', '--debug', 'get', '/w/f'], { setup: () => fixture('/w') });
    await sameAsReference(['--no-sync', '--endpoints', url.replace('http:', ''), '--debug', 'get', '/w/f'], { setup: () => fixture('/w') });
    await sameAsReference(['get', '/w/f'], { setup: () => fixture('/w'), env: { ETCDCTL_ENDPOINTS: url } });
  });
  test('ETCDCTL_* variables that etcdctl v2 ignores', () =>
    same(['get', '/w/f'], { env: { ETCDCTL_OUTPUT: 'json', ETCDCTL_DEBUG: 'true', ETCDCTL_NO_SYNC: 'true' } }));
});

async function watcherCount() {
  const res = await fetch(`${url}/v2/stats/store`);
  return (await res.json()).watchers;
}

/** Starts a watcher, waits until the server counts its watch, runs `events`, then interrupts it unless it ended. */
async function watchRun(bin, args, events, { interrupt = true, input } = {}) {
  const before = await watcherCount();
  const w = start(bin, [...ep, ...args], { input });
  const deadline = Date.now() + 10000;
  while (w.proc.exitCode === null && Date.now() < deadline && (await watcherCount()) <= before) await sleep(25);
  await events();
  await sleep(300);
  if (interrupt && w.proc.exitCode === null) w.proc.kill('SIGINT');
  return w.done;
}

async function sameWatch(args, events, opts) {
  await fixture();
  const ref = await watchRun(REF_ETCDCTL, args, events, opts);
  await fixture();
  const ours = await watchRun(OUR_ETCDCTL, args, events, opts);
  assert.equal(normalise(ours.stdout), normalise(ref.stdout), `stdout of watch ${args.join(' ')}`);
  assert.equal(normalise(ours.stderr), normalise(ref.stderr), `stderr of watch ${args.join(' ')}`);
  assert.equal(ours.code, ref.code, `exit code of watch ${args.join(' ')}`);
}

describe('watch and exec-watch compared with the reference', { skip }, () => {
  for (const mode of [...MODES, 'yaml']) {
    test(`watch -o ${mode}: one event, then exit 0`, () => sameWatch(['-o', mode, 'watch', '/w/f'], () => api.set('/w/f', 'hello'), { interrupt: false }));
  }
  test('watch of a delete prints the previous value', () => sameWatch(['watch', '/w/f'], () => api.rmTree('/w/f'), { interrupt: false }));
  test('watch --forever -r: every event with its action; directories skipped; SIGINT ends with 0', () =>
    sameWatch(['--debug', '-o', 'extended', 'watch', '--forever', '-r', '/w'], async () => {
      await api.set('/w/a', '1');
      await api.mkdir('/w/sub');
      await api.set('/w/sub/b', '2');
      await api.set('/w/a', '3', { prevExist: 'true' });
      await api.rmTree('/w/a');
    }));
  test('watch -r -o json', () => sameWatch(['-o', 'json', 'watch', '-r', '/w'], () => api.set('/w/j/a', '1'), { interrupt: false }));
  test('exec-watch -r KEY -- sh -c …: ETCD_WATCH_* for each event, dirs ignored on stderr', () =>
    sameWatch(['exec-watch', '-r', '/w', '--', 'sh', '-c', 'env | grep ^ETCD_WATCH | sort; echo ---'], async () => {
      await api.set('/w/a', '1');
      await sleep(100);
      await api.mkdir('/w/sub');
      await sleep(100);
      await api.set('/w/sub/b', 'two words');
      await sleep(100);
      await api.rmTree('/w/a');
    }));
  test('exec-watch CMD KEY (no --): the last argument is the key', () =>
    sameWatch(['exec-watch', 'sh', '-c', 'echo "$ETCD_WATCH_KEY=$ETCD_WATCH_VALUE"', '/w/f'], () => api.set('/w/f', 'changed')));
  test('exec-watch of a missing program exits 1 with Go\'s error text', async () => {
    await sameWatch(['exec-watch', '/nonexistent/cmd', '/w/f'], () => api.set('/w/f', 'x'), { interrupt: false });
    await sameWatch(['exec-watch', 'no-such-command-here', '/w/f'], () => api.set('/w/f', 'x'), { interrupt: false });
  });
  test('watch --after-index of a cleared index', async () => {
    for (let i = 0; i < 1005; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => api.set(`/w/churn${k}`, String(i))));
    }
    await same(['watch', '--after-index', '1', '/w/f']);
  });
});

describe('exec-watch KEY -- CMD (our fix of the Debian parser)', () => {
  test('watches KEY and runs CMD with the event in its environment', async () => {
    await fixture();
    const r = await watchRun(OUR_ETCDCTL, ['exec-watch', '/w/f', '--', 'sh', '-c', 'echo "$ETCD_WATCH_ACTION $ETCD_WATCH_KEY $ETCD_WATCH_VALUE"'],
      () => api.set('/w/f', 'after'));
    assert.equal(r.stdout, 'set /w/f after\n');
    assert.equal(r.code, 0);
  });
});

async function authFixture() {
  await v2api(url, 'root:rootpw').disableAuth();
  await Promise.all([
    ...['root', 'foo', 'bar', 'a', 'baz'].map((u) => api.removeUser(u)),
    ...['r1', 'r2', 'r3', 'r3,root'].map((r) => api.removeRole(r)),
  ]);
  await Promise.all([api.addUser('root', 'rootpw'), api.addUser('foo', 'pw'), api.addRole('r1'), api.addRole('r3')]);
  await Promise.all([api.grantRole('r1', ['/foo/*'], []), api.grantRole('r3', ['/baz', '/qux'], ['/bar', '/baz'])]);
  await api.grantUser('foo', ['r1', 'r3']);
}

describe('users, roles and auth compared with the reference', { skip }, () => {
  after(() => v2api(url, 'root:rootpw').disableAuth());
  // Cases that change nothing share one setup; the others get a fresh one before each run.
  const readOnly = [
    ['user', 'list'], ['user', 'get', 'foo'], ['user', 'get', 'root'], ['user', 'get', 'nobody'], ['user', 'add', ':pw'], ['user', 'add', 'baz:'],
    ['user', 'remove', 'nobody'], ['user', 'grant', '--roles', 'r1', 'nobody'], ['user', 'grant', '--roles', 'r1', 'foo'],
    ['user', 'revoke', '--roles', 'r2', 'foo'], ['role', 'list'], ['role', 'add', 'r1'], ['role', 'add', 'root'],
    ['role', 'get', 'r1'], ['role', 'get', 'r3'], ['role', 'get', 'nosuch'], ['role', 'remove', 'nosuch'], ['role', 'remove', 'root'],
    ['role', 'grant', '--path', '/foo/*', '--read', 'r1'], ['role', 'grant', '--path', '/bar', '--read', 'nosuch'],
    ['role', 'revoke', '--path', '/nope', '--read', 'r1'], ['role', 'grant', '--path', '/x', '--read', 'root'], ['auth', 'disable'],
    ['--debug', 'user', 'get', 'foo'],
    // -o changes nothing for these commands.
    ['-o', 'json', 'user', 'list'], ['-o', 'extended', 'user', 'get', 'foo'], ['-o', 'json', 'role', 'get', 'r3'], ['-o', 'yaml', 'role', 'list'],
  ];
  // Cases that change something, each with what puts the fixture back: it runs before each side
  // (undoing the reference's change before ours runs) and once more afterwards.
  const root = () => v2api(url, 'root:rootpw');
  const changing = [
    [['user', 'add', 'bar:x'], () => api.removeUser('bar')],
    [['user', 'add', 'a:b:c'], () => api.removeUser('a')],
    [['user', 'add', 'foo:again'], () => api.addUser('foo', 'pw')],
    [['user', 'remove', 'foo'], async () => {
      await api.addUser('foo', 'pw');
      await api.grantUser('foo', ['r1', 'r3']);
    }],
    [['user', 'grant', '--roles', 'r2', 'foo'], () => api.revokeUser('foo', ['r2'])],
    [['user', 'revoke', '--roles', 'r1', 'foo'], () => api.grantUser('foo', ['r1'])],
    [['user', 'grant', 'foo', '--roles', 'r2', '--roles', 'root'], async () => {
      await api.revokeUser('foo', ['r2']);
      await api.revokeUser('foo', ['root']);
    }],
    [['role', 'add', 'r2'], () => api.removeRole('r2')],
    [['role', 'remove', 'r3'], async () => {
      await api.addRole('r3');
      await api.grantRole('r3', ['/baz', '/qux'], ['/bar', '/baz']);
      await api.grantUser('foo', ['r3']);
    }],
    [['role', 'grant', '--path', '/bar', '--write', 'r1'], () => api.revokeRole('r1', [], ['/bar'])],
    [['role', 'grant', '--path', '/bar', '--rw', 'r1'], async () => {
      await api.revokeRole('r1', ['/bar'], []);
      await api.revokeRole('r1', [], ['/bar']);
    }],
    [['role', 'revoke', '--path', '/foo/*', '--read', 'r1'], () => api.grantRole('r1', ['/foo/*'], [])],
    [['role', 'revoke', '--path', '/baz', '--readwrite', 'r3'], () => api.grantRole('r3', ['/baz'], ['/baz'])],
    [['auth', 'enable'], () => root().disableAuth()],
    [['--debug', 'role', 'add', 'r2'], () => api.removeRole('r2')],
    [['--debug', '--no-sync', 'user', 'grant', '--roles', 'r1', 'root'], () => api.revokeUser('root', ['r1'])],
    [['--debug', '--no-sync', 'role', 'grant', '--path', '/foo/*', '--read', 'r3'], () => api.revokeRole('r3', ['/foo/*'], [])],
    [['--debug', 'auth', 'enable'], () => root().disableAuth()],
  ];
  test('commands that change nothing', async () => {
    await authFixture();
    for (const args of readOnly) await sameAsReference([...ep, ...args]);
  });
  test('commands that change users, roles or auth', async () => {
    await authFixture();
    for (const [args, undo] of changing) {
      await sameAsReference([...ep, ...args], { setup: undo });
      await undo();
    }
  });
  test('passwords from stdin: user add, user passwd, -u without a password', async () => {
    await sameAsReference([...ep, 'user', 'add', 'bar'], { setup: authFixture, input: '  secret  \n' });
    await sameAsReference([...ep, 'user', 'passwd', 'foo'], { setup: authFixture, input: 'new\n' });
    await sameAsReference([...ep, 'user', 'passwd', 'foo'], { setup: authFixture, input: '' });
    await sameAsReference([...ep, '-u', 'foo', 'get', '/w/f'], { setup: authFixture, input: 'pw\n' });
  });
  test('with auth enabled', async () => {
    // Every authenticated request costs a bcrypt check: on a loaded machine 2 s of header timeout is short.
    const ep = ['--endpoints', url, '--timeout', '10s'];
    await authFixture();
    await fixture();
    await api.enableAuth();
    const enableAgain = () => api.enableAuth();
    for (const args of [['auth', 'enable'], ['auth', 'disable'], ['-u', 'root:rootpw', 'auth', 'disable'], ['user', 'list'],
      ['-u', 'root:rootpw', 'user', 'remove', 'root'], ['-u', 'root:rootpw', 'role', 'list'], ['get', '/w/f']]) {
      await sameAsReference([...ep, ...args], { setup: enableAgain });
    }
    // Without the guest role's permissions, anonymous key requests are refused.
    await root().revokeRole('guest', ['/*'], ['/*']);
    for (const args of [['get', '/w/f'], ['-u', 'foo:wrong', 'get', '/w/f'], ['-u', 'root:rootpw', 'get', '/w/f'], ['role', 'list'], ['-o', 'json', 'set', '/w/f', 'x']]) {
      await sameAsReference([...ep, ...args]);
    }
    await root().disableAuth();
  });
});

describe('backup (done by src/offline, printed as etcdctl logs it)', { skip }, () => {
  let work;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'etcdctl-ts-v2backup-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));
  const stamp = (s) => s.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} I \| /gm, 'T I | ');
  const files = (dir) => readdirSync(dir, { recursive: true }).sort();
  test('a copy of the data dir; then a second copy into the same place fails', async () => {
    const dataDir = etcd.members[0].dataDir;
    const ref = await runRef(['backup', '--data-dir', dataDir, '--backup-dir', join(work, 'bk')]);
    const ours = await runOurs(['backup', '--data-dir', dataDir, '--backup-dir', join(work, 'bk-ours')]);
    assert.equal(ours.code, ref.code);
    assert.equal(ours.stdout, ref.stdout);
    // The number of entries skipped depends on the moment of the copy; the kinds of lines do not.
    const kinds = (s) => [...new Set(stamp(normalise(s)).split('\n'))].sort().join('\n');
    assert.equal(kinds(ours.stderr), kinds(ref.stderr));
    assert.deepEqual(files(join(work, 'bk-ours')), files(join(work, 'bk')));
    const again = await runOurs(['backup', '--data-dir', dataDir, '--backup-dir', join(work, 'bk')]);
    const refAgain = await runRef(['backup', '--data-dir', dataDir, '--backup-dir', join(work, 'bk')]);
    assert.equal(stamp(again.stderr), stamp(refAgain.stderr));
    assert.equal(again.code, 1);
  });
  test('a data dir that does not exist', async () => {
    const ref = await runRef(['backup', '--data-dir', join(work, 'nonexist'), '--backup-dir', join(work, 'bk2')]);
    const ours = await runOurs(['backup', '--data-dir', join(work, 'nonexist'), '--backup-dir', join(work, 'bk3')]);
    assert.equal(stamp(ours.stderr), stamp(ref.stderr));
    assert.equal(ours.code, ref.code);
  });

  /** Runs both in fresh empty directories of their own: the paths are relative to the working directory. */
  function bothIn(args, prepare = () => {}) {
    const run = (bin, name) => {
      const cwd = join(work, name);
      mkdirSync(cwd);
      prepare(cwd);
      const r = runSync(bin, args, { cwd, onlyEnv: true, env: { PATH: process.env.PATH, ETCDCTL_API: '2' } });
      return { code: r.code, stdout: r.stdout, stderr: stamp(r.stderr) };
    };
    const tag = `${args.join('_').replace(/\W/g, '')}-${Math.random().toString(36).slice(2)}`;
    return { ours: run(OUR_ETCDCTL, `ours-${tag}`), ref: run(REF_ETCDCTL, `ref-${tag}`) };
  }

  test('no flags in an empty directory: etcdctl makes member/snap first, so it is the WAL that is missing', () => {
    const { ours, ref } = bothIn(['backup']);
    assert.equal(ref.stderr, 'T I | open member/wal: no such file or directory\n');
    assert.deepEqual(ours, ref);
  });

  test('the data dir as its own backup dir, also through a symlink', () => {
    const link = (cwd) => {
      mkdirSync(join(cwd, 'X'));
      symlinkSync('X', join(cwd, 'Y'));
    };
    for (const args of [['--data-dir', 'X', '--backup-dir', 'X'], ['--data-dir', 'Y', '--backup-dir', 'X/']]) {
      const { ours, ref } = bothIn(['backup', ...args], link);
      assert.equal(ref.stderr, `T I | open ${args[1]}/member/wal: no such file or directory\n`);
      assert.deepEqual(ours, ref);
    }
  });

  test('a file where the backup dir should be', () => {
    const { ours, ref } = bothIn(['backup', '--data-dir', 'X', '--backup-dir', 'F/a'], (cwd) => writeFileSync(join(cwd, 'F'), ''));
    assert.equal(ref.stderr, 'T I | failed creating backup snapshot dir F/a/member/snap: mkdir F: not a directory\n');
    assert.deepEqual(ours, ref);
  });
});
