// The v2 HTTP path against a fake server giving malformed answers (non-JSON, truncated or empty bodies, 5xx,
// redirects, silence, a body that never ends): clear errors, no crash, no waiting past the timeouts — and,
// where etcdctl answers at all, the same stdout, stderr and exit code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hasReference } from '../../helpers/etcd.mjs';
import { ours, reference } from '../../helpers/run.mjs';
import { startFakeV2, json } from '../../helpers/fake-v2-server.mjs';
import { timed } from '../../helpers/faults.mjs';
import { checkOutcome } from '../../fuzz/check.mjs';

const TIMEOUT_MS = 500;
const TOTAL_MS = 1500;
const SLACK_MS = 2500;
const KEY_COMMANDS = [['get', 'k'], ['set', 'k', 'v'], ['ls']];
/** Every command syncs the member list first; these also read it (or /health) for their output. */
const MEMBER_COMMANDS = [...KEY_COMMANDS, ['member', 'list'], ['cluster-health']];

const onKeys = (answer) => (req, res, ctx) => (req.url.startsWith('/v2/keys') || req.url.startsWith('/v2/auth') ? answer(req, res, ctx) : false);
const onMembers = (answer) => (req, res, ctx) => (req.url.startsWith('/v2/members') ? answer(req, res, ctx) : false);

const SCENARIOS = {
  'non-JSON body': onKeys((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('<html>not etcd</html>');
  }),
  'truncated JSON': onKeys((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'X-Etcd-Index': '3' });
    res.end('{"action":"get","node":{"key":"/k","va');
  }),
  'empty body': onKeys((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('');
  }),
  'JSON of the wrong shape': onKeys((req, res) => json(res, 200, { action: 'get', node: 5 })),
  '500 with an etcd error': onKeys((req, res) => json(res, 500, { errorCode: 300, message: 'Raft Internal Error', cause: 'x', index: 4 })),
  '500 with text': onKeys((req, res) => {
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end('internal server error\n');
  }),
  '503 without a body': onKeys((req, res) => {
    res.writeHead(503);
    res.end();
  }),
  'redirect to another server': onKeys((req, res, { other }) => {
    res.writeHead(307, { Location: other + req.url });
    res.end();
  }),
  'redirect to itself': onKeys((req, res) => {
    res.writeHead(307, { Location: req.url });
    res.end();
  }),
  'relative 301': onKeys((req, res) => {
    res.writeHead(301, { Location: '/elsewhere' });
    res.end();
  }),
  'no answer at all': onKeys(() => {}),
  'a body that never ends': onKeys((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"action":"get",');
  }),
  'members: not JSON': onMembers((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('not json');
  }),
  'members: 500': onMembers((req, res) => {
    res.writeHead(500);
    res.end('boom');
  }),
  'members: none with client URLs': onMembers((req, res) => json(res, 200, { members: [] })),
};

async function pool(items, n, f) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await f(items[next++]);
  }));
}

describe('v2 against malformed server answers', { timeout: 90_000 }, () => {
  let other;
  before(async () => {
    other = await startFakeV2();
  });
  after(() => other?.close());

  test('clear errors, no crash, etcdctl’s words and exit codes', async () => {
    await pool(Object.entries(SCENARIOS), 4, async ([name, answer]) => {
      const fake = await startFakeV2((req, res, ctx) => answer(req, res, { ...ctx, other: other.url }));
      try {
        for (const cmd of name.startsWith('members:') ? MEMBER_COMMANDS : KEY_COMMANDS) {
          const args = ['--endpoints', fake.url, `--timeout=${TIMEOUT_MS}ms`, `--total-timeout=${TOTAL_MS}ms`, ...cmd];
          const env = { ETCDCTL_API: '2' };
          const what = `${name}: ${cmd.join(' ')}`;
          const [{ ms, result: o }, r] = await Promise.all([
            timed(() => ours(args, { env, timeoutMs: 20000 })),
            hasReference() ? reference(args, { env, timeoutMs: 20000 }) : undefined,
          ]);
          assert.deepEqual(checkOutcome(o), [], what);
          assert.ok(ms < TOTAL_MS + SLACK_MS, `${what} took ${ms} ms`);
          if (!r) continue;
          assert.equal(o.code, r.code, `exit code of ${what}: ${o.stderr}`);
          assert.equal(o.stdout, r.stdout, `stdout of ${what}`);
          assert.equal(o.stderr, r.stderr, `stderr of ${what}`);
        }
      } finally {
        await fake.close();
      }
    });
  });

  // etcdctl dereferences the missing node and panics (exit 2); ours must say what is wrong instead.
  test('a JSON null body', async () => {
    const fake = await startFakeV2(onKeys((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('null');
    }));
    try {
      for (const cmd of [['get', 'k'], ['set', 'k', 'v'], ['ls']]) {
        const o = await ours(['--endpoints', fake.url, ...cmd], { env: { ETCDCTL_API: '2' } });
        assert.deepEqual(checkOutcome(o), []);
        assert.notEqual(o.code, 0, cmd.join(' '));
        assert.match(o.stderr, /^Error: {2}\S/, cmd.join(' '));
      }
    } finally {
      await fake.close();
    }
  });
});
