import { Binary, BSON } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  PACKED_SUBTYPE,
  packFloat64,
  packInt8,
  packInt32,
  packInt64,
  packRawBytes,
  packStrings,
  unpackFloat64,
  unpackInt8,
  unpackInt32,
  unpackInt64,
  unpackRawBytes,
  unpackStrings,
} from '../../src/repositories/packed-columns.js';

/** A column as a reader gets it back: through BSON, so its bytes sit at any offset of a larger buffer. */
function stored(value: Binary): Binary {
  const document = BSON.deserialize(BSON.serialize({ pad: 'x', value }));
  return document.value as Binary;
}

describe('packed columns', () => {
  it('keeps Int32 columns exactly at every width: one byte, two bytes and full 32-bit ranges', () => {
    const cases = [
      new Int32Array([]),
      new Int32Array([7]),
      // Day numbers of one month: a one-byte offset from the first day.
      new Int32Array([20089, 20089, 20090, 20119]),
      // Dictionary codes with -1 for absent: offsets from -1.
      new Int32Array([-1, 0, 4095, 17, -1]),
      new Int32Array([0, 65535]),
      new Int32Array([0, 65536]),
      new Int32Array([-2147483648, 2147483647, 0]),
    ];
    for (const values of cases) expect(unpackInt32(stored(packInt32(values)))).toEqual(values);
  });

  it('narrows a column whose values span less than 256 to one byte before deflating', () => {
    const days = new Int32Array(4096).map((_, row) => 20089 + (row % 31));
    const wide = new Int32Array(4096).map((_, row) => (row * 2654435761) | 0);
    // The narrow column is a quarter of the wide one's raw size before deflate even starts.
    expect(packInt32(days).length()).toBeLessThan(4096);
    expect(packInt32(wide).length()).toBeGreaterThan(4096 * 3);
  });

  it('keeps Int64 money exactly, as 32-bit offsets when the range allows and whole values when not', () => {
    const cases = [
      new BigInt64Array([]),
      new BigInt64Array([-150n, 0n, 2n ** 53n - 1n]),
      new BigInt64Array([12_345_67n, 12_345_68n]),
      new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
    ];
    for (const values of cases) expect(unpackInt64(stored(packInt64(values)))).toEqual(values);
  });

  it('keeps Float64 shares, Int8 booleans, raw hash bytes and strings exactly', () => {
    const shares = new Float64Array([1, 0.1, 0.2, 0.7, Number.NaN, -0]);
    expect([...unpackFloat64(stored(packFloat64(shares)))]).toEqual([...shares]);
    const booleans = new Int8Array([-1, 0, 1, 1]);
    expect(unpackInt8(stored(packInt8(booleans)))).toEqual(booleans);
    const hashes = Uint8Array.from({ length: 48 }, (_, i) => (i * 37) % 256);
    expect([...unpackRawBytes(stored(packRawBytes(hashes)))]).toEqual([...hashes]);
    const texts = ['', 'a-1', 'ü-订单-1', 'with\u0000nul', '{"région":"nord"}', '😀'];
    expect(unpackStrings(stored(packStrings(texts)))).toEqual(texts);
  });

  it('marks packed columns with their own BSON subtype, so that raw layout-1 columns are told apart', () => {
    expect(packInt32(new Int32Array([1])).sub_type).toBe(PACKED_SUBTYPE);
    expect(new Binary(Buffer.alloc(4)).sub_type).not.toBe(PACKED_SUBTYPE);
  });

  it('refuses to read a column as another type than it was packed as', () => {
    expect(() => unpackFloat64(packInt32(new Int32Array([1])))).toThrow(/packing 1 where Float64/);
  });
});
