// The v2 tree's pure parsers: Go flag syntax and errors, our flags-anywhere rule, Go URL parsing and
// escaping, Go JSON error texts, exec-watch's key/command split.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FlagError, HELP_FLAG, parseInterspersed, parseLeading } from '../../dist/v2/flags.js';
import { V2_COMMANDS, GLOBAL_FLAGS, commandFlags } from '../../dist/v2/registry.js';
import { cleanPath, joinPath } from '../../dist/go/path.js';
import { canonicalURLPath, goURLString, parseGoURL, QueryValues, queryEscape, escapedPath } from '../../dist/go/url.js';
import { parseJson, JsonNumber, asInteger } from '../../dist/go/json.js';
import { splitKeyAndCommand } from '../../dist/v2/commands/exec-watch.js';

const leaf = (path) => V2_COMMANDS.find((c) => c.path === path);
const flagsOf = (name) => commandFlags(leaf(name));

describe('command flags (ours: anywhere, booleans never take the next word)', () => {
  test('set /k --ttl 100 v', () => {
    const p = parseInterspersed(['/k', '--ttl', '100', 'v'], flagsOf('set'));
    assert.deepEqual(p.args, ['/k', 'v']);
    assert.equal(p.flags.get('ttl'), 100n);
  });
  test('ls -p /doc -r applies both', () => {
    const p = parseInterspersed(['-p', '/doc', '-r'], flagsOf('ls'));
    assert.deepEqual(p.args, ['/doc']);
    assert.equal(p.flags.get('p'), true);
    assert.equal(p.flags.get('recursive'), true);
  });
  test('exec-watch /k -- cmd args keeps the position of --', () => {
    const p = parseInterspersed(['/k', '--', 'cmd', '-x', 'arg'], flagsOf('exec-watch'));
    assert.deepEqual(p.args, ['/k', 'cmd', '-x', 'arg']);
    assert.equal(p.dashDashAt, 1);
    assert.deepEqual(splitKeyAndCommand(p.args, p.dashDashAt), { key: '/k', command: ['cmd', '-x', 'arg'] });
  });
  test('exec-watch without -- after the key: the last word is the key, as etcdctl does', () => {
    assert.deepEqual(splitKeyAndCommand(['/ew', 'echo', 'hi'], undefined), { key: 'hi', command: ['/ew', 'echo'] });
    assert.deepEqual(splitKeyAndCommand(['/ew', 'echo', 'hi'], 0), { key: 'hi', command: ['/ew', 'echo'] });
    assert.equal(splitKeyAndCommand(['/k'], undefined), undefined);
    assert.equal(splitKeyAndCommand(['/k'], 1), undefined);
  });
  test('an unknown dash-word is an error before the first positional, a value after it', () => {
    assert.throws(() => parseInterspersed(['--bogus', '/foo'], flagsOf('get')), new FlagError('flag provided but not defined: -bogus'));
    assert.deepEqual(parseInterspersed(['/k3', '-bar'], flagsOf('set')).args, ['/k3', '-bar']);
    assert.deepEqual(parseInterspersed(['/k', '-1'], flagsOf('set')).args, ['/k', '-1']);
    assert.deepEqual(parseInterspersed(['--', '/k3', '-bar'], flagsOf('set')).args, ['/k3', '-bar']);
  });
  test('after a boolean flag written without =, a dash-word is a flag again (urfave reorders it with the flag)', () => {
    const bogus = new FlagError('flag provided but not defined: -bogus');
    assert.throws(() => parseInterspersed(['/foo', '--quorum', '--bogus'], flagsOf('get')), bogus);
    assert.throws(() => parseInterspersed(['/foo', '--quorum', '--sort', '-bogus=1'], flagsOf('get')), bogus);
    assert.throws(() => parseInterspersed(['/foo', '-q', '---x'], flagsOf('get')), new FlagError('bad flag syntax: ---x'));
    assert.throws(() => parseInterspersed(['/foo', '---sort'], flagsOf('get')), new FlagError('bad flag syntax: ---sort'));
    assert.deepEqual(parseInterspersed(['/foo', '--quorum=true', '--bogus'], flagsOf('get')).args, ['/foo', '--bogus']);
    assert.deepEqual(parseInterspersed(['/foo', '--quorum', '-'], flagsOf('get')).args, ['/foo', '-']);
    assert.deepEqual(parseInterspersed(['/k', '--ttl', '5', '-1'], flagsOf('set')).args, ['/k', '-1']);
  });
  test('a value flag takes the next word whatever it looks like', () => {
    const p = parseInterspersed(['--with-value', '-x', '/k'], flagsOf('rm'));
    assert.equal(p.flags.get('with-value'), '-x');
    assert.deepEqual(p.args, ['/k']);
  });
  test('Go integer syntax and errors', () => {
    assert.equal(parseInterspersed(['--ttl', '0x10'], flagsOf('set')).flags.get('ttl'), 16n);
    assert.equal(parseInterspersed(['--ttl=010'], flagsOf('set')).flags.get('ttl'), 8n);
    assert.equal(parseInterspersed(['-ttl', '1_000'], flagsOf('set')).flags.get('ttl'), 1000n);
    assert.equal(parseInterspersed(['--with-index', '-1', '/k'], flagsOf('rm')).flags.get('with-index'), -1n);
    assert.throws(() => parseInterspersed(['--ttl', 'abc'], flagsOf('set')), new FlagError('invalid value "abc" for flag -ttl: parse error'));
    assert.throws(() => parseInterspersed(['--ttl', '99999999999999999999'], flagsOf('set')),
      new FlagError('invalid value "99999999999999999999" for flag -ttl: value out of range'));
    assert.throws(() => parseInterspersed(['/k', 'v', '--ttl'], flagsOf('set')), new FlagError('flag needs an argument: -ttl'));
  });
  test('booleans: =value forms only', () => {
    assert.equal(parseInterspersed(['--sort=false', '/k'], flagsOf('get')).flags.get('sort'), false);
    const p = parseInterspersed(['--sort', 'false'], flagsOf('get'));
    assert.equal(p.flags.get('sort'), true);
    assert.deepEqual(p.args, ['false']);
    assert.throws(() => parseInterspersed(['--sort=maybe'], flagsOf('get')), new FlagError('invalid boolean value "maybe" for -sort: parse error'));
  });
  test('--roles repeats and is not split on commas', () => {
    const spec = leaf('user grant');
    const p = parseInterspersed(['--roles', 'a,b', 'u', '--roles=c'], commandFlags(spec));
    assert.deepEqual(p.flags.get('roles'), ['a,b', 'c']);
  });
  test('parsed flags are read-only: lists frozen, withValues() a new copy', () => {
    const p = parseInterspersed(['--roles', 'a', 'u'], commandFlags(leaf('user grant')));
    assert.ok(Object.isFrozen(p.flags.get('roles')));
    assert.throws(() => p.flags.get('roles').push('b'), TypeError);
    assert.equal(typeof p.flags.set, 'undefined');
    const more = p.flags.withValues([['roles', 'b']]);
    assert.deepEqual(more.get('roles'), ['a', 'b']);
    assert.deepEqual(p.flags.get('roles'), ['a']);
    assert.equal(more.isSet('help'), false);
  });
});

