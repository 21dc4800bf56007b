// bin/etcdctl: runs the bundle only when it is fresh, falls back to dist/main.js otherwise, and never lets a
// code cache (missing, stale, damaged) change what a run prints. Each test works on a private copy of the build.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEtcd, hasReference, ETCD_BIN } from '../helpers/etcd.mjs';
import { reference, runSync } from '../helpers/run.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = 'etcdctl version: 3.4.23\nAPI version: 3.4\n';

let stage;
const bundleDir = () => join(stage, 'dist', 'bundle');
const bundle = () => join(bundleDir(), 'etcdctl.cjs');
const mainCache = () => join(bundleDir(), 'etcdctl.cjs.cache');
/** A handler's run (no help, version or completion in argv) reads program.cjs, checking its cache by CRC-32. */
const programCache = () => join(bundleDir(), 'program.cjs.cache');

function isFresh(dir) {
  try {
    return statSync(join(dir, 'dist/bundle/etcdctl.cjs')).mtimeMs >= statSync(join(dir, 'dist/main.js')).mtimeMs;
  } catch {
    return false;
  }
}

/** As cron runs it: from /, PATH only, no terminal. */
function run(args, env = {}) {
  const r = runSync(join(stage, 'bin', 'etcdctl'), args, { cwd: '/', onlyEnv: true, env: { PATH: process.env.PATH, ...env }, timeoutMs: 30_000 });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** The same command through the ES modules, without the launcher. */
function runModules(args, env = {}) {
  const r = runSync(process.execPath, [join(stage, 'dist', 'main.js'), ...args], { cwd: '/', onlyEnv: true, env: { PATH: process.env.PATH, ...env }, timeoutMs: 30_000 });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

function removeCaches() {
  for (const f of readdirSync(bundleDir())) if (f.endsWith('.cache')) rmSync(join(bundleDir(), f));
}

function setMtime(file, ms) {
  const t = new Date(ms);
  utimesSync(file, t, t);
}

before(() => {
  stage = mkdtempSync(join(tmpdir(), 'etcdctl-ts-launcher-'));
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(stage, part), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
  if (!isFresh(stage)) {
    const b = runSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), join(stage, 'dist')], { inheritEnv: true });
    assert.equal(b.code, 0, b.stderr);
  }
  assert.ok(isFresh(stage), 'a fresh bundle in the copy');
  removeCaches();
});

after(() => rmSync(stage, { recursive: true, force: true }));

describe('code cache', () => {
  test('the first run writes it, later runs use it without rewriting it', () => {
    removeCaches();
    assert.deepEqual(run(['version']), { code: 0, stdout: VERSION, stderr: '' });
    const first = readFileSync(mainCache());
    assert.match(first.toString('latin1', 0, 40), /^etcdctl-ts code cache 2 /);
    const mtime = statSync(mainCache()).mtimeMs;
    assert.deepEqual(run(['version']), { code: 0, stdout: VERSION, stderr: '' });
    assert.equal(statSync(mainCache()).mtimeMs, mtime);
    assert.deepEqual(readdirSync(bundleDir()).filter((f) => f.endsWith('.tmp')), []);
  });

  test('damaged data is not used, and is replaced', () => {
    run(['version']);
    const good = readFileSync(mainCache());
    const damaged = Buffer.from(good);
    for (let i = good.indexOf(10) + 64; i < damaged.length; i += 251) damaged[i] ^= 0x5a;
    writeFileSync(mainCache(), damaged);
    assert.deepEqual(run(['version']), { code: 0, stdout: VERSION, stderr: '' });
    assert.notDeepEqual(readFileSync(mainCache()), damaged);
    // A run that is not --help, version or completion checks the other checksum (CRC-32; FNV-1a above).
    run(['get']);
    const goodProgram = readFileSync(programCache());
    const damagedProgram = Buffer.from(goodProgram);
    for (let i = goodProgram.indexOf(10) + 64; i < damagedProgram.length; i += 251) damagedProgram[i] ^= 0x5a;
    writeFileSync(programCache(), damagedProgram);
    assert.deepEqual(run(['get']), runModules(['get']));
    assert.notDeepEqual(readFileSync(programCache()), damagedProgram);
  });

  test('a single damaged byte is seen by either checksum', () => {
    // The core's cache by FNV-1a (version), then by CRC-32 (a handler's run without program.cjs), program.cjs's by CRC-32.
    const program = join(bundleDir(), 'program.cjs');
    const saved = readFileSync(program);
    for (const [args, cache, withoutProgram] of [[['version'], mainCache, false], [['get'], mainCache, true], [['get'], programCache, false]]) {
      if (withoutProgram) rmSync(program);
      try {
        run(args);
        const good = readFileSync(cache());
        const damaged = Buffer.from(good);
        damaged[good.indexOf(10) + 1 + ((good.length - good.indexOf(10)) >> 1)] ^= 0x01;
        writeFileSync(cache(), damaged);
        run(args);
        assert.notDeepEqual(readFileSync(cache()), damaged, args.join(' '));
      } finally {
        writeFileSync(program, saved);
      }
    }
  });

  test('a truncated, empty or foreign file is not used', () => {
    run(['version']);
    const good = readFileSync(mainCache());
    for (const bad of [good.subarray(0, good.length >> 1), Buffer.alloc(0), Buffer.from('not a cache\n'), good.subarray(good.indexOf(10) + 1)]) {
      writeFileSync(mainCache(), bad);
      assert.deepEqual(run(['version']), { code: 0, stdout: VERSION, stderr: '' });
    }
  });

  test('a cache made for another build of the bundle is not used', () => {
    run(['version']);
    const text = readFileSync(mainCache());
    const nl = text.indexOf(10);
    const header = text.toString('latin1', 0, nl).split(' ');
    header[header.length - 3] = '1'; // the bundle's mtime it was made for (two checksums follow it)
    writeFileSync(mainCache(), Buffer.concat([Buffer.from(header.join(' '), 'latin1'), text.subarray(nl)]));
    assert.deepEqual(run(['version']), { code: 0, stdout: VERSION, stderr: '' });
    assert.notEqual(readFileSync(mainCache()).toString('latin1', 0, nl), header.join(' '));
  });
});

