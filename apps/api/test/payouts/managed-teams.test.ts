/**
 * Roll-ups through the API: a director's memberships of the teams they oversee are imported with
 * `manages`, and a plan pays them on all those teams at once with 'for managed teams'.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importRecords } from '../support/org-fixtures.js';
import { usdParticipant } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PLAN = `plan "Directors"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure revenue = sum of order.amount

component "Region revenue" for managed teams
  pays 1% of revenue
`;

const account = (id: string, teamId: string) => ({
  id,
  name: id,
  teamId,
  geography: 'EMEA',
  vertical: 'retail',
  segment: 'strategic',
});
const order = (id: string, accountId: string, amount: number) => ({
  id,
  kind: 'order',
  date: '2025-02-10',
  accountId,
  currency: 'USD',
  amount,
  cost: 0,
  productLine: 'Core',
  repeat: false,
});
const director = () => ({
  participantId: 'p-dir',
  role: 'director',
  from: '2020-01-01',
  manages: true,
});

const DATA = {
  Participants: [usdParticipant('p-dir', 'Dee', 0), usdParticipant('p-rep', 'Rae', 0)],
  Teams: [
    {
      id: 't-1',
      name: 'One',
      members: [{ participantId: 'p-rep', role: 'member', from: '2020-01-01' }, director()],
    },
    { id: 't-2', name: 'Two', members: [director()] },
    { id: 't-3', name: 'Three', members: [] },
  ],
  Accounts: [account('a-1', 't-1'), account('a-2', 't-2'), account('a-3', 't-3')],
  Facts: [order('o-1', 'a-1', 10_000_000), order('o-2', 'a-2', 20_000_000), order('o-3', 'a-3', 40_000_000)],
  Assignments: [{ id: 'as-dir', participantId: 'p-dir', planId: 'directors', from: '2020-01-01' }],
};

describe('a director paid on the teams they manage, over GraphQL', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await createPublishedPlan(api, { id: 'directors', name: 'Directors', text: PLAN });
    await importRecords(api, DATA);
  });

  it('reads back which memberships manage their team', async () => {
    const result = await api.graphql<{
      participants: {
        edges: {
          node: { externalId: string; memberships: { teamExternalId: string; manages: boolean }[] };
        }[];
      };
    }>(
      'query { participants(first: 10) { edges { node { externalId memberships { teamExternalId manages } } } } }',
      {},
      api.keys.analyst,
    );
    const byId = new Map(result.data?.participants.edges.map((e) => [e.node.externalId, e.node.memberships]));
    expect(byId.get('p-dir')).toEqual(
      expect.arrayContaining([
        { teamExternalId: 't-1', manages: true },
        { teamExternalId: 't-2', manages: true },
      ]),
    );
    expect(byId.get('p-rep')).toEqual([{ teamExternalId: 't-1', manages: false }]);
  });

  it('pays 1% of the revenue of both managed teams, not of the team they do not manage', async () => {
    const calculated = await api.graphql<{ calculatePayouts: { status: string } }>(
      'mutation { calculatePayouts(planId: "directors", period: "2025-Q1") { __typename ... on PayoutRun { status } ... on Error { message } } }',
      {},
      api.keys.admin,
    );
    expect(calculated.data?.calculatePayouts, JSON.stringify(calculated)).toMatchObject({
      status: 'complete',
    });
    const result = await api.graphql<{ statements: { total: { minorUnits: number; formatted: string } }[] }>(
      'query { statements(participantId: "p-dir", period: "2025-Q1") { total { minorUnits formatted } } }',
      {},
      api.keys.analyst,
    );
    // t-1 100,000.00 + t-2 200,000.00 = 300,000.00; 1% = 3,000.00 (t-3's 400,000.00 is not managed).
    expect(result.data?.statements[0]?.total).toEqual({ minorUnits: 300_000, formatted: '3,000.00 USD' });
  });
});
