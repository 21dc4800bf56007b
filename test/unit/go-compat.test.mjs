// src/go/: the Go rules v2, v3 and the offline tools share (errno and signal texts, os/exec, net, pkg/types).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { errnoText, errnoCodeText, pathErrorText, signalText } from '../../dist/go/os.js';
import { exitErrorText, lookPath, startErrorText } from '../../dist/go/exec.js';
import { dnsServerLabel, joinHostPort, splitHostPort } from '../../dist/go/net.js';
import { newURLs, newURLStrings, peerUrlsProblem, URLsError } from '../../dist/go/types.js';

const errno = (code, errnoNumber) => Object.assign(new Error(`${code}: node text`), { code, errno: errnoNumber });

describe('go/os: errno and signal texts', () => {
  test("Go's words where libuv's differ, libuv's where they agree", () => {
    assert.equal(errnoText(errno('ENOENT', -2)), 'no such file or directory');
    assert.equal(errnoText(errno('EACCES', -13)), 'permission denied');
    // The copies disagreed here: libuv says "illegal operation on a directory", Go "is a directory".
    assert.equal(errnoText(errno('EISDIR', -21)), 'is a directory');
    assert.equal(errnoText(errno('EEXIST', -17)), 'file exists');
    assert.equal(errnoText(errno('EHOSTUNREACH', -113)), 'no route to host');
    assert.equal(errnoText(errno('EADDRNOTAVAIL', -99)), 'cannot assign requested address');
    assert.equal(errnoCodeText('ENOEXEC'), 'exec format error');
    assert.equal(errnoCodeText('ECONNREFUSED'), 'connection refused');
    assert.equal(errnoCodeText('ERR_SOMETHING'), undefined);
    assert.equal(errnoText(new Error('plain')), 'plain');
  });

  test('*PathError', () => {
    assert.equal(pathErrorText('open', '/x', errno('ENOENT', -2)), 'open /x: no such file or directory');
  });

  test('syscall.Signal names, "signal N" past the table', () => {
    assert.equal(signalText('SIGKILL'), 'killed');
    assert.equal(signalText('SIGUSR1'), 'user defined signal 1');
    assert.equal(signalText('SIGPWR'), 'power failure');
  });
});

describe('go/exec', () => {
  test('start failures: a bare name not on $PATH, else fork/exec', () => {
    assert.equal(startErrorText('nope', errno('ENOENT', -2)), 'exec: "nope": executable file not found in $PATH');
    assert.equal(startErrorText('./nope', errno('ENOENT', -2)), 'fork/exec ./nope: no such file or directory');
    assert.equal(startErrorText('/etc/passwd', errno('EACCES', -13)), 'fork/exec /etc/passwd: permission denied');
  });

  test('exit texts', () => {
    assert.equal(exitErrorText(0, null), undefined);
    assert.equal(exitErrorText(3, null), 'exit status 3');
    assert.equal(exitErrorText(null, 'SIGTERM'), 'signal: terminated');
  });

  test('LookPath', () => {
    assert.equal(lookPath('./x', ''), './x');
    assert.equal(lookPath('sh', '/nonexistent:/bin'), '/bin/sh');
    assert.throws(() => lookPath('no-such-program-here', '/bin'), { message: 'exec: "no-such-program-here": executable file not found in $PATH' });
  });
});

describe('go/net', () => {
  test('SplitHostPort accepts what Go accepts', () => {
    assert.deepEqual(splitHostPort('a:1'), { host: 'a', port: '1' });
    assert.deepEqual(splitHostPort('[::1]:2'), { host: '::1', port: '2' });
    assert.deepEqual(splitHostPort('a:'), { host: 'a', port: '' });
    for (const bad of ['a', '::1:2', '[::1]', '[::1]:2:3', '[a]b:1', 'a]:1', '[a:1']) assert.equal(splitHostPort(bad), undefined, bad);
  });

  test('JoinHostPort and the resolver label', () => {
    assert.equal(joinHostPort('::1', 53), '[::1]:53');
    assert.equal(dnsServerLabel('10.0.0.1'), '10.0.0.1:53');
    assert.equal(dnsServerLabel('127.0.0.1:5353'), '127.0.0.1:5353');
    assert.equal(dnsServerLabel('::1'), '[::1]:53');
    assert.equal(dnsServerLabel(undefined), '127.0.0.1:53');
  });
});

describe('go/types: NewURLs', () => {
  test('checked, trimmed, sorted by their text byte-wise', () => {
    assert.deepEqual(newURLStrings([' http://b:2', 'http://a:1', 'http://\u00e9:1']), ['http://%C3%A9:1', 'http://a:1', 'http://b:2']);
    assert.equal(newURLs(['unix://x:1'])[0].scheme, 'unix');
  });

  test("refusals in etcd's words (v2, v3 and restore share them)", () => {
    assert.throws(() => newURLs([]), new URLsError('no valid URLs given'));
    assert.equal(peerUrlsProblem(['ftp://x:1']), 'URL scheme must be http, https, unix, or unixs: ftp://x:1');
    assert.equal(peerUrlsProblem(['http://x']), 'URL address does not have the form "host:port": http://x');
    assert.equal(peerUrlsProblem(['http://x:1/p']), 'URL must not contain a path: http://x:1/p');
    assert.equal(peerUrlsProblem(['http://a:b:1']), 'URL address does not have the form "host:port": http://a:b:1');
    assert.match(peerUrlsProblem(['http://a b:1']), /^parse "http:\/\/a b:1": /);
    assert.equal(peerUrlsProblem(['http://a:1']), undefined);
  });
});

