// A private copy of the built CLI (bin/, dist/, package.json; node_modules linked), so that a developer
// running `tsc` in the checkout during a benchmark neither makes the bundle stale half-way nor mixes builds;
// and a build of another revision (the branch's base), so that one run shows start-up before and after.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv } from './env.mjs';

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

/**
 * Builds another revision of the project (`npm run build`'s two steps, with that revision's own tsconfig and
 * bundle script) in a temporary folder, from `git archive`, so the checkout and its git state stay untouched.
 * Returns what stageBuild returns, plus the revision's short name; throws when it cannot be built.
 */
export function stageRevision(repoRoot, rev) {
  const git = (...args) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const commit = git('rev-parse', '--verify', `${rev}^{commit}`);
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-bench-base-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const tar = execFileSync('git', ['archive', '--format=tar', commit, 'bin', 'src', 'scripts', 'package.json', 'tsconfig.json'], { cwd: repoRoot, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const build = { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() };
    execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], build);
    execFileSync(process.execPath, [join(dir, 'scripts', 'bundle.mjs')], build);
  } catch (err) {
    remove();
    throw new Error(`could not build ${rev} (${commit.slice(0, 10)}): ${String(err.stderr ?? err.message).trim().split('\n').slice(-3).join(' | ')}`);
  }
  const short = commit.slice(0, 10);
  return { dir, bin: join(dir, 'bin', 'etcdctl'), remove, rev: commit.startsWith(rev) ? short : `${rev} ${short}` };
}

/** The revision to compare with: where this branch left main (its commit), or undefined (this is main; no main). */
export function defaultBase(repoRoot) {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const base = git('merge-base', 'HEAD', 'main');
    return base === git('rev-parse', 'HEAD') ? undefined : base;
  } catch {
    return undefined;
  }
}
