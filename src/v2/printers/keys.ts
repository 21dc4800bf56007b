// The three v2 output formats of a keys response (etcdctl/ctlv2/command/format.go) and `ls`'s
// listing. Pure functions from a response to text.
import { jsonObject, jsonString } from '../../go/json.js';
import type { KeyNode, KeysResponse } from '../client/keys.js';

export interface Printed {
  stdout: string;
  stderr: string;
}

/** encoding/json of client.Node: field order and omitempty as the struct declares them. */
export function nodeJson(n: KeyNode): string {
  const pairs: [string, string][] = [['key', jsonString(n.key)]];
  if (n.dir) pairs.push(['dir', 'true']);
  pairs.push(['value', jsonString(n.value)]);
  pairs.push(['nodes', n.nodes === null ? 'null' : '[' + n.nodes.map(nodeJson).join(',') + ']']);
  pairs.push(['createdIndex', n.createdIndex.toString()]);
  pairs.push(['modifiedIndex', n.modifiedIndex.toString()]);
  if (n.expiration !== undefined) pairs.push(['expiration', jsonString(n.expiration)]);
  if (n.ttl !== 0n) pairs.push(['ttl', n.ttl.toString()]);
  return jsonObject(pairs);
}

/** encoding/json of client.Response: the X-Etcd-Index is not part of it. */
export function responseJson(r: KeysResponse): string {
  return jsonObject([
    ['action', jsonString(r.action)],
    ['node', r.node ? nodeJson(r.node) : 'null'],
    ['prevNode', r.prevNode ? nodeJson(r.prevNode) : 'null'],
  ]);
}

function simple(r: KeysResponse): string {
  if (r.action !== 'delete') return (r.node?.value ?? '') + '\n';
  return `PrevNode.Value: ${r.prevNode?.value ?? ''}\n`;
}

function extended(r: KeysResponse): string {
  const n = r.node;
  let out = `Key: ${n?.key ?? ''}\nCreated-Index: ${n?.createdIndex ?? 0n}\nModified-Index: ${n?.modifiedIndex ?? 0n}\n`;
  if (r.prevNode) out += `PrevNode.Value: ${r.prevNode.value}\n`;
  out += `TTL: ${n?.ttl ?? 0n}\nIndex: ${r.index}\n`;
  if (r.action !== 'delete') out += `\n${n?.value ?? ''}\n`;
  return out;
}

/** printResponseKey: an unknown format is reported on stderr only after the request was made. */
export function printKeysResponse(r: KeysResponse, format: string): Printed {
  switch (format) {
    case 'simple': return { stdout: simple(r), stderr: '' };
    case 'extended': return { stdout: extended(r), stderr: '' };
    case 'json': return { stdout: responseJson(r) + '\n', stderr: '' };
    default: return { stdout: '', stderr: `Unsupported output format: ${format}\n` };
  }
}

/** `ls` in simple mode: the target if it is a file, then every node below it depth first. */
export function lsSimple(r: KeysResponse, slashDirs: boolean): string {
  const lines: string[] = [];
  const walk = (n: KeyNode) => {
    lines.push(n.dir && slashDirs ? `${n.key}/` : n.key);
    for (const child of n.nodes ?? []) walk(child);
  };
  if (r.node && !r.node.dir) lines.push(r.node.key);
  for (const child of r.node?.nodes ?? []) walk(child);
  return lines.map((l) => l + '\n').join('');
}
