import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../db/errors.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { appendToSequence, readSequence } from '../db/slot-sequence.js';

/** A participant's question on one line of their own statement. Never changes once raised. */
export interface PayoutDispute {
  /** `<planId>/<periodId>/<slot>`: disputes are numbered per plan period. */
  id: string;
  planId: string;
  periodId: string;
  participantId: string;
  /** The statement (`<runId>/<participantId>`) and the component of the line questioned. */
  statementId: string;
  lineComponent: string;
  question: string;
  raisedBy: string | null;
  raisedAt: Date;
}

/** What happened to a dispute after it was raised: an answer, or its one resolution. */
export interface DisputeEvent {
  id: string;
  disputeId: string;
  kind: 'answer' | 'adjusted' | 'rejected';
  message: string;
  /** For `adjusted`: the manual adjustment entry that resolves it. */
  entryId: string | null;
  by: string | null;
  at: Date;
}

type DisputeDocument = Omit<PayoutDispute, 'id'> & { _id: string };
type EventDocument = Omit<DisputeEvent, 'id'> & { _id: string };

/** Read by `_id` only. */
export const payoutDisputeIndexes: CollectionIndexes = { collection: 'payout_disputes', indexes: [] };
export const disputeEventIndexes: CollectionIndexes = { collection: 'payout_dispute_events', indexes: [] };

const fromDispute = ({ _id, ...rest }: DisputeDocument): PayoutDispute => ({ id: _id, ...rest });
const fromEvent = ({ _id, ...rest }: EventDocument): DisputeEvent => ({ id: _id, ...rest });

/**
 * Disputes, numbered per plan period (the queue an admin works through, read by `_id`), and
 * their events: answers numbered per dispute, and one resolution under `<disputeId>/resolution`,
 * whose unique `_id` makes two admins resolving at once give one resolution.
 */
export class PayoutDisputesRepository {
  private readonly disputes: Collection<DisputeDocument>;
  private readonly events: Collection<EventDocument>;
  private readonly knownDisputes = new Map<string, PayoutDispute>();
  private readonly knownAnswers = new Map<string, DisputeEvent>();
  private readonly knownResolutions = new Map<string, DisputeEvent>();

  constructor(db: Db) {
    this.disputes = db.collection<DisputeDocument>(payoutDisputeIndexes.collection);
    this.events = db.collection<EventDocument>(disputeEventIndexes.collection);
  }

  async raise(dispute: Omit<PayoutDispute, 'id' | 'raisedAt'>): Promise<PayoutDispute> {
    const { item } = await appendToSequence(
      this.disputes,
      `${dispute.planId}/${dispute.periodId}`,
      fromDispute,
      this.knownDisputes,
      (_slot, id) => ({ _id: id, ...dispute, raisedAt: new Date() }),
    );
    return item;
  }

  /** The disputes of a plan period, oldest first. */
  async list(planId: string, periodId: string): Promise<PayoutDispute[]> {
    return readSequence(this.disputes, `${planId}/${periodId}`, fromDispute, this.knownDisputes);
  }

  async findById(id: string): Promise<PayoutDispute | null> {
    const known = this.knownDisputes.get(id);
    if (known) return known;
    const document = await this.disputes.findOne({ _id: id });
    return document ? fromDispute(document) : null;
  }

  async answer(event: Omit<DisputeEvent, 'id' | 'at' | 'kind' | 'entryId'>): Promise<DisputeEvent> {
    const { item } = await appendToSequence(
      this.events,
      `${event.disputeId}/answers`,
      fromEvent,
      this.knownAnswers,
      (_slot, id) => ({ _id: id, ...event, kind: 'answer' as const, entryId: null, at: new Date() }),
    );
    return item;
  }

  async answers(disputeId: string): Promise<DisputeEvent[]> {
    return readSequence(this.events, `${disputeId}/answers`, fromEvent, this.knownAnswers);
  }

  /** The resolution, or null while the dispute is open. */
  async resolution(disputeId: string): Promise<DisputeEvent | null> {
    const id = `${disputeId}/resolution`;
    const known = this.knownResolutions.get(id);
    if (known) return known;
    const document = await this.events.findOne({ _id: id });
    if (!document) return null;
    const event = fromEvent(document);
    this.knownResolutions.set(id, event);
    return event;
  }

  /** Writes the resolution; returns the one that stands (another admin's, if theirs came first). */
  async resolve(
    event: Omit<DisputeEvent, 'id' | 'at'>,
  ): Promise<{ resolution: DisputeEvent; first: boolean }> {
    const document: EventDocument = { _id: `${event.disputeId}/resolution`, ...event, at: new Date() };
    try {
      await this.events.insertOne(document);
      const resolution = fromEvent(document);
      this.knownResolutions.set(document._id, resolution);
      return { resolution, first: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.resolution(event.disputeId);
      if (!existing) throw error;
      return { resolution: existing, first: false };
    }
  }
}
