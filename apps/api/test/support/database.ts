import { randomBytes } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, inject } from 'vitest';

/**
 * Gives the calling test file a fresh, empty database on the run's server, dropped afterwards.
 * Read `.db` inside tests or hooks (it is set in beforeAll).
 */
export function useTestDatabase(): { readonly db: Db; readonly client: MongoClient } {
  const handle = {} as { db: Db; client: MongoClient };
  beforeAll(async () => {
    handle.client = await MongoClient.connect(inject('mongoUri'), { serverSelectionTimeoutMS: 5_000 });
    handle.db = handle.client.db(`test_${randomBytes(6).toString('hex')}`);
  });
  afterAll(async () => {
    await handle.db?.dropDatabase();
    await handle.client?.close();
  });
  return handle;
}
