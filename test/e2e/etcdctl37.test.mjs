// What etcdctl 3.7 added: `options`, `get --stream` and the global --auth-jwt-token, each compared with 3.7's own
// etcdctl on the same servers: etcd 3.7 (which has RangeStream and signs JWT tokens here), and etcd 3.4.23 and
// 3.5 (no RangeStream: 3.7's etcdctl gets Unimplemented; tokens are sent all the same).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasReference, releaseEtcdctl } from '../helpers/etcd.mjs';
import { OUR_ETCDCTL, ours, reference, run, start } from '../helpers/run.mjs';
import { allocatePorts, gatewayPut, gatewayToken, startMember, tempDir } from '../helpers/offline.mjs';
import { isZapLine } from '../helpers/zap.mjs';

const ETCDCTL_37 = releaseEtcdctl('3.7');
const HAS_35 = !!releaseEtcdctl('3.5');
const skip = !hasReference() ? 'reference etcdctl not installed' : !ETCDCTL_37 ? 'etcd 3.7 is not provisioned (node scripts/releases.mjs provision 3.7)' : false;
const GAPS = JSON.parse(readFileSync(new URL('../help-tree-gaps.json', import.meta.url), 'utf8'));

/**
 * Ours and 3.7's etcdctl alike: stdout, exit code, the lines on stderr that are not clientv3 log lines, and of
 * those the message and error of each (3.7's client logs them with other fields; ours are 3.4.23's lines).
 */
async function sameAs37(args, opts = {}) {
  const [o, r] = await Promise.all([ours(args, opts), run(ETCDCTL_37, args, opts)]);
  const label = args.join(' ');
  assert.equal(o.stdout, r.stdout, label);
  assert.equal(o.code, r.code, `${label}: exit code (stderr ${o.stderr})`);
  const parts = (stderr) => {
    const lines = stderr.split('\n');
    const logs = lines.filter(isZapLine).map((l) => { const { msg, error } = JSON.parse(l); return { msg, error }; });
    return { logs, rest: lines.filter((l) => !isZapLine(l)).join('\n') };
  };
  assert.deepEqual(parts(o.stderr), parts(r.stderr), label);
  return o;
}

