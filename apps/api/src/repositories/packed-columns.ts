/**
 * Packed columns: how a fact block's typed arrays are stored from layout 2 on (docs/storage.md).
 *
 * FerretDB's cost is per stored byte (about 12 MB/s of Binary on this 2-core machine: a 400 KB
 * Binary takes 33 ms to read, a 100 KB one 8 ms), so a block reads as fast as its columns are
 * small. Each column is narrowed to the smallest integer width that holds it (day numbers of one
 * month fit a byte, dictionary codes of at most 4,096 rows fit two), and all the columns of a
 * block are deflated together: one deflate call per block, because each call costs about 0.1 ms
 * on its own, whatever its size. A block of 4,096 orders shrinks from about 370 KB to 140 KB.
 *
 * A column set is a BSON Binary of subtype PACKED_SUBTYPE: a tag byte, then the deflated body:
 * a little-endian Uint32 header length, the header (JSON: each column's name, packing, count,
 * base and place), then each column's bytes at an offset that is a multiple of 8.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Binary } from 'mongodb';

/** The user-defined BSON Binary subtype of packed data (layout 1 used plain Binary, subtype 0). */
export const PACKED_SUBTYPE = 0x80;

const COLUMN_SET_TAG = 1;
const RAW_BYTES_TAG = 2;

/** How one column's values are laid out in the body. */
type Packing =
  /** Int32 values as `base + Uint8` / `base + Uint16` offsets, or as they are. */
  | 'u8+base'
  | 'u16+base'
  | 'i32'
  /** Int64 values as `base + Uint32` offsets (base as decimal text), or as they are. */
  | 'u32+base64'
  | 'i64'
  | 'f64'
  | 'i8'
  /** Strings: Uint16 or Uint32 UTF-8 byte lengths, then the UTF-8 bytes back to back. */
  | 'strings16'
  | 'strings32';

interface ColumnHeader {
  name: string;
  packing: Packing;
  count: number;
  /** Byte offset of the column in the body. */
  offset: number;
  bytes: number;
  base?: number | string;
}

/** A column to pack: its values as the engine holds them. */
export type ColumnValues = Int32Array | BigInt64Array | Float64Array | Int8Array | readonly string[];

// Level 1: nearly all of level 6's gain on these columns (42 against 40 bytes a fact) in a
// fraction of the time.
const DEFLATE = { level: 1 };

/** Packs named columns into one column set. */
export function packColumnSet(columns: ReadonlyArray<readonly [string, ColumnValues]>): Binary {
  const headers: ColumnHeader[] = [];
  const sections: Uint8Array[] = [];
  let offset = 0;
  for (const [name, values] of columns) {
    const { packing, base, bytes } = packColumn(values);
    headers.push({
      name,
      packing,
      count: values.length,
      offset,
      bytes: bytes.byteLength,
      ...(base === undefined ? {} : { base }),
    });
    sections.push(bytes);
    offset += align8(bytes.byteLength);
  }
  const header = Buffer.from(JSON.stringify(headers), 'utf8');
  const start = align8(4 + header.byteLength);
  const body = Buffer.alloc(start + offset);
  body.writeUInt32LE(header.byteLength, 0);
  header.copy(body, 4);
  headers.forEach((column, i) => {
    body.set(sections[i]!, start + column.offset);
  });
  return new Binary(
    Buffer.concat([Buffer.of(COLUMN_SET_TAG), deflateRawSync(body, DEFLATE)]),
    PACKED_SUBTYPE,
  );
}

/** The columns of a packed column set, each decoded when asked for. */
export class ColumnSet {
  private readonly body: Buffer;
  private readonly start: number;
  private readonly columns = new Map<string, ColumnHeader>();

  constructor(value: Binary) {
    const bytes = value.buffer.subarray(0, value.length());
    if (value.sub_type !== PACKED_SUBTYPE || bytes[0] !== COLUMN_SET_TAG) {
      throw new Error('a fact block holds no packed column set where one was expected');
    }
    this.body = inflateRawSync(bytes.subarray(1));
    const headerBytes = this.body.readUInt32LE(0);
    for (const column of JSON.parse(this.body.toString('utf8', 4, 4 + headerBytes)) as ColumnHeader[]) {
      this.columns.set(column.name, column);
    }
    this.start = align8(4 + headerBytes);
  }

  has(name: string): boolean {
    return this.columns.has(name);
  }

  int32(name: string): Int32Array {
    const column = this.column(name);
    const bytes = this.bytesOf(column);
    if (column.packing === 'i32') return view(bytes, Int32Array);
    const base = column.base as number;
    const narrow = column.packing === 'u8+base' ? bytes : view(bytes, Uint16Array);
    const values = new Int32Array(column.count);
    for (let i = 0; i < column.count; i++) values[i] = base + narrow[i]!;
    return values;
  }

  int64(name: string): BigInt64Array {
    const column = this.column(name);
    const bytes = this.bytesOf(column);
    if (column.packing === 'i64') return view(bytes, BigInt64Array);
    const base = BigInt(column.base as string);
    const offsets = view(bytes, Uint32Array);
    const values = new BigInt64Array(column.count);
    for (let i = 0; i < column.count; i++) values[i] = base + BigInt(offsets[i]!);
    return values;
  }

  float64(name: string): Float64Array {
    return view(this.bytesOf(this.column(name)), Float64Array);
  }

