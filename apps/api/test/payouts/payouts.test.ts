import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importRecords } from '../support/org-fixtures.js';
import {
  ACME,
  SIMPLE_PLAN_TEXT,
  teamOne,
  usdOrder,
  usdParticipant,
  usdQuota,
} from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const DATA = {
  Participants: [usdParticipant('p-ann', 'Ann', 4_000_000), usdParticipant('p-ben', 'Ben', 2_000_000)],
  Teams: [teamOne(['p-ann', 'lead'], ['p-ben', 'member'])],
  Accounts: [ACME],
  Goals: [
    usdQuota('g-ann', 'p-ann', '2025-Q1', 10_000_000),
    usdQuota('g-ben', 'p-ben', '2025-Q1', 10_000_000),
    usdQuota('g-ann-q2', 'p-ann', '2025-Q2', 10_000_000),
  ],
  Facts: [
    usdOrder('o1', '2025-01-15', 6_000_000, 'p-ann'),
    usdOrder('o2', '2025-03-31', 5_000_000, 'p-ann'),
    // The day after the quarter ends: must not count for 2025-Q1.
    usdOrder('o3', '2025-04-01', 9_999_900, 'p-ann'),
    usdOrder('o4', '2025-02-10', 4_000_000, 'p-ben'),
    // 10,000.00 EUR in a USD plan: needs a EUR/USD rate.
    { ...usdOrder('o5', '2025-05-05', 1_000_000, 'p-ann'), currency: 'EUR' },
  ],
  Assignments: [
    { id: 'as-ann', participantId: 'p-ann', planId: 'simple', from: '2025-01-01' },
    { id: 'as-ben', participantId: 'p-ben', planId: 'simple', from: '2025-01-01' },
  ],
} as const;

const CALCULATE = `mutation ($planId: String!, $period: String!) {
  calculatePayouts(planId: $planId, period: $period) {
    __typename
    ... on PayoutRun { id status statementCount total { minorUnits currency formatted } errors { code message } }
    ... on Error { code message }
  }
}`;

const STATEMENTS = `query ($participantId: String!, $period: String!) {
  statements(participantId: $participantId, period: $period) {
    id period currency
    total { minorUnits formatted }
    targetIncentive { minorUnits }
    lines { component kind attainment amount { minorUnits currency formatted } explanationText
            explanation { label value children { label value } } }
  }
}`;

interface Run {
  __typename: string;
  id: string;
  status: string;
  statementCount: number;
  total: { minorUnits: number; currency: string; formatted: string } | null;
}