describe('etcdctl 3.7: options, get --stream, --auth-jwt-token', { skip }, () => {
  let tmp;
  const servers = {};
  before(async () => {
    tmp = tempDir('etcdctl37-');
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const priv = join(tmp.dir, 'jwt.key');
    const pub = join(tmp.dir, 'jwt.pub');
    writeFileSync(priv, privateKey.export({ type: 'pkcs1', format: 'pem' }));
    writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
    const jwt = ['--auth-token', `jwt,pub-key=${pub},priv-key=${priv},sign-method=RS256,ttl=10m`];
    const wanted = { s37: ['3.7', []], j37: ['3.7', jwt], s34: ['3.4', []], j34: ['3.4', jwt] };
    if (HAS_35) wanted.s35 = ['3.5', []];
    const ports = await allocatePorts(Object.keys(wanted).length);
    await Promise.all(Object.entries(wanted).map(async ([name, [release, extraArgs]], i) => {
      servers[name] = await startMember({ name, dataDir: join(tmp.dir, `${name}.etcd`), ports: ports[i], release, extraArgs });
    }));
    for (const s of Object.values(servers)) {
      // 25 keys: RangeStream answers in pieces from 10 keys on (server/etcdserver/v3_server.go@v3.7.1).
      for (let i = 0; i < 25; i++) await gatewayPut(s.clientUrl, `k/${String(i).padStart(2, '0')}`, `value ${i}`);
    }
    for (const name of ['j37', 'j34']) {
      const ep = ['--endpoints', servers[name].endpoint];
      for (const args of [['user', 'add', 'root:rootpw'], ['user', 'add', 'alice:alicepw'], ['auth', 'enable']]) {
        const r = await reference([...ep, ...args]);
        assert.equal(r.code, 0, r.stderr);
      }
      servers[name].token = await gatewayToken(servers[name].clientUrl, 'root', 'rootpw');
      servers[name].aliceToken = await gatewayToken(servers[name].clientUrl, 'alice', 'alicepw');
    }
  });
  after(async () => {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
    tmp?.cleanup();
  });

  test('options: the global flags as 3.7 lists them (but for 3.7 flags still listed as gaps)', async () => {
    const gap = Object.keys(GAPS).filter((k) => /^etcdctl --[a-z-]+$/.test(k)).map((k) => k.slice('etcdctl '.length));
    const notGaps = (s) => s.split('\n').filter((l) => !gap.some((f) => l.startsWith(`      ${f} `))).join('\n');
    for (const args of [['options'], ['options', 'extra'], ['options', '-w', 'json'], ['--endpoints', '127.0.0.1:1', 'options']]) {
      const [o, r] = await Promise.all([ours(args), run(ETCDCTL_37, args)]);
      assert.equal(o.stdout, notGaps(r.stdout), args.join(' '));
      assert.equal(o.stderr, r.stderr);
      assert.equal(o.code, r.code);
    }
    const [o, r] = await Promise.all([ours(['options', '--bogus']), run(ETCDCTL_37, ['options', '--bogus'])]);
    assert.equal(o.code, r.code);
    assert.equal(o.stderr.split('\n')[0], r.stderr.split('\n')[0]);
  });

  test('get --stream against etcd 3.7: the output of one Range, in every format', async () => {
    const ep = ['--endpoints', servers.s37.endpoint];
    for (const extra of [
      ['k/', '--prefix'], ['k/', '--prefix', '-w', 'json'], ['k/', '--prefix', '-w', 'protobuf'], ['k/', '--prefix', '-w', 'fields'],
      ['k/', '--prefix', '--limit', '12', '-w', 'json'], ['k/', '--prefix', '--keys-only'], ['k/', '--prefix', '--print-value-only'],
      ['k/', '--prefix', '--count-only', '-w', 'fields'], ['k/05', 'k/15', '-w', 'json'], ['k/07'], ['nothing', '-w', 'json'],
      ['k/', '--from-key', '--rev', '10', '-w', 'json'], ['k/', '--prefix', '--consistency', 's', '-w', 'json'],
      // What RangeStream refuses (custom order, revision filters), and what etcdctl refuses itself.
      ['k/', '--prefix', '--order', 'DESCEND'], ['k/', '--prefix', '--sort-by', 'VALUE'], ['k/', '--prefix', '--min-mod-rev', '3'],
      ['k/', '--prefix', '--rev', '100000'], ['k/', '--prefix', '--print-value-only', '-w', 'json'], ['k/', '--prefix', '--from-key'],
    ]) {
      await sameAs37([...ep, 'get', '--stream', ...extra]);
    }
  });

  for (const server of ['s34', 's35']) {
    test(`get --stream against etcd ${server === 's34' ? '3.4.23' : '3.5'}: Unimplemented, as 3.7's etcdctl shows it`, { skip: server === 's35' && !HAS_35 ? 'etcd 3.5 is not provisioned' : false }, async () => {
      const ep = ['--endpoints', servers[server].endpoint];
      for (const extra of [['k/', '--prefix'], ['k/00', '-w', 'json']]) {
        const o = await sameAs37([...ep, 'get', '--stream', ...extra]);
        assert.match(o.stderr, /Unimplemented/);
      }
    });
  }

  for (const server of ['j37', 'j34']) {
    test(`--auth-jwt-token against etcd ${server === 'j37' ? '3.7' : '3.4.23'} with JWT tokens`, async () => {
      const { endpoint, token, aliceToken } = servers[server];
      const ep = ['--endpoints', endpoint];
      await sameAs37([...ep, '--auth-jwt-token', token, 'put', 'jwt', 'v']);
      await sameAs37([...ep, '--auth-jwt-token', token, 'get', 'jwt', '-w', 'json']);
      await sameAs37([...ep, '--auth-jwt-token', token, 'get', 'k/', '--prefix', '--keys-only']);
      await sameAs37([...ep, '--auth-jwt-token', token, 'user', 'list']);
      // A role-less user's token: permission denied; a token the server cannot verify: one attempt, no renewal.
      await sameAs37([...ep, '--auth-jwt-token', aliceToken, 'get', 'jwt']);
      await sameAs37([...ep, '--auth-jwt-token', `${token}x`, 'get', 'jwt']);
      await sameAs37([...ep, '--auth-jwt-token', 'bogus', 'put', 'jwt', 'w']);
      // The token wins over --user and --password, which are then neither used nor prompted for.
      await sameAs37([...ep, '--auth-jwt-token', token, '--user', 'nobody', 'get', 'jwt']);
      await sameAs37([...ep, '--auth-jwt-token', token, '--user', 'nobody:wrong', 'get', 'jwt']);
      await sameAs37([...ep, '--auth-jwt-token', token, '--user', 'alice', '--password', 'wrong', 'get', 'jwt']);
      // ETCDCTL_AUTH_JWT_TOKEN, as every global flag's variable.
      await sameAs37([...ep, 'get', 'jwt'], { env: { ETCDCTL_AUTH_JWT_TOKEN: token } });
      // Streams carry it too.
      if (server === 'j37') await sameAs37([...ep, '--auth-jwt-token', token, 'get', '--stream', 'k/', '--prefix']);
      const watched = async (bin) => {
        const w = start(bin, [...ep, '--auth-jwt-token', token, 'watch', 'jwt', '--rev', '1']);
        await w.waitFor(({ stdout }) => stdout.includes('PUT\njwt\nv\n'));
        await w.kill();
        return w.stdout();
      };
      assert.equal(await watched(OUR_ETCDCTL), await watched(ETCDCTL_37));
    });
  }

  test('--auth-jwt-token on a cluster without authentication is not looked at', async () => {
    await sameAs37(['--endpoints', servers.s37.endpoint, '--auth-jwt-token', 'anything', 'get', 'k/00']);
    await sameAs37(['--endpoints', servers.s34.endpoint, '--auth-jwt-token', 'anything', 'put', 'k/x', 'y']);
  });
});
