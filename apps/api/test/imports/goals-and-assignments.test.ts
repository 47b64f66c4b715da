import { Long } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { importMutation, importOrg, snapshotData } from '../support/org-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const REVENUE_GOAL = {
  id: 'g-1',
  name: 'revenue',
  ownerId: 't-north',
  periodId: '2025-Q1',
  value: 125_000_000,
  currency: 'EUR',
};
const CSAT_GOAL = { id: 'g-2', name: 'csat', ownerId: 'p-ada', periodId: '2025', value: 4.2 };
const ASSIGNMENT = {
  id: 'as-1',
  participantId: 'p-ada',
  planId: 'team-performance',
  from: '2025-01-01',
  to: '2025-12-31',
};

describe('importGoals and importAssignments', () => {
  const store = useTestDatabase();
  let api: TestApp;
  const send = (kind: 'Goals' | 'Assignments', records: unknown[]) =>
    api.graphql<Record<string, Record<string, unknown>>>(importMutation(kind), { records }, api.keys.admin);

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await importOrg(api);
  });

  it('stores a money goal as int64 minor units and a score goal as a number, with the owner kind', async () => {
    const response = await send('Goals', [REVENUE_GOAL, CSAT_GOAL]);
    expect(response.data?.importGoals).toEqual({
      __typename: 'ImportResult',
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    const revenue = await store.db
      .collection('goals')
      .findOne({ _id: 'g-1' as never }, { promoteLongs: false });
    expect(revenue?.value).toBeInstanceOf(Long);
    expect(revenue?.ownerKind).toBe('team');
    const csat = await store.db.collection('goals').findOne({ _id: 'g-2' as never });
    expect(csat).toMatchObject({ value: 4.2, ownerKind: 'participant', currency: null });
    expect((await send('Goals', [REVENUE_GOAL, CSAT_GOAL])).data?.importGoals).toMatchObject({
      unchanged: 2,
    });
  });

  it.each([
    ['a period that is no period', { ...CSAT_GOAL, periodId: '2025-Q5' }, 'periodId', '"2025-Q3"'],
    [
      'an owner that is neither participant nor team',
      { ...CSAT_GOAL, ownerId: 'nobody' },
      'ownerId',
      'no participant or team',
    ],
    [
      'a money goal with a fraction of a cent',
      { ...REVENUE_GOAL, value: 10.5 },
      'value',
      'whole number of minor units',
    ],
  ])('rejects a goal with %s and changes nothing', async (_case, bad, field, hint) => {
    const before = await snapshotData(store.db);
    const response = await send('Goals', [bad]);
    expect(response.data?.importGoals).toMatchObject({
      __typename: 'ImportRejected',
      errors: [{ index: 0, field, reason: expect.stringContaining(hint) }],
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('stores an assignment with a target incentive override as int64', async () => {
    const response = await send('Assignments', [{ ...ASSIGNMENT, annualTargetIncentiveMinor: 3_500_000 }]);
    expect(response.data?.importAssignments).toEqual({
      __typename: 'ImportResult',
      inserted: 1,
      updated: 0,
      unchanged: 0,
    });
    const stored = await store.db
      .collection('assignments')
      .findOne({ _id: 'as-1' as never }, { promoteLongs: false });
    expect(String(stored?.annualTargetIncentiveMinor)).toBe('3500000');
    expect(stored).toMatchObject({ planId: 'team-performance', to: new Date('2025-12-31T00:00:00Z') });
  });

  it.each([
    [
      'an unknown participant',
      { ...ASSIGNMENT, participantId: 'p-ghost' },
      'participantId',
      'importParticipants',
    ],
    ['a plan that does not exist', { ...ASSIGNMENT, planId: 'no-such-plan' }, 'planId', 'createPlan'],
    ['an end before its start', { ...ASSIGNMENT, to: '2024-12-31' }, 'to', 'before from 2025-01-01'],
    ['a start out of range', { ...ASSIGNMENT, from: '2300-01-01', to: null }, 'from', 'out of range'],
  ])('rejects an assignment with %s and changes nothing', async (_case, bad, field, hint) => {
    const before = await snapshotData(store.db);
    const response = await send('Assignments', [bad]);
    expect(response.data?.importAssignments).toMatchObject({
      __typename: 'ImportRejected',
      errors: [{ index: 0, field, reason: expect.stringContaining(hint) }],
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });
});
