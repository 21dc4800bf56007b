// CRC-32C (Castagnoli), with Go's crc32.Update semantics: update(prev, p) continues a finished CRC value,
// so a running CRC over several writes equals the CRC of their concatenation.
// Slicing-by-16 over aligned words: snapshot status hashes every byte of a database, so throughput matters.

const POLY = 0x82f63b78;

function makeTables(): Int32Array[] {
  const t0 = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t0[i] = c;
  }
  const tables = [t0];
  for (let s = 1; s < 16; s++) {
    const prev = tables[s - 1];
    const t = new Int32Array(256);
    for (let i = 0; i < 256; i++) t[i] = (prev[i] >>> 8) ^ t0[prev[i] & 0xff];
    tables.push(t);
  }
  return tables;
}

const TABLES = makeTables();
const [T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15] = TABLES;

/** The 16 slicing tables (table k handles a byte k positions from the end of a 16-byte step). */
export const crc32cTables = (): readonly Int32Array[] => TABLES;

/** Little-endian 32-bit views over whole buffers, so aligned words can be read without a view per call. */
const wordViews = new WeakMap<ArrayBufferLike, Int32Array>();
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Below this many bytes the per-byte loop is cheaper than setting up word reads. */
const WORDS_FROM = 64;

function wordsOf(buffer: ArrayBufferLike): Int32Array {
  let v = wordViews.get(buffer);
  if (!v) {
    v = new Int32Array(buffer, 0, buffer.byteLength >>> 2);
    wordViews.set(buffer, v);
  }
  return v;
}

/** Continues the finished CRC-32C `prev` over `buf[start, end)`. */
export function crc32cUpdate(prev: number, buf: Uint8Array, start = 0, end = buf.length): number {
  let c = ~prev;
  let i = start;
  if (end - i >= WORDS_FROM && LITTLE_ENDIAN) {
    const base = buf.byteOffset;
    while ((base + i) & 3) c = T0[(c ^ buf[i++]) & 0xff] ^ (c >>> 8);
    // Slicing-by-16 over aligned 32-bit words.
    const words = wordsOf(buf.buffer);
    let w = (base + i) >>> 2;
    const wEnd = w + (((end - i) >>> 4) << 2);
    for (; w < wEnd; w += 4) {
      const a = c ^ words[w];
      const b = words[w + 1];
      const d = words[w + 2];
      const e = words[w + 3];
      c =
        T15[a & 0xff] ^ T14[(a >>> 8) & 0xff] ^ T13[(a >>> 16) & 0xff] ^ T12[a >>> 24] ^
        T11[b & 0xff] ^ T10[(b >>> 8) & 0xff] ^ T9[(b >>> 16) & 0xff] ^ T8[b >>> 24] ^
        T7[d & 0xff] ^ T6[(d >>> 8) & 0xff] ^ T5[(d >>> 16) & 0xff] ^ T4[d >>> 24] ^
        T3[e & 0xff] ^ T2[(e >>> 8) & 0xff] ^ T1[(e >>> 16) & 0xff] ^ T0[e >>> 24];
    }
    i = (w << 2) - base;
  }
  while (i < end) c = T0[(c ^ buf[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32C of `buf` alone. */
export const crc32c = (buf: Uint8Array): number => crc32cUpdate(0, buf);
