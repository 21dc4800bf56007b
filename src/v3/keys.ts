// Key-range helpers shared by get, del, watch, txn and the role permission commands.
import { argBytes } from '../cli/argv.js';

/** "\x00" as range_end means "every key from `key` on"; as a key it means "from the very first key". */
export const FROM_KEY_END = Buffer.from([0]);

/** Arguments are bytes as the OS handed them: UTF-8 text, or raw bytes kept by cli/argv.ts. */
export const toBytes = argBytes;

/** clientv3.GetPrefixRangeEnd: increment the last byte below 0xff, dropping what follows; all-0xff → "\x00". */
export function prefixRangeEnd(key: Uint8Array): Buffer {
  for (let i = key.length - 1; i >= 0; i--) {
    if (key[i] < 0xff) {
      const end = Buffer.from(key.subarray(0, i + 1));
      end[i] += 1;
      return end;
    }
  }
  return Buffer.from(FROM_KEY_END);
}

/** Every key starting with `prefix` (all keys for an empty one), as clientv3.WithPrefix asks for them. */
export function prefixRange(prefix: Buffer): { key: Buffer; rangeEnd: Buffer } {
  return prefix.length === 0 ? { key: FROM_KEY_END, rangeEnd: FROM_KEY_END } : { key: prefix, rangeEnd: prefixRangeEnd(prefix) };
}

/** The key and range end a key argument stands for with --prefix / --from-key, as etcdctl computes them. */
export function keyRange(
  keyArg: string,
  endArg: string | undefined,
  prefix: boolean,
  fromKey: boolean,
  bytes: (s: string) => Buffer = toBytes,
): { key: Buffer; rangeEnd: Buffer } {
  let key: Buffer = bytes(keyArg);
  let rangeEnd: Buffer = endArg !== undefined ? bytes(endArg) : Buffer.alloc(0);
  if (prefix) {
    ({ key, rangeEnd } = prefixRange(key));
  } else if (fromKey) {
    if (key.length === 0) key = FROM_KEY_END;
    rangeEnd = FROM_KEY_END;
  }
  return { key, rangeEnd };
}
