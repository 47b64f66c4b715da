import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, startDatabase } from '@attain/embedded-mongo';
import { type Collection, type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { DATABASE_UNAVAILABLE_MESSAGE } from '../../src/plugins/use-masked-errors.js';
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
  /** Set by a test to stop the engine just before the n-th write to a collection; see `cutting`. */
  let cutBefore: { collection: string; write: number } | null = null;
  let writesSeen = 0;

  function cutBeforeWrite(collection: string, write: number): void {
    cutBefore = { collection, write };
    writesSeen = 0;
  }

  async function stopEngine(): Promise<void> {
    await database.stop();
  }

  async function startEngine(): Promise<void> {
    database = await startDatabase({ dataDir, env: {}, port });
  }

  /**
   * The app's view of the database: every collection as it is, except that the chosen write
   * (insertMany or bulkWrite, counted together) to the chosen collection first stops the engine,
   * so the request is cut exactly there, whatever the chunking of the code under test.
   */
  function cutting(real: Db): Db {
    return new Proxy(real, {
      get(target, property, receiver) {
        if (property !== 'collection') return Reflect.get(target, property, receiver);
        return (name: string) =>
          new Proxy(target.collection(name), {
            get(inner: Collection, method, innerReceiver) {
              const value = Reflect.get(inner, method, innerReceiver);
              if (method !== 'bulkWrite' && method !== 'insertMany') return value;
              return async (...args: unknown[]) => {
                if (cutBefore?.collection === name) {
                  writesSeen += 1;
                  if (writesSeen === cutBefore.write) {
                    cutBefore = null;
                    await stopEngine();
                  }
                }
                return value.apply(inner, args);
              };
            },
          });
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
        message: DATABASE_UNAVAILABLE_MESSAGE,
        extensions: { code: 'DATABASE_UNAVAILABLE' },
      }),
    ]);
    expect(down.status).toBe(503);
    await startEngine();
    const back = await graphql('{ participants { edges { node { externalId } } } }');
    expect(back).toEqual({ status: 200, data: { participants: { edges: [] } } });
  });

  it('leaves each record of an import cut half-way as before or as sent, and re-sending completes it exactly', async () => {
    const person = (index: number, name: string) => ({
      id: `p-${String(index).padStart(4, '0')}`,
      name,
      role: 'key account manager',
      geography: 'EMEA',
      vertical: 'retail',
      currency: 'EUR',
      hireDate: '2024-01-01',
    });
    const first = Array.from({ length: 150 }, (_, index) => person(index, `Before ${index}`));
    expect(
      (
        await graphql<{ importParticipants: { __typename: string } }>(importMutation('Participants'), {
          records: first,
        })
      ).data?.importParticipants.__typename,
    ).toBe('ImportResult');
    // The second batch renames those 150 and adds 50: new documents and replacements, written in
    // more than one call (kept small: FerretDB scans the collection for each replacement). The
    // engine stops before the second call.
    const second = Array.from({ length: 200 }, (_, index) => person(index, `After ${index}`));
    cutBeforeWrite('participants', 2);
    const cut = await graphql(importMutation('Participants'), { records: second });
    expect(cut.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    await startEngine();

    const stored = async () =>
      new Map(
        (await db.collection<{ _id: string; name: string }>('participants').find({}).toArray()).map(
          (document) => [document._id, document.name],
        ),
      );
    const afterCut = await stored();
    const sent = second.filter(({ id, name }) => afterCut.get(id) === name).length;
    // Part of the batch landed, part did not, and nothing else happened to any record.
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(200);
    for (const [index, { id, name }] of first.entries()) {
      expect([name, `After ${index}`]).toContain(afterCut.get(id));
    }

    const resent = await graphql<{
      importParticipants: { inserted: number; updated: number; unchanged: number };
    }>(importMutation('Participants'), { records: second });
    const counts = resent.data?.importParticipants;
    // What the cut had written comes back unchanged; exactly the rest is written now.
    expect(counts?.unchanged).toBe(sent);
    expect((counts?.inserted ?? 0) + (counts?.updated ?? 0)).toBe(200 - sent);
    expect(await stored()).toEqual(new Map(second.map(({ id, name }) => [id, name])));
  });

  it('never shows a payout run cut by the outage as complete, and a rerun completes it', async () => {
    await seedPayouts(graphql, { calculate: false });
    // The run is started, then the engine stops as its statements are written.
    cutBeforeWrite('payout_statements', 1);
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
