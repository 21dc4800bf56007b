// What every fuzzed run must satisfy, in process or as a real process.

/** etcdctl's exit codes (both trees), and the shell's for a closed pipe. */
export const EXIT_CODES = new Set([0, 1, 2, 3, 4, 5, 6, 128]);

const STACK_TRACE = [
  /^ {4}at /m,
  /node:internal/,
  /\b(TypeError|RangeError|ReferenceError|SyntaxError|EvalError|URIError|AggregateError)\b/,
  /Error: [A-Z][A-Za-z]*Error\b/,
  // What a JS runtime error says once its class name is gone.
  /Cannot read propert|is not a function|is not iterable|is not defined|Maximum call stack|Cannot convert a BigInt|Do not know how to serialize a BigInt|Invalid array length|Invalid string length/,
];

/** Global flags every run gets first: endpoints on a closed loopback port, tiny timeouts. */
export function prefixFor(api, port) {
  return api === '3'
    ? [`--endpoints=127.0.0.1:${port}`, '--dial-timeout=50ms', '--command-timeout=50ms']
    : [`--endpoints=http://127.0.0.1:${port}`, '--timeout=50ms', '--total-timeout=100ms'];
}

/** The problems with one run's outcome; empty when it is fine. */
export function checkOutcome({ code, signal, stdout, stderr }) {
  const problems = [];
  if (signal) problems.push(`killed by ${signal}`);
  else if (!EXIT_CODES.has(code)) problems.push(`exit code ${code} is not one of etcdctl's`);
  for (const re of STACK_TRACE) {
    const m = re.exec(stderr) ?? re.exec(stdout);
    if (m) problems.push(`looks like a stack trace or JS error (${re}): …${(stderr || stdout).slice(Math.max(0, m.index - 80), m.index + 120)}…`);
  }
  return problems;
}
