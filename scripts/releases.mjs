#!/usr/bin/env node
// Reference etcd releases for the test matrix, provisioned into a cache so that a second run is instant.
//
//   node scripts/releases.mjs provision [RELEASE ...]   # all when none is named; prints "RELEASE VERSION BIN_DIR"
//   node scripts/releases.mjs dir RELEASE               # the bin folder of one provisioned release (exit 1 if absent)
//   node scripts/releases.mjs list                      # the release names and the versions they pin
//
// Each release's bin folder holds etcd and etcdctl (and etcdutl from 3.5 on):
// - 3.4: Debian bookworm's etcd-server and etcd-client 3.4.23, installed with apt-get as the rest of the tests
//   expect them at /usr/bin (the folder links to them).
// - 3.5: Debian's newer suites; the two packages are downloaded with `apt-get download` through a private apt
//   state (lists, cache and sources under the cache folder) and unpacked with `dpkg -x`, never installed. The
//   apt source is the machine's own Debian entry from /etc/apt/sources.list.d with only its suite changed, so no
//   host name is written here.
// - 3.6, 3.7: built with the machine's Go from the Go modules go.etcd.io/etcd/{server,etcdctl,etcdutl}/v3 at the
//   pinned version, in a throwaway module inside the cache.
//
// The cache is $ETCD_RELEASES_CACHE, or ~/.cache/etcdctl-ts/releases. A release is provisioned when its
// `bin/.complete` marker exists; it is written last, so an interrupted provisioning is redone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The releases the matrix knows, in the order CI runs them. */
export const RELEASES = {
  '3.4': { kind: 'apt-installed', version: '3.4.23' },
  '3.5': { kind: 'debian-suite', suite: 'sid', versionPrefix: '3.5.' },
  '3.5-trixie': { kind: 'debian-suite', suite: 'trixie', versionPrefix: '3.5.' },
  '3.6': { kind: 'go-modules', version: '3.6.16' },
  '3.7': { kind: 'go-modules', version: '3.7.3' },
};

/** The [major, minor] a release name stands for ("3.5-trixie" → [3, 5]). */
export const releaseMinor = (name) => name.split(/[.-]/).slice(0, 2).map(Number);

/** etcd 3.6 removed the v2 API and its --enable-v2 flag (server/embed/config.go@v3.6.16 has neither). */
export function hasV2Api(name) {
  const [major, minor] = releaseMinor(name);
  return major < 3 || (major === 3 && minor < 6);
}

/** What CI runs: every minor release once (3.5-trixie is there to be run by hand). */
export const MATRIX = ['3.4', '3.5', '3.6', '3.7'];

export function cacheRoot() {
  return resolve(process.env.ETCD_RELEASES_CACHE || join(homedir(), '.cache', 'etcdctl-ts', 'releases'));
}

export function releaseDir(name) {
  return join(cacheRoot(), name);
}

/** The bin folder of a provisioned release, or null. */
export function provisionedBin(name) {
  const bin = join(releaseDir(name), 'bin');
  return existsSync(join(bin, '.complete')) ? bin : null;
}

/** The version a provisioned release's etcd reports (e.g. "3.5.30"). */
export function etcdVersionOf(bin) {
  const out = execFileSync(join(bin, 'etcd'), ['--version'], { encoding: 'utf8' });
  const m = /etcd Version: (\S+)/.exec(out);
  if (!m) throw new Error(`cannot read the version of ${join(bin, 'etcd')}: ${out}`);
  return m[1];
}

const log = (msg) => process.stderr.write(`releases: ${msg}\n`);

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...opts });
}

const asRoot = (cmd, args, opts) => (process.getuid?.() === 0 ? run(cmd, args, opts) : run('sudo', [cmd, ...args], opts));

