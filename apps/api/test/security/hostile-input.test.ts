import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUERY_NESTING } from '../../src/plugins/use-query-limits.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('hostile input is refused before anything recursive runs', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
  });

  it('refuses a 100,000-deep list argument without a key with a coded error, not a stack overflow', async () => {
    const depth = 100_000;
    const query = `{ health(x: ${'['.repeat(depth)}${']'.repeat(depth)}) { status } }`;
    const response = await api.graphql(query);
    // application/json answers request errors with 200 (GraphQL over HTTP); never a 500.
    expect(response.status).toBe(200);
    expect(response.errors).toEqual([
      expect.objectContaining({
        // `{` and `(` open twice before the first `[` at column 13: the 63rd `[` is the 65th opener, at 13 + 62.
        message: 'Syntax Error: Nesting limit of 64 exceeded at line 1, column 75.',
        extensions: { code: 'QUERY_LIMIT_EXCEEDED' },
      }),
    ]);
  });

  it('parses a document nested 64 deep and refuses 65', async () => {
    expect(MAX_QUERY_NESTING).toBe(64);
    // `{` and `(` are two openers; the list adds the rest.
    const nested = (openers: number) =>
      `{ health(x: ${'['.repeat(openers - 2)}${']'.repeat(openers - 2)}) { status } }`;
    // 64 passes the parser and meets validation: health takes no argument x.
    expect((await api.graphql(nested(64))).errors?.[0]?.message).toBe(
      'Unknown argument "x" on field "Query.health".',
    );
    expect((await api.graphql(nested(65))).errors?.[0]?.extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
  });
});
