// Go formatting primitives, checked against Go's documented behaviour and output captured from the
// reference etcdctl 3.4.23 (built with Go 1.19).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote } from '../../dist/go/quote.js';
import { jsonString, jsonBase64, jsonObject, jsonArray } from '../../dist/go/json.js';
import { humanizeBytes } from '../../dist/go/humanize.js';
import { parseGoDuration, formatGoDuration, GoParseError } from '../../dist/go/duration.js';
import { tabwrite } from '../../dist/go/tabwriter.js';

const bytes = (...b) => Uint8Array.from(b);

// A member name as `member list -w json` / `-w fields` printed it (the server had already replaced two
// invalid bytes by U+FFFD).
const ODD_NAME = 'a<b>&"\\\b\f\x01\t\u2028é\x7f\ufffd\ufffdz\u{1F600}\u00a0\u00ad';

test('goQuote: plain text, escapes and printable runes', () => {
  assert.equal(goQuote(''), '""');
  assert.equal(goQuote('foo'), '"foo"');
  assert.equal(goQuote('say "hi"\\'), '"say \\"hi\\"\\\\"');
  assert.equal(goQuote('\x07\b\f\n\r\t\v'), '"\\a\\b\\f\\n\\r\\t\\v"');
  assert.equal(goQuote('\x00\x1b\x7f'), '"\\x00\\x1b\\x7f"');
  assert.equal(goQuote('héllo, 世界 \u{1F600}'), '"héllo, 世界 \u{1F600}"');
  assert.equal(goQuote('\u00a0\u00ad\u200b\u2028\ufeff'), '"\\u00a0\\u00ad\\u200b\\u2028\\ufeff"');
  assert.equal(goQuote('\u{e0001}\u{10ffff}'), '"\\U000e0001\\U0010ffff"');
  assert.equal(goQuote('\u0301'), '"\u0301"'); // marks are printable
});

test('goQuote: reference `member list -w fields` name', () => {
  const expected = '"a<b>&\\"\\\\\\b\\f\\x01\\t\\u2028é\\x7f\ufffd\ufffdz\u{1F600}\\u00a0\\u00ad"';
  assert.equal(goQuote(ODD_NAME), expected);
  assert.equal(goQuote(Buffer.from(ODD_NAME)), expected);
});

test('goQuote: bytes, including each byte of invalid UTF-8', () => {
  assert.equal(goQuote(bytes(0x61, 0xff, 0x62)), '"a\\xffb"');
  assert.equal(goQuote(bytes(0xc3)), '"\\xc3"'); // truncated sequence
  assert.equal(goQuote(bytes(0xc3, 0xa9)), '"é"');
  assert.equal(goQuote(bytes(0xc0, 0x80)), '"\\xc0\\x80"'); // overlong NUL
  assert.equal(goQuote(bytes(0xed, 0xa0, 0x80)), '"\\xed\\xa0\\x80"'); // surrogate
  assert.equal(goQuote(bytes(0xf4, 0x90, 0x80, 0x80)), '"\\xf4\\x90\\x80\\x80"'); // > U+10FFFF
  assert.equal(goQuote(bytes(0xef, 0xbf, 0xbd)), '"\ufffd"'); // a real U+FFFD is printable
  assert.equal(goQuote(new Uint8Array(new Uint8Array([0, 0x41, 0x42]).buffer, 1, 2)), '"AB"');
  assert.equal(goQuote('\ud800x'), '"\ufffdx"'); // a lone surrogate encodes as U+FFFD
});

test('jsonString: Go encoding/json escaping', () => {
  assert.equal(jsonString('plain'), '"plain"');
  assert.equal(jsonString('<a href="x">&</a>'), '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"');
  assert.equal(jsonString('\n\r\t\b\f\x00\x1f\x7f'), '"\\n\\r\\t\\u0008\\u000c\\u0000\\u001f\x7f"');
  assert.equal(jsonString('\u2028\u2029é世\u{1F600}'), '"\\u2028\\u2029é世\u{1F600}"');
  assert.equal(jsonString(bytes(0x61, 0xff, 0xc3, 0x62)), '"a\\ufffd\\ufffdb"');
  assert.equal(jsonString(bytes(0xe2, 0x80, 0xa8, 0xc3, 0xa9)), '"\\u2028é"');
  assert.equal(jsonString(bytes(0xef, 0xbf, 0xbd)), '"\ufffd"');
});

