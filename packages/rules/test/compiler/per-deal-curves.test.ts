import { describe, expect, it } from 'vitest';
import { checkPlan, renderExplanation } from '../../src/index.js';
import { codes, compile, header, input } from '../helpers.js';

const dealCurve = (bands: string) =>
  `${header}measure sales = sum of order.amount for individual
component "Deal bonus" for individual
  pays curve on sales, per deal:
${bands}`;

const rates = dealCurve(`    below 10,000: 0%
    from 10,000 up to 100,000: 2% to 4%
    from 100,000: 5%`);
const key = 'each order.amount for individual in period';

describe('curves per deal', () => {
  it('reads the curve at each deal, a percentage being a rate on the deal, and adds the deals', () => {
    const plan = compile(rates);
    // 5,000 is below 10,000: 0. 55,000 is halfway from 10,000 to 100,000: 2% + 0.5 x 2% = 3% -> 1,650.00.
    // 200,000 is from 100,000: 5% -> 10,000.00. In all 11,650.00.
    const given = input({ transactions: { [key]: [500_000, 5_500_000, 20_000_000] } });
    const result = plan.evaluate(given);
    expect(result.lines[0]!.amountMinor).toBe(1_165_000);
    expect(result.lines[0]!.transactionPayouts).toEqual([0, 165_000, 1_000_000]);
    expect(plan.evaluateAmounts!(given).linesMinor).toEqual([1_165_000]);
  });

  it('pays a money value per deal as is, interpolated by the deal size', () => {
    const plan = compile(
      dealCurve('    below 10,000: 0\n    from 10,000 up to 100,000: 200 to 2,000\n    from 100,000: 2,500'),
    );
    // 55,000: 200 + (55,000 - 10,000) / 90,000 x (2,000 - 200) = 200 + 900 = 1,100.00; 150,000: 2,500.00
    const given = input({ transactions: { [key]: [5_500_000, 15_000_000] } });
    expect(plan.evaluate(given).lines[0]!.amountMinor).toBe(360_000);
    expect(plan.evaluateAmounts!(given).linesMinor).toEqual([360_000]);
  });

  describe('a deal split between people', () => {
    // A 200,000.00 deal credited 25% to this participant: 50,000.00 is theirs.
    const shared = input({
      transactions: { [key]: [5_000_000] },
      transactionCredits: { [key]: [{ share: 0.25, fullMinor: 20_000_000, creditedMinor: 5_000_000 }] },
    });

    it('reads the curve at the whole deal and pays the rate on the credited share', () => {
      const plan = compile(rates);
      // The whole 200,000 is 'from 100,000': 5% of the credited 50,000 = 2,500.00 (the credited
      // 50,000 alone would be at 2% + 40,000 / 90,000 x 2% = 2.89%).
      expect(plan.evaluate(shared).lines[0]!.amountMinor).toBe(250_000);
      expect(plan.evaluateAmounts!(shared).linesMinor).toEqual([250_000]);
      expect(renderExplanation(plan.evaluate(shared).lines[0]!.explanation, 'USD')).toContain(
        'pays 2,500.00 USD (tier 3: from 100,000: 5%: 5% of the deal, tier by the whole deal of 200,000.00 USD)',
      );
    });

    it('pays a money value per deal times the credited share', () => {
      const plan = compile(dealCurve('    below 100,000: 0\n    from 100,000: 2,000'));
      // The whole deal reaches 'from 100,000': 2,000.00 x 25% = 500.00.
      expect(plan.evaluate(shared).lines[0]!.amountMinor).toBe(50_000);
      expect(plan.evaluateAmounts!(shared).linesMinor).toEqual([50_000]);
    });

    it("reads the curve at the credited share with ', tiers by credited share'", () => {
      const plan = compile(rates.replace('per deal:', 'per deal, tiers by credited share:'));
      // 50,000 is (50,000 - 10,000) / 90,000 = 4/9 of the way from 2% to 4%: 2.888...% x 50,000 = 1,444.44.
      expect(plan.evaluate(shared).lines[0]!.amountMinor).toBe(144_444);
      expect(plan.evaluateAmounts!(shared).linesMinor).toEqual([144_444]);
    });
  });

  it('explains each deal with its tier and rate', () => {
    const plan = compile(rates);
    const line = plan.evaluate(input({ transactions: { [key]: [5_500_000] } })).lines[0]!;
    const text = renderExplanation(line.explanation, 'USD');
    expect(text).toContain('per deal = 1,650.00 USD (1 deal, curve per deal)');
    expect(text).toContain(
      'deal = 55,000.00 USD (pays 1,650.00 USD (tier 2: from 10,000 up to 100,000: 2% to 4%, linear: 3% of the deal))',
    );
  });

  it('proves itself in a checked example with the deals given', () => {
    const text = `${rates}\nexample "Two deals":\n  given deals of sales = 55,000 and 200,000\n  expect "Deal bonus" pays 11,650.00`;
    // 55,000 x 3% = 1,650 and 200,000 x 5% = 10,000
    expect(codes(text, 'error')).toEqual([]);
    const wrong = text.replace('11,650.00', '11,000.00');
    expect(codes(wrong, 'error')).toEqual(['EXAMPLE_FAILED']);
  });

  it('warns on the line about a deal no band covers, which pays 0', () => {
    const plan = compile(dealCurve('    from 10,000: 2%'));
    const result = plan.evaluate(input({ transactions: { [key]: [500_000, 2_000_000] } }));
    // 5,000 is in no band: 0; 20,000 x 2% = 400.00
    expect(result.lines[0]!.amountMinor).toBe(40_000);
    expect(result.lines[0]!.warnings.map((w) => w.code)).toEqual(['NOT_COVERED']);
  });

  it('is the component a clawback reverses per deal', () => {
    const plan = compile(`${rates}\nclaw back 100% of "Deal bonus" on churn within 90 days`);
    expect(plan.clawbacks[0]!.factList).toBe(key);
  });

  it('keeps per deal when formatted', async () => {
    const { formatPlan } = await import('../../src/index.js');
    expect(formatPlan(rates).text).toContain('pays curve on sales, per deal:');
  });
});

