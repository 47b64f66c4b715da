import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { PAYOUT_DATA, seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { importMutation } from '../support/org-fixtures.js';
import { usdOrder, usdQuota } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/*
 * The fixture (test/security/payout-fixture.ts): plan "simple" pays per quarter the attainment of
 * a quota on a curve that is linear from 50% to 150% (attainment x the quarter's target). Ann and
 * Ben have an annual target of 40,000.00 USD, so 10,000.00 a quarter, and in 2025-Q1 each sells
 * 100,000.00 against a 100,000.00 quota: 100% pays 10,000.00 each.
 */

const CALCULATE = `mutation ($period: String!) {
  calculatePayouts(planId: "simple", period: $period) {
    __typename ... on PayoutRun { id status stage total { minorUnits } } ... on Error { code message }
  }
}`;

const APPROVE = `mutation ($runId: ID!) {
  approvePayoutRun(runId: $runId) {
    __typename
    ... on PayoutApproval {
      period selfApproved runTotal { minorUnits } adjustmentsTotal { minorUnits } total { minorUnits formatted }
      adjustments { participantId code amount { minorUnits } reason }
    }
    ... on AlreadyApprovedError { approvedRunId }
    ... on Error { code message }
  }
}`;

const ADJUST = `mutation ($period: String!, $participantId: String!, $amount: MinorUnits!, $reason: String!) {
  addPayoutAdjustment(planId: "simple", period: $period, participantId: $participantId, amountMinorUnits: $amount, reason: $reason) {
    __typename
    ... on PayoutAdjustment { kind code amount { minorUnits formatted } reason }
    ... on InvalidInputError { field }
    ... on PeriodLockedError { period }
    ... on Error { code message }
  }
}`;

const STATEMENTS = `query ($participantId: String!, $period: String!) {
  statements(participantId: $participantId, period: $period) {
    runId total { minorUnits } totalPayable { minorUnits formatted }
    adjustmentLines { kind code period correctsPeriod amount { minorUnits formatted } reason }
  }
}`;

const EXPORT = `mutation ($runId: ID!, $format: PayrollFormat!) {
  exportPayroll(runId: $runId, format: $format) {
    __typename
    ... on PayrollExport { firstExport total { minorUnits } files { currency content checksum rowCount total { minorUnits } } }
    ... on Error { code message }
  }
}`;

interface Run {
  __typename: string;
  id: string;
  status: string;
  stage: string | null;
  total: { minorUnits: number };
}

interface Statement {
  runId: string;
  total: { minorUnits: number };
  totalPayable: { minorUnits: number; formatted: string };
  adjustmentLines: {
    kind: string;
    code: string;
    period: string;
    correctsPeriod: string | null;
    amount: { minorUnits: number; formatted: string };
    reason: string;
  }[];
}

describe('pay cycle: approval, adjustments, prior-period corrections, payroll export', () => {
  const store = useTestDatabase();
  let api: TestApp;
  /** A second admin key: the four eyes that approve what the first admin or the analyst calculated. */
  let approver: string;
  let q1: Run;

  const asAdmin = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>) =>
    api.graphql<T>(query, variables, api.keys.admin);

  async function calculate(period: string, key: string): Promise<Run> {
    const response = await api.graphql<{ calculatePayouts: Run }>(CALCULATE, { period }, key);
    expect(response.data?.calculatePayouts.status, JSON.stringify(response)).toBe('complete');
    return response.data!.calculatePayouts;
  }

  async function statementOf(participantId: string, period: string): Promise<Statement> {
    const response = await asAdmin<{ statements: Statement[] }>(STATEMENTS, { participantId, period });
    expect(response.data?.statements, JSON.stringify(response)).toHaveLength(1);
    return response.data!.statements[0]!;
  }

  async function setAnnQ1Order(amount: number) {
    const [ann] = PAYOUT_DATA.Facts;
    const result = await asAdmin(importMutation('Facts'), { records: [{ ...ann, amount }] });
    expect(JSON.stringify(result)).toContain('ImportResult');
  }

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts(asAdmin, { calculate: false });
    // 2025-Q2: quotas of 100,000.00; Ann sells 80,000.00 (80%: 8,000.00), Ben 120,000.00 (120%: 12,000.00).
    for (const [kind, records] of [
      [
        'Goals',
        [
          usdQuota('g-ann-q2', 'p-ann', '2025-Q2', 10_000_000),
          usdQuota('g-ben-q2', 'p-ben', '2025-Q2', 10_000_000),
        ],
      ],
      [
        'Facts',
        [
          usdOrder('o-ann-q2', '2025-05-01', 8_000_000, 'p-ann'),
          usdOrder('o-ben-q2', '2025-05-01', 12_000_000, 'p-ben'),
        ],
      ],
    ] as const) {
      const result = await asAdmin(importMutation(kind), { records });
      expect(JSON.stringify(result)).toContain('ImportResult');
    }
    approver = (
      await createApiKey(api.repositories, { name: 'second admin', role: 'admin', participantId: null })
    ).secret;
    q1 = await calculate('2025-Q1', api.keys.analyst);
  });

  it('lets an analyst calculate: the run is calculated, not yet approved', () => {
    // 10,000.00 + 10,000.00 = 20,000.00.
    expect(q1).toMatchObject({ stage: 'calculated', total: { minorUnits: 2_000_000 } });
  });

  it('refuses an adjustment without a reason or with a zero amount, saying which argument is wrong', async () => {
    const noReason = await asAdmin(ADJUST, {
      period: '2025-Q1',
      participantId: 'p-ann',
      amount: 100,
      reason: '  ',
    });
    expect(noReason.data?.addPayoutAdjustment).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'reason',
    });
    const zero = await asAdmin(ADJUST, { period: '2025-Q1', participantId: 'p-ann', amount: 0, reason: 'x' });
    expect(zero.data?.addPayoutAdjustment).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'amountMinorUnits',
    });
    const nobody = await asAdmin(ADJUST, {
      period: '2025-Q1',
      participantId: 'p-nobody',
      amount: 100,
      reason: 'x',
    });
    expect(nobody.data?.addPayoutAdjustment).toMatchObject({ __typename: 'NotFoundError' });
  });

  it("shows a manual adjustment on the participant's statement beside the run's total", async () => {
    const added = await asAdmin(ADJUST, {
      period: '2025-Q1',
      participantId: 'p-ann',
      amount: 50_000,
      reason: 'Spot bonus for the Acme renewal',
    });
    expect(added.data?.addPayoutAdjustment).toMatchObject({
      __typename: 'PayoutAdjustment',
      kind: 'manual',
      amount: { minorUnits: 50_000, formatted: '500.00 USD' },
    });
    const ann = await statementOf('p-ann', '2025-Q1');
    // The run's line 10,000.00 + the adjustment 500.00 = 10,500.00.
    expect(ann.total.minorUnits).toBe(1_000_000);
    expect(ann.totalPayable).toEqual({ minorUnits: 1_050_000, formatted: '10,500.00 USD' });
    expect(ann.adjustmentLines).toEqual([
      {
        kind: 'manual',
        code: 'adjustment',
        period: '2025-Q1',
        correctsPeriod: null,
        amount: { minorUnits: 50_000, formatted: '500.00 USD' },
        reason: 'Spot bonus for the Acme renewal',
      },
    ]);
  });

  it('refuses an approval by the key that calculated the run (four eyes)', async () => {
    const q2 = await calculate('2025-Q2', api.keys.admin);
    const refused = await asAdmin(APPROVE, { runId: q2.id });
    expect(refused.data?.approvePayoutRun).toMatchObject({
      __typename: 'SameKeyApprovalError',
      code: 'SAME_KEY_APPROVAL',
    });
    expect(
      await store.db.collection('payout_approvals').countDocuments({ _id: 'simple/2025-Q2' as never }),
    ).toBe(0);
  });

  it('gives one approval when several admins approve the same run at once, with the adjustment inside it', async () => {
    const second = (
      await createApiKey(api.repositories, { name: 'third admin', role: 'admin', participantId: null })
    ).secret;
    const keys = [approver, second, approver, second, api.keys.admin, approver, second, api.keys.admin];
    const responses = await Promise.all(
      keys.map((key) =>
        api.graphql<{ approvePayoutRun: Record<string, unknown> }>(APPROVE, { runId: q1.id }, key),
      ),
    );
    const results = responses.map((response) => response.data?.approvePayoutRun);
    const approvals = results.filter((result) => result?.__typename === 'PayoutApproval');
    expect(approvals, JSON.stringify(results)).toHaveLength(1);
    expect(results.filter((result) => result?.__typename === 'AlreadyApprovedError')).toHaveLength(
      keys.length - 1,
    );
    // Run 20,000.00 + Ann's adjustment 500.00 = 20,500.00.
    expect(approvals[0]).toMatchObject({
      period: '2025-Q1',
      selfApproved: false,
      runTotal: { minorUnits: 2_000_000 },
      adjustmentsTotal: { minorUnits: 50_000 },
      total: { minorUnits: 2_050_000, formatted: '20,500.00 USD' },
      adjustments: [{ participantId: 'p-ann', code: 'adjustment', amount: { minorUnits: 50_000 } }],
    });
    expect(await store.db.collection('payout_approvals').countDocuments()).toBe(1);
    const stage = await asAdmin<{ node: { stage: string } }>(
      'query ($id: ID!) { node(id: $id) { ... on PayoutRun { stage } } }',
      {
        id: q1.id,
      },
    );
    expect(stage.data?.node.stage).toBe('approved');
  });

  it('records every approval attempt in the audit log with its outcome', async () => {
    const log = await asAdmin<{ auditLog: { edges: { node: { outcome: string } }[] } }>(
      '{ auditLog(mutation: "approvePayoutRun", first: 100) { edges { node { outcome } } } }',
      {},
    );
    const outcomes = log.data!.auditLog.edges.map((edge) => edge.node.outcome).sort();
    // One four-eyes refusal (Q2), one approval and seven refusals of the concurrent eight (Q1).
    expect(outcomes).toEqual([
      'ALREADY_APPROVED',
      'ALREADY_APPROVED',
      'ALREADY_APPROVED',
      'ALREADY_APPROVED',
      'ALREADY_APPROVED',
      'ALREADY_APPROVED',
      'ALREADY_APPROVED',
      'SAME_KEY_APPROVAL',
      'ok',
    ]);
  });

  it('refuses an adjustment to the approved period and names the next open one', async () => {
    const locked = await asAdmin(ADJUST, {
      period: '2025-Q1',
      participantId: 'p-ben',
      amount: 100,
      reason: 'late',
    });
    expect(locked.data?.addPayoutAdjustment).toMatchObject({
      __typename: 'PeriodLockedError',
      period: '2025-Q1',
    });
    expect(JSON.stringify(locked.data?.addPayoutAdjustment)).toContain('2025-Q2');
  });

  it('exports the approved run per pay currency with totals that reconcile to the approval', async () => {
    const response = await asAdmin<{
      exportPayroll: {
        firstExport: boolean;
        total: { minorUnits: number };
        files: {
          currency: string;
          content: string;
          checksum: string;
          rowCount: number;
          total: { minorUnits: number };
        }[];
      };
    }>(EXPORT, { runId: q1.id, format: 'csv' });
    const exported = response.data?.exportPayroll;
    expect(exported?.firstExport, JSON.stringify(response)).toBe(true);
    const runId = Buffer.from(q1.id, 'base64').toString().split(':')[1];
    // Ann 10,000.00 + 500.00 = 10,500.00; Ben 10,000.00; together 20,500.00, the approval's total.
    const content = [
      'run_id,period,participant_external_id,pay_currency,amount_minor,amount_formatted,line_codes',
      `${runId},2025-Q1,p-ann,USD,1050000,"10,500.00 USD",Revenue;adjustment`,
      `${runId},2025-Q1,p-ben,USD,1000000,"10,000.00 USD",Revenue`,
      '',
    ].join('\r\n');
    expect(exported?.files).toEqual([
      {
        currency: 'USD',
        content,
        checksum: createHash('sha256').update(content).digest('hex'),
        rowCount: 2,
        total: { minorUnits: 2_050_000 },
      },
    ]);
    expect(exported?.total.minorUnits).toBe(2_050_000);
  });

  it('gives the same file when the run is exported again and marks nothing twice', async () => {
    const first = await asAdmin<{ exportPayroll: { files: unknown[] } }>(EXPORT, {
      runId: q1.id,
      format: 'csv',
    });
    const again = await asAdmin<{ exportPayroll: { firstExport: boolean; files: unknown[] } }>(EXPORT, {
      runId: q1.id,
      format: 'csv',
    });
    expect(again.data?.exportPayroll.firstExport).toBe(false);
    expect(again.data?.exportPayroll.files).toEqual(first.data?.exportPayroll.files);
    expect(await store.db.collection('payroll_exports').countDocuments()).toBe(1);
    const stage = await asAdmin<{ node: { stage: string } }>(
      'query ($id: ID!) { node(id: $id) { ... on PayoutRun { stage } } }',
      { id: q1.id },
    );
    expect(stage.data?.node.stage).toBe('exported');
  });

  it('exports NDJSON with the same rows', async () => {
    const response = await asAdmin<{ exportPayroll: { files: { content: string }[] } }>(EXPORT, {
      runId: q1.id,
      format: 'ndjson',
    });
    const rows = response
      .data!.exportPayroll.files[0]!.content.trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(
      rows.map((row) => [row.participantExternalId, row.amountMinor, row.amountFormatted, row.lineCodes]),
    ).toEqual([
      ['p-ann', 1_050_000, '10,500.00 USD', ['Revenue', 'adjustment']],
      ['p-ben', 1_000_000, '10,000.00 USD', ['Revenue']],
    ]);
  });

  it('refuses to export a run that is not approved', async () => {
    const q2 = await calculate('2025-Q2', api.keys.admin);
    const response = await asAdmin(EXPORT, { runId: q2.id, format: 'csv' });
    expect(response.data?.exportPayroll).toMatchObject({
      __typename: 'RunNotReadyError',
      code: 'RUN_NOT_READY',
    });
  });

  it('keeps the approved statement after a recalculation and pays the difference in the next open period', async () => {
    // Ann's Q1 order grows from 100,000.00 to 110,000.00: 110% pays 11,000.00, 1,000.00 more.
    await setAnnQ1Order(11_000_000);
    const recalculated = await calculate('2025-Q1', api.keys.analyst);
    expect(recalculated.id).not.toBe(q1.id);
    expect(recalculated.stage).toBe('recalculated');
    const annQ1 = await statementOf('p-ann', '2025-Q1');
    expect(annQ1.totalPayable.minorUnits).toBe(1_050_000);
    const annQ2 = await statementOf('p-ann', '2025-Q2');
    // Q2: 8,000.00 for 80%, plus the Q1 correction of 1,000.00 = 9,000.00.
    expect(annQ2.total.minorUnits).toBe(800_000);
    expect(annQ2.adjustmentLines).toEqual([
      expect.objectContaining({
        kind: 'prior_period',
        code: 'Revenue',
        period: '2025-Q2',
        correctsPeriod: '2025-Q1',
        amount: { minorUnits: 100_000, formatted: '1,000.00 USD' },
      }),
    ]);
    expect(annQ2.totalPayable.minorUnits).toBe(900_000);
    // Ben's Q1 did not change: nothing carried for him.
    expect((await statementOf('p-ben', '2025-Q2')).adjustmentLines).toEqual([]);
  });

  it('carries a recalculation once, however often it is repeated', async () => {
    await calculate('2025-Q1', api.keys.analyst);
    await calculate('2025-Q1', api.keys.admin);
    const lines = await asAdmin<{ payoutAdjustments: unknown[] }>(
      '{ payoutAdjustments(planId: "simple", period: "2025-Q2") { code } }',
      {},
    );
    expect(lines.data?.payoutAdjustments).toHaveLength(1);
  });

  it('corrects against what was already carried when the same period is recalculated again', async () => {
    // Now 105,000.00: 10,500.00 is right; approved 10,000.00 + carried 1,000.00 = 11,000.00, so -500.00.
    await setAnnQ1Order(10_500_000);
    await calculate('2025-Q1', api.keys.analyst);
    const annQ2 = await statementOf('p-ann', '2025-Q2');
    expect(annQ2.adjustmentLines.map((line) => [line.correctsPeriod, line.amount.minorUnits])).toEqual([
      ['2025-Q1', 100_000],
      ['2025-Q1', -50_000],
    ]);
    // 8,000.00 + 1,000.00 - 500.00 = 8,500.00.
    expect(annQ2.totalPayable.minorUnits).toBe(850_000);
  });

  it('approves the next period with the prior-period corrections inside it and exports them with their codes', async () => {
    const q2 = await calculate('2025-Q2', api.keys.analyst);
    const approved = await api.graphql<{ approvePayoutRun: Record<string, unknown> }>(
      APPROVE,
      { runId: q2.id },
      approver,
    );
    // Run: Ann 8,000.00 + Ben 12,000.00 = 20,000.00; corrections +1,000.00 - 500.00 = 500.00.
    expect(approved.data?.approvePayoutRun).toMatchObject({
      runTotal: { minorUnits: 2_000_000 },
      adjustmentsTotal: { minorUnits: 50_000 },
      total: { minorUnits: 2_050_000 },
    });
    const response = await asAdmin<{
      exportPayroll: { files: { content: string; total: { minorUnits: number } }[] };
    }>(EXPORT, { runId: q2.id, format: 'ndjson' });
    const file = response.data!.exportPayroll.files[0]!;
    const rows = file.content
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    // Ann 8,000.00 + 500.00 = 8,500.00; Ben 12,000.00.
    expect(rows.map((row) => [row.participantExternalId, row.amountMinor, row.lineCodes])).toEqual([
      ['p-ann', 850_000, ['Revenue', 'prior-period:2025-Q1:Revenue']],
      ['p-ben', 1_200_000, ['Revenue']],
    ]);
    expect(file.total.minorUnits).toBe(2_050_000);
  });
});
