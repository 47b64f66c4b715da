import { beforeAll, describe, expect, it } from 'vitest';
import { seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/*
 * A reader that read a generation's manifest and then finds one of its blocks gone (a vacuum
 * removed it mid-read) stops with FactsChangedError. The moment between the two reads cannot be
 * hit on purpose, so the test removes the blocks of the current generation from the real
 * database, and reads through a second app (another API process) that has cached none of them:
 * the reader meets exactly what it meets after such a vacuum.
 */

describe('a reader meeting a fact block a vacuum removed', () => {
  const store = useTestDatabase();
  let reader: TestApp;

  beforeAll(async () => {
    const writer = await createTestApp(store.db);
    await seedPayouts((query, variables) => writer.graphql(query, variables, writer.keys.admin), {
      calculate: false,
    });
    reader = await createTestApp(store.db);
    expect((await store.db.collection('fact_blocks').deleteMany({})).deletedCount).toBeGreaterThan(0);
  });

  it('answers a calculation with a typed FACTS_CHANGED result that says to run it again', async () => {
    const response = await reader.graphql<{
      calculatePayouts: { __typename: string; code: string; message: string };
    }>(
      'mutation { calculatePayouts(planId: "simple", period: "2025-Q1") { __typename ... on Error { code message } } }',
      {},
      reader.keys.admin,
    );
    expect(response.data?.calculatePayouts, JSON.stringify(response)).toMatchObject({
      __typename: 'FactsChangedError',
      code: 'FACTS_CHANGED',
    });
    expect(response.data?.calculatePayouts.message).toMatch(
      /changed while they were being read .* run it again/,
    );
  });

  it('answers a facts query with the FACTS_CHANGED code and its message, not a masked error', async () => {
    const response = await reader.graphql(
      '{ facts(first: 10) { edges { node { id } } } }',
      {},
      reader.keys.admin,
    );
    expect(response.errors?.[0]?.extensions?.code, JSON.stringify(response)).toBe('FACTS_CHANGED');
    expect(response.errors?.[0]?.message).toContain('run it again');
  });
});
