// A handler reads only the flags its registry entry declares (src/v3/registry.ts: V3Context and the entry
// check; src/v2/registry.ts: V2Context and command()): both trees are type-checked with small edits that break
// that rule, each of which must be refused at its own line, and nothing else may fail (so the check itself is
// known to run on a tree that compiles).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Each edit: the file, the text replaced (it must occur once), what replaces it, and why it must not compile. */
const EDITS = [
  {
    file: 'src/v2/commands/get.ts', find: "ctx.flag('sort')", replace: "ctx.flag('ttl')",
    why: 'a handler reads a flag its command does not declare',
  },
  {
    file: 'src/v2/commands/watch.ts', find: "ctx.flag('forever')", replace: "ctx.flag('forver')",
    why: 'a misspelt flag name',
  },
  {
    file: 'src/v2/commands/common.ts', find: "if (ctx.args.length === 0) throw badArgs('key required');",
    replace: "if (ctx.args.length === 0 || ctx.flag('ttl')) throw badArgs('key required');",
    why: 'a helper taking a plain CommandContext reads a flag',
  },
  {
    file: 'src/v2/registry.ts', find: "load: async () => (await import('./commands/update.js')).run,",
    replace: "load: async () => (await import('./commands/set.js')).run,",
    why: "an entry's handler is typed for another command's flags (set's, where update has only --ttl)",
  },
  {
    file: 'src/v2/registry.ts', find: "load: async () => (await import('./commands/member.js')).runList,",
    replace: "load: async () => (await import('./commands/rm.js')).runRm,",
    why: 'an entry without flags gets a handler that reads some',
  },
  {
    file: 'src/v3/commands/get.ts', find: "const prefix = ctx.flag('prefix');", replace: "const prefix = ctx.flag('ttl') === true;",
    why: 'a v3 handler reads a flag its command does not declare',
  },
  {
    file: 'src/v3/commands/member.ts', find: "if (ctx.args.length !== 1) throw badArgs('member ID is not provided');",
    replace: "if (ctx.args.length !== 1 || ctx.flag('prefix')) throw badArgs('member ID is not provided');",
    why: 'a v3 helper taking a plain CommandContext reads a flag',
  },
  {
    file: 'src/v3/registry.ts', find: "load: () => import('./commands/version.js').then((m) => m.version),",
    replace: "load: () => import('./commands/put.js').then((m) => m.put),",
    why: "a flagless v3 entry gets a handler typed for put's flags",
  },
];

/** The edited sources by absolute path, and the 1-based line of each edit. */
function applyEdits() {
  const sources = new Map();
  const lines = [];
  for (const e of EDITS) {
    const path = join(REPO, e.file);
    const text = sources.get(path) ?? readFileSync(path, 'utf8');
    const at = text.indexOf(e.find);
    assert.ok(at >= 0 && text.indexOf(e.find, at + 1) < 0, `${e.file}: "${e.find}" must occur once (update the edit if the source moved on)`);
    sources.set(path, text.slice(0, at) + e.replace + text.slice(at + e.find.length));
    lines.push({ ...e, path, line: text.slice(0, at).split('\n').length });
  }
  return { sources, lines };
}

function diagnosticsOf(sources) {
  const config = ts.getParsedCommandLineOfConfigFile(join(REPO, 'tsconfig.json'), { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => sources.get(ts.sys.resolvePath(name)) ?? readFile(name);
  // A registry imports every handler (load's import()), so the two bring in both trees.
  const roots = ['src/v3/registry.ts', 'src/v2/registry.ts'].map((f) => join(REPO, f));
  const program = ts.createProgram({ rootNames: roots, options: config.options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => ({
    path: d.file && ts.sys.resolvePath(d.file.fileName),
    line: d.file ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    text: `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`,
  }));
}

test('a handler that reads a flag its entry does not declare does not compile', () => {
  const { sources, lines } = applyEdits();
  const found = diagnosticsOf(sources);
  for (const e of lines) {
    assert.ok(found.some((d) => d.path === e.path && d.line === e.line), `${e.file}:${e.line}: ${e.why}, yet it compiles`);
  }
  const stray = found.filter((d) => !lines.some((e) => d.path === e.path && d.line === e.line));
  assert.deepEqual(stray.map((d) => `${d.path}:${d.line}: ${d.text}`), [], 'errors elsewhere: the unedited tree must compile');
});
