/**
 * What was paid is read from the stored runs: true-ups and running totals subtract the payments
 * of the runs that were stored for the earlier periods, and a statement shows the run a
 * calculation returned. Every period is calculated on its own through the API, as an admin does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importRecords } from '../support/org-fixtures.js';
import { SIMPLE_PLAN_TEXT, usdOrder, usdParticipant } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const CALCULATE = `mutation ($planId: String!, $period: String!) {
  calculatePayouts(planId: $planId, period: $period) {
    __typename
    ... on PayoutRun { id status total { minorUnits } errors { code message } }
    ... on Error { code message }
  }
}`;

const STATEMENTS = `query ($participantId: String!, $period: String!) {
  statements(participantId: $participantId, period: $period) {
    runId
    plan { name }
    total { minorUnits }
    paidEarlier { period runId computed amount { minorUnits } }
    warnings { code message }
    lines { component amount { minorUnits } explanationText }
  }
}`;

interface Run {
  __typename: string;
  id: string;
  status: string;
  total: { minorUnits: number } | null;
  errors: { code: string; message: string }[];
}

interface StatementView {
  runId: string;
  plan: { name: string };
  total: { minorUnits: number };
  paidEarlier: { period: string; runId: string | null; computed: boolean; amount: { minorUnits: number } }[];
  warnings: { code: string; message: string }[];
  lines: { component: string; amount: { minorUnits: number }; explanationText: string }[];
}

const MONTHLY_TRUE_UP = `plan "Monthly commission"
  period month
  currency USD
  target incentive: annual, not prorated
  true-up year to date

measure sales = sum of order.amount for individual

component "Commission" for individual
  pays 10% of sales in year to date
`;

const RUNNING_TOTAL = `plan "Running total"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure sales = sum of order.amount for individual

component "Commission" for individual
  pays rates on sales, retroactive, on the running total:
    up to 100,000: 2%
    from 100,000: 5%
`;

/** One participant on one team with one account, on a plan from a day, with some orders. */
async function importOneRep(
  api: TestApp,
  rep: { id: string; name: string; planId: string; from: string; annualTargetMinor?: number },
  extra: Record<string, readonly unknown[]>,
): Promise<void> {
  await importRecords(api, {
    Participants: [usdParticipant(rep.id, rep.name, rep.annualTargetMinor ?? 6_000_000)],
    Teams: [
      { id: 't-one', name: 'One', members: [{ participantId: rep.id, role: 'rep', from: '2020-01-01' }] },
    ],
    Accounts: [
      { id: 'a-one', name: 'Acme', teamId: 't-one', geography: 'EMEA', vertical: 'retail', segment: 's' },
    ],
    Assignments: [{ id: `as-${rep.id}`, participantId: rep.id, planId: rep.planId, from: rep.from }],
    ...extra,
  });
}

/** Calculates a period; the run's `id` is its stored id (statements name runs by it), not the global one. */
async function calculate(api: TestApp, planId: string, period: string): Promise<Run> {
  const result = await api.graphql<{ calculatePayouts: Run }>(CALCULATE, { planId, period }, api.keys.admin);
  const run = result.data?.calculatePayouts;
  expect(run?.status, JSON.stringify(result)).toBe('complete');
  const [, storedId] = Buffer.from(run?.id ?? '', 'base64')
    .toString('utf8')
    .split(':');
  return { ...(run as Run), id: storedId ?? '' };
}

async function statementOf(api: TestApp, participantId: string, period: string, planName: string) {
  const result = await api.graphql<{ statements: StatementView[] }>(
    STATEMENTS,
    { participantId, period },
    api.keys.admin,
  );
  const found = result.data?.statements.find((s) => s.plan.name === planName);
  expect(found, JSON.stringify(result)).toBeDefined();
  return found as StatementView;
}

