import { beforeAll, describe, expect, it } from 'vitest';
import { PayoutApprovalsRepository, readAllowSelfApproval } from '../../src/repositories/payout-approvals.js';
import { seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('self-approval for a company with one administrator', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db, {
      payoutApprovals: new PayoutApprovalsRepository(store.db, { allowSelfApproval: true }),
    });
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
  });

  it('is off unless ATTAIN_ALLOW_SELF_APPROVAL is 1, and refuses any other value', () => {
    expect(readAllowSelfApproval({})).toBe(false);
    expect(readAllowSelfApproval({ ATTAIN_ALLOW_SELF_APPROVAL: '0' })).toBe(false);
    expect(readAllowSelfApproval({ ATTAIN_ALLOW_SELF_APPROVAL: '1' })).toBe(true);
    expect(() => readAllowSelfApproval({ ATTAIN_ALLOW_SELF_APPROVAL: 'yes' })).toThrow(/must be 1/);
  });

  it('lets the calculating admin key approve when turned on, and the approval says so', async () => {
    const runs = await api.graphql<{ payoutRuns: { edges: { node: { id: string } }[] } }>(
      '{ payoutRuns(first: 1) { edges { node { id } } } }',
      {},
      api.keys.admin,
    );
    const runId = runs.data!.payoutRuns.edges[0]!.node.id;
    const approved = await api.graphql<{ approvePayoutRun: Record<string, unknown> }>(
      'mutation ($runId: ID!) { approvePayoutRun(runId: $runId) { __typename ... on PayoutApproval { selfApproved total { minorUnits } } } }',
      { runId },
      api.keys.admin,
    );
    // Ann 10,000.00 + Ben 10,000.00 (test/security/payout-fixture.ts), no adjustments.
    expect(approved.data?.approvePayoutRun).toEqual({
      __typename: 'PayoutApproval',
      selfApproved: true,
      total: { minorUnits: 2_000_000 },
    });
  });
});
