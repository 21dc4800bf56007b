// Argument vectors for the fuzz test: real command names of both trees (and prefixes, near misses, unknown
// words) with random flags and values: unicode, empty strings, huge numbers, `--`, values starting with `-`.
// A seed fully determines the vectors, so a failure is reproduced by running the same seed again.
import { V3_COMMANDS, V3_GLOBAL_FLAGS } from '../../dist/v3/registry.js';
import { V2_COMMANDS, GLOBAL_FLAGS as V2_GLOBAL_FLAGS } from '../../dist/v2/registry.js';

/** mulberry32: small, fast, and the same on every machine. */
export function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)], chance: (p) => next() < p };
}

const UNICODE = ['ключ', '键值', '🔑', 'e\u0301', '\u202eabc', 'ｆｕｌｌ', 'a\tb', 'a\nb', ' ', '\u00a0', 'ä/ö', '\u{10ffff}', '\ufffd', 'İ'];
const NUMBERS = [
  '0', '1', '-1', '42', '007', '+5', '1.5', '1e3', '0x1f', '0b11', 'NaN', 'Infinity', '１２',
  '2147483648', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
  '18446744073709551615', '18446744073709551616', '99999999999999999999999999999999999999',
];
const DASHED = ['-', '--', '---', '-x', '-1', '--x', '--=', '-=', '--no-such-flag', '-h', '--help', '-w', '--prefix', '-i', '-o'];
const OTHER = ['', 'k', 'key', 'a=b', '=', '"', "'", '\\', '%s', '${HOME}', '*', '?', '[', '{"a":1}', 'true', 'false', 'maybe',
  'json', 'simple', 'fields', 'protobuf', 'table', 'extended', 'JSON', 'r', 'w', 'rw', 'read', 'write', 'readwrite',
  'http://127.0.0.1:1', 'unix://x', 'x:y', 'root', 'root:pw', ':', 'ab:', ':ab', './x.db', 'x.db', '1s', '0s', '-5s', '1h'];

/**
 * Flags whose values would take the run off this machine (DNS lookups, other endpoints) or make it legitimately
 * slow: never generated. The harness sets endpoints and tiny timeouts itself.
 */
const V3_AVOID = new Set(['discovery-srv', 'discovery-srv-name', 'endpoints', 'insecure-discovery']);
const V2_AVOID = new Set(['discovery-srv', 'peers', 'endpoint', 'endpoints', 'insecure-discovery']);
const TIMEOUT_FLAGS = new Set(['dial-timeout', 'command-timeout', 'keepalive-time', 'keepalive-timeout', 'timeout', 'total-timeout']);
const SMALL_DURATIONS = ['0', '1ms', '20ms', '0.05s', '50us', '-1s', '-50ms', 'abc', '', '1', 'ms', '1e-3s', '1.5.5s'];
/** Commands that run for a fixed time however the cluster answers (check perf: 60 s, as etcdctl): not generated. */
export const V3_LONG = new Set(['check perf']);
const V3_PICKS = V3_COMMANDS.filter((c) => !V3_LONG.has(c.path));

function randomWord(r) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-_.';
  let s = '';
  for (let i = 1 + r.int(12); i > 0; i--) s += alphabet[r.int(alphabet.length)];
  return s;
}

export function randomValue(r) {
  switch (r.int(9)) {
    case 0: return '';
    case 1: return r.pick(UNICODE);
    case 2: return r.pick(NUMBERS);
    case 3: return r.pick(DASHED);
    case 4: return r.chance(0.1) ? 'x'.repeat(1 + r.int(5000)) : randomWord(r);
    case 5: return r.pick(OTHER);
    case 6: return '-' + randomWord(r);
    case 7: return r.pick(UNICODE) + r.pick(NUMBERS);
    default: return randomWord(r);
  }
}

function flagValue(r, name, type) {
  if (TIMEOUT_FLAGS.has(name)) return r.pick(SMALL_DURATIONS);
  if (name === 'write-out' || name === 'output') return r.chance(0.8) ? r.pick(['simple', 'json', 'fields', 'protobuf', 'table', 'extended']) : randomValue(r);
  if (type === 'bool' && r.chance(0.7)) return r.pick(['true', 'false', 'maybe', '1', '0', 'T', '']);
  return randomValue(r);
}

