import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, TEST_PARTICIPANT_ID, type TestApp } from '../support/test-app.js';

const VIEWER = '{ viewer { role participantId } }';

describe('viewer: what a front end learns about its own key', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
  });

  it("answers each key's role, and the participant only for a participant key", async () => {
    for (const role of ['admin', 'analyst', 'service'] as const) {
      const response = await api.graphql(VIEWER, {}, api.keys[role]);
      expect(response.data, role).toEqual({ viewer: { role, participantId: null } });
    }
    const participant = await api.graphql(VIEWER, {}, api.keys.participant);
    expect(participant.data).toEqual({ viewer: { role: 'participant', participantId: TEST_PARTICIPANT_ID } });
  });

  it('answers a request without a key, or with a revoked one, 401', async () => {
    expect((await api.graphql(VIEWER)).status).toBe(401);
    const [key] = (await api.repositories.apiKeys.findAll()).filter((k) => k.role === 'analyst');
    await api.repositories.apiKeys.revoke(key!.id);
    const revoked = await api.graphql(VIEWER, {}, api.keys.analyst);
    expect(revoked.status).toBe(401);
    expect(revoked.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
