import { beforeEach, describe, expect, it } from 'vitest';
import { GoalSnapshots } from '../../src/repositories/goal-snapshots.js';
import type { Goal } from '../../src/repositories/goals.js';
import { createRepositories } from '../../src/repositories/index.js';
import { useTestDatabase } from '../support/database.js';

function goal(id: string, value: number, extra: Partial<Goal> = {}): Goal {
  return {
    id,
    name: 'team revenue',
    ownerKind: 'team',
    ownerId: 't-1',
    periodId: '2025-Q1',
    value,
    currency: 'EUR',
    ...extra,
  };
}

describe('goal snapshots', () => {
  const store = useTestDatabase();
  let repositories: ReturnType<typeof createRepositories>;

  beforeEach(async () => {
    await store.db.dropDatabase();
    repositories = createRepositories(store.db);
  });

  const snapshotCount = () => store.db.collection('goal_snapshots').countDocuments({ part: 0 });

  it('gives every goal exactly, a changed goal superseding, and writes nothing for an unchanged re-send', async () => {
    // The largest safe integer of minor units, a negative amount, and a score that is not round.
    const first = [
      goal('g-1', 9_007_199_254_740_991),
      goal('g-2', -150),
      goal('g-3', 0.1 + 0.2, { currency: null }),
    ];
    await repositories.goals.upsertMany(first);
    expect(await repositories.goals.findAll()).toEqual(first);
    await repositories.goals.upsertMany([goal('g-2', 200)]);
    expect((await repositories.goals.findAll()).map((g) => [g.id, g.value])).toEqual([
      ['g-1', 9_007_199_254_740_991],
      ['g-2', 200],
      ['g-3', 0.1 + 0.2],
    ]);
    const snapshots = await snapshotCount();
    await repositories.goals.upsertMany([goal('g-2', 200)]);
    expect(await snapshotCount()).toBe(snapshots);
  });

  it('starts a snapshot from goals stored before snapshots existed, and keeps them on the next import', async () => {
    await store.db.collection('goals').insertOne({
      _id: 'old-1' as never,
      name: 'team revenue',
      ownerKind: 'team',
      ownerId: 't-1',
      periodId: '2024-Q4',
      value: 500,
      currency: null,
    });
    const fresh = createRepositories(store.db);
    expect((await fresh.goals.findAll()).map((g) => g.id)).toEqual(['old-1']);
    await store.db.collection('goal_snapshots').deleteMany({});
    await store.db.collection('goal_snapshot_head').deleteMany({});
    await fresh.goals.upsertMany([goal('g-1', 1)]);
    expect((await fresh.goals.findAll()).map((g) => g.id)).toEqual(['g-1', 'old-1']);
  });

  it('lands both of two imports that write at the same time', async () => {
    const other = createRepositories(store.db);
    await Promise.all([
      repositories.goals.upsertMany([goal('a-1', 1), goal('a-2', 2)]),
      other.goals.upsertMany([goal('b-1', 3)]),
    ]);
    expect((await createRepositories(store.db).goals.findAll()).map((g) => g.id)).toEqual([
      'a-1',
      'a-2',
      'b-1',
    ]);
  });

  it('finds the newest snapshot when the head hint names one that was removed since', async () => {
    for (let value = 1; value <= 4; value++) await repositories.goals.upsertMany([goal('g-1', value)]);
    // A hint left behind by a writer that lagged: generation 1 is long removed.
    await store.db
      .collection('goal_snapshot_head')
      .updateOne({ _id: 'goals' as never }, { $set: { generation: 1 } });
    expect(await store.db.collection('goal_snapshots').countDocuments({ generation: 1 })).toBe(0);
    expect((await createRepositories(store.db).goals.findAll()).map((g) => g.value)).toEqual([4]);
  });

  it('reads a snapshot written in several parts, and ignores the parts of a writer that did not commit', async () => {
    const snapshots = new GoalSnapshots(store.db, 2);
    const goals = [goal('g-1', 1), goal('g-2', 2), goal('g-3', 3), goal('g-4', 4), goal('g-5', 5)];
    await snapshots.merge(goals, async () => []);
    // What a writer cut before its part 0 leaves: parts of generation 2 that no part 0 names.
    await store.db
      .collection('goal_snapshots')
      .insertOne({ _id: '2/cut/1' as never, generation: 2, part: 1 });
    const { generation, goals: read } = await snapshots.current(async () => []);
    expect(generation).toBe(1);
    expect([...read.values()]).toEqual(goals);
    expect(await store.db.collection('goal_snapshots').countDocuments({ generation: 1 })).toBe(3);
  });
});