describe('payouts over GraphQL', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let annKey: string;
  let run: Run;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await createPublishedPlan(api, { id: 'simple', name: 'Simple revenue', text: SIMPLE_PLAN_TEXT });
    await importRecords(api, DATA);
    annKey = (
      await createApiKey(api.repositories, { name: 'ann', role: 'participant', participantId: 'p-ann' })
    ).secret;
    const calculated = await api.graphql<{ calculatePayouts: Run }>(
      CALCULATE,
      { planId: 'simple', period: '2025-Q1' },
      api.keys.admin,
    );
    run = calculated.data?.calculatePayouts as Run;
  });

  it('stores a complete run whose total is the sum of the statements', () => {
    // Ann: 110% attainment pays 110% of 10,000.00 = 11,000.00; Ben: 40% is below 50% and pays 0.
    expect(run).toMatchObject({
      __typename: 'PayoutRun',
      status: 'complete',
      statementCount: 2,
      total: { minorUnits: 1_100_000, currency: 'USD', formatted: '11,000.00 USD' },
    });
  });

  it("pays a participant's line from the hand-computed curve, with its explanation", async () => {
    const result = await api.graphql<{
      statements: { lines: { explanationText: string; explanation: { children: unknown[] } }[] }[];
    }>(STATEMENTS, { participantId: 'p-ann', period: '2025-Q1' }, api.keys.analyst);
    const [statement] = result.data?.statements ?? [];
    // Quarter target: 40,000.00 / 4 = 10,000.00. Revenue in Q1: 60,000.00 + 50,000.00 = 110,000.00
    // (the 99,999.00 order of 1 April is in Q2). Attainment 110,000 / 100,000 = 110%; the line from
    // (50%, 50%) to (150%, 150%) pays 110%: 1.10 x 10,000.00 = 11,000.00.
    expect(statement).toMatchObject({
      period: '2025-Q1',
      currency: 'USD',
      total: { minorUnits: 1_100_000, formatted: '11,000.00 USD' },
      targetIncentive: { minorUnits: 1_000_000 },
      lines: [
        {
          component: 'Revenue',
          kind: 'payout',
          attainment: 1.1,
          amount: { minorUnits: 1_100_000, currency: 'USD', formatted: '11,000.00 USD' },
        },
      ],
    });
    const line = statement?.lines[0];
    expect(line?.explanation.children.length).toBeGreaterThan(0);
    // The text docs/api-payouts.md shows: every amount in USD with its cents, never minor units.
    expect(line?.explanationText).toBe(
      [
        'Revenue = 11,000.00 USD (weight 100%, exact 11,000.00 USD rounded half-even (USD, 2 digits))',
        '  revenue / goal "Quota" = 110%',
        '    revenue = 110,000.00 USD',
        '      sum of order.amount = 110,000.00 USD (sum of order.amount for individual in period)',
        '    goal "Quota" = 100,000.00 USD (participant goal)',
        '  tier = 110% (tier 2: from 50% up to and including 150%: 50% to 150%, linear)',
        '  component target = 10,000.00 USD',
        // Ann's 40,000.00 a year, a quarter of it for the 90 days of Q1 she was on the plan.
        '    target incentive = 10,000.00 USD (40,000.00 USD a year x 1/4 for the quarter, not prorated)',
        "      annual target incentive = 40,000.00 USD (from the participant's record)",
        '      share of the year = 25% (a quarter is 1/4 of the year)',
        '      days on the plan = 90 (2025-01-01 to 2025-03-31, actual days)',
        "      days in the period = 90 (the quarter's actual days)",
        "      this stretch's share of the period = 100% (its days of all the days on the plan in the quarter)",
      ].join('\n'),
    );
  });

  it('pays nothing below the threshold and says so on the line', async () => {
    const result = await api.graphql<{
      statements: { total: { minorUnits: number }; lines: { attainment: number }[] }[];
    }>(STATEMENTS, { participantId: 'p-ben', period: '2025-Q1' }, api.keys.admin);
    // 40,000.00 / 100,000.00 = 40%, below the 50% threshold.
    expect(result.data?.statements[0]).toMatchObject({
      total: { minorUnits: 0 },
      lines: [{ attainment: 0.4 }],
    });
  });

  it('returns the existing run when nothing changed instead of writing a duplicate', async () => {
    const again = await api.graphql<{ calculatePayouts: Run }>(
      CALCULATE,
      { planId: 'simple', period: '2025-Q1' },
      api.keys.admin,
    );
    expect(again.data?.calculatePayouts.id).toBe(run.id);
    expect(await store.db.collection('payout_runs').countDocuments({ periodId: '2025-Q1' })).toBe(1);
    expect(await store.db.collection('payout_statements').countDocuments({ periodId: '2025-Q1' })).toBe(2);
  });

  it('gives 5 concurrent identical calculations one run with one set of statements', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.graphql<{ calculatePayouts: Run }>(
          CALCULATE,
          { planId: 'simple', period: '2025-Q3' },
          api.keys.admin,
        ),
      ),
    );
    const ids = new Set(results.map((result) => result.data?.calculatePayouts.id));
    expect(ids.size).toBe(1);
    expect(await store.db.collection('payout_runs').countDocuments({ periodId: '2025-Q3' })).toBe(1);
    // Ann and Ben each get one statement for Q3 (no orders, no goals: 0 each).
    expect(await store.db.collection('payout_statements').countDocuments({ periodId: '2025-Q3' })).toBe(2);
  });

  it('replaces a run whose process died half-way, and never shows it as complete', async () => {
    // Simulate a crash of the Q1 run: still "running" an hour later, one statement written.
    const runs = store.db.collection('payout_runs');
    const statements = store.db.collection('payout_statements');
    const crashed = await runs.findOne({ periodId: '2025-Q1', status: 'complete' });
    await runs.updateOne(
      { _id: crashed?._id },
      { $set: { status: 'running', createdAt: new Date(Date.now() - 3_600_000), finishedAt: null } },
    );
    await statements.deleteOne({ runId: crashed?._id, participantId: 'p-ben' });
    // Read as a process started after the crash would: `api` still holds the run it saw
    // complete, a state that this edit behind its back takes away (runs never go back).
    const startedAfterCrash = await createTestApp(store.db);
    const whileCrashed = await startedAfterCrash.graphql<{ statements: unknown[] }>(
      STATEMENTS,
      { participantId: 'p-ann', period: '2025-Q1' },
      api.keys.admin,
    );
    expect(whileCrashed.data?.statements).toEqual([]);
    // Nor by id: Ann's statement of the crashed run is stored, but its run never completed.
    const NODE = 'query ($id: ID!) { node(id: $id) { id } }';
    const annsOfCrashed = Buffer.from(`Statement:${crashed?._id}/p-ann`).toString('base64');
    const byId = await startedAfterCrash.graphql<{ node: unknown }>(
      NODE,
      { id: annsOfCrashed },
      api.keys.admin,
    );
    expect(byId.errors).toBeUndefined();
    expect(byId.data?.node).toBeNull();

    const rerun = await api.graphql<{ calculatePayouts: Run }>(
      CALCULATE,
      { planId: 'simple', period: '2025-Q1' },
      api.keys.admin,
    );
    expect(rerun.data?.calculatePayouts).toMatchObject({ status: 'complete', statementCount: 2 });
    expect(rerun.data?.calculatePayouts.id).not.toBe(run.id);
    expect(await runs.findOne({ _id: crashed?._id })).toMatchObject({
      status: 'failed',
      errors: [expect.objectContaining({ code: 'INTERRUPTED' })],
    });
    const after = await api.graphql<{ statements: { total: { minorUnits: number } }[] }>(
      STATEMENTS,
      { participantId: 'p-ann', period: '2025-Q1' },
      api.keys.admin,
    );
    // The same 11,000.00 as the first run: same inputs, same cents.
    expect(after.data?.statements.map((statement) => statement.total.minorUnits)).toEqual([1_100_000]);
  });

  it("shows a participant key its own statement and nobody else's, by any path", async () => {
    const own = await api.graphql<{ statements: { id: string }[] }>(
      STATEMENTS,
      { participantId: 'p-ann', period: '2025-Q1' },
      annKey,
    );
    expect(own.data?.statements).toHaveLength(1);
    const other = await api.graphql<{ statements: unknown[] }>(
      STATEMENTS,
      { participantId: 'p-ben', period: '2025-Q1' },
      annKey,
    );
    expect(other.data?.statements).toEqual([]);

    const bens = await api.graphql<{ statements: { id: string }[] }>(
      STATEMENTS,
      { participantId: 'p-ben', period: '2025-Q1' },
      api.keys.admin,
    );
    const viaNode = await api.graphql<{ node: unknown }>(
      'query ($id: ID!) { node(id: $id) { id ... on Statement { total { minorUnits } } } }',
      { id: bens.data?.statements[0]?.id },
      annKey,
    );
    expect(viaNode.data?.node).toBeNull();
    const runs = await api.graphql('{ payoutRuns(first: 5) { edges { node { id } } } }', {}, annKey);
    expect(runs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("sums a team's lines for the period", async () => {
    const totals = await api.graphql<{ teamTotals: unknown }>(
      '{ teamTotals(teamId: "t-one", period: "2025-Q1") { totals { minorUnits currency } members { participantId total { minorUnits } } } }',
      {},
      api.keys.service,
    );
    // 11,000.00 for Ann + 0 for Ben.
    expect(totals.data?.teamTotals).toEqual({
      totals: [{ minorUnits: 1_100_000, currency: 'USD' }],
      members: [
        { participantId: 'p-ann', total: { minorUnits: 1_100_000 } },
        { participantId: 'p-ben', total: { minorUnits: 0 } },
      ],
    });
  });

  it('fails a run that needs a missing exchange rate, naming the fact, and completes once the rate is set', async () => {
    const failed = await api.graphql<{
      calculatePayouts: Run & { errors: { code: string; message: string }[] };
    }>(CALCULATE, { planId: 'simple', period: '2025-Q2' }, api.keys.admin);
    expect(failed.data?.calculatePayouts).toMatchObject({ status: 'failed', total: null });
    expect(failed.data?.calculatePayouts.errors[0]?.message).toContain("'o5'");
    const hidden = await api.graphql<{ statements: unknown[] }>(
      STATEMENTS,
      { participantId: 'p-ann', period: '2025-Q2' },
      api.keys.admin,
    );
    expect(hidden.data?.statements).toEqual([]);

    const set = await api.graphql(
      'mutation { setExchangeRates(rates: [{ from: "EUR", to: "USD", rate: 1.1 }]) { __typename } }',
      {},
      api.keys.admin,
    );
    expect(set.errors).toBeUndefined();
    const completed = await api.graphql<{ calculatePayouts: Run }>(
      CALCULATE,
      { planId: 'simple', period: '2025-Q2' },
      api.keys.admin,
    );
    // Q2 revenue: 99,999.00 USD + 10,000.00 EUR x 1.1 = 110,999.00 USD against 100,000.00:
    // 110.999% pays 1.10999 x 10,000.00 = 11,099.90 (Ben has no Q2 goal and no Q2 orders: 0).
    expect(completed.data?.calculatePayouts).toMatchObject({
      status: 'complete',
      total: { minorUnits: 1_109_990, currency: 'USD' },
    });
  });

  it('refuses an exchange rate with an unknown currency and keeps the rates as they were', async () => {
    const before = await store.db.collection('exchange_rates').find({}).toArray();
    const result = await api.graphql<{ setExchangeRates: { __typename: string; message: string } }>(
      'mutation { setExchangeRates(rates: [{ from: "EUR", to: "USD", rate: 1.2 }, { from: "XYZ", to: "USD", rate: 2 }]) { __typename ... on Error { message } } }',
      {},
      api.keys.admin,
    );
    expect(result.data?.setExchangeRates).toMatchObject({ __typename: 'InvalidInputError' });
    expect(result.data?.setExchangeRates.message).toContain('"XYZ" is not an ISO 4217 currency code');
    expect(await store.db.collection('exchange_rates').find({}).toArray()).toEqual(before);
  });

  it.each([
    ['an unknown plan', { planId: 'nope', period: '2025-Q1' }, 'NotFoundError'],
    ['a month for a quarterly plan', { planId: 'simple', period: '2025-07' }, 'InvalidInputError'],
    ['a period that is not one', { planId: 'simple', period: '2025-Q5' }, 'InvalidInputError'],
    [
      'a quarter before any version is in force',
      { planId: 'simple', period: '2019-Q1' },
      'InvalidInputError',
    ],
    ['a year far out of range', { planId: 'simple', period: '9999-Q1' }, 'InvalidInputError'],
  ])('refuses %s with a typed error and writes nothing', async (_name, variables, typename) => {
    const before = await store.db.collection('payout_runs').find({}).toArray();
    const result = await api.graphql<{ calculatePayouts: { __typename: string; message: string } }>(
      CALCULATE,
      variables,
      api.keys.admin,
    );
    expect(result.data?.calculatePayouts.__typename).toBe(typename);
    expect(result.data?.calculatePayouts.message.length).toBeGreaterThan(20);
    expect(await store.db.collection('payout_runs').find({}).toArray()).toEqual(before);
  });
});
