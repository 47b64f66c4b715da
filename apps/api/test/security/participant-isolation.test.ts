import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type GraphQLResponse, type TestApp } from '../support/test-app.js';
import { seedPayouts } from './payout-fixture.js';

const STATEMENTS = `query ($participantId: String!) {
  statements(participantId: $participantId, period: "2025-Q1") { id participant { externalId } total { minorUnits } }
}`;

/** Ben's data that must never reach Ann: his name, and any id of his records. */
const BEN_TRACES = /Ben Secretname|p-ben|g-ben|as-ben|o-ben/;

describe("a participant key never reads another person's statement", () => {
  const store = useTestDatabase();
  let api: TestApp;
  let annKey: string;
  let benStatementId: string;
  let benParticipantId: string;
  let runId: string;
  let teamId: string;

  /** Asks as Ann and asserts the whole answer, errors included, carries nothing of Ben's. */
  async function asAnn(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
    const response = await api.graphql(query, variables, annKey);
    expect(JSON.stringify(response)).not.toMatch(BEN_TRACES);
    return response;
  }

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
    annKey = (
      await createApiKey(api.repositories, { name: 'ann', role: 'participant', participantId: 'p-ann' })
    ).secret;
    const ben = await api.graphql<{
      statements: { id: string; participant: { id: string } }[];
      payoutRuns: { edges: { node: { id: string } }[] };
      teams: { edges: { node: { id: string } }[] };
    }>(
      `{ statements(participantId: "p-ben", period: "2025-Q1") { id participant { id } }
         payoutRuns { edges { node { id } } }
         teams { edges { node { id } } } }`,
      {},
      api.keys.admin,
    );
    const statement = ben.data?.statements[0];
    benStatementId = statement?.id ?? '';
    benParticipantId = statement?.participant.id ?? '';
    runId = ben.data?.payoutRuns.edges[0]?.node.id ?? '';
    teamId = ben.data?.teams.edges[0]?.node.id ?? '';
    expect([benStatementId, benParticipantId, runId, teamId]).not.toContain('');
  });

  it('gives Ann her own statement', async () => {
    const response = await asAnn(STATEMENTS, { participantId: 'p-ann' });
    // 100,000.00 sold against a 100,000.00 quota: 100% of 40,000.00 / 4 = 10,000.00.
    expect(response.data).toEqual({
      statements: [
        { id: expect.any(String), participant: { externalId: 'p-ann' }, total: { minorUnits: 1_000_000 } },
      ],
    });
  });

  it("answers an empty list when Ann asks for Ben's statements by his id", async () => {
    const response = await asAnn(STATEMENTS, { participantId: 'p-ben' });
    expect(response.data).toEqual({ statements: [] });
  });

  it("answers null for Ben's statement and participant fetched through node", async () => {
    const response = await asAnn(
      'query ($s: ID!, $p: ID!) { s: node(id: $s) { id } p: node(id: $p) { id } }',
      { s: benStatementId, p: benParticipantId },
    );
    expect(response.data).toEqual({ s: null, p: null });
  });

  it('refuses the payout run and its statements connection', async () => {
    const response = await asAnn(
      'query ($id: ID!) { node(id: $id) { ... on PayoutRun { statements { edges { node { total { minorUnits } } } } } } }',
      { id: runId },
    );
    expect(response.data?.node ?? null).toBeNull();
    const runs = await asAnn('{ payoutRuns { edges { node { id } } } }');
    expect(runs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists only Ann herself, her goals and her assignments through the connections', async () => {
    const response = await asAnn(
      `{ participants { edges { node { externalId } } }
         goals { edges { node { externalId } } }
         assignments { edges { node { externalId } } } }`,
    );
    expect(response.data).toEqual({
      participants: { edges: [{ node: { externalId: 'p-ann' } }] },
      goals: { edges: [{ node: { externalId: 'g-ann' } }] },
      assignments: { edges: [{ node: { externalId: 'as-ann' } }] },
    });
  });

  it("refuses the team's members and totals, which would show Ben's pay", async () => {
    const members = await asAnn('{ participants { edges { node { memberships { teamExternalId } } } } }');
    expect(members.data).toEqual({
      participants: { edges: [{ node: { memberships: [{ teamExternalId: 't-one' }] } }] },
    });
    const team = await asAnn('query ($id: ID!) { node(id: $id) { ... on Team { name members { role } } } }', {
      id: teamId,
    });
    expect(team.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const totals = await asAnn('{ teamTotals(teamId: "t-one", period: "2025-Q1") { __typename } }');
    expect(totals.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("keeps Ben's id out of the error about a bad argument", async () => {
    const response = await asAnn(
      'query { statements(participantId: "p-ben", period: "not-a-period") { id } }',
    );
    expect(response.errors?.[0]).toMatchObject({
      message: `"not-a-period" is not a period; write '2025', '2025-H1', '2025-Q3' or '2025-07'.`,
      extensions: { code: 'INVALID_INPUT' },
    });
  });

  it('refuses backtests, whose rows are per person', async () => {
    const response = await asAnn('{ backtests { edges { node { id } } } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
