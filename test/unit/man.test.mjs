// The man pages: generated from the command trees, checked in, listed in package.json, lint-clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasProgram, runSync } from '../helpers/run.mjs';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manPages, packageManList } from '../../scripts/gen-man.mjs';
import { V3_COMMANDS } from '../../dist/v3/registry.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MAN = join(REPO, 'man');
const have = hasProgram;
const REGENERATE = 'run npm run gen:completions && npm run gen:man';

test('the checked-in man/ matches the command trees', () => {
  const out = mkdtempSync(join(tmpdir(), 'etcdctl-ts-man-'));
  const r = runSync(process.execPath, [join(REPO, 'scripts/gen-man.mjs'), '--no-build', '--out', out], { inheritEnv: true });
  assert.equal(r.code, 0, r.stderr);
  const fresh = readdirSync(out).sort();
  assert.deepEqual(readdirSync(MAN).sort(), fresh, `man/ has other pages than the tree gives: ${REGENERATE}`);
  for (const f of fresh) {
    assert.ok(readFileSync(join(out, f), 'utf8') === readFileSync(join(MAN, f), 'utf8'), `man/${f} is out of date: ${REGENERATE}`);
  }
  rmSync(out, { recursive: true, force: true });
});

test('package.json lists every page in its man field (npm links them on install)', () => {
  const pages = readdirSync(MAN).filter((f) => f.endsWith('.1')).sort();
  assert.deepEqual(packageManList(), pages.map((f) => `man/${f}`), REGENERATE);
});

test('one page per command of both trees, and etcdctl(1) names them all', async () => {
  const pages = await manPages();
  const names = new Set(pages.map((p) => p.name));
  for (const c of V3_COMMANDS) assert.ok(names.has(`etcdctl-${c.path.replace(/ /g, '-')}`), c.path);
  for (const n of ['etcdctl', 'etcdctl-member-list', 'etcdctl-v2-get', 'etcdctl-v2-member-list', 'etcdctl-v2-cluster-health']) {
    assert.ok(names.has(n), n);
  }
  const main = pages.find((p) => p.name === 'etcdctl').text;
  for (const section of ['SYNOPSIS', 'COMMANDS', 'V2 COMMANDS', 'GLOBAL OPTIONS', 'V2 GLOBAL OPTIONS', 'ENVIRONMENT', 'EXIT STATUS', 'EXAMPLES', 'SEE ALSO']) {
    assert.match(main, new RegExp(`^\\.SH ${section}$`, 'm'), section);
  }
  for (const n of names) if (n !== 'etcdctl') assert.ok(main.includes(`.BR ${n.replace(/-/g, '\\-')} (1)`), `etcdctl(1) SEE ALSO lacks ${n}`);
  assert.match(main, /ETCDCTL_DIAL_TIMEOUT/);
  assert.match(main, /^\$ etcdctl get foo \\-w json$/m);
});

test('fixed flag values are documented where the flag is', async () => {
  const get = (await manPages()).find((p) => p.name === 'etcdctl-get').text;
  assert.match(get, /One of: CREATE, KEY, MODIFY, VALUE, VERSION\./);
  assert.match(get, /One of: l, s\./);
});

test('mandoc -T lint finds nothing, not even style notes', { skip: !have('mandoc') && 'mandoc is not installed' }, () => {
  const files = readdirSync(MAN).map((f) => join(MAN, f));
  const r = runSync('mandoc', ['-T', 'lint', ...files], { inheritEnv: true });
  assert.equal(r.stdout + r.stderr, '');
  assert.equal(r.code, 0);
});

test('groff -ww finds nothing', { skip: !have('groff') && 'groff is not installed' }, () => {
  for (const f of readdirSync(MAN)) {
    const r = runSync('groff', ['-ww', '-z', '-man', join(MAN, f)], { inheritEnv: true });
    assert.equal(r.stderr, '', f);
    assert.equal(r.code, 0, f);
  }
});
