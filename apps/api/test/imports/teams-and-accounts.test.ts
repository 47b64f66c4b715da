import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { ACCOUNTS, importMutation, PARTICIPANTS, snapshotData, TEAMS } from '../support/org-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('importTeams and importAccounts', () => {
  const store = useTestDatabase();
  let api: TestApp;
  const send = (kind: 'Teams' | 'Accounts', records: unknown[]) =>
    api.graphql<Record<string, Record<string, unknown>>>(importMutation(kind), { records }, api.keys.admin);

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await api.graphql(importMutation('Participants'), { records: PARTICIPANTS }, api.keys.admin);
  });

  it('stores teams with their members embedded and member dates as dates', async () => {
    const response = await send('Teams', TEAMS);
    expect(response.data?.importTeams).toEqual({
      __typename: 'ImportResult',
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    const north = await store.db.collection('teams').findOne({ _id: 't-north' as never });
    expect(north?.members).toEqual([
      { participantId: 'p-ada', role: 'lead', from: new Date('2024-01-01T00:00:00Z'), to: null },
      {
        participantId: 'p-bob',
        role: 'member',
        from: new Date('2024-01-15T00:00:00Z'),
        to: new Date('2025-06-30T00:00:00Z'),
      },
    ]);
  });

  it('replaces the member list when a team is imported again with other members', async () => {
    const changed = [
      { ...TEAMS[0], members: [{ participantId: 'p-ada', role: 'lead', from: '2024-01-01' }] },
      TEAMS[1],
    ];
    const response = await send('Teams', changed);
    expect(response.data?.importTeams).toEqual({
      __typename: 'ImportResult',
      inserted: 0,
      updated: 1,
      unchanged: 1,
    });
    const north = await store.db.collection('teams').findOne({ _id: 't-north' as never });
    expect(north?.members).toHaveLength(1);
    await send('Teams', TEAMS);
  });

  it.each([
    [
      'a member who is not an imported participant',
      { id: 't-x', name: 'X', members: [{ participantId: 'p-ghost', role: 'lead', from: '2024-01-01' }] },
      'members[0].participantId',
      'import it first with importParticipants',
    ],
    [
      'a membership that ends before it starts',
      {
        id: 't-x',
        name: 'X',
        members: [{ participantId: 'p-ada', role: 'lead', from: '2024-05-01', to: '2024-04-30' }],
      },
      'members[0].to',
      'before from 2024-05-01',
    ],
    [
      'a membership with a month 13',
      { id: 't-x', name: 'X', members: [{ participantId: 'p-ada', role: 'lead', from: '2024-13-01' }] },
      'members[0].from',
      'YYYY-MM-DD',
    ],
  ])('rejects a team with %s and changes nothing', async (_case, bad, field, hint) => {
    const before = await snapshotData(store.db);
    const response = await send('Teams', [TEAMS[1], bad]);
    expect(response.data?.importTeams).toMatchObject({
      __typename: 'ImportRejected',
      errors: [{ index: 1, field, reason: expect.stringContaining(hint) }],
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('stores accounts that point at imported teams', async () => {
    const response = await send('Accounts', ACCOUNTS);
    expect(response.data?.importAccounts).toEqual({
      __typename: 'ImportResult',
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    expect((await send('Accounts', ACCOUNTS)).data?.importAccounts).toMatchObject({ unchanged: 2 });
  });

  it('rejects an account of an unknown team and changes nothing', async () => {
    const before = await snapshotData(store.db);
    const response = await send('Accounts', [ACCOUNTS[0], { ...ACCOUNTS[0], id: 'a-1', teamId: 't-ghost' }]);
    expect(response.data?.importAccounts).toMatchObject({
      __typename: 'ImportRejected',
      errorCount: 1,
      errors: [{ index: 1, field: 'teamId', reason: expect.stringContaining('no team has id "t-ghost"') }],
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('refuses an account without a required field before anything runs, naming record and field', async () => {
    const before = await snapshotData(store.db);
    const { segment: _dropped, ...withoutSegment } = { ...ACCOUNTS[0]!, id: 'a-2' };
    const response = await send('Accounts', [ACCOUNTS[0], withoutSegment]);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.message).toMatch(/at "records\[1\]"; Field "segment" .* was not provided/);
    expect(await snapshotData(store.db)).toEqual(before);
  });
});
