/**
 * Issue 10 item 3 through the API: a GBP plan's run failed with missing-fx-rate for USD facts
 * of another team that nobody on the plan reads. Only facts a participant's measure reads need
 * a rate to the plan currency.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { importMutation } from '../support/org-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const UK_PLAN = `plan "UK revenue"
  period quarter
  currency GBP
  target incentive: annual, not prorated

measure revenue = sum of order.amount

component "Revenue" weight 100% for team
  pays curve on revenue / goal "Team revenue":
    below 50%: 0%
    from 50% up to and including 150%: 50% to 150%
    above 150%: 150%
`;

const person = (id: string, currency: string) => ({
  id,
  name: id,
  role: 'key account manager',
  geography: 'EMEA',
  vertical: 'retail',
  currency,
  annualTargetIncentiveMinor: 4_000_000,
  hireDate: '2020-01-01',
});

const account = (id: string, teamId: string) => ({
  id,
  name: id,
  teamId,
  geography: 'EMEA',
  vertical: 'retail',
  segment: 'strategic',
});

const order = (id: string, date: string, accountId: string, currency: string, amount: number) => ({
  id,
  kind: 'order',
  date,
  accountId,
  currency,
  amount,
  cost: 0,
  productLine: 'Core',
  repeat: false,
  credits: [],
});

// Only p-uk (team UK, paid in GBP) is on the plan. Team US sells in USD; there is no USD/GBP rate.
const DATA = {
  Participants: [person('p-uk', 'GBP'), person('p-us', 'USD')],
  Teams: [
    { id: 'uk', name: 'UK', members: [{ participantId: 'p-uk', role: 'lead', from: '2020-01-01' }] },
    { id: 'us', name: 'US', members: [{ participantId: 'p-us', role: 'lead', from: '2020-01-01' }] },
  ],
  Accounts: [account('a-uk', 'uk'), account('a-us', 'us')],
  Goals: [
    {
      id: 'g-uk',
      name: 'Team revenue',
      ownerId: 'uk',
      periodId: '2025-Q1',
      value: 10_000_000,
      currency: 'GBP',
    },
  ],
  Facts: [
    order('uk-1', '2025-02-01', 'a-uk', 'GBP', 11_000_000),
    order('us-1', '2025-02-02', 'a-us', 'USD', 50_000_000),
    order('us-2', '2025-03-15', 'a-us', 'USD', 7_500_000),
  ],
  Assignments: [{ id: 'as-uk', participantId: 'p-uk', planId: 'uk-revenue', from: '2020-01-01' }],
} as const;

const CALCULATE = `mutation { calculatePayouts(planId: "uk-revenue", period: "2025-Q1") {
  __typename
  ... on PayoutRun { status total { minorUnits formatted } errors { code message factId } }
  ... on Error { code message }
} }`;

interface Run {
  status: string;
  total: { minorUnits: number; formatted: string } | null;
  errors: { code: string; message: string; factId: string | null }[];
}

describe('a GBP plan with USD facts and no USD/GBP rate', () => {
  const store = useTestDatabase();
  let api: TestApp;

  const importRecords = async (kind: keyof typeof DATA, records: readonly unknown[]) => {
    const result = await api.graphql<Record<string, { __typename: string }>>(
      importMutation(kind),
      { records },
      api.keys.admin,
    );
    expect(result.data?.[`import${kind}`]?.__typename, JSON.stringify(result)).toBe('ImportResult');
  };

  const calculate = async () =>
    (await api.graphql<{ calculatePayouts: Run }>(CALCULATE, {}, api.keys.admin)).data
      ?.calculatePayouts as Run;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await api.graphql(
      'mutation { createPlan(id: "uk-revenue", name: "UK revenue") { __typename } }',
      {},
      api.keys.admin,
    );
    const published = await api.graphql<{ publishPlanVersion: { __typename: string } }>(
      'mutation ($text: String!) { publishPlanVersion(planId: "uk-revenue", effectiveFrom: "2025-01-01", text: $text) { __typename } }',
      { text: UK_PLAN },
      api.keys.admin,
    );
    expect(published.data?.publishPlanVersion.__typename, JSON.stringify(published)).toBe('PlanVersion');
    for (const [kind, records] of Object.entries(DATA))
      await importRecords(kind as keyof typeof DATA, records);
  });

  it("completes when the USD facts are on another team's accounts", async () => {
    // UK revenue 110,000.00 GBP against a goal of 100,000.00: 110% pays 110% of the quarter's
    // target, 40,000.00 / 4 = 10,000.00 GBP: 1.10 x 1,000,000 = 1,100,000 (11,000.00 GBP).
    const run = await calculate();
    expect(run).toMatchObject({
      status: 'complete',
      total: { minorUnits: 1_100_000, formatted: '11,000.00 GBP' },
      errors: [],
    });
  });

  it("fails naming the fact once a USD fact is on the paid team's account", async () => {
    await importRecords('Facts', [order('uk-usd', '2025-03-20', 'a-uk', 'USD', 100_000)]);
    const run = await calculate();
    expect(run.status).toBe('failed');
    expect(run.errors).toEqual([
      {
        code: 'missing-fx-rate',
        factId: 'uk-usd',
        message: expect.stringContaining(
          "Fact 'uk-usd' of 2025-03-20 is in USD but the plan pays in GBP and there is no USD/GBP rate on 2025-03-20",
        ),
      },
    ]);
  });
});
