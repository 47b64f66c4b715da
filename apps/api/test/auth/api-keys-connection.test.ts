import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PAGE = `query ($after: String) {
  apiKeysConnection(first: 3, after: $after) {
    edges { cursor node { id name } } pageInfo { hasNextPage endCursor }
  }
}`;

interface Page {
  apiKeysConnection: {
    edges: { cursor: string; node: { id: string; name: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('apiKeysConnection', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    for (const name of ['one', 'two', 'three'])
      await createApiKey(api.repositories, { name, role: 'service' });
  });

  it('pages through every key, the same ones the unpaged apiKeys lists, each once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const response = await api.graphql<Page>(PAGE, { after }, api.keys.admin);
      const connection: Page['apiKeysConnection'] = response.data!.apiKeysConnection;
      expect(connection.edges.length).toBeLessThanOrEqual(3);
      seen.push(...connection.edges.map((edge) => edge.node.id));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages += 1;
    } while (after !== null);
    const all = await api.graphql<{ apiKeys: { id: string }[] }>('{ apiKeys { id } }', {}, api.keys.admin);
    // The test app's four keys (one per role) and the three above: 7 keys, 3 + 3 + 1.
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect([...seen].sort()).toEqual(all.data!.apiKeys.map((key) => key.id).sort());
  });

  it('refuses a page over 100 keys with BAD_USER_INPUT', async () => {
    const response = await api.graphql(
      '{ apiKeysConnection(first: 101) { edges { cursor } } }',
      {},
      api.keys.admin,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
