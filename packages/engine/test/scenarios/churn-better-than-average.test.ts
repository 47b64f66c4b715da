/**
 * The example end to end: three teams of equal renewal ARR churn 4%, 12% and 26% (mean
 * 14%); a fourth, larger team with no churn has nobody on this plan; a fifth team on the plan
 * has no accounts. The 12% team is better than the mean of the teams on the plan and is paid.
 */
import { checkPlan, renderExplanation } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/model/fact.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { account, org, participant } from '../helpers/org.js';

const text = (statistic: string) => `plan "Renewal"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure renewal_arr = sum of renewal.valueBefore
measure churned = sum of churn.amount
measure churn_rate = churned / renewal_arr
measure average_churn = ${statistic} churn_rate over teams on this plan

component "Churn better than average" weight 100% for team
  pays curve on average_churn - churn_rate:
    below 0%: 0%
    from 0%: 100%
`;

const member = (participantId: string, teamId: string) => ({
  participantId,
  teamId,
  role: 'KAM',
  from: '2020-01-01',
});
const onPlan = (participantId: string, plan = 'Renewal') => ({ participantId, plan, from: '2020-01-01' });

// Everyone's annual target is 40,000.00: 10,000.00 a quarter.
const snapshot = org({
  teams: ['T1', 'T2', 'T3', 'T4', 'T5'].map((id) => ({ id, name: `Team ${id}` })),
  accounts: [account('a1', 'T1'), account('a2', 'T2'), account('a3', 'T3'), account('a4', 'T4')],
  participants: ['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => participant(id)),
  memberships: [
    member('p1', 'T1'),
    member('p2', 'T2'),
    member('p3', 'T3'),
    member('p4', 'T4'),
    member('p5', 'T5'),
  ],
  // p4 (the large team T4) is on another plan: T4 is not in the population.
  assignments: [onPlan('p1'), onPlan('p2'), onPlan('p3'), onPlan('p4', 'Other'), onPlan('p5')],
});

const renewal = (id: string, accountId: string, valueBefore: number): Fact => ({
  id,
  kind: 'renewal',
  date: '2025-02-01',
  accountId,
  currency: 'USD',
  valueBefore,
  valueAfter: valueBefore,
  productLine: 'Core',
});
const churn = (id: string, accountId: string, amount: number): Fact => ({
  id,
  kind: 'churn',
  date: '2025-03-01',
  accountId,
  currency: 'USD',
  amount,
  productLine: 'Core',
});

// Renewal ARR 1,000,000.00 each on T1..T3, 5,000,000.00 on T4; churn 4%, 12%, 26% and none.
const facts: Fact[] = [
  renewal('r1', 'a1', 100_000_000),
  renewal('r2', 'a2', 100_000_000),
  renewal('r3', 'a3', 100_000_000),
  renewal('r4', 'a4', 500_000_000),
  churn('c1', 'a1', 4_000_000),
  churn('c2', 'a2', 12_000_000),
  churn('c3', 'a3', 26_000_000),
];

function run(statistic: string) {
  const { plan, diagnostics } = checkPlan(text(statistic));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return calculateStatements({ plan: plan!, period: '2025-Q1', org: snapshot, facts });
}

const paid = (result: ReturnType<typeof run>, participantId: string) =>
  result.statements.find((s) => s.participantId === participantId)?.totalMinor;

describe('churn better than the mean of the teams on the plan', () => {
  it('pays the 12% team, which is better than the mean of 4%, 12% and 26%', () => {
    // Mean (4% + 12% + 26%) / 3 = 14%: T2 14% - 12% = 2% >= 0 pays 100% of 10,000.00. (The old
    // 'for all teams' averaged each aggregate over all five teams: 84,000.00 / 1,600,000.00 =
    // 5.25%, and paid T2 nothing.)
    const result = run('mean of');
    expect(paid(result, 'p2')).toBe(1_000_000);
    // T1 4%: 10 points better, 100%. T3 26%: 12 points worse, 0.
    expect(paid(result, 'p1')).toBe(1_000_000);
    expect(paid(result, 'p3')).toBe(0);
    // p5's team has no accounts: its own churn rate is missing (0 / 0) and pays 0; p4 is not on the plan.
    expect(paid(result, 'p5')).toBe(0);
    expect(paid(result, 'p4')).toBeUndefined();
  });

  it('explains the statistic, the population, its size and the team left out for lack of data', () => {
    const statement = run('mean of').statements.find((s) => s.participantId === 'p2')!;
    const text = renderExplanation(statement.lines[0]!.explanation, 'USD');
    // T1, T2, T3 and T5 have someone on the plan; T5 has no facts, so 3 teams are counted.
    expect(text).toContain(
      'mean of churn_rate over teams on this plan = 14% (mean of the values of 3 teams; teams on this plan: 4 teams, 1 left out for lack of data)',
    );
    expect(text).toContain('team T5 = no value (left out: no data)');
    expect(text).not.toContain('team T4');
  });

  it("computes only the chosen participants' statements, over the population of the whole org", () => {
    const { plan } = checkPlan(text('mean of'));
    const result = calculateStatements({
      plan: plan!,
      period: '2025-Q1',
      org: snapshot,
      facts,
      participantIds: ['p2'],
    });
    // Still the mean of T1, T2 and T3 (14%), though p1 and p3 get no statement: 10,000.00.
    expect(result.statements.map((s) => [s.participantId, s.totalMinor])).toEqual([['p2', 1_000_000]]);
  });

  it('pools the teams on the plan by adding their renewals and churn', () => {
    // (40,000 + 120,000 + 260,000) / (3 x 1,000,000) = 14%, equal to the mean since the ARR is
    // equal: T2 at 12% is paid; T4's 5,000,000.00 of ARR without churn is not in the pool.
    expect(paid(run('pooled'), 'p2')).toBe(1_000_000);
  });

  it('takes the median of the teams on the plan', () => {
    // Median of 4%, 12%, 26% is 12%: T2 at 12% is exactly at it, 0% falls in 'from 0%': 100%.
    expect(paid(run('median of'), 'p2')).toBe(1_000_000);
    expect(paid(run('median of'), 'p3')).toBe(0);
  });
});
