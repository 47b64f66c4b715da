/**
 * Pay currency and dated exchange rates over the API: one EUR plan paying a US rep in USD and a
 * German rep in EUR, each statement line in both currencies with the rate used, rates that keep
 * their dates, and a payroll export per pay currency that reconciles with the approval.
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

const DATA = {
  Participants: [
    { ...usdParticipant('p-us', 'Una States', 4_000_000), currency: 'USD' },
    { ...usdParticipant('p-de', 'Dieter Euro', 4_000_000), currency: 'EUR' },
  ],
  Teams: [teamOne(['p-us', 'member'], ['p-de', 'member'])],
  Accounts: [ACME],
  Facts: [
    // The issue's €2,000 invoice, on 10 February 2026; and €1,000 for the German rep.
    eurOrder('inv-us', '2026-02-10', 200_000, 'p-us'),
    eurOrder('inv-de', '2026-02-10', 100_000, 'p-de'),
    // An invoice of 2025-11-01, before the first EUR/USD rate.
    eurOrder('inv-us-old', '2025-11-01', 100_000, 'p-us'),
  ],
  Assignments: [
    { id: 'as-us', participantId: 'p-us', planId: 'eu', from: '2025-01-01' },
    { id: 'as-de', participantId: 'p-de', planId: 'eu', from: '2025-01-01' },
  ],
};

const SET_RATES = `mutation ($rates: [ExchangeRateInput!]!) {
  setExchangeRates(rates: $rates) {
    __typename
    ... on MutationSetExchangeRatesSuccess { data { from to rate date } }
    ... on InvalidInputError { field message }
    ... on Error { code message }
  }
}`;

const CALCULATE = `mutation ($period: String!) {
  calculatePayouts(planId: "eu", period: $period) {
    __typename ... on PayoutRun { id status total { minorUnits currency } errors { code message } }
  }
}`;

const STATEMENT = `query ($participantId: String!) {
  statements(participantId: $participantId, period: "2026-Q1") {
    runId currency payCurrency paymentDate
    total { minorUnits formatted } payTotal { minorUnits currency formatted }
    lines {
      amount { minorUnits formatted } payAmount { minorUnits currency formatted } exchangeRate
      conversion { at rate rates { pair on rate rateFrom share } }
      explanationText
    }
  }
}`;

interface Run {
  id: string;
  status: string;
  total: { minorUnits: number; currency: string };
  errors: { code: string; message: string }[];
}

describe('pay currency and dated exchange rates', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let approver: string;
  let firstRun: Run;
  /** The run of 2026-Q1 that is current: the calculation after the June rate. */
  let currentRun: Run;

  const asAdmin = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
    api.graphql<T>(query, variables, api.keys.admin);

  async function setRates(rates: object[]) {
    return (await asAdmin<{ setExchangeRates: Record<string, unknown> }>(SET_RATES, { rates })).data
      ?.setExchangeRates;
  }

  async function calculate(period: string): Promise<Run> {
    const response = await asAdmin<{ calculatePayouts: Run }>(CALCULATE, { period });
    expect(response.data?.calculatePayouts, JSON.stringify(response)).toBeDefined();
    return response.data!.calculatePayouts;
  }

  beforeAll(async () => {
    api = await createTestApp(store.db);
    const { Assignments, ...org } = DATA;
    await importRecords(api, org);
    await createPublishedPlan(api, { id: 'eu', name: 'EU commissions', text: PLAN_TEXT });
    await importRecords(api, { Assignments });
    approver = (
      await createApiKey(api.repositories, { name: 'second admin', role: 'admin', participantId: null })
    ).secret;
    // EUR/USD 1.08 from 1 February 2026 (in force on the invoice date), 1.10 from 1 March.
    const set = await setRates([
      { from: 'EUR', to: 'USD', rate: 1.08, date: '2026-02-01' },
      { from: 'EUR', to: 'USD', rate: 1.1, date: '2026-03-01' },
    ]);
    expect(set?.__typename, JSON.stringify(set)).toBe('MutationSetExchangeRatesSuccess');
    firstRun = await calculate('2026-Q1');
  });

  it('shows each line in the plan currency and the pay currency, with the rate and date used', async () => {
    expect(firstRun.status, JSON.stringify(firstRun)).toBe('complete');
    const response = await asAdmin<{ statements: Record<string, unknown>[] }>(STATEMENT, {
      participantId: 'p-us',
    });
    const [statement] = response.data?.statements ?? [];
    // 5% of 2,000.00 EUR = 100.00 EUR; at EUR/USD 1.08 (from 2026-02-01, in force on the
    // invoice's 2026-02-10) = 108.00 USD.
    expect(statement).toMatchObject({
      currency: 'EUR',
      payCurrency: 'USD',
      paymentDate: '2026-03-31',
      total: { minorUnits: 10_000, formatted: '100.00 EUR' },
      payTotal: { minorUnits: 10_800, currency: 'USD', formatted: '108.00 USD' },
      lines: [
        {
          amount: { minorUnits: 10_000 },
          payAmount: { minorUnits: 10_800, currency: 'USD', formatted: '108.00 USD' },
          exchangeRate: 1.08,
          conversion: {
            at: 'FACT_DATE',
            rate: 1.08,
            rates: [{ pair: 'EUR/USD', on: '2026-02-10', rate: 1.08, rateFrom: '2026-02-01', share: 1 }],
          },
        },
      ],
    });
    const [line] = statement!.lines as { explanationText: string }[];
    expect(line!.explanationText).toContain(
      '100.00 EUR converted at EUR/USD 1.08 from 2026-02-01 on the fact date 2026-02-10 = 108.00 USD',
    );
  });

  it('pays a participant in the plan currency without converting', async () => {
    const response = await asAdmin<{ statements: Record<string, unknown>[] }>(STATEMENT, {
      participantId: 'p-de',
    });
    // 5% of 1,000.00 EUR = 50.00 EUR, paid in EUR.
    expect(response.data?.statements[0]).toMatchObject({
      payCurrency: 'EUR',
      paymentDate: null,
      payTotal: { minorUnits: 5_000, currency: 'EUR' },
      lines: [{ payAmount: { minorUnits: 5_000, currency: 'EUR' }, exchangeRate: null, conversion: null }],
    });
  });

  it('keeps the old amounts when a later rate is added and the period is calculated again', async () => {
    const set = await setRates([{ from: 'EUR', to: 'USD', rate: 1.25, date: '2026-06-01' }]);
    expect(set?.__typename).toBe('MutationSetExchangeRatesSuccess');
    const again = await calculate('2026-Q1');
    expect(again.status).toBe('complete');
    currentRun = again;
    const response = await asAdmin<{ statements: { runId: string; payTotal: { minorUnits: number } }[] }>(
      STATEMENT,
      { participantId: 'p-us' },
    );
    // Still 100.00 EUR at 1.08 = 108.00 USD: the June rate applies from 2026-06-01 only.
    expect(response.data?.statements[0]?.payTotal.minorUnits).toBe(10_800);
  });

  it('lists every dated rate and never overwrites one: another rate for a pair and day is a conflict', async () => {
    const before = await store.db.collection('exchange_rates').find({}).sort({ _id: 1 }).toArray();
    const refused = await setRates([
      { from: 'EUR', to: 'GBP', rate: 0.85, date: '2026-02-01' },
      { from: 'EUR', to: 'USD', rate: 1.5, date: '2026-02-01' },
    ]);
    expect(refused).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(refused?.message).toContain('EUR/USD already has the rate 1.08 from 2026-02-01');
    expect(await store.db.collection('exchange_rates').find({}).sort({ _id: 1 }).toArray()).toEqual(before);
    // The same rate again changes nothing and is no conflict.
    const same = await setRates([{ from: 'EUR', to: 'USD', rate: 1.08, date: '2026-02-01' }]);
    expect(same?.__typename).toBe('MutationSetExchangeRatesSuccess');
    const listed = await asAdmin<{ exchangeRates: { rate: number; date: string | null }[] }>(
      '{ exchangeRates(from: "EUR", to: "USD") { rate date } }',
    );
    expect(listed.data?.exchangeRates).toEqual([
      { rate: 1.08, date: '2026-02-01' },
      { rate: 1.1, date: '2026-03-01' },
      { rate: 1.25, date: '2026-06-01' },
    ]);
  });

  it('refuses a rate date that is not a day, naming the field', async () => {
    const refused = await setRates([{ from: 'EUR', to: 'USD', rate: 1.08, date: '2026-02-30' }]);
    expect(refused).toMatchObject({ __typename: 'InvalidInputError', field: 'rates[0].date' });
  });

  it('records who set rates in the audit log, refusals included', async () => {
    const log = await asAdmin<{ auditLog: { edges: { node: { mutation: string; outcome: string } }[] } }>(
      '{ auditLog(mutation: "setExchangeRates") { edges { node { mutation outcome } } } }',
    );
    const outcomes = log.data?.auditLog.edges.map((edge) => edge.node.outcome);
    expect(outcomes).toContain('ok');
    expect(outcomes).toContain('CONFLICT');
    expect(outcomes).toContain('INVALID_INPUT');
  });

  it('fails a run naming the pair and the date when no rate applies on a fact date', async () => {
    const run = await calculate('2025-Q4');
    expect(run.status).toBe('failed');
    expect(run.errors).toContainEqual({
      code: 'missing-fx-rate',
      message: expect.stringContaining(
        'there is no EUR/USD rate on 2025-11-01 (its first rate is from 2026-02-01)',
      ),
    });
  });

  it('exports one payroll file per pay currency, in pay-currency amounts, reconciling with the approval', async () => {
    const runId = currentRun.id;
    const approved = await api.graphql<{ approvePayoutRun: Record<string, unknown> }>(
      'mutation ($runId: ID!) { approvePayoutRun(runId: $runId) { __typename ... on PayoutApproval { total { minorUnits currency } } ... on Error { message } } }',
      { runId },
      approver,
    );
    // In the plan currency: 100.00 + 50.00 = 150.00 EUR.
    expect(approved.data?.approvePayoutRun).toEqual({
      __typename: 'PayoutApproval',
      total: { minorUnits: 15_000, currency: 'EUR' },
    });
    const exported = await asAdmin<{
      exportPayroll: { files: { currency: string; content: string; total: { minorUnits: number } }[] };
    }>(
      'mutation ($runId: ID!) { exportPayroll(runId: $runId, format: csv) { __typename ... on PayrollExport { files { currency content total { minorUnits } } } ... on Error { message } } }',
      { runId },
    );
    const files = exported.data?.exportPayroll.files ?? [];
    expect(files, JSON.stringify(exported)).not.toEqual([]);
    // EUR: Dieter's 50.00 EUR; USD: Una's 108.00 USD (her 100.00 EUR converted).
    expect(files.map((f) => [f.currency, f.total.minorUnits])).toEqual([
      ['EUR', 5_000],
      ['USD', 10_800],
    ]);
    expect(files[1]!.content).toContain(',p-us,USD,10800,108.00 USD,');
    expect(files[0]!.content).not.toContain('p-us');
  });
});
