import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const ESTIMATE = `query ($participantId: String!, $deals: [HypotheticalDealInput!]!, $period: String) {
  estimatePayout(participantId: $participantId, deals: $deals, period: $period) {
    __typename
    ... on PayoutEstimate {
      period
      currency
      participant { externalId }
      baseline { total { minorUnits } targetIncentive { minorUnits } }
      estimate { total { minorUnits formatted } lines { component amount { minorUnits } explanationText } }
      difference { minorUnits formatted }
      lines { component baseline { minorUnits } estimate { minorUnits } difference { minorUnits } }
    }
    ... on InvalidInputError { code field message }
    ... on Error { code message }
  }
}`;

interface Estimate {
  __typename: string;
  code?: string;
  field?: string;
  message?: string;
  period: string;
  participant: { externalId: string };
  baseline: { total: { minorUnits: number }; targetIncentive: { minorUnits: number } };
  estimate: {
    total: { minorUnits: number; formatted: string };
    lines: { component: string; amount: { minorUnits: number }; explanationText: string }[];
  };
  difference: { minorUnits: number; formatted: string };
  lines: {
    component: string;
    baseline: { minorUnits: number } | null;
    estimate: { minorUnits: number } | null;
    difference: { minorUnits: number };
  }[];
}

/** An order of `amount` minor units on Ann's account, closing in 2025-Q1. */
const deal = (amount: number, date = '2025-03-15') => ({ accountId: 'a-one', date, amount });

describe('estimatePayout (what-if for a rep)', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let annKey: string;
  const estimate = async (key: string, participantId: string, deals: unknown[], period = '2025-Q1') => {
    const response = await api.graphql<{ estimatePayout: Estimate }>(
      ESTIMATE,
      { participantId, deals, period },
      key,
    );
    expect(response.errors).toBeUndefined();
    return response.data!.estimatePayout;
  };

  beforeAll(async () => {
    api = await createTestApp(store.db);
    // Ann and Ben each sell 100,000.00 against a 100,000.00 quota in 2025-Q1 (payout-fixture.ts).
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
    ({ secret: annKey } = await createApiKey(api.repositories, {
      name: 'ann',
      role: 'participant',
      participantId: 'p-ann',
    }));
  });

  it("adds a participant's hypothetical order to the period and returns the new statement and the difference per line", async () => {
    const result = await estimate(annKey, 'p-ann', [deal(2_500_000)]);
    expect(result.__typename).toBe('PayoutEstimate');
    // Target 40,000.00 a year / 4 = 10,000.00 for the quarter.
    expect(result.baseline.targetIncentive.minorUnits).toBe(1_000_000);
    // Without the deal: 100,000.00 / 100,000.00 = 100%, which the curve pays as 100% of 10,000.00.
    expect(result.baseline.total.minorUnits).toBe(1_000_000);
    // With it: 125,000.00 / 100,000.00 = 125%, on the linear stretch 50%..150% -> 125% of
    // 10,000.00 = 12,500.00; the difference is 2,500.00.
    expect(result.estimate.total).toEqual({ minorUnits: 1_250_000, formatted: '12,500.00 USD' });
    expect(result.difference).toEqual({ minorUnits: 250_000, formatted: '2,500.00 USD' });
    expect(result.lines).toEqual([
      {
        component: 'Revenue',
        baseline: { minorUnits: 1_000_000 },
        estimate: { minorUnits: 1_250_000 },
        difference: { minorUnits: 250_000 },
      },
    ]);
    // The estimate's line is explained like a stored one, with the revenue the deal makes.
    expect(result.estimate.lines[0]?.explanationText).toContain('125,000.00 USD');
  });

  it("stops at the curve's cap: a deal that takes attainment past 150% adds only up to 150%", async () => {
    // 100,000.00 + 100,000.00 = 200% of quota, above 150%: pays 150% of 10,000.00 = 15,000.00.
    const result = await estimate(annKey, 'p-ann', [deal(6_000_000), deal(4_000_000, '2025-01-02')]);
    expect(result.estimate.total.minorUnits).toBe(1_500_000);
    expect(result.difference.minorUnits).toBe(500_000);
  });

  it('stores nothing: every collection holds the same documents after an estimate as before', async () => {
    const snapshot = async () => {
      const collections = (await store.db.listCollections().toArray()).map((c) => c.name).sort();
      const contents: Record<string, unknown[]> = {};
      for (const name of collections) {
        contents[name] = await store.db.collection(name).find({}).sort({ _id: 1 }).toArray();
      }
      return contents;
    };
    const before = await snapshot();
    expect(Object.keys(before)).toContain('payout_runs');
    await estimate(annKey, 'p-ann', [deal(2_500_000)]);
    await estimate(api.keys.admin, 'p-ben', [deal(9_000_000)]);
    expect(await snapshot()).toEqual(before);
    // The stored statement still pays what the stored facts give.
    const statements = await api.graphql<{ statements: { total: { minorUnits: number } }[] }>(
      '{ statements(participantId: "p-ann", period: "2025-Q1") { total { minorUnits } } }',
      {},
      annKey,
    );
    expect(statements.data?.statements.map((s) => s.total.minorUnits)).toEqual([1_000_000]);
  });

  it('answers a participant key asking about someone else as about nobody, and readers may ask about anyone', async () => {
    const other = await estimate(annKey, 'p-ben', [deal(2_500_000)]);
    const nobody = await estimate(annKey, 'p-nobody', [deal(2_500_000)]);
    expect(other.__typename).toBe('NotFoundError');
    expect(JSON.stringify(other)).not.toContain('Ben');
    expect(other.message?.replace('p-ben', 'ID')).toBe(nobody.message?.replace('p-nobody', 'ID'));
    const asAnalyst = await estimate(api.keys.analyst, 'p-ben', []);
    expect(asAnalyst.__typename).toBe('PayoutEstimate');
    // No deals: the estimate is the baseline, 10,000.00, with a difference of 0.
    expect(asAnalyst.estimate.total.minorUnits).toBe(1_000_000);
    expect(asAnalyst.difference.minorUnits).toBe(0);
    const noKey = await api.graphql(ESTIMATE, { participantId: 'p-ann', deals: [] });
    expect(noKey.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a deal outside the period or on an unknown account, naming the deal and its field', async () => {
    const late = await estimate(annKey, 'p-ann', [deal(100), deal(100, '2025-04-01')]);
    expect(late).toMatchObject({
      __typename: 'InvalidInputError',
      code: 'INVALID_INPUT',
      field: 'deals[1].date',
    });
    expect(late.message).toBe(
      'Deal 2: 2025-04-01 is outside 2025-Q1 (2025-01-01 to 2025-03-31); the estimate adds deals to that period only.',
    );
    const unknown = await estimate(annKey, 'p-ann', [{ ...deal(100), accountId: 'a-missing' }]);
    expect(unknown).toMatchObject({ __typename: 'InvalidInputError', field: 'deals[0].accountId' });
    expect(unknown.message).toContain('no account has id "a-missing"');
    const badCurrency = await estimate(annKey, 'p-ann', [{ ...deal(100), currency: 'XYZ' }]);
    expect(badCurrency).toMatchObject({ __typename: 'InvalidInputError', field: 'deals[0].currency' });
    const wrongKind = await estimate(annKey, 'p-ann', [deal(100)], '2025-03');
    expect(wrongKind).toMatchObject({ __typename: 'InvalidInputError', field: 'period' });
  });
});
