/**
 * A clawback paid in the pay currency, over the API: the earlier period comes back from the
 * stored run (its ledger keeps what each line paid in USD), and the clawback takes the deal back
 * at the rate it was paid at.
 */
import { beforeAll, describe, expect, it } from 'vitest';
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

claw back 100% of "Commission" on churn within 180 days
`;

const CALCULATE = `mutation ($period: String!) {
  calculatePayouts(planId: "eu", period: $period) {
    __typename ... on PayoutRun { id status errors { code message } }
  }
}`;

const STATEMENT = `query ($period: String!) {
  statements(participantId: "p-us", period: $period) {
    payTotal { minorUnits }
    lines { kind amount { minorUnits } payAmount { minorUnits currency } exchangeRate conversion { at rates { on } } }
  }
}`;

interface Line {
  kind: string;
  amount: { minorUnits: number };
  payAmount: { minorUnits: number; currency: string };
  exchangeRate: number | null;
  conversion: { at: string; rates: unknown[] } | null;
}

describe('a clawback in the pay currency', () => {
  const store = useTestDatabase();
  let api: TestApp;

  const asAdmin = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
    api.graphql<T>(query, variables, api.keys.admin);

  async function calculate(period: string) {
    const response = await asAdmin<{ calculatePayouts: { status: string } }>(CALCULATE, { period });
    expect(response.data?.calculatePayouts.status, JSON.stringify(response)).toBe('complete');
  }

  async function statement(period: string) {
    const response = await asAdmin<{ statements: { payTotal: { minorUnits: number }; lines: Line[] }[] }>(
      STATEMENT,
      { period },
    );
    return response.data!.statements[0]!;
  }

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await importRecords(api, {
      Participants: [{ ...usdParticipant('p-us', 'Una States', 4_000_000), currency: 'USD' }],
      Teams: [teamOne(['p-us', 'member'])],
      Accounts: [ACME],
      Facts: [
        { ...usdOrder('inv-us', '2026-02-10', 200_000, 'p-us'), currency: 'EUR' },
        // The account churns on 2026-04-15, 64 days after the invoice.
        {
          id: 'churn-1',
          kind: 'churn',
          date: '2026-04-15',
          accountId: ACME.id,
          currency: 'EUR',
          amount: 1,
          productLine: 'Core',
        },
      ],
    });
    await createPublishedPlan(api, { id: 'eu', name: 'EU commissions', text: PLAN_TEXT });
    await importRecords(api, {
      Assignments: [{ id: 'as-us', participantId: 'p-us', planId: 'eu', from: '2025-01-01' }],
    });
    // 1.05 from 2025 (the quarters before pay nothing), 1.08 from February 2026 (the invoice),
    // 1.25 from June (Q2's payment date, 2026-06-30).
    await asAdmin(
      'mutation ($rates: [ExchangeRateInput!]!) { setExchangeRates(rates: $rates) { __typename } }',
      {
        rates: [
          { from: 'EUR', to: 'USD', rate: 1.05, date: '2025-01-01' },
          { from: 'EUR', to: 'USD', rate: 1.08, date: '2026-02-01' },
          { from: 'EUR', to: 'USD', rate: 1.25, date: '2026-06-01' },
        ],
      },
    );
  });

  it('takes back a deal of a stored earlier run at the rate it was paid at, netting to zero in USD', async () => {
    await calculate('2026-Q1');
    // Q1: 5% of 2,000.00 EUR = 100.00 EUR at 1.08 (2026-02-10) = 108.00 USD.
    expect((await statement('2026-Q1')).payTotal.minorUnits).toBe(10_800);
    await calculate('2026-Q2');
    const q2 = await statement('2026-Q2');
    // Q2 reads Q1 from its stored run: -100.00 EUR at 10,800 / 10,000 = 1.08 is -108.00 USD
    // (not -125.00 USD at the payment date's 1.25); with Q2's 0.00 commission it pays -108.00 USD.
    expect(q2.lines.find((line) => line.kind === 'clawback')).toEqual({
      kind: 'clawback',
      amount: { minorUnits: -10_000 },
      payAmount: { minorUnits: -10_800, currency: 'USD' },
      exchangeRate: 1.08,
      conversion: { at: 'CLAWED_BACK_RATE', rates: [] },
    });
    expect(q2.payTotal.minorUnits).toBe(-10_800);
  });
});
