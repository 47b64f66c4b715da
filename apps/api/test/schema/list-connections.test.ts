/**
 * The connections beside the unpaged lists: Plan.versionsConnection, Team.membersConnection,
 * Team.accountsConnection and exchangeRatesConnection page through the same items the lists
 * give, in the same order, with the bounds of every connection.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importRecords } from '../support/org-fixtures.js';
import { ACME, SIMPLE_PLAN_TEXT, usdParticipant } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

describe('connections beside the unpaged lists', () => {
  const store = useTestDatabase();
  let api: TestApp;

  const query = async <T>(text: string, variables: Record<string, unknown> = {}) => {
    const response = await api.graphql<T>(text, variables, api.keys.admin);
    return response;
  };

  /** Every node of a connection, following `endCursor` `first` at a time; and the page sizes. */
  async function pageThrough<T>(
    text: string,
    pick: (data: never) => Connection<T>,
    first: number,
  ): Promise<{ nodes: T[]; sizes: number[] }> {
    const nodes: T[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    do {
      const response = await query<never>(text, { first, after });
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      const connection: Connection<T> = pick(response.data as never);
      nodes.push(...connection.edges.map((edge) => edge.node));
      sizes.push(connection.edges.length);
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after !== null);
    return { nodes, sizes };
  }

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await importRecords(api, {
      Participants: ['p-c', 'p-a', 'p-b'].map((id) => usdParticipant(id, `Person ${id}`, 1_000_000)),
      Teams: [
        {
          id: 't-one',
          name: 'Team one',
          // Imported out of order, and p-a twice: the connection orders by participant, then day.
          members: [
            { participantId: 'p-c', role: 'member', from: '2025-01-01' },
            { participantId: 'p-a', role: 'member', from: '2025-06-01' },
            { participantId: 'p-b', role: 'lead', from: '2025-01-01' },
            { participantId: 'p-a', role: 'member', from: '2025-01-01', to: '2025-05-31' },
          ],
        },
      ],
      Accounts: ['a-3', 'a-1', 'a-2'].map((id) => ({ ...ACME, id, name: `Account ${id}` })),
    });
    await createPublishedPlan(api, { id: 'simple', name: 'Simple revenue', text: SIMPLE_PLAN_TEXT });
    // Versions 2 to 5, from the first of each month after January 2025.
    for (const from of ['2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01']) {
      const published = await query<{ publishPlanVersion: { __typename: string } }>(
        'mutation ($from: Day!, $text: String!) { publishPlanVersion(planId: "simple", effectiveFrom: $from, text: $text) { __typename } }',
        { from, text: SIMPLE_PLAN_TEXT },
      );
      expect(published.data?.publishPlanVersion.__typename).toBe('PlanVersion');
    }
    await query(
      'mutation ($rates: [ExchangeRateInput!]!) { setExchangeRates(rates: $rates) { __typename } }',
      {
        rates: [
          { from: 'EUR', to: 'USD', rate: 1.1, date: '2026-03-01' },
          { from: 'EUR', to: 'USD', rate: 1.05 },
          { from: 'EUR', to: 'GBP', rate: 0.85, date: '2026-01-01' },
          { from: 'EUR', to: 'USD', rate: 1.08, date: '2026-02-01' },
        ],
      },
    );
  });

  const VERSIONS = `query ($first: Int, $after: String, $last: Int, $before: String) {
    plan(id: "simple") { versionsConnection(first: $first, after: $after, last: $last, before: $before) {
      edges { cursor node { version } } ${PAGE_INFO}
    } }
  }`;
  type VersionsPage = { plan: { versionsConnection: Connection<{ version: number }> } };

  it('pages through the versions of a plan oldest first, 2 at a time: 1-2, 3-4, 5', async () => {
    const { nodes, sizes } = await pageThrough<{ version: number }>(
      VERSIONS,
      (data: VersionsPage) => data.plan.versionsConnection,
      2,
    );
    expect(sizes).toEqual([2, 2, 1]);
    expect(nodes.map((n) => n.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('pages back from the newest versions with last and before', async () => {
    const newest = await query<VersionsPage>(VERSIONS, { last: 2 });
    const page = newest.data!.plan.versionsConnection;
    expect(page.edges.map((e) => e.node.version)).toEqual([4, 5]);
    expect(page.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const earlier = await query<VersionsPage>(VERSIONS, { last: 2, before: page.pageInfo.startCursor });
    expect(earlier.data!.plan.versionsConnection.edges.map((e) => e.node.version)).toEqual([2, 3]);
    expect(earlier.data!.plan.versionsConnection.pageInfo).toMatchObject({
      hasPreviousPage: true,
      hasNextPage: true,
    });
  });

  it("refuses a cursor that is not one of the plan's versions and a page over 100 with BAD_USER_INPUT", async () => {
    // A well-formed cursor of another connection: the base64url of "t-one".
    const foreign = Buffer.from('t-one', 'utf8').toString('base64url');
    const wrong = await query<VersionsPage>(VERSIONS, { first: 2, after: foreign });
    expect(wrong.errors?.[0]).toMatchObject({
      message: `"after" is not a cursor of this plan's versions; pass an edge's cursor back unchanged.`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const tooMany = await query<VersionsPage>(VERSIONS, { first: 101 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("pages through a team's members by participant then first day, the same memberships the list gives", async () => {
    const { nodes, sizes } = await pageThrough<{ participantExternalId: string; from: string }>(
      `query ($first: Int, $after: String) { teams(first: 1) { edges { node {
        membersConnection(first: $first, after: $after) { edges { cursor node { participantExternalId from } } ${PAGE_INFO} }
      } } } }`,
      (data: { teams: { edges: { node: { membersConnection: Connection<never> } }[] } }) =>
        data.teams.edges[0]!.node.membersConnection,
      3,
    );
    expect(sizes).toEqual([3, 1]);
    expect(nodes.map((n) => `${n.participantExternalId} ${n.from}`)).toEqual([
      'p-a 2025-01-01',
      'p-a 2025-06-01',
      'p-b 2025-01-01',
      'p-c 2025-01-01',
    ]);
  });

  it("pages through a team's accounts by external id", async () => {
    const { nodes, sizes } = await pageThrough<{ externalId: string }>(
      `query ($first: Int, $after: String) { teams(first: 1) { edges { node {
        accountsConnection(first: $first, after: $after) { edges { cursor node { externalId } } ${PAGE_INFO} }
      } } } }`,
      (data: { teams: { edges: { node: { accountsConnection: Connection<never> } }[] } }) =>
        data.teams.edges[0]!.node.accountsConnection,
      2,
    );
    expect(sizes).toEqual([2, 1]);
    expect(nodes.map((n) => n.externalId)).toEqual(['a-1', 'a-2', 'a-3']);
  });

  it('pages through the exchange rates in the order the list gives: by pair, the standing rate first, then by date', async () => {
    const { nodes, sizes } = await pageThrough<{ from: string; to: string; date: string | null }>(
      `query ($first: Int, $after: String) {
        exchangeRatesConnection(first: $first, after: $after) { edges { cursor node { from to date } } ${PAGE_INFO} }
      }`,
      (data: { exchangeRatesConnection: Connection<never> }) => data.exchangeRatesConnection,
      2,
    );
    expect(sizes).toEqual([2, 2]);
    const list = await query<{ exchangeRates: unknown[] }>('{ exchangeRates { from to date } }');
    expect(nodes).toEqual(list.data!.exchangeRates);
    expect(nodes.map((n) => `${n.from}/${n.to} ${n.date}`)).toEqual([
      'EUR/GBP 2026-01-01',
      'EUR/USD null',
      'EUR/USD 2026-02-01',
      'EUR/USD 2026-03-01',
    ]);
  });
});