/** One flag as a user might type it, in one or two words. */
function v3Flag(r, f) {
  if (r.chance(0.03)) return [r.pick(['--bogus', '-Z', '--', '-', '---x', '--=x'])];
  const value = flagValue(r, f.name, f.type);
  const useShort = f.short && r.chance(0.4);
  if (f.type === 'bool' && r.chance(0.6)) return [useShort ? `-${f.short}` : `--${f.name}`];
  if (useShort) return r.chance(0.5) ? [`-${f.short}${value}`] : [`-${f.short}`, value];
  return r.chance(0.5) ? [`--${f.name}=${value}`] : [`--${f.name}`, value];
}

function v2Flag(r, f) {
  if (r.chance(0.05)) return [r.pick(['--bogus', '-Z', '--', '-'])];
  const name = r.pick(f.names);
  const dash = name.length === 1 ? '-' : r.pick(['-', '--']);
  const value = flagValue(r, f.names[0], f.type);
  if (f.type === 'bool') return r.chance(0.7) ? [`${dash}${name}`] : [`${dash}${name}=${value}`];
  return r.chance(0.5) ? [`${dash}${name}=${value}`] : [`${dash}${name}`, value];
}

function shuffleInto(r, words, extra) {
  const out = [...words];
  for (const w of extra) out.splice(r.int(out.length + 1), 0, ...w);
  return out;
}

function commandWords(r, path) {
  const words = path.split(' ');
  // cobra matches unique prefixes; sometimes give one, sometimes a near miss.
  return words.map((w) => {
    if (r.chance(0.1)) return w.slice(0, 1 + r.int(w.length));
    if (r.chance(0.03)) return w.toUpperCase();
    if (r.chance(0.03)) return w + 'x';
    return w;
  });
}

export function v3Argv(r) {
  const roll = r.next();
  let path;
  if (roll < 0.03) path = '';
  else if (roll < 0.06) path = r.chance(0.5) ? 'help' : randomWord(r);
  else path = r.pick(V3_PICKS).path;
  const spec = V3_COMMANDS.find((c) => c.path === path);
  const flags = [...(spec?.flags ?? []), ...V3_GLOBAL_FLAGS].filter((f) => !V3_AVOID.has(f.name));
  const positional = Array.from({ length: r.int(5) }, () => [randomValue(r)]);
  const flagWords = Array.from({ length: r.int(5) }, () => v3Flag(r, r.pick(flags)));
  const words = path === '' ? [] : commandWords(r, path);
  // Mostly the command first, as people type it; sometimes flags or a word before it.
  const before = r.chance(0.15) ? flagWords.splice(0, 1) : [];
  if (r.chance(0.05)) before.push(...positional.splice(0, 1));
  let argv = [...shuffleInto(r, [], before), ...words, ...shuffleInto(r, [], [...positional, ...flagWords])];
  if (r.chance(0.15)) argv.splice(r.int(argv.length + 1), 0, '--');
  if (argv.some((w) => /^-[a-zA-Z]*d/.test(w))) argv = argv.filter((w) => !/^-[a-zA-Z]*d/.test(w));
  return argv;
}

function v2Leaves() {
  const out = [];
  for (const c of V2_COMMANDS) out.push({ words: c.path.split(' '), flags: c.flags });
  return out;
}
const V2_LEAVES = v2Leaves();

export function v2Argv(r) {
  const globals = V2_GLOBAL_FLAGS.filter((f) => !V2_AVOID.has(f.names[0]));
  const globalWords = Array.from({ length: r.int(3) }, () => v2Flag(r, r.pick(globals))).flat();
  const roll = r.next();
  let leaf;
  if (roll < 0.03) leaf = { words: [], flags: [] };
  else if (roll < 0.06) leaf = { words: [r.pick(['help', 'h', randomWord(r)])], flags: [] };
  else leaf = r.pick(V2_LEAVES);
  const words = leaf.words.map((w) => (r.chance(0.05) ? w + 'x' : w));
  const positional = Array.from({ length: r.int(4) }, () => [randomValue(r)]);
  const flagWords = Array.from({ length: r.int(4) }, () => v2Flag(r, r.pick([...leaf.flags, { names: ['help', 'h'], type: 'bool' }])));
  let rest = shuffleInto(r, [], [...positional, ...flagWords]);
  if (r.chance(0.15)) rest.splice(r.int(rest.length + 1), 0, '--');
  const argv = [...globalWords, ...words, ...rest];
  return argv.filter((w) => !/^-[a-zA-Z]*[DC]/.test(w));
}

/** `count` vectors, alternating trees: { api: '2' | '3', argv }. */
export function generate(seed, count) {
  const r = random(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const api = i % 2 === 0 ? '3' : '2';
    out.push({ api, argv: api === '3' ? v3Argv(r) : v2Argv(r) });
  }
  return out;
}
