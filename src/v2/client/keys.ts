// The v2 keys API (client/keys.go): request encoding for /v2/keys and decoding of its answers into
// the client's Response/Node structs, which the printers re-serialise Go-style.
import { EtcdError, V2Error, ERR_EMPTY_BODY, ERR_INVALID_JSON } from '../errors.js';
import { parseGoUint } from '../../go/strconv.js';
import type { ClusterClient } from './client.js';
import type { Deadline } from './deadline.js';
import { asBool, asInteger, asObject, asString, parseJson, type JsonObject, type JsonValue } from '../../go/json.js';
import type { HttpResponse } from './transport.js';
import { canonicalURLPath, QueryValues, type GoURL } from '../../go/url.js';

export interface KeyNode {
  key: string;
  dir: boolean;
  value: string;
  /** null when the server sent none (Go's nil slice prints as `"nodes":null`). */
  nodes: KeyNode[] | null;
  createdIndex: bigint;
  modifiedIndex: bigint;
  /** RFC 3339 text as Go's time.Time re-marshals it, when the node expires. */
  expiration?: string;
  ttl: bigint;
}

export interface KeysResponse {
  action: string;
  node: KeyNode | null;
  prevNode: KeyNode | null;
  /** The X-Etcd-Index header, 0 when absent. */
  index: bigint;
}

export type PrevExist = '' | 'true' | 'false';

export interface SetOptions {
  prevValue?: string;
  prevIndex?: bigint;
  prevExist?: PrevExist;
  /** `--ttl` in seconds, as the flag gave it. */
  ttl?: bigint;
  dir?: boolean;
}

export interface DeleteOptions {
  prevValue?: string;
  prevIndex?: bigint;
  dir?: boolean;
  recursive?: boolean;
}

const KEYS_PREFIX = '/v2/keys';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** uint64(x) of a Go int: negative flags wrap around (`--with-index -1` sends 18446744073709551615). */
export const toUint64 = (n: bigint): bigint => BigInt.asUintN(64, n);

/**
 * The `ttl` form value: etcdctl turns `--ttl N` into time.Duration(N)*time.Second (which wraps around
 * for huge N) and sends it only when positive, as uint64(d.Seconds()).
 */
export function ttlFormValue(ttl: bigint | undefined): string | undefined {
  if (ttl === undefined) return undefined;
  const ns = BigInt.asIntN(64, ttl * 1_000_000_000n);
  if (ns <= 0n) return undefined;
  const seconds = Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
  return BigInt(Math.trunc(seconds)).toString();
}

/** v2KeysURL: the endpoint's path + /v2/keys + key, canonicalised with the trailing slash kept. */
function keysURL(endpoint: GoURL, key: string): GoURL {
  const k = key !== '' && key[0] !== '/' ? '/' + key : key;
  return { ...endpoint, path: canonicalURLPath(endpoint.path + KEYS_PREFIX + k) };
}

function withQuery(url: GoURL, set: (q: QueryValues) => void): GoURL {
  const q = QueryValues.parse(url.rawQuery);
  set(q);
  return { ...url, rawQuery: q.encode() };
}

const goBool = (b: boolean | undefined) => (b ? 'true' : 'false');

export interface GetOptions {
  recursive?: boolean;
  sort?: boolean;
  quorum?: boolean;
}

export async function getKey(client: ClusterClient, key: string, opts: GetOptions, deadline: Deadline): Promise<KeysResponse> {
  const resp = await client.do((ep) => ({
    method: 'GET',
    url: withQuery(keysURL(ep, key), (q) => {
      q.set('recursive', goBool(opts.recursive));
      q.set('sorted', goBool(opts.sort));
      q.set('quorum', goBool(opts.quorum));
    }),
    headers: {},
  }), { deadline });
  return decodeKeysResponse(resp);
}

export async function setKey(client: ClusterClient, key: string, value: string | Uint8Array, opts: SetOptions, deadline: Deadline): Promise<KeysResponse> {
  const form = new QueryValues();
  const build = (ep: GoURL) => withQuery(keysURL(ep, key), (q) => {
    if (opts.dir) q.set('dir', 'true');
    else if (opts.prevValue) q.set('prevValue', opts.prevValue);
    if (opts.prevIndex) q.set('prevIndex', toUint64(opts.prevIndex).toString());
    if (opts.prevExist) q.set('prevExist', opts.prevExist);
  });
  if (!opts.dir) form.set('value', value);
  const ttl = ttlFormValue(opts.ttl);
  if (ttl !== undefined) form.set('ttl', ttl);
  const body = Buffer.from(form.encode(), 'latin1');
  const resp = await client.do((ep) => ({ method: 'PUT', url: build(ep), headers: { ...FORM }, body }), {
    deadline,
    oneShot: opts.prevExist === 'false',
  });
  return decodeKeysResponse(resp);
}

export async function createInOrder(client: ClusterClient, dir: string, value: string | Uint8Array, ttl: bigint, deadline: Deadline): Promise<KeysResponse> {
  const form = new QueryValues();
  form.set('value', value);
  const ttlValue = ttlFormValue(ttl);
  if (ttlValue !== undefined) form.set('ttl', ttlValue);
  const body = Buffer.from(form.encode(), 'latin1');
  const resp = await client.do((ep) => ({ method: 'POST', url: keysURL(ep, dir), headers: { ...FORM }, body }), { deadline });
  return decodeKeysResponse(resp);
}

