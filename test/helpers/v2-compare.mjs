// Helpers for the v2 (ETCDCTL_API=2) e2e tests: run the reference etcdctl and ours on the same server
// state, normalise only what differs from run to run (indexes, timestamps, TTL countdowns, member IDs,
// endpoint shuffle order), and drive the v2 HTTP API directly to set that state up quickly.
import { OUR_ETCDCTL, REF_ETCDCTL, start as startProgram } from './run.mjs';
import { assertSameRun, withoutStty } from './compare.mjs';

/** Starts one etcdctl process in v2 mode (run.mjs start); `done` resolves with { code, signal, stdout, stderr }. */
export function start(bin, args, opts = {}) {
  const run = startProgram(bin, args, { ...opts, env: { ETCDCTL_API: '2', ...opts.env } });
  const done = run.done.then(({ code, signal, stdout, stderr }) => ({ code, signal, stdout, stderr }));
  return { proc: run.proc, done };
}

export const runRef = (args, opts) => start(REF_ETCDCTL, args, opts).done;
export const runOurs = (args, opts) => start(OUR_ETCDCTL, args, opts).done;

export { withoutStty };

/** Replaces what changes between two runs on a live server. */
export function normalise(s) {
  return s
    .replace(/("(?:createdIndex|modifiedIndex)":)\d+/g, '$1N')
    .replace(/^((?:Created-|Modified-)?Index: )\d+$/gm, '$1N')
    .replace(/ != \d+\]/g, ' != N]')
    .replace(/cleared \[\d+\/\d+\]/g, 'cleared [N/N]')
    .replace(/\[\d+\]$/gm, '[N]')
    .replace(/\d{20}/g, 'SEQ')
    .replace(/"expiration":"[^"]*"/g, '"expiration":"T"')
    .replace(/"ttl":\d+/g, '"ttl":TTL')
    .replace(/^TTL: [1-9]\d*$/gm, 'TTL: TTL')
    .replace(/(waitIndex=)\d+/g, '$1N')
    .replace(/(ETCD_WATCH_MODIFIED_INDEX=)\d+/g, '$1N')
    // Member IDs: Go prints them in hex without leading zeros.
    .replace(/\b[0-9a-f]{10,16}\b/g, 'ID')
    // member add lists the cluster in member-ID order, and a new member's ID is random.
    .replace(/^(ETCD_INITIAL_CLUSTER=")(.*)"$/gm, (_, p, list) => `${p}${list.split(',').sort().join(',')}"`);
}

/**
 * Endpoint lists and failover attempts come in a random order: compare lines as sets, and loopback
 * endpoints as interchangeable (which one is tried first is random).
 */
export function unordered(s) {
  return s
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:P')
    .replace(/endpoints\(([^)]*)\)/g, (_, list) => `endpoints(${list.split(',').sort().join(',')})`)
    .replace(/^(Cluster-Endpoints: )(.*)$/gm, (_, p, list) => p + list.split(', ').sort().join(', '))
    .replace(/misconfigured; error #/g, 'misconfigured\n; error #')
    .replace(/error #\d+: /g, 'error #?: ')
    .split('\n')
    .sort()
    .join('\n');
}

/**
 * Runs the reference, then ours, each after `setup()`, and asserts equal stdout, stderr and exit code
 * after `normalise` (and `unordered` when asked).
 */
export async function sameAsReference(args, { setup, env, input, sets = false, label } = {}) {
  const fix = (s) => {
    const n = normalise(withoutStty(s));
    return sets ? unordered(n) : n;
  };
  if (setup) await setup();
  const ref = await runRef(args, { env, input });
  if (setup) await setup();
  const ours = await runOurs(args, { env, input });
  assertSameRun(ours, ref, label ?? `etcdctl ${args.join(' ')}`, { stdout: fix, stderr: fix });
  return { ours, ref };
}

/** A minimal client of the v2 HTTP API for setting up state between runs. */
export function v2api(baseUrl, auth) {
  const headers = auth ? { Authorization: 'Basic ' + Buffer.from(auth).toString('base64') } : {};
  const call = async (method, path, form) => {
    const init = { method, headers: { ...headers } };
    if (form) {
      init.body = new URLSearchParams(form).toString();
      init.headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(baseUrl + path, init);
    await res.arrayBuffer();
    return res.status;
  };
  const json = async (method, path, body) => {
    const res = await fetch(baseUrl + path, {
      method, headers: { ...headers, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  };
  return {
    set: (key, value, extra = {}) => call('PUT', `/v2/keys${key}`, { value, ...extra }),
    mkdir: (key) => call('PUT', `/v2/keys${key}?dir=true`),
    rmTree: (key) => call('DELETE', `/v2/keys${key}?recursive=true`),
    addUser: (user, password) => json('PUT', `/v2/auth/users/${user}`, { user, password }),
    removeUser: (user) => json('DELETE', `/v2/auth/users/${user}`),
    grantUser: (user, roles) => json('PUT', `/v2/auth/users/${user}`, { user, grant: roles }),
    revokeUser: (user, roles) => json('PUT', `/v2/auth/users/${user}`, { user, revoke: roles }),
    addRole: (role) => json('PUT', `/v2/auth/roles/${role}`, { role, permissions: { kv: { read: [], write: [] } } }),
    removeRole: (role) => json('DELETE', `/v2/auth/roles/${role}`),
    grantRole: (role, read, write) => json('PUT', `/v2/auth/roles/${role}`, { role, grant: { kv: { read, write } } }),
    revokeRole: (role, read, write) => json('PUT', `/v2/auth/roles/${role}`, { role, revoke: { kv: { read, write } } }),
    disableAuth: () => json('DELETE', '/v2/auth/enable'),
    enableAuth: () => json('PUT', '/v2/auth/enable'),
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
