import { describe, expect, it } from 'vitest';
import { jsonBytesBound, recordBytes } from '../../src/imports/record-size.js';

const exact = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('record size', () => {
  it('bounds from above the JSON size of records whose text needs escaping or several UTF-8 bytes', () => {
    const records = [
      {
        id: 'f-1',
        amount: 123_456,
        repeat: false,
        credits: [{ participantId: 'p-1', share: 0.333333333333 }],
      },
      { id: 'quote"and\\backslash', note: '\u0001\u001f control characters', nothing: null },
      { id: '€ and 😀 and \u2028', attributes: { ключ: 'значение', n: -1.2345678901234567e-30 } },
      { list: [[[]], {}, '', 0, true], missing: undefined },
    ];
    for (const record of records) expect(jsonBytesBound(record)).toBeGreaterThanOrEqual(exact(record));
  });

  it('gives up on nesting deeper than it walks, so the caller measures exactly', () => {
    let deep: unknown = 'x';
    for (let level = 0; level < 40; level++) deep = [deep];
    expect(jsonBytesBound({ deep })).toBe(Number.POSITIVE_INFINITY);
  });

  it('measures exactly once the bound passes the limit, so the error states the real size', () => {
    // 10,000 "é" take 20,000 bytes of UTF-8; the bound allows 6 bytes each (60,002), over a limit of 30,000.
    const record = { id: 'p-1', name: 'é'.repeat(10_000) };
    expect(recordBytes(record, 30_000)).toBe(exact(record));
    expect(recordBytes(record, 30_000)).toBe(20_000 + '{"id":"p-1","name":""}'.length);
  });

  it('stays within the limit for a record it bounds below it', () => {
    const record = { id: 'p-1', name: 'Ada' };
    expect(recordBytes(record, 65_536)).toBeLessThanOrEqual(65_536);
    expect(recordBytes(record, 65_536)).toBeGreaterThanOrEqual(exact(record));
  });
});
