/**
 * docs/examples/account-leads.plan end to end over GraphQL: an org and its facts imported, the
 * plan published and calculated for 2025-Q1. The plan has an annual quota cut by season, churn
 * against the mean of the teams on the plan, a curve per deal, a component for each account and
 * an override on the teams a lead manages. Every amount is worked out by hand below.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importRecords } from '../support/org-fixtures.js';
import { usdParticipant } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PLAN_FILE = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'examples', 'account-leads.plan');

const account = (id: string, teamId: string) => ({
  id,
  name: `Account ${id}`,
  teamId,
  geography: 'EMEA',
  vertical: 'retail',
  segment: 'strategic',
});
const order = (id: string, date: string, accountId: string, amount: number, creditedTo?: string) => ({
  id,
  kind: 'order',
  date,
  accountId,
  currency: 'USD',
  amount,
  cost: 0,
  productLine: 'Core',
  repeat: false,
  ...(creditedTo ? { credits: [{ participantId: creditedTo, share: 1 }] } : {}),
});
const churn = (id: string, date: string, accountId: string, amount: number) => ({
  id,
  kind: 'churn',
  date,
  accountId,
  currency: 'USD',
  amount,
  productLine: 'Core',
});
const since2020 = { from: '2020-01-01' };

// Lea leads t-1 and manages t-3; Max leads t-2 and manages t-1. Both earn 40,000.00 a year:
// 10,000.00 for the quarter, shared by the weights 2/3 and 1/3 by largest remainder:
// 666,666.67 and 333,333.33 cents -> floors 666,666 + 333,333, the cent left to the larger
// remainder: 6,666.67 and 3,333.33.
const DATA = {
  Participants: [usdParticipant('p-lea', 'Lea', 4_000_000), usdParticipant('p-max', 'Max', 4_000_000)],
  Teams: [
    {
      id: 't-1',
      name: 'One',
      members: [
        { participantId: 'p-lea', role: 'lead', ...since2020 },
        { participantId: 'p-max', role: 'director', manages: true, ...since2020 },
      ],
    },
    { id: 't-2', name: 'Two', members: [{ participantId: 'p-max', role: 'lead', ...since2020 }] },
    {
      id: 't-3',
      name: 'Three',
      members: [{ participantId: 'p-lea', role: 'director', manages: true, ...since2020 }],
    },
  ],
  Accounts: [account('a-1', 't-1'), account('a-2', 't-1'), account('a-3', 't-2'), account('a-4', 't-3')],
  Facts: [
    // t-1: 150,000.00 + 28,000.00 on a-1 and 55,000.00 on a-2, all Lea's: 233,000.00.
    order('o-1', '2025-01-20', 'a-1', 15_000_000, 'p-lea'),
    order('o-2', '2025-02-10', 'a-2', 5_500_000, 'p-lea'),
    order('o-3', '2025-03-05', 'a-1', 2_800_000, 'p-lea'),
    // t-2: 100,000.00 on a-3, Max's.
    order('o-4', '2025-02-15', 'a-3', 10_000_000, 'p-max'),
    // t-3: 80,000.00, nobody's on this plan.
    order('o-5', '2025-03-10', 'a-4', 8_000_000),
    // Churn: t-1 18,640.00 of 233,000.00 = 8%; t-2 14,000.00 of 100,000.00 = 14%.
    churn('c-1', '2025-03-01', 'a-1', 1_864_000),
    churn('c-2', '2025-03-02', 'a-3', 1_400_000),
  ],
  // Annual quotas; Q1 is 20% of the year: Lea 200,000.00, Max 100,000.00.
  Goals: [
    { id: 'g-lea', name: 'Quota', ownerId: 'p-lea', periodId: '2025', value: 100_000_000, currency: 'USD' },
    { id: 'g-max', name: 'Quota', ownerId: 'p-max', periodId: '2025', value: 50_000_000, currency: 'USD' },
  ],
  Assignments: ['p-lea', 'p-max'].map((participantId) => ({
    id: `as-${participantId}`,
    participantId,
    planId: 'leads',
    from: '2025-01-01',
  })),
};

const CALCULATE = `mutation {
  calculatePayouts(planId: "leads", period: "2025-Q1") {
    __typename
    ... on PayoutRun { status statementCount total { minorUnits formatted } }
    ... on Error { code message }
  }
}`;

const STATEMENT = `query ($participantId: String!) {
  statements(participantId: $participantId, period: "2025-Q1") {
    total { minorUnits formatted }
    lines { component amount { minorUnits } explanationText }
  }
}`;

interface Statement {
  total: { minorUnits: number; formatted: string };
  lines: { component: string; amount: { minorUnits: number }; explanationText: string }[];
}

describe('the key account leads example plan, over GraphQL', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let run: { __typename: string; status: string; statementCount: number; total: { minorUnits: number } };

  const statement = async (participantId: string): Promise<Statement> => {
    const result = await api.graphql<{ statements: Statement[] }>(
      STATEMENT,
      { participantId },
      api.keys.admin,
    );
    expect(result.data?.statements, JSON.stringify(result)).toHaveLength(1);
    return result.data!.statements[0]!;
  };
  const amounts = (s: Statement) =>
    Object.fromEntries(s.lines.map((l) => [l.component, l.amount.minorUnits]));

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await createPublishedPlan(api, {
      id: 'leads',
      name: 'Key account leads',
      text: await readFile(PLAN_FILE, 'utf8'),
    });
    await importRecords(api, DATA);
    const calculated = await api.graphql<{ calculatePayouts: typeof run }>(CALCULATE, {}, api.keys.admin);
    run = calculated.data?.calculatePayouts as typeof run;
    expect(run, JSON.stringify(calculated)).toMatchObject({ __typename: 'PayoutRun', status: 'complete' });
  });

  it("pays Lea's five components as worked out by hand", async () => {
    const lea = await statement('p-lea');
    expect(amounts(lea)).toEqual({
      // Quota: 233,000 / 200,000 = 116.5%: 100% + 16.5 / 50 x 100% = 133% x 6,666.67 = 8,866.6711 -> 8,866.67.
      'Quota attainment': 886_667,
      // Mean churn of the teams on the plan (t-1 8%, t-2 14%; t-3 has nobody on it) is 11%:
      // 11% - 8% = 3 points, from 2%: 120% x 3,333.33 = 3,999.996 -> 4,000.00.
      'Churn better than average': 400_000,
      // Per deal: 150,000 at 5% = 7,500.00; 55,000 at 2% + 45,000 / 90,000 x 2% = 3%: 1,650.00;
      // 28,000 at 2% + 18,000 / 90,000 x 2% = 2.4%: 672.00. In all 9,822.00.
      'Deal commission': 982_200,
      // Each account of t-1: a-1 178,000: 100,000 x 1% + 78,000 x 2% = 2,560.00; a-2 55,000 x 1% = 550.00: 3,110.00.
      'Account commission': 311_000,
      // Managed t-3: 0.5% x 80,000 = 400.00.
      'Region override': 40_000,
    });
    // 8,866.67 + 4,000.00 + 9,822.00 + 3,110.00 + 400.00 = 26,198.67.
    expect(lea.total).toEqual({ minorUnits: 2_619_867, formatted: '26,198.67 USD' });
  });

  it("pays Max on his own team, and the override on Lea's team, which he manages", async () => {
    const max = await statement('p-max');
    expect(amounts(max)).toEqual({
      // 100,000 / 100,000 = 100%: 100% x 6,666.67.
      'Quota attainment': 666_667,
      // 11% - 14% = -3 points: below 0%, 0.
      'Churn better than average': 0,
      // 100,000 is from 100,000: 5% = 5,000.00.
      'Deal commission': 500_000,
      // a-3 100,000: 100,000 x 1% = 1,000.00.
      'Account commission': 100_000,
      // Managed t-1: 0.5% x 233,000 = 1,165.00.
      'Region override': 116_500,
    });
    // 6,666.67 + 0 + 5,000.00 + 1,000.00 + 1,165.00 = 13,831.67.
    expect(max.total.minorUnits).toBe(1_383_167);
  });

  it('totals the run as the sum of the two statements', () => {
    // 26,198.67 + 13,831.67 = 40,030.34.
    expect(run).toMatchObject({ statementCount: 2, total: { minorUnits: 4_003_034 } });
  });

  it('explains the account commission account by account and the quota with its seasonal cut', async () => {
    const lea = await statement('p-lea');
    const text = (component: string) => lea.lines.find((l) => l.component === component)!.explanationText;
    expect(text('Account commission')).toContain('account a-1 = 2,560.00 USD');
    expect(text('Account commission')).toContain('account a-2 = 550.00 USD');
    expect(text('Quota attainment')).toContain('20% of the annual goal for 2025-Q1');
  });
});
