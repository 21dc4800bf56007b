// Opening a client swaps net.isIPv6 for one that answers addresses without a colon itself (sparing the
// compile of Node's IPv6 pattern); every answer must still be Node's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Etcd } from '../../dist/v3/client/index.js';

test('net.isIPv6 answers as Node does once a client has loaded grpc-js', async () => {
  const nodeIsIPv6 = net.isIPv6;
  // Nothing listens on port 1: opening fails, after loading grpc-js.
  await Etcd.open({ endpoints: ['127.0.0.1:1'], dialTimeoutMs: 200, keepaliveTimeMs: 0, keepaliveTimeoutMs: 0 }).then(
    (c) => c.close(),
    () => undefined,
  );
  assert.notEqual(net.isIPv6, nodeIsIPv6, 'the shortcut is in place');
  const inputs = ['127.0.0.1', '::1', '::', 'fe80::1%eth0', '::ffff:127.0.0.1', '2001:db8::1', '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8:9', 'localhost', 'host.example.', '', ':', 'a:b', '[::1]', '::1 ', 12, undefined, null];
  for (const input of inputs) assert.equal(net.isIPv6(input), nodeIsIPv6(input), String(input));
});
