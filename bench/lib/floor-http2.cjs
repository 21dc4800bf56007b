'use strict';
// The least a Node process can do to answer `get foo`: one gRPC KV.Range over node:http2, no gRPC library,
// no argument parsing, no printing beyond the value. The start-up levers benchmark uses it as Node's floor.
const http2 = require('http2');

const [endpoint, key] = process.argv.slice(2);
const keyBytes = Buffer.from(key);
// RangeRequest { key = 1 }: one length-delimited field; then gRPC's 5-byte frame header (no compression, length).
const message = Buffer.concat([Buffer.from([0x0a, keyBytes.length]), keyBytes]);
const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, message.length]), message]);

const session = http2.connect(`http://${endpoint}`);
const req = session.request({
  ':method': 'POST',
  ':path': '/etcdserverpb.KV/Range',
  'content-type': 'application/grpc',
  te: 'trailers',
});
const chunks = [];
req.on('data', (d) => chunks.push(d));
req.on('end', () => {
  process.stdout.write(`${Buffer.concat(chunks).length} bytes\n`);
  session.close();
});
req.on('error', () => {
  process.exitCode = 1;
  session.close();
});
req.end(frame);
