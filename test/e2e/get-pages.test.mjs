// `get` of a large range is read in pages at one revision and printed as it arrives: the bytes must be those
// the reference prints from its single Range, in every format and with every flag that changes what is read.
// Twin servers filled the same way keep the same revisions, so headers match too.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startEtcd, startTwins, hasReference } from '../helpers/etcd.mjs';
import { ours, reference } from '../helpers/run.mjs';
import { sameAsReference } from '../helpers/compare.mjs';
import { putKeys } from '../helpers/fill.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const PREFIX = '/pages/';
const COUNT = 6000;

/** Mostly 1 KiB, with empty values, newlines and every byte value among them: several pages' worth. */
function mixedValue(key, i) {
  if (i % 97 === 0) return '';
  if (i % 89 === 0) return Buffer.from(Array.from({ length: 300 }, (_, j) => (i + j) % 256));
  if (i % 83 === 0) return `${key}\nsecond line\n`;
  return `${key}=`.padEnd(1024, String.fromCharCode(97 + (i % 26)));
}

describe('get over many pages, byte for byte', { skip }, () => {
  let twins;
  let middleRev;
  before(async () => {
    twins = await startTwins();
    const fill = async (endpoint) => {
      const url = `http://${endpoint}`;
      const rev = await putKeys(url, { prefix: PREFIX, count: COUNT, valueBytes: 1024, concurrency: 1, value: mixedValue });
      // Changes after a known revision, so that --rev reads an older state than the current one.
      await putKeys(url, { prefix: `${PREFIX}0`, count: 500, valueBytes: 10, concurrency: 1 });
      return rev;
    };
    const [a, b] = await Promise.all([fill(twins.ref), fill(twins.ours)]);
    assert.equal(a, b, 'the twins are at the same revision');
    middleRev = a;
  });
  after(() => twins?.stop());

  const same = (args) => sameAsReference(args, { twins, timeoutMs: 60_000 });

  test('every format', async () => {
    for (const w of ['simple', 'json', 'fields', 'protobuf']) await same(['get', '--prefix', PREFIX, '-w', w]);
  });

  test('--hex, --print-value-only, --keys-only', async () => {
    await same(['get', '--prefix', PREFIX, '--hex']);
    await same(['get', '--prefix', PREFIX, '--print-value-only']);
    await same(['get', '--prefix', PREFIX, '--keys-only']);
    await same(['get', '--prefix', PREFIX, '--keys-only', '-w', 'json']);
    await same(['get', '--prefix', PREFIX, '--print-value-only', '-w', 'json']);
  });

  test('--limit inside, at and past the first page; more and count as one Range answers them', async () => {
    for (const limit of ['999', '1000', '1001', '5999', '6000', '7000', '-1']) {
      await same(['get', '--prefix', PREFIX, '--limit', limit, '-w', 'fields', '--keys-only']);
    }
    await same(['get', '--prefix', PREFIX, '--limit', '2500', '-w', 'json']);
    await same(['get', '--prefix', PREFIX, '--limit', '3333', '-w', 'protobuf']);
    await same(['get', '--prefix', PREFIX, '--limit', '3333']);
  });

  test('--rev reads every page at that revision; ranges and --from-key', async () => {
    await same(['get', '--prefix', PREFIX, '--rev', String(middleRev), '-w', 'json']);
    await same(['get', '--prefix', PREFIX, '--rev', String(middleRev)]);
    await same(['get', `${PREFIX}0100`, `${PREFIX}4100`, '-w', 'fields']);
    await same(['get', '--from-key', `${PREFIX}2`, '--consistency', 's']);
    await same(['get', '--from-key', '', '-w', 'protobuf']);
  });

  test('sorted and filtered ranges (read whole) still match', async () => {
    await same(['get', '--prefix', PREFIX, '--order', 'DESCEND', '--limit', '2000']);
    await same(['get', '--prefix', PREFIX, '--sort-by', 'MODIFY', '-w', 'fields', '--limit', '1500']);
  });
});

describe('get of more than 100 MB', { skip }, () => {
  let etcd;
  before(async () => {
    etcd = await startEtcd();
    // 80 values of 1.3 MiB: under etcd's 1.5 MiB request limit, one to a transaction.
    await putKeys(etcd.clientUrls[0], { prefix: '/big/', count: 80, valueBytes: 1.3 * 2 ** 20, opsPerTxn: 1, concurrency: 8 });
  });
  after(() => etcd?.stop());

  test('prints the whole range, as the reference does', { timeout: 120_000 }, async () => {
    const args = ['--endpoints', etcd.endpoints[0], 'get', '--prefix', '/big/'];
    const o = await ours(args, { timeoutMs: 90_000 });
    assert.equal(o.code, 0, o.stderr);
    assert.ok(o.stdoutBytes.length > 100 * 2 ** 20, `${o.stdoutBytes.length} bytes`);
    const r = await reference(args, { timeoutMs: 90_000 });
    const digest = (b) => createHash('sha256').update(b).digest('hex');
    assert.equal(digest(o.stdoutBytes), digest(r.stdoutBytes));
  });
});
