import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, startDatabase } from '@attain/embedded-mongo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { connectStore, type Store } from '../../src/db/connection.js';
import { createRepositories, ensureAllIndexes } from '../../src/repositories/index.js';
import type { GraphQLResponse } from '../support/test-app.js';

/** Whether the kernel reports every thread of a process stopped ('T'); true where /proc is missing. */
function allThreadsStopped(pid: number): boolean {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return true;
  return readdirSync(tasks).every((thread) => {
    try {
      // The state is the field after the parenthesised command name.
      const stat = readFileSync(`${tasks}/${thread}/stat`, 'utf8');
      return /^[Tt]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
    } catch {
      return true; // the thread ended
    }
  });
}

/**
 * A private embedded engine frozen with SIGSTOP: it keeps its connections open and answers
 * nothing, as a hung server or a cut network does. The app connects as in production
 * (connectStore), so the test covers the driver options that bound the wait.
 */
describe('the database freezes and thaws', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'attain-frozen-'));
  let database: Database;
  let store: Store;
  let app: App;
  let adminKey: string;
  let frozen = false;

  const freeze = async () => {
    process.kill(database.pid as number, 'SIGSTOP');
    frozen = true;
    // SIGSTOP takes effect asynchronously: wait until every thread of the engine is stopped, so a
    // request sent next cannot be answered in the moment before (it was, once, on CI).
    for (let attempt = 0; attempt < 200 && !allThreadsStopped(database.pid as number); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const thaw = () => {
    process.kill(database.pid as number, 'SIGCONT');
    frozen = false;
  };

  async function graphql(query: string, key?: string): Promise<GraphQLResponse> {
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse, 'status'>) };
  }

  beforeAll(async () => {
    database = await startDatabase({ dataDir, env: {} });
    expect(database.pid).toBeTypeOf('number');
    store = await connectStore(database);
    await ensureAllIndexes(store.db);
    const repositories = createRepositories(store.db);
    adminKey = (await createApiKey(repositories, { name: 'frozen admin', role: 'admin' })).secret;
    app = createApp({ db: store.db, repositories });
  });

  afterAll(async () => {
    if (frozen) thaw();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers health with 503 "degraded" while the database is frozen, before it thaws', async () => {
    expect(await graphql('{ health { status database } }')).toEqual({
      status: 200,
      data: { health: { status: 'ok', database: 'up' } },
    });
    await freeze();
    // The engine stays frozen until the answer is in: it comes from the API's own timeouts.
    expect(await graphql('{ health { status database } }')).toEqual({
      status: 503,
      data: { health: { status: 'degraded', database: 'down' } },
    });
    expect(frozen).toBe(true);
  });

  it('answers a keyed read with a clear 503 DATABASE_UNAVAILABLE while frozen, and serves again once thawed', async () => {
    if (!frozen) await freeze();
    // The key lookup itself needs the database: the request fails there, with the same clear error.
    const down = await graphql('{ participants { edges { node { externalId } } } }', adminKey);
    expect(frozen).toBe(true);
    expect(down.status).toBe(503);
    expect(down.errors?.map((error) => error.extensions?.code)).toEqual(['DATABASE_UNAVAILABLE']);
    thaw();
    // The driver finds the server again by itself; no restart, no reconnect call.
    let back = await graphql('{ participants { edges { node { externalId } } } }', adminKey);
    for (let attempt = 0; back.status !== 200 && attempt < 50; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      back = await graphql('{ participants { edges { node { externalId } } } }', adminKey);
    }
    expect(back).toEqual({ status: 200, data: { participants: { edges: [] } } });
    expect(await graphql('{ health { status } }')).toEqual({
      status: 200,
      data: { health: { status: 'ok' } },
    });
  });
});
