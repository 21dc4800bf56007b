// bin/etcdutl against the reference etcdutl 3.5.30 (Debian's) on the same inputs: snapshots taken from real etcd
// 3.5 and 3.4 servers, and the data dirs of those stopped members. What 3.5.30 lacks (hashkv and migrate of 3.6,
// --timeout of 3.7) is compared with the release that has it; README "etcdutl" says which output is whose.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionedBin } from '../../scripts/releases.mjs';
import { freePort } from '../helpers/etcd.mjs';
import { startMember as startOfflineMember } from '../helpers/offline.mjs';
import { run } from '../helpers/run.mjs';

const OUR_ETCDUTL = fileURLToPath(new URL('../../bin/etcdutl', import.meta.url));
const binOf = (release) => (release === '3.4' ? '/usr/bin' : provisionedBin(release));
const toolOf = (release, tool) => (binOf(release) ? join(binOf(release), tool) : null);
const REF = toolOf('3.5', 'etcdutl');
const skip = REF && existsSync(REF) && existsSync('/usr/bin/etcd') ? false : 'etcd/etcdutl 3.5 (node scripts/releases.mjs provision 3.5) or etcd 3.4.23 missing';

const ours = (args, opts) => run(OUR_ETCDUTL, args, opts);
const reference = (args, opts, release = '3.5') => run(toolOf(release, 'etcdutl'), args, opts);

/**
 * etcdutl's console log lines with what is our own made alike: the time (only its RFC 3339 form is checked) and
 * durations; `replacements` ([from, to]) for paths that differ between the two runs.
 */
function normalizeLog(stderr, replacements = []) {
  return stderr
    .split('\n')
    .map((l) => {
      let out = l.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)\t/, '<time>\t').replace(/"took": "[0-9.]+[a-zµ]+"/, '"took": "<duration>"');
      for (const [from, to] of replacements) out = out.split(from).join(to);
      return out;
    })
    .join('\n');
}

/**
 * Lines of ours that etcdutl 3.5.30's usage texts do not have: the commands of 3.6 and the global flag of 3.7
 * (compared with those releases below). Their names are shorter than what sets each block's padding.
 */
const NEWER_LINES = [/^ {6}--timeout duration /, /^ {2}(hashkv|migrate) {4,}\S/];
/** Flags of the reference still listed in test/help-tree-gaps.json (another branch adds them): left out of its text. */
const GAP_FLAGS = Object.keys(JSON.parse(readFileSync(new URL('../help-tree-gaps.json', import.meta.url), 'utf8')))
  .filter((k) => /^etcdutl .* --/.test(k)).map((k) => k.slice(k.lastIndexOf(' --') + 1));
const oursAs35 = (text) => text.split('\n').filter((l) => !NEWER_LINES.some((re) => re.test(l))).join('\n');
const refLessGaps = (text) => text.split('\n').filter((l) => !GAP_FLAGS.some((f) => l.startsWith(`      ${f} `))).join('\n');

function assertSame(o, r, what, replacements = []) {
  assert.equal(oursAs35(o.stdout), refLessGaps(r.stdout), `${what}: stdout`);
  assert.equal(normalizeLog(oursAs35(o.stderr), replacements), normalizeLog(refLessGaps(r.stderr), replacements), `${what}: stderr`);
  assert.equal(o.code, r.code, `${what}: exit code`);
}

/** Runs the same etcdutl command line with ours and the reference, `@` in an argument standing for a per-side name. */
async function sameAsReference(args, { release = '3.5', dir, label = args.join(' ') } = {}) {
  const side = (s) => args.map((a) => a.replaceAll('@', s));
  const o = await ours(side('ours'), { cwd: dir });
  const r = await reference(side('ref'), { cwd: dir }, release);
  assertSame(o, r, label, [['ours', 'SIDE'], ['ref', 'SIDE']]);
  return { o, r };
}

