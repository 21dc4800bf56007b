#!/usr/bin/env node
// Bundles the compiled dist/ into CommonJS files that bin/etcdctl loads instead of dist/main.js:
//   dist/bundle/etcdctl.cjs   the core: main, parser, command tables, help, version and completion scripts
//   dist/bundle/commands.cjs  every other command handler and the client, loaded on the first handler load
//   dist/bundle/program.cjs   the whole program in one file, which the launcher runs instead of the two above
//                             when no word of argv names help, version or completion (a handler's run)
//   dist/bundle/grpc-js.cjs   @grpc/grpc-js, loaded only when a command opens a gRPC connection
//   dist/bundle/etcdutl.cjs   the second program, etcdutl (bin/etcdutl), whole
// Why: Node resolves and links each ES module separately; one CommonJS file per concern starts several
// times faster (bench/startup-levers.mjs measures it), and a CommonJS file can use V8's code cache (bin/etcdctl).
// `--help`, `version` and `completion` read only the core: a sixth of the code, and the completion scripts. A
// handler's run reads program.cjs: one file and one code cache, as before the split, rather than two of each and
// the stand-ins between them (1-2 % of a `get`).
// Run after tsc (`npm run build` does both); the launcher ignores a bundle older than dist/main.js.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `node scripts/bundle.mjs [DIST]`: DIST defaults to the checkout's dist/ (tests bundle a copy elsewhere).
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const outDir = join(dist, 'bundle');

/**
 * The module that stands in for @grpc/grpc-js inside commands.cjs (see bin/etcdctl's loader hook); should
 * grpc-js.cjs be missing or damaged, the installed package serves.
 */
const GRPC_SHIM = `
const load = globalThis[Symbol.for('etcdctl-ts.requireBundle')];
try {
  module.exports = load ? load('grpc-js.cjs') : require('./grpc-js.cjs');
} catch {
  module.exports = require('@grpc/grpc-js');
}
`;

/** grpc-js loads it only for channelz and ORCA, which a client never serves; bundling it would add 0.4 MB. */
const NEVER_LOADED = ['@grpc/proto-loader'];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  legalComments: 'none',
  charset: 'ascii',
  // Less to read and scan at every start; names stay, so stack traces and class names are unchanged.
  minifyWhitespace: true,
  // import() becomes require(): see checkDynamicImports.
  supported: { 'dynamic-import': false },
  external: NEVER_LOADED,
};

function grpcSeparately() {
  return {
    name: 'grpc-separately',
    setup(build) {
      // The shim's own requires stay requires (registered first: the first rule that answers wins).
      build.onResolve({ filter: /^(\.\/grpc-js\.cjs|@grpc\/grpc-js)$/, namespace: 'etcdctl-shim' }, (a) => ({ path: a.path, external: true }));
      build.onResolve({ filter: /^@grpc\/grpc-js$/ }, () => ({ path: 'grpc-js', namespace: 'etcdctl-shim' }));
      build.onLoad({ filter: /.*/, namespace: 'etcdctl-shim' }, () => ({ contents: GRPC_SHIM, loader: 'js' }));
    },
  };
}

/**
 * A module another developer has not compiled yet stays an import of the unbundled file, so the bundle
 * fails exactly where dist/main.js would (ERR_MODULE_NOT_FOUND), not at build time.
 */
function missingStaysExternal(missing) {
  return {
    name: 'missing-stays-external',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (a) => {
        if (!a.importer.startsWith(dist + sep) || a.importer.startsWith(outDir + sep)) return undefined;
        const target = resolve(a.resolveDir, a.path);
        if (existsSync(target)) return undefined;
        missing.add(relative(dist, target));
        return { path: './' + relative(outDir, target).split(sep).join('/'), external: true };
      });
    },
  };
}

/**
 * Text made from the command tables alone is the same in every run of a build: rendered here, once, for its
 * usual arguments, the function returns that string instead of making it; any other arguments (or a function
 * of another shape) render at run time as before. Returns the module's code with the lookup, or undefined.
 */
