import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type GraphQLResponse, type TestApp } from '../support/test-app.js';

describe('every error a client can get carries extensions.code', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
  });

  const codeOf = (response: GraphQLResponse) => response.errors?.map((error) => error.extensions?.code);

  it('codes the depth, alias, directive and cost limits QUERY_LIMIT_EXCEEDED', async () => {
    const deep = `{ accounts { edges { node { ${'team { accounts { edges { node { '.repeat(3)}name${' } } } }'.repeat(3)} } } } }`;
    const aliases = `{ ${Array.from({ length: 16 }, (_, index) => `a${index}: health { status }`).join(' ')} }`;
    const directives = `{ health { ${'... @include(if: true) { status } '.repeat(21)} } }`;
    // Pages nested in pages: use-cost-limit.test.ts works this one out at 60,300.
    const cost =
      '{ payoutRuns(first: 100) { edges { node { statements(first: 100) { edges { node { id total { formatted } } } } } } } }';
    for (const query of [deep, aliases, directives]) {
      expect(codeOf(await api.graphql(query, {}, api.keys.analyst)), query).toEqual(['QUERY_LIMIT_EXCEEDED']);
    }
    const costly = await api.graphql(cost, {}, api.keys.analyst);
    expect(costly.errors?.[0]?.message).toMatch(/^Query cost limit/);
    expect(codeOf(costly)).toEqual(['QUERY_LIMIT_EXCEEDED']);
  });

  it('codes a parse error GRAPHQL_PARSE_FAILED and an unknown field GRAPHQL_VALIDATION_FAILED', async () => {
    expect(codeOf(await api.graphql('{ health { status }'))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codeOf(await api.graphql('{ health { nope } }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('codes a variable of the wrong type BAD_USER_INPUT', async () => {
    const response = await api.graphql(
      'query ($first: Int) { teams(first: $first) { edges { cursor } } }',
      {
        first: 'ten',
      },
      api.keys.analyst,
    );
    expect(response.errors?.[0]?.message).toMatch(/^Variable "\$first" got invalid value/);
    expect(codeOf(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('codes the CSRF refusal of a GET without the header CSRF_HEADER_REQUIRED, with 403', async () => {
    const response = await api.app.fetch('http://yoga/graphql?query=%7B__typename%7D', { method: 'GET' });
    expect(response.status).toBe(403);
    expect(((await response.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe(
      'CSRF_HEADER_REQUIRED',
    );
  });

  it('answers an Accept header it cannot serve with 406 and a JSON body coded NOT_ACCEPTABLE', async () => {
    const response = await api.app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/xml' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(406);
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_ACCEPTABLE');
    expect(body.errors?.[0]?.message).toContain('application/json');
  });
});
