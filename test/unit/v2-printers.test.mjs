// v2 output: the three formats of a keys response, ls listing, Go-style JSON re-serialisation,
// expiration re-formatting, the ttl form value, and help texts built from the command table.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { lsSimple, printKeysResponse, responseJson } from '../../dist/v2/printers/keys.js';
import { decodeKeysResponse, reformatExpiration, ttlFormValue, toUint64 } from '../../dist/v2/client/keys.js';
import { rootHelp, leafHelp, groupHelp, helpCommandHelp } from '../../dist/v2/help.js';
import { V2_REGISTRY } from '../../dist/v2/registry.js';

const COMMANDS = V2_REGISTRY.items;

const node = (over = {}) => ({ key: '/a/b', dir: false, value: 'v', nodes: null, createdIndex: 11n, modifiedIndex: 11n, ttl: 0n, ...over });
const decode = (body, index) => decodeKeysResponse({ status: 200, headers: index ? { 'x-etcd-index': index } : {}, body: Buffer.from(body) });

describe('keys response formats', () => {
  test('simple: the value, or PrevNode.Value for a delete', () => {
    assert.equal(printKeysResponse({ action: 'set', node: node(), prevNode: null, index: 1n }, 'simple').stdout, 'v\n');
    assert.equal(printKeysResponse({ action: 'delete', node: node({ value: '' }), prevNode: node({ value: 'old' }), index: 1n }, 'simple').stdout, 'PrevNode.Value: old\n');
    assert.equal(printKeysResponse({ action: 'compareAndDelete', node: node({ value: '' }), prevNode: node(), index: 1n }, 'simple').stdout, '\n');
  });
  test('extended: header lines, PrevNode.Value with its trailing space, value after a blank line', () => {
    const r = { action: 'update', node: node({ dir: true, value: '' }), prevNode: node({ value: '' }), index: 53n };
    assert.equal(printKeysResponse(r, 'extended').stdout, 'Key: /a/b\nCreated-Index: 11\nModified-Index: 11\nPrevNode.Value: \nTTL: 0\nIndex: 53\n\n\n');
    const del = { action: 'delete', node: node({ value: '' }), prevNode: node({ value: 'val/r2' }), index: 62n };
    assert.equal(printKeysResponse(del, 'extended').stdout, 'Key: /a/b\nCreated-Index: 11\nModified-Index: 11\nPrevNode.Value: val/r2\nTTL: 0\nIndex: 62\n');
  });
  test('json: Go field order, nulls, omitempty, HTML escaping, exact uint64', () => {
    const r = decode('{"action":"get","node":{"key":"/t","value":"<&>\\u2028","ttl":47,"modifiedIndex":18446744073709551615,"createdIndex":13,"expiration":"2030-01-01T00:00:00.100000000+02:00"}}');
    assert.equal(responseJson(r),
      '{"action":"get","node":{"key":"/t","value":"\\u003c\\u0026\\u003e\\u2028","nodes":null,"createdIndex":13,"modifiedIndex":18446744073709551615,"expiration":"2030-01-01T00:00:00.1+02:00","ttl":47},"prevNode":null}');
    const dir = decode('{"action":"get","node":{"key":"/doc","dir":true,"nodes":[{"key":"/doc/c","value":"2","createdIndex":2,"modifiedIndex":2}],"createdIndex":1,"modifiedIndex":1}}');
    assert.equal(responseJson(dir), '{"action":"get","node":{"key":"/doc","dir":true,"value":"","nodes":[{"key":"/doc/c","value":"2","nodes":null,"createdIndex":2,"modifiedIndex":2}],"createdIndex":1,"modifiedIndex":1},"prevNode":null}');
  });
  test('an unknown format is reported on stderr', () => {
    assert.deepEqual(printKeysResponse({ action: 'set', node: node(), prevNode: null, index: 1n }, 'yaml'), { stdout: '', stderr: 'Unsupported output format: yaml\n' });
  });
  test('X-Etcd-Index becomes the Index line', () => {
    assert.equal(decode('{"action":"get","node":{"key":"/k","value":"v"}}', '25').index, 25n);
  });
  test('ls: the target if it is a file, then every child depth first; -p marks directories', () => {
    const r = decode('{"action":"get","node":{"key":"/t","dir":true,"nodes":[{"key":"/t/d","dir":true,"nodes":[{"key":"/t/d/e","value":"x"}]},{"key":"/t/z","value":"1"}]}}');
    assert.equal(lsSimple(r, false), '/t/d\n/t/d/e\n/t/z\n');
    assert.equal(lsSimple(r, true), '/t/d/\n/t/d/e\n/t/z\n');
    assert.equal(lsSimple(decode('{"action":"get","node":{"key":"/t/z","value":"1"}}'), true), '/t/z\n');
  });
  test('error bodies and invalid answers', () => {
    assert.throws(() => decodeKeysResponse({ status: 404, headers: {}, body: Buffer.from('{"errorCode":100,"message":"Key not found","cause":"/foo","index":5}') }),
      { message: '100: Key not found (/foo) [5]' });
    const invalid = 'client: response is invalid json. The endpoint is probably not valid etcd cluster endpoint';
    assert.throws(() => decodeKeysResponse({ status: 404, headers: {}, body: Buffer.from('404 page not found') }), { message: invalid });
    assert.throws(() => decode('{"action":"get","node":{"key":5}}'), { message: invalid });
    assert.throws(() => decode('{"action":"get","node":{"key":"/k","expiration":"yesterday"}}'), { message: invalid });
    assert.throws(() => decodeKeysResponse({ status: 200, headers: {}, body: Buffer.alloc(0) }), { message: 'client: response body is empty' });
    // etcdctl panics on an answer without a node; we call it invalid.
    assert.throws(() => decode('null'), { message: invalid });
    assert.throws(() => decode('{"action":"get"}'), { message: invalid });
  });
});

