/**
 * A component renamed between plan versions within a year keeps what it paid to date when the
 * new version gives it the old code; without it, the publish warns with what to type. Every
 * period is calculated through the API, as an admin does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importRecords } from '../support/org-fixtures.js';
import { ACME, teamOne, usdOrder, usdParticipant } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const CALCULATE = `mutation ($planId: String!, $period: String!) {
  calculatePayouts(planId: $planId, period: $period) {
    __typename
    ... on PayoutRun { status total { minorUnits } }
    ... on Error { code message }
  }
}`;

const PUBLISH = `mutation ($planId: String!, $text: String!, $from: Day!) {
  publishPlanVersion(planId: $planId, effectiveFrom: $from, text: $text) {
    __typename
    ... on PlanVersion { version check { diagnostics { code severity message range { start { line column } } } } }
    ... on Error { message }
  }
}`;

const STATEMENTS = `query ($participantId: String!, $period: String!) {
  statements(participantId: $participantId, period: $period) {
    total { minorUnits }
    paidEarlier { period amount { minorUnits } }
    lines { component componentCode amount { minorUnits } }
  }
}`;

const VALIDATE = `query ($text: String!, $planId: String, $from: Day) {
  validatePlan(text: $text, planId: $planId, effectiveFrom: $from) { diagnostics { code message } }
}`;

/** A quarterly commission settled year to date; `component` is the component line as written. */
const quarterly = (component: string) => `plan "Quarterly commission"
  period quarter
  currency USD
  target incentive: annual, not prorated
  true-up year to date

measure sales = sum of order.amount for individual

${component} for individual
  pays 10% of sales in year to date
`;

interface Diagnostic {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; column: number } };
}

async function calculate(api: TestApp, planId: string, period: string): Promise<number | undefined> {
  const result = await api.graphql<{ calculatePayouts: { status: string; total: { minorUnits: number } } }>(
    CALCULATE,
    { planId, period },
    api.keys.admin,
  );
  expect(result.data?.calculatePayouts.status, JSON.stringify(result)).toBe('complete');
  return result.data?.calculatePayouts.total.minorUnits;
}

/** Calculates a period and approves its run with a second admin key (four eyes). */
async function calculateAndApprove(api: TestApp, planId: string, period: string): Promise<void> {
  const run = await api.graphql<{ calculatePayouts: { id: string } }>(
    'mutation ($planId: String!, $period: String!) { calculatePayouts(planId: $planId, period: $period) { ... on PayoutRun { id } } }',
    { planId, period },
    api.keys.admin,
  );
  const approver = (
    await createApiKey(api.repositories, { name: `approver ${planId}`, role: 'admin', participantId: null })
  ).secret;
  const approved = await api.graphql<{ approvePayoutRun: { __typename: string } }>(
    'mutation ($runId: ID!) { approvePayoutRun(runId: $runId) { __typename ... on Error { code message } } }',
    { runId: run.data?.calculatePayouts.id },
    approver,
  );
  expect(approved.data?.approvePayoutRun.__typename, JSON.stringify(approved)).toBe('PayoutApproval');
}

async function publish(
  api: TestApp,
  planId: string,
  text: string,
  from = '2026-04-01',
): Promise<Diagnostic[]> {
  const result = await api.graphql<{
    publishPlanVersion: { __typename: string; check: { diagnostics: Diagnostic[] } };
  }>(PUBLISH, { planId, text, from }, api.keys.admin);
  expect(result.data?.publishPlanVersion.__typename, JSON.stringify(result)).toBe('PlanVersion');
  return result.data?.publishPlanVersion.check.diagnostics ?? [];
}

