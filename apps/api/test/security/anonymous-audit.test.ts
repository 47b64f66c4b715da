import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { useTestDatabase } from '../support/database.js';

describe('requests without a key cannot grow the audit log without bound', () => {
  const store = useTestDatabase();
  let app: App;
  const WINDOW_MS = 300;

  beforeAll(() => {
    app = createApp({ db: store.db, anonymousAuditWindowMs: WINDOW_MS });
  });

  const anonymousRevoke = () =>
    app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { revokeApiKey(id: "x") { __typename } }' }),
    });
  const entries = () =>
    store.db
      .collection('audit_log')
      .find({}, { projection: { _id: 0 } })
      .toArray();

  it('writes the first refusal of a window at once and the other 99 as one summary entry', async () => {
    for (let call = 0; call < 100; call += 1) expect((await anonymousRevoke()).status).toBe(401);
    expect(await entries()).toEqual([
      expect.objectContaining({ mutation: 'revokeApiKey', keyId: null, outcome: 'UNAUTHENTICATED' }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS * 3));
    const after = await entries();
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({
      mutation: 'revokeApiKey',
      keyId: null,
      outcome: 'UNAUTHENTICATED',
      arguments: { refusedCalls: '99', since: expect.any(String) },
    });
  });
});
