// One small object per etcd service whose methods are the RPC names (kv.range, lease.leaseGrant,
// maintenance.status, …), each a typed shortcut for Etcd.unary / serverStream / duplex.
import { METHODS, type Init, type MethodName, type MethodTypes } from '../proto/schema.js';
import type { CallOptions, DuplexStream, Etcd, ServerStream, StreamOptions } from './etcd.js';

type Methods = typeof METHODS;
type MethodsOf<S extends string> = Extract<MethodName, `${S}.${string}`>;
type RpcName<M extends string> = M extends `${string}.${infer R}` ? Uncapitalize<R> : never;
type Req<M extends MethodName> = MethodTypes[M]['request'];
type Res<M extends MethodName> = MethodTypes[M]['response'];

type Wrapper<M extends MethodName> = Methods[M]['clientStreaming'] extends true
  ? (opts?: StreamOptions) => DuplexStream<Req<M>, Res<M>>
  : Methods[M]['serverStreaming'] extends true
    ? (req: Init<Req<M>>, opts?: StreamOptions) => ServerStream<Res<M>>
    : (req: Init<Req<M>>, opts?: CallOptions) => Promise<Res<M>>;

export type ServiceName = MethodName extends `${infer S}.${string}` ? S : never;
export type Service<S extends ServiceName> = { readonly [M in MethodsOf<S> as RpcName<M>]: Wrapper<M> };

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function bindService<S extends ServiceName>(etcd: Etcd, service: S): Service<S> {
  const out: Record<string, unknown> = {};
  for (const [key, m] of Object.entries(METHODS)) {
    const dot = key.indexOf('.');
    if (key.slice(0, dot) !== service) continue;
    const name = lowerFirst(key.slice(dot + 1));
    if (m.clientStreaming) out[name] = (opts?: StreamOptions) => etcd.duplex(key, opts);
    else if (m.serverStreaming) out[name] = (req: object, opts?: StreamOptions) => etcd.serverStream(key, req, opts);
    else out[name] = (req: object, opts?: CallOptions) => etcd.unary(key, req, opts);
  }
  return Object.freeze(out) as Service<S>;
}
