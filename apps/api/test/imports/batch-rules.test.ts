import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH_LIMITS } from '../../src/imports/run-import.js';
import { useTestDatabase } from '../support/database.js';
import { importMutation, importOrg, snapshotData } from '../support/org-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** A valid record of each kind, given its id (the org fixtures are imported first). */
const RECORDS = {
  Participants: (id: string) => ({
    id,
    name: 'N',
    role: 'r',
    geography: 'g',
    vertical: 'v',
    currency: 'EUR',
    hireDate: '2024-01-01',
  }),
  Teams: (id: string) => ({
    id,
    name: 'T',
    members: [{ participantId: 'p-ada', role: 'lead', from: '2024-01-01' }],
  }),
  Accounts: (id: string) => ({
    id,
    name: 'A',
    teamId: 't-north',
    geography: 'g',
    vertical: 'v',
    segment: 's',
  }),
  Goals: (id: string) => ({
    id,
    name: 'revenue',
    ownerId: 'p-ada',
    periodId: '2025-Q1',
    value: 100,
    currency: 'EUR',
  }),
  Assignments: (id: string) => ({ id, participantId: 'p-ada', planId: 'plan-a', from: '2025-01-01' }),
  Facts: (id: string) => ({ id, kind: 'survey', date: '2025-01-01', accountId: 'a-northwind', score: 3 }),
} as const;

type Kind = keyof typeof RECORDS;
const KINDS = Object.keys(RECORDS) as Kind[];

describe('batch rules shared by every import mutation', () => {
  const store = useTestDatabase();
  let api: TestApp;
  const send = (kind: Kind, records: unknown[]) =>
    api.graphql<Record<string, Record<string, unknown>>>(importMutation(kind), { records }, api.keys.admin);

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await importOrg(api);
  });

  it.each(KINDS)(
    'import%s refuses two records with the same external id and writes neither',
    async (kind) => {
      const before = await snapshotData(store.db);
      const response = await send(kind, [
        RECORDS[kind]('dup-1'),
        RECORDS[kind]('other'),
        RECORDS[kind]('dup-1'),
      ]);
      expect(response.data?.[`import${kind}`]).toMatchObject({
        __typename: 'ImportRejected',
        errors: [
          {
            index: 2,
            field: 'id',
            reason: 'id "dup-1" is also used by record 0; each record needs its own id',
          },
        ],
      });
      expect(await snapshotData(store.db)).toEqual(before);
    },
  );

  it.each(KINDS.filter((kind) => kind !== 'Facts'))(
    'import%s refuses one record over its batch limit as a whole and writes nothing',
    { timeout: 120_000 },
    async (kind) => {
      const limit = BATCH_LIMITS[kind.toLowerCase() as keyof typeof BATCH_LIMITS];
      const before = await snapshotData(store.db);
      const records = Array.from({ length: limit + 1 }, (_, i) => RECORDS[kind](`over-${i}`));
      const response = await send(kind, records);
      expect(response.data?.[`import${kind}`]).toMatchObject({
        __typename: 'InvalidInputError',
        code: 'INVALID_INPUT',
        message: expect.stringContaining(`at most ${limit.toLocaleString('en-US')}`),
      });
      expect(await snapshotData(store.db)).toEqual(before);
    },
  );

  it.each(KINDS)('import%s with an empty batch writes nothing and says so', async (kind) => {
    const response = await send(kind, []);
    expect(response.data?.[`import${kind}`]).toEqual({
      __typename: 'ImportResult',
      inserted: 0,
      updated: 0,
      unchanged: 0,
    });
  });
});
