import { encodeGlobalID } from '@pothos/plugin-relay';
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
 * writing it (its process died): a seal never waits for someone to approve again. The write that
 * completes it records the approval in the audit log as the approver's (the request that sealed
 * recorded only that it failed). Null while the period is open (or sealed by a seal that names
 * no run).
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
  const decided = await approvalOfSeal(repositories, seal, sequence);
  if (decided?.written) await auditCompletion(repositories, decided.approval);
  return decided?.approval ?? null;
}

/**
 * The audit entry of an approval completed by a later write: `approvePayoutRun` by the key that
 * sealed, at the time it sealed, with `completedAt` saying when and that it was completed later.
 * Only the write whose insert of the approval landed records it, so there is one entry.
 */
async function auditCompletion(repositories: Repositories, approval: PayoutApproval): Promise<void> {
  const key = await repositories.apiKeys.findById(approval.approvedBy);
  await repositories.auditLog.append([
    {
      at: approval.approvedAt,
      keyId: approval.approvedBy,
      role: key?.role ?? null,
      mutation: 'approvePayoutRun',
      arguments: {
        runId: encodeGlobalID('PayoutRun', approval.runId),
        completedAt: new Date().toISOString(),
        completion:
          'The approving request sealed the period and stopped before writing the approval; a later write that met the seal completed it.',
      },
      outcome: 'ok',
    },
  ]);
}
