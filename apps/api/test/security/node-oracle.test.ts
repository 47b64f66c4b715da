import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, TEST_PARTICIPANT_ID, type TestApp } from '../support/test-app.js';
import { seedPayouts } from './payout-fixture.js';

const NODE = 'query ($id: ID!) { node(id: $id) { id } }';

describe('node(id:) tells a participant key nothing about records it may not see', () => {
  const store = useTestDatabase();
  let api: TestApp;
  /** Global ids of records that exist, by type. */
  const existing: Record<string, string> = {};

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
    const ids = await api.graphql<{
      plan: { id: string; versions: { id: string }[] };
      payoutRuns: { edges: { node: { id: string } }[] };
      startBacktest: { id: string };
    }>(
      `mutation { startBacktest(input: { baseline: { planId: "simple" }, candidates: [{ planId: "simple", version: 1 }],
         from: "2025-Q1", to: "2025-Q1" }) { ... on Backtest { id } } }`,
      {},
      api.keys.admin,
    );
    const read = await api.graphql<{
      plan: { id: string; versions: { id: string }[] };
      payoutRuns: { edges: { node: { id: string } }[] };
    }>(
      '{ plan(id: "simple") { id versions { id } } payoutRuns { edges { node { id } } } }',
      {},
      api.keys.admin,
    );
    existing.Plan = read.data?.plan.id ?? '';
    existing.PlanVersion = read.data?.plan.versions[0]?.id ?? '';
    existing.PayoutRun = read.data?.payoutRuns.edges[0]?.node.id ?? '';
    existing.Backtest = ids.data?.startBacktest.id ?? '';
    expect(Object.values(existing)).not.toContain('');
  });

  afterAll(async () => {
    // Let the backtest end before the database goes away.
    for (;;) {
      const job = await api.graphql<{ node: { status: string } | null }>(
        'query ($id: ID!) { node(id: $id) { ... on Backtest { status } } }',
        { id: existing.Backtest },
        api.keys.admin,
      );
      if (!['queued', 'running'].includes(job.data?.node?.status ?? 'gone')) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  for (const type of ['Plan', 'PlanVersion', 'PayoutRun', 'Backtest']) {
    it(`answers the same for an existing and a missing ${type} id: null, no error, HTTP 200`, async () => {
      const present = await api.graphql(NODE, { id: existing[type] }, api.keys.participant);
      const missing = await api.graphql(
        NODE,
        { id: encodeGlobalID(type, 'no-such-record') },
        api.keys.participant,
      );
      expect(missing).toEqual({ status: 200, data: { node: null } });
      expect(present).toEqual(missing);
    });
  }

  it('answers a malformed global id without a key with 401, as any other request without a key', async () => {
    const response = await api.graphql(NODE, { id: 'not a global id' });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers a malformed global id with a key with null, as for a missing record', async () => {
    expect(await api.graphql(NODE, { id: 'not a global id' }, api.keys.participant)).toEqual({
      status: 200,
      data: { node: null },
    });
  });
});

describe("a participant reads the plan's name and id on their own statement", () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
  });

  it('answers the statement with its plan, HTTP 200 and no errors', async () => {
    // The payout fixture pays p-ann; the test participant key reads TEST_PARTICIPANT_ID only, so
    // read as a key bound to p-ann.
    const { createApiKey } = await import('../../src/auth/create-api-key.js');
    const ann = await createApiKey(api.repositories, {
      name: 'ann',
      role: 'participant',
      participantId: 'p-ann',
    });
    const response = await api.graphql(
      '{ statements(participantId: "p-ann", period: "2025-Q1") { plan { id externalId name } } }',
      {},
      ann.secret,
    );
    expect(response).toEqual({
      status: 200,
      data: {
        statements: [
          { plan: { id: encodeGlobalID('Plan', 'simple'), externalId: 'simple', name: expect.any(String) } },
        ],
      },
    });
    expect(TEST_PARTICIPANT_ID).not.toBe('p-ann');
  });

  it("still refuses the plan's text and versions to a participant, with 200 when data is present", async () => {
    const { createApiKey } = await import('../../src/auth/create-api-key.js');
    const ann = await createApiKey(api.repositories, {
      name: 'ann 2',
      role: 'participant',
      participantId: 'p-ann',
    });
    const response = await api.graphql(
      '{ statements(participantId: "p-ann", period: "2025-Q1") { total { minorUnits } plan { draftText } } }',
      {},
      ann.secret,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(response)).not.toContain('target incentive');
    // GraphQL over HTTP: a response with data is a 2xx.
    expect(response.status).toBe(200);
  });
});