/** One rep on a plan with its own name, with 10,000.00 of orders in 2026-Q1 and 5,000.00 in Q2. */
async function planWithRep(
  api: TestApp,
  planId: string,
  repId: string,
  component = 'component "Commission"',
): Promise<void> {
  await createPublishedPlan(api, { id: planId, name: `Commission ${planId}`, text: quarterly(component) });
  await importRecords(api, {
    Participants: [usdParticipant(repId, repId, 4_000_000)],
    Teams: [{ ...teamOne([repId, 'rep']), id: `t-${planId}` }],
    Accounts: [{ ...ACME, id: `a-${planId}`, teamId: `t-${planId}` }],
    Assignments: [{ id: `as-${repId}`, participantId: repId, planId, from: '2025-01-01' }],
    Facts: [
      { ...usdOrder(`o-${repId}-q1`, '2026-02-10', 1_000_000, repId), accountId: `a-${planId}` },
      { ...usdOrder(`o-${repId}-q2`, '2026-05-10', 500_000, repId), accountId: `a-${planId}` },
    ],
  });
}

describe('a true-up component renamed from 2026-04', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let codedWarnings: Diagnostic[];
  let plainWarnings: Diagnostic[];
  const paid: Record<string, number | undefined> = {};

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await planWithRep(api, 'coded', 'p-coded');
    await planWithRep(api, 'plain', 'p-plain');
    await planWithRep(api, 'recoded', 'p-recoded', 'component "Commission" code "C1"');
    paid['coded Q1'] = await calculate(api, 'coded', '2026-Q1');
    paid['recoded Q1'] = await calculate(api, 'recoded', '2026-Q1');
    paid['plain Q1'] = await calculate(api, 'plain', '2026-Q1');
    codedWarnings = await publish(api, 'coded', quarterly('component "New business" code "Commission"'));
    plainWarnings = await publish(api, 'plain', quarterly('component "New business"'));
    paid['coded Q2'] = await calculate(api, 'coded', '2026-Q2');
    paid['plain Q2'] = await calculate(api, 'plain', '2026-Q2');
    await publish(api, 'recoded', quarterly('component "New business" code "C1"'));
    paid['recoded Q2'] = await calculate(api, 'recoded', '2026-Q2');
  });

  it("subtracts Q1's payment under the old name when the new name keeps the old code", async () => {
    // Q1: 10% of 10,000.00 = 1,000.00. Q2: 10% of 15,000.00 to date = 1,500.00 earned, minus
    // the 1,000.00 "Commission" paid in Q1 (same code) = 500.00.
    expect(paid['coded Q1']).toBe(100_000);
    expect(paid['coded Q2']).toBe(50_000);
    const result = await api.graphql<{ statements: { lines: unknown[]; paidEarlier: unknown[] }[] }>(
      STATEMENTS,
      { participantId: 'p-coded', period: '2026-Q2' },
      api.keys.admin,
    );
    const [statement] = result.data?.statements ?? [];
    expect(statement?.lines).toEqual([
      { component: 'New business', componentCode: 'Commission', amount: { minorUnits: 50_000 } },
    ]);
    expect(statement?.paidEarlier).toEqual([{ period: '2026-Q1', amount: { minorUnits: 100_000 } }]);
  });

  it('matches the stored Q1 line by its code when both versions write one and the names differ', () => {
    // Q1 paid 1,000.00 as "Commission" code "C1"; Q2's "New business" code "C1" earns 1,500.00
    // to date and subtracts it: 500.00. Matched by name it would find nothing and pay 1,500.00.
    expect(paid['recoded Q1']).toBe(100_000);
    expect(paid['recoded Q2']).toBe(50_000);
  });

  it('reads lines of a component without a code as coded by its name', async () => {
    const result = await api.graphql<{ statements: { lines: unknown[] }[] }>(
      STATEMENTS,
      { participantId: 'p-coded', period: '2026-Q1' },
      api.keys.admin,
    );
    expect(result.data?.statements[0]?.lines).toEqual([
      { component: 'Commission', componentCode: 'Commission', amount: { minorUnits: 100_000 } },
    ]);
  });

  it('publishes a version that keeps the code without a rename warning', () => {
    expect(codedWarnings.map((d) => d.code)).not.toContain('COMPONENT_RENAMED');
  });

  it('warns on publishing a rename without the code, at the new name, saying exactly what to type', () => {
    const warning = plainWarnings.find((d) => d.code === 'COMPONENT_RENAMED');
    expect(warning?.severity).toBe('warning');
    // 'component "New business"' is on line 9; the name starts at column 11.
    expect(warning?.range.start).toEqual({ line: 9, column: 11 });
    expect(warning?.message).toContain(
      'Did you rename "Commission" to "New business"? Add code "Commission" to keep its paid to date: write component "New business" code "Commission".',
    );
  });

  it('pays the year to date again without the code, as the warning said it would', () => {
    // "New business" is a new component: nothing paid this year, so 10% of 15,000.00 = 1,500.00.
    expect(paid['plain Q1']).toBe(100_000);
    expect(paid['plain Q2']).toBe(150_000);
  });

  it('warns before publishing when validatePlan is told the plan and the day', async () => {
    const text = quarterly('component "Renewals"');
    const told = await api.graphql<{ validatePlan: { diagnostics: { code: string; message: string }[] } }>(
      VALIDATE,
      { text, planId: 'coded', from: '2026-07-01' },
      api.keys.admin,
    );
    // In force on 2026-06-30: version 2, whose component has the code "Commission".
    const warning = told.data?.validatePlan.diagnostics.find((d) => d.code === 'COMPONENT_RENAMED');
    expect(warning?.message).toContain('Add code "Commission"');
    const alone = await api.graphql<{ validatePlan: { diagnostics: { code: string }[] } }>(
      VALIDATE,
      { text },
      api.keys.admin,
    );
    expect(alone.data?.validatePlan.diagnostics.map((d) => d.code)).not.toContain('COMPONENT_RENAMED');
  });

  it('does not warn for a version that starts a new year, whose true-up starts from nothing paid', async () => {
    const result = await api.graphql<{ validatePlan: { diagnostics: { code: string }[] } }>(
      VALIDATE,
      { text: quarterly('component "Renewals"'), planId: 'coded', from: '2027-01-01' },
      api.keys.admin,
    );
    expect(result.data?.validatePlan.diagnostics.map((d) => d.code)).not.toContain('COMPONENT_RENAMED');
  });
});

