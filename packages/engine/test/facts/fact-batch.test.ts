import { describe, expect, it } from 'vitest';
import { buildFactColumns, createFactColumnsBuilder, type FactBatch } from '../../src/facts/fact-columns.js';
import { parseDay } from '../../src/periods/day.js';

/** Three orders in columns, as a stored block holds them; row 1 is left out by `rows`. */
const batch: FactBatch = {
  kind: 'order',
  rows: Int32Array.from([0, 2, 3]),
  ids: ['o1', 'skipped', 'o2', 'o3'],
  days: Int32Array.from(
    ['2025-01-15', '2025-01-16', '2025-01-15', '2025-02-01'].map((day) => parseDay(day)!),
  ),
  accounts: Int32Array.from([0, 2, 0, 1]),
  accountDictionary: ['a1', 'a2', 'a-only-skipped'],
  currencies: Int32Array.from([0, 0, 0, 0]),
  currencyDictionary: ['USD'],
  creditEnds: Int32Array.from([2, 3, 3, 4]),
  creditParticipants: Int32Array.from([0, 1, 2, 1]),
  participantDictionary: ['p1', 'p2', 'p-only-skipped'],
  creditShares: Float64Array.from([0.5, 0.5, 1, 1]),
  fields: new Map([
    ['amount', { type: 'number', values: BigInt64Array.from([100n, 1n, 9_007_199_254_740_991n, 300n]) }],
    [
      'productLine',
      { type: 'string', codes: Int32Array.from([0, 1, -1, 0]), dictionary: ['Core', 'Only-skipped'] },
    ],
    ['repeat', { type: 'boolean', values: Int8Array.from([0, 1, 1, -1]) }],
  ]),
  attributes: Int32Array.from([0, 1, 1, 2]),
  attributeDictionary: [{}, { region: 'north', amount: 5 }, { region: 'south', amount: 7 }],
};

/** The same three facts as objects: kind fields win over the attribute 'amount'. */
const objects = [
  {
    id: 'o1',
    kind: 'order',
    date: '2025-01-15',
    accountId: 'a1',
    currency: 'USD',
    amount: 100,
    productLine: 'Core',
    repeat: false,
    credits: [
      { participantId: 'p1', share: 0.5 },
      { participantId: 'p2', share: 0.5 },
    ],
  },
  {
    region: 'north',
    id: 'o2',
    kind: 'order',
    date: '2025-01-15',
    accountId: 'a1',
    currency: 'USD',
    amount: 9_007_199_254_740_991,
    repeat: true,
    credits: [],
  },
  {
    region: 'south',
    id: 'o3',
    kind: 'order',
    date: '2025-02-01',
    accountId: 'a2',
    currency: 'USD',
    amount: 300,
    productLine: 'Core',
    credits: [{ participantId: 'p2', share: 1 }],
  },
];

describe('FactColumnsBuilder.addBatch', () => {
  it('builds the same columns from a columnar batch as from the same facts one object at a time', () => {
    const builder = createFactColumnsBuilder();
    builder.addBatch(batch);
    const fromBatch = builder.build();
    const fromObjects = buildFactColumns(objects);
    expect(fromBatch.fingerprint()).toBe(fromObjects.fingerprint());
    expect(fromBatch.ids).toEqual(['o1', 'o2', 'o3']);
    // Values only the skipped row uses are not encoded.
    expect(fromBatch.accountDictionary).toEqual(['a1', 'a2']);
    expect(fromBatch.participantDictionary).toEqual(['p1', 'p2']);
    expect(fromBatch.attributes.get('amount')).toEqual({
      type: 'number',
      values: Float64Array.from([100, 9_007_199_254_740_991, 300]),
    });
    expect(fromBatch.issues).toEqual([]);
  });

  it('reports a kind field whose type differs from an earlier fact, per fact, as add does', () => {
    const builder = createFactColumnsBuilder();
    builder.add({ id: 'x', kind: 'order', date: '2025-01-01', accountId: 'a1', productLine: 7 });
    builder.addBatch(batch);
    const columns = builder.build();
    expect(columns.issues.map((issue) => `${issue.code} ${issue.factId}`)).toEqual([
      'field-type o1',
      'field-type o3',
    ]);
  });
});
