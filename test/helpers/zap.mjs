// Comparing etcdctl's zap JSON log lines on stderr. The keys, their order and every field must match the
// reference's, except what is our own by nature: timestamps (only their encoding is checked: epoch seconds for
// zap.NewProduction, ISO 8601 for the clientv3 logger), durations, the client id and the target's port.

export const isZapLine = (l) => l.startsWith('{"level":');

const ISO8601 = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(?:Z|[+-]\\d{4})';

/**
 * stderr with what is our own in each zap line made alike; `replacements` ([from, to] strings) also apply there,
 * for file names that differ between the two runs. Other lines are kept as they are.
 */
export function normalizeZap(stderr, replacements = []) {
  return stderr
    .split('\n')
    .map((l) => {
      if (!isZapLine(l)) return l;
      let out = l
        .replace(/"ts":\d+(?:\.\d+)?,/, '"ts":"<epoch>",')
        .replace(new RegExp(`"ts":"${ISO8601}",`), '"ts":"<iso8601>",')
        .replace(/"took":\d+(?:\.\d+)?([,}])/, '"took":"<seconds>"$1')
        .replace(/"took":"[0-9.]+[a-zµ]+"/, '"took":"<duration>"')
        .replace(/endpoint:\/\/client-[0-9a-f-]{36}\//, 'endpoint://client-ID/')
        .replace(/("target":"[^"]*:)\d+"/, '$1PORT"');
      for (const [from, to] of replacements) out = out.split(from).join(to);
      return out;
    })
    .join('\n');
}

/** stderr without zap JSON log lines (for output whose log lines another test compares). */
export function withoutZapLines(stderr) {
  return stderr.split('\n').filter((l) => !isZapLine(l)).join('\n');
}

/** The distinct zap lines of stderr, normalised, sorted (where the reference's retries depend on timing). */
export function distinctZapLines(stderr) {
  return [...new Set(normalizeZap(stderr).split('\n').filter(isZapLine))].sort();
}

/** The zap lines' messages, in order. */
export const zapMessages = (stderr) => stderr.split('\n').filter(isZapLine).map((l) => JSON.parse(l).msg);
