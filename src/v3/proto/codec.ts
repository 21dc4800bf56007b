// Protobuf wire codec driven by the generated descriptors in schema.ts.
//
// Encoding reproduces gogo-protobuf's Marshal byte for byte (fields in number order, proto3 zero scalars
// omitted, present sub-messages always written even when empty, oneof members written even when zero,
// numeric repeated fields packed), because `-w protobuf` prints re-encoded server responses, and the offline
// tools write etcd's proto2 records (WAL, .snap) that etcd must read back: there a non-nullable field
// (presence 'always') is written even when zero and an 'explicit' one exactly when set, zero or not.
// Decoding fills every scalar with its zero value, leaves absent sub-messages undefined (Go's nil pointer,
// which printers must tell from an empty struct) and gives 64-bit integers as bigint; an absent proto2
// 'explicit' field is undefined too, an absent 'always' message an empty one.
import { ENUMS, MESSAGES, TYPE_ALIASES, type FieldInfo, type Init, type MessageName, type MessageTypes } from './schema.js';
import { asBuffer } from '../../go/utf8.js';

export type { FieldInfo } from './schema.js';

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_START_GROUP = 3;
const WIRE_END_GROUP = 4;
const WIRE_FIXED32 = 5;

// Kind codes keep the hot decode/encode switches on small integers.
const K_INT64 = 0;
const K_UINT64 = 1;
const K_SINT64 = 2;
const K_FIXED64 = 3;
const K_SFIXED64 = 4;
const K_INT32 = 5;
const K_UINT32 = 6;
const K_SINT32 = 7;
const K_FIXED32 = 8;
const K_SFIXED32 = 9;
const K_ENUM = 10;
const K_BOOL = 11;
const K_DOUBLE = 12;
const K_FLOAT = 13;
const K_STRING = 14;
const K_BYTES = 15;
const K_MESSAGE = 16;

const KIND_CODES: Record<FieldInfo['kind'], number> = {
  int64: K_INT64, uint64: K_UINT64, sint64: K_SINT64, fixed64: K_FIXED64, sfixed64: K_SFIXED64,
  int32: K_INT32, uint32: K_UINT32, sint32: K_SINT32, fixed32: K_FIXED32, sfixed32: K_SFIXED32,
  enum: K_ENUM, bool: K_BOOL, double: K_DOUBLE, float: K_FLOAT, string: K_STRING, bytes: K_BYTES, message: K_MESSAGE,
};

const isBigKind = (k: number) => k <= K_SFIXED64;

/** Raised for malformed wire data or a value that cannot be encoded as its field's type. */
export class ProtoError extends Error {
  override name = 'ProtoError';
}

interface Slot {
  readonly info: FieldInfo;
  readonly name: string;
  readonly kind: number;
  readonly wireType: number;
  readonly repeated: boolean;
  readonly packed: boolean;
  readonly oneof: string | undefined;
  /** proto2 non-nullable: written every time; a message one is never undefined. */
  readonly always: boolean;
  /** proto2 nullable: written exactly when not undefined; undefined when absent. */
  readonly explicit: boolean;
  /** The other members of the same oneof, cleared when this one is decoded. */
  siblings: readonly string[];
  /** Encoded key of a single element (or of the packed run). */
  readonly key: number;
  readonly keySize: number;
  message: Compiled | undefined;
}

interface Compiled {
  readonly name: string;
  readonly fields: readonly FieldInfo[];
  readonly slots: readonly Slot[];
  readonly byNumber: readonly (Slot | undefined)[];
  readonly defaults: readonly unknown[];
}

const EMPTY = Buffer.alloc(0);
const compiled = new Map<string, Compiled>();

/** The full name for `type`, accepting unique short names (`RangeResponse`) too. */
export function fullTypeName(type: string): string {
  if (MESSAGES[type]) return type;
  const full = TYPE_ALIASES[type];
  if (full) return full;
  throw new ProtoError(`unknown message type ${type}`);
}

