/**
 * Issue 10, items 4 and 6, as a plan author meets them through the API: the unit of an
 * expression around a goal or a plain number, and goals read in another time window.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { importMutation, importRecords } from '../support/org-fixtures.js';
import { ACME, teamOne, usdOrder, usdParticipant, usdQuota } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const quota = (periodId: string, valueMinor: number) =>
  usdQuota(`g-ann-${periodId}`, 'p-ann', periodId, valueMinor);

// Ann: 40,000.00 a year, so 10,000.00 a quarter. Quotas: 2024-Q2 50,000.00, 2025-Q1 100,000.00,
// 2025-Q2 200,000.00, none for 2025-Q3. Revenue: Q1 110,000.00, Q2 100,000.00, Q3 30,000.00.
const DATA = {
  Participants: [usdParticipant('p-ann', 'Ann', 4_000_000)],
  Teams: [teamOne(['p-ann', 'lead'])],
  Accounts: [ACME],
  Goals: [
    quota('2024-Q2', 5_000_000),
    quota('2025-Q1', 10_000_000),
    quota('2025-Q2', 20_000_000),
    // Meant as 100,000.00 but imported without a currency: a plain number, not money.
    { id: 'g-plain', name: 'Plain quota', ownerId: 'p-ann', periodId: '2025-Q1', value: 100_000 },
  ],
  Facts: [
    usdOrder('o1', '2025-01-15', 6_000_000, 'p-ann'),
    usdOrder('o2', '2025-03-31', 5_000_000, 'p-ann'),
    usdOrder('o3', '2025-05-10', 10_000_000, 'p-ann'),
    usdOrder('o4', '2025-08-01', 3_000_000, 'p-ann'),
  ],
} as const;

const header = (name: string) => `plan "${name}"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure revenue = sum of order.amount
`;

/** Every component pays on the whole quarterly target (no weights), linear 0% to 200%. */
const curve = (input: string) => `  pays curve on ${input}:
    below 0%: 0%
    from 0% up to and including 200%: 0% to 200%
    above 200%: 200%
`;

const PUBLISH = `mutation ($planId: String!, $text: String!) {
  publishPlanVersion(planId: $planId, effectiveFrom: "2025-01-01", text: $text) {
    __typename
    ... on PlanHasErrors { code diagnostics { code severity message range { start { line column } end { line column } } } }
  }
}`;

const CALCULATE = `mutation ($planId: String!, $period: String!) {
  calculatePayouts(planId: $planId, period: $period) { __typename ... on Error { code message } }
}`;

const STATEMENTS = `query ($period: String!) {
  statements(participantId: "p-ann", period: $period) {
    plan { name }
    total { minorUnits }
    warnings { code message }
    lines { component amount { minorUnits } explanationText }
  }
}`;

interface Diagnostic {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
}

interface StatementView {
  plan: { name: string };
  total: { minorUnits: number };
  warnings: { code: string; message: string }[];
  lines: { component: string; amount: { minorUnits: number }; explanationText: string }[];
}

