// txn compared byte for byte with the reference on twin servers (same IDs and revisions).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTwins, hasReference } from '../helpers/etcd.mjs';
import { ours, reference } from '../helpers/run.mjs';
import { sameAsReference } from '../helpers/compare.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';

describe('txn, byte for byte', { skip }, () => {
  let twins;
  before(async () => {
    twins = await startTwins();
    for (const [k, v] of [['key1', 'val1'], ['key2', 'some-value']]) await same(['put', k, v]);
  });
  after(() => twins?.stop());

  const same = (args, input) => sameAsReference(args, { twins, input, label: `${args.join(' ')} <<< ${JSON.stringify(input)}` });

  const INPUTS = [
    'value("key1") = "val1"\n\nput key2 some-value\nget key1\n\nput key2 other\n\n',
    'value("key1") = "val1"\n\nput key2 v --prev-kv\nget key1\ndel key3 --prev-kv\n\n\n',
    'value("key1") = "nope"\n\nput key2 x\n\nput key2 other\nget key2\ndel key9\n\n',
    'value("key1") = "nope"\n\n\n\n',
    '\n\n\n',
    'value("key1") = "val1"\nmod("key1") > "0"\n\nget key --prefix --keys-only\n\n\n',
    'val("key1") != "x"\nversion("key1") > "0"\nc("key1") < "1000"\nm("key1") > "0"\n\nget key1\n\n\n',
    'value(`key1`) = `val1`\n\nge key1\npu key4 "quoted \\x41\\t value"\nde key4\n\n\n',
    'value("k\\x65y1") =  "val\\u0031" trailing-garbage\n\n\n\n',
    '  value("key1") = "val1"  \n\n  get key1  \n\n\n',
  ];

  test('sections, compares and ops in every format', async () => {
    for (const input of INPUTS) {
      for (const w of ['simple', 'json', 'fields', 'protobuf']) await same(['txn', '-w', w], input);
    }
    await same(['txn', '--hex'], INPUTS[5]);
  });

  test('interactive prompts', async () => {
    await same(['txn', '-i'], 'value("key1") = "val1"\n\nget key1\n\nput key1 x\n\n');
    await same(['txn', '-i', '-w', 'json'], 'value("key1") = "val1"\n\nget key1\n\nput key1 x\n\n');
  });

  test('errors', async () => {
    for (const input of [
      'value("key1") = "val1"\n\nput key2 x\n',
      '',
      'bogus\n\n\n\n',
      'value(key1) = "val1"\n\n\n\n',
      'value("key1") = val1\n\n\n\n',
      'value("key1")="val1"\n\n\n\n',
      'value( "key1" ) = "val1"\n\n\n\n',
      'value ("key1") = "val1"\n\n\n\n',
      'foo("key1") = "val1"\n\n\n\n',
      'ver("key1") = "abc"\n\n\n\n',
      'ver("key1") = 1\n\n\n\n',
      '\nfoo key1\n\n\n',
      '\nget\n\n\n',
      '\nput key1\n\n\n',
      '\nput k1 v --bogus\n\n\n',
      '\nget k1 -w json\n\n\n',
      '\nget k1 --consistency=x\n\n\n',
      '\nput q7 "bad\\escape"\n\n\n',
      '\nput key2 a\ndel key2\n\n\n',
    ]) await same(['txn'], input);
    await same(['txn', 'extra-arg'], '\n\n\n');
  });

  test('fixed defects: single quotes whole, no panics', async () => {
    const o = await ours(['--endpoints', twins.ours, 'txn'], { input: "\nput q3 'hello world'\n\n\n" });
    assert.equal(o.code, 0);
    const g = await ours(['--endpoints', twins.ours, 'get', 'q3', '--print-value-only']);
    assert.equal(g.stdout, 'hello world\n');
    const op = await ours(['--endpoints', twins.ours, 'txn'], { input: 'ver("key1") ~ "1"\n\n\n\n' });
    assert.equal(op.code, 3);
    assert.match(op.stderr, /^Error: malformed comparison: ver\("key1"\) ~ "1" \(unknown operator ~; use =, !=, > or <\)\n$/);
    const lease = await ours(['--endpoints', twins.ours, 'txn'], { input: 'lease("key1") = "0"\n\nget key1\n\n\n' });
    assert.equal(lease.code, 0, lease.stderr);
    assert.equal(lease.stdout.split('\n')[0], 'SUCCESS');
  });
});
