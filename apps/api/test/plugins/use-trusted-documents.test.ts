import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { documentHash, readTrustedDocuments } from '../../src/plugins/use-trusted-documents.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { consoleOperations } from './real-queries.js';

const VIEWER = 'query Viewer { viewer { role participantId } }';

/** The console's operations as a manifest, as a build would register them. */
const manifest = () => new Map(consoleOperations().map(({ query }) => [documentHash(query), query]));

describe('trusted documents (persisted operations)', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
  });

  /** Posts to an app over the test database with the admin key. */
  async function post(only: boolean, body: Record<string, unknown>) {
    const app = createApp({
      db: store.db,
      repositories: api.repositories,
      trustedDocuments: { documents: manifest(), only },
    });
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.keys.admin}` },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      ...((await response.json()) as {
        data?: unknown;
        errors?: { message: string; extensions: { code: string } }[];
      }),
    };
  }
  const byHash = (query: string) => ({
    extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(query) } },
  });

  it("registers the console's own Viewer operation", () => {
    expect(
      manifest().get(documentHash(consoleOperations().find((o) => o.query.includes('query Viewer'))!.query)),
    ).toContain('viewer');
  });

  it('runs a registered operation sent by its hash alone, in both modes', async () => {
    const viewer = consoleOperations().find((o) => o.query.startsWith('query Viewer'))!.query;
    for (const only of [false, true]) {
      expect(await post(only, byHash(viewer))).toMatchObject({
        status: 200,
        data: { viewer: { role: 'admin' } },
      });
    }
  });

  it('runs any operation sent as text when not in only mode', async () => {
    expect(await post(false, { query: '{ health { status } }' })).toMatchObject({
      data: { health: { status: 'ok' } },
    });
  });

  it('refuses an operation sent as text in only mode, saying what to send instead', async () => {
    const refused = await post(true, { query: VIEWER });
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toMatchObject([
      {
        message:
          'This server runs only registered operations (ATTAIN_TRUSTED_DOCUMENTS_ONLY): send extensions.persistedQuery { version: 1, sha256Hash } of a registered document instead of a query.',
        extensions: { code: 'PERSISTED_QUERY_ONLY' },
      },
    ]);
  });

  it('refuses a hash nobody registered with PERSISTED_QUERY_NOT_FOUND', async () => {
    const refused = await post(true, byHash('{ apiKeys { id } }'));
    expect(refused.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it("reads a manifest file and refuses one whose key is not its document's hash", () => {
    const dir = mkdtempSync(join(tmpdir(), 'attain-trusted-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ [documentHash(VIEWER)]: VIEWER }));
    expect([...readTrustedDocuments(good).values()]).toEqual([VIEWER]);
    const stale = join(dir, 'stale.json');
    writeFileSync(stale, JSON.stringify({ [documentHash('{ health { status } }')]: VIEWER }));
    expect(() => readTrustedDocuments(stale)).toThrow(
      /is not the sha256 of its document; regenerate the manifest/,
    );
  });
});
