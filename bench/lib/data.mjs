// Filling a benchmark server, through etcd's JSON gateway so that neither client under test does the writing.
const b64 = (s) => Buffer.from(s).toString('base64');
/** etcd's default --max-txn-ops. */
const OPS_PER_TXN = 128;

async function post(clientUrl, path, body) {
  const res = await fetch(`${clientUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/**
 * Puts `count` keys `${prefix}${i padded}` with values of `valueBytes` bytes, `OPS_PER_TXN` to a transaction,
 * `concurrency` transactions at a time. Resolves with the revision of the last transaction.
 */
export async function putKeys(clientUrl, { prefix, count, valueBytes, concurrency = 8 }) {
  const width = String(count - 1).length;
  const txns = Math.ceil(count / OPS_PER_TXN);
  let next = 0;
  let revision = 0n;
  const worker = async () => {
    while (next < txns) {
      const t = next++;
      const success = [];
      for (let i = t * OPS_PER_TXN; i < Math.min(count, (t + 1) * OPS_PER_TXN); i++) {
        const key = `${prefix}${String(i).padStart(width, '0')}`;
        // Printable and distinct per key, so outputs can be compared and nothing compresses away.
        const value = `${key}=`.padEnd(valueBytes, String.fromCharCode(97 + (i % 26)));
        success.push({ request_put: { key: b64(key), value: b64(value.slice(0, valueBytes)) } });
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
