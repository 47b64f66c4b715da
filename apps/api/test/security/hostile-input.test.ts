import { beforeAll, describe, expect, it } from 'vitest';
import { PLAN_CHECK_BUDGET_MS } from '../../src/plans/check-off-thread.js';
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

  it('gives up on text that takes the checker over its time budget with PLAN_TOO_COMPLEX, and checks the next text', async () => {
    const slow = await api.graphql<Validated>(VALIDATE, { text: slowText }, api.keys.analyst);
    expect(slow.data?.validatePlan).toEqual({
      valid: false,
      diagnostics: [
        {
          code: 'PLAN_TOO_COMPLEX',
          message: `Checking this text took longer than ${PLAN_CHECK_BUDGET_MS / 1000} seconds, so the checker gave up. Real plans check in milliseconds: split the text into smaller plans or simpler measures.`,
          range: { start: { line: 1, column: 1 } },
        },
      ],
    });
    const text = `${planHead}component "R" weight 100% for team\n  pays 5% of revenue\n`;
    const next = await api.graphql<Validated>(VALIDATE, { text }, api.keys.analyst);
    expect(next.data?.validatePlan.valid).toBe(true);
  });
});