describe('year-to-date true-up over stored runs', () => {
  const store = useTestDatabase();
  let api: TestApp;
  const runs: Record<string, Run> = {};

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await createPublishedPlan(api, { id: 'monthly', name: 'Monthly commission', text: MONTHLY_TRUE_UP });
    // On the plan from June: the months before have no statements to compute.
    await importOneRep(
      api,
      { id: 'p-rep', name: 'Rae', planId: 'monthly', from: '2025-06-01' },
      {
        Facts: [
          usdOrder('o-jun', '2025-06-10', 100_000, 'p-rep'),
          usdOrder('o-jul', '2025-07-10', 1_200_000, 'p-rep'),
          usdOrder('o-aug', '2025-08-10', -20_000, 'p-rep'),
          usdOrder('o-sep', '2025-09-10', 110_000, 'p-rep'),
          usdOrder('o-oct', '2025-10-10', 50_000, 'p-rep'),
        ],
      },
    );
    for (const month of ['2025-06', '2025-07', '2025-08', '2025-09', '2025-10']) {
      runs[month] = await calculate(api, 'monthly', month);
    }
  });

  it('pays each month what it earned, so the months add up to 10% of the sales of the year', () => {
    // Sales 1,000 / 12,000 / -200 / 1,100 / 500; to date 1,000 / 13,000 / 12,800 / 13,900 /
    // 14,400; 10% of that is 100 / 1,300 / 1,280 / 1,390 / 1,440 earned to date, minus what the
    // months before paid: 100, 1,300 - 100 = 1,200, 1,280 - 1,300 = -20, 1,390 - 1,280 = 110,
    // 1,440 - 1,390 = 50. Paid in all: 1,440.00 = 10% of 14,400.00.
    const paid = Object.values(runs).map((run) => run.total?.minorUnits);
    expect(paid).toEqual([10_000, 120_000, -2_000, 11_000, 5_000]);
    expect(paid.reduce((sum, amount) => (sum ?? 0) + (amount ?? 0), 0)).toBe(144_000);
  });

  it('names the stored run of every earlier month it subtracted', async () => {
    const october = await statementOf(api, 'p-rep', '2025-10', 'Monthly commission');
    expect(october.paidEarlier).toEqual([
      { period: '2025-06', runId: runs['2025-06']!.id, computed: false, amount: { minorUnits: 10_000 } },
      { period: '2025-07', runId: runs['2025-07']!.id, computed: false, amount: { minorUnits: 120_000 } },
      { period: '2025-08', runId: runs['2025-08']!.id, computed: false, amount: { minorUnits: -2_000 } },
      { period: '2025-09', runId: runs['2025-09']!.id, computed: false, amount: { minorUnits: 11_000 } },
    ]);
    expect(october.warnings.map((w) => w.code)).not.toContain('paid-earlier-computed');
    // 1,440.00 earned to date minus 1,390.00 paid (100 + 1,200 - 20 + 110).
    expect(october.lines[0]?.explanationText).toContain(
      'earned to date 1,440.00 USD minus paid earlier this year 1,390.00 USD',
    );
  });

  it('subtracts what a recalculated month paid, not what it was first calculated at', async () => {
    // A late 500.00 order in June: June is calculated again (a new run, 150.00), then November.
    await importRecords(api, { Facts: [usdOrder('o-jun-late', '2025-06-20', 50_000, 'p-rep')] });
    const june = await calculate(api, 'monthly', '2025-06');
    expect(june.id).not.toBe(runs['2025-06']!.id);
    expect(june.total?.minorUnits).toBe(15_000);
    const november = await calculate(api, 'monthly', '2025-11');
    // 10% of 14,900.00 to date = 1,490.00 earned; paid 150 + 1,200 - 20 + 110 + 50 = 1,490.00
    // (June's new run) -> 0.00. Had the first June run been read, it would pay 50.00.
    expect(november.total?.minorUnits).toBe(0);
    const statement = await statementOf(api, 'p-rep', '2025-11', 'Monthly commission');
    expect(statement.paidEarlier[0]).toMatchObject({ period: '2025-06', runId: june.id });
  });

  it('computes a month nobody calculated, and the statement says it did', async () => {
    // 2026-02 is calculated while 2026-01 never was.
    await importRecords(api, { Facts: [usdOrder('o-jan', '2026-01-15', 30_000, 'p-rep')] });
    const february = await calculate(api, 'monthly', '2026-02');
    // 2026 to date: 300.00 in January; 10% = 30.00 earned, January computed as paying 30.00 -> 0.
    expect(february.total?.minorUnits).toBe(0);
    const statement = await statementOf(api, 'p-rep', '2026-02', 'Monthly commission');
    expect(statement.paidEarlier).toEqual([
      { period: '2026-01', runId: null, computed: true, amount: { minorUnits: 3_000 } },
    ]);
    const warning = statement.warnings.find((w) => w.code === 'paid-earlier-computed');
    expect(warning?.message).toContain('No payout run is stored for 2026-01');
  });
});