describe('global flags (Go flag.Parse: before the command only)', () => {
  test('stops at the command', () => {
    const { flags, rest } = parseLeading(['--debug', '-o', 'json', 'get', '--sort', '/k'], GLOBAL_FLAGS);
    assert.equal(flags.get('debug'), true);
    assert.equal(flags.get('output'), 'json');
    assert.deepEqual(rest, ['get', '--sort', '/k']);
  });
  test('defaults and durations', () => {
    const { flags } = parseLeading(['--timeout', '1m30s'], GLOBAL_FLAGS);
    assert.equal(flags.get('timeout'), 90_000_000_000n);
    assert.equal(flags.get('total-timeout'), 5_000_000_000n);
    assert.equal(flags.get('output'), 'simple');
    assert.throws(() => parseLeading(['--timeout', '5'], GLOBAL_FLAGS), new FlagError('invalid value "5" for flag -timeout: parse error'));
  });
  test('bad syntax and --', () => {
    assert.throws(() => parseLeading(['---x'], GLOBAL_FLAGS), new FlagError('bad flag syntax: ---x'));
    assert.throws(() => parseLeading(['-=x'], GLOBAL_FLAGS), new FlagError('bad flag syntax: -=x'));
    assert.deepEqual(parseLeading(['--', '--debug'], GLOBAL_FLAGS).rest, ['--debug']);
    assert.deepEqual(parseLeading(['-', 'x'], [HELP_FLAG]).rest, ['-', 'x']);
  });
});

