import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, startDatabase } from '../src/index.js';

describe('startDatabase with a port', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'attain-port-'));
  let db: Database | undefined;

  afterAll(async () => {
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts on the port of a stopped engine, and a connected client carries on by itself', async () => {
    db = await startDatabase({ dataDir, env: {} });
    const port = Number(new URL(db.uri).port);
    const client = await MongoClient.connect(db.uri, { serverSelectionTimeoutMS: 10_000 });
    try {
      await client
        .db(db.dbName)
        .collection('kept')
        .insertOne({ _id: 'a' as never });
      await db.stop();
      db = await startDatabase({ dataDir, env: {}, port });
      expect(db.uri).toBe(`mongodb://127.0.0.1:${port}/`);
      expect(await client.db(db.dbName).collection('kept').findOne({})).toEqual({ _id: 'a' });
    } finally {
      await client.close();
    }
  });
});
