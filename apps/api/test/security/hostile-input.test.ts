import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTRIBUTE_VALUE_LENGTH } from '../../src/imports/record-checker.js';
import { MAX_QUERY_NESTING } from '../../src/plugins/use-query-limits.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type GraphQLResponse, type TestApp } from '../support/test-app.js';

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

  const VALIDATE =
    'query ($text: String!) { validatePlan(text: $text) { valid diagnostics { code message range { start { line column } } } } }';
  type Validated = { validatePlan: { valid: boolean; diagnostics: { code: string; message: string }[] } };
  const planHead =
    'plan "Try"\n  period quarter\n  currency USD\n  target incentive: annual, not prorated\n\nmeasure revenue = sum of order.amount\n\n';

  it('answers plan text with 2,000 nested parentheses with NESTED_TOO_DEEPLY, not INTERNAL_ERROR', async () => {
    const text = `${planHead}component "R" weight 100% for team\n  pays ${'('.repeat(2_000)}5%${')'.repeat(2_000)} of revenue\n`;
    const response = await api.graphql<Validated>(VALIDATE, { text }, api.keys.analyst);
    expect(response.data?.validatePlan.diagnostics.map((d) => d.code)).toEqual(['NESTED_TOO_DEEPLY']);
  });

  /** Text within every limit that keeps the checker busy for seconds: 14,000 broken declarations. */
  const slowText = `${planHead}${'measure = = = '.repeat(14_000)}`;

  it('answers a health check started during a slow plan check before that check ends', async () => {
    const order: string[] = [];
    const check = api.graphql<Validated>(VALIDATE, { text: slowText }, api.keys.analyst).then((response) => {
      order.push('validatePlan');
      return response;
    });
    // Give the check time to reach the checker before health is sent.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const health = await api.graphql('{ health { status } }');
    order.push('health');
    expect(health.data).toEqual({ health: { status: 'ok' } });
    await check;
    expect(order).toEqual(['health', 'validatePlan']);
  });

  it('lists at most 200 diagnostics of a text and says how many more there are', async () => {
    // 1,000 broken declarations: thousands of problems.
    const manyProblems = `${planHead}${'measure = = = '.repeat(1_000)}`;
    // This test is about the limit, not the time budget: a budget no machine reaches, so a loaded
    // machine cannot turn it into PLAN_TOO_COMPLEX (the next test covers the budget).
    process.env.ATTAIN_PLAN_CHECK_BUDGET_MS = '600000';
    const response = await api
      .graphql<Validated>(VALIDATE, { text: manyProblems }, api.keys.analyst)
      .finally(() => {
        delete process.env.ATTAIN_PLAN_CHECK_BUDGET_MS;
      });
    const diagnostics = response.data?.validatePlan.diagnostics ?? [];
    // 201 = the first 200, and one saying how many were left out (the exact count is the
    // parser's recovery, not this limit).
    expect(diagnostics).toHaveLength(201);
    expect(diagnostics[200]?.code).toBe('TOO_MANY_DIAGNOSTICS');
    expect(diagnostics[200]?.message).toMatch(/^[\d,]+ more problems are not listed\./);
  });

  it('gives up on text that takes the checker over its time budget with PLAN_TOO_COMPLEX, and checks the next text', async () => {
    // A budget shorter than this text needs on any machine (the default is 5 s).
    process.env.ATTAIN_PLAN_CHECK_BUDGET_MS = '300';
    const slow = await api.graphql<Validated>(VALIDATE, { text: slowText }, api.keys.analyst).finally(() => {
      delete process.env.ATTAIN_PLAN_CHECK_BUDGET_MS;
    });
    expect(slow.data?.validatePlan).toEqual({
      valid: false,
      diagnostics: [
        {
          code: 'PLAN_TOO_COMPLEX',
          message: `Checking this text took longer than ${300 / 1000} seconds, so the checker gave up. Real plans check in milliseconds: split the text into smaller plans or simpler measures.`,
          range: { start: { line: 1, column: 1 } },
        },
      ],
    });
    const text = `${planHead}component "R" weight 100% for team\n  pays 5% of revenue\n`;
    const next = await api.graphql<Validated>(VALIDATE, { text }, api.keys.analyst);
    expect(next.data?.validatePlan.valid).toBe(true);
  });

  const person = (extra: Record<string, unknown> = {}) => ({
    id: 'p-big',
    name: 'Big',
    role: 'key account manager',
    geography: 'EMEA',
    vertical: 'retail',
    currency: 'EUR',
    hireDate: '2024-01-01',
    ...extra,
  });
  const IMPORT_PEOPLE = `mutation ($records: [ParticipantInput!]!) { importParticipants(records: $records) {
    __typename ... on ImportRejected { errorCount errors { index field reason } } } }`;
  type Imported = {
    importParticipants: { __typename: string; errors?: { index: number; field: string; reason: string }[] };
  };

  it('refuses a record over 16 MB (20 attributes of 900 KB) naming the record, and stores nothing', async () => {
    const attributes = Object.fromEntries(
      Array.from({ length: 20 }, (_, index) => [`a${index}`, 'x'.repeat(900_000)]),
    );
    const response = await api.graphql<Imported>(
      IMPORT_PEOPLE,
      { records: [person(), person({ id: 'p-huge', attributes })] },
      api.keys.admin,
    );
    expect(response.data?.importParticipants.__typename).toBe('ImportRejected');
    const [error] = response.data?.importParticipants.errors ?? [];
    expect(error).toMatchObject({ index: 1, field: '' });
    // The JSON of the record: 20 values of 900,000 characters plus the rest of the record.
    expect(error?.reason).toMatch(
      /^record 1 \(id "p-huge"\) is 18,000,\d{3} bytes as JSON; the most is 65,536/,
    );
    expect(
      await store.db
        .collection('participants')
        .countDocuments({ _id: { $in: ['p-big', 'p-huge'] } as never }),
    ).toBe(0);
  });

  it('accepts an attribute value of 1,000 characters and refuses 1,001 naming the attribute', async () => {
    expect(MAX_ATTRIBUTE_VALUE_LENGTH).toBe(1_000);
    const under = await api.graphql<Imported>(
      IMPORT_PEOPLE,
      { records: [person({ attributes: { note: 'x'.repeat(1_000) } })] },
      api.keys.admin,
    );
    expect(under.data?.importParticipants.__typename).toBe('ImportResult');
    const over = await api.graphql<Imported>(
      IMPORT_PEOPLE,
      { records: [person({ attributes: { note: 'x'.repeat(1_001) } })] },
      api.keys.admin,
    );
    expect(over.data?.importParticipants.errors).toEqual([
      {
        index: 0,
        field: 'attributes.note',
        reason:
          'attribute note has 1,001 characters; the most is 1,000. Keep documents elsewhere and store a link or an id',
      },
    ]);
  });

  it('refuses text with a lone surrogate, saying where, instead of storing it changed', async () => {
    const response = await api.graphql<Imported>(
      IMPORT_PEOPLE,
      { records: [person({ id: 'p-surrogate', name: 'A\ud800B' })] },
      api.keys.admin,
    );
    expect(response.data ?? null).toBeNull();
    expect(response.errors).toEqual([
      expect.objectContaining({
        message:
          'The text at $records[0].name holds a lone UTF-16 surrogate (\\ud800 at character 2), which is not valid Unicode and cannot be stored as it is. Send the text as valid Unicode.',
        extensions: { code: 'BAD_USER_INPUT' },
      }),
    ]);
    expect(await store.db.collection('participants').countDocuments({ _id: 'p-surrogate' as never })).toBe(0);
    // A surrogate pair (an emoji) is valid Unicode and is stored exactly.
    const emoji = await api.graphql<Imported>(
      IMPORT_PEOPLE,
      { records: [person({ id: 'p-surrogate', name: 'A\ud83d\ude00B' })] },
      api.keys.admin,
    );
    expect(emoji.data?.importParticipants.__typename).toBe('ImportResult');
    const stored = await store.db.collection('participants').findOne({ _id: 'p-surrogate' as never });
    expect(stored?.name).toBe('A😀B');
  });

  it('refuses variables nested 100,000 deep with QUERY_LIMIT_EXCEEDED, not a stack overflow', async () => {
    // Written out by hand: JSON.stringify itself recurses.
    const deep = `${'['.repeat(100_000)}"x"${']'.repeat(100_000)}`;
    const http = await api.app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":"query ($x: [String]) { health { status } }","variables":{"x":${deep}}}`,
    });
    const response = (await http.json()) as GraphQLResponse;
    expect(http.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
  });
});
