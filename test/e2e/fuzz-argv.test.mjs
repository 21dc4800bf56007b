// Fuzzing both command trees with generated argument vectors (test/fuzz/argv.mjs): no stack trace, no exit
// code outside etcdctl's set, no hang. 10 000 vectors run in one process; a sample runs as real processes.
// A fixed seed makes every failure reproducible: FUZZ_SEED=<seed> FUZZ_COUNT=<n> node --test test/e2e/fuzz-argv.test.mjs
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, start, OUR_ETCDCTL } from '../helpers/run.mjs';
import { generate } from '../fuzz/argv.mjs';
import { checkOutcome, prefixFor } from '../fuzz/check.mjs';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed2026);
const COUNT = Math.max(10000, Number(process.env.FUZZ_COUNT ?? 10000));
const SAMPLE = 200;
const RUNNER = fileURLToPath(new URL('../fuzz/run-in-process.mjs', import.meta.url));

const cwd = mkdtempSync(join(tmpdir(), 'etcdctl-ts-fuzz-'));
after(() => rmSync(cwd, { recursive: true, force: true }));

async function closedPort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

function reproduce(failures) {
  return failures
    .slice(0, 20)
    .map((f) => `#${f.index} ETCDCTL_API=${f.api} ${JSON.stringify(f.argv)}: ${f.problems.join('; ')}`)
    .join('\n');
}

describe(`argv fuzzing (seed ${SEED})`, { timeout: 240_000 }, () => {
  test('the checks catch what they are meant to', () => {
    assert.deepEqual(checkOutcome({ code: 128, stdout: '', stderr: 'Error: bad\n' }), []);
    assert.notDeepEqual(checkOutcome({ code: 7, stdout: '', stderr: '' }), []);
    assert.notDeepEqual(checkOutcome({ code: 1, stdout: '', stderr: "Error: Cannot read properties of undefined (reading 'x')\n" }), []);
    assert.notDeepEqual(checkOutcome({ code: 1, stdout: '', stderr: 'TypeError: x\n    at f (file.js:1:1)\n' }), []);
    assert.notDeepEqual(checkOutcome({ code: null, signal: 'SIGKILL', stdout: '', stderr: '' }), []);
    assert.deepEqual(generate(SEED, 50), generate(SEED, 50), 'a seed gives the same vectors');
  });

  test(`${COUNT} vectors in one process`, async () => {
    const port = await closedPort();
    // stdin on /dev/null: a password prompt reads file descriptor 0 and must see end of input, not wait.
    const args = [RUNNER, String(SEED), String(COUNT), String(port)];
    const { code, stdout, stderr } = await start(process.execPath, args, { cwd, inheritEnv: true, stdio: ['ignore', 'pipe', 'pipe'], timeoutMs: 0 }).done;
    assert.equal(code, 0, stderr);
    const summary = JSON.parse(stdout);
    assert.equal(summary.ran + summary.skipped, COUNT);
    assert.ok(summary.ran >= COUNT * 0.99, `only ${summary.ran} ran`);
    assert.deepEqual(summary.processErrors, []);
    assert.equal(summary.failures.length, 0, `seed ${SEED}:\n${reproduce(summary.failures)}`);
  });

  test(`${SAMPLE} of them as real processes`, async () => {
    const port = await closedPort();
    const { resolveCommand } = await import('../../dist/v3/cli.js');
    const all = generate(SEED, COUNT);
    const step = Math.floor(COUNT / SAMPLE);
    // A real process cannot have its name lookups refused: leave out what dials an address given on the line.
    const sample = all
      .map((item, index) => ({ ...item, index }))
      .filter((item) => item.index % step === 0)
      .filter((item) => item.api !== '3' || resolveCommand([...prefixFor('3', port), ...item.argv])?.path !== 'make-mirror')
      .filter((item) => item.api !== '3' || resolveCommand([...prefixFor('3', port), ...item.argv])?.path !== 'check perf');
    const failures = [];
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < sample.length) {
        const item = sample[next++];
        const env = item.api === '2' ? { ETCDCTL_API: '2' } : {};
        const r = await run(OUR_ETCDCTL, [...prefixFor(item.api, port), ...item.argv], { env, input: '', timeoutMs: 20000, cwd });
        const problems = checkOutcome(r);
        if (problems.length) failures.push({ ...item, problems });
      }
    }));
    assert.ok(sample.length >= SAMPLE * 0.9, `sample of ${sample.length}`);
    assert.equal(failures.length, 0, `seed ${SEED}:\n${reproduce(failures)}`);
  });
});
