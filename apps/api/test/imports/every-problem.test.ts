/**
 * A rejected import lists every problem of every record in one answer: a record's own field
 * errors and its references to records that are not stored together, with record numbers, so a
 * client fixes the whole file in one round (issue 14, item 8).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { importMutation, importOrg, snapshotData } from '../support/org-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Rejected {
  __typename: string;
  errorCount: number;
  errors: { index: number; field: string; reason: string }[];
}

describe('imports report every problem of every record at once', () => {
  const store = useTestDatabase();
  let api: TestApp;
  const send = async (kind: Parameters<typeof importMutation>[0], records: unknown[]) => {
    const result = await api.graphql<Record<string, Rejected>>(
      importMutation(kind),
      { records },
      api.keys.admin,
    );
    return result.data?.[`import${kind}`] as Rejected;
  };
  const fields = (rejected: Rejected) => rejected.errors.map((e) => [e.index, e.field]);

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await importOrg(api);
  });

  it('reports a fact missing its amount together with its unknown account and credited participant', async () => {
    const before = await snapshotData(store.db);
    const rejected = await send('Facts', [
      {
        id: 'o-1',
        kind: 'order',
        date: '2025-02-01',
        accountId: 'a-nowhere',
        currency: 'EUR',
        cost: 0,
        productLine: 'cloud',
        repeat: false,
        credits: [{ participantId: 'p-zed', share: 1 }],
      },
      { id: 'o-2', kind: 'survey', date: '2025-02-01', accountId: 'a-elsewhere', score: 4 },
      { id: 'o-3', kind: 'survey', date: '2025-02-01', accountId: 'a-northwind', score: 4 },
    ]);
    expect(rejected.__typename).toBe('ImportRejected');
    expect(fields(rejected)).toEqual([
      [0, 'amount'],
      [0, 'accountId'],
      [0, 'credits[0].participantId'],
      [1, 'accountId'],
    ]);
    expect(rejected.errors[1]?.reason).toBe(
      'no account has id "a-nowhere"; import it first with importAccounts, or fix the id',
    );
    expect(rejected.errorCount).toBe(4);
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('reports a team member with a blank role together with an unknown participant', async () => {
    const rejected = await send('Teams', [
      { id: 't-new', name: 'New', members: [{ participantId: 'p-zed', role: ' ', from: '2025-01-01' }] },
    ]);
    expect(fields(rejected)).toEqual([
      [0, 'members[0].role'],
      [0, 'members[0].participantId'],
    ]);
  });

  it('reports an account with a blank name together with its unknown team', async () => {
    const rejected = await send('Accounts', [
      { id: 'a-new', name: '', teamId: 't-nowhere', geography: 'g', vertical: 'v', segment: 's' },
    ]);
    expect(fields(rejected)).toEqual([
      [0, 'name'],
      [0, 'teamId'],
    ]);
  });

  it('reports a goal with a bad period together with an owner that is neither a participant nor a team', async () => {
    const rejected = await send('Goals', [
      { id: 'g-1', name: 'Quota', ownerId: 'x-nobody', periodId: 'Q1-2025', value: 1 },
    ]);
    expect(fields(rejected)).toEqual([
      [0, 'periodId'],
      [0, 'ownerId'],
    ]);
  });

  it('reports an assignment with a bad date together with its unknown participant and plan', async () => {
    const rejected = await send('Assignments', [
      { id: 'as-1', participantId: 'p-zed', planId: 'plan-nowhere', from: '2025-13-01' },
    ]);
    expect(fields(rejected)).toEqual([
      [0, 'from'],
      [0, 'participantId'],
      [0, 'planId'],
    ]);
  });

  it('still imports a good batch and settles a goal owner as a team', async () => {
    const result = await api.graphql<Record<string, { __typename: string; inserted: number }>>(
      importMutation('Goals'),
      {
        records: [
          { id: 'g-team', name: 'Quota', ownerId: 't-north', periodId: '2025-Q1', value: 1, currency: 'EUR' },
        ],
      },
      api.keys.admin,
    );
    expect(result.data?.importGoals).toMatchObject({ __typename: 'ImportResult', inserted: 1 });
    const goals = await api.repositories.goals.findByIds(['g-team']);
    expect(goals[0]?.ownerKind).toBe('team');
  });
});
