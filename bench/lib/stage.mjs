// A private copy of the built CLI (bin/, dist/, package.json; node_modules linked), so that a developer
// running `tsc` in the checkout during a benchmark neither makes the bundle stale half-way nor mixes builds.
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Copies the checkout's built CLI; returns its bin/etcdctl and a remove(). Timestamps are kept (freshness);
 * code caches are not, so the first benchmarked command makes them as a user's first run does.
 */
export function stageBuild(repoRoot) {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-bench-'));
  for (const part of ['bin', 'dist', 'package.json']) {
    cpSync(join(repoRoot, part), join(dir, part), { recursive: true, preserveTimestamps: true });
  }
  const bundleDir = join(dir, 'dist', 'bundle');
  for (const f of safeList(bundleDir)) if (f.endsWith('.cache')) rmSync(join(bundleDir, f));
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return {
    dir,
    bin: join(dir, 'bin', 'etcdctl'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Whether bin/etcdctl in `dir` will run the bundle (present and at least as new as dist/main.js). */
export function bundleIsFresh(dir) {
  try {
    return statSync(join(dir, 'dist/bundle/etcdctl.cjs')).mtimeMs >= statSync(join(dir, 'dist/main.js')).mtimeMs;
  } catch {
    return false;
  }
}
