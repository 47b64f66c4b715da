/**
 * End to end with real plan text compiled by @attain/rules: two key-account teams, a
 * mid-quarter joiner, a split deal, a population comparison, a clawback, two years of facts.
 * Every amount below is worked out by hand in the comments.
 */
import { readFileSync } from 'node:fs';
import { checkPlan } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/model/fact.js';
import type { OrgSnapshot } from '../../src/model/org.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { account, org, participant } from '../helpers/org.js';

const { plan, diagnostics } = checkPlan(readFileSync(new URL('./two-teams.plan', import.meta.url), 'utf8'));

// Targets (annual, minor units): alice 4,000,000 and bob 4,000,000 on T1, carol 2,000,000 on T2.
// Bob joins T1 on 2025-02-15.
const snapshot: OrgSnapshot = org({
  teams: [
    { id: 'T1', name: 'Key accounts North' },
    { id: 'T2', name: 'Key accounts South' },
  ],
  accounts: [
    account('a1', 'T1', { geography: 'EMEA' }),
    account('a2', 'T1', { geography: 'APAC' }),
    account('b1', 'T2'),
  ],
  participants: [
    participant('alice'),
    participant('bob', { hireDate: '2025-02-15' }),
    participant('carol', { annualTargetIncentiveMinor: 2_000_000 }),
  ],
  memberships: [
    { participantId: 'alice', teamId: 'T1', role: 'KAM', from: '2020-01-01' },
    { participantId: 'bob', teamId: 'T1', role: 'AE', from: '2025-02-15' },
    { participantId: 'carol', teamId: 'T2', role: 'KAM', from: '2020-01-01' },
  ],
  assignments: [
    { participantId: 'alice', plan: 'Scenario', from: '2020-01-01' },
    { participantId: 'bob', plan: 'Scenario', from: '2025-02-15' },
    { participantId: 'carol', plan: 'Scenario', from: '2020-01-01' },
  ],
  goals: [
    { name: 'Team revenue', ownerId: 'T1', periodId: '2025-Q1', value: 8_000_000 },
    { name: 'Team revenue', ownerId: 'T2', periodId: '2025-Q1', value: 4_000_000 },
  ],
});

const base = { date: '', accountId: '', currency: 'USD' };
const order = (id: string, date: string, accountId: string, amount: number): Fact => ({
  ...base,
  id,
  kind: 'order',
  date,
  accountId,
  amount,
  cost: 0,
  productLine: 'Core',
  repeat: false,
});
const churn = (id: string, date: string, accountId: string, amount: number, dealId?: string): Fact => ({
  ...base,
  id,
  kind: 'churn',
  date,
  accountId,
  amount,
  productLine: 'Core',
  ...(dealId ? { dealId } : {}),
});
const won = (
  id: string,
  date: string,
  accountId: string,
  amount: number,
  credits: Fact['credits'],
): Fact => ({
  ...base,
  id,
  kind: 'opportunity',
  date,
  accountId,
  amount,
  won: true,
  strategic: false,
  productLine: 'Core',
  credits,
});

const facts: Fact[] = [
  // 2024: last year's first quarter, for growth.
  order('o2024-1', '2024-02-01', 'a1', 8_000_000),
  order('o2024-2', '2024-02-01', 'b1', 3_000_000),
  // 2025-Q1: T1 sells 6,000,000 + 4,000,000 = 10,000,000; T2 sells 3,000,000.
  order('o1', '2025-01-15', 'a1', 6_000_000),
  order('o2', '2025-03-31', 'a2', 4_000_000),
  order('o4', '2025-02-10', 'b1', 3_000_000),
  // The day after the quarter: never part of Q1.
  order('o3', '2025-04-01', 'a1', 9_999_900),
  churn('c1', '2025-03-10', 'a1', 200_000),
  churn('c2', '2025-03-15', 'b1', 300_000),
  won('y1', '2025-01-20', 'a1', 6_000_000, [{ participantId: 'alice', share: 1 }]),
  // A split deal: 1,000,001 by 1/3 and 2/3 is 333,333.67 and 666,667.33; floors add up to
  // 1,000,000 and the leftover cent goes to the larger remainder (alice): 333,334 + 666,667.
  won('y2', '2025-03-01', 'a2', 1_000_001, [
    { participantId: 'alice', share: 1 / 3 },
    { participantId: 'bob', share: 2 / 3 },
  ]),
  {
    ...base,
    id: 'y3',
    kind: 'opportunity',
    date: '2025-02-01',
    accountId: 'a1',
    amount: 500_000,
    won: false,
    strategic: false,
    productLine: 'Core',
    credits: [{ participantId: 'alice', share: 1 }],
  },
  // 2025-Q2: the y1 deal churns 85 days after it was won.
  churn('c3', '2025-04-15', 'a1', 100_000, 'y1'),
];

