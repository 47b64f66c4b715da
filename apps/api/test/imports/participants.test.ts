import { Long } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { importMutation, PARTICIPANTS, snapshotData } from '../support/org-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const IMPORT = importMutation('Participants');

describe('importParticipants', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
  });

  const send = (records: unknown[], key = api.keys.admin) =>
    api.graphql<{ importParticipants: Record<string, unknown> }>(IMPORT, { records }, key);

  it('inserts new participants and stores the target incentive as int64 and days as dates', async () => {
    const response = await send(PARTICIPANTS);
    // The test app already holds its own participant, so all three records are new.
    expect(response.data?.importParticipants).toEqual({
      __typename: 'ImportResult',
      inserted: 3,
      updated: 0,
      unchanged: 0,
    });
    const ada = await store.db
      .collection('participants')
      .findOne({ _id: 'p-ada' as never }, { promoteLongs: false });
    expect(ada?.annualTargetIncentiveMinor).toBeInstanceOf(Long);
    expect(String(ada?.annualTargetIncentiveMinor)).toBe('3000000');
    expect(ada?.hireDate).toEqual(new Date('2023-02-01T00:00:00Z'));
  });

  it('reports every record unchanged when the same batch is sent again, and writes nothing', async () => {
    const before = await snapshotData(store.db);
    const response = await send(PARTICIPANTS);
    expect(response.data?.importParticipants).toEqual({
      __typename: 'ImportResult',
      inserted: 0,
      updated: 0,
      unchanged: 3,
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('replaces a participant whose fields changed and counts it as updated', async () => {
    const changed = PARTICIPANTS.map((p) => (p.id === 'p-cy' ? { ...p, geography: 'AMER' } : p));
    const response = await send(changed);
    expect(response.data?.importParticipants).toEqual({
      __typename: 'ImportResult',
      inserted: 0,
      updated: 1,
      unchanged: 2,
    });
    const cy = await store.db.collection('participants').findOne({ _id: 'p-cy' as never });
    expect(cy?.geography).toBe('AMER');
  });

  it('stores an attribute value that looks like an operator as the plain string it is', async () => {
    const record = {
      ...PARTICIPANTS[0],
      id: 'p-op',
      attributes: { region: '$where', level: 3, remote: true },
    };
    expect((await send([record])).data?.importParticipants.__typename).toBe('ImportResult');
    const stored = await store.db.collection('participants').findOne({ _id: 'p-op' as never });
    expect(stored?.attributes).toEqual({ region: '$where', level: 3, remote: true });
  });

  const ada = PARTICIPANTS[0]!;
  it.each([
    ['an unknown currency', { ...ada, currency: 'EURO' }, 'currency', 'ISO 4217'],
    ['a day that does not exist', { ...ada, hireDate: '2025-02-30' }, 'hireDate', 'YYYY-MM-DD'],
    ['a day out of range', { ...ada, hireDate: '1850-01-01' }, 'hireDate', 'out of range'],
    [
      'a termination before the hire date',
      { ...ada, terminationDate: '2020-01-01' },
      'terminationDate',
      'before hireDate',
    ],
    [
      'a negative target incentive',
      { ...ada, annualTargetIncentiveMinor: -5 },
      'annualTargetIncentiveMinor',
      'negative',
    ],
    ['a blank name', { ...ada, name: '  ' }, 'name', 'blank'],
    ['an attribute name starting with $', { ...ada, attributes: { $gt: 1 } }, 'attributes.$gt', 'rename'],
    ['an attribute name with a dot', { ...ada, attributes: { 'a.b': 1 } }, 'attributes.a.b', 'rename'],
    [
      'an attribute value that is an object',
      { ...ada, attributes: { nested: { $gt: 1 } } },
      'attributes.nested',
      'text, a number',
    ],
  ])('rejects %s with a record error and changes nothing', async (_case, bad, field, hint) => {
    const before = await snapshotData(store.db);
    const response = await send([PARTICIPANTS[1], bad]);
    expect(response.data?.importParticipants).toMatchObject({
      __typename: 'ImportRejected',
      errorCount: 1,
      errors: [{ index: 1, field, reason: expect.stringContaining(hint) }],
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('rejects two records with the same external id, naming the first one', async () => {
    const before = await snapshotData(store.db);
    const response = await send([
      { ...ada, id: 'p-new' },
      PARTICIPANTS[1],
      { ...ada, id: 'p-new', name: 'Other' },
    ]);
    expect(response.data?.importParticipants).toMatchObject({
      __typename: 'ImportRejected',
      errors: [
        {
          index: 2,
          field: 'id',
          reason: 'id "p-new" is also used by record 0; each record needs its own id',
        },
      ],
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('refuses a value of the wrong type before anything runs, naming the record and field', async () => {
    const before = await snapshotData(store.db);
    const response = await send([{ ...ada, annualTargetIncentiveMinor: 'lots' }]);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.message).toContain('records[0].annualTargetIncentiveMinor');
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('refuses a batch over 10,000 records as a whole and changes nothing', async () => {
    const before = await snapshotData(store.db);
    const records = Array.from({ length: 10_001 }, (_, i) => ({ ...ada, id: `p-bulk-${i}` }));
    const response = await send(records);
    expect(response.data?.importParticipants).toMatchObject({
      __typename: 'InvalidInputError',
      code: 'INVALID_INPUT',
      message: expect.stringContaining('at most 10,000 participants'),
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it.each(['analyst', 'participant', 'service'] as const)(
    'forbids a %s key to import, and writes nothing',
    async (role) => {
      const before = await snapshotData(store.db);
      const response = await send([{ ...ada, id: 'p-forbidden' }], api.keys[role]);
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await snapshotData(store.db)).toEqual(before);
    },
  );

  it('refuses an import without a key, and writes nothing', async () => {
    const before = await snapshotData(store.db);
    const response = await api.graphql(IMPORT, { records: [{ ...ada, id: 'p-anon' }] });
    expect(response.status).toBe(401);
    expect(await snapshotData(store.db)).toEqual(before);
  });
});
