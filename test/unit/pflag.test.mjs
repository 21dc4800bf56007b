import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagSet, splitCsv } from '../../dist/cli/pflag.js';
import { parseGoInt, parseGoUint, parseGoBool } from '../../dist/go/strconv.js';

const flags = () =>
  new FlagSet([
    { name: 'prefix', type: 'bool', default: 'false', usage: '' },
    { name: 'limit', type: 'int64', default: '0', usage: '' },
    { name: 'write-out', short: 'w', type: 'string', default: 'simple', usage: '' },
    { name: 'interactive', short: 'i', type: 'bool', default: 'false', usage: '' },
    { name: 'endpoints', type: 'stringSlice', default: '127.0.0.1:2379', usage: '' },
    { name: 'dial-timeout', type: 'duration', default: '2s', usage: '' },
  ]);

test('flags anywhere among arguments; -- ends flags', () => {
  const p = flags().parse(['a', '--prefix', 'b', '--limit=5', '--', '--limit', '-x']);
  assert.deepEqual(p.args, ['a', 'b', '--limit', '-x']);
  assert.equal(p.values.get('prefix'), true);
  assert.equal(p.values.get('limit'), 5n);
  assert.equal(p.argsLenAtDash, 2);
});

test('a bool flag never takes the next word as its value', () => {
  const p = flags().parse(['--prefix', 'false']);
  assert.equal(p.values.get('prefix'), true);
  assert.deepEqual(p.args, ['false']);
});

test('shorthand forms: -w json, -wjson, -w=json, grouped bools', () => {
  for (const argv of [['-w', 'json'], ['-wjson'], ['-w=json'], ['-iwjson']]) {
    assert.equal(flags().parse(argv).values.get('write-out'), 'json', argv.join(' '));
  }
  assert.equal(flags().parse(['-iwjson']).values.get('interactive'), true);
});

test('a negative number is a non-bool flag\'s value', () => {
  assert.equal(flags().parse(['--limit', '-1']).values.get('limit'), -1n);
});

test('slices: first use replaces the default, later ones append, CSV quoting', () => {
  assert.deepEqual(flags().parse([]).values.get('endpoints'), ['127.0.0.1:2379']);
  assert.deepEqual(flags().parse(['--endpoints=a,b', '--endpoints', 'c']).values.get('endpoints'), ['a', 'b', 'c']);
  assert.deepEqual(splitCsv('"a,b",c'), ['a,b', 'c']);
  assert.deepEqual(splitCsv(''), []);
});

test('pflag error texts', () => {
  const cases = [
    [['--bogus'], 'unknown flag: --bogus'],
    [['-x'], "unknown shorthand flag: 'x' in -x"],
    [['-ix'], "unknown shorthand flag: 'x' in -x"],
    [['--limit'], 'flag needs an argument: --limit'],
    [['-w'], "flag needs an argument: 'w' in -w"],
    [['--limit', 'abc'], 'invalid argument "abc" for "--limit" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
    [['--prefix=maybe'], 'invalid argument "maybe" for "--prefix" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
    [['--dial-timeout', '5'], 'invalid argument "5" for "--dial-timeout" flag: time: missing unit in duration "5"'],
    [['---x'], 'bad flag syntax: ---x'],
  ];
  for (const [argv, msg] of cases) assert.throws(() => flags().parse(argv), { message: msg }, argv.join(' '));
});

test('Go strconv rules', () => {
  assert.equal(parseGoInt('0x10'), 16n);
  assert.equal(parseGoInt('010'), 8n);
  assert.equal(parseGoInt('-9223372036854775808'), -(2n ** 63n));
  assert.throws(() => parseGoInt('9223372036854775808'), { message: 'strconv.ParseInt: parsing "9223372036854775808": value out of range' });
  assert.equal(parseGoUint('18446744073709551615'), 2n ** 64n - 1n);
  assert.equal(parseGoInt('ff', 16), 255n);
  assert.equal(parseGoInt('1_000'), 1000n);
  assert.throws(() => parseGoInt('1__0'));
  for (const t of ['1', 't', 'T', 'true', 'TRUE', 'True']) assert.equal(parseGoBool(t), true);
  assert.throws(() => parseGoBool('yes'));
});
