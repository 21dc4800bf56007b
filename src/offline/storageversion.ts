// `etcdutl migrate --data-dir DIR --target-version X.Y [--force]` (etcdutl/etcdutl/migrate_command.go and
// server/storage/schema@v3.6.14): the storage version of a stopped member's backend, moved between 3.5 and 3.6.
// 3.6 added one field, meta/storageVersion; 3.5 is recognised by its consistent-index term. Nothing here prints:
// what etcdutl logs comes back as `logs`, its failure as an OfflineError with the logs before it.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { BoltReader } from './bbolt/reader.js';
import { bucketKey, mergeInto, rewriteBuckets } from './bbolt/rewrite.js';
import { newestValidSnapshot } from './checkv2.js';
import { OfflineError, ioError } from './errors.js';
import { parseSemver } from '../go/version.js';
import { Buckets, MetaKeys, readMeta, readU64be } from './schema.js';
import { readWal } from './wal.js';
import { EntryType } from '../v3/proto/schema.js';

export interface MinorVersion {
  major: number;
  minor: number;
}

export interface MigrateLog {
  level: 'info' | 'warn' | 'error';
  msg: string;
  fields: [string, string][];
}

export interface StorageMigration {
  logs: MigrateLog[];
}

const STORAGE_VERSION_KEY = Buffer.from('storageVersion', 'latin1');

const text = (v: MinorVersion) => `${v.major}.${v.minor}`;
const semverText = (v: MinorVersion) => `${v.major}.${v.minor}.0`;
const cmp = (a: MinorVersion, b: MinorVersion) => a.major - b.major || a.minor - b.minor;

/** The --target-version check of migrateOptions.Config (exit 128 on failure, as etcdutl). */
export function parseTargetVersion(target: string): MinorVersion {
  if (target.split('.').length - 1 !== 1) throw new OfflineError(`wrong target version format, expected "X.Y", got ${JSON.stringify(target)}`, 'BAD_CONFIG', 128);
  for (const part of [...target.split('.'), '0']) {
    if (!/^[+-]?\d+$/.test(part)) {
      throw new OfflineError(`failed to parse target version: strconv.ParseInt: parsing ${JSON.stringify(part)}: invalid syntax`, 'BAD_CONFIG', 128);
    }
  }
  const [major, minor] = target.split('.').map(Number);
  const v = { major, minor };
  if (cmp(v, { major: 3, minor: 5 }) < 0) throw new OfflineError(`target version "${text(v)}" not supported. Minimal "3.5"`, 'BAD_CONFIG', 128);
  return v;
}

/** schema.UnsafeDetectSchemaVersion: storageVersion when set (3.6 on), 3.5 when the term is, else an error. */
function detect(dbPath: string): MinorVersion {
  const r = BoltReader.open(dbPath);
  try {
    const sv = readMeta(r, STORAGE_VERSION_KEY);
    const parsed = sv && parseSemver(Buffer.from(sv).toString('latin1'));
    if (parsed) return parsed;
    const term = readMeta(r, MetaKeys.term);
    if (!term || term.length < 8 || readU64be(term) === 0n) throw new OfflineError('missing term information', 'CORRUPT');
    return { major: 3, minor: 5 };
  } finally {
    r.close();
  }
}

/** A protobuf message's top-level length-delimited fields numbered `field` (raw bytes). */
function lengthDelimited(data: Uint8Array, field: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let i = 0;
  const varint = (): number => {
    let v = 0;
    let shift = 1;
    for (;;) {
      if (i >= data.length) throw new RangeError('truncated');
      const b = data[i++];
      v += (b & 0x7f) * shift;
      if (b < 0x80) return v;
      shift *= 128;
    }
  };
  while (i < data.length) {
    const key = varint();
    const wire = key % 8;
    if (wire === 0) varint();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else if (wire === 2) {
      const len = varint();
      if (Math.floor(key / 8) === field) out.push(data.subarray(i, i + len));
      i += len;
    } else throw new RangeError('wire type');
  }
  return out;
}

/**
 * wal.MinimalEtcdVersion as far as a downgrade to 3.5 can need it: the only WAL content annotated newer than 3.5
 * in 3.6 is InternalRaftRequest.downgrade_version_test (field 9900, "3.6", and the version it carries).
 */