describe('which build runs', () => {
  let saved;
  before(() => {
    saved = { text: readFileSync(bundle()), mtime: statSync(bundle()).mtimeMs };
  });
  after(() => {
    writeFileSync(bundle(), saved.text);
    setMtime(bundle(), saved.mtime);
    removeCaches();
  });

  test('a bundle older than dist/main.js is ignored (a plain tsc ran since)', () => {
    writeFileSync(bundle(), "process.stdout.write('from the bundle\\n');\n");
    const main = statSync(join(stage, 'dist', 'main.js')).mtimeMs;
    setMtime(bundle(), main + 1000);
    assert.equal(run(['version']).stdout, 'from the bundle\n');
    setMtime(bundle(), main - 1000);
    assert.deepEqual(run(['version']), { code: 0, stdout: VERSION, stderr: '' });
  });

  test('a damaged bundle falls back to dist/main.js, printing nothing extra', () => {
    writeFileSync(bundle(), saved.text.subarray(0, saved.text.length >> 1));
    setMtime(bundle(), statSync(join(stage, 'dist', 'main.js')).mtimeMs + 1000);
    removeCaches();
    assert.deepEqual(run(['version']), { code: 0, stdout: VERSION, stderr: '' });
  });

  test('without a bundle, dist/main.js runs', () => {
    rmSync(bundle());
    assert.deepEqual(run(['version']), { code: 0, stdout: VERSION, stderr: '' });
  });
});