/** The fields of a message in field-number order (the order Go's JSON and gogo's Marshal use). */
export function messageFields(type: string): readonly FieldInfo[] {
  return MESSAGES[fullTypeName(type)]!;
}

/** Name → number of an enum, e.g. enumValues('mvccpb.Event.EventType').DELETE === 1. */
export function enumValues(type: string): Readonly<Record<string, number>> {
  const values = ENUMS[type];
  if (!values) throw new ProtoError(`unknown enum type ${type}`);
  return values;
}

/** The name of an enum number, or the number itself as text when it has none (as Go's String() does). */
export function enumName(type: string, value: number): string {
  const values = enumValues(type);
  for (const name in values) if (values[name] === value) return name;
  return String(value);
}

function compile(type: string): Compiled {
  const full = fullTypeName(type);
  let c = compiled.get(full);
  if (c) return c;
  const fields = MESSAGES[full]!;
  const slots = fields.map(toSlot);
  const byNumber: (Slot | undefined)[] = [];
  for (const s of slots) byNumber[s.info.number] = s;
  c = { name: full, fields, slots, byNumber, defaults: slots.map(defaultValue) };
  // Registered before sub-messages are resolved so that recursive types (Txn inside RequestOp) terminate.
  compiled.set(full, c);
  for (const s of slots) {
    if (s.oneof) s.siblings = slots.filter((o) => o.oneof === s.oneof && o !== s).map((o) => o.name);
    if (s.info.messageType) s.message = compile(s.info.messageType);
  }
  return c;
}

function toSlot(info: FieldInfo): Slot {
  const wireType = info.packed ? WIRE_LEN : info.wireType;
  const key = info.number * 8 + wireType;
  return {
    info,
    name: info.name,
    kind: KIND_CODES[info.kind],
    wireType: info.wireType,
    repeated: info.repeated,
    packed: info.packed,
    oneof: info.oneof,
    always: info.presence === 'always',
    explicit: info.presence === 'explicit',
    siblings: [],
    key,
    keySize: varintSize(key),
    message: undefined,
  };
}

function defaultValue(s: Slot): unknown {
  if (s.repeated) return undefined; // a fresh array per object, made in blank()
  if (s.oneof || s.kind === K_MESSAGE || s.explicit) return undefined; // an 'always' message: made in blank()
  if (isBigKind(s.kind)) return 0n;
  if (s.kind === K_BOOL) return false;
  if (s.kind === K_STRING) return '';
  if (s.kind === K_BYTES) return EMPTY;
  return 0;
}

function blank(c: Compiled): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  const { slots, defaults } = c;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i]!;
    obj[s.name] = s.repeated ? [] : s.always && s.kind === K_MESSAGE ? blank(s.message!) : defaults[i];
  }
  return obj;
}

// ---------------------------------------------------------------- decoding

class Reader {
  pos = 0;
  // The two 32-bit halves of the last 64-bit varint read.
  lo = 0;
  hi = 0;
  constructor(readonly buf: Buffer, readonly end: number) {}

  // gogo's generated Unmarshal returns io.ErrUnexpectedEOF for a message cut short; the offline tools print it.
  eof(): never {
    throw new ProtoError('unexpected EOF');
  }

  byte(): number {
    if (this.pos >= this.end) this.eof();
    return this.buf[this.pos++]!;
  }

  /** A varint whose value is needed only modulo 2^32 (keys, lengths); all its bytes are consumed. */
  uint32(): number {
    const b0 = this.byte();
    if (b0 < 0x80) return b0;
    let value = b0 & 0x7f;
    let shift = 7;
    for (let i = 1; i < 10; i++) {
      const b = this.byte();
      if (shift < 32) value |= (b & 0x7f) << shift;
      if (b < 0x80) return value >>> 0;
      shift += 7;
    }
    throw new ProtoError('proto: integer overflow');
  }

