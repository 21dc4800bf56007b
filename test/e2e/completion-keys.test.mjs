// `etcdctl completion __keys`, what the completion scripts run on Tab for a key argument: the keys it prints
// for a command line, from which cluster (flags, environment, TLS, auth), quoted as bash needs them, and
// that it never prints an error, never prompts, and gives up within a second. The shells themselves are in
// completion-keys-shells.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startEtcd } from '../helpers/etcd.mjs';
import { ours } from '../helpers/run.mjs';
import { freePort, HAVE_OPENSSL, makePki, startTlsEtcd } from '../helpers/tls.mjs';
import { bashWord, readTyped } from '../../dist/v3/commands/completion/keys.js';

/**
 * What a completion script runs: the API, the word under the cursor, then the words typed before it. The
 * timeouts are short by design, and on a busy machine a lookup (a bcrypt check under auth, say) can miss
 * them and offer nothing: a person presses Tab again, and so does this, twice at most.
 */
async function complete(api, word, typed, opts = {}) {
  const shell = opts.bash ? ['--shell', 'bash'] : [];
  for (let attempt = 1; ; attempt++) {
    const r = await ours(['completion', '__keys', ...shell, '--', api, word, ...typed], opts);
    if (r.stdout !== '' || attempt === 3 || opts.once) return r;
  }
}

/** Runs a lookup that must print nothing at all, and returns how long it took. */
async function quietly(api, word, typed, opts = {}, why = undefined) {
  if (typeof opts === 'string') [opts, why] = [{}, opts];
  const started = Date.now();
  const r = await complete(api, word, typed, { ...opts, once: true });
  const ms = Date.now() - started;
  assert.deepEqual({ code: r.code, stdout: r.stdout, stderr: r.stderr }, { code: 0, stdout: '', stderr: '' }, why);
  return ms;
}

const lines = (s) => s.split('\n').filter(Boolean);

let etcd;
let ep;

before(async () => {
  etcd = await startEtcd({ extraArgs: ['--enable-v2=true'] });
  ep = etcd.endpoints[0];
  const script = [
    'put /app/a 1', 'put /app/b 2', `put '/app/x y' 3`, `put "/app/it's" 4`, 'put /app/a:b 5', 'put /app/c=d 6', 'put /other 7',
    ...Array.from({ length: 250 }, (_, i) => `put /many/k${String(i).padStart(3, '0')} v`),
  ];
  const r = await ours(['batch', '--endpoints', ep], { input: script.join('\n') + '\n' });
  assert.equal(r.code, 0, r.stderr);
  // A key no line could carry: never offered.
  assert.equal((await ours(['--endpoints', ep, 'put', '/app/new\nline', 'v'])).code, 0);
  for (const k of ['/v2/a', '/v2/b c', '/v2/dir/inner']) {
    const v2 = await ours(['--endpoints', etcd.clientUrls[0], 'set', k, 'v'], { env: { ETCDCTL_API: '2' } });
    assert.equal(v2.code, 0, v2.stderr);
  }
});

after(() => etcd?.stop());

test('the keys that begin with the word, one a line, from the endpoints on the line', async () => {
  const r = await complete('3', '/app/', [`--endpoints=${ep}`, 'get']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, "/app/a\n/app/a:b\n/app/b\n/app/c=d\n/app/it's\n/app/x y\n");
  assert.deepEqual(lines((await complete('3', '/app/a', ['--endpoints', ep, 'get'])).stdout), ['/app/a', '/app/a:b']);
  // Flags anywhere, cobra's prefixes, and a -w that would matter to the command but not to Tab.
  assert.deepEqual(lines((await complete('3', '/app/x', ['ge', '-w', 'nonsense', '--endpoints', ep])).stdout), ['/app/x y']);
});

test('only where a key goes: key and range end of get/del/watch, the key of put, nothing else', async () => {
  const at = ['--endpoints', ep];
  const keysFor = async (...typed) => lines((await complete('3', '/app/a', [...at, ...typed])).stdout);
  assert.deepEqual(await keysFor('del'), ['/app/a', '/app/a:b']);
  assert.deepEqual(await keysFor('watch'), ['/app/a', '/app/a:b']);
  assert.deepEqual(await keysFor('put'), ['/app/a', '/app/a:b']);
  assert.deepEqual(await keysFor('get', '/app/'), ['/app/a', '/app/a:b'], 'range_end');
  await quietly('3', '/app/a', [...at, 'get', '/app/', '/app/b']);
  await quietly('3', '/app/a', [...at, 'put', '/app/b'], "put's value is no key");
  await quietly('3', '/app/a', [...at, 'txn']);
  await quietly('3', '/app/a', [...at, 'lease', 'grant']);
  await quietly('3', '/app/a', [...at, 'get', '--bogus-flag'], 'a line the command would reject');
});