/** A single etcd member of `release` on loopback ports, in `dataDir` (test/helpers/offline.mjs), with its etcdctl. */
async function startMember(release, dataDir, name = 'm', extraArgs = []) {
  const ports = { client: await freePort(), peer: await freePort() };
  const m = await startOfflineMember({ name, dataDir, ports, extraArgs, release });
  const etcdctl = (a, opts = {}) => run(join(binOf(release), 'etcdctl'), a, { ...opts, env: { ETCDCTL_API: '3', ETCDCTL_ENDPOINTS: m.clientUrl, ...opts.env } });
  return { client: m.clientUrl, proc: m.proc, etcdctl, stop: m.stop };
}

/** A member of `release` with keys, history and a compaction at 26, a v2 key, its snapshot, then stopped: { snap, dataDir }. */
async function fixture(root, release) {
  const dataDir = join(root, `m${release}`);
  const m = await startMember(release, dataDir);
  try {
    for (let i = 1; i <= 20; i++) assert.equal((await m.etcdctl(['put', `k${i}`, `v${i}`])).code, 0);
    assert.equal((await m.etcdctl(['del', 'k3'])).code, 0);
    // History behind a compaction: rewritten and deleted keys, then a key deleted at the compacted revision.
    for (const [k, v] of [['k1', 'v1b'], ['k2', 'v2b'], ['k1', 'v1c']]) assert.equal((await m.etcdctl(['put', k, v])).code, 0);
    assert.equal((await m.etcdctl(['del', 'k4'])).code, 0); // revision 26
    assert.equal((await m.etcdctl(['compaction', '--physical', '26'])).code, 0);
    for (const [k, v] of [['k2', 'v2c'], ['k4', 'v4b'], ['k21', 'v21']]) assert.equal((await m.etcdctl(['put', k, v])).code, 0);
    const v2 = await run(join(binOf(release), 'etcdctl'), ['--endpoints', m.client, 'set', '/v2key', 'hello'], { env: { ETCDCTL_API: '2' } });
    assert.equal(v2.code, 0, v2.stderr);
    const snap = join(root, `snap${release}.db`);
    const s = await m.etcdctl(['snapshot', 'save', snap]);
    assert.equal(s.code, 0, s.stderr);
    return { snap, dataDir };
  } finally {
    await m.stop();
  }
}

