import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApiKey, createApp, createRepositories, ensureAllIndexes, seedDemo } from '@attain/api';
import { startDatabase } from '@attain/embedded-mongo';
import { MongoClient } from 'mongodb';

/** The folder of apps/web. */
export const WEB_DIR = resolve(import.meta.dirname, '..', '..');

/** The participant of the demo whose key the tests and benches use (team-performance, 2025-Q4). */
export const DEMO_PARTICIPANT_ID = 'p-001-01';

/** Where Playwright finds Chromium: ATTAIN_CHROMIUM, else Debian's package. */
export function chromiumPath(): string | null {
  const path = process.env.ATTAIN_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(path) ? path : null;
}

export interface ConsoleKeys {
  admin: string;
  analyst: string;
  participant: string;
  revoked: string;
}

export interface ConsoleServer {
  baseUrl: string;
  keys: ConsoleKeys;
  stop(): Promise<void>;
}

/**
 * What `pnpm start` runs, on a fresh embedded database in a temporary folder: the demo
 * organisation, the API with the built console at /, on a free loopback port. Also makes a key of
 * each role the tests use, and a revoked admin key.
 */
export async function startConsoleServer(): Promise<ConsoleServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'attain-web-db-'));
  const database = await startDatabase({ dataDir });
  const client = await MongoClient.connect(database.uri, { serverSelectionTimeoutMS: 5_000 });
  const db = client.db('attain_web_test');
  await ensureAllIndexes(db);
  const repositories = createRepositories(db);
  const demo = await seedDemo(repositories, () => undefined);
  if (!demo) throw new Error('the fresh test database already had plans');
  const make = async (role: 'admin' | 'analyst' | 'participant', name: string) =>
    createApiKey(repositories, {
      name,
      role,
      participantId: role === 'participant' ? DEMO_PARTICIPANT_ID : null,
    });
  const analyst = await make('analyst', 'web test analyst');
  const participant = await make('participant', 'web test participant');
  const revoked = await make('admin', 'web test revoked admin');
  await repositories.apiKeys.revoke(revoked.key.id);
  const app = createApp({ db, repositories, consoleDir: join(WEB_DIR, 'dist') });
  const server = createServer(app);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    keys: {
      admin: demo.adminKey,
      analyst: analyst.secret,
      participant: participant.secret,
      revoked: revoked.secret,
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await db.dropDatabase().catch(() => undefined);
      await client.close();
      await database.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