test('jsonString: reference `member list -w json` name', () => {
  const expected = '"a\\u003cb\\u003e\\u0026\\"\\\\\\u0008\\u000c\\u0001\\t\\u2028é\x7f\ufffd\ufffdz\u{1F600}\u00a0\u00ad"';
  assert.equal(jsonString(ODD_NAME), expected);
  assert.equal(jsonString(Buffer.from(ODD_NAME)), expected);
});

test('jsonBase64, jsonObject, jsonArray', () => {
  assert.equal(jsonBase64(Buffer.from('/a')), '"L2E="');
  assert.equal(jsonBase64(new Uint8Array()), '""');
  assert.equal(jsonBase64(bytes(0xfb, 0xff)), '"+/8="');
  const id = 17603747286460010952n;
  assert.equal(
    jsonObject([['ID', String(id)], ['name', jsonString('n1')], ['peerURLs', jsonArray([jsonString('http://x')])]]),
    '{"ID":17603747286460010952,"name":"n1","peerURLs":["http://x"]}',
  );
  assert.equal(jsonObject([]), '{}');
  assert.equal(jsonArray([]), '[]');
});

test('humanizeBytes: go-humanize Bytes', () => {
  const cases = [
    [0, '0 B'], [9, '9 B'], [10, '10 B'], [999, '999 B'], [1000, '1.0 kB'], [1500, '1.5 kB'],
    [20480, '20 kB'], [20500, '20 kB'], [21500, '22 kB'], [184320, '184 kB'], [377000, '377 kB'],
    [999999, '1000 kB'], [1000000, '1.0 MB'], [2_500_000_000, '2.5 GB'], [5_000_000_000_000, '5.0 TB'],
  ];
  for (const [n, s] of cases) assert.equal(humanizeBytes(n), s, String(n));
  assert.equal(humanizeBytes(18446744073709551615n), '18 EB');
  assert.equal(humanizeBytes(7n), '7 B');
});

test('parseGoDuration: valid inputs', () => {
  const ms = 1_000_000n, s = 1_000_000_000n, m = 60n * s, h = 60n * m;
  const cases = [
    ['0', 0n], ['-0', 0n], ['+0', 0n], ['5s', 5n * s], ['-5s', -5n * s], ['+5s', 5n * s], ['1478s', 1478n * s],
    ['5.0s', 5n * s], ['5.6s', 5600n * ms], ['5.s', 5n * s], ['.5s', 500n * ms], ['1.004s', 1004n * ms],
    ['100.00100s', 100001n * ms], ['10ns', 10n], ['11us', 11_000n], ['12µs', 12_000n], ['12μs', 12_000n],
    ['13ms', 13n * ms], ['15m', 15n * m], ['16h', 16n * h], ['3h30m', 3n * h + 30n * m],
    ['10.5s4m', 4n * m + 10500n * ms], ['-2m3.4s', -(2n * m + 3400n * ms)],
    ['1h2m3s4ms5us6ns', h + 2n * m + 3n * s + 4n * ms + 5000n + 6n], ['39h9m14.425s', 39n * h + 9n * m + 14425n * ms],
    ['0.3333333333333333333h', 20n * m], ['9007199254740993ns', 9007199254740993n],
    ['9223372036854775807ns', 9223372036854775807n], ['9223372036854775.807us', 9223372036854775807n],
    ['9223372036s854ms775us807ns', 9223372036854775807n], ['-9223372036854775808ns', -9223372036854775808n],
    ['-9223372036854775.808us', -9223372036854775808n], ['-2562047h47m16.854775808s', -9223372036854775808n],
    ['0.100000000000000000000h', 6n * m], ['0.830103483285477580700h', 49n * m + 48n * s + 372539827n],
    ['2s', 2n * s], ['5ns', 5n],
  ];
  for (const [text, ns] of cases) assert.equal(parseGoDuration(text), ns, text);
});