describe('a correction of an approved period that a new version renames', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let adjustments: { code: string; amount: { minorUnits: number } }[];

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await planWithRep(api, 'fixed', 'p-fixed');
    await calculateAndApprove(api, 'fixed', '2026-Q1');
    // A version from the start of the year renames the component and keeps its code; a late
    // 1,000.00 order lands in Q1; Q1 is recalculated after its approval.
    await publish(api, 'fixed', quarterly('component "New business" code "Commission"'), '2026-01-01');
    await importRecords(api, {
      Facts: [{ ...usdOrder('o-fixed-late', '2026-03-20', 100_000, 'p-fixed'), accountId: 'a-fixed' }],
    });
    await calculate(api, 'fixed', '2026-Q1');
    const listed = await api.graphql<{
      payoutAdjustments: { code: string; amount: { minorUnits: number } }[];
    }>(
      '{ payoutAdjustments(planId: "fixed", period: "2026-Q2") { code amount { minorUnits } } }',
      {},
      api.keys.admin,
    );
    adjustments = listed.data?.payoutAdjustments ?? [];
  });

  it('carries only the difference, under the code, not the old line taken back and the new one paid', () => {
    // Approved: 10% of 10,000.00 = 1,000.00 as "Commission". Recalculated: 10% of 11,000.00 =
    // 1,100.00 as "New business" code "Commission": a correction of +100.00 under "Commission".
    // Matched by name it would be -1,000.00 "Commission" and +1,100.00 "New business".
    expect(adjustments).toEqual([{ code: 'Commission', amount: { minorUnits: 10_000 } }]);
  });
});
