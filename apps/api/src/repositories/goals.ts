import type { Collection, Db, Long } from 'mongodb';
import type { CollectionIndexes } from '../db/indexes.js';
import { fromStoredMinor, toStoredMinor } from '../db/money.js';
import { findPage, type Page, type PageRequest } from '../db/page.js';
import { type UpsertCounts, upsertById } from '../db/upsert-by-id.js';
import { GoalSnapshots } from './goal-snapshots.js';

export type GoalOwnerKind = 'participant' | 'team';

/**
 * The expected value of a measure for a participant or a team in one period (the engine's
 * `Goal`). A money goal names its currency and its value is in minor units; any other goal
 * (a count, a score, a fraction) has no currency.
 */
export interface Goal {
  id: string;
  name: string;
  ownerKind: GoalOwnerKind;
  ownerId: string;
  /** '2025', '2025-H1', '2025-Q3' or '2025-07'. */
  periodId: string;
  value: number;
  currency: string | null;
}

interface GoalDocument {
  _id: string;
  name: string;
  ownerKind: GoalOwnerKind;
  ownerId: string;
  periodId: string;
  /** int64 minor units for money goals (currency set), a double otherwise. */
  value: Long | number;
  currency: string | null;
}

export const goalIndexes: CollectionIndexes = {
  collection: 'goals',
  indexes: [{ key: { ownerId: 1, periodId: 1 }, options: { name: 'owner_period' } }],
};

/** Goals by their client-given id. */
export class GoalsRepository {
  private readonly goals: Collection<GoalDocument>;
  private readonly snapshots: GoalSnapshots;

  constructor(db: Db) {
    this.goals = db.collection<GoalDocument>(goalIndexes.collection);
    this.snapshots = new GoalSnapshots(db);
  }

  /** Stores goals by id; the snapshot that findAll reads is written first (goal-snapshots.ts). */
  async upsertMany(goals: readonly Goal[]): Promise<UpsertCounts> {
    await this.snapshots.merge(goals, () => this.scanAll());
    return upsertById(
      this.goals,
      goals.map((goal) => ({
        _id: goal.id,
        name: goal.name,
        ownerKind: goal.ownerKind,
        ownerId: goal.ownerId,
        periodId: goal.periodId,
        value: goal.currency === null ? goal.value : toStoredMinor(goal.value),
        currency: goal.currency,
      })),
    );
  }

  /**
   * Every goal, for a payout run or a backtest, by id: from the packed snapshot. A database with
   * goals stored before snapshots existed gets its first snapshot here, once.
   */
  async findAll(): Promise<Goal[]> {
    let snapshot = await this.snapshots.current(() => this.scanAll());
    if (snapshot.generation === 0 && snapshot.goals.size > 0) {
      await this.snapshots.merge([], () => this.scanAll());
      snapshot = await this.snapshots.current(() => this.scanAll());
    }
    return [...snapshot.goals.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Every goal document, read one by one (slow on FerretDB: only to start a snapshot). */
  private async scanAll(): Promise<Goal[]> {
    return (await this.goals.find({}).toArray()).map(toGoal);
  }

  async findByIds(ids: readonly string[]): Promise<Goal[]> {
    const documents = await this.goals.find({ _id: { $in: [...ids] } }).toArray();
    return documents.map(toGoal);
  }

  /** A page of goals, optionally only those of some owners and of one period. */
  async findPage(
    request: PageRequest,
    filter: { ownerIds?: readonly string[]; periodId?: string } = {},
  ): Promise<Page<Goal>> {
    const query: Record<string, unknown> = {};
    if (filter.ownerIds !== undefined) query.ownerId = { $in: [...filter.ownerIds] };
    if (filter.periodId !== undefined) query.periodId = filter.periodId;
    const page = await findPage(this.goals, query, request);
    return { ...page, items: page.items.map(toGoal) };
  }
}

function toGoal(document: GoalDocument): Goal {
  return {
    id: document._id,
    name: document.name,
    ownerKind: document.ownerKind,
    ownerId: document.ownerId,
    periodId: document.periodId,
    value: document.currency === null ? Number(document.value) : fromStoredMinor(document.value),
    currency: document.currency,
  };
}
