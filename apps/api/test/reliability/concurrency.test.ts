import { beforeAll, describe, expect, it } from 'vitest';
import { CALCULATE_Q1, PAYOUT_DATA, PLAN_TEXT, seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { importMutation, snapshotData } from '../support/org-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PUBLISH = `mutation ($text: String!, $from: Day!, $expected: Int) {
  publishPlanVersion(planId: "simple", effectiveFrom: $from, text: $text, expectedVersion: $expected) {
    __typename
  }
}`;

describe('idempotency and concurrency', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin), {
      calculate: false,
    });
  });

  it('changes nothing when every import of the organisation is sent again', async () => {
    const before = await snapshotData(store.db);
    for (const [kind, records] of Object.entries(PAYOUT_DATA)) {
      const again = await api.graphql<Record<string, unknown>>(
        importMutation(kind as keyof typeof PAYOUT_DATA),
        { records },
        api.keys.admin,
      );
      expect(again.data?.[`import${kind}`]).toEqual({
        __typename: 'ImportResult',
        inserted: 0,
        updated: 0,
        unchanged: records.length,
      });
    }
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('gives exactly one new version from 20 concurrent publishes based on the same version', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.graphql<{ publishPlanVersion: { __typename: string } }>(
          PUBLISH,
          { text: PLAN_TEXT, from: '2026-01-01', expected: 1 },
          api.keys.admin,
        ),
      ),
    );
    const kinds = results.map((result) => result.data?.publishPlanVersion.__typename);
    expect(kinds.filter((kind) => kind === 'PlanVersion')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'ConflictError')).toHaveLength(19);
    expect(await store.db.collection('plan_versions').countDocuments({ planId: 'simple' })).toBe(2);
  });

  it('never gives two of 20 concurrent publishes without an expected version the same number', async () => {
    // Without expectedVersion each publish goes on top of whatever is newest when it reads: some
    // succeed one after another, and two that read the same newest version collide on the unique
    // index of (plan, version), where one of them gets a ConflictError.
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.graphql<{ publishPlanVersion: { __typename: string; version?: number } }>(
          PUBLISH.replace('__typename', '__typename ... on PlanVersion { version }'),
          { text: PLAN_TEXT, from: '2027-01-01' },
          api.keys.admin,
        ),
      ),
    );
    const published = results.flatMap((result) => result.data?.publishPlanVersion.version ?? []);
    const conflicts = results.filter(
      (result) => result.data?.publishPlanVersion.__typename === 'ConflictError',
    );
    expect(published.length + conflicts.length).toBe(20);
    // Versions 1 and 2 exist from before; the winners are 3, 4, ... without gaps or repeats.
    expect(published.sort((a, b) => a - b)).toEqual(
      Array.from({ length: published.length }, (_, index) => index + 3),
    );
    const stored = await store.db.collection('plan_versions').countDocuments({ planId: 'simple' });
    expect(stored).toBe(2 + published.length);
  });

  it('loses no standing exchange rate: of 10 concurrent calls setting different ones, each success is kept and every other is a CONFLICT', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.graphql<{ setExchangeRates: { __typename: string; code?: string; message?: string } }>(
          `mutation ($rates: [ExchangeRateInput!]!) {
            setExchangeRates(rates: $rates) { __typename ... on Error { code message } }
          }`,
          // 1.01, 1.02, ... 1.10: a different standing GBP/JPY rate per call.
          { rates: [{ from: 'GBP', to: 'JPY', rate: 1 + (i + 1) / 100 }] },
          api.keys.admin,
        ),
      ),
    );
    const outcomes = results.map((result) => result.data?.setExchangeRates);
    const succeeded = outcomes.filter((o) => o?.__typename === 'MutationSetExchangeRatesSuccess');
    for (const refused of outcomes.filter((o) => o?.__typename !== 'MutationSetExchangeRatesSuccess')) {
      expect(refused).toMatchObject({
        __typename: 'ConflictError',
        code: 'CONFLICT',
        message: expect.stringContaining('The standing GBP/JPY rate was just set to'),
      });
    }
    // Each success wrote its own generation, none overwrote another's: as many stored as succeeded.
    const stored = await store.db.collection('exchange_rates').find({ from: 'GBP', to: 'JPY' }).toArray();
    expect(stored).toHaveLength(succeeded.length);
    const listed = await api.graphql<{ exchangeRates: { rate: number; date: string | null }[] }>(
      '{ exchangeRates(from: "GBP", to: "JPY") { rate date } }',
      {},
      api.keys.admin,
    );
    expect(listed.data?.exchangeRates).toHaveLength(1);
  });

  it('gives 20 concurrent payout runs of one period one run, one statement each and no duplicate line', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.graphql<{ calculatePayouts: { status: string } }>(CALCULATE_Q1, {}, api.keys.admin),
      ),
    );
    expect(results.every((result) => result.errors === undefined)).toBe(true);
    expect(await store.db.collection('payout_runs').countDocuments({ periodId: '2025-Q1' })).toBe(1);
    const statements = await api.graphql<{
      statements: { lines: { component: string }[]; total: { minorUnits: number } }[];
    }>(
      '{ statements(participantId: "p-ann", period: "2025-Q1") { lines { component } total { minorUnits } } }',
      {},
      api.keys.admin,
    );
    // One plan, one component: one statement with one line. 100,000.00 against a 100,000.00 quota
    // pays 100% of 40,000.00 / 4 = 10,000.00.
    expect(statements.data?.statements).toEqual([
      { lines: [{ component: 'Revenue' }], total: { minorUnits: 1_000_000 } },
    ]);
    expect(await store.db.collection('payout_statements').countDocuments({ periodId: '2025-Q1' })).toBe(2);
  });
});
