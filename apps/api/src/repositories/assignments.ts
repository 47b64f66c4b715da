import type { Collection, Db, Long } from 'mongodb';
import { fromStoredDay, toStoredDay } from '../db/days.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { fromStoredMinor, toStoredMinor } from '../db/money.js';
import { findPage, type Page, type PageRequest } from '../db/page.js';
import { type UpsertCounts, upsertById } from '../db/upsert-by-id.js';

/** A participant on a plan over an inclusive date range (the engine's `Assignment`). */
export interface Assignment {
  id: string;
  participantId: string;
  /** The plan's id; the plan repository owns plans. */
  planId: string;
  from: string;
  to: string | null;
  /** Overrides the participant's annual target incentive while this assignment lasts. */
  annualTargetIncentiveMinor: number | null;
}

interface AssignmentDocument {
  _id: string;
  participantId: string;
  planId: string;
  from: Date;
  to: Date | null;
  annualTargetIncentiveMinor: Long | null;
}

export const assignmentIndexes: CollectionIndexes = {
  collection: 'assignments',
  indexes: [
    { key: { participantId: 1, from: 1 }, options: { name: 'participant_from' } },
    { key: { planId: 1 }, options: { name: 'plan' } },
  ],
};

/** Effective-dated plan assignments by their client-given id. */
export class AssignmentsRepository {
  private readonly assignments: Collection<AssignmentDocument>;

  constructor(db: Db) {
    this.assignments = db.collection<AssignmentDocument>(assignmentIndexes.collection);
  }

  upsertMany(assignments: readonly Assignment[]): Promise<UpsertCounts> {
    return upsertById(
      this.assignments,
      assignments.map((assignment) => ({
        _id: assignment.id,
        participantId: assignment.participantId,
        planId: assignment.planId,
        from: toStoredDay(assignment.from),
        to: assignment.to === null ? null : toStoredDay(assignment.to),
        annualTargetIncentiveMinor:
          assignment.annualTargetIncentiveMinor === null
            ? null
            : toStoredMinor(assignment.annualTargetIncentiveMinor),
      })),
    );
  }

  /** Every assignment to one plan, for a payout run. */
  async findByPlan(planId: string): Promise<Assignment[]> {
    return (await this.assignments.find({ planId }).sort({ _id: 1 }).toArray()).map(toAssignment);
  }

  async findByIds(ids: readonly string[]): Promise<Assignment[]> {
    const documents = await this.assignments.find({ _id: { $in: [...ids] } }).toArray();
    return documents.map(toAssignment);
  }

  /** All assignments of any of these participants, in one query. */
  async findByParticipants(participantIds: readonly string[]): Promise<Assignment[]> {
    const documents = await this.assignments
      .find({ participantId: { $in: [...participantIds] } })
      .sort({ _id: 1 })
      .toArray();
    return documents.map(toAssignment);
  }

  async findPage(
    request: PageRequest,
    filter: { participantId?: string; planId?: string } = {},
  ): Promise<Page<Assignment>> {
    const query: Record<string, unknown> = {};
    if (filter.participantId !== undefined) query.participantId = filter.participantId;
    if (filter.planId !== undefined) query.planId = filter.planId;
    const page = await findPage(this.assignments, query, request);
    return { ...page, items: page.items.map(toAssignment) };
  }
}

function toAssignment(document: AssignmentDocument): Assignment {
  return {
    id: document._id,
    participantId: document.participantId,
    planId: document.planId,
    from: fromStoredDay(document.from),
    to: document.to ? fromStoredDay(document.to) : null,
    annualTargetIncentiveMinor:
      document.annualTargetIncentiveMinor == null
        ? null
        : fromStoredMinor(document.annualTargetIncentiveMinor),
  };
}
