/**
 * A payout run fails with missing-fx-rate only for facts that some participant's measure (or a
 * population the plan compares with) reads; facts nobody on the plan reads do not fail it.
 */
import { checkPlan } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/model/fact.js';
import type { OrgSnapshot } from '../../src/model/org.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { account, order, org, participant } from '../helpers/org.js';
import { createTestPlan, orderRevenue } from '../helpers/test-plan.js';

// A GBP plan paying the team's revenue / goal; only p1 of team UK is on it. Team US (p2, not on
// the plan) sells in USD, and there is no USD/GBP rate.
const gbpPlan = () =>
  createTestPlan({
    name: 'UK plan',
    currency: 'GBP',
    components: [{ name: 'Team revenue', measure: 'revenue', goal: 'goal' }],
    aggregates: [orderRevenue()],
    goals: [{ key: 'goal', name: 'Team revenue', owner: 'team', window: 'period', unit: 'money' }],
  });

/** The same plan comparing the team with the mean revenue of the named teams UK and US. */
const populationPlan = () =>
  checkPlan(`plan "UK plan"
  period quarter
  currency GBP
  target incentive: annual, not prorated

measure revenue = sum of order.amount
component "Above the mean" weight 100% for team
  pays curve on revenue - mean of revenue over teams "UK", "US":
    below 0: 0%
    from 0: 100%
`).plan!;

const orgOf = (): OrgSnapshot =>
  org({
    teams: [
      { id: 'UK', name: 'UK' },
      { id: 'US', name: 'US' },
    ],
    accounts: [account('a-uk', 'UK'), account('a-us', 'US')],
    participants: [
      participant('p1', { currency: 'GBP', annualTargetIncentiveMinor: 4_000_000 }),
      participant('p2', { currency: 'USD' }),
    ],
    memberships: [
      { participantId: 'p1', teamId: 'UK', role: 'KAM', from: '2020-01-01' },
      { participantId: 'p2', teamId: 'US', role: 'KAM', from: '2020-01-01' },
    ],
    assignments: [{ participantId: 'p1', plan: 'UK plan', from: '2020-01-01' }],
    goals: [{ name: 'Team revenue', ownerId: 'UK', periodId: '2025-Q1', value: 100_000 }],
  });

const gbp = (id: string, date: string, accountId: string, amount: number) =>
  order(id, date, accountId, amount, { currency: 'GBP' });

const facts: Fact[] = [
  gbp('uk1', '2025-02-01', 'a-uk', 100_000),
  order('us1', '2025-02-02', 'a-us', 900_000),
  order('us2', '2025-03-03', 'a-us', 50_000, { credits: [{ participantId: 'p2', share: 1 }] }),
];

describe('a GBP plan with USD facts and no USD/GBP rate', () => {
  it("completes when the USD facts are on another team's accounts that no one on the plan reads", () => {
    const run = calculateStatements({ plan: gbpPlan(), period: '2025-Q1', org: orgOf(), facts });
    expect(run.errors).toEqual([]);
    // 4,000,000 / 4 = 1,000,000 x 100,000 / 100,000 = 1,000,000 (10,000.00 GBP).
    expect(run.statements.map((s) => [s.participantId, s.totalMinor])).toEqual([['p1', 1_000_000]]);
  });

  it("fails naming the fact when a USD fact is on the paid team's account", () => {
    const run = calculateStatements({
      plan: gbpPlan(),
      period: '2025-Q1',
      org: orgOf(),
      facts: [...facts, order('uk-usd', '2025-03-10', 'a-uk', 1_000)],
    });
    expect(run.errors).toEqual([
      expect.objectContaining({
        code: 'missing-fx-rate',
        factId: 'uk-usd',
        message: expect.stringContaining('USD/GBP'),
      }),
    ]);
  });

  it("fails naming the facts when the plan compares with a population that reads the other team's", () => {
    const run = calculateStatements({ plan: populationPlan(), period: '2025-Q1', org: orgOf(), facts });
    expect(run.errors.map((e) => [e.code, e.factId])).toEqual([
      ['missing-fx-rate', 'us1'],
      ['missing-fx-rate', 'us2'],
    ]);
  });

  it('completes when the only USD fact on the team is outside every window the plan reads', () => {
    // The plan reads the period (Q1 2025); an order of 2025-04-01 is read by nobody.
    const run = calculateStatements({
      plan: gbpPlan(),
      period: '2025-Q1',
      org: orgOf(),
      facts: [...facts, order('uk-later', '2025-04-01', 'a-uk', 1_000)],
    });
    expect(run.errors).toEqual([]);
  });
});
