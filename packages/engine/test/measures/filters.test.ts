import { describe, expect, it } from 'vitest';
import { buildFactColumns } from '../../src/facts/fact-columns.js';
import { compileFilters } from '../../src/measures/filters.js';
import type { Fact } from '../../src/model/fact.js';

const columns = buildFactColumns([
  {
    id: 'o1',
    kind: 'order',
    date: '2025-01-01',
    accountId: 'a',
    currency: 'USD',
    amount: 100,
    cost: 50,
    productLine: 'Cloud',
    repeat: true,
  },
  {
    id: 'o2',
    kind: 'order',
    date: '2025-01-02',
    accountId: 'a',
    currency: 'USD',
    amount: 300,
    cost: 50,
    productLine: 'Core',
    repeat: false,
  },
  { id: 's1', kind: 'survey', date: '2025-01-03', accountId: 'a', score: 4 },
] satisfies Fact[]);

const matching = (filters: Parameters<typeof compileFilters>[1]) => {
  const predicate = compileFilters(columns, filters);
  return columns.ids.filter((_, row) => predicate?.(row) ?? true);
};

describe('compileFilters', () => {
  it('keeps facts whose string attribute is one of the values', () => {
    expect(matching([{ attribute: 'productLine', operator: 'in', values: ['Cloud', 'Services'] }])).toEqual([
      'o1',
    ]);
  });

  it("lets 'is not' pass a fact that has no such attribute", () => {
    expect(matching([{ attribute: 'productLine', operator: 'is not', values: ['Cloud'] }])).toEqual([
      'o2',
      's1',
    ]);
  });

  it('compares booleans', () => {
    expect(matching([{ attribute: 'repeat', operator: 'is', values: [true] }])).toEqual(['o1']);
  });

  it('compares numbers, never matching a fact without the field', () => {
    expect(matching([{ attribute: 'amount', operator: '>=', values: [200] }])).toEqual(['o2']);
  });

  it('requires every filter to pass', () => {
    expect(
      matching([
        { attribute: 'amount', operator: '<', values: [1000] },
        { attribute: 'productLine', operator: 'is', values: ['Core'] },
      ]),
    ).toEqual(['o2']);
  });

  it('matches nothing for an attribute no fact has', () => {
    expect(matching([{ attribute: 'region', operator: 'is', values: ['EMEA'] }])).toEqual([]);
  });
});
