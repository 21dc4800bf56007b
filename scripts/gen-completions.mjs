#!/usr/bin/env node
// `npm run gen:completions`: writes completions/ from the command trees, through the same renderers that
// `etcdctl completion <shell>` and `etcdutl completion <shell>` print with. `node scripts/gen-completions.mjs
// --out DIR` writes elsewhere (the drift test compares such a copy with the checked-in one).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = fileURLToPath(new URL('..', import.meta.url));

/**
 * Compiles src/ to dist/ so the generators read the tree as it is now. tsc still emits when some other
 * file in progress has type errors; the tree is all the generators need, so that is not fatal here.
 */
export function buildQuietly() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(REPO, 'tsconfig.json')], { stdio: 'pipe' });
  } catch {
    console.error('note: tsc reported type errors; generating from what it emitted');
  }
}

/** The checked-in file for each shell, named as each shell's loader looks for it. */
export const COMPLETION_FILES = { bash: 'etcdctl.bash', zsh: '_etcdctl', fish: 'etcdctl.fish' };

/** etcdutl's, beside them. */
export const UTL_COMPLETION_FILES = { bash: 'etcdutl.bash', zsh: '_etcdutl', fish: 'etcdutl.fish' };

export async function writeCompletions(outDir) {
  const { completionScript } = await import('../dist/v3/commands/completion.js');
  const { utlCompletionScript } = await import('../dist/etcdutl/commands/completion.js');
  mkdirSync(outDir, { recursive: true });
  for (const [shell, file] of Object.entries(COMPLETION_FILES)) {
    writeFileSync(join(outDir, file), completionScript(shell));
  }
  for (const [shell, file] of Object.entries(UTL_COMPLETION_FILES)) {
    writeFileSync(join(outDir, file), utlCompletionScript(shell));
  }
  return [...Object.values(COMPLETION_FILES), ...Object.values(UTL_COMPLETION_FILES)];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--out');
  const outDir = i > 0 ? process.argv[i + 1] : join(REPO, 'completions');
  if (!process.argv.includes('--no-build')) buildQuietly();
  const files = await writeCompletions(outDir);
  console.log(`wrote ${files.length} completion scripts to ${outDir}`);
}
