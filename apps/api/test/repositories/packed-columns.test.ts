import { Binary, BSON } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  ColumnSet,
  type ColumnValues,
  PACKED_SUBTYPE,
  packColumnSet,
  packRawBytes,
  unpackRawBytes,
} from '../../src/repositories/packed-columns.js';

/** A value as a reader gets it back: through BSON, so its bytes sit at any offset of a larger buffer. */
function stored(value: Binary): Binary {
  const document = BSON.deserialize(BSON.serialize({ pad: 'x', value }));
  return document.value as Binary;
}

function roundTrip(columns: [string, ColumnValues][]): ColumnSet {
  return new ColumnSet(stored(packColumnSet(columns)));
}

describe('packed column sets', () => {
  it('keeps Int32 columns exactly at every width: one byte, two bytes and full 32-bit ranges', () => {
    const cases = [
      new Int32Array([]),
      new Int32Array([7]),
      // Day numbers of one month: one-byte offsets from the first day.
      new Int32Array([20089, 20089, 20090, 20119]),
      // Dictionary codes with -1 for absent: offsets from -1.
      new Int32Array([-1, 0, 4095, 17, -1]),
      new Int32Array([0, 65535]),
      new Int32Array([0, 65536]),
      new Int32Array([-2147483648, 2147483647, 0]),
    ];
    const set = roundTrip(cases.map((values, i) => [`c${i}`, values]));
    for (const [i, values] of cases.entries()) expect(set.int32(`c${i}`)).toEqual(values);
  });

  it('narrows a column whose values span less than 256 to a byte a value before deflating', () => {
    const days = new Int32Array(4096).map((_, row) => 20089 + (row % 31));
    const scrambled = new Int32Array(4096).map((_, row) => (row * 2654435761) | 0);
    // Narrow: well under a byte a value after deflate. Scrambled 32-bit values do not compress.
    expect(packColumnSet([['days', days]]).length()).toBeLessThan(4096);
    expect(packColumnSet([['x', scrambled]]).length()).toBeGreaterThan(4096 * 3);
  });

  it('keeps Int64 money exactly, as 32-bit offsets when the range allows and whole values when not', () => {
    const cases = [
      new BigInt64Array([]),
      new BigInt64Array([-150n, 0n, 2n ** 53n - 1n]),
      new BigInt64Array([1_234_567n, 1_234_568n]),
      new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
    ];
    const set = roundTrip(cases.map((values, i) => [`m${i}`, values]));
    for (const [i, values] of cases.entries()) expect(set.int64(`m${i}`)).toEqual(values);
  });

  it('keeps Float64 shares, Int8 booleans and strings exactly, ASCII or not', () => {
    const shares = new Float64Array([1, 0.1, 0.2, 0.7, Number.NaN, -0]);
    const booleans = new Int8Array([-1, 0, 1, 1]);
    const ascii = ['', 'a-1', 'order-000123'];
    const unicode = ['ü-订单-1', 'with\u0000nul', '{"région":"nord"}', '😀', ''];
    const long = ['x'.repeat(70_000), 'y'];
    const set = roundTrip([
      ['shares', shares],
      ['booleans', booleans],
      ['ascii', ascii],
      ['unicode', unicode],
      ['long', long],
    ]);
    expect([...set.float64('shares')]).toEqual([...shares]);
    expect(set.int8('booleans')).toEqual(booleans);
    expect(set.strings('ascii')).toEqual(ascii);
    expect(set.strings('unicode')).toEqual(unicode);
    expect(set.strings('long')).toEqual(long);
  });

  it('keeps raw hash bytes as they are, and marks packed data with its own BSON subtype', () => {
    const hashes = Uint8Array.from({ length: 48 }, (_, i) => (i * 37) % 256);
    expect([...unpackRawBytes(stored(packRawBytes(hashes)))]).toEqual([...hashes]);
    expect(packColumnSet([]).sub_type).toBe(PACKED_SUBTYPE);
    expect(new Binary(Buffer.alloc(4)).sub_type).not.toBe(PACKED_SUBTYPE);
  });

  it('says which column is missing instead of reading garbage', () => {
    expect(() => roundTrip([['days', new Int32Array([1])]]).int32('accounts')).toThrow(/no column accounts/);
  });
});