describe('values sent to the server', () => {
  test('expiration as time.Time re-marshals it', () => {
    assert.equal(reformatExpiration('2026-11-23T19:30:33.182415873Z'), '2026-11-23T19:30:33.182415873Z');
    assert.equal(reformatExpiration('2026-11-23T19:30:33.500Z'), '2026-11-23T19:30:33.5Z');
    assert.equal(reformatExpiration('2026-11-23T19:30:33.000+00:00'), '2026-11-23T19:30:33Z');
    assert.equal(reformatExpiration('2026-11-23T19:30:33.1234567891-05:30'), '2026-11-23T19:30:33.123456789-05:30');
  });
  test('ttl: only positive, wrapping like time.Duration(N)*time.Second', () => {
    assert.equal(ttlFormValue(30n), '30');
    assert.equal(ttlFormValue(0n), undefined);
    assert.equal(ttlFormValue(-5n), undefined);
    assert.equal(ttlFormValue(10_000_000_000n), undefined);
  });
  test('index flags are uint64', () => {
    assert.equal(toUint64(-1n), 18446744073709551615n);
  });
});

describe('help texts built from the command table', () => {
  test('root help aligns commands and global options', () => {
    const text = rootHelp();
    assert.match(text, /^ {3}cluster-health {2}check the health of the etcd cluster$/m);
    assert.match(text, /^ {3}--output simple, -o simple {7}output response in the given format \(simple, `extended` or `json`\) \(default: "simple"\)$/m);
    assert.ok(text.endsWith('   --version, -v                    print the version\n'));
  });
  test('command help: [command options] only with flags; a line of three spaces at the end', () => {
    const rmdir = COMMANDS.find((c) => c.path === 'rmdir');
    assert.equal(leafHelp(rmdir), 'NAME:\n   etcdctl rmdir - removes the key if it is an empty directory or a key-value pair\n\nUSAGE:\n   etcdctl rmdir <key>\n');
    const get = COMMANDS.find((c) => c.path === 'get');
    assert.equal(leafHelp(get), 'NAME:\n   etcdctl get - retrieve the value of a key\n\nUSAGE:\n   etcdctl get [command options] <key>\n\nOPTIONS:\n   --sort        returns result in sorted order\n   --quorum, -q  require quorum for get request\n   \n');
    const member = COMMANDS.find((c) => c.path === 'member');
    assert.equal(leafHelp(member.commands[0]), 'NAME:\n   etcdctl member list - enumerate existing cluster members\n\nUSAGE:\n   etcdctl member list  \n');
  });
  test('group help and the help command\'s own help', () => {
    const auth = COMMANDS.find((c) => c.path === 'auth');
    assert.equal(groupHelp(auth), 'NAME:\n   etcdctl auth - overall auth controls\n\nUSAGE:\n   etcdctl auth command [command options] [arguments...]\n\nCOMMANDS:\n   enable   enable auth access controls\n   disable  disable auth access controls\n\nOPTIONS:\n   --help, -h  show help\n   \n');
    assert.equal(helpCommandHelp(), 'NAME:\n    - Shows a list of commands or help for one command\n\nUSAGE:\n    [command]\n');
  });
});
