import { describe, expect, it } from 'vitest';
import { buildFactColumns, createFactColumnsBuilder } from '../../src/facts/fact-columns.js';
import type { Fact } from '../../src/model/fact.js';
import { formatDay } from '../../src/periods/day.js';

const order = (
  id: string,
  date: string,
  accountId: string,
  amount: number,
  extra: Partial<Fact> = {},
): Fact =>
  ({
    id,
    kind: 'order',
    date,
    accountId,
    currency: 'USD',
    amount,
    cost: Math.round(amount / 2),
    productLine: 'Core',
    repeat: false,
    ...extra,
  }) as Fact;

const facts: Fact[] = [
  order('o3', '2025-02-01', 'a2', 300, { credits: [{ participantId: 'p2', share: 1 }] }),
  order('o1', '2025-01-15', 'a1', 100, {
    credits: [
      { participantId: 'p1', share: 0.5 },
      { participantId: 'p2', share: 0.5 },
    ],
  }),
  { id: 's1', kind: 'survey', date: '2025-01-15', accountId: 'a1', score: 4 },
  order('o2', '2025-01-15', 'a1', 200),
];

describe('createFactColumnsBuilder', () => {
  it('orders rows by date, then id, whatever order they arrive in', () => {
    const columns = buildFactColumns(facts);
    expect(columns.ids).toEqual(['o1', 'o2', 's1', 'o3']);
    expect([...columns.dates].map(formatDay)).toEqual([
      '2025-01-15',
      '2025-01-15',
      '2025-01-15',
      '2025-02-01',
    ]);
  });

  it('gives the same fingerprint for the same facts in another order', () => {
    expect(buildFactColumns([...facts].reverse()).fingerprint()).toBe(buildFactColumns(facts).fingerprint());
  });

  it('gives another fingerprint when one amount changes by a cent', () => {
    const changed = facts.map((f) => (f.id === 'o2' ? { ...f, amount: 201 } : f));
    expect(buildFactColumns(changed).fingerprint()).not.toBe(buildFactColumns(facts).fingerprint());
  });

  it('stores numbers in typed columns with NaN where a kind has no such field', () => {
    const columns = buildFactColumns(facts);
    const amount = columns.attributes.get('amount');
    expect(amount?.type).toBe('number');
    if (amount?.type !== 'number') return;
    expect([...amount.values]).toEqual([100, 200, Number.NaN, 300]);
  });

  it('dictionary-encodes strings', () => {
    const columns = buildFactColumns(facts);
    const productLine = columns.attributes.get('productLine');
    expect(productLine?.type).toBe('string');
    if (productLine?.type !== 'string') return;
    expect(productLine.dictionary).toEqual(['Core']);
    expect([...productLine.codes]).toEqual([0, 0, -1, 0]);
  });

  it('indexes rows by kind, by account and credit entries by participant', () => {
    const columns = buildFactColumns(facts);
    expect([...(columns.rowsByKind[columns.kindCode('order')] ?? [])]).toEqual([0, 1, 3]);
    const a1 = columns.accountCode('a1');
    const { start, items } = columns.rowsByAccount;
    expect([...items.subarray(start[a1], start[a1 + 1])]).toEqual([0, 1, 2]);
    const p2 = columns.participantCode('p2');
    const credits = columns.creditsByParticipant;
    const rowsOfP2 = [...credits.items.subarray(credits.start[p2], credits.start[p2 + 1])].map(
      (e) => columns.creditRow[e],
    );
    expect(rowsOfP2).toEqual([0, 3]);
  });

  it('skips a fact with an invalid date and says which one', () => {
    const builder = createFactColumnsBuilder();
    builder.add(order('bad', '2025-02-30', 'a1', 1));
    builder.add(order('ok', '2025-02-28', 'a1', 1));
    const columns = builder.build();
    expect(columns.ids).toEqual(['ok']);
    expect(columns.issues).toEqual([expect.objectContaining({ code: 'invalid-date', factId: 'bad' })]);
  });

  it('skips a second fact with the same id on the same day', () => {
    const columns = buildFactColumns([
      order('o1', '2025-01-01', 'a1', 1),
      order('o1', '2025-01-01', 'a1', 2),
    ]);
    expect(columns.size).toBe(1);
    expect(columns.issues.map((i) => i.code)).toEqual(['duplicate-id']);
  });

  it('reports credit shares that do not add up to 1', () => {
    const columns = buildFactColumns([
      order('o1', '2025-01-01', 'a1', 1, {
        credits: [
          { participantId: 'p1', share: 0.7 },
          { participantId: 'p2', share: 0.7 },
        ],
      }),
    ]);
    expect(columns.issues.map((i) => i.code)).toEqual(['credit-shares']);
  });
});
