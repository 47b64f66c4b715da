/**
 * A commission held until its invoice is paid, through the API: each month is calculated on its
 * own; a held deal is released in the month its payment is dated, and the report lists the deals
 * still held.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importRecords } from '../support/org-fixtures.js';
import { ACME, teamOne, usdOrder, usdParticipant } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const HOLD_PLAN = `plan "Commission on paid invoices"
  period month
  currency USD
  target incentive: annual, not prorated

measure sales = sum of order.amount for individual

component "Commission" for individual
  pays 10% of sales

hold "Commission" until payment
`;

const payment = (id: string, date: string, dealId: string, amount: number) => ({
  id,
  kind: 'payment',
  date,
  accountId: 'a-one',
  currency: 'USD',
  amount,
  dealId,
});

const CALCULATE = `mutation ($period: String!) {
  calculatePayouts(planId: "holds", period: $period) {
    __typename ... on PayoutRun { status total { minorUnits } } ... on Error { code message }
  }
}`;

const STATEMENT = `query ($period: String!) {
  statements(participantId: "p-ann", period: $period) {
    total { minorUnits }
    lines { component kind amount { minorUnits } explanationText }
    holds { held { minorUnits } released { minorUnits } outstanding { component dealId heldInPeriod amount { formatted } } }
  }
}`;

const REPORT = `query ($period: String!) {
  heldPayouts(planId: "holds", period: $period) { participantId component dealId heldInPeriod amount { minorUnits formatted } }
}`;

interface StatementView {
  total: { minorUnits: number };
  lines: { component: string; kind: string; amount: { minorUnits: number }; explanationText: string }[];
  holds: {
    held: { minorUnits: number };
    released: { minorUnits: number };
    outstanding: { component: string; dealId: string; heldInPeriod: string; amount: { formatted: string } }[];
  } | null;
}

async function statementOf(api: TestApp, period: string): Promise<StatementView> {
  const response = await api.graphql<{ statements: StatementView[] }>(STATEMENT, { period }, api.keys.admin);
  expect(response.data?.statements, JSON.stringify(response)).toHaveLength(1);
  return response.data!.statements[0]!;
}

describe('holds through the API', () => {
  const store = useTestDatabase();
  let api: TestApp;
  const statement = (period: string) => statementOf(api, period);

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await createPublishedPlan(api, { id: 'holds', name: 'Commission on paid invoices', text: HOLD_PLAN });
    // January: o1 10,000.00 and o2 5,000.00 (10%: 1,000.00 and 500.00); o2 is paid on 20 January,
    // o1 on 5 March. February: o3 2,000.00 (200.00), never paid.
    await importRecords(api, {
      Participants: [usdParticipant('p-ann', 'Ann Example', 4_000_000)],
      Teams: [teamOne(['p-ann', 'member'])],
      Accounts: [ACME],
      Assignments: [{ id: 'as-ann', participantId: 'p-ann', planId: 'holds', from: '2025-01-01' }],
      Facts: [
        usdOrder('o1', '2025-01-10', 1_000_000, 'p-ann'),
        usdOrder('o2', '2025-01-12', 500_000, 'p-ann'),
        payment('pay-o2', '2025-01-20', 'o2', 500_000),
        usdOrder('o3', '2025-02-10', 200_000, 'p-ann'),
        payment('pay-o1', '2025-03-05', 'o1', 1_000_000),
      ],
    });
    for (const period of ['2025-01', '2025-02', '2025-03']) {
      const run = await api.graphql<{ calculatePayouts: { status: string } }>(
        CALCULATE,
        { period },
        api.keys.analyst,
      );
      expect(run.data?.calculatePayouts.status, JSON.stringify(run)).toBe('complete');
    }
  });

  it('holds a commission until its payment and releases it two months later', async () => {
    const january = await statement('2025-01');
    // 1,500.00 earned; o1's 1,000.00 is held (o2 was paid in January): pays 500.00.
    expect(january.lines.map((l) => [l.kind, l.amount.minorUnits])).toEqual([
      ['payout', 150_000],
      ['hold', -100_000],
    ]);
    expect(january.total.minorUnits).toBe(50_000);
    expect(january.holds?.held.minorUnits).toBe(100_000);
    // February: o3's 200.00 is held too: pays 0.
    expect((await statement('2025-02')).total.minorUnits).toBe(0);
    // March: o1's payment on 5 March releases the 1,000.00 held in January.
    const march = await statement('2025-03');
    expect(march.lines.map((l) => [l.kind, l.amount.minorUnits])).toEqual([
      ['payout', 0],
      ['release', 100_000],
    ]);
    expect(march.total.minorUnits).toBe(100_000);
    expect(march.holds).toEqual({
      held: { minorUnits: 0 },
      released: { minorUnits: 100_000 },
      outstanding: [
        {
          component: 'Commission',
          dealId: 'o3',
          heldInPeriod: '2025-02',
          amount: { formatted: '200.00 USD' },
        },
      ],
    });
    expect(march.lines[1]?.explanationText).toContain('deal o1, held in 2025-01 = 1,000.00 USD');
  });

  it('reports the deals still held at the end of a period, to an analyst', async () => {
    const february = await api.graphql<{ heldPayouts: unknown[] }>(
      REPORT,
      { period: '2025-02' },
      api.keys.analyst,
    );
    expect(february.data?.heldPayouts).toEqual([
      {
        participantId: 'p-ann',
        component: 'Commission',
        dealId: 'o1',
        heldInPeriod: '2025-01',
        amount: { minorUnits: 100_000, formatted: '1,000.00 USD' },
      },
      {
        participantId: 'p-ann',
        component: 'Commission',
        dealId: 'o3',
        heldInPeriod: '2025-02',
        amount: { minorUnits: 20_000, formatted: '200.00 USD' },
      },
    ]);
    // By the end of March o1 is released; o3, never paid, is still there.
    const march = await api.graphql<{ heldPayouts: { dealId: string }[] }>(
      REPORT,
      { period: '2025-03' },
      api.keys.admin,
    );
    expect(march.data?.heldPayouts.map((h) => h.dealId)).toEqual(['o3']);
  });

  it('refuses a report of a period never calculated or of another kind, saying what to do', async () => {
    const never = await api.graphql(REPORT, { period: '2025-06' }, api.keys.admin);
    expect(never.errors?.[0]).toMatchObject({
      message: expect.stringContaining(
        '2025-06 of plan "Commission on paid invoices" has not been calculated',
      ),
      extensions: { code: 'INVALID_INPUT' },
    });
    const quarter = await api.graphql(REPORT, { period: '2025-Q1' }, api.keys.admin);
    expect(quarter.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });
});

describe('a deal held for more than two years through the API', () => {
  const store = useTestDatabase();
  let api: TestApp;
  const months: string[] = [];
  for (let year = 2025; year <= 2027; year++)
    for (let month = 1; month <= 12; month++) months.push(`${year}-${String(month).padStart(2, '0')}`);

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await createPublishedPlan(api, { id: 'holds', name: 'Commission on paid invoices', text: HOLD_PLAN });
    // o-old earns 1,000.00 (10% of 10,000.00) in January 2025; its invoice is paid on 10 March
    // 2027, 26 months later.
    await importRecords(api, {
      Participants: [usdParticipant('p-ann', 'Ann Example', 4_000_000)],
      Teams: [teamOne(['p-ann', 'member'])],
      Accounts: [ACME],
      Assignments: [{ id: 'as-ann', participantId: 'p-ann', planId: 'holds', from: '2025-01-01' }],
      Facts: [
        usdOrder('o-old', '2025-01-10', 1_000_000, 'p-ann'),
        payment('pay-old', '2027-03-10', 'o-old', 1_000_000),
      ],
    });
    // Every month is calculated in order, as an admin does, through March 2027.
    for (const period of months.slice(0, months.indexOf('2027-03') + 1)) {
      const run = await api.graphql<{ calculatePayouts: { status: string } }>(
        CALCULATE,
        { period },
        api.keys.analyst,
      );
      expect(run.data?.calculatePayouts.status, JSON.stringify(run)).toBe('complete');
    }
  });

  it('still reports it held after two years and releases it when its payment arrives', async () => {
    const february = await api.graphql<{ heldPayouts: unknown[] }>(
      REPORT,
      { period: '2027-02' },
      api.keys.analyst,
    );
    expect(february.data?.heldPayouts).toEqual([
      {
        participantId: 'p-ann',
        component: 'Commission',
        dealId: 'o-old',
        heldInPeriod: '2025-01',
        amount: { minorUnits: 100_000, formatted: '1,000.00 USD' },
      },
    ]);
    // March 2027 releases the 1,000.00 held in January 2025 and pays it.
    const march = await statementOf(api, '2027-03');
    expect(march.lines.map((l) => [l.kind, l.amount.minorUnits])).toEqual([
      ['payout', 0],
      ['release', 100_000],
    ]);
    expect(march.total.minorUnits).toBe(100_000);
    expect(march.holds?.outstanding).toEqual([]);
  });
});

describe('a held deal that churns, through the API', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await createPublishedPlan(api, {
      id: 'holds',
      name: 'Commission on paid invoices',
      text: `${HOLD_PLAN}claw back 100% of "Commission" on churn within 180 days\n`,
    });
    // January: o1 10,000.00 earns 1,000.00, held (unpaid). February: o1's customer churns, the
    // invoice is never paid.
    await importRecords(api, {
      Participants: [usdParticipant('p-ann', 'Ann Example', 4_000_000)],
      Teams: [teamOne(['p-ann', 'member'])],
      Accounts: [ACME],
      Assignments: [{ id: 'as-ann', participantId: 'p-ann', planId: 'holds', from: '2025-01-01' }],
      Facts: [
        usdOrder('o1', '2025-01-10', 1_000_000, 'p-ann'),
        { ...payment('c1', '2025-02-05', 'o1', 1_000_000), kind: 'churn', productLine: 'Core' },
      ],
    });
    for (const period of ['2025-01', '2025-02']) {
      const run = await api.graphql<{ calculatePayouts: { status: string } }>(
        CALCULATE,
        { period },
        api.keys.analyst,
      );
      expect(run.data?.calculatePayouts.status, JSON.stringify(run)).toBe('complete');
    }
  });

  it('cancels the hold instead of clawing back the 1,000.00 that was never paid', async () => {
    // January paid 1,000.00 - 1,000.00 held = 0.00.
    expect((await statementOf(api, '2025-01')).total.minorUnits).toBe(0);
    const february = await statementOf(api, '2025-02');
    // No clawback line (it would take 1,000.00 back): a release of 0.00 ends o1's hold.
    expect(february.lines.map((l) => [l.kind, l.amount.minorUnits])).toEqual([
      ['payout', 0],
      ['release', 0],
    ]);
    expect(february.total.minorUnits).toBe(0);
    expect(february.lines[1]?.explanationText).toContain('1,000.00 USD held, cancelled by its clawback');
    expect(february.holds?.outstanding).toEqual([]);
    const report = await api.graphql<{ heldPayouts: unknown[] }>(
      REPORT,
      { period: '2025-02' },
      api.keys.admin,
    );
    expect(report.data?.heldPayouts).toEqual([]);
  });
});
