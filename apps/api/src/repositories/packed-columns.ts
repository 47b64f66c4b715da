/**
 * Packed columns: how a fact block's typed arrays are stored from layout 2 on (docs/storage.md).
 *
 * FerretDB's cost is per stored byte (about 12 MB/s for Binary on this 2-core machine, measured
 * with apps/api/probe-style reads: a 400 KB Binary takes 33 ms to read, a 100 KB one 8 ms), so a
 * block read is as fast as its columns are small. Each column is narrowed to the smallest integer
 * width that holds it (day numbers of one month fit a byte, dictionary codes of at most 4,096 rows
 * fit two) and then deflated: a block of 4,096 orders shrinks from about 370 KB to under 100 KB.
 *
 * A packed column is a BSON Binary of subtype PACKED_SUBTYPE whose first byte says how it is packed;
 * a layout-1 column is a plain Binary (subtype 0) of raw little-endian values, and readers accept both.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Binary } from 'mongodb';

/** The user-defined BSON Binary subtype of a packed column. */
export const PACKED_SUBTYPE = 0x80;

/** How a packed column's values are laid out after its tag byte. */
enum Packing {
  /** Int32 values as `base + Uint8`: a 4-byte base, then deflated bytes. */
  Uint8Offsets = 1,
  /** Int32 values as `base + Uint16`. */
  Uint16Offsets = 2,
  /** Int32 values as they are, deflated. */
  Int32 = 3,
  /** Float64 values, deflated. */
  Float64 = 4,
  /** Int64 values as `base + Uint32`: an 8-byte base, then deflated offsets. */
  Uint32Offsets64 = 5,
  /** Int64 values as they are, deflated. */
  Int64 = 6,
  /** Int8 values, deflated. */
  Int8 = 7,
  /** A list of strings as UTF-8 JSON, deflated. */
  Strings = 8,
  /** Bytes stored as they are: for content hashes, which do not compress. */
  RawBytes = 9,
}

// Level 1: nearly all of level 6's gain on these columns (42 against 40 bytes a fact) at a
// fraction of the time.
const DEFLATE = { level: 1 };

/** Packs Int32 values, as offsets from their minimum in one or two bytes where they fit. */
export function packInt32(values: Int32Array): Binary {
  let min = 0;
  let max = 0;
  if (values.length > 0) {
    min = values[0]!;
    max = min;
    for (const value of values) {
      if (value < min) min = value;
      else if (value > max) max = value;
    }
  }
  const range = max - min;
  if (range < 0x10000) {
    const narrow = range < 0x100 ? new Uint8Array(values.length) : new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) narrow[i] = values[i]! - min;
    const base = Buffer.alloc(4);
    base.writeInt32LE(min);
    return packed(range < 0x100 ? Packing.Uint8Offsets : Packing.Uint16Offsets, base, narrow);
  }
  return packed(Packing.Int32, undefined, values);
}

/** Packs Int64 money values, as 32-bit offsets from their minimum where they fit. */
export function packInt64(values: BigInt64Array): Binary {
  let min = 0n;
  let max = 0n;
  if (values.length > 0) {
    min = values[0]!;
    max = min;
    for (const value of values) {
      if (value < min) min = value;
      else if (value > max) max = value;
    }
  }
  if (max - min < 0x1_0000_0000n) {
    const offsets = new Uint32Array(values.length);
    for (let i = 0; i < values.length; i++) offsets[i] = Number(values[i]! - min);
    const base = Buffer.alloc(8);
    base.writeBigInt64LE(min);
    return packed(Packing.Uint32Offsets64, base, offsets);
  }
  return packed(Packing.Int64, undefined, values);
}

/** Packs Float64 values (credit shares, plain numbers). */
export function packFloat64(values: Float64Array): Binary {
  return packed(Packing.Float64, undefined, values);
}

/** Packs Int8 values (booleans: -1 absent, 0, 1). */
export function packInt8(values: Int8Array): Binary {
  return packed(Packing.Int8, undefined, values);
}

/** Packs a list of strings exactly (JSON keeps every string the import accepted). */
export function packStrings(values: readonly string[]): Binary {
  return packed(Packing.Strings, undefined, Buffer.from(JSON.stringify(values), 'utf8'));
}

