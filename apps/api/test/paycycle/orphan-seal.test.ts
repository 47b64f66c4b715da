import type { Db } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { type PayoutApproval, PayoutApprovalsRepository } from '../../src/repositories/payout-approvals.js';
import { seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/*
 * The fixture (test/security/payout-fixture.ts) pays Ann and Ben 10,000.00 USD each for 2025-Q1;
 * the admin key calculated it, a second admin approves it.
 */

/**
 * The one fault a test cannot produce for real: the approving process dies after it sealed the
 * period's entries and before it wrote the approval. Its first insert throws, as the driver
 * would for a connection cut there; the next inserts are real.
 */
class DyingApprovals extends PayoutApprovalsRepository {
  dies = true;

  constructor(db: Db) {
    super(db, { allowSelfApproval: false });
  }

  override async insert(approval: PayoutApproval): Promise<boolean> {
    if (this.dies) {
      this.dies = false;
      throw new Error('the approving process died after sealing');
    }
    return super.insert(approval);
  }
}

const APPROVE = `mutation ($runId: ID!) {
  approvePayoutRun(runId: $runId) {
    __typename ... on PayoutApproval { total { minorUnits } } ... on Error { code message }
  }
}`;

const ADJUST = `mutation ($amount: MinorUnits!) {
  addPayoutAdjustment(planId: "simple", period: "2025-Q1", participantId: "p-ann", amountMinorUnits: $amount, reason: "Spot bonus") {
    __typename ... on PeriodLockedError { period } ... on Error { code message }
  }
}`;

async function setUp(store: { db: Db }) {
  const approvals = new DyingApprovals(store.db);
  const api = await createTestApp(store.db, { payoutApprovals: approvals });
  await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
  const approver = await createApiKey(api.repositories, { name: 'approver', role: 'admin' });
  const runs = await api.graphql<{ payoutRuns: { edges: { node: { id: string } }[] } }>(
    '{ payoutRuns(planId: "simple", period: "2025-Q1", first: 1) { edges { node { id } } } }',
    {},
    api.keys.admin,
  );
  return { api, approvals, approver, runId: runs.data!.payoutRuns.edges[0]!.node.id };
}

describe('an approval whose process died after sealing', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let approver: Awaited<ReturnType<typeof createApiKey>>;
  let runId: string;

  beforeAll(async () => {
    ({ api, approver, runId } = await setUp(store));
    const adjusted = await api.graphql<{ addPayoutAdjustment: { __typename: string } }>(
      ADJUST,
      { amount: 50_000 },
      api.keys.admin,
    );
    expect(adjusted.data?.addPayoutAdjustment.__typename).toBe('PayoutAdjustment');
    const died = await api.graphql(APPROVE, { runId }, approver.secret);
    expect(died.errors?.[0]?.message).toBe('Unexpected error.');
    expect(await store.db.collection('payout_approvals').countDocuments()).toBe(0);
  });

  it('is completed by the next adjustment, which is refused with the next open period instead of waiting for an approval', async () => {
    const refused = await api.graphql<{ addPayoutAdjustment: { __typename: string; message: string } }>(
      ADJUST,
      { amount: 10_000 },
      api.keys.admin,
    );
    expect(refused.data?.addPayoutAdjustment).toMatchObject({
      __typename: 'PeriodLockedError',
      period: '2025-Q1',
    });
    expect(refused.data?.addPayoutAdjustment.message).toContain('next open period, 2025-Q2');
    // The approval the seal stands for: the approver's, of the run, with the 500.00 entered before
    // the seal: 20,000.00 + 500.00 = 20,500.00. The refused 100.00 is not in it.
    const run = await api.graphql<{
      node: { stage: string; approval: { approvedBy: string; total: { minorUnits: number } } | null };
    }>(
      'query ($id: ID!) { node(id: $id) { ... on PayoutRun { stage approval { approvedBy total { minorUnits } } } } }',
      { id: runId },
      api.keys.admin,
    );
    expect(run.data?.node).toEqual({
      stage: 'approved',
      approval: { approvedBy: approver.key.id, total: { minorUnits: 2_050_000 } },
    });
  });

  it("records the completed approval in the audit log as the approver's, completed later", async () => {
    const log = await api.graphql<{
      auditLog: {
        edges: { node: { keyId: string; outcome: string; arguments: { name: string; value: string }[] } }[];
      };
    }>(
      '{ auditLog(mutation: "approvePayoutRun", first: 100) { edges { node { keyId outcome arguments { name value } } } } }',
      {},
      api.keys.admin,
    );
    const entries = log.data!.auditLog.edges.map((edge) => edge.node);
    // The request that died is recorded as it ended (INTERNAL); the completion as the approval.
    expect(entries.map((entry) => [entry.keyId, entry.outcome]).sort()).toEqual([
      [approver.key.id, 'INTERNAL'],
      [approver.key.id, 'ok'],
    ]);
    const completed = entries.find((entry) => entry.outcome === 'ok')!;
    const completion = Object.fromEntries(completed.arguments.map((a) => [a.name, a.value]));
    expect(completion.runId).toBe(runId);
    expect(completion.completion).toContain('a later write that met the seal completed it');
    expect(Date.parse(completion.completedAt!)).not.toBeNaN();
  });

  it('tells the approver who sends it again that the run is approved', async () => {
    const again = await api.graphql<{ approvePayoutRun: { __typename: string } }>(
      APPROVE,
      { runId },
      approver.secret,
    );
    expect(again.data?.approvePayoutRun.__typename).toBe('AlreadyApprovedError');
  });
});

describe('an approval sent again after its process died after sealing', () => {
  const store = useTestDatabase();

  it('succeeds, with the entries of the first seal', async () => {
    const { api, approver, runId } = await setUp(store);
    const died = await api.graphql(APPROVE, { runId }, approver.secret);
    expect(died.errors?.[0]?.message).toBe('Unexpected error.');
    const again = await api.graphql<{ approvePayoutRun: unknown }>(APPROVE, { runId }, approver.secret);
    // Ann 10,000.00 + Ben 10,000.00, nothing entered before the seal.
    expect(again.data?.approvePayoutRun).toEqual({
      __typename: 'PayoutApproval',
      total: { minorUnits: 2_000_000 },
    });
    const seals = await store.db.collection('payout_entries').countDocuments({ kind: 'seal' });
    expect(seals).toBe(1);
  });
});