  int8(name: string): Int8Array {
    return view(this.bytesOf(this.column(name)), Int8Array);
  }

  strings(name: string): string[] {
    const column = this.column(name);
    const bytes = this.bytesOf(column);
    const wide = column.packing === 'strings32';
    const lengths = wide ? view(bytes, Uint32Array) : view(bytes, Uint16Array);
    const textStart = column.count * (wide ? 4 : 2);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + textStart, bytes.byteLength - textStart);
    const values = new Array<string>(column.count);
    // Mostly ASCII (ids, codes), where byte offsets are string offsets: one decode, then slices.
    let ascii = true;
    for (let at = 0; at < text.length; at++) {
      if (text[at]! > 0x7f) {
        ascii = false;
        break;
      }
    }
    let at = 0;
    if (ascii) {
      const all = text.toString('latin1');
      for (let i = 0; i < column.count; i++) {
        values[i] = all.slice(at, at + lengths[i]!);
        at += lengths[i]!;
      }
    } else {
      for (let i = 0; i < column.count; i++) {
        values[i] = text.toString('utf8', at, at + lengths[i]!);
        at += lengths[i]!;
      }
    }
    return values;
  }

  private column(name: string): ColumnHeader {
    const column = this.columns.get(name);
    if (!column) throw new Error(`a fact block has no column ${name}`);
    return column;
  }

  private bytesOf(column: ColumnHeader): Buffer {
    return this.body.subarray(this.start + column.offset, this.start + column.offset + column.bytes);
  }
}

/** Bytes stored as they are (content hashes, which do not compress), marked as packed. */
export function packRawBytes(bytes: Uint8Array): Binary {
  return new Binary(Buffer.concat([Buffer.of(RAW_BYTES_TAG), bytes]), PACKED_SUBTYPE);
}

export function unpackRawBytes(value: Binary): Uint8Array {
  const bytes = value.buffer.subarray(0, value.length());
  if (bytes[0] !== RAW_BYTES_TAG) throw new Error('a fact block holds no raw bytes where they were expected');
  return bytes.subarray(1);
}

/** Whether a stored Binary is packed (layout 2) rather than raw little-endian values (layout 1). */
export function isPacked(value: Binary): boolean {
  return value.sub_type === PACKED_SUBTYPE;
}

function packColumn(values: ColumnValues): { packing: Packing; base?: number | string; bytes: Uint8Array } {
  if (values instanceof Int32Array) return packInt32(values);
  if (values instanceof BigInt64Array) return packInt64(values);
  if (values instanceof Float64Array) return { packing: 'f64', bytes: bytesOf(values) };
  if (values instanceof Int8Array) return { packing: 'i8', bytes: bytesOf(values) };
  return packStrings(values as readonly string[]);
}

/** Int32 values as offsets from their minimum in one or two bytes where they fit. */
function packInt32(values: Int32Array): { packing: Packing; base?: number; bytes: Uint8Array } {
  let min = values.length > 0 ? values[0]! : 0;
  let max = min;
  for (const value of values) {
    if (value < min) min = value;
    else if (value > max) max = value;
  }
  const range = max - min;
  if (range >= 0x10000) return { packing: 'i32', bytes: bytesOf(values) };
  const narrow = range < 0x100 ? new Uint8Array(values.length) : new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) narrow[i] = values[i]! - min;
  return { packing: range < 0x100 ? 'u8+base' : 'u16+base', base: min, bytes: bytesOf(narrow) };
}

/** Int64 money as 32-bit offsets from its minimum where the range allows. */
function packInt64(values: BigInt64Array): { packing: Packing; base?: string; bytes: Uint8Array } {
  let min = values.length > 0 ? values[0]! : 0n;
  let max = min;
  for (const value of values) {
    if (value < min) min = value;
    else if (value > max) max = value;
  }
  if (max - min >= 0x1_0000_0000n) return { packing: 'i64', bytes: bytesOf(values) };
  const offsets = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) offsets[i] = Number(values[i]! - min);
  return { packing: 'u32+base64', base: min.toString(), bytes: bytesOf(offsets) };
}

function packStrings(values: readonly string[]): { packing: Packing; bytes: Uint8Array } {
  const encoded = values.map((value) => Buffer.from(value, 'utf8'));
  const wide = encoded.some((bytes) => bytes.byteLength > 0xffff);
  const lengths = wide ? new Uint32Array(values.length) : new Uint16Array(values.length);
  encoded.forEach((bytes, i) => {
    lengths[i] = bytes.byteLength;
  });
  return { packing: wide ? 'strings32' : 'strings16', bytes: Buffer.concat([bytesOf(lengths), ...encoded]) };
}

function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function align8(bytes: number): number {
  return (bytes + 7) & ~7;
}

type TypedConstructor<T> = {
  new (buffer: ArrayBuffer, offset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
};

/** A typed view of bytes; copied first when they are not aligned for the type. */
function view<T>(bytes: Uint8Array, Type: TypedConstructor<T>): T {
  let aligned = bytes;
  if (bytes.byteOffset % Type.BYTES_PER_ELEMENT !== 0) aligned = new Uint8Array(bytes);
  return new Type(
    aligned.buffer as ArrayBuffer,
    aligned.byteOffset,
    aligned.byteLength / Type.BYTES_PER_ELEMENT,
  );
}
