import type { Collection, Db, Long } from 'mongodb';
import { isDuplicateKeyError } from '../db/errors.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { fromStoredMinor, toStoredMinor } from '../db/money.js';
import { LoadingCache } from './loading-cache.js';
import { RUN_CACHE_MAX_PERIODS, readRunCacheMs } from './payout-runs.js';

/** The approval of one payout run: the lock of its plan and period. Never changes once written. */
export interface PayoutApproval {
  /** `<planId>/<periodId>`: one approval per plan and period, ever. */
  id: string;
  runId: string;
  planId: string;
  periodId: string;
  currency: string;
  /** The key that calculated the run (its `createdBy`). */
  calculatedBy: string | null;
  approvedBy: string;
  /** The owners of the calculating and the approving key (who holds them); null for a key without one. */
  calculatedByOwner: string | null;
  approvedByOwner: string | null;
  approvedAt: Date;
  /**
   * True when the calculating key, or another key of its owner, approved, which only
   * ATTAIN_ALLOW_SELF_APPROVAL=1 permits.
   */
  selfApproved: boolean;
  /** The slot of the period's entry sequence that seals it: entries before it are included. */
  sealSlot: number;
  /** Ids of the manual and prior-period entries the approval includes. */
  entryIds: string[];
  /** The run's statements total, in minor units of `currency`. */
  runTotalMinor: number;
  /** The sum of the included entries' lines. */
  entriesTotalMinor: number;
  /** runTotalMinor + entriesTotalMinor: what the period pays. */
  totalMinor: number;
}

interface PayoutApprovalDocument
  extends Omit<
    PayoutApproval,
    'id' | 'runTotalMinor' | 'entriesTotalMinor' | 'totalMinor' | 'calculatedByOwner' | 'approvedByOwner'
  > {
  _id: string;
  /** Absent on approvals written before keys had owners. */
  calculatedByOwner?: string | null;
  approvedByOwner?: string | null;
  runTotalMinor: Long;
  entriesTotalMinor: Long;
  totalMinor: Long;
}

/** Read by `_id` only. */
export const payoutApprovalIndexes: CollectionIndexes = { collection: 'payout_approvals', indexes: [] };

/**
 * `ATTAIN_ALLOW_SELF_APPROVAL`: `1` lets the key that calculated a run approve it (a company with
 * one administrator); unset or `0`, four eyes. Anything else is refused at start-up.
 */
export function readAllowSelfApproval(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.ATTAIN_ALLOW_SELF_APPROVAL;
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new Error(`ATTAIN_ALLOW_SELF_APPROVAL must be 1 (allow) or 0 (four eyes, the default), got "${raw}"`);
}

/** The id of the approval of a plan period. */
export function approvalId(planId: string, periodId: string): string {
  return `${planId}/${periodId}`;
}

/**
 * Approvals, one per plan and period, keyed by `_id`: the unique `_id` is what makes two
 * concurrent approvals give one (the second insert is a duplicate key), without a transaction or
 * a read-then-write. An approval never changes, so this process keeps those it has read.
 */
export class PayoutApprovalsRepository {
  private readonly approvals: Collection<PayoutApprovalDocument>;
  private readonly known = new Map<string, PayoutApproval>();
  /** Plan periods found unapproved, for statement reads: kept ATTAIN_RUN_CACHE_MS, like current runs. */
  private readonly open: LoadingCache<boolean>;
  /** ATTAIN_ALLOW_SELF_APPROVAL: whether the key that calculated a run may approve it too. */
  readonly allowSelfApproval: boolean;

  constructor(
    db: Db,
    options: { allowSelfApproval?: boolean; runCacheMs?: number; now?: () => number } = {},
  ) {
    this.approvals = db.collection<PayoutApprovalDocument>(payoutApprovalIndexes.collection);
    this.allowSelfApproval = options.allowSelfApproval ?? readAllowSelfApproval();
    this.open = new LoadingCache({
      maxWeight: RUN_CACHE_MAX_PERIODS,
      ttlMs: options.runCacheMs ?? readRunCacheMs(),
      now: options.now,
    });
  }

  /**
   * The approval of a plan period for a statement read: like find, but "not approved" is kept
   * for ATTAIN_RUN_CACHE_MS (an approval through this process shows at once, one through another
   * process within that time), so reading a statement again costs no database round trip.
   */
  async findForReading(planId: string, periodId: string): Promise<PayoutApproval | null> {
    const id = approvalId(planId, periodId);
    const known = this.known.get(id);
    if (known) return known;
    const open = await this.open.get(id, async () => (await this.find(planId, periodId)) === null);
    return open ? null : this.find(planId, periodId);
  }

  /** The approval of a plan period, or null while it is open; read from the database unless known. */
  async find(planId: string, periodId: string): Promise<PayoutApproval | null> {
    const id = approvalId(planId, periodId);
    const known = this.known.get(id);
    if (known) return known;
    const document = await this.approvals.findOne({ _id: id });
    if (!document) return null;
    const approval = fromDocument(document);
    this.known.set(id, approval);
    return approval;
  }

  /** Inserts an approval; returns false when the plan period already has one (that one stands). */
  async insert(approval: PayoutApproval): Promise<boolean> {
    try {
      await this.approvals.insertOne(toDocument(approval));
      this.known.set(approval.id, approval);
      this.open.delete(approval.id);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}

function toDocument(approval: PayoutApproval): PayoutApprovalDocument {
  const { id, runTotalMinor, entriesTotalMinor, totalMinor, ...rest } = approval;
  return {
    _id: id,
    ...rest,
    runTotalMinor: toStoredMinor(runTotalMinor),
    entriesTotalMinor: toStoredMinor(entriesTotalMinor),
    totalMinor: toStoredMinor(totalMinor),
  };
}

function fromDocument(document: PayoutApprovalDocument): PayoutApproval {
  const { _id, runTotalMinor, entriesTotalMinor, totalMinor, calculatedByOwner, approvedByOwner, ...rest } =
    document;
  return {
    id: _id,
    ...rest,
    calculatedByOwner: calculatedByOwner ?? null,
    approvedByOwner: approvedByOwner ?? null,
    runTotalMinor: fromStoredMinor(runTotalMinor),
    entriesTotalMinor: fromStoredMinor(entriesTotalMinor),
    totalMinor: fromStoredMinor(totalMinor),
  };
}
