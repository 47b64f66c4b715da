import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentCosts, MAX_QUERY_COST } from '../../src/plugins/use-cost-limit.js';
import { schema } from '../../src/schema/index.js';
import { seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type GraphQLResponse, type TestApp } from '../support/test-app.js';
import { consoleOperations, PAYROLL_QUERIES, REP_PORTAL_QUERIES } from './real-queries.js';

const costOf = (query: string) => [...documentCosts(schema, parse(query)).values()][0];

/** The codes of the errors that refuse a document before it runs: a limit or an invalid document. */
const refusals = (response: GraphQLResponse) =>
  (response.errors ?? [])
    .map((error) => error.extensions?.code)
    .filter((code) => code === 'QUERY_LIMIT_EXCEEDED' || code === 'GRAPHQL_VALIDATION_FAILED');

describe('query cost', () => {
  it('counts a scalar 1, an object 1 plus its fields, and a connection that times its page size', () => {
    // edges { node { externalId name } }: node 1 + 2 = 3, edges 1 + 3 = 4, cursor 1 → 5 a page item;
    // teams(first: 7): (1 + 5) x 7 = 42; health { status }: 1 + 1 = 2. Total 44.
    expect(
      costOf('{ teams(first: 7) { edges { cursor node { externalId name } } } health { status } }'),
    ).toBe(44);
  });

  it('counts a connection without a page size as the default page of 20, and a variable size as 100', () => {
    // (1 + edges (1 + cursor 1)) = 3 per page item.
    expect(costOf('{ teams { edges { cursor } } }')).toBe(3 * 20);
    expect(costOf('query ($n: Int) { teams(first: $n) { edges { cursor } } }')).toBe(3 * 100);
    // A page over 100 is refused by the resolver with its own message; its cost counts 100.
    expect(costOf('{ teams(last: 500) { edges { cursor } } }')).toBe(3 * 100);
  });

  it('multiplies nested pages, and counts fragments as if written out', () => {
    // Statement node 1 + id 1 = 2, its edges 1 + 2 = 3, statements(first: 10): (1 + 3) x 10 = 40;
    // run node 1 + 40 = 41, its edges 42, payoutRuns(first: 4): (1 + 42) x 4 = 172.
    const written =
      '{ payoutRuns(first: 4) { edges { node { statements(first: 10) { edges { node { id } } } } } } }';
    const fragment = `{ payoutRuns(first: 4) { edges { node { ...S } } } }
      fragment S on PayoutRun { statements(first: 10) { edges { node { ... on Statement { id } } } } }`;
    expect(costOf(written)).toBe(172);
    expect(costOf(fragment)).toBe(172);
  });
});

describe('the cost limit passes what front ends and integrations send', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
  });

  it('finds the operations of the console', () => {
    // The console's pages: sign-in, plans, editor, payouts, run, statements, backtests.
    expect(consoleOperations().length).toBeGreaterThanOrEqual(10);
  });

  it('refuses none of the operations the console sends', async () => {
    for (const { file, query } of consoleOperations()) {
      // Sent without variables: a limit refuses a document before its variables are read, so a
      // missing-variable error (or data) means the limit let it through, and nothing is written.
      const response = await api.graphql(query, {}, api.keys.admin);
      expect(refusals(response), `${file}: ${JSON.stringify(response.errors)}`).toEqual([]);
    }
  });

  for (const { name, query, variables } of [...REP_PORTAL_QUERIES, ...PAYROLL_QUERIES]) {
    it(`answers ${name}`, async () => {
      const response = await api.graphql(query, variables, api.keys.service);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      expect(costOf(query)).toBeLessThanOrEqual(MAX_QUERY_COST);
    });
  }

  it('answers the payroll page with the statement the fixture calculated', async () => {
    const response = await api.graphql<{
      payoutRuns: {
        edges: { node: { statements: { edges: { node: { participant: { externalId: string } } }[] } } }[];
      };
    }>(PAYROLL_QUERIES[0]!.query, {}, api.keys.service);
    const people = response.data?.payoutRuns.edges[0]?.node.statements.edges.map(
      (e) => e.node.participant.externalId,
    );
    expect(people).toEqual(['p-ann', 'p-ben']);
  });
});

describe('the cost limit refuses what no front end needs', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
  });

  it('refuses pages nested in pages, with the cost, the limit and what to do', async () => {
    // Statement node 1 + id 1 + total (1 + formatted 1) = 4, its edges 5, statements(first: 100):
    // (1 + 5) x 100 = 600; run node 601, its edges 602, payoutRuns(first: 100): 603 x 100 = 60,300.
    const query =
      '{ payoutRuns(first: 100) { edges { node { statements(first: 100) { edges { node { id total { formatted } } } } } } } }';
    expect(costOf(query)).toBe(60_300);
    const response = await api.graphql(query, {}, api.keys.analyst);
    expect(response.errors).toMatchObject([
      {
        message:
          'Query cost limit of 10,000 exceeded, found 60,300: ask for smaller pages (first/last) in nested connections, or split the query (docs/api.md, "Query cost").',
        extensions: { code: 'QUERY_LIMIT_EXCEEDED' },
      },
    ]);
  });

  it('counts a page size passed as a variable as the largest page, so a variable cannot hide it', async () => {
    // The same nesting with $n: 100 x 100 as above, whatever $n is sent.
    const query =
      'query ($n: Int) { payoutRuns(first: $n) { edges { node { statements(first: $n) { edges { node { id total { formatted } } } } } } } }';
    const response = await api.graphql(query, { n: 1 }, api.keys.analyst);
    expect(response.errors?.[0]?.extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
  });
});