  length(): number {
    const b0 = this.byte();
    let n: number;
    if (b0 < 0x80) n = b0;
    else {
      this.pos--;
      this.varint64();
      if (this.hi !== 0 || this.lo > 0x7fffffff) throw new ProtoError('proto: negative length');
      n = this.lo;
    }
    if (n > this.end - this.pos) this.eof();
    return n;
  }

  /** Reads a varint of up to 64 bits into lo/hi. */
  varint64(): void {
    let lo = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      b = this.byte();
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.lo = lo >>> 0;
        this.hi = 0;
        return;
      }
    }
    b = this.byte();
    lo |= (b & 0x0f) << 28;
    let hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (shift > 31) throw new ProtoError('proto: integer overflow');
        b = this.byte();
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  uint64(): bigint {
    this.varint64();
    return joinUnsigned(this.lo, this.hi);
  }

  int64(): bigint {
    this.varint64();
    if (this.hi & 0x80000000) return BigInt.asIntN(64, (BigInt(this.hi) << 32n) | BigInt(this.lo));
    return joinUnsigned(this.lo, this.hi);
  }

  fixed32(): number {
    if (this.end - this.pos < 4) this.eof();
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  fixed64Slice(): number {
    if (this.end - this.pos < 8) this.eof();
    const at = this.pos;
    this.pos += 8;
    return at;
  }

  skip(wireType: number, fieldNumber: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint64();
        return;
      case WIRE_FIXED64:
        this.fixed64Slice();
        return;
      case WIRE_LEN: {
        const n = this.length();
        this.pos += n;
        return;
      }
      case WIRE_FIXED32:
        this.fixed32();
        return;
      case WIRE_START_GROUP:
        for (;;) {
          const key = this.uint32();
          if ((key & 7) === WIRE_END_GROUP) {
            if (key >>> 3 !== fieldNumber) throw new ProtoError('proto: mismatched end group');
            return;
          }
          this.skip(key & 7, key >>> 3);
        }
      default:
        throw new ProtoError(`proto: illegal wireType ${wireType}`);
    }
  }
}

const TWO_POW_32 = 4294967296;
const SAFE_HI = 0x200000; // below this high word, hi * 2^32 + lo is an exact double

