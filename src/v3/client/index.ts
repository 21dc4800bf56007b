// The v3 gRPC adapter's public face. Importing it does not load grpc-js: Etcd.open() does.
export {
  Etcd,
  type CallOptions,
  type DialConfig,
  type DuplexStream,
  type ServerStream,
  type StreamOptions,
  type TlsOptions,
} from './etcd.js';
export { Code, RpcError, TlsConfigError, goCodeName, rpcErrorText, ETCD_ERRORS } from './errors.js';