test('at most 200 keys a Tab', async () => {
  const got = lines((await complete('3', '/many/', ['--endpoints', ep, 'get'])).stdout);
  assert.equal(got.length, 200);
  assert.equal(got[0], '/many/k000');
  assert.equal(got[199], '/many/k199');
});

test('the ETCDCTL_* environment names the cluster when the line does not', async () => {
  const r = await complete('3', '/oth', ['get'], { env: { ETCDCTL_ENDPOINTS: ep } });
  assert.equal(r.stdout, '/other\n');
});

test('bash: words come as typed and keys go back quoted as the word is', async () => {
  const bash = (word) => complete('3', word, ['--endpoints', ep, 'get'], { bash: true }).then((r) => r.stdout);
  assert.equal(await bash('/app/i'), "/app/it\\'s\n");
  assert.equal(await bash('/app/x'), '/app/x\\ y\n');
  assert.equal(await bash('/app/x\\ '), '/app/x\\ y\n');
  assert.equal(await bash("'/app/i"), "'/app/it'\\''s\n");
  assert.equal(await bash('"/app/x'), '"/app/x y\n');
  assert.equal(await bash("/app/'x "), "/app/'x y\n");
  assert.equal(await bash('/app/a:'), '/app/a:b\n', ': and = stay as they are');
  assert.equal(await bash('/app/c='), '/app/c=d\n');
  // The typed words are read as bash reads them.
  const quotedFlag = await complete('3', '/oth', [`--endpoints='${ep}'`, '"get"'], { bash: true });
  assert.equal(quotedFlag.stdout, '/other\n');
});

test('bash quoting of what follows the typed part', () => {
  const word = (typedRaw, key) => bashWord(typedRaw, readTyped(typedRaw), key);
  assert.equal(word('', '~k'), '\\~k', 'a leading ~ would be expanded');
  assert.equal(word('', '#k'), '\\#k', 'a leading # would start a comment');
  assert.equal(word('/', '/~k#'), '/~k#', 'but not inside a word');
  assert.equal(word('/', '/a b*c?d[e]$f`g"h|i&j;k(l)m<n>o{p}q!r\\s'), '/a\\ b\\*c\\?d\\[e]\\$f\\`g\\"h\\|i\\&j\\;k\\(l\\)m\\<n\\>o\\{p\\}q\\!r\\\\s');
  assert.equal(word('"/', '/a"$`\\!'), '"/a\\"\\$\\`\\\\!');
  assert.equal(word("'/", "/a'b\"$"), "'/a'\\''b\"$");
  assert.deepEqual(readTyped(`'a b'"c\\"d"e\\ f'open`), { text: 'a bc"de fopen', open: "'" });
  assert.deepEqual(readTyped('~/x', '/home/u'), { text: '/home/u/x', open: '' });
  assert.deepEqual(readTyped("'~/x'", '/home/u'), { text: '~/x', open: '' });
});

test('v2: the directory the word is in is listed; directories end in /', async () => {
  const v2 = (word, ...typed) => complete('2', word, ['--endpoints', etcd.clientUrls[0], ...typed]).then((r) => lines(r.stdout));
  assert.deepEqual(await v2('/v2/', 'ls'), ['/v2/a', '/v2/b c', '/v2/dir/']);
  assert.deepEqual(await v2('/v2/d', 'get'), ['/v2/dir/']);
  assert.deepEqual(await v2('/v2/dir/', 'rm'), ['/v2/dir/inner']);
  assert.deepEqual(await v2('v2/b', 'set'), ['v2/b c'], 'typed without its leading slash');
  await quietly('2', '/v2/', ['--endpoints', etcd.clientUrls[0], 'set', '/v2/a'], "set's value is no key");
  await quietly('2', '/v2/', ['--endpoints', etcd.clientUrls[0], 'member', 'list']);
  const env = await complete('2', '/v2/a', ['ls'], { env: { ETCDCTL_ENDPOINTS: etcd.clientUrls[0] } });
  assert.equal(env.stdout, '/v2/a\n');
  const bash = await complete('2', '/v2/b', ['--endpoints', etcd.clientUrls[0], 'get'], { bash: true });
  assert.equal(bash.stdout, '/v2/b\\ c\n');
});

