import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/create-api-key.js';
import { hashKeySecret } from '../src/auth/key-secret.js';
import { useTestDatabase } from './support/database.js';
import { createTestApp, TEST_PARTICIPANT_ID, type TestApp } from './support/test-app.js';

const PARTICIPANTS = '{ participants { edges { node { externalId } } } }';

const CREATE_KEY = `mutation ($name: String!, $role: Role!, $participantId: String, $owner: String) {
  createApiKey(name: $name, role: $role, participantId: $participantId, owner: $owner) {
    __typename
    ... on CreatedApiKey { secret key { id role participantId } }
    ... on Error { code message }
  }
}`;

describe('API keys and authentication', () => {
  const store = useTestDatabase();
  const otherStore = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
  });

  it('answers health without a key', async () => {
    const response = await api.graphql('{ health { status } }');
    expect(response).toMatchObject({ status: 200, data: { health: { status: 'ok' } } });
  });

  it('answers a missing key and a wrong key with the same 401 and no detail', async () => {
    const missing = await api.graphql(PARTICIPANTS);
    const wrong = await api.graphql(PARTICIPANTS, {}, 'attain_not-a-real-key');
    expect(missing.status).toBe(401);
    expect(missing.errors).toEqual([
      expect.objectContaining({
        message:
          'Unauthorized: no valid API key. The usual causes: no "Authorization: Bearer <key>" header (or a malformed one); a mistyped or revoked key; or a key created in another database (create-key prints the database it wrote to, and the start-up banner the command for this server\'s).',
        extensions: { code: 'UNAUTHENTICATED' },
      }),
    ]);
    expect(wrong).toEqual(missing);
  });

  it('answers a key created in another database with the same 401 as no key at all', async () => {
    const other = await createTestApp(otherStore.db);
    const missing = await api.graphql(PARTICIPANTS);
    const fromOtherDatabase = await api.graphql(PARTICIPANTS, {}, other.keys.admin);
    expect((await other.graphql(PARTICIPANTS, {}, other.keys.admin)).status).toBe(200);
    expect(fromOtherDatabase).toEqual(missing);
  });

  it('treats a malformed Authorization header like a missing key', async () => {
    const response = await api.app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${api.keys.admin}` },
      body: JSON.stringify({ query: PARTICIPANTS }),
    });
    expect(response.status).toBe(401);
  });

  it('creates a key whose secret works at once and is stored only as its sha256 hash', async () => {
    const created = await api.graphql<{ createApiKey: { secret: string; key: { id: string } } }>(
      CREATE_KEY,
      { name: 'dashboard', role: 'service' },
      api.keys.admin,
    );
    const { secret, key } = created.data!.createApiKey;
    expect(secret).toMatch(/^attain_/);
    const stored = await store.db.collection('api_keys').findOne({ _id: key.id as never });
    expect(stored?.hash).toBe(hashKeySecret(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
    const read = await api.graphql(PARTICIPANTS, {}, secret);
    expect(read.status).toBe(200);
  });

  it('stops accepting a revoked key with the next request', async () => {
    const created = await api.graphql<{ createApiKey: { secret: string; key: { id: string } } }>(
      CREATE_KEY,
      { name: 'to revoke', role: 'analyst', owner: 'avery@example.com' },
      api.keys.admin,
    );
    const { secret, key } = created.data!.createApiKey;
    expect((await api.graphql(PARTICIPANTS, {}, secret)).status).toBe(200);
    const revoked = await api.graphql<{ revokeApiKey: { revokedAt: string | null } }>(
      'mutation ($id: ID!) { revokeApiKey(id: $id) { ... on ApiKey { revokedAt } } }',
      { id: key.id },
      api.keys.admin,
    );
    expect(revoked.data?.revokeApiKey.revokedAt).toEqual(expect.any(String));
    const after = await api.graphql(PARTICIPANTS, {}, secret);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each(['admin', 'analyst'] as const)(
    'refuses an %s key without an owner, naming the argument and how to give one, and writes no key',
    async (role) => {
      const before = await store.db.collection('api_keys').countDocuments();
      const response = await api.graphql<{
        createApiKey: { __typename: string; field?: string; message: string };
      }>(
        `mutation ($role: Role!) { createApiKey(name: "no owner", role: $role) { __typename ... on InvalidInputError { field message } } }`,
        { role },
        api.keys.admin,
      );
      expect(response.data?.createApiKey).toMatchObject({ __typename: 'InvalidInputError', field: 'owner' });
      expect(response.data?.createApiKey.message).toContain(
        `an ${role} key needs owner: who holds it, e.g. owner: "dana@example.com"`,
      );
      expect(await store.db.collection('api_keys').countDocuments()).toBe(before);
    },
  );

  it('keeps accepting an admin key created before owners were required', async () => {
    // As keys were stored before: no owner.
    const { secret, key } = await createApiKey(api.repositories, { name: 'old admin', role: 'admin' });
    expect(key.owner).toBeNull();
    const listed = await api.graphql<{ apiKeys: { id: string; owner: string | null }[] }>(
      '{ apiKeys { id owner } }',
      {},
      secret,
    );
    expect(listed.data?.apiKeys).toContainEqual({ id: key.id, owner: null });
  });

  it('returns NOT_FOUND when revoking an unknown key', async () => {
    const response = await api.graphql(
      'mutation { revokeApiKey(id: "nope") { __typename ... on Error { code message } } }',
      {},
      api.keys.admin,
    );
    expect(response.data).toEqual({
      revokeApiKey: {
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
        message: 'No API key has id "nope"; list them with the apiKeys query.',
      },
    });
  });

  it('refuses a participant key without a participant, and writes no key', async () => {
    const before = await store.db.collection('api_keys').countDocuments();
    const response = await api.graphql(CREATE_KEY, { name: 'rep', role: 'participant' }, api.keys.admin);
    expect(response.data).toMatchObject({
      createApiKey: { __typename: 'InvalidInputError', code: 'INVALID_INPUT' },
    });
    expect(await store.db.collection('api_keys').countDocuments()).toBe(before);
  });

  it('refuses a participant key for an unknown participant, and writes no key', async () => {
    const before = await store.db.collection('api_keys').countDocuments();
    const response = await api.graphql(
      CREATE_KEY,
      { name: 'rep', role: 'participant', participantId: 'ghost' },
      api.keys.admin,
    );
    expect(response.data).toMatchObject({ createApiKey: { __typename: 'NotFoundError', code: 'NOT_FOUND' } });
    expect(await store.db.collection('api_keys').countDocuments()).toBe(before);
  });

  it('refuses to bind an admin key to a participant', async () => {
    const response = await api.graphql(
      CREATE_KEY,
      { name: 'odd', role: 'admin', participantId: TEST_PARTICIPANT_ID },
      api.keys.admin,
    );
    expect(response.data).toMatchObject({ createApiKey: { __typename: 'InvalidInputError' } });
  });

  it.each(['analyst', 'participant', 'service'] as const)(
    'forbids a %s key to create or list keys',
    async (role) => {
      const before = await store.db.collection('api_keys').countDocuments();
      const create = await api.graphql(CREATE_KEY, { name: 'sneaky', role: 'admin' }, api.keys[role]);
      expect(create.status).toBe(403);
      expect(create.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await store.db.collection('api_keys').countDocuments()).toBe(before);
      const list = await api.graphql('{ apiKeys { id } }', {}, api.keys[role]);
      expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    },
  );

  it('lists keys to an admin without any secret or hash', async () => {
    const response = await api.graphql<{ apiKeys: Record<string, unknown>[] }>(
      '{ apiKeys { id name role participantId createdAt revokedAt } }',
      {},
      api.keys.admin,
    );
    const roles = response.data!.apiKeys.map((key) => key.role);
    expect(roles).toEqual(expect.arrayContaining(['admin', 'analyst', 'participant', 'service']));
    expect(JSON.stringify(response.data)).not.toMatch(/attain_|hash/);
  });
});