describe('running total over stored runs', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await createPublishedPlan(api, { id: 'running', name: 'Running total', text: RUNNING_TOTAL });
    await importOneRep(
      api,
      { id: 'p-rep', name: 'Rae', planId: 'running', from: '2025-01-01' },
      {
        Facts: [
          usdOrder('o-q1', '2025-02-10', 8_000_000, 'p-rep'),
          usdOrder('o-q2', '2025-05-10', 4_000_000, 'p-rep'),
        ],
      },
    );
  });

  it('subtracts what the stored run of the first quarter paid', async () => {
    const q1 = await calculate(api, 'running', '2025-Q1');
    // 80,000.00 to date is below 100,000: 2% = 1,600.00.
    expect(q1.total?.minorUnits).toBe(160_000);
    const q2 = await calculate(api, 'running', '2025-Q2');
    // 120,000.00 to date reaches 5% on all of it: 6,000.00 earned, minus 1,600.00 paid in Q1.
    expect(q2.total?.minorUnits).toBe(440_000);
    const statement = await statementOf(api, 'p-rep', '2025-Q2', 'Running total');
    expect(statement.paidEarlier).toEqual([
      { period: '2025-Q1', runId: q1.id, computed: false, amount: { minorUnits: 160_000 } },
    ]);
  });
});

describe('the run statements show', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await createPublishedPlan(api, { id: 'simple', name: 'Simple revenue', text: SIMPLE_PLAN_TEXT });
    await importOneRep(
      api,
      { id: 'p-ann', name: 'Ann', planId: 'simple', from: '2025-01-01', annualTargetMinor: 4_000_000 },
      {
        Goals: [
          {
            id: 'g-ann',
            name: 'Quota',
            ownerId: 'p-ann',
            periodId: '2025-Q1',
            value: 10_000_000,
            currency: 'USD',
          },
        ],
        Facts: [
          usdOrder('o-usd', '2025-01-15', 6_000_000, 'p-ann'),
          { ...usdOrder('o-eur', '2025-02-15', 4_000_000, 'p-ann'), currency: 'EUR' },
        ],
      },
    );
  });

  async function setRate(rate: number): Promise<void> {
    const result = await api.graphql<{ setExchangeRates: unknown }>(
      'mutation ($rate: Float!) { setExchangeRates(rates: [{ from: "EUR", to: "USD", rate: $rate }]) { __typename } }',
      { rate },
      api.keys.admin,
    );
    expect(result.errors, JSON.stringify(result)).toBeUndefined();
  }

  it('is the run the last calculation returned, also when its inputs came back to earlier ones', async () => {
    await setRate(1.5);
    const first = await calculate(api, 'simple', '2025-Q1');
    await setRate(1);
    const second = await calculate(api, 'simple', '2025-Q1');
    await setRate(1.5);
    const third = await calculate(api, 'simple', '2025-Q1');
    // 60,000 + 40,000 EUR x 1.5 = 120,000.00 of a 100,000.00 quota: 120% of 10,000.00 = 12,000.00;
    // at rate 1: 100% = 10,000.00.
    expect([first, second, third].map((run) => run.total?.minorUnits)).toEqual([
      1_200_000, 1_000_000, 1_200_000,
    ]);
    expect(third.id).not.toBe(second.id);
    const statement = await statementOf(api, 'p-ann', '2025-Q1', 'Simple revenue');
    expect(statement.runId).toBe(third.id);
    expect(statement.total.minorUnits).toBe(1_200_000);
  });

  it('is reused, not rewritten, while nothing else was calculated since', async () => {
    const again = await calculate(api, 'simple', '2025-Q1');
    const statement = await statementOf(api, 'p-ann', '2025-Q1', 'Simple revenue');
    expect(statement.runId).toBe(again.id);
    const again2 = await calculate(api, 'simple', '2025-Q1');
    expect(again2.id).toBe(again.id);
  });
});
