// A tiny authoritative DNS server on loopback UDP for discovery tests: answers SRV and A questions from a
// table, NXDOMAIN for any other name. Point etcdctl-ts at it with ETCDCTLTS_DNS_SERVER=127.0.0.1:<port>.
import { createSocket } from 'node:dgram';

const TYPE_A = 1;
const TYPE_SRV = 33;
const CLASS_IN = 1;
const RCODE_NXDOMAIN = 3;

/** The question's name (lower case, no trailing dot), type, and where the question section ends. */
function readQuestion(msg) {
  let i = 12;
  const labels = [];
  while (msg[i] !== 0) {
    const len = msg[i];
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('latin1'));
    i += 1 + len;
  }
  i += 1;
  return { name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(i), end: i + 4 };
}

function encodeName(name) {
  const parts = name.replace(/\.$/, '').split('.').filter((l) => l !== '');
  return Buffer.concat([...parts.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
}

function answer(type, rdata) {
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0); // the question's name
  fixed.writeUInt16BE(type, 2);
  fixed.writeUInt16BE(CLASS_IN, 4);
  fixed.writeUInt32BE(5, 6);
  fixed.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([fixed, rdata]);
}

function srvData({ priority = 0, weight = 0, port, target }) {
  const head = Buffer.alloc(6);
  head.writeUInt16BE(priority, 0);
  head.writeUInt16BE(weight, 2);
  head.writeUInt16BE(port, 4);
  return Buffer.concat([head, encodeName(target)]);
}

function reply(query, records) {
  const q = readQuestion(query);
  const key = q.name;
  let answers = [];
  if (q.type === TYPE_SRV && records.srv?.[key]) answers = records.srv[key].map((r) => answer(TYPE_SRV, srvData(r)));
  if (q.type === TYPE_A && records.a?.[key]) answers = [answer(TYPE_A, Buffer.from(records.a[key].split('.').map(Number)))];
  const known = Boolean(records.srv?.[key] || records.a?.[key]);
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | (known ? 0 : RCODE_NXDOMAIN), 2); // QR AA (RD echoed)
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, query.subarray(12, q.end), ...answers]);
}

/**
 * Starts the server. `records` = { srv: { '_etcd-client._tcp.example.test': [{ priority, weight, port, target }] },
 * a: { 'host.example.test': '127.0.0.1' } } (names lower case, without the trailing dot); it may be changed
 * while the server runs. → { server: '127.0.0.1:<port>', records, queries: [names asked], close() }
 */
export async function startDns(records) {
  const socket = createSocket('udp4');
  const handle = { records, queries: [], server: '', close: () => new Promise((r) => socket.close(r)) };
  socket.on('message', (msg, rinfo) => {
    try {
      handle.queries.push(readQuestion(msg).name);
      socket.send(reply(msg, handle.records), rinfo.port, rinfo.address);
    } catch {
      // a malformed question gets no answer
    }
  });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  handle.server = `127.0.0.1:${socket.address().port}`;
  return handle;
}
