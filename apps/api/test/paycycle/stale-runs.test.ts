/**
 * A run that read an earlier period's run which a later calculation replaced is stale: it shows,
 * and its approval is refused until the period is calculated again on the new figures.
 */
import type { Db } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import type { Repositories } from '../../src/repositories/index.js';
import { type PayoutRun, PayoutRunsRepository } from '../../src/repositories/payout-runs.js';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importRecords } from '../support/org-fixtures.js';
import { ACME, teamOne, usdOrder, usdParticipant } from '../support/simple-plan.js';
import { createTestApp } from '../support/test-app.js';

const DRAW_PLAN = `plan "Commission with a draw"
  period month
  currency USD
  target incentive: annual, not prorated

measure sales = sum of order.amount for individual

component "Commission" for individual
  pays 10% of sales

draw 1,000 per month, recoverable, from 2025-01 to 2025-06
`;

const CALCULATE = `mutation ($period: String!) {
  calculatePayouts(planId: "stale", period: $period) {
    __typename ... on PayoutRun { id status stage stale } ... on Error { code message }
  }
}`;

const APPROVE = `mutation ($runId: ID!) {
  approvePayoutRun(runId: $runId) {
    __typename ... on StaleRunError { period } ... on Error { code message }
  }
}`;

const RUN = `query ($id: ID!) {
  node(id: $id) {
    ... on PayoutRun {
      stage stale
      staleness { period message readRun { id } currentRun { id } }
    }
  }
}`;

const STATEMENT = `query ($period: String!) {
  statements(participantId: "p-ann", period: $period) {
    runId stale draw { openingBalance { minorUnits } closingBalance { minorUnits } }
  }
}`;

interface RunView {
  stage: string;
  stale: boolean;
  staleness: { period: string; message: string; readRun: { id: string }; currentRun: { id: string } } | null;
}

interface StatementView {
  runId: string;
  stale: boolean;
  draw: { openingBalance: { minorUnits: number }; closingBalance: { minorUnits: number } };
}

/** The plan with Ann's January sale of 4,000.00 (10% earns 400.00), nothing in February. */
async function setUp(db: Db, overrides: Partial<Repositories> = {}) {
  const api = await createTestApp(db, overrides);
  const approver = (
    await createApiKey(api.repositories, { name: 'second admin', role: 'admin', participantId: null })
  ).secret;
  await createPublishedPlan(api, { id: 'stale', name: 'Commission with a draw', text: DRAW_PLAN });
  await importRecords(api, {
    Participants: [usdParticipant('p-ann', 'Ann Example', 4_000_000)],
    Teams: [teamOne(['p-ann', 'member'])],
    Accounts: [ACME],
    Assignments: [{ id: 'as-ann', participantId: 'p-ann', planId: 'stale', from: '2025-01-01' }],
    Facts: [usdOrder('o-jan', '2025-01-15', 400_000, 'p-ann')],
  });
  const calculate = async (period: string): Promise<{ id: string; stale: boolean }> => {
    const response = await api.graphql<{ calculatePayouts: { id: string; status: string; stale: boolean } }>(
      CALCULATE,
      { period },
      api.keys.analyst,
    );
    expect(response.data?.calculatePayouts.status, JSON.stringify(response)).toBe('complete');
    return response.data!.calculatePayouts;
  };
  const approve = async (runId: string) => {
    const response = await api.graphql<{
      approvePayoutRun: { __typename: string; code?: string; message?: string; period?: string };
    }>(APPROVE, { runId }, approver);
    expect(response.errors, JSON.stringify(response)).toBeUndefined();
    return response.data!.approvePayoutRun;
  };
  const run = async (id: string): Promise<RunView> => {
    const response = await api.graphql<{ node: RunView }>(RUN, { id }, api.keys.admin);
    expect(response.errors, JSON.stringify(response)).toBeUndefined();
    return response.data!.node;
  };
  const statement = async (period: string): Promise<StatementView> => {
    const response = await api.graphql<{ statements: StatementView[] }>(
      STATEMENT,
      { period },
      api.keys.admin,
    );
    expect(response.data?.statements, JSON.stringify(response)).toHaveLength(1);
    return response.data!.statements[0]!;
  };
  // A late change: January's sale was 9,000.00 (900.00 earned, a top-up of 100.00).
  const lateJanuaryChange = () =>
    importRecords(api, { Facts: [usdOrder('o-jan', '2025-01-15', 900_000, 'p-ann')] });
  return { api, calculate, approve, run, statement, lateJanuaryChange };
}