test('parseGoDuration: errors carry Go 1.19 texts (as the reference prints them)', () => {
  const cases = [
    ['abc', 'time: invalid duration "abc"'],
    ['5', 'time: missing unit in duration "5"'],
    ['5x', 'time: unknown unit "x" in duration "5x"'],
    ['5µ', 'time: unknown unit "\\xc2\\xb5" in duration "5\\xc2\\xb5"'],
    ['5é', 'time: unknown unit "\\xc3\\xa9" in duration "5\\xc3\\xa9"'],
    ['5"x', 'time: unknown unit "\\"x" in duration "5\\"x"'],
    ['5\x01', 'time: unknown unit "\\x01" in duration "5\\x01"'],
    ['1e3s', 'time: unknown unit "e" in duration "1e3s"'],
    ['1.5.5s', 'time: missing unit in duration "1.5.5s"'],
    ['', 'time: invalid duration ""'],
    ['-', 'time: invalid duration "-"'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['.', 'time: invalid duration "."'],
    ['s', 'time: invalid duration "s"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
    ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseGoDuration(text), (e) => e instanceof GoParseError && e.message === message, text);
  }
});

test('formatGoDuration: time.Duration.String', () => {
  const cases = [
    [0n, '0s'], [1n, '1ns'], [1100n, '1.1µs'], [850123n, '850.123µs'], [2200000n, '2.2ms'],
    [2788921n, '2.788921ms'], [3300000000n, '3.3s'], [1001443974n, '1.001443974s'], [60_000_000_000n, '1m0s'],
    [245_000_000_000n, '4m5s'], [245_001_000_000n, '4m5.001s'], [3723_500_000_000n, '1h2m3.5s'],
    [480_000_000_001n, '8m0.000000001s'], [-1n, '-1ns'], [-1_500_000_000n, '-1.5s'],
    [9223372036854775807n, '2562047h47m16.854775807s'], [-9223372036854775808n, '-2562047h47m16.854775808s'],
  ];
  for (const [ns, text] of cases) assert.equal(formatGoDuration(ns), text, text);
  assert.equal(formatGoDuration(parseGoDuration('1h2m3.5s')), '1h2m3.5s');
});

const COBRA = { minwidth: 0, tabwidth: 8, padding: 1, padchar: '\t' };
const URFAVE = { minwidth: 1, tabwidth: 8, padding: 2, padchar: ' ' };

test('tabwrite: columns are blocks of consecutive lines, recursively per column', () => {
  const text = 'aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n';
  const opts = { minwidth: 0, tabwidth: 8, padding: 1, padchar: '.' };
  assert.equal(tabwrite(text, opts), 'aaaa.bbb.d\naa...b...dd\na....\naa...cccc.eee\n');
  // The last cell of a line is no column; a trailing unterminated line is kept without a newline.
  assert.equal(tabwrite('x\ty\nlong\tz', opts), 'x....y\nlong.z');
  assert.equal(tabwrite('', opts), '');
  assert.equal(tabwrite('no tabs\n\n', opts), 'no tabs\n\n');
});

test('tabwrite: tab padding rounds column width up to tabwidth', () => {
  const text = '\tadd\tAdds\n\tpromote\tPromotes\n\trole revoke-permission\tx\n';
  assert.equal(tabwrite(text, COBRA), '\tadd\t\t\tAdds\n\tpromote\t\t\tPromotes\n\trole revoke-permission\tx\n');
});

test('tabwrite: right alignment and minwidth; formfeed ends all columns', () => {
  const opts = { minwidth: 5, tabwidth: 0, padding: 1, padchar: ' ', alignRight: true };
  assert.equal(tabwrite('a\tb\tc\naa\tbb\tcc\n', opts), '    a    bc\n   aa   bbcc\n');
  const dots = { minwidth: 0, tabwidth: 8, padding: 1, padchar: '.' };
  assert.equal(tabwrite('a\tb\n\fxxx\tc\n', dots), 'a.b\n\nxxx.c\n');
  assert.equal(tabwrite('a\t\fbbbb\tc\n', dots), 'a.\nbbbb.c\n');
  // Widths count runes, not UTF-16 units.
  assert.equal(tabwrite('\u{1F600}é\tx\nab\ty\n', dots), '\u{1F600}é.x\nab.y\n');
});

// `etcdctl member --help` (cobra + tabwriter 0, 8, 1, '\t').
const V3_MEMBER_HELP = [
  "NAME:",
  "\tmember - Membership related commands",
  "",
  "USAGE:",
  "\tetcdctl member <subcommand> [flags]",
  "",
  "API VERSION:",
  "\t3.4",
  "",
  "",
  "COMMANDS:",
  "\tadd\tAdds a member into the cluster",
  "\tlist\tLists all members in the cluster",
  "\tpromote\tPromotes a non-voting member in the cluster",
  "\tremove\tRemoves a member from the cluster",
  "\tupdate\tUpdates a member in the cluster",
  "",
  "OPTIONS:",
  "  -h, --help[=false]\thelp for member",
  "",
  "GLOBAL OPTIONS:",
  "      --cacert=\"\"\t\t\t\tverify certificates of TLS-enabled secure servers using this CA bundle",
  "      --cert=\"\"\t\t\t\t\tidentify secure client using this TLS certificate file",
  "      --command-timeout=5s\t\t\ttimeout for short running command (excluding dial timeout)",
  "      --debug[=false]\t\t\t\tenable client-side debug logging",
  "      --dial-timeout=2s\t\t\t\tdial timeout for client connections",
  "  -d, --discovery-srv=\"\"\t\t\tdomain name to query for SRV records describing cluster endpoints",
  "      --discovery-srv-name=\"\"\t\t\tservice name to query when using DNS discovery",
  "      --endpoints=[127.0.0.1:2379]\t\tgRPC endpoints",
  "      --hex[=false]\t\t\t\tprint byte strings as hex encoded strings",
  "      --insecure-discovery[=true]\t\taccept insecure SRV records describing cluster endpoints",
  "      --insecure-skip-tls-verify[=false]\tskip server certificate verification (CAUTION: this option should be enabled only for testing purposes)",
  "      --insecure-transport[=true]\t\tdisable transport security for client connections",
  "      --keepalive-time=2s\t\t\tkeepalive time for client connections",
  "      --keepalive-timeout=6s\t\t\tkeepalive timeout for client connections",
  "      --key=\"\"\t\t\t\t\tidentify secure client using this TLS key file",
  "      --password=\"\"\t\t\t\tpassword for authentication (if this option is used, --user option shouldn't include password)",
  "      --user=\"\"\t\t\t\t\tusername[:password] for authentication (prompt if password is not supplied)",
  "  -w, --write-out=\"simple\"\t\t\tset the output format (fields, json, protobuf, simple, table)",
  "",
  ""
].join('\n');

// `ETCDCTL_API=2 etcdctl member --help` (urfave/cli + tabwriter 1, 8, 2, ' ').
const V2_MEMBER_HELP = [
  "NAME:",
  "   etcdctl member - member add, remove and list subcommands",
  "",
  "USAGE:",
  "   etcdctl member command [command options] [arguments...]",
  "",
  "COMMANDS:",
  "   list    enumerate existing cluster members",
  "   add     add a new member to the etcd cluster",
  "   remove  remove an existing member from the etcd cluster",
  "   update  update an existing member in the etcd cluster",
  "",
  "OPTIONS:",
  "   --help, -h  show help",
  "   ",
  ""
].join('\n');

test('tabwrite: reproduces `etcdctl member --help`', () => {
  // Cells never contain tabs there, so collapsing the padding recovers what etcdctl wrote.
  const input = V3_MEMBER_HELP.replace(/\t+/g, '\t');
  assert.equal(tabwrite(input, COBRA), V3_MEMBER_HELP);
});

test('tabwrite: reproduces `ETCDCTL_API=2 etcdctl member --help`', () => {
  const input = V2_MEMBER_HELP.split('\n')
    .map((line) => line.replace(/^( *\S.*?)  +(\S.*)$/, '$1\t$2'))
    .join('\n');
  assert.equal(tabwrite(input, URFAVE), V2_MEMBER_HELP);
});

test('goQuote and jsonString are fast on many plain keys', () => {
  const keys = Array.from({ length: 50000 }, (_, i) => Buffer.from(`/registry/pods/default/pod-${i}`));
  const start = process.hrtime.bigint();
  let total = 0;
  for (const k of keys) total += goQuote(k).length + jsonString(k).length;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.ok(total > 0);
  assert.ok(ms < 1000, `took ${ms} ms`);
});