test('a dead endpoint: nothing printed, exit 0, well within a second', async () => {
  const dead = await freePort();
  for (const [api, typed] of [['3', [`--endpoints=127.0.0.1:${dead}`, 'get']], ['2', ['--endpoints', `http://127.0.0.1:${dead}`, 'ls']]]) {
    const ms = await quietly(api, '/app/', typed);
    assert.ok(ms < 2500, `API ${api}: took ${ms} ms`);
  }
});

test('an endpoint that accepts and never answers: given up on within about a second', async () => {
  const held = [];
  const server = createServer((socket) => held.push(socket));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  try {
    for (const [api, typed] of [['3', [`--endpoints=127.0.0.1:${port}`, 'get']], ['2', ['--endpoints', `http://127.0.0.1:${port}`, 'ls']]]) {
      const ms = await quietly(api, '/app/', typed);
      assert.ok(ms < 2500, `API ${api}: took ${ms} ms`);
    }
  } finally {
    for (const s of held) s.destroy();
    server.close();
  }
});

test('a --user without its password is never prompted for: no keys, at once', async () => {
  const ms = await quietly('3', '/app/', ['--endpoints', ep, '--user', 'root', 'get']);
  assert.ok(ms < 2500, `took ${ms} ms`);
  await quietly('3', '/app/', ['get'], { env: { ETCDCTL_ENDPOINTS: ep, ETCDCTL_USER: 'root' } });
  await quietly('2', '/v2/', ['--endpoints', etcd.clientUrls[0], '-u', 'root', 'ls']);
});

test('with authentication on: the line\'s credentials are used', async (t) => {
  const secured = await startEtcd();
  t.after(() => secured.stop());
  const at = ['--endpoints', secured.endpoints[0]];
  for (const args of [['user', 'add', 'root', '--new-user-password=pw'], ['auth', 'enable'], ['--user', 'root:pw', 'put', '/sec/k', 'v']]) {
    const r = await ours([...at, ...args]);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  assert.equal((await complete('3', '/sec/', [...at, '--user', 'root:pw', 'get'])).stdout, '/sec/k\n');
  assert.equal((await complete('3', '/sec/', [...at, '--user', 'root', '--password', 'pw', 'get'])).stdout, '/sec/k\n');
  assert.equal((await complete('3', '/sec/', ['get'], { env: { ETCDCTL_ENDPOINTS: secured.endpoints[0], ETCDCTL_USER: 'root:pw' } })).stdout, '/sec/k\n');
  await quietly('3', '/sec/', [...at, '--user', 'root:wrong', 'get']);
  await quietly('3', '/sec/', [...at, 'get']);
});

test('over TLS with client certificates: the TLS flags on the line are used', { skip: !HAVE_OPENSSL && 'openssl is not installed' }, async (t) => {
  const pki = makePki();
  const server = await startTlsEtcd(pki, { clientCertAuth: true });
  t.after(async () => {
    await server.stop();
    pki.cleanup();
  });
  const { cert, key } = pki.clients.client;
  const tls = ['--endpoints', server.url, '--cacert', pki.ca, '--cert', cert, '--key', key];
  assert.equal((await ours([...tls, 'put', '/tls/k', 'v'])).code, 0);
  assert.equal((await complete('3', '/tls/', [...tls, 'get'])).stdout, '/tls/k\n');
  // As typed in bash, with ~ for the home directory.
  const typed = ['--endpoints', server.url, '--cacert=' + pki.ca, '--cert', '~/client-client.crt', '--key', `'${key}'`, 'get'];
  assert.equal((await complete('3', '/tls/', typed, { bash: true, env: { HOME: pki.dir } })).stdout, '/tls/k\n');
  assert.equal((await complete('3', '/tls/', ['--endpoints', server.url, '--insecure-skip-tls-verify', '--cert', cert, '--key', key, 'get'])).stdout, '/tls/k\n');
  // No client certificate, or a CA that did not sign the server's: nothing, and no error.
  await quietly('3', '/tls/', ['--endpoints', server.url, '--cacert', pki.ca, 'get']);
  await quietly('3', '/tls/', ['--endpoints', server.url, '--cacert', pki.otherCa, '--cert', cert, '--key', key, 'get']);
});

test('hidden: not in help, not reached by a prefix, and not offered by Tab', async () => {
  const help = await ours(['completion', '--help']);
  assert.doesNotMatch(help.stdout, /__keys/);
  const prefix = await ours(['completion', '__k']);
  const unknown = await ours(['completion', 'nosuch']);
  assert.deepEqual(prefix, unknown);
  const bashScript = (await ours(['completion', 'bash'])).stdout;
  assert.match(bashScript, /sub='bash fish powershell zsh'/);
});