async function renderedAtBuild(file, code, name, argLists) {
  const param = "\\w+(?: = [\\w']+)?";
  const head = new RegExp(`export function ${name}\\((${param}(?:, ${param})*)\\) \\{\\n`).exec(code);
  if (head === null) {
    console.error(`bundle: ${name} changed its shape; it renders at run time`);
    return undefined;
  }
  const params = head[1].split(', ').map((p) => p.split(' = ')[0]);
  const render = (await import(pathToFileURL(file).href))[name];
  const table = `__etcdctlRendered_${name}`;
  const rendered = argLists.map((args) => [args.join(' '), render(...args)]);
  const lookup = `    const rendered = ${table}.get([${params.join(', ')}].join(' '));\n    if (rendered !== undefined) return rendered;\n`;
  return code.replace(head[0], head[0] + lookup) + `\nconst ${table} = new Map(${JSON.stringify(rendered)});\n`;
}

/**
 * Rendered at build time: the completion scripts with descriptions (106 KB; walking both trees took 3 ms of a
 * `completion` start) and the root help (0.5 ms of a --help start).
 */
async function textsRendered() {
  const texts = new Map();
  const completion = join(dist, 'v3', 'commands', 'completion.js');
  const scripts = [['bash', true], ['zsh', true], ['fish', true]];
  const withScripts = await renderedAtBuild(completion, readFileSync(completion, 'utf8'), 'completionScript', scripts);
  if (withScripts !== undefined) texts.set(completion, await renderersOnFirstCall(completion, withScripts));
  const help = join(dist, 'v3', 'help.js');
  const withHelp = await renderedAtBuild(help, readFileSync(help, 'utf8'), 'rootHelp', [[true], [false]]);
  if (withHelp !== undefined) texts.set(help, withHelp);
  return {
    name: 'texts-rendered',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (a) => (texts.has(a.path) ? { contents: texts.get(a.path), loader: 'js', resolveDir: dirname(a.path) } : undefined));
    },
  };
}

// --- the split -------------------------------------------------------------------------------------------
// etcdctl.cjs holds what main.js reaches by static imports, and the dynamic imports named in CORE_LAZY. Every
// other dynamic import in it loads commands.cjs (once) and takes its module from the table that bundle exports.
// commands.cjs holds those modules and what only they use; a module the core holds it takes from the table the
// core exposes, so that each module, and each class (instanceof CliError), exists once.

/** Reached by a dynamic import, yet in the core: what `--help`, `version` and `completion` need (dist/ paths, packages). */
const CORE_LAZY = new Set([
  'v3/cli.js',
  'v2/cli.js',
  'v3/commands/version.js',
  'v3/commands/completion.js',
  // Loaded only on a terminal, where help is read too.
  'chalk',
]);

const CORE_TABLE = "globalThis[Symbol.for('etcdctl-ts.core')]";
const SELF = Symbol('bundle.mjs resolving');
const keyOf = (file) => relative(dist, file).split(sep).join('/');
/** CommonJS code whose exports are those of a module (key) of commands.cjs, or of the core. */
const fromCommands = (key) => `module.exports = require('etcdctl-commands-table')(${JSON.stringify(key)});`;
const fromCore = (key) => `module.exports = ${CORE_TABLE}(${JSON.stringify(key)});`;

/** The core's loader of commands.cjs; when that cannot serve, the launcher runs dist/main.js instead. */
const commandsTable = (buildId) => `
let modules;
module.exports = function commandsModule(key) {
  if (modules === undefined) {
    const load = globalThis[Symbol.for('etcdctl-ts.requireBundle')];
    try {
      const bundle = load ? load('commands.cjs') : require('./commands.cjs');
      if (bundle.build !== ${JSON.stringify(buildId)}) throw new Error('commands.cjs is not from the build of etcdctl.cjs');
      modules = bundle.modules;
    } catch (err) {
      const unbundled = globalThis[Symbol.for('etcdctl-ts.runUnbundled')];
      if (unbundled) unbundled();
      throw err;
    }
  }
  const get = modules[key];
  if (get === undefined) throw Object.assign(new Error("Cannot find module '" + key + "'"), { code: 'ERR_MODULE_NOT_FOUND' });
  return get();
};
`;