describe('the split: help, version and completion load the core only; a handler loads program.cjs, or from the core commands.cjs', () => {
  const commands = () => join(bundleDir(), 'commands.cjs');
  const program = () => join(bundleDir(), 'program.cjs');
  let saved;
  let savedProgram;
  before(() => {
    saved = readFileSync(commands());
    savedProgram = readFileSync(program());
    removeCaches();
  });
  after(() => {
    writeFileSync(commands(), saved);
    writeFileSync(program(), savedProgram);
    removeCaches();
  });

  test('--help, version and completion bash never read commands.cjs or program.cjs', () => {
    rmSync(commands());
    rmSync(program());
    try {
      for (const args of [['--help'], ['version'], ['completion', 'bash'], ['get', '--help'], ['help', 'put']]) {
        const r = run(args);
        assert.deepEqual(r, runModules(args), args.join(' '));
        assert.equal(r.code, 0, args.join(' '));
      }
      assert.ok(!existsSync(`${commands()}.cache`));
      assert.ok(!existsSync(`${program()}.cache`));
    } finally {
      writeFileSync(commands(), saved);
      writeFileSync(program(), savedProgram);
    }
  });

  test("a handler's own errors (its CliError, from the core) print and exit as through dist/main.js, from program.cjs", () => {
    for (const args of [['get'], ['lease', 'grant', 'x'], ['snapshot', 'status', '/nonexistent/snap.db'], ['put', 'k', 'v', '--lease=zz']]) {
      const r = run(args);
      assert.deepEqual(r, runModules(args), args.join(' '));
      assert.notEqual(r.code, 0, args.join(' '));
    }
    assert.ok(existsSync(`${program()}.cache`), 'program.cjs has its own code cache');
    assert.ok(!existsSync(`${commands()}.cache`), 'a handler run without help, version or completion in argv reads program.cjs alone');
  });

  test('a handler reached through the core (a word of argv is version, help or completion) loads commands.cjs', () => {
    for (const args of [['lease', 'grant', 'version'], ['snapshot', 'status', 'completion'], ['put', 'help', 'v', '--lease=zz']]) {
      const r = run(args);
      assert.deepEqual(r, runModules(args), args.join(' '));
      assert.notEqual(r.code, 0, args.join(' '));
    }
    assert.ok(existsSync(`${commands()}.cache`), 'commands.cjs has its own code cache');
  });

  test('a damaged or missing program.cjs leaves the run to the core and commands.cjs, ETCDCTL_API and all', () => {
    const cases = [
      [['get'], {}],
      [['put', 'k', 'v', '--lease=zz'], {}],
      [['--endpoints=http://127.0.0.1:9', 'ls', '/'], { ETCDCTL_API: '2' }],
    ];
    try {
      for (const variant of [savedProgram.subarray(0, savedProgram.length >> 1), undefined]) {
        if (variant === undefined) rmSync(program());
        else writeFileSync(program(), variant);
        removeCaches();
        for (const [args, env] of cases) assert.deepEqual(run(args, env), runModules(args, env), args.join(' '));
        assert.ok(existsSync(`${commands()}.cache`), 'the core loaded commands.cjs');
      }
    } finally {
      writeFileSync(program(), savedProgram);
    }
  });

  test('a damaged, missing or foreign commands.cjs hands the command to dist/main.js, ETCDCTL_API and all', () => {
    const foreign = Buffer.from(saved.toString('latin1').replace(/exports\.build="[0-9a-f]+"/, 'exports.build="0000000000000000"'), 'latin1');
    assert.notDeepEqual(foreign, saved, 'the build id is where the test expects it');
    // Through the core: a word of argv names version, help or completion.
    const cases = [
      [['lease', 'grant', 'version'], {}],
      [['--endpoints=http://127.0.0.1:9', 'ls', 'version'], { ETCDCTL_API: '2' }],
    ];
    for (const variant of [saved.subarray(0, saved.length >> 1), foreign, undefined]) {
      if (variant === undefined) rmSync(commands());
      else writeFileSync(commands(), variant);
      removeCaches();
      for (const [args, env] of cases) assert.deepEqual(run(args, env), runModules(args, env), args.join(' '));
    }
    writeFileSync(commands(), saved);
  });
});

describe('gRPC through the bundle', { skip: !existsSync(ETCD_BIN) }, () => {
  let etcd;
  before(async () => {
    etcd = await startEtcd();
  });
  after(() => etcd?.stop());

  test('put and get, first without then with the code caches, as the reference prints them', async () => {
    removeCaches();
    const ep = `--endpoints=${etcd.endpoints[0]}`;
    assert.deepEqual(run([ep, 'put', 'launcher', 'value']), { code: 0, stdout: 'OK\n', stderr: '' });
    assert.ok(existsSync(join(bundleDir(), 'grpc-js.cjs.cache')));
    assert.ok(existsSync(join(bundleDir(), 'program.cjs.cache')));
    const mine = run([ep, 'get', 'launcher']);
    assert.deepEqual(mine, { code: 0, stdout: 'launcher\nvalue\n', stderr: '' });
    if (hasReference()) {
      const ref = await reference([ep, 'get', 'launcher']);
      assert.equal(mine.stdout, ref.stdout);
    }
  });

  test('Node options of the user\'s own, such as --no-deprecation, do not stop a gRPC command', () => {
    const r = runSync(process.execPath, ['--no-deprecation', join(stage, 'bin', 'etcdctl'), `--endpoints=${etcd.endpoints[0]}`, 'get', 'launcher'], {
      cwd: '/', onlyEnv: true, env: { PATH: process.env.PATH },
    });
    assert.deepEqual({ code: r.code, stdout: r.stdout, stderr: r.stderr }, { code: 0, stdout: 'launcher\nvalue\n', stderr: '' });
  });

  test('a damaged grpc-js bundle gives way to the installed @grpc/grpc-js', () => {
    const grpc = join(bundleDir(), 'grpc-js.cjs');
    const saved = readFileSync(grpc);
    try {
      writeFileSync(grpc, saved.subarray(0, saved.length >> 1));
      removeCaches();
      assert.deepEqual(run([`--endpoints=${etcd.endpoints[0]}`, 'get', 'launcher']), { code: 0, stdout: 'launcher\nvalue\n', stderr: '' });
    } finally {
      writeFileSync(grpc, saved);
      removeCaches();
    }
  });
});