const run = () => calculateStatements({ plan: plan!, periods: ['2025-Q1', '2025-Q2'], org: snapshot, facts });
const statement = (participantId: string, periodId: string) =>
  run().statements.find((s) => s.participantId === participantId && s.periodId === periodId)!;
const amounts = (participantId: string, periodId: string) =>
  Object.fromEntries(statement(participantId, periodId).lines.map((l) => [l.component, l.amountMinor]));

describe('two key-account teams, 2025-Q1', () => {
  it('compiles the scenario plan without errors', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('pays alice, a full-quarter member of T1', () => {
    // Target 4,000,000 / 4 = 1,000,000.
    // Team revenue: 10,000,000 / 8,000,000 = 125% -> curve pays 125%; 40% x 1,000,000 x 1.25 = 500,000.
    // Growth: 10,000,000 / 8,000,000 - 1 = 25% (>= 20%) -> 150%; 20% x 1,000,000 x 1.5 = 300,000.
    // Churn: the mean of T1 200,000 / 10,000,000 = 2% and T2 300,000 / 3,000,000 = 10% is 6%;
    // T1 2%: 6% - 2% = 4% >= 0 -> 100%: 400,000.
    // New business: 3% x (6,000,000 + 333,334) = 190,000.02 -> 190,000 (the lost y3 does not count).
    expect(amounts('alice', '2025-Q1')).toEqual({
      'Team revenue': 500_000,
      Growth: 300_000,
      'Churn better than average': 400_000,
      'New business': 190_000,
    });
    expect(statement('alice', '2025-Q1').totalMinor).toBe(1_390_000);
  });

  it('prorates bob, who joined T1 on 2025-02-15', () => {
    // 45 of 90 days: 4,000,000 x 45 / 360 = 500,000.
    // Team components at half of alice's: 250,000 + 150,000 + 200,000.
    // New business: 3% x 666,667 = 20,000.01 -> 20,000.
    expect(statement('bob', '2025-Q1').targetIncentiveMinor).toBe(500_000);
    expect(amounts('bob', '2025-Q1')).toEqual({
      'Team revenue': 250_000,
      Growth: 150_000,
      'Churn better than average': 200_000,
      'New business': 20_000,
    });
    expect(statement('bob', '2025-Q1').totalMinor).toBe(620_000);
  });

  it("pays carol on T2, whose churn is worse than the mean of the teams' rates", () => {
    // Target 2,000,000 / 4 = 500,000.
    // Team revenue: 3,000,000 / 4,000,000 = 75% -> 75%; 40% x 500,000 x 0.75 = 150,000.
    // Growth: 3,000,000 / 3,000,000 - 1 = 0% -> 50%; 20% x 500,000 x 0.5 = 50,000.
    // Churn: 300,000 / 3,000,000 = 10% against the mean of 2% and 10%, 6%: below 0 -> 0.
    expect(amounts('carol', '2025-Q1')).toEqual({
      'Team revenue': 150_000,
      Growth: 50_000,
      'Churn better than average': 0,
      'New business': 0,
    });
    expect(statement('carol', '2025-Q1').totalMinor).toBe(200_000);
  });

  it('makes every total the sum of its lines', () => {
    for (const s of run().statements)
      expect(s.totalMinor).toBe(s.lines.reduce((sum, l) => sum + l.amountMinor, 0));
  });
});

describe('two key-account teams, 2025-Q2', () => {
  it("claws back half of the churned deal's payout at the rate it was paid", () => {
    // y1 earned 190,000 x 6,000,000 / 6,333,334 = 179,999.98 of alice's Q1 line (3% of 6,000,000);
    // half of it is 89,999.99 -> -90,000.
    const clawbacks = statement('alice', '2025-Q2').lines.filter((l) => l.kind === 'clawback');
    expect(clawbacks.map((l) => [l.component, l.dealId, l.amountMinor])).toEqual([
      ['New business', 'y1', -90_000],
    ]);
  });

  it('claws back nothing from bob, whose deal did not churn', () => {
    expect(statement('bob', '2025-Q2').lines.filter((l) => l.kind === 'clawback')).toEqual([]);
  });

  it('warns that the Q2 goals are missing instead of failing', () => {
    expect(statement('alice', '2025-Q2').warnings.map((w) => w.code)).toContain('goal-missing');
  });
});
