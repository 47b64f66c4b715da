/**
 * Adjustments in the pay currency, over the API: a EUR plan paying a US rep in USD. A manual
 * adjustment converts at the rate of its period's last day, a prior-period correction at the rate
 * the corrected line was paid at; both are in the USD payroll file, none in the EUR one, and the
 * files reconcile with the approval.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importRecords } from '../support/org-fixtures.js';
import { ACME, teamOne, usdOrder, usdParticipant } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PLAN_TEXT = `plan "EU commissions"
  period quarter
  currency EUR
  target incentive: annual, not prorated
  convert to pay currency at fact date

measure revenue = sum of order.amount for individual

component "Commission" for individual
  pays 5% of revenue
`;

const eurOrder = (id: string, date: string, amount: number, participantId: string) => ({
  ...usdOrder(id, date, amount, participantId),
  currency: 'EUR',
});

const CALCULATE = `mutation ($period: String!) {
  calculatePayouts(planId: "eu", period: $period) {
    __typename ... on PayoutRun { id status errors { code message } }
  }
}`;

const ADJUST = `mutation ($period: String!, $amount: MinorUnits!) {
  addPayoutAdjustment(planId: "eu", period: $period, participantId: "p-us", amountMinorUnits: $amount, reason: "Missed spiff") {
    __typename
    ... on PayoutAdjustment { amount { minorUnits currency } payAmount { minorUnits currency formatted } exchangeRate }
    ... on Error { code message }
  }
}`;

const APPROVE = `mutation ($runId: ID!) {
  approvePayoutRun(runId: $runId) { __typename ... on PayoutApproval { total { minorUnits currency } } ... on Error { code message } }
}`;

const EXPORT = `mutation ($runId: ID!) {
  exportPayroll(runId: $runId, format: csv) {
    __typename ... on PayrollExport { files { currency content total { minorUnits } } } ... on Error { code message }
  }
}`;

const STATEMENT = `query ($period: String!) {
  statements(participantId: "p-us", period: $period) {
    payTotal { minorUnits } totalPayable { minorUnits currency } payTotalPayable { minorUnits currency formatted }
    adjustmentLines { kind code correctsPeriod amount { minorUnits currency } payAmount { minorUnits currency } exchangeRate }
  }
}`;

interface ExportFile {
  currency: string;
  content: string;
  total: { minorUnits: number };
}

describe('adjustments in the pay currency', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let approver: string;

  const asAdmin = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
    api.graphql<T>(query, variables, api.keys.admin);

  async function calculate(period: string): Promise<string> {
    const response = await asAdmin<{ calculatePayouts: { id: string; status: string } }>(CALCULATE, {
      period,
    });
    expect(response.data?.calculatePayouts.status, JSON.stringify(response)).toBe('complete');
    return response.data!.calculatePayouts.id;
  }

  async function approveAndExport(runId: string) {
    const approved = await api.graphql<{ approvePayoutRun: Record<string, unknown> }>(
      APPROVE,
      { runId },
      approver,
    );
    const exported = await asAdmin<{ exportPayroll: { files: ExportFile[] } }>(EXPORT, { runId });
    expect(exported.data?.exportPayroll.files, JSON.stringify(exported)).toBeDefined();
    return { approval: approved.data?.approvePayoutRun, files: exported.data!.exportPayroll.files };
  }

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await importRecords(api, {
      Participants: [
        { ...usdParticipant('p-us', 'Una States', 4_000_000), currency: 'USD' },
        { ...usdParticipant('p-de', 'Dieter Euro', 4_000_000), currency: 'EUR' },
      ],
      Teams: [teamOne(['p-us', 'member'], ['p-de', 'member'])],
      Accounts: [ACME],
      Facts: [
        eurOrder('inv-us', '2026-02-10', 200_000, 'p-us'),
        eurOrder('inv-de', '2026-02-10', 100_000, 'p-de'),
      ],
    });
    await createPublishedPlan(api, { id: 'eu', name: 'EU commissions', text: PLAN_TEXT });
    await importRecords(api, {
      Assignments: [
        { id: 'as-us', participantId: 'p-us', planId: 'eu', from: '2025-01-01' },
        { id: 'as-de', participantId: 'p-de', planId: 'eu', from: '2025-01-01' },
      ],
    });
    approver = (
      await createApiKey(api.repositories, { name: 'second admin', role: 'admin', participantId: null })
    ).secret;
    // EUR/USD 1.08 from 1 February 2026, 1.10 from 1 March: the payment date 2026-03-31 reads 1.10.
    await asAdmin(
      'mutation ($rates: [ExchangeRateInput!]!) { setExchangeRates(rates: $rates) { __typename } }',
      {
        rates: [
          { from: 'EUR', to: 'USD', rate: 1.08, date: '2026-02-01' },
          { from: 'EUR', to: 'USD', rate: 1.1, date: '2026-03-01' },
        ],
      },
    );
  });

  it('refuses a manual adjustment it cannot convert, naming the rate to set, and stores nothing', async () => {
    const before = await store.db.collection('payout_entries').countDocuments();
    // 2025-Q4 pays on 2025-12-31, before the first EUR/USD rate (2026-02-01).
    const refused = await asAdmin<{ addPayoutAdjustment: Record<string, unknown> }>(ADJUST, {
      period: '2025-Q4',
      amount: 1_000,
    });
    expect(refused.data?.addPayoutAdjustment).toEqual({
      __typename: 'InvalidInputError',
      code: 'INVALID_INPUT',
      message:
        'p-us is paid in USD and the plan in EUR, and there is no EUR/USD rate on 2025-12-31, the day 2025-Q4 pays: set one dated on or before 2025-12-31 (setExchangeRates) and enter the adjustment again.',
    });
    expect(await store.db.collection('payout_entries').countDocuments()).toBe(before);
  });

  it('pays a manual adjustment in the USD file at the rate of its period last day, rounded half-even', async () => {
    const runId = await calculate('2026-Q1');
    const adjusted = await asAdmin<{ addPayoutAdjustment: Record<string, unknown> }>(ADJUST, {
      period: '2026-Q1',
      amount: 1_235,
    });
    // 12.35 EUR at 1.10 (in force on 2026-03-31) = 1358.5 cents, an exact half: half-even gives 1358.
    expect(adjusted.data?.addPayoutAdjustment).toEqual({
      __typename: 'PayoutAdjustment',
      amount: { minorUnits: 1_235, currency: 'EUR' },
      payAmount: { minorUnits: 1_358, currency: 'USD', formatted: '13.58 USD' },
      exchangeRate: 1.1,
    });
    const statement = await asAdmin<{ statements: Record<string, unknown>[] }>(STATEMENT, {
      period: '2026-Q1',
    });
    // 5% of 2,000.00 EUR = 100.00 EUR, at 1.08 on 2026-02-10 = 108.00 USD; plus 13.58 USD = 121.58 USD.
    expect(statement.data?.statements[0]).toMatchObject({
      payTotal: { minorUnits: 10_800 },
      totalPayable: { minorUnits: 11_235, currency: 'EUR' },
      payTotalPayable: { minorUnits: 12_158, currency: 'USD', formatted: '121.58 USD' },
    });
    const { approval, files } = await approveAndExport(runId);
    // In the plan currency: 100.00 (Una) + 50.00 (Dieter) + 12.35 (the adjustment) = 162.35 EUR.
    expect(approval).toEqual({
      __typename: 'PayoutApproval',
      total: { minorUnits: 16_235, currency: 'EUR' },
    });
    // EUR: Dieter's 50.00 only; USD: Una's 108.00 + 13.58 = 121.58, one row.
    expect(files.map((f) => [f.currency, f.total.minorUnits])).toEqual([
      ['EUR', 5_000],
      ['USD', 12_158],
    ]);
    expect(files[1]!.content).toContain(',p-us,USD,12158,121.58 USD,Commission;adjustment\r\n');
    expect(files[0]!.content).not.toContain('p-us');
  });

  it('pays a prior-period correction in the USD file at the rate the corrected line was paid at', async () => {
    // Late data for the approved 2026-Q1: 1,000.00 EUR more for Una on 2026-03-15 (EUR/USD 1.10).
    await importRecords(api, { Facts: [eurOrder('inv-us-late', '2026-03-15', 100_000, 'p-us')] });
    await calculate('2026-Q1');
    const q2 = await calculate('2026-Q2');
    const statement = await asAdmin<{ statements: { adjustmentLines: unknown[] }[] }>(STATEMENT, {
      period: '2026-Q2',
    });
    // +5% of 1,000.00 = +50.00 EUR, at the rate Q1's Commission was paid at (108.00 USD for
    // 100.00 EUR = 1.08), not the late invoice's 1.10: 50.00 × 1.08 = 54.00 USD.
    expect(statement.data?.statements[0]?.adjustmentLines).toEqual([
      {
        kind: 'prior_period',
        code: 'Commission',
        correctsPeriod: '2026-Q1',
        amount: { minorUnits: 5_000, currency: 'EUR' },
        payAmount: { minorUnits: 5_400, currency: 'USD' },
        exchangeRate: 1.08,
      },
    ]);
    const { approval, files } = await approveAndExport(q2);
    // Q2 has no orders: its lines are 0; the approval is the 50.00 EUR correction.
    expect(approval).toEqual({ __typename: 'PayoutApproval', total: { minorUnits: 5_000, currency: 'EUR' } });
    expect(files.map((f) => [f.currency, f.total.minorUnits])).toEqual([
      ['EUR', 0],
      ['USD', 5_400],
    ]);
    expect(files[1]!.content).toContain(
      ',p-us,USD,5400,54.00 USD,Commission;prior-period:2026-Q1:Commission\r\n',
    );
    expect(files[0]!.content).not.toContain('p-us');
  });

  it('corrects an approved period in the pay currency it was approved in after the participant moves to another', async () => {
    // Una moves to the EUR entity: from now on she is paid in the plan's currency.
    await importRecords(api, {
      Participants: [{ ...usdParticipant('p-us', 'Una States', 4_000_000), currency: 'EUR' }],
    });
    // More late data for 2026-Q1 (approved in USD): 200.00 EUR on 2026-03-20.
    await importRecords(api, { Facts: [eurOrder('inv-us-later', '2026-03-20', 20_000, 'p-us')] });
    await calculate('2026-Q1');
    // 2026-Q2 is approved: the correction pays in 2026-Q3.
    await calculate('2026-Q3');
    const statement = await asAdmin<{ statements: { adjustmentLines: unknown[] }[] }>(STATEMENT, {
      period: '2026-Q3',
    });
    // +5% of 200.00 = +10.00 EUR, still in USD as Q1 was paid, at the rate its Commission was
    // paid at in the approved run (10,800 / 10,000 = 1.08): 10.00 × 1.08 = 10.80 USD.
    expect(statement.data?.statements[0]?.adjustmentLines).toEqual([
      {
        kind: 'prior_period',
        code: 'Commission',
        correctsPeriod: '2026-Q1',
        amount: { minorUnits: 1_000, currency: 'EUR' },
        payAmount: { minorUnits: 1_080, currency: 'USD' },
        exchangeRate: 1.08,
      },
    ]);
  });
});
