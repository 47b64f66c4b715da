import { describe, expect, it } from 'vitest';
import { checkPlan, formatPlan, renderExplanation } from '../../src/index.js';
import { codes, compile, header, input } from '../helpers.js';

const spiff = `${header}component "Strategic SPIFF" for individual
  pays 500 per deal where strategic and won
  capped at 1,200
`;

/** The one aggregate the plan reads: the count of its qualifying deals. */
function countKey(text: string): string {
  const aggregates = compile(text).requirements.aggregates;
  expect(aggregates).toHaveLength(1);
  return aggregates[0]!.key;
}

describe('SPIFFs', () => {
  it('counts the deals the filters name, of the one kind that has those attributes', () => {
    const aggregate = compile(spiff).requirements.aggregates[0]!;
    expect(aggregate).toMatchObject({ aggregation: 'count', factKind: 'opportunity', scope: 'individual' });
    expect(aggregate.filters.map((f) => f.attribute)).toEqual(['strategic', 'won']);
  });

  it('pays the amount once per qualifying deal', () => {
    const plan = compile(spiff);
    // 2 deals x 500.00 = 1,000.00, under the 1,200.00 cap
    const given = input({ aggregates: { [countKey(spiff)]: 2 } });
    expect(plan.evaluate(given).lines[0]!.amountMinor).toBe(100_000);
    expect(plan.evaluateAmounts!(given).linesMinor).toEqual([100_000]);
  });

  it('caps the period at the component cap', () => {
    const plan = compile(spiff);
    // 3 deals x 500.00 = 1,500.00 -> capped at 1,200.00
    const given = input({ aggregates: { [countKey(spiff)]: 3 } });
    expect(plan.evaluate(given).lines[0]!.amountMinor).toBe(120_000);
    expect(plan.evaluateAmounts!(given).linesMinor).toEqual([120_000]);
  });

  it('explains the amount per deal and the number of deals', () => {
    const plan = compile(spiff);
    const line = plan.evaluate(input({ aggregates: { [countKey(spiff)]: 2 } })).lines[0]!;
    expect(renderExplanation(line.explanation, 'USD')).toContain(
      'per deal = 1,000.00 USD (500.00 USD per deal x 2 deals)',
    );
  });

  it('reads the deals from a count measure, which an example can give', () => {
    const text = `${header}measure strategic_wins = count of opportunity where strategic and won
component "SPIFF" for individual
  pays 500 per deal of strategic_wins
example "Three wins":
  given strategic_wins = 3
  expect "SPIFF" pays 1,500.00
`;
    // 3 x 500.00 = 1,500.00
    expect(codes(text, 'error')).toEqual([]);
    expect(codes(text.replace('1,500.00', '1,000.00'), 'error')).toEqual(['EXAMPLE_FAILED']);
  });

  it('takes the kind written after of, and checks the filters against it', () => {
    const text = `${header}component "Big orders" for individual pays 250 per deal of order where amount > 100,000`;
    const aggregate = compile(text).requirements.aggregates[0]!;
    // 100,000 beside a money field is 100,000.00 USD: 10,000,000 cents
    expect(aggregate.filters).toEqual([{ attribute: 'amount', operator: '>', values: [10_000_000] }]);
    expect(codes(`${header}component "A" pays 250 per deal of order where won`, 'error')).toEqual([
      'UNKNOWN_ATTRIBUTE',
    ]);
  });

  it('keeps the SPIFF as written when formatted', () => {
    expect(formatPlan(spiff).text).toContain('pays 500 per deal where strategic and won');
  });
});

describe('SPIFFs: misuse', () => {
  it('asks which facts are deals when nothing says', () => {
    const d = checkPlan(`${header}component "A" pays 500 per deal`).diagnostics.find(
      (x) => x.severity === 'error',
    )!;
    expect(d.code).toBe('SPIFF_DEALS_UNCLEAR');
    expect(d.message).toContain("'per deal of opportunity where won'");
  });

  it('names the kinds an attribute belongs to when it does not decide one', () => {
    const d = checkPlan(
      `${header}component "A" pays 500 per deal where productLine is "Cloud"`,
    ).diagnostics.find((x) => x.code === 'SPIFF_DEALS_UNCLEAR')!;
    expect(d.message).toContain(
      "Several kinds of fact have 'productLine' (order, renewal, churn, opportunity)",
    );
  });

  it('says no kind has an attribute that none has', () => {
    expect(codes(`${header}component "A" pays 500 per deal where wn`, 'error')).toEqual([
      'SPIFF_DEALS_UNCLEAR',
    ]);
  });

  it('refuses a percentage per deal, pointing at per-deal rates', () => {
    const d = checkPlan(`${header}component "A" pays 5% per deal where won`).diagnostics.find(
      (x) => x.code === 'UNIT_MISMATCH',
    )!;
    expect(d.message).toContain('retroactive, per deal');
  });

  it('refuses deals read from a measure that is not a count', () => {
    const text = `${header}measure revenue = sum of order.amount\ncomponent "A" pays 500 per deal of revenue`;
    expect(codes(text, 'error')).toEqual(['UNIT_MISMATCH']);
  });
});