describe('units around literals and goals, and goal windows, through the API', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await importRecords(api, DATA);
  });

  /** Creates the plan, assigns Ann from 2025-01-01 and publishes the text; returns the publish result. */
  async function publish(id: string, text: string) {
    await api.graphql(
      `mutation { createPlan(id: "${id}", name: "${id}") { __typename } }`,
      {},
      api.keys.admin,
    );
    const assigned = await api.graphql<Record<string, { __typename: string }>>(
      importMutation('Assignments'),
      { records: [{ id: `as-${id}`, participantId: 'p-ann', planId: id, from: '2025-01-01' }] },
      api.keys.admin,
    );
    expect(assigned.data?.importAssignments?.__typename).toBe('ImportResult');
    const published = await api.graphql<{
      publishPlanVersion: { __typename: string; diagnostics?: Diagnostic[] };
    }>(PUBLISH, { planId: id, text }, api.keys.admin);
    return published.data?.publishPlanVersion;
  }

  async function statement(planId: string, period: string): Promise<StatementView> {
    const calculated = await api.graphql<{ calculatePayouts: { __typename: string } }>(
      CALCULATE,
      { planId, period },
      api.keys.admin,
    );
    expect(calculated.data?.calculatePayouts.__typename, JSON.stringify(calculated)).toBe('PayoutRun');
    const result = await api.graphql<{ statements: StatementView[] }>(STATEMENTS, { period }, api.keys.admin);
    const found = result.data?.statements.find((s) => s.plan.name === planId);
    expect(found, JSON.stringify(result)).toBeDefined();
    return found as StatementView;
  }

  it('pays a thousandth of the target incentive for "target incentive / 1,000"', async () => {
    const text = `${header('thousandth')}
component "Thousandth" for individual
  pays target incentive / 1,000
`;
    expect((await publish('thousandth', text))?.__typename).toBe('PlanVersion');
    // 10,000.00 / 1,000 = 10.00: the plain 1,000 divides the money, it is not 1,000.00 USD.
    const q1 = await statement('thousandth', '2025-Q1');
    expect(q1.lines.map((l) => l.amount.minorUnits)).toEqual([1_000]);
  });

  it('reads a plain number in a filter on a money field as money in the plan currency', async () => {
    const text = `${header('big-deals')}measure big_deals = sum of order.amount where amount > 55,000

component "Big deals" for individual
  pays 10% of big_deals
`;
    expect((await publish('big-deals', text))?.__typename).toBe('PlanVersion');
    // Q1 orders: 60,000.00 and 50,000.00; only the first is above 55,000.00 (5,500,000 cents).
    // 10% x 60,000.00 = 6,000.00 (comparing with 55,000 cents would keep both: 11,000.00).
    const q1 = await statement('big-deals', '2025-Q1');
    expect(q1.lines.map((l) => l.amount.minorUnits)).toEqual([600_000]);
  });

  it('refuses an untyped goal multiplied by money, saying what is unclear and how to write it', async () => {
    // The plan: ramp is money (10.00 a quarter), so goal x ramp is money x money when
    // "Quota" is money, and "Quota" is used nowhere that says what it is.
    const text = `${header('ramp')}measure ramp = target incentive / 1,000

component "Quota" for individual
${curve('revenue / (goal "Quota" * ramp)')}`;
    const result = await publish('ramp', text);
    expect(result?.__typename).toBe('PlanHasErrors');
    const unclear = result?.diagnostics?.find((d) => d.code === 'UNIT_UNCLEAR');
    // Line 10 is the 'pays curve on' line; `(goal "Quota" * ramp)` spans columns 27 to 47.
    expect(unclear).toMatchObject({
      severity: 'error',
      range: { start: { line: 10, column: 27 }, end: { line: 10, column: 48 } },
    });
    expect(unclear?.message).toContain('goal "Quota"');
    expect(unclear?.message).toMatch(/write/i);
  });

  it('reads a goal scaled by a percentage as money, in cents, and explains it in the currency', async () => {
    const text = `${header('scaled')}
component "Scaled quota" for individual
${curve('revenue / (goal "Quota" * 80%)')}`;
    expect((await publish('scaled', text))?.__typename).toBe('PlanVersion');
    // Q1: 110,000.00 / (80% x 100,000.00 = 80,000.00) = 137.5%; the line pays 137.5% of
    // 10,000.00 = 13,750.00.
    const q1 = await statement('scaled', '2025-Q1');
    expect(q1.lines[0]?.amount.minorUnits).toBe(1_375_000);
    expect(q1.lines[0]?.explanationText).toContain('100,000.00');
    expect(q1.lines[0]?.explanationText).not.toContain('10000000');
    expect(q1.lines[0]?.explanationText).toContain('80,000.00');
  });

  it('refuses to read a goal stored as a plain number where the plan uses it as money', async () => {
    const text = `${header('plain-goal')}
component "Plain" for individual
${curve('revenue / goal "Plain quota"')}`;
    expect((await publish('plain-goal', text))?.__typename).toBe('PlanVersion');
    // Read as cents, 100,000 would be 1,000.00: 110,000.00 / 1,000.00 = 11,000%, capped at 200%,
    // paying 20,000.00. The goal is not money, so it is missing and the line pays 0.
    const q1 = await statement('plain-goal', '2025-Q1');
    expect(q1.lines.map((l) => l.amount.minorUnits)).toEqual([0]);
    const unit = q1.warnings.find((w) => w.code === 'goal-unit');
    expect(unit?.message).toContain("'Plain quota'");
    expect(unit?.message).toContain('currency "USD"');
  });

  it('reads each goal in the window the plan names', async () => {
    const text = `${header('windows')}
component "Prior" for individual
${curve('revenue / goal "Quota" in prior period')}
component "Last year" for individual
${curve('revenue / goal "Quota" in same period last year')}
component "Year to date" for individual
${curve('revenue in year to date / goal "Quota" in year to date')}`;
    expect((await publish('windows', text))?.__typename).toBe('PlanVersion');
    const q2 = await statement('windows', '2025-Q2');
    // Q2 revenue 100,000.00.
    // Prior: / Q1 quota 100,000.00 = 100%, pays 10,000.00 (the Q2 quota would give 50%, 5,000.00).
    // Last year: / 2024-Q2 quota 50,000.00 = 200%, pays 20,000.00.
    // Year to date: (110,000.00 + 100,000.00) / (100,000.00 + 200,000.00) = 70%, pays 7,000.00.
    expect(q2.lines.map((l) => [l.component, l.amount.minorUnits])).toEqual([
      ['Prior', 1_000_000],
      ['Last year', 2_000_000],
      ['Year to date', 700_000],
    ]);
    expect(q2.total.minorUnits).toBe(1_000_000 + 2_000_000 + 700_000);
    // The explanation says which goal was read: the window, and the amount in the currency.
    expect(q2.lines[0]?.explanationText).toContain(
      'goal "Quota" = 100,000.00 USD (participant goal, prior period)',
    );
    expect(q2.lines[2]?.explanationText).toContain('300,000.00 USD (participant goal, year to date)');
  });

  it('names each missing period of a year-to-date goal and pays 0 on it', async () => {
    const q3 = await statement('windows', '2025-Q3');
    // Q3 has no quota: the year-to-date goal (Q1 + Q2 + Q3) is incomplete, so it is missing.
    const line = q3.lines.find((l) => l.component === 'Year to date');
    expect(line?.amount.minorUnits).toBe(0);
    const missing = q3.warnings.filter((w) => w.code === 'goal-missing').map((w) => w.message);
    expect(missing.some((m) => m.includes('2025-Q3') && m.includes('year to date'))).toBe(true);
    expect(missing.some((m) => m.includes('2025-Q1'))).toBe(false);
  });
});
