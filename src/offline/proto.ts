// The protobuf wire format, as much as etcd's on-disk messages need. Field order and the
// "always emitted" rules live with each message; this file only knows bytes.
import { DecodeError } from './errors.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

const U64_MASK = (1n << 64n) - 1n;

export class ProtoWriter {
  private buf = new Uint8Array(64);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** A base-128 varint of an unsigned value; negative int64 values are written as their two's complement. */
  varint(value: bigint | number): this {
    let v = typeof value === 'number' ? BigInt(value) : value;
    v &= U64_MASK;
    this.ensure(10);
    if (v < 0x80000000n) {
      let n = Number(v);
      while (n >= 0x80) {
        this.buf[this.len++] = (n & 0x7f) | 0x80;
        n >>>= 7;
      }
      this.buf[this.len++] = n;
      return this;
    }
    while (v >= 0x80n) {
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.len++] = Number(v);
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint((field << 3) | wireType);
  }

  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  /** A varint field, written whatever its value (proto2 non-nullable fields). */
  uint(field: number, value: bigint | number): this {
    return this.tag(field, WIRE_VARINT).varint(value);
  }

  /** A varint field written only when non-zero (proto3 scalars). */
  uintIfSet(field: number, value: bigint | number): this {
    return value === 0 || value === 0n ? this : this.uint(field, value);
  }

  bool(field: number, value: boolean): this {
    return this.uint(field, value ? 1 : 0);
  }

  bytes(field: number, value: Uint8Array): this {
    return this.tag(field, WIRE_BYTES).varint(value.length).raw(value);
  }

  /** A length-delimited field written only when non-empty (proto3 bytes/strings). */
  bytesIfSet(field: number, value: Uint8Array | undefined): this {
    return value && value.length > 0 ? this.bytes(field, value) : this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export interface ProtoField {
  field: number;
  wireType: number;
  /** The value of a varint field (two's complement for negative int64). */
  varint: bigint;
  /** The payload of a length-delimited field (a view into the input). */
  bytes: Uint8Array;
}

export function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new DecodeError('unexpected EOF');
    const b = buf[pos++];
    result |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return [result & U64_MASK, pos];
    shift += 7n;
  }
  throw new DecodeError('integer overflow');
}

/** Every field of a message in wire order. Unknown group fields are skipped as gogo's skip functions do. */
export function readFields(buf: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const empty = new Uint8Array(0);
  while (pos < buf.length) {
    let key: bigint;
    [key, pos] = readVarint(buf, pos);
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field <= 0) throw new DecodeError(`illegal tag ${field}`);
    switch (wireType) {
      case WIRE_VARINT: {
        let v: bigint;
        [v, pos] = readVarint(buf, pos);
        fields.push({ field, wireType, varint: v, bytes: empty });
        break;
      }
      case WIRE_BYTES: {
        let n: bigint;
        [n, pos] = readVarint(buf, pos);
        if (n > BigInt(buf.length - pos)) throw new DecodeError('unexpected EOF');
        const end = pos + Number(n);
        fields.push({ field, wireType, varint: 0n, bytes: buf.subarray(pos, end) });
        pos = end;
        break;
      }
      case WIRE_FIXED64:
        if (pos + 8 > buf.length) throw new DecodeError('unexpected EOF');
        fields.push({ field, wireType, varint: readFixed(buf, pos, 8), bytes: empty });
        pos += 8;
        break;
      case WIRE_FIXED32:
        if (pos + 4 > buf.length) throw new DecodeError('unexpected EOF');
        fields.push({ field, wireType, varint: readFixed(buf, pos, 4), bytes: empty });
        pos += 4;
        break;
      case WIRE_START_GROUP:
        pos = skipGroup(buf, pos);
        fields.push({ field, wireType, varint: 0n, bytes: empty });
        break;
      default:
        throw new DecodeError(`illegal wireType ${wireType}`);
    }
  }
  return fields;
}

function readFixed(buf: Uint8Array, pos: number, n: number): bigint {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[pos + i]);
  return v;
}

function skipGroup(buf: Uint8Array, pos: number): number {
  let depth = 1;
  while (depth > 0) {
    let key: bigint;
    [key, pos] = readVarint(buf, pos);
    const wt = Number(key & 7n);
    if (wt === WIRE_VARINT) [, pos] = readVarint(buf, pos);
    else if (wt === WIRE_FIXED64) pos += 8;
    else if (wt === WIRE_FIXED32) pos += 4;
    else if (wt === WIRE_BYTES) {
      let n: bigint;
      [n, pos] = readVarint(buf, pos);
      pos += Number(n);
    } else if (wt === WIRE_START_GROUP) depth++;
    else if (wt === WIRE_END_GROUP) depth--;
    else throw new DecodeError(`illegal wireType ${wt}`);
    if (pos > buf.length) throw new DecodeError('unexpected EOF');
  }
  return pos;
}

/** Throws unless a known field arrived with the wire type its declaration implies (gogo's strictness). */
export function expectWireType(f: ProtoField, wireType: number, name: string): void {
  if (f.wireType !== wireType) throw new DecodeError(`wrong wireType = ${f.wireType} for field ${name}`);
}

/** An int64 read from its two's complement varint. */
export const toInt64 = (v: bigint): bigint => BigInt.asIntN(64, v);
