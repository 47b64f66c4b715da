/**
 * Every goal, packed into a few documents, for the readers that need all of them (payout runs and
 * backtests). FerretDB's cost is per document: reading 28,000 goals one document each took 4.8 s
 * of a backtest (the 1M-fact bench); as one packed snapshot it is one read by `_id`.
 *
 * The `goals` collection (one document per goal) stays the record that `node(id:)` and the
 * `goals` query page through. Each goal import first writes a new snapshot (the previous one
 * merged with the batch), then the goals themselves, so the snapshot always holds at least what
 * the collection holds; a batch cut in between is in the snapshot only, until it is sent again.
 *
 * A snapshot is generation `n`, in parts of at most PART_GOALS goals. Part 0 (`_id` `"<n>"`) is
 * written last and makes the snapshot visible: it names the writer's token under which the other
 * parts were written (`"<n>/<token>/<part>"`), and its unique `_id` lets one of two racing
 * writers win; the other starts again on top of the winner, and its parts are removed later.
 * `goal_snapshot_head` is a hint of the newest generation: a reader reads it, then probes the
 * generations after it, so a stale hint costs a read and never a stale answer.
 */
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Binary, type Collection, type Db } from 'mongodb';
import { isDuplicateKeyError } from '../db/errors.js';
import type { Goal } from './goals.js';

/** Goals per snapshot part: about 1.5 MB deflated at the most, far below MongoDB's 16 MB. */
const PART_GOALS = 100_000;

/** Snapshots kept behind the newest, for readers that are still reading them. */
const KEPT_BEHIND = 1;

interface SnapshotPartDocument {
  _id: string;
  generation: number;
  part: number;
  /** In part 0 only: how many parts the snapshot has, and the token of their ids. */
  parts?: number;
  token?: string;
  /** The goals as deflated JSON rows [id, name, ownerKind, ownerId, periodId, value, currency]. */
  goals: Binary;
}

interface HeadDocument {
  _id: 'goals';
  generation: number;
}

type GoalRow = [string, string, Goal['ownerKind'], string, string, number, string | null];

export class GoalSnapshots {
  private readonly parts: Collection<SnapshotPartDocument>;
  private readonly head: Collection<HeadDocument>;

  /** `partGoals` is for tests, to have several parts with a few goals. */
  constructor(
    db: Db,
    private readonly partGoals = PART_GOALS,
  ) {
    this.parts = db.collection<SnapshotPartDocument>('goal_snapshots');
    this.head = db.collection<HeadDocument>('goal_snapshot_head');
  }

  /**
   * The newest snapshot: its generation (0 when none was written yet) and its goals by id. With
   * no snapshot yet (a database from before snapshots), `stored` gives the goals to start from.
   */
  async current(stored: () => Promise<Goal[]>): Promise<{ generation: number; goals: Map<string, Goal> }> {
    const generation = await this.newestGeneration();
    if (generation === 0)
      return { generation, goals: new Map((await stored()).map((goal) => [goal.id, goal])) };
    const first = await this.parts.findOne({ _id: String(generation) });
    if (!first) return this.current(stored);
    const goals = new Map<string, Goal>();
    for (const goal of unpack(first.goals)) goals.set(goal.id, goal);
    for (let part = 1; part < (first.parts ?? 1); part++) {
      const document = await this.parts.findOne({ _id: `${generation}/${first.token}/${part}` });
      // A part removed under us: a newer snapshot replaced this one meanwhile.
      if (!document) return this.current(stored);
      for (const goal of unpack(document.goals)) goals.set(goal.id, goal);
    }
    return { generation, goals };
  }

  /**
   * Writes a snapshot of the current one with `batch` merged in, unless every goal of the batch
   * is in it already as it is. Call before writing the batch to the goals collection.
   */
  async merge(batch: readonly Goal[], stored: () => Promise<Goal[]>): Promise<void> {
    for (;;) {
      const { generation, goals } = await this.current(stored);
      const changed = batch.filter((goal) => !sameGoal(goals.get(goal.id), goal));
      if (changed.length === 0 && generation > 0) return;
      for (const goal of changed) goals.set(goal.id, goal);
      const next = generation + 1;
      const all = [...goals.values()];
      const partCount = Math.max(1, Math.ceil(all.length / this.partGoals));
      const token = randomBytes(6).toString('hex');
      const partDocument = (part: number): SnapshotPartDocument => ({
        _id: part === 0 ? String(next) : `${next}/${token}/${part}`,
        generation: next,
        part,
        ...(part === 0 ? { parts: partCount, token } : {}),
        goals: pack(all.slice(part * this.partGoals, (part + 1) * this.partGoals)),
      });
      // Parts 1.. first, part 0 last: part 0 is the commit.
      if (partCount > 1) {
        await this.parts.insertMany(Array.from({ length: partCount - 1 }, (_, i) => partDocument(i + 1)));
      }
      try {
        await this.parts.insertOne(partDocument(0));
      } catch (error) {
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      // $max: a writer that lags behind never moves the hint back.
      await this.head.updateOne({ _id: 'goals' }, { $max: { generation: next } }, { upsert: true });
      await this.parts.deleteMany({ generation: { $lt: next - KEPT_BEHIND } });
      return;
    }
  }

  private async newestGeneration(): Promise<number> {
    const committed = async (generation: number) =>
      (await this.parts.findOne({ _id: String(generation) }, { projection: { _id: 1 } })) !== null;
    let generation = (await this.head.findOne({ _id: 'goals' }))?.generation ?? 0;
    while (await committed(generation + 1)) generation++;
    if (generation === 0 || (await committed(generation))) return generation;
    // The hint names a generation removed since: find the newest among the few snapshot documents.
    const newest = await this.parts.find({ part: 0 }).sort({ generation: -1 }).limit(1).next();
    return newest?.generation ?? 0;
  }
}

function sameGoal(stored: Goal | undefined, goal: Goal): boolean {
  return (
    stored !== undefined &&
    stored.name === goal.name &&
    stored.ownerKind === goal.ownerKind &&
    stored.ownerId === goal.ownerId &&
    stored.periodId === goal.periodId &&
    Object.is(stored.value, goal.value) &&
    stored.currency === goal.currency
  );
}

// JSON keeps every value exactly: money goals are safe integers of minor units (the import checks
// it), other goals doubles, which JSON writes in their shortest exact form.
function pack(goals: readonly Goal[]): Binary {
  const rows: GoalRow[] = goals.map((goal) => [
    goal.id,
    goal.name,
    goal.ownerKind,
    goal.ownerId,
    goal.periodId,
    goal.value,
    goal.currency,
  ]);
  return new Binary(deflateRawSync(Buffer.from(JSON.stringify(rows), 'utf8'), { level: 1 }));
}

function unpack(value: Binary): Goal[] {
  const bytes = value.buffer.subarray(0, value.length());
  const rows = JSON.parse(inflateRawSync(bytes).toString('utf8')) as GoalRow[];
  return rows.map(([id, name, ownerKind, ownerId, periodId, goalValue, currency]) => ({
    id,
    name,
    ownerKind,
    ownerId,
    periodId,
    value: goalValue,
    currency,
  }));
}
