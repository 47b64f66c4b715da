import { checkPlan } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/model/fact.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { account, order, org, participant } from '../helpers/org.js';
import { createTestPlan } from '../helpers/test-plan.js';

// "New business" pays 10% of each credited deal; half of a deal's payout is clawed back when it
// churns within 90 days.
const plan = createTestPlan({
  name: 'Plan',
  components: [{ name: 'New business', scope: 'individual', list: 'deals', rate: 0.1 }],
  factLists: [
    { key: 'deals', factKind: 'order', field: 'amount', filters: [], scope: 'individual', window: 'period' },
  ],
  clawbacks: [{ component: 'New business', share: 0.5, withinDays: 90, churnKind: 'churn' }],
});

const snapshot = org({
  teams: [{ id: 'T1', name: 'Team 1' }],
  accounts: [account('a1', 'T1'), account('a2', 'T1')],
  participants: [participant('p1')],
  memberships: [{ participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01' }],
  assignments: [{ participantId: 'p1', plan: 'Plan', from: '2020-01-01' }],
});

const deal = (id: string, date: string, accountId: string, amount: number): Fact =>
  order(id, date, accountId, amount, { credits: [{ participantId: 'p1', share: 1 }] });
const churn = (id: string, date: string, accountId: string, dealId?: string): Fact => ({
  id,
  kind: 'churn',
  date,
  accountId,
  currency: 'USD',
  amount: 1,
  productLine: 'Core',
  ...(dealId ? { dealId } : {}),
});

// Q1: d1 30,000 on 2025-01-10 and d2 10,000 on 2025-03-01 pay 10% x 40,000 = 4,000.
const facts: Fact[] = [deal('d1', '2025-01-10', 'a1', 30_000), deal('d2', '2025-03-01', 'a2', 10_000)];

describe('clawbacks', () => {
  it('reverses the share of a churned deal at the rate it was paid', () => {
    // d2 churns on 2025-04-20, 50 days after 2025-03-01: d2 earned 4,000 x 10,000 / 40,000 = 1,000; half = 500.
    const run = calculateStatements({
      plan,
      periods: ['2025-Q1', '2025-Q2'],
      org: snapshot,
      facts: [...facts, churn('c1', '2025-04-20', 'a2', 'd2')],
    });
    const [q1, q2] = run.statements;
    expect(q1?.totalMinor).toBe(4_000);
    expect(q2?.lines.filter((l) => l.kind === 'clawback').map((l) => [l.dealId, l.amountMinor])).toEqual([
      ['d2', -500],
    ]);
    expect(q2?.totalMinor).toBe(-500);
  });

  it('does not claw back a deal that churns after the window', () => {
    // d1 (2025-01-10) churns on 2025-05-15: 125 days later, beyond 90.
    const run = calculateStatements({
      plan,
      period: '2025-Q2',
      org: snapshot,
      facts: [...facts, churn('c1', '2025-05-15', 'a1', 'd1')],
    });
    expect(run.statements[0]?.lines.filter((l) => l.kind === 'clawback')).toEqual([]);
  });

  it('matches a churn without a deal id to the deals on its account', () => {
    // c1 names no deal; it is on a1, where d1 was sold: d1 earned 4,000 x 30,000 / 40,000 = 3,000; half = 1,500.
    const run = calculateStatements({
      plan,
      periods: ['2025-Q1', '2025-Q2'],
      org: snapshot,
      facts: [...facts, churn('c1', '2025-04-09', 'a1')],
    });
    // 2025-01-10 -> 2025-04-09 is 89 days, inside 90.
    expect(
      run.statements[1]?.lines.filter((l) => l.kind === 'clawback').map((l) => [l.dealId, l.amountMinor]),
    ).toEqual([['d1', -1_500]]);
  });

  it('claws a deal back only once', () => {
    const run = calculateStatements({
      plan,
      periods: ['2025-Q1', '2025-Q2', '2025-Q3'],
      org: snapshot,
      facts: [...facts, churn('c1', '2025-04-20', 'a2', 'd2'), churn('c2', '2025-05-20', 'a2', 'd2')],
    });
    const clawbacks = run.statements.flatMap((s) => s.lines.filter((l) => l.kind === 'clawback'));
    expect(clawbacks.map((l) => l.amountMinor)).toEqual([-500]);
  });

  it('reverses exactly what the deal earned when the plan reports per-deal payouts', () => {
    // Deals from 20,000 pay 10%, smaller ones 5%: d1 30,000 -> 3,000; d2 10,000 -> 500; line 3,500.
    // d2 churns: half of its own 500 = -250 (a pro-rata share would have been 3,500 x 10,000 / 40,000 / 2 = 437.5).
    const tiered = createTestPlan({
      name: 'Plan',
      components: [
        {
          name: 'New business',
          scope: 'individual',
          list: 'deals',
          rate: 0.05,
          upperFrom: 20_000,
          upperRate: 0.1,
        },
      ],
      factLists: [
        {
          key: 'deals',
          factKind: 'order',
          field: 'amount',
          filters: [],
          scope: 'individual',
          window: 'period',
        },
      ],
      clawbacks: [{ component: 'New business', share: 0.5, withinDays: 90, churnKind: 'churn' }],
    });
    const run = calculateStatements({
      plan: tiered,
      periods: ['2025-Q1', '2025-Q2'],
      org: snapshot,
      facts: [...facts, churn('c1', '2025-04-20', 'a2', 'd2')],
    });
    expect(run.statements[0]?.totalMinor).toBe(3_500);
    expect(run.statements[1]?.lines.filter((l) => l.kind === 'clawback').map((l) => l.amountMinor)).toEqual([
      -250,
    ]);
  });
});

describe('clawbacks across a renamed component', () => {
  /** A quarterly 10% commission on each deal, half clawed back on churn within 90 days. */
  const version = (component: string) => {
    const { plan, diagnostics } = checkPlan(`plan "Plan"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure deals = sum of order.amount for individual

${component} for individual
  pays 10% of deals

claw back 50% of "${/"([^"]+)"/.exec(component)?.[1]}" on churn within 90 days
`);
    if (!plan) throw new Error(JSON.stringify(diagnostics));
    return plan;
  };

  it('reverses a deal paid under the old name when the new version keeps its code', () => {
    // Q1 pays 10% of 40,000 (minor units) = 4,000 as "New business" code "NB"; Q2 is under
    // "New deals" code "NB". d2 churns 50 days after it: it earned 4,000 x 10,000 / 40,000 =
    // 1,000 of the Q1 line, half of which is clawed back: -500, on the new name, the same code.
    const run = calculateStatements({
      plans: [
        { plan: version('component "New business" code "NB"'), effectiveTo: '2025-03-31' },
        { plan: version('component "New deals" code "NB"'), effectiveFrom: '2025-04-01' },
      ],
      periods: ['2025-Q1', '2025-Q2'],
      org: snapshot,
      facts: [...facts, churn('c1', '2025-04-20', 'a2', 'd2')],
    });
    const [q1, q2] = run.statements;
    expect(q1?.totalMinor).toBe(4_000);
    const clawed = q2?.lines.filter((l) => l.kind === 'clawback');
    expect(clawed?.map((l) => [l.component, l.componentCode, l.dealId, l.amountMinor])).toEqual([
      ['New deals', 'NB', 'd2', -500],
    ]);
  });
});