/**
 * What stands in for a module (key) of the other bundle: `lookup`, CommonJS code returning the module's exports;
 * for a module with a default export, an ES module re-exporting what `lookupSpecifier` (that code) returns,
 * since esbuild, as Node, gives an ES module importing a CommonJS one the whole exports as default (ora takes
 * chalk's, tty.ts ora's). The CommonJS form spares two copies of the exports' getters.
 */
function standIn(key, lookupSpecifier, lookup) {
  if (!/\bexport\s+default\b|\bas\s+default\b/.test(readFileSync(resolve(dist, key), 'utf8'))) return lookup;
  const from = JSON.stringify(lookupSpecifier);
  return `export * from ${from};\nexport { default } from ${from};\n`;
}

/** In the core: a dynamic import not in CORE_LAZY becomes a lookup in commands.cjs; `split` collects them (key → file). */
function splitAtDynamicImports(split, buildId) {
  const lookup = (key) => `etcdctl-lookup:${key}`;
  return {
    name: 'split-at-dynamic-imports',
    setup(build) {
      build.onResolve({ filter: /^\.\/commands\.cjs$/, namespace: 'etcdctl-lookup' }, (a) => ({ path: a.path, external: true }));
      build.onResolve({ filter: /^etcdctl-commands-table$/ }, () => ({ path: 'table', namespace: 'etcdctl-lookup' }));
      build.onResolve({ filter: /^etcdctl-lookup:/, namespace: 'etcdctl-commands' }, (a) => ({ path: a.path.slice('etcdctl-lookup:'.length), namespace: 'etcdctl-lookup' }));
      build.onResolve({ filter: /.*/ }, async (a) => {
        if (a.kind !== 'dynamic-import' || a.pluginData === SELF || isBuiltin(a.path) || CORE_LAZY.has(a.path)) return undefined;
        const r = await build.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, importer: a.importer, pluginData: SELF });
        if (r.errors.length > 0 || r.external || CORE_LAZY.has(keyOf(r.path))) return undefined;
        split.set(keyOf(r.path), r.path);
        return { path: keyOf(r.path), namespace: 'etcdctl-commands' };
      });
      build.onLoad({ filter: /.*/, namespace: 'etcdctl-commands' }, (a) => ({
        contents: standIn(a.path, lookup(a.path), fromCommands(a.path)),
        loader: 'js',
      }));
      build.onLoad({ filter: /.*/, namespace: 'etcdctl-lookup' }, (a) => ({
        contents: a.path === 'table' ? commandsTable(buildId) : fromCommands(a.path),
        loader: 'js',
      }));
    },
  };
}

/** In commands.cjs: a module the core holds comes from the core's table; `shared` collects them (key → file). */
function takeFromCore(coreFiles, shared) {
  return {
    name: 'take-from-core',
    setup(build) {
      build.onResolve({ filter: /^etcdctl-lookup:/, namespace: 'etcdctl-core' }, (a) => ({ path: a.path.slice('etcdctl-lookup:'.length), namespace: 'etcdctl-core-lookup' }));
      build.onResolve({ filter: /.*/ }, async (a) => {
        if (a.pluginData === SELF || isBuiltin(a.path) || a.namespace.startsWith('etcdctl-core')) return undefined;
        const r = await build.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, importer: a.importer, pluginData: SELF });
        if (r.errors.length > 0 || r.external || !coreFiles.has(r.path)) return undefined;
        shared.set(keyOf(r.path), r.path);
        return { path: keyOf(r.path), namespace: 'etcdctl-core' };
      });
      build.onLoad({ filter: /.*/, namespace: 'etcdctl-core' }, (a) => ({
        contents: standIn(a.path, `etcdctl-lookup:${a.path}`, fromCore(a.path)),
        loader: 'js',
      }));
      build.onLoad({ filter: /.*/, namespace: 'etcdctl-core-lookup' }, (a) => ({ contents: fromCore(a.path), loader: 'js' }));
    },
  };
}

