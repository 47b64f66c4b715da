import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, request } from '@attain/client';
import { clientOperations, trustedDocuments } from '@attain/client/trusted-documents';
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

  /** An app over the test database that runs the given registered operations. */
  const appWith = (documents: ReadonlyMap<string, string>, only: boolean) =>
    createApp({ db: store.db, repositories: api.repositories, trustedDocuments: { documents, only } });

  /** Posts to an app over the test database with the admin key. */
  async function post(only: boolean, body: Record<string, unknown>) {
    const app = appWith(manifest(), only);
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

  it("runs every operation of @attain/client by its hash alone, in only mode with the client's manifest", async () => {
    const app = appWith(new Map(Object.entries(await trustedDocuments())), true);
    const outcomes: string[] = [];
    for (const { exportName, document } of clientOperations()) {
      // Sent by the client itself, without variables: an operation the server does not accept is
      // refused before its variables are read (PERSISTED_QUERY_*, GRAPHQL_VALIDATION_FAILED,
      // QUERY_LIMIT_EXCEEDED), so data or a missing-variable error means it was found, validated
      // and priced; nothing is written.
      const outcome = await request(document, {} as never, {
        url: 'http://yoga/graphql',
        key: api.keys.admin,
        persisted: true,
        fetch: async (url, init) => app.fetch(url, init),
      }).then(
        () => 'data',
        (error: unknown) => (error instanceof ApiError ? `${error.code}: ${error.message}` : String(error)),
      );
      if (outcome !== 'data' && !/^BAD_USER_INPUT: Variable "\$\w+" of required type/.test(outcome)) {
        outcomes.push(`${exportName}: ${outcome}`);
      }
    }
    expect(outcomes).toEqual([]);
    expect(clientOperations().length).toBeGreaterThanOrEqual(30);
  });
});
