/**
 * A statistic over teams through the API, as an admin does it: import the org and facts,
 * publish the plan, calculate the quarter with `calculatePayouts`, read the statements. The
 * issue's example: three teams of equal renewal ARR churn 4%, 12% and 26% (mean 14%); a
 * fourth, larger team with no churn has nobody on this plan.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importRecords } from '../support/org-fixtures.js';
import { usdParticipant } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PLAN_TEXT = `plan "Renewal churn"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure renewal_arr = sum of renewal.valueBefore
measure churned = sum of churn.amount
measure churn_rate = churned / renewal_arr
measure average_churn = mean of churn_rate over teams on this plan

component "Churn better than average" weight 100% for team
  pays curve on average_churn - churn_rate:
    below 0%: 0%
    from 0%: 100%
`;

const teams = ['t1', 't2', 't3', 't4'];
const renewal = (id: string, accountId: string, valueBefore: number) => ({
  id,
  kind: 'renewal',
  date: '2025-02-01',
  accountId,
  currency: 'USD',
  valueBefore,
  valueAfter: valueBefore,
  productLine: 'Core',
});
const churn = (id: string, accountId: string, amount: number) => ({
  id,
  kind: 'churn',
  date: '2025-03-01',
  accountId,
  currency: 'USD',
  amount,
  productLine: 'Core',
});

// Everyone's annual target is 40,000.00 (10,000.00 a quarter); p4 on the large team t4 is not on the plan.
const DATA = {
  Participants: teams.map((_, i) => usdParticipant(`p${i + 1}`, `Person ${i + 1}`, 4_000_000)),
  Teams: teams.map((t, i) => ({
    id: t,
    name: `Team ${i + 1}`,
    members: [{ participantId: `p${i + 1}`, role: 'lead', from: '2020-01-01' }],
  })),
  Accounts: teams.map((t, i) => ({
    id: `a${i + 1}`,
    name: `Account ${i + 1}`,
    teamId: t,
    geography: 'EMEA',
    vertical: 'retail',
    segment: 'strategic',
  })),
  // Renewal ARR 1,000,000.00 on t1..t3 and 5,000,000.00 on t4; churn 4%, 12%, 26% and none.
  Facts: [
    renewal('r1', 'a1', 100_000_000),
    renewal('r2', 'a2', 100_000_000),
    renewal('r3', 'a3', 100_000_000),
    renewal('r4', 'a4', 500_000_000),
    churn('c1', 'a1', 4_000_000),
    churn('c2', 'a2', 12_000_000),
    churn('c3', 'a3', 26_000_000),
  ],
  Assignments: ['p1', 'p2', 'p3'].map((p) => ({
    id: `as-${p}`,
    participantId: p,
    planId: 'churn',
    from: '2025-01-01',
  })),
} as const;

const CALCULATE = `mutation ($planId: String!, $period: String!) {
  calculatePayouts(planId: $planId, period: $period) {
    __typename
    ... on PayoutRun { status statementCount total { minorUnits formatted } }
    ... on Error { code message }
  }
}`;

const STATEMENT = `query ($participantId: String!, $period: String!) {
  statements(participantId: $participantId, period: $period) {
    total { minorUnits formatted }
    lines { component amount { minorUnits formatted } explanationText }
  }
}`;

interface Statement {
  total: { minorUnits: number; formatted: string };
  lines: { component: string; amount: { minorUnits: number }; explanationText: string }[];
}

describe('a statistic over the teams on the plan, over GraphQL', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let run: { __typename: string; status: string; statementCount: number; total: { minorUnits: number } };

  const statement = async (participantId: string): Promise<Statement | undefined> => {
    const result = await api.graphql<{ statements: Statement[] }>(
      STATEMENT,
      { participantId, period: '2025-Q1' },
      api.keys.admin,
    );
    return result.data?.statements[0];
  };

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await createPublishedPlan(api, { id: 'churn', name: 'Renewal churn', text: PLAN_TEXT });
    await importRecords(api, DATA);
    const calculated = await api.graphql<{ calculatePayouts: typeof run }>(
      CALCULATE,
      { planId: 'churn', period: '2025-Q1' },
      api.keys.admin,
    );
    run = calculated.data?.calculatePayouts as typeof run;
  });

  it('pays the 12% team for churn better than the 14% mean of the teams on the plan', async () => {
    // Mean of t1 4%, t2 12%, t3 26% = 14% (t4 has nobody on the plan): 14% - 12% = 2% >= 0 pays
    // 100% of 10,000.00.
    expect((await statement('p2'))?.total).toEqual({ minorUnits: 1_000_000, formatted: '10,000.00 USD' });
  });

  it('pays the run as the sum of its statements: t1 and t2 beat the mean, t3 does not', async () => {
    // t1 4% -> 10,000.00; t2 12% -> 10,000.00; t3 26% is 12 points worse -> 0. Total 20,000.00.
    expect(run).toMatchObject({
      __typename: 'PayoutRun',
      status: 'complete',
      statementCount: 3,
      total: { minorUnits: 2_000_000 },
    });
    expect((await statement('p3'))?.total.minorUnits).toBe(0);
  });

  it('names the statistic, the population and its size in the explanation, with money as money', async () => {
    const text = (await statement('p2'))?.lines[0]?.explanationText ?? '';
    expect(text).toContain(
      'mean of churn_rate over teams on this plan = 14% (mean of the values of 3 teams; teams on this plan: 3 teams, 0 left out for lack of data)',
    );
    expect(text).toContain('team t2 = 12%');
    expect(text).not.toContain('team t4');
    expect(text).toContain('renewal_arr = 1,000,000.00 USD');
  });

  it('lists what a statistic over teams reads for each team among the measures to load', async () => {
    // The plan reads nothing for the participant: only each team's churn and renewal ARR.
    const text = PLAN_TEXT.replace(
      /component[\s\S]*$/,
      'component "Mean churn" weight 100% for individual\n  pays curve on average_churn:\n    from 0%: 100%\n',
    );
    const check = await api.graphql<{ validatePlan: { valid: boolean; measures: unknown[] } }>(
      'query ($text: String!) { validatePlan(text: $text) { valid measures { key scope } } }',
      { text },
      api.keys.analyst,
    );
    expect(check.data?.validatePlan).toEqual({
      valid: true,
      measures: [
        // In the order churn_rate = churned / renewal_arr reads them.
        { key: 'sum of churn.amount for team in period', scope: 'team' },
        { key: 'sum of renewal.valueBefore for team in period', scope: 'team' },
      ],
    });
  });

  it('refuses the old for all teams with the new forms, and publishes nothing', async () => {
    const versions = store.db.collection('plan_versions');
    expect(await versions.countDocuments({})).toBe(1);
    const result = await api.graphql<{
      publishPlanVersion: { __typename: string; diagnostics?: { code: string; message: string }[] };
    }>(
      `mutation ($text: String!) { publishPlanVersion(planId: "churn", effectiveFrom: "2025-04-01", text: $text) {
        __typename ... on PlanHasErrors { diagnostics { code message } } } }`,
      { text: PLAN_TEXT.replace('mean of churn_rate over teams on this plan', 'churn_rate for all teams') },
      api.keys.admin,
    );
    expect(result.data?.publishPlanVersion.__typename).toBe('PlanHasErrors');
    const refused = result.data?.publishPlanVersion.diagnostics?.find(
      (d) => d.code === 'POPULATION_UNSTATED',
    );
    expect(refused?.message).toContain("'mean of churn_rate over teams on this plan'");
    expect(await versions.countDocuments({})).toBe(1);
  });
});
