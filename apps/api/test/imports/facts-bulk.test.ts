import { beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/repositories/index.js';
import { useTestDatabase } from '../support/database.js';
import { importMutation, importOrg } from '../support/org-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** `count` order facts on the fixture accounts, each credited to one participant. */
function orders(count: number, prefix = 'bulk') {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    kind: 'order',
    date: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    accountId: i % 2 === 0 ? 'a-northwind' : 'a-contoso',
    currency: 'EUR',
    amount: 100_000 + i,
    cost: 60_000,
    productLine: i % 3 === 0 ? 'cloud' : 'services',
    repeat: i % 5 === 0,
    credits: [{ participantId: i % 2 === 0 ? 'p-ada' : 'p-cy', share: 1 }],
  }));
}

describe('importFacts at the batch limit', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await importOrg(api);
  });

  it('stores 100,000 facts sent in one call through HTTP', { timeout: 300_000 }, async () => {
    const response = await api.graphql<{ importFacts: Record<string, unknown> }>(
      importMutation('Facts'),
      { records: orders(100_000) },
      api.keys.admin,
    );
    expect(response.status).toBe(200);
    expect(response.data?.importFacts).toEqual({
      __typename: 'ImportResult',
      inserted: 100_000,
      updated: 0,
      unchanged: 0,
    });
    const facts = createRepositories(store.db).facts;
    expect(await facts.countMatching({})).toBe(100_000);
    // The sum of amounts is 100,000 × 100,000 + (0 + 1 + ... + 99,999) = 10,000,000,000 + 4,999,950,000.
    let total = 0;
    for await (const fact of facts.streamMatching({}, { fields: ['amount'] }))
      total += fact.values.amount as number;
    expect(total).toBe(14_999_950_000);
  });

  it('refuses 100,001 facts as a whole and writes none of them', { timeout: 300_000 }, async () => {
    const response = await api.graphql<{ importFacts: Record<string, unknown> }>(
      importMutation('Facts'),
      { records: orders(100_001, 'over') },
      api.keys.admin,
    );
    expect(response.data?.importFacts).toMatchObject({
      __typename: 'InvalidInputError',
      message: 'A batch holds at most 100,000 facts; got 100,001. Split it into several calls.',
    });
    expect(await createRepositories(store.db).facts.findByIds(['over-0', 'over-100000'])).toEqual([]);
  });
});