function joinUnsigned(lo: number, hi: number): bigint {
  if (hi < SAFE_HI) return BigInt(hi * TWO_POW_32 + lo);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function readScalar(r: Reader, kind: number): unknown {
  switch (kind) {
    case K_INT64:
      return r.int64();
    case K_UINT64:
      return r.uint64();
    case K_SINT64: {
      const u = r.uint64();
      return (u >> 1n) ^ -(u & 1n);
    }
    case K_FIXED64:
      return r.buf.readBigUInt64LE(r.fixed64Slice());
    case K_SFIXED64:
      return r.buf.readBigInt64LE(r.fixed64Slice());
    case K_INT32:
    case K_ENUM:
      r.varint64();
      return r.lo | 0;
    case K_UINT32:
      r.varint64();
      return r.lo;
    case K_SINT32: {
      r.varint64();
      const u = r.lo;
      return (u >>> 1) ^ -(u & 1);
    }
    case K_FIXED32:
      return r.fixed32();
    case K_SFIXED32:
      return r.fixed32() | 0;
    case K_BOOL:
      r.varint64();
      return r.lo !== 0 || r.hi !== 0;
    case K_DOUBLE:
      return r.buf.readDoubleLE(r.fixed64Slice());
    case K_FLOAT: {
      if (r.end - r.pos < 4) r.eof();
      const v = r.buf.readFloatLE(r.pos);
      r.pos += 4;
      return v;
    }
    case K_STRING: {
      const n = r.length();
      const start = r.pos;
      r.pos += n;
      return n === 0 ? '' : r.buf.toString('utf8', start, start + n);
    }
    case K_BYTES: {
      const n = r.length();
      const start = r.pos;
      r.pos += n;
      return n === 0 ? EMPTY : r.buf.subarray(start, start + n);
    }
    default:
      throw new ProtoError(`proto: unexpected kind ${kind}`);
  }
}

/** Decodes fields up to `end`; the reader is shared down the tree and a nested message stops at its own end. */
function decodeInto(c: Compiled, r: Reader, end: number, obj: Record<string, unknown>): void {
  const { byNumber } = c;
  while (r.pos < end) {
    const key = r.uint32();
    const fieldNumber = key >>> 3;
    const wireType = key & 7;
    if (fieldNumber === 0) throw new ProtoError('proto: illegal tag 0');
    const s = byNumber[fieldNumber];
    if (s === undefined) {
      r.skip(wireType, fieldNumber);
      continue;
    }
    if (s.kind === K_MESSAGE) {
      if (wireType !== WIRE_LEN) throw wrongWireType(c, s, wireType);
      const n = r.length();
      const subEnd = r.pos + n;
      const sub = s.message!;
      if (s.repeated) {
        const child = blank(sub);
        decodeInto(sub, r, subEnd, child);
        (obj[s.name] as unknown[]).push(child);
      } else {
        // A singular sub-message seen twice merges, as gogo's Unmarshal does; a oneof member starts afresh.
        let child = s.oneof ? undefined : (obj[s.name] as Record<string, unknown> | undefined);
        if (child === undefined) child = blank(sub);
        decodeInto(sub, r, subEnd, child);
        if (s.oneof) clearSiblings(obj, s);
        obj[s.name] = child;
      }
      continue;
    }
    if (s.repeated) {
      const list = obj[s.name] as unknown[];
      if (wireType === WIRE_LEN && s.wireType !== WIRE_LEN) {
        const n = r.length();
        const runEnd = r.pos + n;
        while (r.pos < runEnd) list.push(readScalar(r, s.kind));
        if (r.pos !== runEnd) throw new ProtoError('proto: packed run overflows its length');
      } else {
        if (wireType !== s.wireType) throw wrongWireType(c, s, wireType);
        list.push(readScalar(r, s.kind));
      }
      continue;
    }
    if (wireType !== s.wireType) throw wrongWireType(c, s, wireType);
    if (s.oneof) clearSiblings(obj, s);
    obj[s.name] = readScalar(r, s.kind);
  }
  if (r.pos !== end) throw new ProtoError('proto: field overflows its message');
}

function clearSiblings(obj: Record<string, unknown>, s: Slot): void {
  for (const name of s.siblings) obj[name] = undefined;
}

function wrongWireType(c: Compiled, s: Slot, got: number): ProtoError {
  return new ProtoError(`proto: wrong wireType = ${got} for field ${s.name} of ${c.name}`);
}

/** Decodes one message. Bytes fields are views into `buf`, which must therefore not be reused. */
export function decode<N extends MessageName>(type: N, buf: Uint8Array): MessageTypes[N] {
  return decodeAs<MessageTypes[N]>(compile(type), buf);
}

function decodeAs<T>(c: Compiled, buf: Uint8Array): T {
  const data = asBuffer(buf);
  const r = new Reader(data, data.length);
  const obj = blank(c);
  decodeInto(c, r, data.length, obj);
  return obj as T;
}

/**
 * Decodes one message as `decode` does but leaves out one field, as if it were unknown: for a repeated field
 * whose items the caller reads from their spans (`fieldSpans`) instead of as objects.
 */
export function decodeExcept<N extends MessageName, F extends keyof MessageTypes[N] & string>(
  type: N,
  buf: Uint8Array,
  field: F,
): Omit<MessageTypes[N], F> {
  const full = fullTypeName(type);
  const name = `${full}\u0000without ${field}`;
  let c = compiled.get(name);
  if (!c) {
    const whole = compile(full);
    const byNumber = whole.byNumber.map((slot) => (slot?.name === field ? undefined : slot));
    c = { ...whole, byNumber };
    compiled.set(name, c);
  }
  return decodeAs<Omit<MessageTypes[N], F>>(c, buf);
}

/**
 * Where the payloads of some length-delimited fields lie, without decoding anything: for the message in
 * buf[start, end), pushes onto `into` the start and end of each field in `fields`, in that order (the last
 * occurrence wins, as decoding would have it; an absent field is the empty span end, end). With `repeated`, every
 * occurrence of the single field given is pushed instead.
 */
export function fieldSpans(type: string, fields: readonly string[], repeated = false) {
  const numbers = fields.map((f) => {
    const info = messageFields(type).find((x) => x.name === f);
    if (!info || info.wireType !== WIRE_LEN || info.packed) throw new ProtoError(`proto: ${type}.${f} is not a length-delimited field`);
    return info.number;
  });
  const slotOf = (n: number) => numbers.indexOf(n);
  return (buf: Buffer, start: number, end: number, into: number[]): void => {
    const r = new Reader(buf, end);
    r.pos = start;
    const base = into.length;
    if (!repeated) for (let i = 0; i < numbers.length; i++) into.push(end, end);
    while (r.pos < end) {
      const key = r.uint32();
      const fieldNumber = key >>> 3;
      const wireType = key & 7;
      const slot = wireType === WIRE_LEN ? slotOf(fieldNumber) : -1;
      if (slot < 0) {
        r.skip(wireType, fieldNumber);
        continue;
      }
      const n = r.length();
      if (repeated) into.push(r.pos, r.pos + n);
      else {
        into[base + 2 * slot] = r.pos;
        into[base + 2 * slot + 1] = r.pos + n;
      }
      r.pos += n;
    }
  };
}

// ---------------------------------------------------------------- encoding

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Stands in for an unset proto2 'always' message field: encoded as an empty message of the field's type. */
const NO_FIELDS: Record<string, unknown> = Object.freeze({});
const MASK_64 = (1n << 64n) - 1n;

function varintSize(v: number): number {
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  if (v < 0x800000000) return 5;
  if (v < 0x40000000000) return 6;
  if (v < 0x2000000000000) return 7;
  return 8; // callers pass at most 2^53
}

const TWO_POW_56 = 1n << 56n;
const TWO_POW_63 = 1n << 63n;

function bigVarintSize(u: bigint): number {
  if (u <= MAX_SAFE) return varintSize(Number(u));
  if (u < TWO_POW_56) return 8;
  return u < TWO_POW_63 ? 9 : 10;
}

class Writer {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  /** Non-negative integers up to 2^53. */
  varint(v: number): void {
    const buf = this.buf;
    while (v >= 0x80) {
      buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    buf[this.pos++] = v;
  }

  /** Any value of 64 bits, given as its unsigned reading. */
  bigVarint(u: bigint): void {
    if (u <= MAX_SAFE) {
      this.varint(Number(u));
      return;
    }
    let lo = Number(u & 0xffffffffn);
    let hi = Number(u >> 32n);
    const buf = this.buf;
    while (hi > 0 || lo >= 0x80) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[this.pos++] = lo;
  }

  bytes(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
}

function fieldError(s: Slot, value: unknown): ProtoError {
  return new ProtoError(`cannot encode ${typeof value} ${String(value)} as ${s.info.kind} field ${s.name}`);
}

function toBigInt(s: Slot, v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw fieldError(s, v);
}

function toInt(s: Slot, v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint') return Number(BigInt.asIntN(32, v));
  throw fieldError(s, v);
}

/** The unsigned 64-bit reading of a varint-encoded value of this kind. */
function varintBits(s: Slot, v: unknown): bigint | number {
  switch (s.kind) {
    case K_INT64:
    case K_UINT64: {
      const b = toBigInt(s, v);
      return b >= 0n && b <= MAX_SAFE ? Number(b) : b & MASK_64;
    }
    case K_SINT64: {
      const b = BigInt.asIntN(64, toBigInt(s, v));
      return ((b << 1n) ^ (b >> 63n)) & MASK_64;
    }
    case K_INT32:
    case K_ENUM: {
      const n = toInt(s, v) | 0;
      // Negative 32-bit values are sign-extended to ten bytes, as Go's uint64(int32) conversion does.
      return n >= 0 ? n : BigInt.asUintN(64, BigInt(n));
    }
    case K_UINT32:
      return toInt(s, v) >>> 0;
    case K_SINT32: {
      const n = toInt(s, v) | 0;
      return ((n << 1) ^ (n >> 31)) >>> 0;
    }
    case K_BOOL:
      return v ? 1 : 0;
    default:
      throw fieldError(s, v);
  }
}

function bitsSize(bits: bigint | number): number {
  return typeof bits === 'number' ? varintSize(bits) : bigVarintSize(bits);
}

function writeBits(w: Writer, bits: bigint | number): void {
  if (typeof bits === 'number') w.varint(bits);
  else w.bigVarint(bits);
}

function toBytes(s: Slot, v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  throw fieldError(s, v);
}

/** Whether a proto3 singular scalar holds its zero value and is therefore not written. */
function isZero(s: Slot, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  switch (s.kind) {
    case K_STRING:
    case K_BYTES:
      return (v as { length: number }).length === 0;
    case K_BOOL:
      return !v;
    case K_DOUBLE:
    case K_FLOAT:
      // Go compares the bit pattern, so -0 is written.
      return Object.is(v, 0);
    default:
      return v === 0 || v === 0n;
  }
}

const FIXED_SIZE: Record<number, number> = {
  [K_FIXED64]: 8, [K_SFIXED64]: 8, [K_DOUBLE]: 8, [K_FIXED32]: 4, [K_SFIXED32]: 4, [K_FLOAT]: 4,
};

/** Size of one scalar value without its key. */
function scalarSize(s: Slot, v: unknown): number {
  const fixed = FIXED_SIZE[s.kind];
  if (fixed !== undefined) return fixed;
  if (s.kind === K_STRING) {
    if (typeof v !== 'string') throw fieldError(s, v);
    const n = Buffer.byteLength(v, 'utf8');
    return varintSize(n) + n;
  }
  if (s.kind === K_BYTES) {
    const n = typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : toBytes(s, v).length;
    return varintSize(n) + n;
  }
  return bitsSize(varintBits(s, v));
}

function writeScalar(w: Writer, s: Slot, v: unknown): void {
  switch (s.kind) {
    case K_STRING:
    case K_BYTES: {
      if (typeof v === 'string') {
        const n = Buffer.byteLength(v, 'utf8');
        w.varint(n);
        w.pos += w.buf.write(v, w.pos, n, 'utf8');
      } else {
        const b = toBytes(s, v);
        w.varint(b.length);
        w.bytes(b);
      }
      return;
    }
    case K_FIXED64:
      w.pos = w.buf.writeBigUInt64LE(BigInt.asUintN(64, toBigInt(s, v)), w.pos);
      return;
    case K_SFIXED64:
      w.pos = w.buf.writeBigInt64LE(BigInt.asIntN(64, toBigInt(s, v)), w.pos);
      return;
    case K_FIXED32:
      w.pos = w.buf.writeUInt32LE(toInt(s, v) >>> 0, w.pos);
      return;
    case K_SFIXED32:
      w.pos = w.buf.writeInt32LE(toInt(s, v) | 0, w.pos);
      return;
    case K_DOUBLE:
      w.pos = w.buf.writeDoubleLE(v as number, w.pos);
      return;
    case K_FLOAT:
      w.pos = w.buf.writeFloatLE(v as number, w.pos);
      return;
    default:
      writeBits(w, varintBits(s, v));
  }
}

function asMessage(s: Slot, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) throw fieldError(s, v);
  return v as Record<string, unknown>;
}

function asList(s: Slot, v: unknown): readonly unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw fieldError(s, v);
  return v;
}

/**
 * Pass one: the encoded size of every message object, remembered so that pass two can write length
 * prefixes without measuring the same sub-tree again.
 */
function measure(c: Compiled, msg: Record<string, unknown>, sizes: Map<object, number>): number {
  let size = 0;
  const { slots } = c;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i]!;
    const v = valueOf(s, msg, c.defaults[i]);
    if (s.repeated) {
      const list = asList(s, v);
      if (list.length === 0) continue;
      if (s.packed) {
        const run = packedRunSize(s, list);
        size += s.keySize + varintSize(run) + run;
        continue;
      }
      for (const item of list) size += s.keySize + elementSize(s, item, sizes);
    } else if (isWritten(s, v)) {
      size += s.keySize + elementSize(s, v, sizes);
    }
  }
  sizes.set(msg, size);
  return size;
}