describe('go/version', async () => {
  const { atLeastMajorMinor, clusterVersion, compareSemver, parseSemver } = await import('../../dist/go/version.js');
  test('major.minor at least', () => {
    assert.equal(atLeastMajorMinor('3.6.0', 3, 6), true);
    assert.equal(atLeastMajorMinor('4.0.1', 3, 6), true);
    assert.equal(atLeastMajorMinor('3.5.30', 3, 6), false);
    assert.equal(atLeastMajorMinor(undefined, 3, 6), false);
  });
  test("semver order, and migrate's refusal: a cluster version past 3.4.0", () => {
    const local = clusterVersion(parseSemver('3.4.23'));
    const newer = (s) => compareSemver(local, parseSemver(s)) < 0;
    assert.deepEqual(['3.4.0', '3.4.0-alpha.1', '3.3.9', '3.4.0+b'].map(newer), [false, false, false, false]);
    assert.deepEqual(['3.4.1', '3.4.1-rc.0', '3.5.0', '4.0.0'].map(newer), [true, true, true, true]);
    assert.ok(compareSemver(parseSemver('1.0.0-alpha.1'), parseSemver('1.0.0-alpha.beta')) < 0);
    assert.ok(compareSemver(parseSemver('1.0.0-rc.2'), parseSemver('1.0.0-rc.10')) < 0);
    assert.equal(parseSemver('3.4'), undefined);
  });
});

describe('go/srv: net.LookupSRV order', async () => {
  const { orderSrv } = await import('../../dist/go/srv.js');
  const rec = (name, priority, weight) => ({ name, port: 1, priority, weight });
  const draws = (...xs) => () => xs.shift();

  test("sorted by priority then weight, then shuffled as byPriorityWeight does: the pick swaps to the front", () => {
    // v2's copy only sorted (weight descending) and v3's spliced the pick out; Go swaps it with the first.
    const order = orderSrv([rec('c', 1, 3), rec('a', 1, 1), rec('b', 1, 2)], draws(0.9, 0)).map((r) => r.name);
    assert.deepEqual(order, ['c', 'b', 'a']);
  });

  test('weight 0 records keep their place after the weighted ones; priorities never mix', () => {
    const order = orderSrv([rec('z', 2, 0), rec('y', 1, 0), rec('x', 1, 5)], draws(0.5)).map((r) => r.name);
    assert.deepEqual(order, ['x', 'y', 'z']);
  });
});

describe('go/tls: one text table, two formatters', async () => {
  const { handshakeFailureText, httpTransportTlsText, keyPairProblem } = await import('../../dist/go/tls.js');
  const failure = (code, cert) => Object.assign(new Error('node text'), { code, cert });
  const given = { ca: true, cert: true };

  test("alerts in crypto/tls's words for both (v2 said 'unknown ca')", () => {
    const alert = failure('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
    assert.equal(httpTransportTlsText(alert, 'h'), 'remote error: tls: unknown certificate authority');
    assert.equal(handshakeFailureText(alert, 'h', given), 'remote error: tls: unknown certificate authority; the server does not accept the --cert certificate');
    assert.equal(httpTransportTlsText(failure('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), 'h'), 'remote error: tls: bad certificate');
    assert.equal(httpTransportTlsText(failure('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'), 'h'), 'remote error: tls: protocol version not supported');
  });

  test("x509.HostnameError: the legacy Common Name text for v3 too (v2's copy had it, v3's did not)", () => {
    const cn = failure('ERR_TLS_CERT_ALTNAME_INVALID', { subject: { CN: 'h' } });
    const text = 'x509: certificate relies on legacy Common Name field, use SANs instead';
    assert.equal(httpTransportTlsText(cn, 'h'), text);
    assert.equal(handshakeFailureText(cn, 'h', given), text);
    const ip = failure('ERR_TLS_CERT_ALTNAME_INVALID', { subjectaltname: 'DNS:a, DNS:b' });
    assert.equal(handshakeFailureText(ip, '127.0.0.1', given), "x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs");
    assert.equal(httpTransportTlsText(ip, 'c'), 'x509: certificate is valid for a, b, not c');
  });

  test('where net/http and our grpc explanation differ on purpose', () => {
    const plain = failure('ERR_SSL_WRONG_VERSION_NUMBER');
    assert.equal(httpTransportTlsText(plain, 'h'), 'http: server gave HTTP response to HTTPS client');
    assert.equal(handshakeFailureText(plain, 'h', given), 'tls: first record does not look like a TLS handshake; the endpoint does not speak TLS');
    const ca = failure('SELF_SIGNED_CERT_IN_CHAIN');
    assert.equal(httpTransportTlsText(ca, 'h'), 'x509: certificate signed by unknown authority');
    assert.equal(handshakeFailureText(ca, 'h', { ca: false, cert: false }), 'x509: certificate signed by unknown authority; give the CA that signed it with --cacert');
  });

  test("tls.X509KeyPair for v2 too (v2 only looked for '-----BEGIN')", () => {
    const key = Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    assert.equal(keyPairProblem(key, key), 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    assert.equal(keyPairProblem(Buffer.from('x'), key), 'tls: failed to find any PEM data in certificate input');
  });
});

describe('go/duration: a duration as a timer', async () => {
  const { durationMs, MAX_TIMER_MS } = await import('../../dist/go/duration.js');
  test('rounded up, so that any positive duration expires; none for zero or negative; capped for setTimeout', () => {
    assert.equal(durationMs(0n), 0);
    assert.equal(durationMs(-5n), 0);
    assert.equal(durationMs(1n), 1);
    assert.equal(durationMs(1_500_000n), 2);
    assert.equal(durationMs(5_000_000_000n), 5000);
    assert.equal(durationMs(10n ** 18n), MAX_TIMER_MS);
  });
});
