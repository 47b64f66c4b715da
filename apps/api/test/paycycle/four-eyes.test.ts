import { beforeAll, describe, expect, it } from 'vitest';
import { seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/*
 * The fixture (test/security/payout-fixture.ts) pays Ann and Ben 10,000.00 USD each for 2025-Q1.
 * Dana holds two admin keys; Erin holds one.
 */

const CREATE_KEY = `mutation ($name: String!, $owner: String) {
  createApiKey(name: $name, role: admin, owner: $owner) {
    __typename ... on CreatedApiKey { secret key { id owner } } ... on Error { code message }
  }
}`;

const APPROVE = `mutation ($runId: ID!) {
  approvePayoutRun(runId: $runId) {
    __typename
    ... on PayoutApproval { calculatedByOwner approvedByOwner selfApproved total { minorUnits } }
    ... on Error { code message }
  }
}`;

describe('four eyes: the approver is another person than the calculator', () => {
  const store = useTestDatabase();
  let api: TestApp;
  const keys: Record<string, { secret: string; key: { id: string; owner: string | null } }> = {};
  let runId: string;

  async function createKey(name: string, owner: string | null) {
    const response = await api.graphql<{
      createApiKey: { __typename: string; secret: string; key: { id: string; owner: string | null } };
    }>(CREATE_KEY, { name, owner }, api.keys.admin);
    expect(response.data?.createApiKey.__typename, JSON.stringify(response)).toBe('CreatedApiKey');
    return response.data!.createApiKey;
  }

  beforeAll(async () => {
    api = await createTestApp(store.db);
    keys.danaLaptop = await createKey("Dana's laptop", 'dana@example.com');
    keys.danaScript = await createKey("Dana's month-end script", '  dana@example.com ');
    keys.erin = await createKey("Erin's key", 'erin@example.com');
    await seedPayouts((query, variables) => api.graphql(query, variables, keys.danaLaptop!.secret));
    const runs = await api.graphql<{ payoutRuns: { edges: { node: { id: string } }[] } }>(
      '{ payoutRuns(planId: "simple", period: "2025-Q1", first: 1) { edges { node { id } } } }',
      {},
      api.keys.admin,
    );
    runId = runs.data!.payoutRuns.edges[0]!.node.id;
  });

  it("records a key's owner, trimmed, and lists it", async () => {
    expect(keys.danaScript!.key.owner).toBe('dana@example.com');
    const listed = await api.graphql<{ apiKeys: { id: string; owner: string | null }[] }>(
      '{ apiKeys { id owner } }',
      {},
      api.keys.admin,
    );
    expect(listed.data?.apiKeys.find((key) => key.id === keys.erin!.key.id)?.owner).toBe('erin@example.com');
  });

  it('refuses an approval by a second key of the person who calculated the run', async () => {
    const refused = await api.graphql<{
      approvePayoutRun: { __typename: string; code: string; message: string };
    }>(APPROVE, { runId }, keys.danaScript!.secret);
    expect(refused.data?.approvePayoutRun).toMatchObject({
      __typename: 'SameKeyApprovalError',
      code: 'SAME_KEY_APPROVAL',
    });
    expect(refused.data?.approvePayoutRun.message).toContain('dana@example.com');
    expect(await store.db.collection('payout_approvals').countDocuments()).toBe(0);
  });

  it('approves by a key of another person, and the approval names both people', async () => {
    const approved = await api.graphql<{ approvePayoutRun: unknown }>(APPROVE, { runId }, keys.erin!.secret);
    // 10,000.00 + 10,000.00 = 20,000.00.
    expect(approved.data?.approvePayoutRun).toEqual({
      __typename: 'PayoutApproval',
      calculatedByOwner: 'dana@example.com',
      approvedByOwner: 'erin@example.com',
      selfApproved: false,
      total: { minorUnits: 2_000_000 },
    });
  });

  it('refuses an owner that is blank or too long, naming the argument', async () => {
    for (const owner of ['   ', 'x'.repeat(201)]) {
      const response = await api.graphql<{ createApiKey: { __typename: string; field?: string } }>(
        `mutation ($owner: String) { createApiKey(name: "k", role: admin, owner: $owner) { __typename ... on InvalidInputError { field } } }`,
        { owner },
        api.keys.admin,
      );
      expect(response.data?.createApiKey).toEqual({ __typename: 'InvalidInputError', field: 'owner' });
    }
  });
});