function elementSize(s: Slot, v: unknown, sizes: Map<object, number>): number {
  if (s.kind !== K_MESSAGE) return scalarSize(s, v);
  const n = measure(s.message!, asMessage(s, v), sizes);
  return varintSize(n) + n;
}

function packedRunSize(s: Slot, list: readonly unknown[]): number {
  let run = 0;
  for (const item of list) run += scalarSize(s, item);
  return run;
}

function writeMessage(w: Writer, c: Compiled, msg: Record<string, unknown>, sizes: Map<object, number>): void {
  const { slots } = c;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i]!;
    const v = valueOf(s, msg, c.defaults[i]);
    if (s.repeated) {
      const list = asList(s, v);
      if (list.length === 0) continue;
      if (s.packed) {
        w.varint(s.key);
        w.varint(packedRunSize(s, list));
        for (const item of list) writeScalar(w, s, item);
        continue;
      }
      for (const item of list) writeElement(w, s, item, sizes);
    } else if (isWritten(s, v)) {
      writeElement(w, s, v, sizes);
    }
  }
}

/** The value to encode: the one given, or for an unset proto2 'always' field its zero (an empty message). */
function valueOf(s: Slot, msg: Record<string, unknown>, zero: unknown): unknown {
  const v = msg[s.name];
  if (!s.always || (v !== undefined && v !== null)) return v;
  return s.kind === K_MESSAGE ? NO_FIELDS : zero;
}

