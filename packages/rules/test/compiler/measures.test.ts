import { describe, expect, it } from 'vitest';
import { compile, header, input } from '../helpers.js';

describe('measures', () => {
  it('reads minimum, maximum and count aggregates, each under its own key', () => {
    const plan = compile(`${header}measure spread = maximum of order.amount - minimum of order.amount
measure orders = count of order where productLine is not "Legacy"
component "A" pays 1% of spread * orders`);
    expect(plan.requirements.aggregates.map((a) => [a.key, a.aggregation, a.field])).toEqual([
      ['max of order.amount for team in period', 'max', 'amount'],
      ['min of order.amount for team in period', 'min', 'amount'],
      ['count of order where productLine is not "Legacy" for team in period', 'count', null],
    ]);
    const paid = plan.evaluate(
      input({
        aggregates: {
          'max of order.amount for team in period': 50_000,
          'min of order.amount for team in period': 10_000,
          'count of order where productLine is not "Legacy" for team in period': 3,
        },
      }),
    ).totalMinor;
    // (500.00 - 100.00) x 3 orders = 1,200.00; 1% = 12.00.
    expect(paid).toBe(1_200);
  });

  it('treats an average with no facts as missing: the payout is 0 with a warning', () => {
    const plan = compile(`${header}component "A" weight 100% pays curve on average of survey.score:
  below 4: 0%
  from 4: 100%`);
    const result = plan.evaluate(input({ targetIncentiveMinor: 1_000 }));
    expect(result.totalMinor).toBe(0);
    expect(result.warnings.map((w) => w.code)).toEqual(['NO_FACTS', 'MISSING_VALUE']);
  });

  it('refuses adding up dates, which are not numbers', () => {
    expect(() => compile(`${header}measure d = sum of order.date`)).toThrow(/FIELD_NOT_NUMERIC/);
  });
});

describe('explanations of aggregates', () => {
  it('writes the money of a filter in the plan currency, while the key keeps minor units', () => {
    const plan = compile(`${header}component "A" pays 1% of sum of order.amount where amount >= 10,000`);
    const key = 'sum of order.amount where amount >= 1000000 for team in period';
    expect(plan.requirements.aggregates.map((a) => a.key)).toEqual([key]);
    // The line's input is '1% of sum ...': its second operand is the sum.
    const amount = plan.evaluate(input({ aggregates: { [key]: 5_000_000 } })).lines[0]!.explanation
      .children[0]!;
    const sum = amount.children[1]!;
    expect(sum).toMatchObject({ value: 5_000_000, unit: 'money' });
    // 10,000 as written is 1,000,000 cents: 10,000.00 USD.
    expect(sum.detail).toBe('sum of order.amount where amount >= 10,000.00 USD for team in period');
  });
});
