import type { Collection, Db, Long } from 'mongodb';
import type { CollectionIndexes } from '../db/indexes.js';
import { fromStoredMinor, toStoredMinor } from '../db/money.js';
import { appendToSequence, readSequence, slotId } from '../db/slot-sequence.js';

/**
 * What a slot of a period's entry sequence holds:
 * - `manual`: a one-off adjustment an admin entered (one line);
 * - `prior-period`: corrections of an approved earlier period, paid in this one;
 * - `seal`: written by an approval; the entries before it are the ones the approval includes,
 *   the ones after it never pay in this period;
 * - `correction`: in an approved period, after its seal: what a recalculation changed, the record
 *   later recalculations diff against (the money is paid by a `prior-period` entry elsewhere).
 * Draws, holds and releases (issue 18, items 4 and 5) can join as further kinds.
 */
export type PayoutEntryKind = 'manual' | 'prior-period' | 'seal' | 'correction';

/** One amount of an entry for one participant. */
export interface PayoutEntryLine {
  participantId: string;
  /** The line code payroll sees: the component corrected, or `adjustment` for a manual line. */
  code: string;
  /** Signed, in minor units of the entry's currency. */
  amountMinor: number;
  /** For corrections: the approved period this amount corrects; null otherwise. */
  correctsPeriodId: string | null;
  /** The line in the participant's pay currency, converted when it was written; absent when paid in the entry's currency. */
  pay?: PayoutEntryPay | null;
}

/** An entry line converted into the participant's pay currency (payouts/adjustment-pay.ts). */
export interface PayoutEntryPay {
  /** ISO 4217 pay currency. */
  currency: string;
  /** Signed, in minor units of `currency`, rounded half-even. */
  amountMinor: number;
  /** Units of the pay currency per unit of the entry's currency (major units). */
  rate: number;
  /** The day whose rate converted a manual line (its period's last day); null for a correction, converted at the rate of the line it corrects. */
  on: string | null;
  /** The first day of the stored rate used; null for a standing rate or a correction. */
  rateFrom: string | null;
}

/** One immutable slot of a plan period's entry sequence. */
export interface PayoutEntry {
  /** `<planId>/<periodId>/<slot, 6 digits>`. */
  id: string;
  planId: string;
  periodId: string;
  slot: number;
  kind: PayoutEntryKind;
  currency: string | null;
  lines: PayoutEntryLine[];
  /** Why: the admin's reason, or a generated sentence for corrections. */
  reason: string;
  createdBy: string | null;
  createdAt: Date;
  /** For `correction` and `prior-period`: the recalculated run the difference comes from; for a `seal`: the run it approves (null on seals written before seals named it). */
  sourceRunId: string | null;
  /** For `prior-period`: the `correction` entry it pays. */
  correctionId: string | null;
  /** For `manual` entries that resolve a dispute: its id. */
  disputeId: string | null;
}

interface PayoutEntryDocument extends Omit<PayoutEntry, 'id' | 'lines'> {
  _id: string;
  lines: (Omit<PayoutEntryLine, 'amountMinor' | 'pay'> & {
    amountMinor: Long;
    pay?: (Omit<PayoutEntryPay, 'amountMinor'> & { amountMinor: Long }) | null;
  })[];
}

/** Read by `_id` only (each slot is addressed), so the collection needs no index of its own. */
export const payoutEntryIndexes: CollectionIndexes = { collection: 'payout_entries', indexes: [] };

/** The id of a slot of a plan period's sequence. */
export function entryId(planId: string, periodId: string, slot: number): string {
  return slotId(`${planId}/${periodId}`, slot);
}

/**
 * A numbered sequence of immutable entries per plan and period. A slot is taken by inserting its
 * `_id`: two writers that race for one slot collide on the unique `_id`, the loser takes the next.
 * That is the only conflict check the DESIGN's storage rules allow (no transactions, no
 * compare-and-swap), and it is enough: an approval seals the sequence by taking a slot, so an
 * entry either sits before the seal (and is in the approval) or after it (and never pays there).
 * Every read is by `_id`; entries never change, so this process keeps what it has read.
 */
export class PayoutEntriesRepository {
  private readonly entries: Collection<PayoutEntryDocument>;
  private readonly known = new Map<string, PayoutEntry>();

  constructor(db: Db) {
    this.entries = db.collection<PayoutEntryDocument>(payoutEntryIndexes.collection);
  }

  /** Every entry of a plan period, in slot order: one `_id` lookup per slot, and one for the end. */
  async list(planId: string, periodId: string): Promise<PayoutEntry[]> {
    return readSequence(this.entries, `${planId}/${periodId}`, fromDocument, this.known);
  }

  /**
   * Appends an entry at the first free slot; returns it with its slot and the sequence up to it.
   * `check` sees the entries before the slot and may throw to write nothing (appendToSequence).
   */
  async append(
    entry: Omit<PayoutEntry, 'id' | 'slot' | 'createdAt'>,
    check?: (before: readonly PayoutEntry[]) => Promise<void>,
  ): Promise<{ entry: PayoutEntry; before: PayoutEntry[] }> {
    const { item, before } = await appendToSequence(
      this.entries,
      `${entry.planId}/${entry.periodId}`,
      fromDocument,
      this.known,
      (slot, id) => toDocument({ ...entry, id, slot, createdAt: new Date() }),
      check,
    );
    return { entry: item, before };
  }
}

function toDocument(entry: PayoutEntry): PayoutEntryDocument {
  const { id, lines, ...rest } = entry;
  return {
    _id: id,
    ...rest,
    lines: lines.map(({ pay, ...line }) => ({
      ...line,
      amountMinor: toStoredMinor(line.amountMinor),
      ...(pay ? { pay: { ...pay, amountMinor: toStoredMinor(pay.amountMinor) } } : {}),
    })),
  };
}

function fromDocument(document: PayoutEntryDocument): PayoutEntry {
  const { _id, lines, ...rest } = document;
  return {
    id: _id,
    ...rest,
    lines: lines.map(({ pay, ...line }) => ({
      ...line,
      amountMinor: fromStoredMinor(line.amountMinor),
      ...(pay ? { pay: { ...pay, amountMinor: fromStoredMinor(pay.amountMinor) } } : {}),
    })),
  };
}
