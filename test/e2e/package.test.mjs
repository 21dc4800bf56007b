// The npm package as a user gets it: `npm pack`, then `npm i -g` into an empty prefix, then the installed
// etcdctl runs, its man pages are found through MANPATH and its completions are the checked-in ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEtcd } from '../helpers/etcd.mjs';
import { hasProgram, run, runSync } from '../helpers/run.mjs';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const PKG = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const have = hasProgram;

let work;
let tarball;
let files;
let prefix;
let how;

function npm(args, opts = {}) {
  return runSync('npm', args, { inheritEnv: true, cwd: REPO, timeoutMs: 240_000, ...opts });
}

/**
 * The tarball's dependencies come from npm's cache (CI's `npm ci` filled it), else from the registry.
 * With neither, the package is laid out by hand the way npm would, over the checkout's node_modules:
 * what is under test then is the tarball's content, not npm's download.
 */
function installGlobally() {
  const flags = ['--no-audit', '--no-fund', '--loglevel=error'];
  for (const mode of ['--offline', '--prefer-offline']) {
    const r = npm(['install', '--global', '--prefix', prefix, mode, ...flags, tarball], { cwd: work });
    if (r.code === 0) return `npm i -g ${mode}`;
    rmSync(prefix, { recursive: true, force: true });
  }
  const pkgDir = join(prefix, 'lib', 'node_modules', PKG.name);
  mkdirSync(pkgDir, { recursive: true });
  runSync('tar', ['xzf', tarball, '-C', pkgDir, '--strip-components=1'], { inheritEnv: true });
  symlinkSync(join(REPO, 'node_modules'), join(pkgDir, 'node_modules'));
  mkdirSync(join(prefix, 'bin'));
  for (const [name, file] of Object.entries(PKG.bin)) symlinkSync(join(pkgDir, file), join(prefix, 'bin', name));
  const man1 = join(prefix, 'share', 'man', 'man1');
  mkdirSync(man1, { recursive: true });
  for (const m of PKG.man) symlinkSync(join(pkgDir, m), join(man1, m.split('/').at(-1)));
  return 'copied (no npm registry or cache)';
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'etcdctl-ts-pack-'));
  // dist/ is built by `npm test` before any test runs; packing again would only rebuild it.
  const r = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work]);
  assert.equal(r.code, 0, r.stderr);
  const [info] = JSON.parse(r.stdout);
  tarball = join(work, info.filename);
  files = info.files.map((f) => f.path);
  prefix = join(work, 'prefix');
  how = installGlobally();
});

after(() => rmSync(work, { recursive: true, force: true }));

test('the tarball holds the built files, completions and man pages, nothing else', () => {
  const allowed = /^(package\.json|README\.md|bin\/(etcdctl|etcdutl|package\.json)|dist\/.+\.(js|cjs)|completions\/(etcd(ctl|utl)\.bash|_etcd(ctl|utl)|etcd(ctl|utl)\.fish)|man\/etcd(ctl|utl)[\w-]*\.1)$/;
  assert.deepEqual(files.filter((f) => !allowed.test(f)), []);
  for (const f of ['bin/etcdctl', 'bin/etcdutl', 'completions/etcdutl.bash', 'man/etcdutl.1', 'dist/main.js', 'completions/etcdctl.bash', 'completions/_etcdctl', 'completions/etcdctl.fish', 'man/etcdctl.1', 'man/etcdctl-get.1']) {
    assert.ok(files.includes(f), `${f} is missing from the tarball`);
  }
  for (const m of PKG.man) assert.ok(files.includes(m), `${m} is listed in package.json but not packed`);
});

test('installed into an empty prefix, etcdctl runs', async () => {
  const r = await run(join(prefix, 'bin', 'etcdctl'), ['version']);
  assert.equal(r.stdout, 'etcdctl version: 3.4.23\nAPI version: 3.4\n', `installed by ${how}: ${r.stderr}`);
  assert.equal(r.code, 0);
  const v2 = await run(join(prefix, 'bin', 'etcdctl'), ['--version'], { env: { ETCDCTL_API: '2' } });
  assert.equal(v2.stdout, 'etcdctl version: 3.4.23\nAPI version: 2\n');
});

test('installed beside it, etcdutl runs and prints its checked-in completion script', async () => {
  const r = await run(join(prefix, 'bin', 'etcdutl'), ['version']);
  assert.equal(r.stdout, 'etcdutl version: 3.5.30\nAPI version: 3.5\n', `installed by ${how}: ${r.stderr}`);
  assert.equal(r.code, 0);
  const c = await run(join(prefix, 'bin', 'etcdutl'), ['completion', 'bash']);
  assert.equal(c.stdout, readFileSync(join(REPO, 'completions', 'etcdutl.bash'), 'utf8'));
});

test('the installed etcdctl talks to etcd', async () => {
  const etcd = await startEtcd({ members: 1 });
  try {
    const env = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
    assert.equal((await run(join(prefix, 'bin', 'etcdctl'), ['put', 'packaged', 'yes'], { env })).stdout, 'OK\n');
    assert.equal((await run(join(prefix, 'bin', 'etcdctl'), ['get', 'packaged', '--print-value-only'], { env })).stdout, 'yes\n');
  } finally {
    await etcd.stop();
  }
});

test('man etcdctl finds the installed pages through MANPATH', { skip: !have('man') && 'man is not installed' }, () => {
  const man1 = join(prefix, 'share', 'man', 'man1');
  assert.ok(existsSync(join(man1, 'etcdctl.1')), `installed by ${how}: no man1/etcdctl.1`);
  assert.deepEqual(readdirSync(man1).sort(), PKG.man.map((m) => m.split('/').at(-1)).sort());
  const env = { PATH: process.env.PATH, MANPATH: join(prefix, 'share', 'man'), MANPAGER: 'cat', MANWIDTH: '80', LANG: 'C.UTF-8' };
  for (const [page, text] of [['etcdctl', /etcdctl - a command line client for etcd/], ['etcdctl-member-list', /Lists all members in the cluster/]]) {
    const r = runSync('man', [page], { onlyEnv: true, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, text);
  }
});

test('the installed etcdctl prints the checked-in completion scripts', async () => {
  const installed = join(prefix, 'lib', 'node_modules', PKG.name, 'completions');
  for (const [shell, file] of [['bash', 'etcdctl.bash'], ['zsh', '_etcdctl'], ['fish', 'etcdctl.fish']]) {
    const r = await run(join(prefix, 'bin', 'etcdctl'), ['completion', shell]);
    assert.equal(r.stdout, readFileSync(join(REPO, 'completions', file), 'utf8'));
    assert.equal(readFileSync(join(installed, file), 'utf8'), r.stdout);
  }
});