export async function deleteKey(client: ClusterClient, key: string, opts: DeleteOptions, deadline: Deadline): Promise<KeysResponse> {
  const resp = await client.do((ep) => ({
    method: 'DELETE',
    url: withQuery(keysURL(ep, key), (q) => {
      if (opts.prevValue) q.set('prevValue', opts.prevValue);
      if (opts.prevIndex) q.set('prevIndex', toUint64(opts.prevIndex).toString());
      if (opts.dir) q.set('dir', 'true');
      if (opts.recursive) q.set('recursive', 'true');
    }),
    headers: { ...FORM },
  }), { deadline, oneShot: true });
  return decodeKeysResponse(resp);
}

/** A long-polling watcher: each next() waits for one event after the previous one. */
export class Watcher {
  private waitIndex: bigint;

  constructor(private readonly client: ClusterClient, private readonly key: string, afterIndex: bigint, private readonly recursive: boolean) {
    const after = toUint64(afterIndex);
    this.waitIndex = after > 0n ? toUint64(after + 1n) : 0n;
  }

  async next(deadline: Deadline): Promise<KeysResponse> {
    for (;;) {
      const resp = await this.client.do((ep) => ({
        method: 'GET',
        url: withQuery(keysURL(ep, this.key), (q) => {
          q.set('wait', 'true');
          q.set('waitIndex', this.waitIndex.toString());
          q.set('recursive', goBool(this.recursive));
        }),
        headers: {},
      }), { deadline });
      let decoded: KeysResponse;
      try {
        decoded = decodeKeysResponse(resp);
      } catch (err) {
        // etcd may end a long poll with an empty body; the Go client simply asks again.
        if (err instanceof V2Error && err.message === ERR_EMPTY_BODY) continue;
        throw err;
      }
      this.waitIndex = (decoded.node?.modifiedIndex ?? 0n) + 1n;
      return decoded;
    }
  }
}

class InvalidJson extends Error {}

function field<T>(read: () => T): T {
  try {
    return read();
  } catch {
    throw new InvalidJson();
  }
}

/** RFC 3339 as time.Parse reads it, re-formatted as time.Time's MarshalJSON writes it (RFC3339Nano). */
export function reformatExpiration(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) throw new InvalidJson();
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const daysIn = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > daysIn) throw new InvalidJson();
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) throw new InvalidJson();
  const fraction = frac.slice(0, 9).replace(/0+$/, '');
  const offset = zone === 'Z' || /^[+-]00:00$/.test(zone) ? 'Z' : zone;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction ? '.' + fraction : ''}${offset}`;
}

function decodeNode(v: JsonValue | undefined): KeyNode | null {
  if (v === undefined || v === null) return null;
  const o = field(() => asObject(v, 'client.Node'));
  if (!o) return null;
  const get = (name: string) => o.field(name, true);
  const nodesValue = get('nodes');
  let nodes: KeyNode[] | null = null;
  if (nodesValue !== undefined && nodesValue !== null) {
    if (!Array.isArray(nodesValue)) throw new InvalidJson();
    nodes = nodesValue.map(decodeNode).filter((n): n is KeyNode => n !== null);
  }
  const expiration = get('expiration');
  if (expiration !== undefined && expiration !== null && typeof expiration !== 'string') throw new InvalidJson();
  return {
    key: field(() => asString(get('key'), 'Node.key')),
    dir: field(() => asBool(get('dir'), 'Node.dir')),
    value: field(() => asString(get('value'), 'Node.value')),
    nodes,
    createdIndex: field(() => asInteger(get('createdIndex'), 'Node.createdIndex', 'uint64')),
    modifiedIndex: field(() => asInteger(get('modifiedIndex'), 'Node.modifiedIndex', 'uint64')),
    expiration: typeof expiration === 'string' ? reformatExpiration(expiration) : undefined,
    ttl: field(() => asInteger(get('ttl'), 'Node.ttl', 'int64')),
  };
}

function decodeSuccess(resp: HttpResponse): KeysResponse {
  let o: JsonObject | undefined;
  let result: KeysResponse;
  try {
    o = asObject(parseJson(resp.body), 'client.Response');
    result = {
      action: o ? asString(o.field('action', true), 'Response.action') : '',
      node: o ? decodeNode(o.field('node', true)) : null,
      prevNode: o ? decodeNode(o.field('prevNode', true)) : null,
      index: 0n,
    };
  } catch {
    throw new V2Error(ERR_INVALID_JSON);
  }
  // etcdctl would dereference the missing node and panic; a clear error is better.
  if (!result.node) throw new V2Error(ERR_INVALID_JSON);
  const header = resp.headers['x-etcd-index'];
  const index = Array.isArray(header) ? header[0] : header;
  if (index) {
    try {
      result.index = parseGoUint(index, 10, 64);
    } catch (err) {
      throw new V2Error((err as Error).message);
    }
  }
  return result;
}

function decodeFailure(body: Buffer): EtcdError {
  try {
    const o = asObject(parseJson(body), 'client.Error');
    return new EtcdError(
      o ? asInteger(o.field('errorCode'), 'Error.errorCode', 'int') : 0n,
      o ? asString(o.field('message'), 'Error.message') : '',
      o ? asString(o.field('cause'), 'Error.cause') : '',
      o ? asInteger(o.field('index'), 'Error.index', 'uint64') : 0n,
    );
  } catch {
    throw new V2Error(ERR_INVALID_JSON);
  }
}

/** unmarshalHTTPResponse: 200/201 carry a Response; anything else an etcd error body. */
export function decodeKeysResponse(resp: HttpResponse): KeysResponse {
  if (resp.status === 200 || resp.status === 201) {
    if (resp.body.length === 0) throw new V2Error(ERR_EMPTY_BODY);
    return decodeSuccess(resp);
  }
  throw decodeFailure(resp.body);
}
