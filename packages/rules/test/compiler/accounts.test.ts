import { describe, expect, it } from 'vitest';
import { checkPlan, renderExplanation } from '../../src/index.js';
import { codes, compile, header, input } from '../helpers.js';

const rates = `${header}measure revenue = sum of order.amount

component "Account commission" for each account
  pays rates on revenue, marginal, on the period total:
    up to 100,000: 2%
    from 100,000: 5%
`;
const key = 'sum of order.amount for each account in period';

/** Two accounts of the team: 150,000.00 and 50,000.00 of orders. */
const twoAccounts = input({
  targetIncentiveMinor: 4_000_000,
  accounts: [
    { accountId: 'A1', name: 'Acme', aggregates: { [key]: 15_000_000 } },
    { accountId: 'A2', name: 'Globex', aggregates: { [key]: 5_000_000 } },
  ],
});

describe('components for each account', () => {
  it('asks the engine for the aggregate per account, under a key that says so', () => {
    const plan = compile(rates);
    expect(plan.components).toEqual([
      { name: 'Account commission', code: 'Account commission', scope: 'account', weight: null },
    ]);
    expect(plan.requirements.aggregates.map((a) => [a.key, a.scope])).toEqual([[key, 'account']]);
  });

  it('rates each account on its own total and pays the sum of the accounts', () => {
    const result = compile(rates).evaluate(twoAccounts);
    // Acme: 100,000 x 2% + 50,000 x 5% = 2,000 + 2,500 = 4,500.00; Globex: 50,000 x 2% = 1,000.00.
    // 5,500.00 in all, where the team's 200,000 on one table would pay 2,000 + 5,000 = 7,000.00.
    expect(result.lines[0]!.amountMinor).toBe(550_000);
    expect(result.totalMinor).toBe(550_000);
  });

  it('explains each account with its own part under the line', () => {
    const line = compile(rates).evaluate(twoAccounts).lines[0]!;
    const each = line.explanation.children[0]!;
    expect(each).toMatchObject({ label: 'each account', value: 550_000, detail: 'sum of 2 accounts' });
    expect(each.children.map((c) => [c.label, c.value, c.detail])).toEqual([
      ['account A1', 450_000, 'Acme: pays 4,500.00 USD'],
      ['account A2', 100_000, 'Globex: pays 1,000.00 USD'],
    ]);
    // Under each account, its own revenue.
    expect(renderExplanation(each.children[1]!, 'USD')).toContain('revenue = 50,000.00 USD');
  });

  it('pays the same cents through the amounts-only evaluator', () => {
    const plan = compile(rates);
    expect(plan.evaluateAmounts?.(twoAccounts)).toEqual({ linesMinor: [550_000], totalMinor: 550_000 });
  });

  it('pays 0 with a warning when the team has no account', () => {
    const result = compile(rates).evaluate(input({ accounts: [] }));
    expect(result.totalMinor).toBe(0);
    expect(result.lines[0]!.warnings.map((w) => w.code)).toEqual(['NO_ACCOUNTS']);
  });

  it('reads measures written for team as the whole team, the same for every account', () => {
    // A flat bonus per account whose growth beats the team's: the team measure is not per account.
    const plan = compile(`${header}measure revenue = sum of order.amount
measure share = revenue / (revenue for team)

component "Big accounts" for each account
  pays curve on share:
    below 50%: 0
    from 50%: 1,000
`);
    const teamKey = 'sum of order.amount for team in period';
    const result = plan.evaluate(
      input({
        aggregates: { [teamKey]: 20_000_000 },
        accounts: [
          { accountId: 'A1', name: 'Acme', aggregates: { [key]: 15_000_000 } },
          { accountId: 'A2', name: 'Globex', aggregates: { [key]: 5_000_000 } },
        ],
      }),
    );
    // Acme has 150,000 / 200,000 = 75% of the team's revenue: 1,000.00; Globex 25%: nothing.
    expect(result.totalMinor).toBe(100_000);
  });

  it('lets team gates scale a component for each account, applied to the sum', () => {
    const plan = compile(`${rates}
when average of survey.score is below 4.0: team components pay 50%
`);
    const result = plan.evaluate({
      ...twoAccounts,
      aggregates: { 'average of survey.score for team in period': 3.5 },
    });
    // 5,500.00 x 50% = 2,750.00.
    expect(result.totalMinor).toBe(275_000);
  });

  it("checks an example against the givens as one account's values", () => {
    const result = checkPlan(`${rates}
example "One account":
  given revenue = 150,000
  expect "Account commission" pays 4,500.00
`);
    // 100,000 x 2% + 50,000 x 5% = 4,500.00.
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('misuse of for each account', () => {
  it('refuses a share of the target, which would pay the target once per account, at the value', () => {
    const text = `${header}measure revenue = sum of order.amount
component "A" weight 100% for each account
  pays curve on revenue:
    below 1,000: 0%
    from 1,000: 100%
`;
    const result = checkPlan(text);
    const diagnostic = result.diagnostics.find((d) => d.code === 'ACCOUNT_SHARE_OF_TARGET');
    expect(result.plan).toBeNull();
    expect(text.slice(diagnostic?.range.start.offset, diagnostic?.range.end.offset)).toBe('0%');
    expect(diagnostic?.message).toMatch(/once per account/);
  });

  it('refuses paying a percentage as a share of target per account', () => {
    expect(
      codes(`${header}component "A" for each account
  pays average of objective.score
`),
    ).toEqual(['ACCOUNT_SHARE_OF_TARGET']);
  });

  it('refuses rates per deal and on the running total, saying why', () => {
    const perDeal = codes(`${header}component "A" for each account
  pays rates on sum of order.amount, marginal, per deal:
    up to 100,000: 2%
    from 100,000: 5%
`);
    expect(perDeal).toEqual(['ACCOUNT_SCOPE_RATES']);
    const running = checkPlan(`${header}component "A" for each account
  pays rates on sum of order.amount in year to date, marginal, on the running total:
    up to 100,000: 2%
    from 100,000: 5%
`).diagnostics.find((d) => d.code === 'ACCOUNT_SCOPE_RATES');
    expect(running?.message).toMatch(/earlier in the year/);
  });

  it("refuses 'for each account' around a measure, where no single account is meant, at the scope", () => {
    const text = `${header}measure per_account = sum of order.amount for each account
component "A" pays 1% of per_account`;
    const result = checkPlan(text);
    expect(result.plan).toBeNull();
    const diagnostic = result.diagnostics.find((d) => d.code === 'ACCOUNT_SCOPE_PLACEMENT');
    expect(text.slice(diagnostic?.range.start.offset, diagnostic?.range.end.offset)).toBe('each account');
  });

  it('refuses a clawback of a component paid per account', () => {
    expect(
      codes(`${header}component "A" for each account
  pays 2% of sum of order.amount
claw back 100% of "A" on churn within 90 days
`),
    ).toEqual(['ACCOUNT_SCOPE_CLAWBACK']);
  });
});
