/**
 * A recoverable draw through the API: each month is calculated on its own, as an admin does; the
 * balance carried into a month is the top-ups minus the recoveries of the earlier months'
 * current runs, so it agrees with what was approved plus the corrections carried since.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importRecords } from '../support/org-fixtures.js';
import { ACME, teamOne, usdOrder, usdParticipant } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

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
  calculatePayouts(planId: "draws", period: $period) {
    __typename ... on PayoutRun { id status stage total { minorUnits } } ... on Error { code message }
  }
}`;

const APPROVE = `mutation ($runId: ID!) {
  approvePayoutRun(runId: $runId) { __typename ... on Error { code message } }
}`;

const STATEMENT = `query ($period: String!) {
  statements(participantId: "p-ann", period: $period) {
    total { minorUnits }
    lines { component kind amount { minorUnits } explanationText }
    draw {
      rule recoverable earnings { minorUnits } minimum { minorUnits } openingBalance { minorUnits }
      topUp { minorUnits } recovered { minorUnits } closingBalance { minorUnits formatted }
    }
    adjustmentLines { kind code correctsPeriod amount { minorUnits } }
  }
}`;

interface StatementView {
  total: { minorUnits: number };
  lines: { component: string; kind: string; amount: { minorUnits: number }; explanationText: string }[];
  draw: {
    rule: string;
    recoverable: boolean;
    earnings: { minorUnits: number };
    minimum: { minorUnits: number };
    openingBalance: { minorUnits: number };
    topUp: { minorUnits: number };
    recovered: { minorUnits: number };
    closingBalance: { minorUnits: number; formatted: string };
  } | null;
  adjustmentLines: {
    kind: string;
    code: string;
    correctsPeriod: string | null;
    amount: { minorUnits: number };
  }[];
}

describe('draws through the API', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let approver: string;

  async function calculate(period: string): Promise<{ id: string; total: { minorUnits: number } }> {
    const response = await api.graphql<{
      calculatePayouts: { id: string; status: string; total: { minorUnits: number } };
    }>(CALCULATE, { period }, api.keys.analyst);
    expect(response.data?.calculatePayouts.status, JSON.stringify(response)).toBe('complete');
    return response.data!.calculatePayouts;
  }

  async function statement(period: string): Promise<StatementView> {
    const response = await api.graphql<{ statements: StatementView[] }>(
      STATEMENT,
      { period },
      api.keys.admin,
    );
    expect(response.data?.statements, JSON.stringify(response)).toHaveLength(1);
    return response.data!.statements[0]!;
  }

  beforeAll(async () => {
    api = await createTestApp(store.db);
    approver = (
      await createApiKey(api.repositories, { name: 'second admin', role: 'admin', participantId: null })
    ).secret;
    await createPublishedPlan(api, { id: 'draws', name: 'Commission with a draw', text: DRAW_PLAN });
    // Ann sells 4,000.00 in January, nothing in February, 15,000.00 in March: 10% earns 400.00, 0, 1,500.00.
    await importRecords(api, {
      Participants: [usdParticipant('p-ann', 'Ann Example', 4_000_000)],
      Teams: [teamOne(['p-ann', 'member'])],
      Accounts: [ACME],
      Assignments: [{ id: 'as-ann', participantId: 'p-ann', planId: 'draws', from: '2025-01-01' }],
      Facts: [
        usdOrder('o-jan', '2025-01-15', 400_000, 'p-ann'),
        usdOrder('o-mar', '2025-03-10', 1_500_000, 'p-ann'),
      ],
    });
  });

  it('tops up, carries the balance of the approved month and recovers from the earnings above the minimum', async () => {
    const january = await calculate('2025-01');
    const approved = await api.graphql<{ approvePayoutRun: { __typename: string } }>(
      APPROVE,
      { runId: january.id },
      approver,
    );
    expect(approved.data?.approvePayoutRun.__typename, JSON.stringify(approved)).toBe('PayoutApproval');
    // January: 400.00 earned, topped up by 600.00 to the 1,000.00 minimum.
    expect(january.total.minorUnits).toBe(100_000);
    // February: nothing earned, topped up by 1,000.00; balance 600.00 + 1,000.00 = 1,600.00.
    expect((await calculate('2025-02')).total.minorUnits).toBe(100_000);
    // March: 1,500.00 earned, 500.00 above the minimum recovered; balance 1,600.00 - 500.00 = 1,100.00.
    await calculate('2025-03');
    const march = await statement('2025-03');
    expect(march.total.minorUnits).toBe(100_000);
    expect(march.lines.map((l) => [l.component, l.kind, l.amount.minorUnits])).toEqual([
      ['Commission', 'payout', 150_000],
      ['draw recovery', 'draw_recovery', -50_000],
    ]);
    expect(march.draw).toEqual({
      rule: 'draw 1,000 per month, recoverable, from 2025-01 to 2025-06',
      recoverable: true,
      earnings: { minorUnits: 150_000 },
      minimum: { minorUnits: 100_000 },
      openingBalance: { minorUnits: 160_000 },
      topUp: { minorUnits: 0 },
      recovered: { minorUnits: 50_000 },
      closingBalance: { minorUnits: 110_000, formatted: '1,100.00 USD' },
    });
    expect(march.lines[1]?.explanationText).toContain('500.00 USD of the 1,600.00 USD balance recovered');
    const january2 = await statement('2025-01');
    expect(january2.lines.map((l) => [l.kind, l.amount.minorUnits])).toEqual([
      ['payout', 40_000],
      ['draw', 60_000],
    ]);
  });

  it('after a recalculation of the approved month, carries the balance of what was approved plus the correction', async () => {
    // A late change: January's sale was 9,000.00 (900.00 earned, so a top-up of 100.00).
    await importRecords(api, { Facts: [usdOrder('o-jan', '2025-01-15', 900_000, 'p-ann')] });
    await calculate('2025-01');
    // The correction, paid in February (the next open month): Commission +500.00, top-up -500.00.
    // January paid 1,000.00 either way, so it nets to 0.
    await calculate('2025-02');
    const february = await statement('2025-02');
    expect(february.adjustmentLines.map((l) => [l.code, l.correctsPeriod, l.amount.minorUnits])).toEqual([
      ['Commission', '2025-01', 50_000],
      ['draw:top-up', '2025-01', -50_000],
    ]);
    // February now carries January's recalculated top-up: 100.00 + 1,000.00 = 1,100.00.
    expect(february.draw).toMatchObject({
      openingBalance: { minorUnits: 10_000 },
      closingBalance: { minorUnits: 110_000 },
    });
    // March: 1,100.00 carried in, 500.00 recovered, 600.00 left.
    await calculate('2025-03');
    expect((await statement('2025-03')).draw).toMatchObject({
      openingBalance: { minorUnits: 110_000 },
      recovered: { minorUnits: 50_000 },
      closingBalance: { minorUnits: 60_000 },
    });
  });
});