function walNeedsAtLeast(dataDir: string): string | null {
  const snap = newestValidSnapshot(dataDir);
  const walsnap = snap ? { index: snap.metadata.index, term: snap.metadata.term } : { index: 0n, term: 0n };
  let wal;
  try {
    wal = readWal(join(dataDir, 'member', 'wal'), walsnap);
  } catch (err) {
    throw new OfflineError(`failed to open wal: ${(err as Error).message}`, 'WAL');
  }
  let newest: MinorVersion | null = null;
  let newestText = '';
  for (const e of wal.entries) {
    if (e.type !== EntryType.EntryNormal || !e.data) continue;
    let tests: Uint8Array[];
    try {
      tests = lengthDelimited(e.data, 9900);
    } catch {
      continue;
    }
    for (const t of tests) {
      const ver = lengthDelimited(t, 1).map((b) => Buffer.from(b).toString('latin1'))[0] ?? '';
      for (const [v, s] of [[{ major: 3, minor: 6 }, '3.6.0'], [parseSemver(ver), ver]] as const) {
        if (v && (!newest || cmp(v, newest) > 0)) {
          newest = v;
          newestText = s;
        }
      }
    }
  }
  return newest ? newestText : null;
}

/** Sets (3.6 on) or removes (3.5) meta/storageVersion. */
function writeStorageVersion(dbPath: string, target: MinorVersion | null): void {
  const puts = new Map<string, Uint8Array | null>([[bucketKey(STORAGE_VERSION_KEY), target ? Buffer.from(semverText(target), 'latin1') : null]]);
  rewriteBuckets(dbPath, new Map([[bucketKey(Buckets.meta), { kind: 'rewrite', fill: (b, old, r) => mergeInto(b, old, r, puts) }]]));
}

export function migrateStorage(dataDir: string, target: MinorVersion, force: boolean): StorageMigration {
  const dbPath = join(dataDir, 'member', 'snap', 'db');
  try {
    statSync(dbPath);
  } catch (err) {
    throw ioError('stat', dbPath, err);
  }
  const logs: MigrateLog[] = [];
  const fail = (err: OfflineError): never => {
    err.messages = [];
    (err as OfflineError & { migrateLogs?: MigrateLog[] }).migrateLogs = logs;
    throw err;
  };
  let current: MinorVersion;
  try {
    current = detect(dbPath);
  } catch (err) {
    if (!(err instanceof OfflineError)) throw err;
    logs.push({ level: 'error', msg: 'failed to detect storage version. Please make sure you are using data dir from etcd v3.5 and older', fields: [] });
    return fail(err);
  }
  if (cmp(current, target) === 0) {
    logs.push({ level: 'info', msg: 'storage version up-to-date', fields: [['storage-version', text(current)]] });
    return { logs };
  }
  const planError = (() => {
    // newPlan: one minor at a time, each step a version 3.6's schema knows.
    if (current.major !== target.major) {
      logs.push({
        level: 'error',
        msg: 'Changing major storage version is not supported',
        fields: [['storage-version', semverText(current)], ['target-storage-version', semverText(target)]],
      });
      return 'changing major storage version is not supported';
    }
    for (let v = current; cmp(v, target) !== 0; ) {
      const up = v.minor < target.minor;
      const higher = up ? { major: v.major, minor: v.minor + 1 } : v;
      if (higher.major !== 3 || higher.minor !== 6) return `version "${semverText(higher)}" is not supported`;
      v = { major: v.major, minor: up ? v.minor + 1 : v.minor - 1 };
    }
    return null;
  })();
  let error: string | null = planError === null ? null : `cannot create migration plan: ${planError}`;
  if (error === null && cmp(target, current) < 0) {
    const needs = walNeedsAtLeast(dataDir);
    if (needs !== null && cmp(target, parseSemver(needs) ?? target) < 0) {
      error = `cannot downgrade storage, WAL contains newer entries, as the target version (${semverText(target)}) is lower than the version (${needs}) detected from WAL logs`;
    }
  }
  if (error !== null) {
    if (!force) return fail(new OfflineError(error, 'CORRUPT'));
    logs.push({ level: 'info', msg: 'normal migrate failed, trying with force', fields: [['error', error]] });
    const clear = cmp(target, { major: 3, minor: 6 }) < 0;
    writeStorageVersion(dbPath, clear ? null : target);
    logs.push(clear ? { level: 'warn', msg: 'forcefully cleared storage version', fields: [] } : { level: 'warn', msg: 'forcefully set storage version', fields: [['storage-version', text(target)]] });
    return { logs };
  }
  writeStorageVersion(dbPath, cmp(target, { major: 3, minor: 6 }) < 0 ? null : target);
  logs.push({ level: 'info', msg: 'updated storage version', fields: [['new-storage-version', semverText(target)]] });
  return { logs };
}
