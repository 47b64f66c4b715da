import type { Repositories } from '../repositories/index.js';
import { approvalId, type PayoutApproval } from '../repositories/payout-approvals.js';
import type { PayoutEntry } from '../repositories/payout-entries.js';
import { approvalPeople } from './key-owners.js';
import { claimPayingEntries, entriesTotal } from './period-entries.js';

/**
 * The approval a seal stands for. A seal names the run approved (`sourceRunId`) and the approving
 * key (`createdBy`), and is written only after the approval's checks passed, so the approval
 * follows from it and the immutable entries before it: whoever writes it writes the same
 * document. Seals written before seals named their run have no `sourceRunId`, and no approval
 * follows from them (null).
 */
export async function approvalOfSeal(
  repositories: Repositories,
  seal: PayoutEntry,
  sequence: readonly PayoutEntry[],
): Promise<{ approval: PayoutApproval; written: boolean } | null> {
  if (seal.sourceRunId === null || seal.createdBy === null) return null;
  const [run] = await repositories.payoutRuns.findByIds([seal.sourceRunId]);
  if (!run) throw new Error(`The run ${seal.sourceRunId} that seal ${seal.id} approves is missing.`);
  const included = await claimPayingEntries(repositories, sequence.slice(0, seal.slot));
  const people = await approvalPeople(repositories, run.createdBy, seal.createdBy);
  const entriesTotalMinor = entriesTotal(included);
  const approval: PayoutApproval = {
    id: approvalId(seal.planId, seal.periodId),
    runId: run.id,
    planId: seal.planId,
    periodId: seal.periodId,
    currency: run.currency ?? '',
    calculatedBy: run.createdBy,
    approvedBy: seal.createdBy,
    calculatedByOwner: people.calculatedByOwner,
    approvedByOwner: people.approvedByOwner,
    approvedAt: seal.createdAt,
    selfApproved: people.samePerson,
    sealSlot: seal.slot,
    entryIds: included.map((entry) => entry.id),
    runTotalMinor: run.totalMinor,
    entriesTotalMinor,
    totalMinor: run.totalMinor + entriesTotalMinor,
  };
  if (await repositories.payoutApprovals.insert(approval)) return { approval, written: true };
  const standing = await repositories.payoutApprovals.find(seal.planId, seal.periodId);
  if (!standing) throw new Error(`The approval of ${approval.id} was refused as a duplicate but is missing.`);
  return { approval: standing, written: false };
}

/**
 * The approval of a plan period, written now if an approval sealed the period and stopped before
 * writing it (its process died): a seal never waits for someone to approve again. Null while the
 * period is open (or sealed by a seal that names no run).
 */
export async function completedApproval(
  repositories: Repositories,
  planId: string,
  periodId: string,
): Promise<PayoutApproval | null> {
  const approval = await repositories.payoutApprovals.find(planId, periodId);
  if (approval) return approval;
  const sequence = await repositories.payoutEntries.list(planId, periodId);
  const seal = sequence.find((entry) => entry.kind === 'seal');
  if (!seal) return null;
  return (await approvalOfSeal(repositories, seal, sequence))?.approval ?? null;
}
