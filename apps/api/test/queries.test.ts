import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from './support/database.js';
import { importMutation, importOrg } from './support/org-fixtures.js';
import { createTestApp, TEST_PARTICIPANT_ID, type TestApp } from './support/test-app.js';

type Edges<T> = {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

describe('queries over the imported organisation', () => {
  const store = useTestDatabase();
  let api: TestApp;
  const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await importOrg(api);
    // The test participant joins the Eastern team, so its key may see that team's name.
    await api.graphql(
      importMutation('Teams'),
      {
        records: [
          {
            id: 't-east',
            name: 'Eastern team',
            members: [
              { participantId: 'p-cy', role: 'lead', from: '2024-01-01' },
              { participantId: TEST_PARTICIPANT_ID, role: 'member', from: '2025-01-01' },
            ],
          },
        ],
      },
      api.keys.admin,
    );
    const facts = [
      {
        id: 'f-1',
        kind: 'order',
        date: '2025-01-31',
        accountId: 'a-northwind',
        currency: 'EUR',
        amount: 100,
        cost: 60,
        productLine: 'cloud',
        repeat: false,
      },
      {
        id: 'f-2',
        kind: 'order',
        date: '2025-02-01',
        accountId: 'a-northwind',
        currency: 'EUR',
        amount: 200,
        cost: 90,
        productLine: 'cloud',
        repeat: true,
      },
      { id: 'f-3', kind: 'survey', date: '2025-02-15', accountId: 'a-northwind', score: 4 },
      {
        id: 'f-4',
        kind: 'order',
        date: '2025-02-10',
        accountId: 'a-contoso',
        currency: 'SGD',
        amount: 300,
        cost: 10,
        productLine: 'services',
        repeat: false,
      },
    ];
    await api.graphql(importMutation('Facts'), { records: facts }, api.keys.admin);
    await api.graphql(
      importMutation('Goals'),
      {
        records: [
          {
            id: 'g-own',
            name: 'revenue',
            ownerId: TEST_PARTICIPANT_ID,
            periodId: '2025',
            value: 1_000_000,
            currency: 'EUR',
          },
          {
            id: 'g-ada',
            name: 'revenue',
            ownerId: 'p-ada',
            periodId: '2025',
            value: 2_000_000,
            currency: 'EUR',
          },
        ],
      },
      api.keys.admin,
    );
    await api.graphql(
      importMutation('Assignments'),
      {
        records: [
          { id: 'as-own', participantId: TEST_PARTICIPANT_ID, planId: 'plan-a', from: '2025-01-01' },
          { id: 'as-ada', participantId: 'p-ada', planId: 'plan-a', from: '2025-01-01' },
        ],
      },
      api.keys.admin,
    );
  });

  it('pages participants by external id, two at a time, until the last page', async () => {
    const page = (after?: string) =>
      api.graphql<{ participants: Edges<{ externalId: string }> }>(
        'query ($after: String) { participants(first: 2, after: $after) { edges { cursor node { externalId } } pageInfo { hasNextPage endCursor } } }',
        { after },
        api.keys.analyst,
      );
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { participants } = (await page(after)).data!;
      seen.push(...participants.edges.map((edge) => edge.node.externalId));
      if (!participants.pageInfo.hasNextPage) break;
      after = participants.pageInfo.endCursor!;
    }
    expect(seen).toEqual(['p-ada', 'p-bob', 'p-cy', TEST_PARTICIPANT_ID]);
  });

  it('refuses a page larger than 100 with a message saying the limit', async () => {
    const response = await api.graphql(
      '{ participants(first: 101) { edges { cursor } } }',
      {},
      api.keys.admin,
    );
    expect(response.errors?.[0]).toMatchObject({
      message: '"first" must be between 1 and 100, got 101; page through with "after".',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it("shows a participant's team memberships with the team name and dates", async () => {
    const response = await api.graphql<{ node: unknown }>(
      'query ($id: ID!) { node(id: $id) { ... on Participant { name memberships { teamName teamExternalId role from to } } } }',
      { id: globalId('Participant', 'p-bob') },
      api.keys.service,
    );
    expect(response.data?.node).toEqual({
      name: 'Bob',
      memberships: [
        {
          teamName: 'Northwind team',
          teamExternalId: 't-north',
          role: 'member',
          from: '2024-01-15',
          to: '2025-06-30',
        },
      ],
    });
  });

  it('shows a team with its members and its accounts', async () => {
    const response = await api.graphql<{ teams: Edges<unknown> }>(
      '{ teams(first: 1) { edges { node { externalId members { participantExternalId role } accounts { externalId name } } } } }',
      {},
      api.keys.analyst,
    );
    expect(response.data?.teams.edges[0]?.node).toEqual({
      externalId: 't-east',
      members: [
        { participantExternalId: 'p-cy', role: 'lead' },
        { participantExternalId: TEST_PARTICIPANT_ID, role: 'member' },
      ],
      accounts: [{ externalId: 'a-contoso', name: 'Contoso' }],
    });
  });

  it('filters facts by account, kind and an inclusive date range', async () => {
    const response = await api.graphql<{ facts: Edges<{ externalId: string }> }>(
      '{ facts(accountId: "a-northwind", kinds: [order], from: "2025-02-01", to: "2025-02-28") { edges { node { externalId amount currency repeat } } } }',
      {},
      api.keys.service,
    );
    expect(response.data?.facts.edges.map((edge) => edge.node)).toEqual([
      { externalId: 'f-2', amount: 200, currency: 'EUR', repeat: true },
    ]);
  });

  it('refuses a fact date range that ends before it starts, saying which way round it goes', async () => {
    const response = await api.graphql(
      '{ facts(from: "2025-03-01", to: "2025-02-01") { edges { cursor } } }',
      {},
      api.keys.admin,
    );
    expect(response.errors?.[0]).toMatchObject({
      message: expect.stringContaining('"from" is after "to"'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('refuses a goal period that is no period', async () => {
    const response = await api.graphql(
      '{ goals(periodId: "Q1 2025") { edges { cursor } } }',
      {},
      api.keys.admin,
    );
    expect(response.errors?.[0]).toMatchObject({
      message: expect.stringContaining('periodId must look like "2025"'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('gives a participant key only its own participant in the participants connection', async () => {
    const response = await api.graphql<{ participants: Edges<{ externalId: string }> }>(
      '{ participants(first: 100) { edges { node { externalId } } } }',
      {},
      api.keys.participant,
    );
    expect(response.data?.participants.edges.map((edge) => edge.node.externalId)).toEqual([
      TEST_PARTICIPANT_ID,
    ]);
  });

  it('answers node(id:) with null for another participant, an account or a fact when asked with a participant key', async () => {
    for (const [type, id] of [
      ['Participant', 'p-ada'],
      ['Account', 'a-contoso'],
      ['Fact', 'f-1'],
      ['Goal', 'g-ada'],
      ['Assignment', 'as-ada'],
      ['Team', 't-north'],
    ] as const) {
      const response = await api.graphql(
        'query ($id: ID!) { node(id: $id) { id } }',
        { id: globalId(type, id) },
        api.keys.participant,
      );
      expect(response.data, `${type} ${id}`).toEqual({ node: null });
    }
  });

  it("lets a participant key read the name of its own team but not the team's members or accounts", async () => {
    const name = await api.graphql(
      'query ($id: ID!) { node(id: $id) { ... on Team { name } } }',
      { id: globalId('Team', 't-east') },
      api.keys.participant,
    );
    expect(name.data).toEqual({ node: { name: 'Eastern team' } });
    const members = await api.graphql(
      'query ($id: ID!) { node(id: $id) { ... on Team { members { participantExternalId } } } }',
      { id: globalId('Team', 't-east') },
      api.keys.participant,
    );
    expect(members.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(members)).not.toContain('p-cy');
  });

  it('gives a participant key only its own goals and assignments, even when it asks for someone else', async () => {
    const response = await api.graphql<{
      goals: Edges<{ externalId: string }>;
      assignments: Edges<{ externalId: string }>;
    }>(
      '{ goals(ownerId: "p-ada") { edges { node { externalId } } } assignments(participantId: "p-ada") { edges { node { externalId } } } mine: goals { edges { node { externalId } } } }',
      {},
      api.keys.participant,
    );
    expect(response.data?.goals.edges).toEqual([]);
    expect(response.data?.assignments.edges).toEqual([]);
    expect(
      (response.data as unknown as { mine: Edges<{ externalId: string }> }).mine.edges.map(
        (e) => e.node.externalId,
      ),
    ).toEqual(['g-own']);
  });

  it.each(['teams', 'accounts', 'facts'])('forbids a participant key the %s connection', async (field) => {
    const response = await api.graphql(`{ ${field} { edges { cursor } } }`, {}, api.keys.participant);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.data ?? null).toBeNull();
  });
});
