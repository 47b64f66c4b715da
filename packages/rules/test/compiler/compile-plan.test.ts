import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/index.js';
import { compile, header, input } from '../helpers.js';

describe('compiled plan header', () => {
  it('states period, currency digits, proration, rounding and true-up as the text says', () => {
    const plan = compile(`plan "H"
  period month
  currency JPY
  target incentive: annual, prorated by days employed (30/360)
  rounding down
  true-up year to date
  credit splits by largest remainder
component "A" pays 1% of sum of order.amount in year to date`);
    expect(plan).toMatchObject({
      name: 'H',
      period: 'month',
      currency: 'JPY',
      currencyDigits: 0,
      targetIncentive: { prorate: 'days employed', dayCount: '30/360' },
      rounding: 'down',
      trueUp: true,
      creditSplit: 'largest remainder',
    });
  });

  it('compiles money written in a zero-digit currency to whole units', () => {
    const plan = compile(`plan "Y" period month currency JPY\ncomponent "A" pays 1,500`);
    expect(plan.evaluate(input({})).totalMinor).toBe(1_500);
  });
});

describe('rounding', () => {
  // 5% of 0.50 = 2.5 cents exactly: the mode decides.
  const text = (mode: string) => `${header}  rounding ${mode}\ncomponent "A" pays 5% of sum of order.amount`;
  const run = (mode: string, cents: number) =>
    compile(text(mode)).evaluate(input({ aggregates: { 'sum of order.amount for team in period': cents } }))
      .totalMinor;

  it('rounds half to even by default', () => {
    expect(compile(`${header}component "A" pays 5% of sum of order.amount`).rounding).toBe('half-even');
    // 2.5 -> 2 and 3.5 -> 4 (70 cents * 5%).
    expect(run('half-even', 50)).toBe(2);
    expect(run('half-even', 70)).toBe(4);
  });

  it('rounds half up, down or up when the plan says so', () => {
    expect(run('half-up', 50)).toBe(3);
    // 5% of 0.59 = 2.95 cents.
    expect(run('down', 59)).toBe(2);
    expect(run('up', 41)).toBe(3);
  });
});

describe('requirements', () => {
  it("lists each aggregate once with its scope, window and filters, and a population's per team", () => {
    const plan = compile(`${header}measure churn = sum of churn.amount / sum of order.amount
measure cloud = sum of order.amount where productLine is "Cloud" for individual plus geography in prior period
component "A" weight 50% for team pays curve on mean of churn over teams on this plan - churn:
  below 0%: 0%
  from 0%: 100%
component "B" weight 50% for individual pays 1% of cloud`);
    const keys = plan.requirements.aggregates.map((a) => a.key);
    expect(keys).toEqual([
      'sum of churn.amount for team in period',
      'sum of order.amount for team in period',
      'sum of order.amount where productLine is "Cloud" for individual plus geography in prior period',
    ]);
    expect(plan.requirements.populations).toEqual([
      {
        key: 'teams on this plan',
        population: { kind: 'on this plan' },
        aggregates: [plan.requirements.aggregates[0], plan.requirements.aggregates[1]],
      },
    ]);
    expect(plan.requirements.aggregates[2]).toMatchObject({
      scope: 'individual',
      individualMatch: ['credited', 'geography'],
      window: 'prior period',
      filters: [{ attribute: 'productLine', operator: 'is', values: ['Cloud'] }],
    });
    expect(plan.requirements.windows).toEqual(['period', 'prior period']);
    expect(plan.requirements.fields).toEqual({ churn: ['amount'], order: ['amount', 'productLine'] });
  });

  it('looks goals up for the team in team components and for the participant in individual ones', () => {
    const plan =
      compile(`${header}component "A" weight 50% for team pays curve on sum of order.amount / goal "Revenue":
  from 0%: 100%
component "B" weight 50% for individual pays curve on sum of order.amount / goal "Revenue":
  from 0%: 100%`);
    expect(plan.requirements.goals).toEqual([
      { key: 'goal "Revenue" of team', name: 'Revenue', owner: 'team', window: 'period', unit: 'money' },
      {
        key: 'goal "Revenue" of participant',
        name: 'Revenue',
        owner: 'participant',
        window: 'period',
        unit: 'money',
      },
    ]);
  });

  it('asks for a goal in the window written around it, and keeps the window in its key', () => {
    const plan =
      compile(`${header}component "A" for team pays curve on sum of order.amount / goal "Revenue" in prior period:
  from 0%: 100%`);
    expect(plan.requirements.goals).toEqual([
      {
        key: 'goal "Revenue" of team in prior period',
        name: 'Revenue',
        owner: 'team',
        window: 'prior period',
        unit: 'money',
      },
    ]);
  });

  it('computes growth between the period and the same period last year', () => {
    const plan = compile(`${header}measure revenue = sum of order.amount
component "G" weight 100% pays curve on revenue / revenue in same period last year - 1:
  below 0%: 0%
  from 0% up to 20%: 50% to 150%
  from 20%: 150%`);
    const result = plan.evaluate(
      input({
        aggregates: {
          'sum of order.amount for team in period': 1_100_000,
          'sum of order.amount for team in same period last year': 1_000_000,
        },
        targetIncentiveMinor: 1_000_000,
      }),
    );
    // Growth 10%: 50% + 10/20 * 100% = 100% of 10,000.00.
    expect(result.totalMinor).toBe(1_000_000);
  });

  it('records clawbacks for the engine to apply', () => {
    const plan =
      compile(`${header}component "New business" for individual pays 5% of sum of opportunity.amount where won
claw back 50% of "New business" on churn within 90 days`);
    // The deals the commission was paid on, so the engine can reverse each one.
    const factList = 'each opportunity.amount where won is true for individual in period';
    expect(plan.clawbacks).toEqual([
      { component: 'New business', share: 0.5, withinDays: 90, churnKind: 'churn', factList },
    ]);
    expect(plan.requirements.factLists.map((l) => l.key)).toEqual([factList]);
  });

  it('reports the exact payout of each deal of a per-deal component on its line', () => {
    const plan = compile(`${header}component "C" for individual
  pays rates on sum of opportunity.amount where won, retroactive, per deal:
    below 50,000: 2%
    from 50,000: 3%`);
    const key = plan.requirements.factLists[0]!.key;
    const line = plan.evaluate(input({ transactions: { [key]: [1_000_050, 6_000_000] } })).lines[0]!;
    // 10,000.50 at 2% = 200.01 (20,001 cents); 60,000 at 3% = 1,800.00: 200,001 cents in all.
    expect(line.transactionPayouts).toEqual([20_001, 180_000]);
    expect(line.amountMinor).toBe(200_001);
  });

  it('gives the same cents for the same plan and inputs every time', () => {
    const text = `${header}component "A" weight 100% pays 33.333% of target incentive`;
    const runs = [0, 1, 2].map(
      () => compile(text).evaluate(input({ targetIncentiveMinor: 1_234_567 })).totalMinor,
    );
    // 33.333% of 1,234,567 cents = 411,518.21 -> 411,518.
    expect(runs).toEqual([411_518, 411_518, 411_518]);
  });
});