/**
 * completion.js's renderers (./completion/*.js, and the v2 tables they walk) serve only a script that was not
 * rendered here, yet as static imports they are loaded, and compiled (a third of a `completion bash` start when the
 * code cache came from another command), before every script. Each imported function becomes a function of the
 * same name that requires its module on the first call. Any import that is not a function stays as it was.
 */
async function renderersOnFirstCall(file, code) {
  const imports = /^import \{ ([\w, ]+) \} from '(\.\/completion\/[\w-]+\.js)';\n/gm;
  let lazy = code;
  for (const [line, names, specifier] of code.matchAll(imports)) {
    const exported = await import(pathToFileURL(resolve(dirname(file), specifier)).href);
    const list = names.split(', ');
    if (!list.every((n) => /^\w+$/.test(n) && typeof exported[n] === 'function')) continue;
    const callers = list.map((n) => `function ${n}(...args) {\n    return require(${JSON.stringify(specifier)}).${n}(...args);\n}\n`);
    lazy = lazy.replace(line, callers.join(''));
  }
  return lazy;
}

/** A generated entry module, resolving from dist/. */
function entry(contents) {
  return {
    name: 'entry',
    setup(build) {
      build.onResolve({ filter: /^etcdctl-entry$/ }, () => ({ path: 'entry', namespace: 'etcdctl-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'etcdctl-entry' }, () => ({ contents, loader: 'js', resolveDir: dist }));
    },
  };
}

const requireTable = (files) => `{\n${[...files].map(([k, f]) => `  ${JSON.stringify(k)}: () => require(${JSON.stringify(f)}),`).join('\n')}\n}`;

/** The core's entry: the table of the modules commands.cjs shares, then main.js, which runs the command. */
const coreEntry = (shared) => `const modules = ${requireTable(shared)};\n${CORE_TABLE} = (key) => modules[key]();\nrequire(${JSON.stringify(join(dist, 'main.js'))});\n`;

/** The whole program's entry: main.js, every dynamic import bundled with it (a require, run when reached). */
const programEntry = () => `require(${JSON.stringify(join(dist, 'main.js'))});\n`;

const commandsEntry = (split, buildId) => `exports.build = ${JSON.stringify(buildId)};\nexports.modules = ${requireTable(split)};\n`;

/** The files a build put in its output (absolute paths). */
function inputsOf(result) {
  return new Set(Object.keys(result.metafile.inputs).filter((k) => !k.includes(':')).map((k) => resolve(root, k)));
}

/**
 * import() must not be left in the bundle: bin/etcdctl compiles it with vm.Script, where import() needs an
 * experimental hook (and prints a warning). esbuild turns literal ones into require(), and every import() in src
 * is literal (the registry's `load`, ARCHITECTURE.md); only a module's name (a string) may say "import(".
 */
function checkDynamicImports(code) {
  const left = code.replace(/"import\("[^"]*"\) in dist\/[^"]*"/g, '').replace(/'import\("[^"]*"\) in dist\/[^']*'/g, '');
  const at = left.search(/\bimport\(/);
  if (at >= 0) throw new Error(`a dynamic import was left in the bundle: ${left.slice(at, at + 80)}`);
}

/** bin/etcdctl reads the bundles as latin1, which is faster than UTF-8 and the same for ASCII only. */
function checkAscii(name, bytes) {
  const i = bytes.findIndex((b) => b > 0x7f);
  if (i >= 0) throw new Error(`bundle: ${name} has a non-ASCII byte at offset ${i}; esbuild's charset must stay ascii`);
}

function writeAtomically(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/** Removes every bundle file, so that the launcher runs dist/main.js rather than something half made. */
function removeBundle() {
  if (!existsSync(outDir)) return;
  for (const f of readdirSync(outDir)) rmSync(join(outDir, f), { force: true });
}

function sameSet(a, b) {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

async function build(esbuild) {
  mkdirSync(outDir, { recursive: true });
  removeBundle();

  const grpc = await esbuild.build({ ...common, absWorkingDir: root, entryPoints: ['@grpc/grpc-js'], write: false, outfile: join(outDir, 'grpc-js.cjs') });
  const buildId = randomBytes(8).toString('hex');
  const missing = new Set();
  const split = new Map();
  const rendered = await textsRendered();
  const bundleOf = (name, contents, plugins) =>
    esbuild.build({
      ...common,
      absWorkingDir: root,
      entryPoints: ['etcdctl-entry'],
      write: false,
      metafile: true,
      outfile: join(outDir, name),
      plugins: [entry(contents), grpcSeparately(), missingStaysExternal(missing), ...plugins],
    });

  // The core first, to learn what it holds; commands.cjs then, to learn what it takes from the core; the core
  // again, now exposing those.
  const firstCore = await bundleOf('etcdctl.cjs', coreEntry(new Map()), [rendered, splitAtDynamicImports(split, buildId)]);
  const coreFiles = inputsOf(firstCore);
  const shared = new Map();
  const commands = await bundleOf('commands.cjs', commandsEntry(split, buildId), [rendered, takeFromCore(coreFiles, shared)]);
  const core = await bundleOf('etcdctl.cjs', coreEntry(shared), [rendered, splitAtDynamicImports(new Map(), buildId)]);
  if (!sameSet(inputsOf(core), coreFiles)) throw new Error('the core changed when it exposed its modules');
  // Without the texts rendered here (110 KB less to read at each start): it serves help and completion only
  // when argv names neither, such as `etcdctl` alone or `etcdctl comp bash`, which then render them.
  const program = await bundleOf('program.cjs', programEntry(), []);
  if (!sameSet(inputsOf(program), new Set([...coreFiles, ...inputsOf(commands)]))) throw new Error('program.cjs holds other modules than the core and commands.cjs together');
  // etcdutl (bin/etcdutl): its whole program in one file; it never loads gRPC.
  const utl = await bundleOf('etcdutl.cjs', `require(${JSON.stringify(join(dist, 'etcdutl', 'main.js'))});\n`, []);
  const twice = [...inputsOf(commands)].filter((f) => coreFiles.has(f));
  if (twice.length > 0) throw new Error(`in both bundles: ${twice.map(keyOf).join(', ')}`);
  for (const name of CORE_LAZY) {
    if (name.endsWith('.js') && !coreFiles.has(join(dist, name))) console.error(`bundle: CORE_LAZY names ${name}, which main.js does not reach`);
  }

  const files = [
    ['grpc-js.cjs', grpc.outputFiles[0].text],
    ['commands.cjs', commands.outputFiles[0].text],
    ['program.cjs', program.outputFiles[0].text],
    ['etcdutl.cjs', utl.outputFiles[0].text],
    // Last: the launcher takes the bundle as fresh from this file's time.
    ['etcdctl.cjs', core.outputFiles[0].text],
  ];
  for (const [name, code] of files) {
    checkDynamicImports(code);
    checkAscii(name, Buffer.from(code, 'utf8'));
  }
  for (const [name, code] of files) writeAtomically(join(outDir, name), code);
  if (missing.size > 0) console.error(`bundle: not compiled yet, left unbundled: ${[...missing].sort().join(', ')}`);
}

/**
 * A bundle that cannot be made safely is no reason to fail the build: bin/etcdctl then runs dist/main.js,
 * only slower (test/e2e/launcher.test.mjs is where a bundle that cannot be made fails).
 */
async function main() {
  if (!existsSync(join(dist, 'main.js'))) {
    console.error(`bundle: ${join(dist, 'main.js')} not found; run tsc first`);
    process.exit(1);
  }
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    removeBundle();
    console.error('bundle: esbuild is not installed (npm ci installs it); bin/etcdctl runs dist/main.js');
    return;
  }
  try {
    await build(esbuild);
  } catch (err) {
    removeBundle();
    console.error(`bundle: ${err instanceof Error ? err.message : err}\nbundle: no bundle made; bin/etcdctl runs dist/main.js`);
  }
}

await main();
