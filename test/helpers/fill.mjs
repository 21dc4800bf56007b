// Filling a test or benchmark server through etcd's JSON gateway, so that neither client under test does the writing.
const b64 = (s) => Buffer.from(s).toString('base64');
/** etcd's default --max-txn-ops. */
const OPS_PER_TXN = 128;

async function post(clientUrl, path, body) {
  const res = await fetch(`${clientUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/** Printable and distinct per key, so outputs can be compared and nothing compresses away. */
function defaultValue(key, i, valueBytes) {
  return `${key}=`.padEnd(valueBytes, String.fromCharCode(97 + (i % 26))).slice(0, valueBytes);
}

/**
 * Puts `count` keys `${prefix}${i padded}` with values of `valueBytes` bytes (or what `value(key, i, valueBytes)`
 * gives), `opsPerTxn` to a transaction, `concurrency` transactions at a time (1: revisions are the same on every
 * run). Resolves with the revision of the last transaction.
 */
export async function putKeys(clientUrl, { prefix, count, valueBytes, concurrency = 8, value = defaultValue, opsPerTxn = OPS_PER_TXN }) {
  const width = String(count - 1).length;
  const txns = Math.ceil(count / opsPerTxn);
  let next = 0;
  let revision = 0n;
  const worker = async () => {
    while (next < txns) {
      const t = next++;
      const success = [];
      for (let i = t * opsPerTxn; i < Math.min(count, (t + 1) * opsPerTxn); i++) {
        const key = `${prefix}${String(i).padStart(width, '0')}`;
        success.push({ request_put: { key: b64(key), value: Buffer.from(value(key, i, valueBytes)).toString('base64') } });
      }
      const res = await post(clientUrl, '/v3/kv/txn', { success });
      const rev = BigInt(res.header.revision);
      if (rev > revision) revision = rev;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return revision;
}

/** One put; resolves with its revision. */
export async function putOne(clientUrl, key, value) {
  const res = await post(clientUrl, '/v3/kv/put', { key: b64(key), value: b64(value) });
  return BigInt(res.header.revision);
}

/** The backend's size in bytes, as `endpoint status` reports it. */
export async function dbSize(clientUrl) {
  const res = await post(clientUrl, '/v3/maintenance/status', {});
  return Number(res.dbSize);
}
