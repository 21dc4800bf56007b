// CRC-32C in WebAssembly: the same slicing-by-16 tables as crc32c.ts, run over bytes that live in the module's
// memory. Hashing a large snapshot is the biggest single cost of `snapshot status`, and compiled code without
// bounds checks on every table lookup does it markedly faster. The module is assembled here from its
// instructions (it is one small function), so there is no binary blob and no build step.
import { crc32cTables } from './crc32c.js';

/** Bytes of the 16 tables at the start of memory; data goes after them. */
export const WASM_DATA_OFFSET = 16 * 256 * 4;
const PAGE = 65536;

const OP = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  i32Load: 0x28,
  i32Load8u: 0x2d,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  void: 0x40,
  i32: 0x7f,
} as const;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'latin1')];

// Locals: 0 crc, 1 ptr, 2 len (parameters), 3..6 the four words of a 16-byte step.
const C = 0;
const PTR = 1;
const LEN = 2;
const WORDS = [3, 4, 5, 6];

const get = (i: number) => [OP.localGet, i];
const set = (i: number) => [OP.localSet, i];
const i32 = (n: number) => [OP.i32Const, ...sleb(n)];
const load = (offset: number) => [OP.i32Load, 2, ...uleb(offset)];

/** Table `t` indexed by byte `b` of local `w`: the byte times 4 as an address, then the load. */
function lookup(t: number, w: number, b: number): number[] {
  const shifted = b === 0 ? [...get(w), ...i32(2), OP.i32Shl] : [...get(w), ...i32(8 * b - 2), OP.i32ShrU];
  return [...shifted, ...i32(0x3fc), OP.i32And, ...load(t * 1024)];
}

function body(): number[] {
  const code: number[] = [];
  code.push(...get(C), ...i32(-1), OP.i32Xor, ...set(C));
  // 16 bytes at a time.
  code.push(OP.block, OP.void, OP.loop, OP.void);
  code.push(...get(LEN), ...i32(16), OP.i32LtU, OP.brIf, 1);
  code.push(...get(C), ...get(PTR), ...load(0), OP.i32Xor, ...set(WORDS[0]));
  for (let k = 1; k < 4; k++) code.push(...get(PTR), ...load(4 * k), ...set(WORDS[k]));
  let first = true;
  for (let w = 0; w < 4; w++) {
    for (let b = 0; b < 4; b++) {
      code.push(...lookup(15 - (w * 4 + b), WORDS[w], b));
      if (!first) code.push(OP.i32Xor);
      first = false;
    }
  }
  code.push(...set(C));
  code.push(...get(PTR), ...i32(16), OP.i32Add, ...set(PTR));
  code.push(...get(LEN), ...i32(16), OP.i32Sub, ...set(LEN));
  code.push(OP.br, 0, OP.end, OP.end);
  // The rest byte by byte.
  code.push(OP.block, OP.void, OP.loop, OP.void);
  code.push(...get(LEN), OP.i32Eqz, OP.brIf, 1);
  code.push(...get(C), ...get(PTR), OP.i32Load8u, 0, 0, OP.i32Xor, ...i32(255), OP.i32And, ...i32(2), OP.i32Shl, ...load(0));
  code.push(...get(C), ...i32(8), OP.i32ShrU, OP.i32Xor, ...set(C));
  code.push(...get(PTR), ...i32(1), OP.i32Add, ...set(PTR));
  code.push(...get(LEN), ...i32(1), OP.i32Sub, ...set(LEN));
  code.push(OP.br, 0, OP.end, OP.end);
  code.push(...get(C), ...i32(-1), OP.i32Xor, OP.end);
  const locals = [1, 4, OP.i32];
  const fn = [...locals, ...code];
  return [...uleb(fn.length), ...fn];
}

function moduleBytes(): Uint8Array {
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 3, OP.i32, OP.i32, OP.i32, 1, OP.i32]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...name('crc'), 0x00, 0, ...name('mem'), 0x02, 0]),
    ...section(10, [1, ...body()]),
  ];
  return Uint8Array.from(bytes);
}

// The few WebAssembly APIs used, typed here (the project's TypeScript lib has no WebAssembly declarations).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface Exports {
  crc(prev: number, ptr: number, len: number): number;
  mem: WasmMemory;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** A CRC-32C engine over a data area of at least `dataBytes` bytes in WebAssembly memory. */
export class WasmCrc32c {
  private readonly exports: Exports;
  /** The data area: write bytes here, then hash ranges of it with `update`. */
  readonly data: Uint8Array;

  constructor(dataBytes: number) {
    if (!wasmApi) throw new Error('WebAssembly is not available');
    const instance = new wasmApi.Instance(new wasmApi.Module(moduleBytes()), {});
    this.exports = instance.exports as unknown as Exports;
    const needed = Math.ceil((WASM_DATA_OFFSET + dataBytes) / PAGE);
    this.exports.mem.grow(needed - 1);
    const tables = new Int32Array(this.exports.mem.buffer, 0, 16 * 256);
    crc32cTables().forEach((t, i) => tables.set(t, i * 256));
    this.data = new Uint8Array(this.exports.mem.buffer, WASM_DATA_OFFSET, dataBytes);
  }

  /** Continues the finished CRC `prev` over data[start, end). */
  update(prev: number, start: number, end: number): number {
    return this.exports.crc(prev, WASM_DATA_OFFSET + start, end - start) >>> 0;
  }
}

/** WebAssembly may be unavailable (e.g. disabled by a policy); callers then use the JavaScript version. */
export function tryWasmCrc32c(dataBytes: number): WasmCrc32c | null {
  try {
    if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) return null;
    return new WasmCrc32c(dataBytes);
  } catch {
    return null;
  }
}
