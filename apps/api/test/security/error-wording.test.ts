import { beforeAll, describe, expect, it } from 'vitest';
import { quoted } from '../../src/errors.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const IMPORT_FACTS =
  'mutation ($r: [FactInput!]!) { importFacts(records: $r) { __typename ... on ImportRejected { errors { index field reason } } } }';

describe('error messages say what the client sent, not what JSON.parse made of it', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
  });

  /** Sends an order whose amount is written as `amount` in the raw JSON body. */
  async function orderWithAmount(amount: string) {
    const record = `{"id":"o-1","kind":"order","date":"2025-01-01","accountId":"a-one","currency":"USD","amount":${amount},"cost":1,"productLine":"cloud","repeat":false}`;
    const response = await api.app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.keys.admin}` },
      body: `{"query":${JSON.stringify(IMPORT_FACTS)},"variables":{"r":[${record}]}}`,
    });
    return (await response.json()) as { errors?: { message: string; extensions: { code: string } }[] };
  }

  it('calls 1e309 too large to read, instead of "got null"', async () => {
    const { errors } = await orderWithAmount('1e309');
    expect(errors).toEqual([
      {
        message:
          'The number at $r[0].amount is too large for a JSON number (beyond about 1.8e308, like 1e309), so it could not be read. No field takes a number that large: money is whole minor units up to 9,007,199,254,740,991.',
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
  });

  it('calls 9007199254740993 beyond 2^53 - 1, instead of quoting it as ...992', async () => {
    const { errors } = await orderWithAmount('9007199254740993');
    expect(errors?.[0]?.message).toBe(
      'The number at $r[0].amount is beyond 9,007,199,254,740,991 (2^53 - 1), the largest whole number a JSON number carries exactly, so it could not be read as sent. No field takes a number that large: money is whole minor units up to 9,007,199,254,740,991.',
    );
    expect(JSON.stringify(errors)).not.toContain('9007199254740992');
  });

  it('still accepts 9,007,199,254,740,991 minor units, the largest exact one', async () => {
    const { errors } = await orderWithAmount('9007199254740991');
    // The number is read; the batch is then refused for its unknown account, as data.
    expect(errors).toBeUndefined();
  });

  it('repeats at most 60 characters of a 1 MB id it cannot find', async () => {
    const id = 'x'.repeat(1024 * 1024);
    const response = await api.graphql<{ cancelBacktest: { message: string } }>(
      'mutation ($id: ID!) { cancelBacktest(id: $id) { ... on Error { message } } }',
      { id },
      api.keys.admin,
    );
    // "No backtest has the id " + 57 x's + '..." (1,048,576 characters).'
    expect(response.data?.cancelBacktest.message).toBe(
      `No backtest has the id "${'x'.repeat(57)}..." (1,048,576 characters).`,
    );
  });

  it('repeats at most 60 characters of a 1 MB variable of the wrong type', async () => {
    const response = await api.graphql(
      'query ($n: Int) { teams(first: $n) { edges { cursor } } }',
      { n: 'y'.repeat(1024 * 1024) },
      api.keys.admin,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toContain(`"${'y'.repeat(57)}..." (1,048,576 characters)`);
    expect(response.errors?.[0]?.message.length).toBeLessThan(300);
  });

  it('quotes a short id whole', () => {
    expect(quoted('team-performance')).toBe('"team-performance"');
  });
});
