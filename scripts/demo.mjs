#!/usr/bin/env node
// `npm run demo`: a throwaway local etcd, the walkthrough through bin/etcdctl, then everything removed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startEtcd, ETCD_BIN } from '../test/helpers/etcd.mjs';
import { OUR_ETCDCTL } from '../test/helpers/run.mjs';

function ensureEtcd() {
  if (existsSync(ETCD_BIN)) return true;
  if (process.getuid?.() === 0) {
    console.log('# etcd is missing: installing Debian package etcd-server');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'etcd-server'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return existsSync(ETCD_BIN);
  }
  console.error('etcd is not installed: run `sudo apt-get install -y etcd-server` and try again');
  return false;
}

const quote = (a) => (/^[\w./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

function step(env, args) {
  const prefix = Object.entries(env).map(([k, v]) => `${k}=${v} `).join('');
  console.log(`$ ${prefix}etcdctl ${args.map(quote).join(' ')}`);
  const r = spawnSync(OUR_ETCDCTL, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  process.stdout.write(r.stderr);
  if (r.status !== 0) console.log(`(exit ${r.status})`);
  console.log();
}

if (!ensureEtcd()) process.exit(1);
const cluster = await startEtcd({ members: 1 });
try {
  const v2 = { ETCDCTL_API: '2', ETCDCTL_ENDPOINTS: cluster.clientUrls[0] };
  const v3 = { ETCDCTL_ENDPOINTS: cluster.endpoints[0] };
  console.log(`# a throwaway etcd is serving on ${cluster.clientUrls[0]} (v2 API enabled)\n`);
  step(v2, ['set', 'key', 'value1']);
  step(v2, ['get', 'key']);
  step(v2, ['set', 'key2', '{"Name":"Mohammed","location":"Riyadh"}']);
  step(v2, ['get', 'key2']);
  step(v3, ['put', 'foo', 'bar']);
  step(v3, ['get', 'foo']);
  step(v3, ['get', 'foo', '-w', 'json']);
  step(v3, ['member', 'list']);
  step(v3, ['member', 'list', '-w', 'table']);
  step(v3, ['endpoint', 'health']);
  step(v3, ['endpoint', 'status', '-w', 'table']);
  step(v3, ['version']);
} finally {
  await cluster.stop();
  console.log('# etcd stopped and its data removed');
}