describe('Go URLs', () => {
  const roundTrip = (s) => goURLString(parseGoURL(s));
  test('endpoints re-serialised as Go does', () => {
    assert.equal(roundTrip('http://127.0.0.1:2379/'), 'http://127.0.0.1:2379/');
    assert.equal(roundTrip('HTTP://Host:1'), 'http://Host:1');
    assert.equal(roundTrip('localhost:14387'), 'localhost:14387');
    assert.equal(goURLString({ ...parseGoURL('127.0.0.1'), scheme: 'http' }), 'http://127.0.0.1');
    assert.equal(goURLString({ ...parseGoURL(''), scheme: 'http' }), 'http:');
    assert.equal(goURLString({ ...parseGoURL('//127.0.0.1:14387'), scheme: 'http' }), 'http://127.0.0.1:14387');
  });
  test('parse errors carry Go\'s text', () => {
    assert.throws(() => parseGoURL('127.0.0.1:14379'), { message: 'parse "127.0.0.1:14379": first path segment in URL cannot contain colon' });
    assert.throws(() => parseGoURL(' http://x'), { message: 'parse " http://x": first path segment in URL cannot contain colon' });
    assert.throws(() => parseGoURL('http://h:p'), { message: 'parse "http://h:p": invalid port ":p" after host' });
    assert.throws(() => parseGoURL(':x'), { message: 'parse ":x": missing protocol scheme' });
  });
  test('path escaping (URL.EscapedPath) and query escaping (QueryEscape)', () => {
    const u = parseGoURL('http://h:1');
    assert.equal(escapedPath({ ...u, path: '/v2/keys/we ird/k?x=1&y#z' }), '/v2/keys/we%20ird/k%3Fx=1&y%23z');
    assert.equal(escapedPath({ ...u, path: "/v2/keys/x!*'()[]{}|\\^`\"<>é%2F" }), '/v2/keys/x%21%2A%27%28%29%5B%5D%7B%7D%7C%5C%5E%60%22%3C%3E%C3%A9%252F');
    assert.equal(queryEscape('a b&c=d+é/?'), 'a+b%26c%3Dd%2B%C3%A9%2F%3F');
    assert.equal(queryEscape(Uint8Array.from([0x61, 0xff])), 'a%FF');
  });
  test('query values are encoded sorted by key', () => {
    const q = QueryValues.parse('x=1');
    q.set('sorted', 'false');
    q.set('recursive', 'true');
    assert.equal(q.encode(), 'recursive=true&sorted=false&x=1');
  });
  test('path cleaning', () => {
    assert.equal(canonicalURLPath('/a/../tree//z/'), '/tree/z/');
    assert.equal(canonicalURLPath(''), '/');
    assert.equal(canonicalURLPath('foo'), '/foo');
    assert.equal(canonicalURLPath('/v2/keys'), '/v2/keys');
    assert.equal(cleanPath('a/../../b'), '../b');
    assert.equal(joinPath('', '/v2/auth', 'users', ''), '/v2/auth/users');
    assert.equal(joinPath('/base/', '/v2/members', '/leader'), '/base/v2/members/leader');
  });
});

describe('Go JSON errors', () => {
  const err = (text) => {
    try {
      parseJson(Buffer.from(text));
    } catch (e) {
      return e.message;
    }
    return 'no error';
  };
  test('texts of json.Unmarshal', () => {
    assert.equal(err('404 page not found'), "invalid character 'p' after top-level value");
    assert.equal(err('Method Not Allowed'), "invalid character 'M' looking for beginning of value");
    assert.equal(err(''), 'unexpected end of JSON input');
    assert.equal(err('{"a" 1}'), "invalid character '1' after object key");
    assert.equal(err('{"a":1 "b"}'), 'invalid character \'"\' after object key:value pair');
    assert.equal(err('[1 2]'), "invalid character '2' after array element");
    assert.equal(err('{1}'), "invalid character '1' looking for beginning of object key string");
    assert.equal(err('tru'), 'unexpected end of JSON input');
    assert.equal(err('trux'), "invalid character 'x' in literal true (expecting 'e')");
    assert.equal(err('-x'), "invalid character 'x' in numeric literal");
    assert.equal(err('1.x'), "invalid character 'x' after decimal point in numeric literal");
    assert.equal(err('"\\q"'), "invalid character 'q' in string escape code");
    assert.equal(err("'"), "invalid character '\\'' looking for beginning of value");
  });
  test('numbers stay exact', () => {
    const v = parseJson(Buffer.from('{"index":18446744073709551615}'));
    assert.ok(v.field('index') instanceof JsonNumber);
    assert.equal(asInteger(v.field('index'), 'Error.index', 'uint64'), 18446744073709551615n);
  });
  test('strings: escapes, surrogate pairs, lone surrogates become U+FFFD', () => {
    assert.equal(parseJson(Buffer.from('"a\\u00e9\\ud83d\\ude00\\ud800x\\n"')), 'aé😀\ufffdx\n');
    // The offline reader and v2's are one now: invalid UTF-8 turns into U+FFFD byte by byte, as Go's does
    // (Node's decoder would make one U+FFFD of the truncated sequence e2 82).
    assert.equal(parseJson(Buffer.from([0x22, 0x61, 0xe2, 0x82, 0x62, 0xff, 0x22])), 'a\ufffd\ufffdb\ufffd');
    // A struct field takes the last key that matches it, whatever its case, as json.Unmarshal does.
    assert.equal(parseJson(Buffer.from('{"Name":"a","name":"b"}')).field('name'), 'b');
  });
});