describe('curves per deal: what stays refused, and why', () => {
  it('refuses a curve per deal on an attainment, which has no value per deal', () => {
    const text = `${header}measure sales = sum of order.amount\ncomponent "A" pays curve on sales / goal "Quota", per deal:\n  from 0%: 100%`;
    const d = checkPlan(text).diagnostics.find((x) => x.code === 'PER_DEAL_NEEDS_SUM')!;
    expect(d.message).toContain('An attainment, a ratio or a count has no value per deal');
    expect(text.slice(d.range.start.offset, d.range.end.offset)).toBe('sales / goal "Quota"');
  });

  it('refuses a curve on the running total, pointing at the forms that work', () => {
    const text = `${header}measure sales = sum of order.amount\ncomponent "A" pays curve on sales, on the running total:\n  from 0: 100%`;
    const d = checkPlan(text).diagnostics.find((x) => x.code === 'PER_DEAL_UNSUPPORTED')!;
    expect(d.message).toContain('Read the input for the year to date instead');
  });

  it('refuses a table per deal, since a deal has one amount and a table two inputs', () => {
    const text = `${header}measure sales = sum of order.amount\ncomponent "A" pays table of sales by 1%, per deal:\n  columns: from 0%\n  from 0: 100%`;
    expect(codes(text, 'error')).toContain('PER_DEAL_UNSUPPORTED');
  });

  it('refuses a curve per deal on the year to date without a true-up, which would pay deals again', () => {
    const text = dealCurve('    from 0: 2%').replace(
      'pays curve on sales,',
      'pays curve on sales in year to date,',
    );
    expect(codes(text, 'error')).toEqual(['YEAR_TO_DATE_PAID_AGAIN']);
  });
});
