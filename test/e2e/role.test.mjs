// role add|delete|get|list|grant-permission|revoke-permission against a real etcd, compared with the reference
// etcdctl in every format it supports; the permission display ("(prefix k)", "[k, end)", "<open ended>", a raw
// NUL for the empty key) byte for byte.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hasReference } from '../helpers/etcd.mjs';
import { serverForSuite } from '../helpers/suite.mjs';
import { assertSameRun, sameAsReference, sameChange as changedAsReference } from '../helpers/compare.mjs';
import { ours, reference, withoutZapLines } from '../helpers/run.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const FORMATS = ['simple', 'json', 'fields', 'protobuf'];

describe('role commands', { skip }, () => {
  let etcd;
  let env;
  serverForSuite((server) => ({ etcd, env } = server));

  const same = (args) => sameAsReference(args, { env });
  /** The reference makes the change, `undo` takes it back, then we make it on the same state. */
  const sameChange = (args, undo) => changedAsReference(args, undo, { env });

  test('role add and delete in every format', async () => {
    for (const w of FORMATS) {
      await sameChange(['role', 'add', `ra-${w}`, '-w', w], ['role', 'delete', `ra-${w}`]);
      const r = await reference(['role', 'delete', `ra-${w}`, '-w', w], { env });
      await reference(['role', 'add', `ra-${w}`], { env });
      assertSameRun(await ours(['role', 'delete', `ra-${w}`, '-w', w], { env }), r, `role delete -w ${w}`);
    }
    await reference(['role', 'add', 'dup'], { env });
    await same(['role', 'add', 'dup']);
    await same(['role', 'delete', 'nosuch']);
    await same(['role', 'add']);
    await same(['role', 'add', 'a', 'b']);
    await same(['role', 'delete']);
  });

  test('grant-permission: every type and range form, in every format', async () => {
    await reference(['role', 'add', 'g'], { env });
    const grants = [
      ['read', '/a'],
      ['WRITE', '/b', '/c'],
      ['ReadWrite', '/p', '--prefix'],
      ['read', '/fk', '--from-key'],
      ['write', '', '--from-key'],
      ['read', '', '--prefix'],
      ['write', ''],
      ['read', '', 'ignored-endkey'],
      ['readwrite', '\u00ff', '--prefix'],
      ['read', '/z', '/z0', 'extra', 'args'],
    ];
    for (const [i, g] of grants.entries()) {
      const w = FORMATS[i % FORMATS.length];
      await sameChange(['role', 'grant-permission', 'g', ...g, '-w', w], ['role', 'revoke-permission', 'g', ...g.slice(1)]);
    }
  });

  test('role get shows the merged permissions exactly as etcdctl does, in every format', async () => {
    for (const w of [...FORMATS, 'table']) {
      await same(['role', 'get', 'g', '-w', w]);
      await same(['role', 'list', '-w', w]);
    }
    const simple = (await ours(['role', 'get', 'g'], { env })).stdout;
    assert.match(simple, /\t\[\/p, \/q\) \(prefix \/p\)\n/);
    assert.match(simple, /\t\[\/b, \/c\) \(prefix \/b\)\n/, 'an explicit range equal to a prefix range shows as a prefix');
    assert.match(simple, /\t\[\/fk, <open ended>\n/);
    assert.match(simple, /\t\[\u0000, <open ended>\n/, 'the empty key is a raw NUL');
    await same(['role', 'get', 'nosuch']);
    await same(['role', 'get']);
    await same(['role', 'list', 'extra']);
  });

  test('revoke-permission names the key as typed, in every format', async () => {
    await reference(['role', 'add', 'rv'], { env });
    const perms = [['/a'], ['/b', '/c'], ['/p', '--prefix'], ['/fk', '--from-key'], ['', '--from-key'], ['', '--prefix'], ['']];
    for (const [i, p] of perms.entries()) {
      const w = FORMATS[i % FORMATS.length];
      await reference(['role', 'grant-permission', 'rv', 'readwrite', ...p], { env });
      const r = await reference(['role', 'revoke-permission', 'rv', ...p, '-w', w], { env });
      await reference(['role', 'grant-permission', 'rv', 'readwrite', ...p], { env });
      assertSameRun(await ours(['role', 'revoke-permission', 'rv', ...p, '-w', w], { env }), r, `revoke ${p.join(' ')} -w ${w}`);
    }
    for (const p of perms) await same(['role', 'revoke-permission', 'rv', ...p]);
    await same(['role', 'revoke-permission', 'nosuch', '/a']);
  });

  test('argument errors', async () => {
    await same(['role', 'grant-permission', 'g', 'read']);
    await same(['role', 'grant-permission', 'g', 'rw', '/a']);
    await same(['role', 'grant-permission', 'g', 'read', '/a', '--prefix', '--from-key']);
    await same(['role', 'grant-permission', 'g', 'read', '', '--prefix', '--from-key']);
    await same(['role', 'grant-permission', 'g', 'read', '/a', '/b', '--prefix']);
    await same(['role', 'grant-permission', 'g', 'read', '/a', '/b', '--from-key']);
    await same(['role', 'grant-permission', 'nosuch', 'read', '/a']);
    await same(['role', 'revoke-permission', 'g']);
    await same(['role', 'revoke-permission', 'g', '/a', '/b', '--prefix']);
    await same(['role', 'revoke-permission', 'g', '/never-granted']);
  });

  test('-w table is refused before anything changes (etcdctl 3.4 makes the change, then refuses)', async () => {
    const before = (await reference(['role', 'get', 'g', '-w', 'json'], { env })).stdout;
    for (const args of [['role', 'add', 't1'], ['role', 'delete', 'g'], ['role', 'grant-permission', 'g', 'read', '/t'], ['role', 'revoke-permission', 'g', '/a']]) {
      const o = await ours([...args, '-w', 'table'], { env });
      assert.deepEqual([o.code, o.stdout, o.stderr], [4, '', 'Error: table not supported as output format\n'], args.join(' '));
    }
    assert.equal((await reference(['role', 'get', 'g', '-w', 'json'], { env })).stdout, before);
    assert.doesNotMatch((await reference(['role', 'list'], { env })).stdout, /t1/);
  });

  test('a dead endpoint: etcdctl hangs forever, we give up after --command-timeout', async () => {
    const o = await ours(['--endpoints=127.0.0.1:1', '--command-timeout=1s', 'role', 'list'], { timeoutMs: 10000 });
    assert.deepEqual([o.code, withoutZapLines(o.stderr)], [1, 'Error: context deadline exceeded\n']);
  });
});
