import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/index.js';
import { codes, compile, input, line } from '../helpers.js';

const monthly = (trueUp: boolean) =>
  `plan "Monthly"\n  period month\n  currency USD\n  target incentive: annual, not prorated\n${trueUp ? '  true-up year to date\n' : ''}`;
const salesToDate = 'sum of order.amount for team in year to date';

describe('year-to-date true-up', () => {
  const plan = compile(`${monthly(true)}measure sales = sum of order.amount
component "Commission" pays 10% of sales in year to date
`);

  it('pays earned to date minus what earlier periods of the year paid', () => {
    // 13,000.00 sold to date at 10% = 1,300.00 earned; 100.00 paid in June -> 1,200.00 in July.
    const amount = line(
      plan,
      input({ aggregates: { [salesToDate]: 1_300_000 }, earlier: { paidMinor: { Commission: 10_000 } } }),
      'Commission',
    );
    expect(amount).toBe(120_000);
  });

  it('pays back a negative month as a negative line', () => {
    // 12,800.00 to date after a 200.00 return: 1,280.00 earned, 1,300.00 paid -> -20.00.
    const amount = line(
      plan,
      input({ aggregates: { [salesToDate]: 1_280_000 }, earlier: { paidMinor: { Commission: 130_000 } } }),
      'Commission',
    );
    expect(amount).toBe(-2_000);
  });

  it('gives the same cents without explanations as with them', () => {
    const planInput = input({
      aggregates: { [salesToDate]: 1_390_000 },
      earlier: { paidMinor: { Commission: 128_000 } },
    });
    // 1,390.00 earned - 1,280.00 paid = 110.00, on both evaluators.
    expect(plan.evaluateAmounts?.(planInput).linesMinor).toEqual([11_000]);
    expect(plan.evaluate(planInput).totalMinor).toBe(11_000);
  });

  it('explains the line as earned to date minus paid earlier, in money', () => {
    const result = plan.evaluate(
      input({ aggregates: { [salesToDate]: 1_300_000 }, earlier: { paidMinor: { Commission: 10_000 } } }),
    );
    const trueUp = result.lines[0]!.explanation.children.find((c) => c.label === 'true-up');
    expect(trueUp?.detail).toBe('earned to date 1,300.00 USD minus paid earlier this year 100.00 USD');
  });

  it('takes shares of target as shares of the target incentive to date', () => {
    const curve =
      compile(`${monthly(true)}measure attainment = sum of order.amount in year to date / goal "Quota" in year to date
component "Quota" weight 100% pays curve on attainment:
  below 0%: 0%
  from 0% up to 100%: 0% to 100%
  from 100%: 100%
`);
    // 50% attainment to date on a target to date of 3,000.00 (three months of 1,000.00) earns
    // 1,500.00; 400.00 was paid earlier -> 1,100.00.
    const amount = line(
      curve,
      input({
        aggregates: { [salesToDate]: 5_000 },
        goals: { 'goal "Quota" of team in year to date': 10_000 },
        targetIncentiveMinor: 100_000,
        targetIncentiveToDateMinor: 300_000,
        earlier: { paidMinor: { Quota: 40_000 } },
      }),
      'Quota',
    );
    expect(amount).toBe(110_000);
  });

  it('does not subtract twice on a retroactive running total', () => {
    const rates = compile(`${monthly(true)}measure sales = sum of order.amount
component "C" pays rates on sales, retroactive, on the running total:
  up to 10,000: 5%
  from 10,000: 10%
`);
    // 13,000.00 to date reaches 10%: 1,300.00 earned; 100.00 paid earlier -> 1,200.00.
    const amount = line(
      rates,
      input({
        aggregates: { 'sum of order.amount for team in period': 1_200_000, [salesToDate]: 1_300_000 },
        earlier: { paidMinor: { C: 10_000 } },
      }),
      'C',
    );
    expect(amount).toBe(120_000);
  });

  it('says that the plan reads what was paid earlier', () => {
    expect(plan.readsPaidEarlier).toBe(true);
    expect(compile(`${monthly(false)}component "C" pays 5% of sum of order.amount`).readsPaidEarlier).toBe(
      false,
    );
  });

  it('refuses a goal of the period alone beside year-to-date figures, with the fix', () => {
    const text = `${monthly(true)}component "Q" weight 100% pays curve on sum of order.amount in year to date / goal "Quota":
  below 0%: 0%
  from 0% up to 100%: 0% to 100%
  from 100%: 100%
`;
    const found = checkPlan(text).diagnostics.find((d) => d.code === 'TRUE_UP_GOAL_OF_PERIOD');
    expect(found?.range.start).toMatchObject({ line: 6, column: 11 });
    expect(found?.message).toContain(`'goal "Quota" in year to date'`);
  });

  it('refuses a component that pays on figures of the period only, at its name', () => {
    const text = `${monthly(true)}component "Flat" pays 5% of sum of order.amount\n`;
    const found = checkPlan(text).diagnostics.find((d) => d.code === 'TRUE_UP_NEEDS_YEAR_TO_DATE');
    expect(found?.range.start).toMatchObject({ line: 6, column: 11 });
    expect(found?.message).toContain("'revenue in year to date'");
  });
});

describe('year to date without a true-up', () => {
  it('refuses a commission on a year-to-date amount, which would pay the same sales every period', () => {
    expect(codes(`${monthly(false)}component "C" pays 10% of sum of order.amount in year to date\n`)).toEqual(
      ['YEAR_TO_DATE_PAID_AGAIN'],
    );
  });

  it('accepts a curve on year-to-date attainment, which pays a share of the period target', () => {
    expect(
      codes(`${monthly(false)}component "C" weight 100% pays curve on sum of order.amount in year to date / goal "Q":
  below 0%: 0%
  from 0% up to 100%: 0% to 100%
  from 100%: 100%
`),
    ).toEqual([]);
  });

  it('accepts a rate table on the running total, which subtracts what it paid itself', () => {
    expect(
      codes(`${monthly(false)}component "C" pays rates on sum of order.amount, retroactive, on the running total:
  up to 10,000: 5%
  from 10,000: 10%
`),
    ).toEqual([]);
  });
});
