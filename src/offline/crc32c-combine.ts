// Joining CRC-32C values: given crc(A) and crc(B), crc(A‖B) without B's bytes. A CRC is linear over GF(2),
// so crc(A‖B) = crc(A)·x^(8·|B|) mod P  ⊕  crc(B); the pre/post inversions cancel out. This lets the status
// hash be computed page by page in file order and put together in key order.

const POLY = 0x82f63b78;
/** x^0 in the reflected representation. */
const ONE = 0x80000000;

/** a·b mod P (reflected bit order). */
function multModP(a: number, b: number): number {
  let m = ONE;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** x^(2^k) mod P for k = 0..31. */
const X2N: number[] = (() => {
  const t = [ONE >>> 1];
  for (let k = 1; k < 32; k++) t.push(multModP(t[k - 1], t[k - 1]));
  return t;
})();

/** x^(8n) mod P: the operator that appends n zero bytes. */
function xPow8n(n: number): number {
  let p = ONE;
  let k = 3;
  while (n > 0) {
    if (n % 2 === 1) p = multModP(X2N[k & 31], p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

const shiftCache = new Map<number, number>();

/** crc(A‖B) from crc(A), crc(B) and |B|. */
export function crc32cCombine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB === 0) return crcA;
  let op = shiftCache.get(lengthB);
  if (op === undefined) {
    op = xPow8n(lengthB);
    if (shiftCache.size < 65536) shiftCache.set(lengthB, op);
  }
  return (multModP(op, crcA) ^ crcB) >>> 0;
}
