// What a raft entry's data is, decided the way etcd 3.4 decides it. The messages are generated from our
// .proto files (raft.proto, etcdserver.proto, raft_internal.proto) and go through the one codec.
import { ProtoError, decode } from '../v3/proto/codec.js';
import type { InternalRaftRequest, V2Request } from '../v3/proto/schema.js';

export type EntryRequest = { kind: 'v2'; request: V2Request } | { kind: 'v3'; hasHeader: boolean };

const NO_DATA = Buffer.alloc(0);

/**
 * pbutil.MaybeUnmarshal of an InternalRaftRequest (v3 proposals; field v2 may wrap a v2 request), falling
 * back to a bare v2 Request, which is how 3.4 servers propose v2 writes. A v2 Request never reads as an
 * InternalRaftRequest, because its method text is not a valid nested Request. Both reads are strict: a known
 * field with the wrong wire type fails, as gogo's Unmarshal does (ProtoError).
 */
export function classifyEntryData(data: Uint8Array | undefined): EntryRequest {
  const bytes = data ?? NO_DATA;
  let irr: InternalRaftRequest;
  try {
    irr = decode('etcdserverpb.InternalRaftRequest', bytes);
  } catch (err) {
    if (!(err instanceof ProtoError)) throw err;
    return { kind: 'v2', request: decode('etcdserverpb.V2Request', bytes) };
  }
  return irr.v2 ? { kind: 'v2', request: irr.v2 } : { kind: 'v3', hasHeader: irr.header !== undefined };
}
