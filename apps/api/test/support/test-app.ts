import type { Db } from 'mongodb';
import { type App, createApp } from '../../src/app.js';
import { createApiKey } from '../../src/auth/create-api-key.js';
import type { Role } from '../../src/auth/roles.js';
import { createRepositories, ensureAllIndexes, type Repositories } from '../../src/repositories/index.js';

/** The participant the test participant key is bound to; createTestApp imports it. */
export const TEST_PARTICIPANT_ID = 'test-participant';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export interface TestApp {
  app: App;
  repositories: Repositories;
  /** One secret per role; the participant key reads only TEST_PARTICIPANT_ID. */
  keys: Record<Role, string>;
  /** POSTs an operation through yoga.fetch, with the key when given. */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string,
  ): Promise<GraphQLResponse<T>>;
  /**
   * POSTs a subscription as server-sent events through yoga.fetch and reads the stream to its
   * end: the HTTP status and each event's payload, in order.
   */
  subscribe<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string,
  ): Promise<{ status: number; events: Omit<GraphQLResponse<T>, 'status'>[] }>;
}

/**
 * An app over `db` with its indexes, the participant TEST_PARTICIPANT_ID, and one key per role.
 * Use it from any test that needs the API end to end; `overrides` replace repositories (e.g. one
 * with a test clock). Two apps over one database stand for two API processes.
 */
export async function createTestApp(db: Db, overrides: Partial<Repositories> = {}): Promise<TestApp> {
  await ensureAllIndexes(db);
  const repositories = { ...createRepositories(db), ...overrides };
  await repositories.participants.upsertMany([
    {
      id: TEST_PARTICIPANT_ID,
      name: 'Test Participant',
      role: 'account executive',
      geography: 'EMEA',
      vertical: 'retail',
      currency: 'EUR',
      annualTargetIncentiveMinor: 2_000_000,
      hireDate: '2024-01-01',
      terminationDate: null,
      attributes: {},
    },
  ]);
  const keys = {} as Record<Role, string>;
  for (const role of ['admin', 'analyst', 'participant', 'service'] as const) {
    const { secret } = await createApiKey(repositories, {
      name: `test ${role}`,
      role,
      participantId: role === 'participant' ? TEST_PARTICIPANT_ID : null,
    });
    keys[role] = secret;
  }
  const app = createApp({ db, repositories });
  return {
    app,
    repositories,
    keys,
    async graphql<T>(query: string, variables?: Record<string, unknown>, key?: string) {
      const response = await app.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse<T>, 'status'>) };
    },
    async subscribe<T>(query: string, variables?: Record<string, unknown>, key?: string) {
      const response = await app.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, events: parseEvents<T>(await response.text()) };
    },
  };
}

/** The `data:` payloads of a server-sent event stream (the `complete` event has none). */
export function parseEvents<T = Record<string, unknown>>(body: string): Omit<GraphQLResponse<T>, 'status'>[] {
  return body
    .split('\n\n')
    .map((block) =>
      block
        .split('\n')
        .find((line) => line.startsWith('data:'))
        ?.slice(5)
        .trim(),
    )
    .filter((data): data is string => data !== undefined && data !== '')
    .map((data) => JSON.parse(data));
}