describe('checked examples', () => {
  it('reports a failing example at its expectation with the expected and actual amounts', () => {
    const text = `${header}component "A" weight 100% pays 5% of sum of order.amount
example "small":
  given sum_ignored = 1
  expect "A" pays 10.00`;
    // 'sum_ignored' is not a measure: the checker says so before running anything.
    expect(checkPlan(text).diagnostics.map((d) => d.code)).toContain('UNKNOWN_MEASURE');
    const failing = `${header}measure orders = sum of order.amount
component "A" weight 100% pays 5% of orders
example "small":
  given orders = 1,000
  expect "A" pays 60.00`;
    const result = checkPlan(failing);
    const d = result.diagnostics.find((x) => x.code === 'EXAMPLE_FAILED')!;
    expect(result.plan).toBeNull();
    // 5% of 1,000.00 = 50.00.
    expect(d.message).toBe('Example "small": expected "A" to pay 60.00 USD, but it pays 50.00 USD.');
    expect(d.range.start.line).toBe(9);
  });

  it("gives an example's goal to every window the plan reads it in", () => {
    const text = `${header}measure orders = sum of order.amount
component "A" for team pays curve on orders / goal "Quota" in prior period:
  below 0%: 0%
  from 0% up to and including 200%: 0% to 200%
  above 200%: 200%
example "one quarter":
  given target incentive = 10,000, orders = 1,100,000, goal "Quota" = 1,000,000
  expect "A" pays 11,000.00`;
    // 1,100,000 / 1,000,000 = 110% of 10,000.00 = 11,000.00; without the goal it would pay 0.
    const result = checkPlan(text);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reads a goal given in an example as money when the plan compares it with money through a measure', () => {
    const text = `${header}measure revenue = sum of order.amount
measure quota = goal "Quota"
component "A" weight 100% pays curve on revenue / quota:
  below 100%: 50%
  from 100%: 100%
example "short of quota":
  given target incentive = 40,000, revenue = 90,000, goal "Quota" = 100,000
  expect "A" pays 20,000.00`;
    // 90,000.00 of 100,000.00 is 90%: 50% of the example's target incentive 40,000.00 = 20,000.00
    // (read as 100,000 minor units, the goal would make it 9,000% and pay 40,000.00).
    expect(checkPlan(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
