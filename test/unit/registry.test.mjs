// The command registries (src/v3/registry.ts, src/v2/registry.ts) are the only place a command is declared:
// every entry loads a handler, every flag and argument kind is one the parsers and completion know, and
// help, completion and man pages are derived from the entries alone.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARG_KINDS, isBuiltin, isCommand, isGroup } from '../../dist/cli/registry.js';
import { V3_COMMANDS, V3_REGISTRY, inheritedFlags } from '../../dist/v3/registry.js';
import { V2_COMMANDS, V2_REGISTRY } from '../../dist/v2/registry.js';
import { v2CompletionTree, v3CompletionTree, walk } from '../../dist/v3/commands/completion/model.js';
import { rootHelp } from '../../dist/v3/help.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const V3_FLAG_TYPES = ['bool', 'string', 'stringSlice', 'int64', 'uint64', 'duration'];
const V2_FLAG_TYPES = ['bool', 'string', 'int', 'duration', 'stringSlice'];
const sets = [
  { api: 'v3', registry: V3_REGISTRY, commands: V3_COMMANDS, types: V3_FLAG_TYPES, flagName: (f) => f.name, tree: v3CompletionTree },
  { api: 'v2', registry: V2_REGISTRY, commands: V2_COMMANDS, types: V2_FLAG_TYPES, flagName: (f) => f.names[0], tree: v2CompletionTree },
];

for (const { api, registry, commands, types, flagName, tree } of sets) {
  describe(`${api} registry`, () => {
    test('every command entry loads a function (its handler)', async () => {
      assert.ok(commands.length > 10);
      for (const c of commands) assert.equal(typeof (await c.load()), 'function', c.path);
    });

    test('every item is a command, a group of commands or the built-in help; paths are unique', () => {
      const paths = new Set();
      for (const item of registry.items) {
        assert.ok(isCommand(item) || isGroup(item) || isBuiltin(item), item.path);
        for (const c of isGroup(item) ? item.commands : [item]) {
          assert.ok(!paths.has(c.path), `duplicate ${c.path}`);
          paths.add(c.path);
          if (isGroup(item)) assert.ok(c.path.startsWith(`${item.path} `), c.path);
        }
      }
      assert.equal(registry.items.filter(isBuiltin).length, 1);
    });

    test('every flag kind, value hint and argument kind is a known one', () => {
      const groupFlags = registry.items.filter(isGroup).flatMap((g) => g.flags ?? []);
      for (const f of [...registry.flags, ...groupFlags, ...commands.flatMap((c) => c.flags)]) {
        assert.ok(types.includes(f.type), `${flagName(f)}: ${f.type}`);
        assert.ok(f.value === undefined || ['file', 'dir'].includes(f.value), flagName(f));
        if (f.choices) {
          assert.notEqual(f.type, 'bool', `${flagName(f)}: a boolean has no choices`);
          assert.ok(f.choices.length > 0 && f.value === undefined, flagName(f));
        }
      }
      for (const item of registry.items) {
        for (const c of isGroup(item) ? item.commands : [item]) {
          const args = c.args ?? { kind: 'none' };
          assert.ok(ARG_KINDS.includes(args.kind), `${c.path}: ${args.kind}`);
          if (args.kind === 'key') assert.ok(Number.isInteger(args.count) && args.count > 0, c.path);
        }
      }
    });

    test('the completion model is the registry: every command, argument kind and value choice', () => {
      const nodes = new Map(walk(tree().root).map((n) => [n.path, n]));
      for (const c of commands) {
        const node = nodes.get(c.path);
        assert.ok(node, c.path);
        assert.equal(node.description, c.short, c.path);
        assert.equal(node.args, c.args?.kind ?? 'none', c.path);
        for (const f of c.flags.filter((x) => x.choices)) {
          const offered = node.local.find((x) => x.accepted.includes(`--${flagName(f)}`));
          assert.deepEqual(offered.value, { kind: 'choices', values: f.choices }, `${c.path} --${flagName(f)}`);
        }
      }
      const help = registry.items.find(isBuiltin);
      assert.equal(nodes.get(help.path).args, 'command');
    });
  });
}

describe('v3 registry order and inheritance', () => {
  test("the root items are in etcdctl's AddCommand order (cobra's suggestion order); help lists them sorted", () => {
    assert.deepEqual(V3_REGISTRY.items.map((i) => i.path).slice(0, 11), [
      'get', 'put', 'del', 'txn', 'compaction', 'alarm', 'defrag', 'endpoint', 'move-leader', 'watch', 'version',
    ]);
    const listed = rootHelp().split('COMMANDS:\n')[1].split('\n\n')[0].split('\n').map((l) => l.trim().split(/\s/)[0]);
    assert.deepEqual(listed, [...listed].sort());
  });
  test("endpoint's persistent --cluster is inherited by its commands only", () => {
    assert.ok(inheritedFlags('endpoint health').some((f) => f.name === 'cluster'));
    assert.ok(!inheritedFlags('get').some((f) => f.name === 'cluster'));
  });
  test('the variables a command reads itself are declared on it', () => {
    assert.deepEqual(V3_COMMANDS.find((c) => c.path === 'watch').env, ['ETCDCTL_WATCH_KEY', 'ETCDCTL_WATCH_RANGE_END']);
  });
});

describe('generated files come from the registries alone', () => {
  test('completions/ and man/ regenerated from the registries are byte-identical to the checked-in ones', () => {
    const out = mkdtempSync(join(tmpdir(), 'etcdctl-registry-'));
    try {
      execFileSync(process.execPath, [join(REPO, 'scripts/gen-completions.mjs'), '--no-build', '--out', join(out, 'completions')], { stdio: 'pipe' });
      execFileSync(process.execPath, [join(REPO, 'scripts/gen-man.mjs'), '--no-build', '--out', join(out, 'man')], { stdio: 'pipe' });
      for (const dir of ['completions', 'man']) {
        const want = readdirSync(join(REPO, dir)).sort();
        assert.deepEqual(readdirSync(join(out, dir)).sort(), want, dir);
        for (const f of want) assert.equal(readFileSync(join(out, dir, f), 'utf8'), readFileSync(join(REPO, dir, f), 'utf8'), `${dir}/${f}`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