describe('stale runs', () => {
  const store = useTestDatabase();
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp(store.db);
  });

  it('refuses to approve February on the draw balance of a January that was recalculated after it', async () => {
    const { api, calculate, approve, run, statement } = t;
    const january = await calculate('2025-01');
    expect((await approve(january.id)).__typename).toBe('PayoutApproval');
    const february = await calculate('2025-02');
    expect(february.stale).toBe(false);
    // February read January's approved top-up of 600.00 (1,000.00 - 400.00): 600.00 + 1,000.00 = 1,600.00.
    expect((await statement('2025-02')).draw).toEqual({
      openingBalance: { minorUnits: 60_000 },
      closingBalance: { minorUnits: 160_000 },
    });

    await t.lateJanuaryChange();
    const recalculated = await calculate('2025-01');

    const shown = await run(february.id);
    expect(shown.stage).toBe('calculated');
    expect(shown.stale).toBe(true);
    expect(shown.staleness?.period).toBe('2025-01');
    expect(shown.staleness?.readRun.id).toBe(january.id);
    expect(shown.staleness?.currentRun.id).toBe(recalculated.id);
    expect((await statement('2025-02')).stale).toBe(true);

    const refused = await approve(february.id);
    expect(refused).toMatchObject({ __typename: 'StaleRunError', code: 'STALE_RUN', period: '2025-01' });
    expect(refused.message).toContain('2025-01 was calculated again');
    expect(refused.message).toContain('calculate 2025-02 again');
    // Nothing was written: February is still open and its run not approved.
    expect((await run(february.id)).stage).toBe('calculated');
    expect(await api.repositories.payoutApprovals.find('stale', '2025-02')).toBeNull();

    // Calculated again, February reads January's recalculated top-up of 100.00 (1,000.00 - 900.00):
    // 100.00 + 1,000.00 = 1,100.00, and that run is approved.
    const again = await calculate('2025-02');
    expect(again.id).not.toBe(february.id);
    expect(again.stale).toBe(false);
    expect((await statement('2025-02')).draw).toEqual({
      openingBalance: { minorUnits: 10_000 },
      closingBalance: { minorUnits: 110_000 },
    });
    expect((await approve(again.id)).__typename).toBe('PayoutApproval');
    expect((await run(again.id)).stale).toBe(false);
  });
});

/**
 * Runs `between` once, right after the next read of the current runs of January: another
 * process's writes landing between the approval's staleness check and its seal, the one
 * interleaving a test cannot time for real. The read and the writes are real.
 */
class InterleavingRuns extends PayoutRunsRepository {
  between: (() => Promise<void>) | null = null;

  override async findCurrent(planId: string, periodIds: readonly string[]): Promise<Map<string, PayoutRun>> {
    const current = await super.findCurrent(planId, periodIds);
    const between = this.between;
    if (between && periodIds.includes('2025-01')) {
      this.between = null;
      await between();
    }
    return current;
  }
}

describe('a recalculation racing an approval', () => {
  const store = useTestDatabase();

  it('refuses the approval when January is recalculated between its check and its seal', async () => {
    const runs = new InterleavingRuns(store.db);
    const t = await setUp(store.db, { payoutRuns: runs });
    const january = await t.calculate('2025-01');
    expect((await t.approve(january.id)).__typename).toBe('PayoutApproval');
    const february = await t.calculate('2025-02');
    await t.lateJanuaryChange();
    // January's recalculation completes and places its correction (Commission +500.00, top-up
    // -500.00) in February, the next open period, after the approval read January's current run.
    runs.between = async () => {
      await t.calculate('2025-01');
    };
    const refused = await t.approve(february.id);
    expect(runs.between).toBeNull();
    expect(refused).toMatchObject({ __typename: 'StaleRunError', period: '2025-01' });
    const sequence = await t.api.repositories.payoutEntries.list('stale', '2025-02');
    expect(sequence.map((entry) => entry.kind)).toEqual(['prior-period']);
  });
});