function provisionAptInstalled(spec, bin) {
  const have = () => existsSync('/usr/bin/etcd') && existsSync('/usr/bin/etcdctl');
  if (!have()) {
    log('installing etcd-server and etcd-client (Debian bookworm)');
    asRoot('apt-get', ['update', '-qq']);
    asRoot('apt-get', ['install', '-y', '-qq', 'etcd-server', 'etcd-client'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  mkdirSync(bin, { recursive: true });
  for (const tool of ['etcd', 'etcdctl']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
  const got = etcdVersionOf(bin);
  if (got !== spec.version) throw new Error(`/usr/bin/etcd is ${got}, not ${spec.version}`);
}

/** The machine's own deb822 Debian entry (the stanza whose suites include bookworm), with only the suite changed. */
function debianSourceFor(suite) {
  const dir = '/etc/apt/sources.list.d';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sources'))) {
    for (const stanza of readFileSync(join(dir, file), 'utf8').split(/\n\s*\n/)) {
      const suites = /^Suites:\s*(.+)$/m.exec(stanza);
      if (!suites || !/\bbookworm\b/.test(suites[1]) || /-security/.test(suites[1])) continue;
      return stanza.replace(/^Suites:.*$/m, `Suites: ${suite}`).trim() + '\n';
    }
  }
  throw new Error(`no Debian bookworm entry under ${dir} to derive a ${suite} source from`);
}

function provisionDebianSuite(spec, bin, work) {
  const apt = join(work, 'apt');
  const parts = join(apt, 'sources.list.d');
  for (const d of [parts, join(apt, 'lists', 'partial'), join(apt, 'cache', 'archives', 'partial'), join(work, 'debs')]) {
    mkdirSync(d, { recursive: true });
  }
  writeFileSync(join(parts, `${spec.suite}.sources`), debianSourceFor(spec.suite));
  const opts = [
    '-o', 'Dir::Etc::SourceList=/dev/null',
    '-o', `Dir::Etc::SourceParts=${parts}`,
    '-o', `Dir::State::Lists=${join(apt, 'lists')}`,
    '-o', `Dir::Cache=${join(apt, 'cache')}`,
    '-o', 'APT::Get::List-Cleanup=false',
    '-o', 'Debug::NoLocking=true',
    // The cache may sit where apt's unprivileged download user cannot write (root's home).
    ...(process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : []),
  ];
  log(`reading Debian ${spec.suite}'s package lists into ${apt}`);
  run('apt-get', [...opts, '-qq', 'update']);
  run('apt-get', [...opts, '-qq', 'download', 'etcd-server', 'etcd-client'], { cwd: join(work, 'debs') });
  const root = join(work, 'root');
  for (const deb of readdirSync(join(work, 'debs')).filter((f) => f.endsWith('.deb'))) {
    run('dpkg', ['-x', join(work, 'debs', deb), root]);
  }
  mkdirSync(bin, { recursive: true });
  for (const tool of ['etcd', 'etcdctl', 'etcdutl']) {
    const found = [join(root, 'usr', 'bin', tool), join(root, 'usr', 'sbin', tool)].find((p) => existsSync(p));
    if (!found) throw new Error(`Debian ${spec.suite}'s packages have no ${tool}`);
    symlinkSync(found, join(bin, tool));
  }
  const got = etcdVersionOf(bin);
  if (!got.startsWith(spec.versionPrefix)) throw new Error(`Debian ${spec.suite} now carries etcd ${got}, not ${spec.versionPrefix}x`);
}

function provisionGoModules(spec, bin, work) {
  const mod = join(work, 'module');
  mkdirSync(mod, { recursive: true });
  writeFileSync(join(mod, 'go.mod'), 'module etcdctl-ts.invalid/reference-build\n\ngo 1.24\n');
  const env = { ...process.env, GOFLAGS: '-mod=mod', GOWORK: 'off' };
  const v = `v${spec.version}`;
  log(`building etcd, etcdctl and etcdutl ${v} from the Go modules (a few minutes the first time)`);
  run('go', ['get', `go.etcd.io/etcd/server/v3@${v}`, `go.etcd.io/etcd/etcdctl/v3@${v}`, `go.etcd.io/etcd/etcdutl/v3@${v}`], { cwd: mod, env });
  mkdirSync(bin, { recursive: true });
  for (const [tool, pkg] of [['etcd', 'server'], ['etcdctl', 'etcdctl'], ['etcdutl', 'etcdutl']]) {
    run('go', ['build', '-trimpath', '-o', join(bin, tool), `go.etcd.io/etcd/${pkg}/v3`], { cwd: mod, env });
  }
  const got = etcdVersionOf(bin);
  if (got !== spec.version) throw new Error(`the build of ${v} reports etcd ${got}`);
}

const PROVISIONERS = { 'apt-installed': provisionAptInstalled, 'debian-suite': provisionDebianSuite, 'go-modules': provisionGoModules };

/** Provisions one release (a no-op when it already is) and returns its bin folder. */
export function provision(name) {
  const spec = RELEASES[name];
  if (!spec) throw new Error(`unknown release ${JSON.stringify(name)}; known: ${Object.keys(RELEASES).join(', ')}`);
  const done = provisionedBin(name);
  if (done) return done;
  const dir = releaseDir(name);
  const bin = join(dir, 'bin');
  rmSync(bin, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  PROVISIONERS[spec.kind](spec, bin, dir);
  // The marker goes last: its presence means every binary is in place and answered --version.
  writeFileSync(join(bin, '.complete.tmp'), `${etcdVersionOf(bin)}\n`);
  renameSync(join(bin, '.complete.tmp'), join(bin, '.complete'));
  return bin;
}

function main(argv) {
  const [verb, ...names] = argv;
  if (verb === 'list') {
    for (const [name, spec] of Object.entries(RELEASES)) {
      console.log(`${name}\t${spec.version ?? `Debian ${spec.suite} (${spec.versionPrefix}x)`}${MATRIX.includes(name) ? '\tmatrix' : ''}`);
    }
    return 0;
  }
  if (verb === 'dir' && names.length === 1) {
    const bin = provisionedBin(names[0]);
    if (!bin) {
      process.stderr.write(`releases: ${names[0]} is not provisioned; run: node scripts/releases.mjs provision ${names[0]}\n`);
      return 1;
    }
    console.log(bin);
    return 0;
  }
  if (verb === 'provision') {
    for (const name of names.length ? names : MATRIX) {
      const bin = provision(name);
      console.log(`${name} ${etcdVersionOf(bin)} ${bin}`);
    }
    return 0;
  }
  process.stderr.write('usage: node scripts/releases.mjs provision [RELEASE ...] | dir RELEASE | list\n');
  return 2;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`releases: ${err.message}\n`);
    process.exitCode = 1;
  }
}
