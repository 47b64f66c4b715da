import type { Db } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { PayoutEntriesRepository } from '../../src/repositories/payout-entries.js';
import { seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/*
 * The fixture (test/security/payout-fixture.ts) pays Ann and Ben 10,000.00 USD each for 2025-Q1
 * on the line "Revenue". The admin key calculated 2025-Q1; a second admin approves it.
 */

/**
 * The real entry sequence, which can hold a dispute's adjustment right after it is written: the
 * point where resolve-by-adjustment has entered its line and not yet written its resolution.
 * Nothing is faked; it only fixes the order in which two real requests interleave.
 */
class HeldEntries extends PayoutEntriesRepository {
  private release: (() => void) | null = null;
  private held = Promise.resolve();
  /** Resolves once a dispute's adjustment is written and held. */
  written!: Promise<void>;
  private markWritten!: () => void;

  constructor(db: Db) {
    super(db);
    this.reset();
  }

  reset(): void {
    this.held = new Promise((resolve) => {
      this.release = resolve;
    });
    this.written = new Promise((resolve) => {
      this.markWritten = resolve;
    });
  }

  releaseHeld(): void {
    this.release?.();
  }

  override async append(entry: Parameters<PayoutEntriesRepository['append']>[0]) {
    const result = await super.append(entry);
    if (entry.disputeId !== null) {
      this.markWritten();
      await this.held;
    }
    return result;
  }
}

const APPROVE = `mutation ($runId: ID!) {
  approvePayoutRun(runId: $runId) {
    __typename ... on PayoutApproval { adjustmentsTotal { minorUnits } total { minorUnits } adjustments { participantId amount { minorUnits } } }
    ... on Error { code message }
  }
}`;

const RESOLVE = `mutation ($id: String!) {
  resolvePayoutDisputeByAdjustment(disputeId: $id, amountMinorUnits: 25000, reason: "The second Acme order was missed") {
    __typename ... on PayoutDispute { status } ... on Error { code message }
  }
}`;

describe('a dispute resolved by adjustment while its period is approved', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let entries: HeldEntries;
  let approver: string;
  let ann: string;

  beforeAll(async () => {
    entries = new HeldEntries(store.db);
    api = await createTestApp(store.db, { payoutEntries: entries });
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
    approver = (await createApiKey(api.repositories, { name: 'approver', role: 'admin' })).secret;
    ann = (await createApiKey(api.repositories, { name: 'ann', role: 'participant', participantId: 'p-ann' }))
      .secret;
  });

  it('is paid by the approval it lands before, and shown resolved, when the approval seals between the adjustment and its resolution', async () => {
    const statement = await api.graphql<{ statements: { id: string }[] }>(
      '{ statements(participantId: "p-ann", period: "2025-Q1") { id } }',
      {},
      ann,
    );
    const raised = await api.graphql<{ raisePayoutDispute: { id: string } }>(
      'mutation ($s: ID!) { raisePayoutDispute(statementId: $s, lineComponent: "Revenue", question: "Is the second Acme order in?") { ... on PayoutDispute { id } } }',
      { s: statement.data!.statements[0]!.id },
      ann,
    );
    const disputeId = raised.data!.raisePayoutDispute.id;
    const runs = await api.graphql<{ payoutRuns: { edges: { node: { id: string } }[] } }>(
      '{ payoutRuns(planId: "simple", period: "2025-Q1", first: 1) { edges { node { id } } } }',
      {},
      api.keys.admin,
    );
    const runId = runs.data!.payoutRuns.edges[0]!.node.id;

    // The resolution enters its 250.00 in 2025-Q1 (open) and is held before writing its resolution;
    // the approval runs to its end meanwhile; then the resolution goes on.
    const resolving = api.graphql<{
      resolvePayoutDisputeByAdjustment: { __typename: string; status?: string };
    }>(RESOLVE, { id: disputeId }, api.keys.admin);
    await entries.written;
    const approved = await api.graphql<{
      approvePayoutRun: {
        __typename: string;
        total: { minorUnits: number };
        adjustmentsTotal: { minorUnits: number };
      };
    }>(APPROVE, { runId }, approver);
    entries.releaseHeld();
    const resolved = await resolving;

    // The adjustment sits before the seal, so the approval pays it: 20,000.00 + 250.00 = 20,250.00,
    // and the dispute says resolved by that adjustment.
    expect(approved.data?.approvePayoutRun, JSON.stringify(approved)).toMatchObject({
      __typename: 'PayoutApproval',
      adjustmentsTotal: { minorUnits: 25_000 },
      total: { minorUnits: 2_025_000 },
    });
    expect(resolved.data?.resolvePayoutDisputeByAdjustment).toEqual({
      __typename: 'PayoutDispute',
      status: 'resolved_by_adjustment',
    });
    const mine = await api.graphql<{
      statements: { totalPayable: { minorUnits: number }; disputes: { status: string }[] }[];
    }>(
      '{ statements(participantId: "p-ann", period: "2025-Q1") { totalPayable { minorUnits } disputes { status } } }',
      {},
      ann,
    );
    // Ann: 10,000.00 + 250.00 = 10,250.00.
    expect(mine.data?.statements).toEqual([
      { totalPayable: { minorUnits: 1_025_000 }, disputes: [{ status: 'resolved_by_adjustment' }] },
    ]);
  });
});
