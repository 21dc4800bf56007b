// What each start-up lever buys, measured in one run: the compiled ES modules (dist/main.js), the bundle
// without V8's code cache, the bundle through bin/etcdctl (code cache), and Node's floor for the same work
// (a raw node:http2 call for `get`, a bare write for `version`). Run by bench/run.mjs (not in --quick).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, commandVariant } from './lib/measure.mjs';
import { NODE } from './lib/env.mjs';

const FLOOR_HTTP2 = fileURLToPath(new URL('./lib/floor-http2.cjs', import.meta.url));
const VERSION_TEXT = 'etcdctl version: 3.4.23\nAPI version: 3.4\n';

/** ctx: { stageDir, ours, endpoint, warmup, rounds }. */
export async function runStartupLevers(ctx) {
  // Node's own CommonJS loader, so no code cache: the bundle exactly as a plain require would run it.
  const plainBundle = join(ctx.stageDir, 'bench-plain-bundle.cjs');
  writeFileSync(plainBundle, "require('./dist/bundle/etcdctl.cjs');\n");
  const cases = [
    { name: 'get foo', args: [`--endpoints=${ctx.endpoint}`, 'get', 'foo'], floor: [FLOOR_HTTP2, ctx.endpoint, 'foo'] },
    { name: 'version', args: ['version'], floor: ['-e', `process.stdout.write(${JSON.stringify(VERSION_TEXT)})`] },
  ];
  const rows = [];
  for (const c of cases) {
    const r = await alternate(
      [
        commandVariant('node -e 0', NODE, ['-e', '0']),
        commandVariant('Node floor', NODE, c.floor),
        commandVariant('ES modules (dist/main.js)', NODE, [join(ctx.stageDir, 'dist/main.js'), ...c.args]),
        commandVariant('bundle, no code cache', NODE, [plainBundle, ...c.args]),
        commandVariant('bin/etcdctl (bundle + code cache)', ctx.ours, c.args),
      ],
      { warmup: ctx.warmup, rounds: ctx.rounds },
    );
    for (const [variant, s] of Object.entries(r)) {
      rows.push({ suite: 'start-up levers', name: `${c.name}: ${variant}`, unit: 'ms', lowerIsBetter: true, ours: s, node: r['node -e 0'] });
    }
  }
  return { rows, goals: [] };
}
