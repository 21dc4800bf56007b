// CRC-32C (Castagnoli), with Go's crc32.Update semantics: update(prev, p) continues a finished CRC value,
// so a running CRC over several writes equals the CRC of their concatenation.
// Slicing-by-8 tables: snapshot status hashes every byte of a database, so throughput matters.

const POLY = 0x82f63b78;

function makeTables(): Int32Array[] {
  const t0 = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t0[i] = c;
  }
  const tables = [t0];
  for (let s = 1; s < 8; s++) {
    const prev = tables[s - 1];
    const t = new Int32Array(256);
    for (let i = 0; i < 256; i++) t[i] = (prev[i] >>> 8) ^ t0[prev[i] & 0xff];
    tables.push(t);
  }
  return tables;
}

const [T0, T1, T2, T3, T4, T5, T6, T7] = makeTables();

/** Continues the finished CRC-32C `prev` over `buf[start, end)`. */
export function crc32cUpdate(prev: number, buf: Uint8Array, start = 0, end = buf.length): number {
  let c = ~prev;
  let i = start;
  const fast = end - 8;
  while (i <= fast) {
    const lo = c ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24));
    c =
      T7[lo & 0xff] ^
      T6[(lo >>> 8) & 0xff] ^
      T5[(lo >>> 16) & 0xff] ^
      T4[lo >>> 24] ^
      T3[buf[i + 4]] ^
      T2[buf[i + 5]] ^
      T1[buf[i + 6]] ^
      T0[buf[i + 7]];
    i += 8;
  }
  while (i < end) c = T0[(c ^ buf[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32C of `buf` alone. */
export const crc32c = (buf: Uint8Array): number => crc32cUpdate(0, buf);