describe('etcdutl against etcdutl 3.5.30', { skip }, () => {
  let dir;
  const fx = {};
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'etcdutl-'));
    fx['3.5'] = await fixture(dir, '3.5');
    fx['3.4'] = await fixture(dir, '3.4');
  });
  after(() => process.env.KEEP_ETCDUTL_TMP || rmSync(dir, { recursive: true, force: true }));

  /** A copy of a fixture's data dir, for a command that changes it. */
  const copyOf = (release, name) => {
    const to = join(dir, name);
    rmSync(to, { recursive: true, force: true });
    cpSync(fx[release].dataDir, to, { recursive: true });
    return to;
  };

  test('help: every usage text, flag errors and unknown commands as etcdutl 3.5.30 (newer lines aside)', async () => {
    const paths = [[], ['backup'], ['check'], ['check', 'v2store'], ['completion'], ['completion', 'bash'], ['completion', 'zsh'],
      ['defrag'], ['help'], ['snapshot'], ['snapshot', 'status'], ['snapshot', 'restore'], ['version']];
    for (const p of paths) {
      await sameAsReference([...p, '--help']);
      await sameAsReference(['help', ...p]);
    }
    for (const args of [[], ['snapshot'], ['check'], ['help', 'bogus'], ['bogus'], ['snapshots'], ['ver'], ['version', '--bogus'],
      ['snapshot', 'status', '-w'], ['defrag'], ['backup'], ['check', 'v2store'], ['backup', '--data-dir', 'x'], ['completion', 'bash', 'extra'], ['completion', 'zsh', 'a"b']]) {
      await sameAsReference(args);
    }
  });

  test('completion: a script for bash, zsh and fish naming etcdutl\'s commands; PowerShell listed, not available', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const o = await ours(['completion', shell]);
      assert.equal(o.code, 0, o.stderr);
      assert.match(o.stdout, new RegExp(`^(#compdef etcdutl\n)?# ${shell} completion for etcdutl`));
      assert.ok(o.stdout.includes('hashkv') && !/etcdctl|ETCDCTL/.test(o.stdout.replaceAll('etcdctl-ts', '')), shell);
    }
    const ps = await ours(['completion', 'powershell']);
    assert.equal(ps.code, 4);
  });

  test('version', async () => {
    await sameAsReference(['version']);
    await sameAsReference(['-w', 'json', 'version', 'extra']);
  });

  for (const release of ['3.5', '3.4']) {
    test(`snapshot status of a ${release} snapshot, every -w`, async () => {
      for (const w of ['simple', 'json', 'fields', 'protobuf', 'yaml']) await sameAsReference(['snapshot', 'status', fx[release].snap, '-w', w]);
      await sameAsReference(['snap', 'stat', fx[release].snap]);
    });
  }

  test('snapshot status -w table: upstream tablewriter (3.5.16), not Debian sid\'s newer box-drawing one', async (t) => {
    if (!toolOf('3.5-trixie', 'etcdutl')) return t.skip('3.5-trixie not provisioned');
    await sameAsReference(['snapshot', 'status', fx['3.5'].snap, '-w', 'table'], { release: '3.5-trixie' });
  });

  for (const release of ['3.5', '3.4']) {
    test(`snapshot restore of a ${release} snapshot: the same log lines, .snap and backend contents`, async () => {
      const flags = ['--name', 'n1', '--initial-cluster', 'n1=http://127.0.0.1:2380', '--initial-advertise-peer-urls', 'http://127.0.0.1:2380'];
      await sameAsReference(['snapshot', 'restore', fx[release].snap, '--data-dir', `r${release}-@`, ...flags], { dir });
      const snapFile = 'member/snap/0000000000000001-0000000000000001.snap';
      assert.ok(readFileSync(join(dir, `r${release}-ours`, snapFile)).equals(readFileSync(join(dir, `r${release}-ref`, snapFile))), '.snap differs');
      // Into the same directory again: refused, as it is not empty.
      await sameAsReference(['snapshot', 'restore', fx[release].snap, '--data-dir', `r${release}-@`, ...flags], { dir });
    });
  }

  test('snapshot restore --bump-revision --mark-compacted: the same log lines and backend; their flag errors', async () => {
    const flags = ['--name', 'n1', '--initial-cluster', 'n1=http://127.0.0.1:2380', '--initial-advertise-peer-urls', 'http://127.0.0.1:2380'];
    await sameAsReference(['snapshot', 'restore', fx['3.5'].snap, '--data-dir', 'bump-@', ...flags,
      '--bump-revision', '1000000', '--mark-compacted', '--initial-memory-map-size', '1048576'], { dir });
    // The bumped key moves the revision and the hash alike on both sides.
    const status = (side) => ['snapshot', 'status', join(dir, `bump-${side}`, 'member', 'snap', 'db'), '-w', 'json'];
    const [o, r] = [await ours(status('ours')), await reference(status('ref'))];
    assert.equal(o.code, 0, o.stderr);
    // totalSize is our page layout's (see README "etcdutl").
    const content = (out) => { const { totalSize, ...rest } = JSON.parse(out); return rest; };
    assert.deepEqual(content(o.stdout), content(r.stdout));
    assert.ok(content(o.stdout).revision > 1000000, o.stdout);
    for (const bad of [['--bump-revision', '5'], ['--mark-compacted'], ['--bump-revision', '-1', '--mark-compacted'], ['--initial-memory-map-size', 'x']]) {
      await sameAsReference(['snapshot', 'restore', fx['3.5'].snap, '--data-dir', 'badbump-@', ...bad], { dir });
    }
  });

  test('snapshot restore: argument, flag and file errors; an existing empty --data-dir is taken', async () => {
    for (const args of [
      ['snapshot', 'restore'], ['snapshot', 'restore', fx['3.5'].snap], ['snapshot', 'restore', '--data-dir', 'x@'],
      ['snapshot', 'restore', 'a', 'b', '--data-dir', 'x@'], ['snapshot', 'restore', join(dir, 'missing.db'), '--data-dir', 'miss-@'],
      ['snapshot', 'restore', fx['3.5'].snap, '--data-dir', 'bad-@', '--name', 'zz'],
    ]) {
      await sameAsReference(args, { dir });
    }
    mkdirSync(join(dir, 'empty-ours'));
    mkdirSync(join(dir, 'empty-ref'));
    await sameAsReference(['snapshot', 'restore', fx['3.5'].snap, '--data-dir', 'empty-@'], { dir });
  });

  test('a restored dir boots etcd 3.5, which serves the snapshot\'s keys', async () => {
    const restored = join(dir, 'boot');
    const r = await ours(['snapshot', 'restore', fx['3.5'].snap, '--data-dir', restored, '--name', 'm',
      '--initial-cluster', 'm=http://127.0.0.1:2380', '--initial-advertise-peer-urls', 'http://127.0.0.1:2380']);
    assert.equal(r.code, 0, r.stderr);
    // The member keeps its restored peer URL in the cluster; it listens elsewhere (a lone member never dials it).
    const m = await startMember('3.5', restored);
    try {
      const got = await m.etcdctl(['get', 'k7', '--print-value-only']);
      assert.equal(got.stdout, 'v7\n');
      assert.equal((await m.etcdctl(['get', 'k3', '--print-value-only'])).stdout, '');
      const members = await m.etcdctl(['member', 'list']);
      assert.match(members.stdout, /, started, m, http:\/\/127\.0\.0\.1:2380, /);
    } finally {
      await m.stop();
    }
  });

  test('defrag --data-dir of a stopped 3.5 member: the same log lines (sizes after it are our layout\'s), etcd 3.5 boots it', async () => {
    copyOf('3.5', 'defrag-ours');
    copyOf('3.5', 'defrag-ref');
    const o = await ours(['defrag', '--data-dir', 'defrag-ours'], { cwd: dir });
    const r = await reference(['defrag', '--data-dir', 'defrag-ref'], { cwd: dir });
    assert.equal(o.code, 0, o.stderr);
    assert.equal(o.stdout, r.stdout);
    // The file after it is our writer's: its sizes are its own; every key and the first line are etcdutl's.
    const afterSizes = (l) => l.replace(/("current-db-size[a-z-]*": )(?:-?\d+|"[^"]*")/g, '$1<size>');
    const lines = (x, side) => normalizeLog(x.stderr, [[`defrag-${side}`, 'DIR']]).split('\n');
    const [oStart, oDone, ...oRest] = lines(o, 'ours');
    const [rStart, rDone, ...rRest] = lines(r, 'ref');
    assert.equal(oStart, rStart);
    assert.equal(afterSizes(oDone), afterSizes(rDone));
    assert.deepEqual(oRest, rRest);
    const m = await startMember('3.5', join(dir, 'defrag-ours'));
    try {
      assert.equal((await m.etcdctl(['get', 'k20', '--print-value-only'])).stdout, 'v20\n');
    } finally {
      await m.stop();
    }
  });

  test('defrag errors: missing --data-dir, a directory without a member (no Go panic: one line, exit 1)', async () => {
    await sameAsReference(['defrag']);
    const o = await ours(['defrag', '--data-dir', join(dir, 'nothing-here')]);
    assert.equal(o.code, 1);
    assert.match(o.stderr, /^Failed to defragment etcd data\[.*nothing-here\] \(cannot open database at .*: no such file or directory\)\)\n$/);
  });

  for (const release of ['3.5', '3.4']) {
    test(`hashkv of a ${release} snapshot and member db, every -w and --rev, as etcdutl 3.6`, async (t) => {
      if (!toolOf('3.6', 'etcdutl')) return t.skip('3.6 not provisioned');
      // etcdutl 3.6 opens the file read-write: each side gets its own copy.
      for (const [name, file] of [['snap', fx[release].snap], ['db', join(fx[release].dataDir, 'member', 'snap', 'db')]]) {
        cpSync(file, join(dir, `hash-${release}-${name}-ours`));
        cpSync(file, join(dir, `hash-${release}-${name}-ref`));
        for (const extra of [[], ['--rev', '27'], ['--rev', '26'], ['--rev', '28'], ['--rev', '25'], ['--rev', '99'], ['--rev', '-1'],
          ['-w', 'json'], ['-w', 'fields'], ['-w', 'table'], ['-w', 'protobuf'], ['-w', 'yaml']]) {
          await sameAsReference(['hashkv', `hash-${release}-${name}-@`, ...extra], { dir, release: '3.6' });
        }
      }
    });
  }

  test('hashkv errors, and its help as etcdutl 3.7 prints it', async (t) => {
    if (!toolOf('3.7', 'etcdutl')) return t.skip('3.7 not provisioned');
    for (const args of [['hashkv', join(dir, 'missing.db')], ['hashkv', '--help'], ['help', 'hashkv']]) {
      const o = await ours(args);
      const r = await reference(args, {}, '3.7');
      assert.equal(o.stdout, r.stdout, args.join(' '));
      assert.equal(o.stderr, r.stderr, args.join(' '));
      assert.equal(o.code, r.code, args.join(' '));
    }
  });

  for (const release of ['3.5', '3.4']) {
    test(`backup of a stopped ${release} member: etcdutl's log lines; etcd 3.5 --force-new-cluster serves the keys`, async () => {
      for (const extra of [[], ['--with-v3=false']]) {
        const tag = extra.length ? 'v2only' : 'v3';
        await sameAsReference(['backup', '--data-dir', fx[release].dataDir, '--backup-dir', `backup-${release}-${tag}-@`], { dir });
        assert.ok(existsSync(join(dir, `backup-${release}-${tag}-ours`, 'member', 'snap', 'db')));
      }
      if (release !== '3.5') return;
      const m = await startMember('3.5', join(dir, `backup-${release}-v3-ours`), 'm', ['--force-new-cluster']);
      try {
        assert.equal((await m.etcdctl(['get', 'k21', '--print-value-only'])).stdout, 'v21\n');
      } finally {
        await m.stop();
      }
    });
  }

  test('backup errors: one Error line and exit 1 where etcdutl dies with a Go stack trace', async () => {
    const o = await ours(['backup', '--data-dir', join(dir, 'no-member'), '--backup-dir', join(dir, 'no-backup')]);
    assert.equal(o.code, 1);
    assert.equal(o.stderr, `Error: open ${join(dir, 'no-member')}/member/snap: no such file or directory\n`);
  });

  test('check v2store: custom content in a snapshot\'s v2 store, none in a restored dir or one without a .snap', async () => {
    const withSnaps = join(dir, 'v2snaps');
    const m = await startMember('3.5', withSnaps, 'm', ['--snapshot-count', '5']);
    try {
      const v2 = await run(join(binOf('3.5'), 'etcdctl'), ['--endpoints', m.client, 'set', '/v2key', 'hello'], { env: { ETCDCTL_API: '2' } });
      assert.equal(v2.code, 0, v2.stderr);
      for (let i = 0; i < 12; i++) assert.equal((await m.etcdctl(['put', `a${i}`, 'b'])).code, 0);
    } finally {
      await m.stop();
    }
    const restored = join(dir, 'r3.5-ours');
    for (const args of [
      ['check', 'v2store', '--data-dir', withSnaps], ['check', 'v2store', '--data-dir', restored], ['check', 'v2store', '--data-dir', fx['3.5'].dataDir],
      ['check', 'v2store', '--data-dir', join(dir, 'nothing-here')], ['check', 'v2store', '--data-dir', restored, '--wal-dir', join(withSnaps, 'member', 'wal')],
      ['check', 'v2store', '--data-dir', withSnaps, '--wal-dir', join(dir, 'empty-ours')],
    ]) {
      await sameAsReference(args);
    }
    assert.equal((await ours(['check', 'v2store', '--data-dir', withSnaps])).stderr, 'Error: detected custom content in v2store\n');
  });

  test('migrate (storage version, etcdutl 3.6): up, down, forced, refused; the reference reads what ours wrote', async (t) => {
    if (!toolOf('3.6', 'etcdutl')) return t.skip('3.6 not provisioned');
    // etcdutl 3.6's Go stack trace after an error-level line is not ours; bbolt's logger address is its own.
    const lines = (stderr) => normalizeLog(stderr, [['-ours', '-SIDE'], ['-ref', '-SIDE']]).split('\n')
      .filter((l) => !/^(\t|go\.etcd\.io|github\.com|main\.|runtime\.)/.test(l)).map((l) => l.replace(/Logger: 0x[0-9a-f]+/, 'Logger: PTR'));
    const both = async (refRelease, args, label) => {
      const o = await ours(['migrate', '--data-dir', `mig-ours`, ...args], { cwd: dir });
      const r = await reference(['migrate', '--data-dir', `mig-ref`, ...args], { cwd: dir }, refRelease);
      assert.equal(o.stdout, r.stdout, label);
      assert.deepEqual(lines(o.stderr), lines(r.stderr), label);
      assert.equal(o.code, r.code, label);
    };
    const fresh = (release) => { copyOf(release, 'mig-ours'); copyOf(release, 'mig-ref'); };
    for (const [release, steps] of [
      ['3.5', [['3.5'], ['3.6'], ['3.6'], ['3.7'], ['3.5'], ['3.7', '--force'], ['3.6'], ['4.0'], ['3.4'], ['x'], ['a.b'], ['3']]],
      ['3.4', [['3.6'], ['3.6', '--force'], ['3.5']]],
    ]) {
      fresh(release);
      for (const [target, ...extra] of steps) await both('3.6', ['--target-version', target, ...extra], `${release}: ${target} ${extra.join(' ')}`);
    }
    fresh('3.5');
    // The usage printed with the error shows --timeout, which 3.7 has.
    if (toolOf('3.7', 'etcdutl')) await both('3.7', [], 'no --target-version');
    // What ours wrote, the reference reads: 3.6 now, and etcd 3.6 boots it (a restored member: the fixture's WAL
    // holds v2 writes, which etcd 3.6 refuses to apply).
    const restored = join(dir, 'mig-boot');
    assert.equal((await ours(['snapshot', 'restore', fx['3.5'].snap, '--data-dir', restored, '--name', 'm',
      '--initial-cluster', 'm=http://127.0.0.1:2380', '--initial-advertise-peer-urls', 'http://127.0.0.1:2380'])).code, 0);
    assert.equal((await ours(['migrate', '--data-dir', restored, '--target-version', '3.6'])).code, 0);
    assert.match((await reference(['migrate', '--data-dir', restored, '--target-version', '3.6'], {}, '3.6')).stderr, /storage version up-to-date\t\{"storage-version": "3.6"\}/);
    const m = await startMember('3.6', restored);
    try {
      assert.equal((await m.etcdctl(['get', 'k21', '--print-value-only'])).stdout, 'v21\n');
    } finally {
      await m.stop();
    }
  });

  test('--timeout (etcdutl 3.7): a db a running etcd holds is waited for that long, then refused with one line', async () => {
    const live = join(dir, 'live');
    const m = await startMember('3.5', live);
    try {
      const db = join(live, 'member', 'snap', 'db');
      const started = Date.now();
      const o = await ours(['hashkv', db, '--timeout', '1s']);
      assert.ok(Date.now() - started >= 1000, 'it waited');
      assert.equal(o.code, 1);
      assert.match(o.stderr, /^Error: .*db is locked by a running etcd \(pid \d+\): stop it first\n$/);
      const d = await ours(['defrag', '--data-dir', live, '--timeout', '200ms']);
      assert.equal(d.code, 1);
      assert.match(d.stderr, /Failed to defragment etcd data\[.*\] \(etcd \(pid \d+\) holds the lock on /);
    } finally {
      await m.stop();
    }
    // Once it has stopped, nothing is waited for.
    assert.equal((await ours(['hashkv', join(live, 'member', 'snap', 'db'), '--timeout', '0'])).code, 0);
  });

  test('snapshot status errors', async () => {
    for (const args of [['snapshot', 'status'], ['snapshot', 'status', 'a', 'b'], ['snapshot', 'status', join(dir, 'missing.db')], ['snapshot', 'status', dir]]) {
      await sameAsReference(args);
    }
  });
});
