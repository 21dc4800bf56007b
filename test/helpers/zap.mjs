// Comparing etcdctl's zap JSON log lines on stderr: the keys, their order and every field must match, except
// what is our own by nature (timestamps, durations). `zapShape` turns stderr into comparable text.

const ISO8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d{4})$/;

/** ts as its kind: "<epoch>" for zap.NewProduction's float seconds, "<iso8601>" for the clientv3 logger's text. */
function tsKind(ts) {
  if (typeof ts === 'number' && ts > 1e9) return '<epoch>';
  if (typeof ts === 'string' && ISO8601.test(ts)) return '<iso8601>';
  return `<bad ts ${JSON.stringify(ts)}>`;
}

/**
 * stderr with each zap line rewritten: ts replaced by its kind, durations ("took") by their type, and the
 * given [from, to] string replacements applied to the rest (file names that differ between the two runs).
 * Other lines are kept as they are.
 */
export function zapShape(stderr, replacements = []) {
  return stderr
    .split('\n')
    .map((line) => {
      if (!line.startsWith('{"level":')) return line;
      const entry = JSON.parse(line);
      const out = {};
      for (const [k, v] of Object.entries(entry)) {
        if (k === 'ts') out[k] = tsKind(v);
        else if (k === 'took') out[k] = typeof v === 'number' ? '<seconds>' : typeof v === 'string' ? '<duration>' : v;
        else out[k] = v;
      }
      let text = JSON.stringify(out);
      for (const [from, to] of replacements) text = text.split(from).join(to);
      return text;
    })
    .join('\n');
}

/** The zap lines' messages, in order. */
export const zapMessages = (stderr) =>
  stderr.split('\n').filter((l) => l.startsWith('{"level":')).map((l) => JSON.parse(l).msg);
