// What every benchmark shares: where things are, the environment children get, and what machine this is.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ETCD_BIN, REF_ETCDCTL } from '../../test/helpers/etcd.mjs';

export { ETCD_BIN, REF_ETCDCTL };
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NODE = process.execPath;
export const TIME_BIN = '/usr/bin/time';

/**
 * As cron or a script gives a command: no terminal, no ETCDCTL_*, and no NODE_EXTRA_CA_CERTS — the machines here
 * set it and it adds ~40 ms to every Node start, which a user's machine does not pay.
 */
export function childEnv(extra = {}) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME || '/tmp', LANG: 'C.UTF-8' };
  return { ...env, ...extra };
}

function firstLine(cmd, args) {
  try {
    return execFileSync(cmd, args, { env: childEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim();
  } catch {
    return undefined;
  }
}

function osName() {
  try {
    const m = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m);
    return m ? m[1] : process.platform;
  } catch {
    return process.platform;
  }
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: osName(),
    node: process.version,
    etcd: firstLine(ETCD_BIN, ['--version']),
    referenceEtcdctl: firstLine(REF_ETCDCTL, ['version']),
    nodeExtraCaCertsRemoved: process.env.NODE_EXTRA_CA_CERTS !== undefined,
  };
}

export function missingPrerequisites() {
  const missing = [];
  if (!existsSync(ETCD_BIN)) missing.push(`${ETCD_BIN} (apt-get install -y etcd-server)`);
  if (!existsSync(REF_ETCDCTL)) missing.push(`${REF_ETCDCTL} (apt-get install -y etcd-client)`);
  return missing;
}

export const hasTimeBin = () => existsSync(TIME_BIN);