/** Whether a singular field is on the wire: by presence in proto2, by value for proto3 scalars. */
function isWritten(s: Slot, v: unknown): boolean {
  if (s.always) return true;
  if (s.kind === K_MESSAGE || s.oneof || s.explicit) return v !== undefined && v !== null;
  return !isZero(s, v);
}

function writeElement(w: Writer, s: Slot, v: unknown, sizes: Map<object, number>): void {
  w.varint(s.key);
  if (s.kind !== K_MESSAGE) {
    writeScalar(w, s, v);
    return;
  }
  const sub = v as Record<string, unknown>;
  // The shared empty stand-in for an unset 'always' message is measured per type, so here once more.
  w.varint(sub === NO_FIELDS ? measure(s.message!, sub, sizes) : sizes.get(sub)!);
  writeMessage(w, s.message!, sub, sizes);
}

/** Encodes a message given with proto field names; absent fields count as zero / not set. */
export function encode<N extends MessageName>(type: N, msg: Init<MessageTypes[N]>): Buffer {
  const c = compile(type);
  const root = msg as Record<string, unknown>;
  const sizes = new Map<object, number>();
  const total = measure(c, root, sizes);
  const w = new Writer(Buffer.allocUnsafe(total));
  writeMessage(w, c, root, sizes);
  if (w.pos !== total) throw new ProtoError(`proto: encoded ${w.pos} bytes of ${total} measured`);
  return w.buf;
}