/** Stores bytes without compressing them. */
export function packRawBytes(bytes: Uint8Array): Binary {
  return new Binary(Buffer.concat([Buffer.of(Packing.RawBytes), bytes]), PACKED_SUBTYPE);
}

/** Whether a stored column is packed (layout 2) rather than raw little-endian values (layout 1). */
export function isPacked(value: Binary): boolean {
  return value.sub_type === PACKED_SUBTYPE;
}

/** The Int32 values of a packed column (as written by packInt32). */
export function unpackInt32(value: Binary): Int32Array {
  const { packing, body } = open(value);
  if (packing === Packing.Int32) return view(inflateRawSync(body), Int32Array);
  if (packing !== Packing.Uint8Offsets && packing !== Packing.Uint16Offsets) throw wrong(packing, 'Int32');
  const base = body.readInt32LE(0);
  const narrow =
    packing === Packing.Uint8Offsets
      ? inflateRawSync(body.subarray(4))
      : view(inflateRawSync(body.subarray(4)), Uint16Array);
  const values = new Int32Array(narrow.length);
  for (let i = 0; i < narrow.length; i++) values[i] = base + narrow[i]!;
  return values;
}

/** The Int64 values of a packed column (as written by packInt64). */
export function unpackInt64(value: Binary): BigInt64Array {
  const { packing, body } = open(value);
  if (packing === Packing.Int64) return view(inflateRawSync(body), BigInt64Array);
  if (packing !== Packing.Uint32Offsets64) throw wrong(packing, 'Int64');
  const base = body.readBigInt64LE(0);
  const offsets = view(inflateRawSync(body.subarray(8)), Uint32Array);
  const values = new BigInt64Array(offsets.length);
  for (let i = 0; i < offsets.length; i++) values[i] = base + BigInt(offsets[i]!);
  return values;
}

/** The Float64 values of a packed column. */
export function unpackFloat64(value: Binary): Float64Array {
  const { packing, body } = open(value);
  if (packing !== Packing.Float64) throw wrong(packing, 'Float64');
  return view(inflateRawSync(body), Float64Array);
}

/** The Int8 values of a packed column. */
export function unpackInt8(value: Binary): Int8Array {
  const { packing, body } = open(value);
  if (packing !== Packing.Int8) throw wrong(packing, 'Int8');
  return view(inflateRawSync(body), Int8Array);
}

/** The strings of a packed column. */
export function unpackStrings(value: Binary): string[] {
  const { packing, body } = open(value);
  if (packing !== Packing.Strings) throw wrong(packing, 'strings');
  return JSON.parse(inflateRawSync(body).toString('utf8')) as string[];
}

/** The bytes of a column stored by packRawBytes. */
export function unpackRawBytes(value: Binary): Uint8Array {
  const { packing, body } = open(value);
  if (packing !== Packing.RawBytes) throw wrong(packing, 'raw bytes');
  return body;
}

function packed(packing: Packing, header: Buffer | undefined, values: ArrayBufferView): Binary {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const parts = [Buffer.of(packing), ...(header ? [header] : []), deflateRawSync(bytes, DEFLATE)];
  return new Binary(Buffer.concat(parts), PACKED_SUBTYPE);
}

function open(value: Binary): { packing: Packing; body: Buffer } {
  const bytes = value.buffer.subarray(0, value.length());
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { packing: buffer[0] as Packing, body: buffer.subarray(1) };
}

type TypedConstructor<T> = {
  new (buffer: ArrayBuffer, offset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
};

/** A typed view of inflated bytes; copied first when they are not aligned for the type. */
function view<T>(bytes: Buffer, Type: TypedConstructor<T>): T {
  let aligned: Uint8Array = bytes;
  if (bytes.byteOffset % Type.BYTES_PER_ELEMENT !== 0) aligned = new Uint8Array(bytes);
  return new Type(
    aligned.buffer as ArrayBuffer,
    aligned.byteOffset,
    aligned.byteLength / Type.BYTES_PER_ELEMENT,
  );
}

function wrong(packing: number, expected: string): Error {
  return new Error(`a packed fact column has packing ${packing} where ${expected} values were expected`);
}
