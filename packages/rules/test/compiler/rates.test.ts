import { describe, expect, it } from 'vitest';
import { checkPlan, formatPlan } from '../../src/index.js';
import { compile, header, input, line } from '../helpers.js';

const renewals = 'sum of renewal.valueAfter for individual in period';
const renewalsToDate = 'sum of renewal.valueAfter for individual in year to date';
const tiers = (mode: string, apply: string) => `${header}measure renewals = sum of renewal.valueAfter
component "C" for individual
  pays rates on renewals, ${mode}, ${apply}:
    up to 500,000: 3%
    from 500,000: 5%
`;

describe('commission rates', () => {
  it('pays a flat rate on an amount', () => {
    const plan = compile(`${header}component "C" for individual pays 5% of sum of renewal.valueAfter`);
    // 5% of 123,456.78 = 6,172.839 -> 6,172.84.
    expect(line(plan, input({ aggregates: { [renewals]: 12_345_678 } }), 'C')).toBe(617_284);
  });

  it('rates each tier on the part inside it when marginal', () => {
    const plan = compile(tiers('marginal', 'on the period total'));
    // 700,000: 500,000 at 3% = 15,000 plus 200,000 at 5% = 10,000 -> 25,000.00.
    expect(line(plan, input({ aggregates: { [renewals]: 70_000_000 } }), 'C')).toBe(2_500_000);
  });

  it('rates everything at the tier reached when retroactive', () => {
    const plan = compile(tiers('retroactive', 'on the period total'));
    // 700,000 reaches 'from 500,000': all of it at 5% -> 35,000.00.
    expect(line(plan, input({ aggregates: { [renewals]: 70_000_000 } }), 'C')).toBe(3_500_000);
  });

  it('applies the tiers to each deal on its own when per deal', () => {
    const plan = compile(tiers('retroactive', 'per deal'));
    const key = plan.requirements.factLists[0]!.key;
    expect(key).toBe('each renewal.valueAfter for individual in period');
    // 400,000 at 3% = 12,000 and 600,000 at 5% = 30,000 -> 42,000.00 (a period total of
    // 1,000,000 would have paid 50,000 retroactively).
    expect(line(plan, input({ transactions: { [key]: [40_000_000, 60_000_000] } }), 'C')).toBe(4_200_000);
  });

  it('continues the tiers from where earlier periods left off on the running total', () => {
    const plan = compile(tiers('marginal', 'on the running total'));
    // 400,000 sold before this quarter, 300,000 in it (700,000 to date): the quarter's part is
    // 100,000 at 3% = 3,000 plus 200,000 at 5% = 10,000 -> 13,000.00.
    const paid = line(
      plan,
      input({ aggregates: { [renewals]: 30_000_000, [renewalsToDate]: 70_000_000 } }),
      'C',
    );
    expect(paid).toBe(1_300_000);
  });

  it('pays the retroactive running total minus what was already paid', () => {
    const plan = compile(tiers('retroactive', 'on the running total'));
    // 700,000 to date at 5% = 35,000 earned; 12,000 paid earlier this year -> 23,000.00.
    const paid = line(
      plan,
      input({
        aggregates: { [renewals]: 30_000_000, [renewalsToDate]: 70_000_000 },
        earlier: { paidMinor: { C: 1_200_000 } },
      }),
      'C',
    );
    expect(paid).toBe(2_300_000);
  });

  it('reads tier bounds as attainment when the rates are against a goal', () => {
    const plan = compile(`${header}component "C" for individual
  pays rates on sum of renewal.valueAfter against goal "Renewals", marginal, on the period total:
    up to 100%: 4%
    from 100%: 8%
`);
    // Goal 1,000,000; 1,200,000 renewed: 1,000,000 at 4% = 40,000 plus 200,000 at 8% = 16,000 -> 56,000.00.
    const paid = line(
      plan,
      input({
        aggregates: { [renewals]: 120_000_000 },
        goals: { 'goal "Renewals" of participant': 100_000_000 },
      }),
      'C',
    );
    expect(paid).toBe(5_600_000);
  });

  it('explains a rates-against-goal line with the goal, in money', () => {
    const plan = compile(`${header}component "C" for individual
  pays rates on sum of renewal.valueAfter against goal "Renewals", marginal, on the period total:
    up to 100%: 4%
    from 100%: 8%
`);
    const explanation = plan.evaluate(
      input({
        aggregates: { [renewals]: 120_000_000 },
        goals: { 'goal "Renewals" of participant': 100_000_000 },
      }),
    ).lines[0]!.explanation;
    const [amount, goal, rates] = explanation.children;
    expect(amount).toMatchObject({ value: 120_000_000, unit: 'money' });
    expect(goal).toMatchObject({ label: 'goal "Renewals"', value: 100_000_000, unit: 'money' });
    // 1,200,000 is 120% of 1,000,000: 1,000,000 at 4% and 200,000 at 8%.
    expect(rates).toMatchObject({
      value: 5_600_000,
      detail:
        'marginal on 120% of goal 1,000,000.00 USD: up to 100%: 4% on 1,000,000.00 USD; from 100%: 8% on 200,000.00 USD',
    });
  });

  it("explains each deal in money, with the participant's share of a deal credited to several people", () => {
    const plan = compile(tiers('retroactive', 'per deal'));
    const key = plan.requirements.factLists[0]!.key;
    const explanation = plan.evaluate(
      input({
        transactions: { [key]: [40_000_000, 24_000_000] },
        // The second deal, 600,000.00, is credited 40% to this participant: 240,000.00.
        transactionCredits: {
          [key]: [null, { share: 0.4, fullMinor: 60_000_000, creditedMinor: 24_000_000 }],
        },
      }),
    ).lines[0]!.explanation;
    const perDeal = explanation.children.find((c) => c.label === 'per deal')!;
    expect(perDeal.detail).toBe('2 deals, retroactive');
    // 400,000 at 3% = 12,000; the shared deal's tier is the whole 600,000's (5%): 240,000 at 5% = 12,000.
    expect(perDeal.children.map((c) => c.detail)).toEqual([
      'pays 12,000.00 USD (up to 500,000: 3%)',
      'credited 40% of 600,000.00 USD = 240,000.00 USD; pays 12,000.00 USD (from 500,000: 5%, tier by the whole deal of 600,000.00 USD)',
    ]);
  });

  describe('a deal split between people', () => {
    // A 600,000.00 deal credited 40% to this participant: 240,000.00 is theirs.
    const split = (apply: string) => {
      const plan = compile(tiers(apply.split(' | ')[0]!, apply.split(' | ')[1]!));
      const key = plan.requirements.factLists[0]!.key;
      return line(
        plan,
        input({
          transactions: { [key]: [24_000_000] },
          transactionCredits: { [key]: [{ share: 0.4, fullMinor: 60_000_000, creditedMinor: 24_000_000 }] },
        }),
        'C',
      );
    };

    it('takes its tier from the whole deal by default, and pays the credited share', () => {
      // Retroactive: 600,000 reaches 'from 500,000': 240,000 x 5% = 12,000.00.
      expect(split('retroactive | per deal')).toBe(1_200_000);
      // Marginal: the whole deal pays 500,000 x 3% + 100,000 x 5% = 20,000; 40% of it = 8,000.00.
      expect(split('marginal | per deal')).toBe(800_000);
      // Stated, the default is the same.
      expect(split('retroactive | per deal, tiers by whole deal')).toBe(1_200_000);
    });

    it("takes its tier from the participant's credited share when the plan says 'tiers by credited share'", () => {
      // 240,000 is under 500,000: 240,000 x 3% = 7,200.00, retroactive or marginal.
      expect(split('retroactive | per deal, tiers by credited share')).toBe(720_000);
      expect(split('marginal | per deal, tiers by credited share')).toBe(720_000);
    });

    it('keeps the choice when the plan is formatted', () => {
      const text = tiers('retroactive', 'per deal, tiers by credited share');
      expect(formatPlan(text).text).toContain(
        'pays rates on renewals, retroactive, per deal, tiers by credited share:',
      );
    });

    it('warns that the choice changes nothing on deals that are never split (a team component)', () => {
      const text = tiers('retroactive', 'per deal, tiers by credited share').replace(
        'for individual',
        'for team',
      );
      const d = checkPlan(text).diagnostics.find((x) => x.code === 'DEAL_TIERS_UNSPLIT')!;
      expect(d.severity).toBe('warning');
      expect(d.message).toContain(
        "which are whole, never split between people, so 'tiers by credited share' changes nothing",
      );
      // Line 4 of the plan: '  pays rates on renewals, retroactive, per deal, tiers by credited share:'.
      expect(d.range.start).toMatchObject({ line: header.split('\n').length + 2, column: 50 });
    });

    it("says what may follow 'per deal' when the words are wrong", () => {
      const text = tiers('retroactive', 'per deal, tiers by share');
      const d = checkPlan(text).diagnostics.find((x) => x.severity === 'error')!;
      expect(d.message).toContain("'tiers by whole deal' or 'tiers by credited share'");
    });
  });

  it("explains a sum with the participant's share of the facts credited to several people", () => {
    const plan = compile(tiers('marginal', 'on the period total'));
    const explanation = plan.evaluate(
      input({
        aggregates: { [renewals]: 30_000_000 },
        aggregateCredits: { [renewals]: { share: 0.3, fullMinor: 100_000_000, creditedMinor: 30_000_000 } },
      }),
    ).lines[0]!.explanation;
    const sum = explanation.children[0]!.children[0]!;
    expect(sum).toMatchObject({ value: 30_000_000, unit: 'money' });
    expect(sum.detail).toBe(`${renewals}; credited 30% of 1,000,000.00 USD = 300,000.00 USD`);
  });

  it('explains the running total in money', () => {
    const plan = compile(tiers('marginal', 'on the running total'));
    const explanation = plan.evaluate(
      input({ aggregates: { [renewals]: 30_000_000, [renewalsToDate]: 70_000_000 } }),
    ).lines[0]!.explanation;
    // From 400,000 to 700,000: 100,000 at 3% and 200,000 at 5%.
    expect(explanation.children.find((c) => c.label === 'running total')!.detail).toBe(
      'from 400,000.00 USD to 700,000.00 USD to date: up to 500,000: 3% on 100,000.00 USD; from 500,000: 5% on 200,000.00 USD',
    );
  });

  it('refuses per-deal rates on something that is not a sum of facts', () => {
    const result = compileErrors(
      `${header}component "C" pays rates on sum of order.amount / 2, marginal, per deal:\n  from 0: 1%`,
    );
    expect(result).toContain('PER_DEAL_NEEDS_SUM');
  });
});

import { codes } from '../helpers.js';

function compileErrors(text: string): string[] {
  return codes(text, 'error');
}
