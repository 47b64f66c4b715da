import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, startDatabase } from '@attain/embedded-mongo';
import { type Collection, type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { createRepositories, ensureAllIndexes } from '../../src/repositories/index.js';
import { CALCULATE_Q1, seedPayouts } from '../security/payout-fixture.js';
import { importMutation } from '../support/org-fixtures.js';
import type { GraphQLResponse } from '../support/test-app.js';

/**
 * A private embedded engine that the tests stop and start again on the same port, as a real
 * outage and recovery: the app's driver is never told, it reconnects by itself.
 */
describe('the database stops and comes back', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'attain-outage-'));
  let database: Database;
  let port: number;
  let client: MongoClient;
  let db: Db;
  let adminKey: string;
  /** Set by a test to cut the engine inside a chosen write; see `cutting`. */
  let cutBefore: { collection: string; method: 'bulkWrite' | 'insertMany'; call: number } | null = null;

  async function stopEngine(): Promise<void> {
    await database.stop();
  }

  async function startEngine(): Promise<void> {
    database = await startDatabase({ dataDir, env: {}, port });
  }

  /**
   * The app's view of the database: every collection as it is, except that the chosen write of
   * the chosen collection first stops the engine, so the request is cut exactly there.
   */
  function cutting(real: Db): Db {
    return new Proxy(real, {
      get(target, property, receiver) {
        if (property !== 'collection') return Reflect.get(target, property, receiver);
        return (name: string) => {
          const collection = target.collection(name);
          let calls = 0;
          return new Proxy(collection, {
            get(inner: Collection, method, innerReceiver) {
              const value = Reflect.get(inner, method, innerReceiver);
              if (method !== 'bulkWrite' && method !== 'insertMany') return value;
              return async (...args: unknown[]) => {
                if (cutBefore?.collection === name && cutBefore.method === method) {
                  calls += 1;
                  if (calls === cutBefore.call) {
                    cutBefore = null;
                    await stopEngine();
                  }
                }
                return value.apply(inner, args);
              };
            },
          });
        };
      },
    });
  }

  let app: App;

  async function graphql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse<T>, 'status'>) };
  }

  beforeAll(async () => {
    database = await startDatabase({ dataDir, env: {} });
    port = Number(new URL(database.uri).port);
    // A short server selection timeout so a request during the outage fails in about a second.
    client = await MongoClient.connect(database.uri, { serverSelectionTimeoutMS: 1_000 });
    db = client.db(database.dbName);
    await ensureAllIndexes(db);
    const cut = cutting(db);
    const repositories = createRepositories(cut);
    adminKey = (await createApiKey(repositories, { name: 'outage admin', role: 'admin' })).secret;
    app = createApp({ db: cut, repositories });
  });

  afterAll(async () => {
    await client?.close();
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a clear "database unavailable" error while it is down, and serves again once it is back', async () => {
    expect((await graphql('{ health { database } }')).data).toEqual({ health: { database: 'up' } });
    await stopEngine();
    const down = await graphql('{ participants { edges { node { externalId } } } }');
    expect(down.data ?? null).toBeNull();
    expect(down.errors).toEqual([
      expect.objectContaining({
        message: 'The database is not reachable; nothing was read or written. Try again in a moment.',
        extensions: { code: 'DATABASE_UNAVAILABLE' },
      }),
    ]);
    expect(down.status).toBe(503);
    await startEngine();
    const back = await graphql('{ participants { edges { node { externalId } } } }');
    expect(back).toEqual({ status: 200, data: { participants: { edges: [] } } });
  });

  it('leaves part of an import cut between its chunks, and re-sending the batch completes it exactly', async () => {
    // 6,000 records are written in two chunks of 5,000 and 1,000 (upsertById); the engine stops
    // just before the second chunk's write.
    const records = Array.from({ length: 6_000 }, (_, index) => ({
      id: `p-${String(index).padStart(4, '0')}`,
      name: `Person ${index}`,
      role: 'key account manager',
      geography: 'EMEA',
      vertical: 'retail',
      currency: 'EUR',
      hireDate: '2024-01-01',
    }));
    cutBefore = { collection: 'participants', method: 'bulkWrite', call: 2 };
    const cut = await graphql(importMutation('Participants'), { records });
    expect(cut.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    await startEngine();
    expect(await db.collection('participants').countDocuments()).toBe(5_000);

    const resent = await graphql<{ importParticipants: unknown }>(importMutation('Participants'), {
      records,
    });
    expect(resent.data?.importParticipants).toEqual({
      __typename: 'ImportResult',
      inserted: 1_000,
      updated: 0,
      unchanged: 5_000,
    });
    expect(await db.collection('participants').countDocuments()).toBe(6_000);
  });

  it('never shows a payout run cut by the outage as complete, and a rerun completes it', async () => {
    await seedPayouts(graphql, { calculate: false });
    // The run is started, then the engine stops as its statements are written.
    cutBefore = { collection: 'payout_statements', method: 'insertMany', call: 1 };
    const cut = await graphql(CALCULATE_Q1);
    expect(cut.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    await startEngine();

    const STATEMENTS = '{ statements(participantId: "p-ann", period: "2025-Q1") { total { minorUnits } } }';
    expect((await graphql(STATEMENTS)).data).toEqual({ statements: [] });
    const runs = await graphql<{ payoutRuns: { edges: { node: { status: string } }[] } }>(
      '{ payoutRuns { edges { node { status } } } }',
    );
    expect(runs.data?.payoutRuns.edges).toEqual([{ node: { status: 'running' } }]);

    // A run still "running" after 15 minutes is taken as dead (payout-runs.ts); age this one
    // rather than wait.
    await db.collection('payout_runs').updateMany({}, { $set: { createdAt: new Date(0) } });
    expect((await graphql(CALCULATE_Q1)).data).toEqual({
      calculatePayouts: { __typename: 'PayoutRun', status: 'complete' },
    });
    // 100,000.00 sold against a 100,000.00 quota: 100% of 40,000.00 / 4 = 10,000.00.
    expect((await graphql(STATEMENTS)).data).toEqual({ statements: [{ total: { minorUnits: 1_000_000 } }] });
  });
});
