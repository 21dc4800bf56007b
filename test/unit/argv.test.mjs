import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argBytes, commandLineArgs, escapeBytes } from '../../dist/cli/argv.js';

const roundTrip = (bytes) => argBytes(escapeBytes(Buffer.from(bytes)));

test('every byte sequence comes back from its escaped string unchanged', () => {
  for (let b = 0; b < 256; b++) assert.deepEqual(roundTrip([0x6b, b, 0x76]), Buffer.from([0x6b, b, 0x76]));
  const awkward = [
    [0xff, 0xfe],
    [0xc3], // truncated
    [0xc0, 0x80], // overlong
    [0xed, 0xa0, 0x80], // a surrogate in UTF-8
    [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
    [0xf0, 0x9f, 0x98, 0x80, 0xff], // a valid 4-byte rune, then an invalid byte
    [0xef, 0xbf, 0xbd, 0x80], // U+FFFD itself, then an invalid byte
  ];
  for (const bytes of awkward) assert.deepEqual(roundTrip(bytes), Buffer.from(bytes), JSON.stringify(bytes));
});

test('valid UTF-8 decodes as text; only invalid bytes become escapes', () => {
  assert.equal(escapeBytes(Buffer.from('é/\uFFFD/😀', 'utf8')), 'é/\uFFFD/😀');
  assert.equal(escapeBytes(Buffer.from([0x61, 0xff, 0x62])), 'a\udcffb');
  assert.deepEqual(argBytes('é'), Buffer.from('c3a9', 'hex'));
});

test('arguments Node decoded without loss are taken as they are', () => {
  assert.deepEqual(commandLineArgs(['node', 'etcdctl', 'get', 'é', '']), ['get', 'é', '']);
});

test('when the command line does not end with what Node decoded, Node’s decoding stands', () => {
  // This test process's own command line is the test runner's, not these words.
  assert.deepEqual(commandLineArgs(['node', 'etcdctl', 'put', 'k\uFFFD', 'v']), ['put', 'k\uFFFD', 'v']);
});

test('%q shows a kept byte as Go shows it', async () => {
  const { goQuote } = await import('../../dist/go/quote.js');
  assert.equal(goQuote(escapeBytes(Buffer.from([0x61, 0xff, 0xef, 0xbf, 0xbd]))), '"a\\xff\uFFFD"');
  assert.equal(goQuote('a\ud800'), '"a\uFFFD"');
});
