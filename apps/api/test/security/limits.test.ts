import { MAX_PLAN_TEXT_LENGTH } from '@attain/rules';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, MAX_REQUEST_BODY_BYTES } from '../../src/app.js';
import { BATCH_LIMITS } from '../../src/imports/run-import.js';
import { ARMOR_LIMITS } from '../../src/plugins/use-armor.js';
import { MAX_QUERY_COST } from '../../src/plugins/use-cost-limit.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type GraphQLResponse, type TestApp } from '../support/test-app.js';
import { seedPayouts } from './payout-fixture.js';

/** The message of the first error, or 'no error'. */
const firstError = (response: GraphQLResponse) => response.errors?.[0]?.message ?? 'no error';

/** `{ team { accounts { team { accounts ... } } } }` nested until the operation is `depth` fields deep. */
function nestedAccounts(depth: number): string {
  // accounts > edges > node is 3 levels; each further level alternates team / accounts, and the
  // innermost level is the scalar `name`.
  let inner = 'name';
  for (let level = depth - 1; level > 3; level -= 1) {
    inner = `${level % 2 === 0 ? 'team' : 'accounts'} { ${inner} }`;
  }
  return `{ accounts { edges { node { ${inner} } } } }`;
}

/** Polls a backtest until it has ended, so no job outlives the test's database. */
async function waitForBacktest(api: TestApp, id: string): Promise<string> {
  for (;;) {
    const response = await api.graphql<{ backtest: { status: string } | null }>(
      'query ($id: ID!) { backtest(id: $id) { status } }',
      { id },
      api.keys.admin,
    );
    const status = response.data?.backtest?.status ?? 'missing';
    if (!['queued', 'running'].includes(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('abuse limits: just under passes, just over gets a clear error', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
  });

  afterEach(() => {
    delete process.env.ATTAIN_BACKTEST_MAX_FACTS;
  });

  it('accepts a query 12 fields deep and refuses 13', async () => {
    expect(ARMOR_LIMITS.maxDepth).toBe(12);
    const under = await api.graphql(nestedAccounts(12), {}, api.keys.analyst);
    expect(firstError(under)).toBe('no error');
    const over = await api.graphql(nestedAccounts(13), {}, api.keys.analyst);
    expect(firstError(over)).toBe('Syntax Error: Query depth limit of 12 exceeded, found 13.');
    expect(over.data ?? null).toBeNull();
  });

  it('counts the fields of a fragment at the depth they are spread at, as if written out', async () => {
    // The same operations, with everything under `node` moved into a fragment (as @attain/client
    // shares its explanation tree): the spread itself is no level.
    const throughFragment = (depth: number) =>
      nestedAccounts(depth).replace(
        /^\{ accounts \{ edges \{ node \{ (.*) \} \} \} \}$/,
        '{ accounts { edges { node { ...Deep } } } } fragment Deep on Account { $1 }',
      );
    expect(throughFragment(12)).toContain('fragment Deep on Account');
    expect(firstError(await api.graphql(throughFragment(12), {}, api.keys.analyst))).toBe('no error');
    expect(firstError(await api.graphql(throughFragment(13), {}, api.keys.analyst))).toBe(
      'Syntax Error: Query depth limit of 12 exceeded, found 13.',
    );
  });

  it('accepts 15 aliases and refuses 16', async () => {
    const aliases = (count: number) =>
      `{ ${Array.from({ length: count }, (_, index) => `a${index}: health { status }`).join(' ')} }`;
    expect(firstError(await api.graphql(aliases(15)))).toBe('no error');
    expect(firstError(await api.graphql(aliases(16)))).toBe(
      'Syntax Error: Aliases limit of 15 exceeded, found 16.',
    );
  });

  it('accepts 2,000 tokens and refuses 2,001', async () => {
    expect(ARMOR_LIMITS.maxTokens).toBe(2_000);
    // `{ facts ( kinds : [` + kinds + `] ) { __typename } }` is 12 tokens besides the kinds.
    const tokens = (count: number) =>
      `{ facts(kinds: [${Array.from({ length: count - 12 }, () => 'order').join(' ')}]) { __typename } }`;
    expect(firstError(await api.graphql(tokens(2_000), {}, api.keys.analyst))).toBe('no error');
    expect(firstError(await api.graphql(tokens(2_001), {}, api.keys.analyst))).toBe(
      'Syntax Error: Token limit of 2000 exceeded.',
    );
  });

  it('accepts 20 directives and refuses 21', async () => {
    const directives = (count: number) =>
      `{ health { ${Array.from({ length: count }, () => '... @include(if: true) { status }').join(' ')} } }`;
    expect(firstError(await api.graphql(directives(20)))).toBe('no error');
    expect(firstError(await api.graphql(directives(21)))).toBe(
      'Syntax Error: Directives limit of 20 exceeded, found 21.',
    );
  });

  it('accepts a query costing exactly 10,000 and refuses one costing 10,001', async () => {
    expect(MAX_QUERY_COST).toBe(10_000);
    // A scalar costs 1, an object 1 plus its fields, a connection that times its page size.
    // Statement node 1 + id 1 = 2, edges 3, statements(first: 24): (1 + 3) x 24 = 96;
    // run node 1 + id 1 + 96 = 98, edges 99, payoutRuns(first: 100): (1 + 99) x 100 = 10,000.
    const exact =
      'payoutRuns(first: 100) { edges { node { id statements(first: 24) { edges { node { id } } } } } }';
    expect(firstError(await api.graphql(`{ ${exact} }`, {}, api.keys.analyst))).toBe('no error');
    // One more scalar at the top costs 1.
    expect(firstError(await api.graphql(`{ ${exact} __typename }`, {}, api.keys.analyst))).toMatch(
      /^Query cost limit of 10,000 exceeded, found 10,001: /,
    );
  });

  it('accepts a request body of exactly 64 MiB and refuses one byte more with 413', async () => {
    const post = (bytes: number) => {
      const json = JSON.stringify({ query: '{ health { status } }' });
      // Spaces after the JSON value are valid JSON and do not reach the GraphQL parser.
      return api.app.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: json + ' '.repeat(bytes - json.length),
      });
    };
    expect(MAX_REQUEST_BODY_BYTES).toBe(64 * 1024 * 1024);
    expect((await post(MAX_REQUEST_BODY_BYTES)).status).toBe(200);
    const over = await post(MAX_REQUEST_BODY_BYTES + 1);
    expect(over.status).toBe(413);
  });

  it('accepts a page of 100 and refuses 101 with what to do instead', async () => {
    const page = (first: number) =>
      api.graphql(`{ teams(first: ${first}) { edges { cursor } } }`, {}, api.keys.analyst);
    expect(firstError(await page(100))).toBe('no error');
    const over = await page(101);
    expect(over.errors?.[0]).toMatchObject({
      message: '"first" must be between 1 and 100, got 101; page through with "after".',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('saves a draft of 200,000 characters and refuses 200,001 with the limit in the message', async () => {
    expect(MAX_PLAN_TEXT_LENGTH).toBe(200_000);
    const save = (length: number) =>
      api.graphql<{ savePlanDraft: { __typename: string; message?: string } }>(
        'mutation ($text: String!) { savePlanDraft(planId: "simple", text: $text) { __typename ... on Error { message } } }',
        // A comment line padded to the length: plan text the checker reads without executing.
        { text: `# ${'x'.repeat(length - 2)}` },
        api.keys.admin,
      );
    expect((await save(200_000)).data?.savePlanDraft.__typename).toBe('PlanCheck');
    expect((await save(200_001)).data?.savePlanDraft).toEqual({
      __typename: 'InvalidInputError',
      message: 'The plan text has 200,001 characters; the limit is 200,000. Split it into several plans.',
    });
  });

  it('checks a batch of 10,000 participants record by record and refuses 10,001 as a whole', async () => {
    expect(BATCH_LIMITS.participants).toBe(10_000);
    const batch = (count: number) =>
      api.graphql<{ importParticipants: { __typename: string; message?: string; errorCount?: number } }>(
        `mutation ($records: [ParticipantInput!]!) { importParticipants(records: $records) {
           __typename ... on ImportRejected { errorCount } ... on Error { message } } }`,
        // Records that pass the schema but not the checker: the size limit is the only question.
        {
          records: Array.from({ length: count }, () => ({
            id: '',
            name: '',
            role: '',
            geography: '',
            vertical: '',
            currency: 'x',
            hireDate: 'x',
          })),
        },
        api.keys.admin,
      );
    const under = await batch(10_000);
    expect(under.data?.importParticipants.__typename).toBe('ImportRejected');
    expect(await store.db.collection('participants').countDocuments({ _id: '' as never })).toBe(0);
    expect((await batch(10_001)).data?.importParticipants).toEqual({
      __typename: 'InvalidInputError',
      message: 'A batch holds at most 10,000 participants; got 10,001. Split it into several calls.',
    });
  });

  it('sets 1,000 exchange rates in one call and refuses 1,001', async () => {
    // 33 ISO 4217 codes the plan language knows: 33 x 32 = 1,056 distinct pairs.
    const codes = [
      'AED',
      'ARS',
      'AUD',
      'BHD',
      'BRL',
      'CAD',
      'CHF',
      'CLP',
      'CNY',
      'COP',
      'CZK',
      'DKK',
      'EGP',
      'EUR',
      'GBP',
      'HKD',
      'HUF',
      'IDR',
      'ILS',
      'INR',
      'ISK',
      'JOD',
      'JPY',
      'KRW',
      'KWD',
      'MXN',
      'MYR',
      'NGN',
      'NOK',
      'NZD',
      'OMR',
      'PEN',
      'PHP',
    ];
    const pairs = codes.flatMap((from) =>
      codes.filter((to) => to !== from).map((to) => ({ from, to, rate: 1.5 })),
    );
    const send = (count: number) =>
      api.graphql<{ setExchangeRates: { __typename: string; message?: string } }>(
        'mutation ($rates: [ExchangeRateInput!]!) { setExchangeRates(rates: $rates) { __typename ... on Error { message } } }',
        { rates: pairs.slice(0, count) },
        api.keys.admin,
      );
    expect((await send(1_000)).data?.setExchangeRates.__typename).toBe('MutationSetExchangeRatesSuccess');
    // Again, now replacing 1,000 stored rates.
    expect((await send(1_000)).data?.setExchangeRates.__typename).toBe('MutationSetExchangeRatesSuccess');
    expect(await store.db.collection('exchange_rates').countDocuments()).toBe(1_000);
    expect((await send(1_001)).data?.setExchangeRates).toEqual({
      __typename: 'InvalidInputError',
      message: 'At most 1000 rates a call; split the list.',
    });
  });

  it('starts a backtest over exactly ATTAIN_BACKTEST_MAX_FACTS facts and refuses one over it', async () => {
    const start = () =>
      api.graphql<{ startBacktest: { __typename: string; id?: string; code?: string; message?: string } }>(
        `mutation { startBacktest(input: { baseline: { planId: "simple" }, candidates: [{ planId: "simple", version: 1 }],
           from: "2025-Q1", to: "2025-Q1" }) { __typename ... on Backtest { id } ... on Error { code message } } }`,
        {},
        api.keys.admin,
      );
    // The fixture holds two orders, both in 2025-Q1.
    process.env.ATTAIN_BACKTEST_MAX_FACTS = '2';
    const under = await start();
    expect(under.data?.startBacktest.__typename, JSON.stringify(under)).toBe('Backtest');
    process.env.ATTAIN_BACKTEST_MAX_FACTS = '1';
    expect((await start()).data?.startBacktest).toMatchObject({
      code: 'BACKTEST_TOO_LARGE',
      message:
        'This backtest would load 2 facts (about 1 MB in memory), more than the limit of 1 (ATTAIN_BACKTEST_MAX_FACTS). Narrow the period range, or raise the limit on a machine with more memory.',
    });
    // Let the accepted job end before the database goes away.
    await waitForBacktest(api, under.data?.startBacktest.id ?? '');
  });
});

describe('production mode', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let production: ReturnType<typeof createApp>;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    production = createApp({ db: store.db, repositories: api.repositories, production: true });
  });

  const post = (query: string) =>
    production.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.keys.admin}` },
      body: JSON.stringify({ query }),
    });

  it('names a mistyped field without suggesting the real ones', async () => {
    const body = await (await post('{ participant { edges { cursor } } }')).json();
    expect(JSON.stringify(body)).not.toMatch(/Did you mean|participants/);
    expect(body.errors[0].message).toBe(
      'Cannot query field "participant" on type "Query". [Suggestion hidden]',
    );
  });

  it('refuses introspection, which the development server answers', async () => {
    const body = await (await post('{ __schema { queryType { name } } }')).json();
    expect(body.errors[0].message).toBe(
      'GraphQL introspection has been disabled, but the requested query contained the field "__schema".',
    );
    expect(body.data).toBeUndefined();
    const development = await api.graphql('{ __schema { queryType { name } } }', {}, api.keys.admin);
    expect(development.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('serves no GraphiQL page, which the development server does', async () => {
    const page = (app: ReturnType<typeof createApp>) =>
      app.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } });
    const inProduction = await page(production);
    expect(inProduction.headers.get('content-type') ?? '').not.toContain('text/html');
    const inDevelopment = await page(api.app);
    expect(inDevelopment.headers.get('content-type')).toContain('text/html');
  });
});
