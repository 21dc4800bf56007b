#!/usr/bin/env node
// Bundles the compiled dist/ into two CommonJS files that bin/etcdctl loads instead of dist/main.js:
//   dist/bundle/etcdctl.cjs  everything but grpc-js (help, version and completion need nothing else)
//   dist/bundle/grpc-js.cjs  @grpc/grpc-js, loaded only when a command opens a gRPC connection
// Why: Node resolves and links each ES module separately; one CommonJS file per concern starts several
// times faster (bench/startup-levers.mjs measures it), and a CommonJS file can use V8's code cache (bin/etcdctl).
// Run after tsc (`npm run build` does both); the launcher ignores a bundle older than dist/main.js.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// `node scripts/bundle.mjs [DIST]`: DIST defaults to the checkout's dist/ (tests bundle a copy elsewhere).
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const outDir = join(dist, 'bundle');

/**
 * The module that stands in for @grpc/grpc-js inside etcdctl.cjs (see bin/etcdctl's loader hook); should
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
 * \`import(specifier)\` with a specifier computed at run time resolves against the module that wrote it, which in
 * the bundle is no longer where it was: such imports are rebased onto the original module's folder, and go
 * through bin/etcdctl's importer (V8 lets code compiled by vm.Script import only through an experimental hook).
 * The module then loads unbundled, with its own copies of shared modules (their classes fail instanceof across
 * the two): a literal specifier, which esbuild bundles, is better.
 */
function variableImportsKeepTheirBase() {
  return {
    name: 'variable-imports-keep-their-base',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (a) => {
        if (!a.path.startsWith(dist + sep) || a.path.startsWith(outDir + sep)) return undefined;
        const code = readFileSync(a.path, 'utf8');
        if (!/\bimport\(\s*[A-Za-z_$]/.test(code)) return undefined;
        const base = JSON.stringify(relative(dist, dirname(a.path)).split(sep).join('/'));
        return { contents: code.replace(/\bimport\(\s*([A-Za-z_$][\w$]*)\s*\)/g, `${REBASED_IMPORT}($1, ${base})`), loader: 'js' };
      });
    },
  };
}

/**
 * Inlined where used (a banner would precede the bundle's "use strict"); the bundle lives in dist/bundle/.
 * Without the launcher (a plain require of the bundle), Node's own loader serves through Function.
 */
const REBASED_IMPORT =
  '(function __etcdctlImport(s, dir) { const u = /^\\.\\.?\\//.test(s) ? require("url").pathToFileURL(require("path").join(__dirname, "..", dir, s)).href : s;' +
  ' return (globalThis[Symbol.for("etcdctl-ts.import")] ?? new Function("u", "return import(u)"))(u); })';

/**
 * import() must not be left in the bundle: bin/etcdctl compiles it with vm.Script, where import() needs an
 * experimental hook (and prints a warning). esbuild turns the others into require(); only the glob's name
 * (a string) and the importer above may say "import(".
 */
function checkDynamicImports(code) {
  const left = code.replace(/"import\("[^"]*"\) in dist\/[^"]*"/g, '').replace(/'import\("[^"]*"\) in dist\/[^']*'/g, '').replaceAll('"return import(u)"', '');
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

async function build(esbuild) {
  mkdirSync(outDir, { recursive: true });
  removeBundle();

  const grpc = await esbuild.build({ ...common, absWorkingDir: root, entryPoints: ['@grpc/grpc-js'], write: false, outfile: join(outDir, 'grpc-js.cjs') });
  checkAscii('grpc-js.cjs', grpc.outputFiles[0].contents);
  checkDynamicImports(grpc.outputFiles[0].text);

  const missing = new Set();
  const main = await esbuild.build({
    ...common,
    entryPoints: [join(dist, 'main.js')],
    write: false,
    outfile: join(outDir, 'etcdctl.cjs'),
    plugins: [grpcSeparately(), missingStaysExternal(missing), variableImportsKeepTheirBase()],
  });
  const code = main.outputFiles[0].text;
  checkDynamicImports(code);
  checkAscii('etcdctl.cjs', Buffer.from(code, 'utf8'));

  writeAtomically(join(outDir, 'grpc-js.cjs'), grpc.outputFiles[0].contents);
  // Last: the launcher takes the bundle as fresh from this file's time.
  writeAtomically(join(outDir, 'etcdctl.cjs'), code);
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
