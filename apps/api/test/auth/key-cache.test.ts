import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyCache } from '../../src/auth/key-cache.js';
import { hashKeySecret } from '../../src/auth/key-secret.js';
import type { ApiKey } from '../../src/repositories/api-keys.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// Short enough to wait out in a test, long enough that a request, a database update and another
// request share a cache hit even on a loaded CI machine.
const TTL_MS = 1_500;
process.env.ATTAIN_KEY_CACHE_MS = String(TTL_MS);

const PARTICIPANTS = '{ participants { edges { node { externalId } } } }';
const CREATE_KEY = `mutation ($name: String!) {
  createApiKey(name: $name, role: analyst, owner: "avery@example.com") { ... on CreatedApiKey { secret key { id } } }
}`;
const REVOKE_KEY = 'mutation ($id: ID!) { revokeApiKey(id: $id) { ... on ApiKey { revokedAt } } }';

describe('the verified-key cache, through the API', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
  });

  async function newKey(name: string): Promise<{ secret: string; id: string }> {
    const created = await api.graphql<{ createApiKey: { secret: string; key: { id: string } } }>(
      CREATE_KEY,
      { name },
      api.keys.admin,
    );
    const { secret, key } = created.data!.createApiKey;
    return { secret, id: key.id };
  }

  it('refuses a cached key on the very next request after revokeApiKey in the same process', async () => {
    const { secret, id } = await newKey('revoked here');
    expect((await api.graphql(PARTICIPANTS, {}, secret)).status).toBe(200);
    expect((await api.graphql(PARTICIPANTS, {}, secret)).status).toBe(200);
    await api.graphql(REVOKE_KEY, { id }, api.keys.admin);
    expect((await api.graphql(PARTICIPANTS, {}, secret)).status).toBe(401);
  });

  it('refuses a key revoked directly in the database (another process) once the TTL has passed', async () => {
    const { secret, id } = await newKey('revoked elsewhere');
    expect((await api.graphql(PARTICIPANTS, {}, secret)).status).toBe(200);
    await store.db
      .collection('api_keys')
      .updateOne({ _id: id as never }, { $set: { revokedAt: new Date() } });
    // Within the TTL this process still trusts its verified copy: that is the documented window.
    expect((await api.graphql(PARTICIPANTS, {}, secret)).status).toBe(200);
    await sleep(TTL_MS + 100);
    expect((await api.graphql(PARTICIPANTS, {}, secret)).status).toBe(401);
  });

  it('never caches a revoked key as valid: revoked before its first use, it is refused at once', async () => {
    const { secret, id } = await newKey('revoked before use');
    await store.db
      .collection('api_keys')
      .updateOne({ _id: id as never }, { $set: { revokedAt: new Date() } });
    expect((await api.graphql(PARTICIPANTS, {}, secret)).status).toBe(401);
    expect((await api.graphql(PARTICIPANTS, {}, secret)).status).toBe(401);
  });

  it('keeps refusing a wrong key however often it is sent', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await api.graphql(PARTICIPANTS, {}, 'attain_wrong')).status).toBe(401);
    }
  });
});

describe('KeyCache', () => {
  const key = (id: string): ApiKey => ({
    id,
    name: id,
    role: 'analyst',
    participantId: null,
    owner: null,
    createdAt: new Date(0),
    revokedAt: null,
  });

  it('holds at most maxEntries keys, dropping the least recently used first', () => {
    const cache = new KeyCache(10_000, 2);
    cache.set(hashKeySecret('a'), key('a'));
    cache.set(hashKeySecret('b'), key('b'));
    cache.get(hashKeySecret('a')); // a is now more recent than b
    cache.set(hashKeySecret('c'), key('c'));
    expect(cache.size).toBe(2);
    expect(cache.get(hashKeySecret('b'))).toBeUndefined();
    expect(cache.get(hashKeySecret('a'))?.id).toBe('a');
    expect(cache.get(hashKeySecret('c'))?.id).toBe('c');
  });

  it('forgets a key ttlMs after it was stored, and stores nothing when ttlMs is 0', () => {
    let now = 1_000;
    const cache = new KeyCache(500, 10, () => now);
    cache.set('h', key('k'));
    now = 1_499;
    expect(cache.get('h')?.id).toBe('k');
    now = 1_500;
    expect(cache.get('h')).toBeUndefined();
    expect(cache.size).toBe(0);
    const off = new KeyCache(0);
    off.set('h', key('k'));
    expect(off.size).toBe(0);
  });
});
