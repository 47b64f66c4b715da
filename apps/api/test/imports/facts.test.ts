import { beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/repositories/index.js';
import { ColumnSet } from '../../src/repositories/packed-columns.js';
import { useTestDatabase } from '../support/database.js';
import { importMutation, importOrg, snapshotData } from '../support/org-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const ORDER = {
  id: 'f-order-1',
  kind: 'order',
  date: '2025-02-14',
  accountId: 'a-northwind',
  currency: 'EUR',
  amount: 9_000_000_000, // 90,000,000.00 EUR: above 2^31 minor units, so it must be stored as int64
  cost: 6_000_000_000,
  productLine: 'cloud',
  repeat: false,
  credits: [
    { participantId: 'p-ada', share: 0.7 },
    { participantId: 'p-bob', share: 0.3 },
  ],
};
const SURVEY = { id: 'f-survey-1', kind: 'survey', date: '2025-03-01', accountId: 'a-northwind', score: 4.5 };
const OBJECTIVE = {
  id: 'f-objective-1',
  kind: 'objective',
  date: '2025-03-31',
  accountId: 'a-contoso',
  score: 0.8,
  objective: 'executive sponsor mapped',
  credits: [{ participantId: 'p-cy', share: 1 }],
};

describe('importFacts', () => {
  const store = useTestDatabase();
  let api: TestApp;
  const send = (records: unknown[]) =>
    api.graphql<{ importFacts: Record<string, unknown> }>(
      importMutation('Facts'),
      { records },
      api.keys.admin,
    );

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await importOrg(api);
  });

  it('stores the facts in a columnar block per kind and month, with int64 money, and reads them back exactly', async () => {
    const response = await send([ORDER, SURVEY, OBJECTIVE]);
    expect(response.data?.importFacts).toEqual({
      __typename: 'ImportResult',
      inserted: 3,
      updated: 0,
      unchanged: 0,
    });
    const orders = await store.db.collection('fact_blocks').find({ kind: 'order' }).toArray();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      month: '2025-02',
      firstDay: '2025-02-14',
      lastDay: '2025-02-14',
      rows: 1,
    });
    expect(orders[0]?.fieldTypes.amount).toBe('money');
    // 9,000,000,000 minor units do not fit in an int32: the packed column holds an int64.
    expect(new ColumnSet(orders[0]?.columns).int64('field:amount')).toEqual(
      new BigInt64Array([9_000_000_000n]),
    );
    const stored = await createRepositories(store.db).facts.findByIds(['f-order-1', 'f-survey-1']);
    expect(stored.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
      {
        id: 'f-order-1',
        kind: 'order',
        date: '2025-02-14',
        accountId: 'a-northwind',
        currency: 'EUR',
        credits: ORDER.credits,
        values: { amount: 9_000_000_000, cost: 6_000_000_000, productLine: 'cloud', repeat: false },
        attributes: {},
      },
      {
        id: 'f-survey-1',
        kind: 'survey',
        date: '2025-03-01',
        accountId: 'a-northwind',
        currency: null,
        credits: [],
        values: { score: 4.5 },
        attributes: {},
      },
    ]);
  });

  it('changes nothing when the same facts are sent again', async () => {
    const before = await snapshotData(store.db);
    const response = await send([ORDER, SURVEY, OBJECTIVE]);
    expect(response.data?.importFacts).toEqual({
      __typename: 'ImportResult',
      inserted: 0,
      updated: 0,
      unchanged: 3,
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it.each([
    ['an unknown account', { ...ORDER, accountId: 'a-ghost' }, 'accountId', 'importAccounts'],
    [
      'a credit to an unknown participant',
      { ...ORDER, credits: [{ participantId: 'p-ghost', share: 1 }] },
      'credits[0].participantId',
      'importParticipants',
    ],
    [
      'shares that add up to 0.9',
      {
        ...ORDER,
        credits: [
          { participantId: 'p-ada', share: 0.6 },
          { participantId: 'p-bob', share: 0.3 },
        ],
      },
      'credits',
      'add up to 0.9; they must add up to 1',
    ],
    [
      'the same participant credited twice',
      {
        ...ORDER,
        credits: [
          { participantId: 'p-ada', share: 0.5 },
          { participantId: 'p-ada', share: 0.5 },
        ],
      },
      'credits[1].participantId',
      'merge the two shares',
    ],
    ['money without a currency', { ...ORDER, currency: null }, 'currency', 'required'],
    ['a currency on a survey', { ...SURVEY, currency: 'EUR' }, 'currency', 'leave currency out'],
    ['a field of another kind', { ...SURVEY, amount: 100 }, 'amount', 'survey facts have no amount'],
    ['a survey score of 6', { ...SURVEY, score: 6 }, 'score', 'from 1 to 5'],
    ['an order without its cost', { ...ORDER, cost: null }, 'cost', 'cost is required'],
    [
      'an objective credited to two people',
      { ...OBJECTIVE, credits: ORDER.credits },
      'credits',
      'exactly one participant',
    ],
    ['a date out of range', { ...ORDER, date: '0999-12-31' }, 'date', 'out of range'],
    ['a date in the wrong format', { ...ORDER, date: '14/02/2025' }, 'date', 'YYYY-MM-DD'],
    [
      'an attribute named with a dot',
      { ...ORDER, attributes: { 'deal.size': 'L' } },
      'attributes.deal.size',
      'rename',
    ],
  ])('rejects a fact with %s and changes nothing', async (_case, bad, field, hint) => {
    const before = await snapshotData(store.db);
    const response = await send([SURVEY, { ...bad, id: 'f-bad' }]);
    expect(response.data?.importFacts).toMatchObject({
      __typename: 'ImportRejected',
      errors: [{ index: 1, field, reason: expect.stringContaining(hint) }],
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('lists every field problem of a batch at once, ordered by record', async () => {
    const response = await send([
      { ...SURVEY, score: 0 },
      ORDER,
      { ...ORDER, id: 'f-2', repeat: null, productLine: '' },
      { ...ORDER, id: 'f-3', accountId: 'a-ghost' },
    ]);
    const result = response.data?.importFacts as { errors: { index: number; field: string }[] };
    // References (accountId) are checked for records whose own fields are right.
    expect(result.errors.map(({ index, field }) => `${index}:${field}`)).toEqual([
      '0:score',
      '2:productLine',
      '2:repeat',
      '3:accountId',
    ]);
  });

  it('refuses an unknown kind before anything runs', async () => {
    const before = await snapshotData(store.db);
    const response = await send([{ ...SURVEY, kind: 'invoice' }]);
    expect(response.errors?.[0]?.message).toContain('"invoice"');
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('refuses a fractional amount before anything runs, naming the record and field', async () => {
    const before = await snapshotData(store.db);
    const response = await send([SURVEY, { ...ORDER, amount: 10.5 }]);
    expect(response.errors?.[0]?.message).toContain('records[1].amount');
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('deletes facts by external id: readers no longer see them, and unknown ids come back', async () => {
    await send([{ ...ORDER, id: 'f-cancelled' }]);
    const response = await api.graphql<{ deleteFacts: Record<string, unknown> }>(
      'mutation ($ids: [String!]!) { deleteFacts(ids: $ids) { __typename ... on FactDeletion { deleted notFound } ... on Error { code message } } }',
      { ids: ['f-cancelled', 'f-never'] },
      api.keys.admin,
    );
    expect(response.data?.deleteFacts).toEqual({
      __typename: 'FactDeletion',
      deleted: 1,
      notFound: ['f-never'],
    });
    const facts = await api.graphql<{ facts: { edges: { node: { externalId: string } }[] } }>(
      '{ facts(first: 100) { edges { node { externalId } } } }',
      {},
      api.keys.admin,
    );
    expect(facts.data?.facts.edges.map((edge) => edge.node.externalId)).not.toContain('f-cancelled');
    expect(facts.data?.facts.edges.map((edge) => edge.node.externalId)).toContain('f-order-1');
  });

  it('refuses to delete more than 10,000 facts in one call and deletes none', async () => {
    const before = await snapshotData(store.db);
    const response = await api.graphql<{ deleteFacts: Record<string, unknown> }>(
      'mutation ($ids: [String!]!) { deleteFacts(ids: $ids) { __typename ... on Error { code message } } }',
      { ids: ['f-order-1', ...Array.from({ length: 10_000 }, (_, i) => `x-${i}`)] },
      api.keys.admin,
    );
    expect(response.data?.deleteFacts).toEqual({
      __typename: 'InvalidInputError',
      code: 'INVALID_INPUT',
      message: 'deleteFacts takes at most 10,000 ids; got 10,001. Split them into several calls.',
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });
});
