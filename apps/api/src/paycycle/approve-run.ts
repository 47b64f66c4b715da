import { NotFoundError } from '../errors.js';
import type { Repositories } from '../repositories/index.js';
import { approvalId, type PayoutApproval } from '../repositories/payout-approvals.js';
import type { PayoutEntry } from '../repositories/payout-entries.js';
import type { PayoutRun } from '../repositories/payout-runs.js';
import { carryCorrections } from './corrections.js';
import { AlreadyApprovedError, RunNotReadyError, SameKeyApprovalError, StaleRunError } from './errors.js';
import { type ApprovalPeople, approvalPeople } from './key-owners.js';
import { claimPayingEntries, entriesTotal } from './period-entries.js';
import { approvalOfSeal, completedApproval } from './sealed-approval.js';
import { stalenessOf } from './stale-runs.js';

/**
 * Approves a complete run, the current one of its plan period, by an admin key of another person
 * than the key that calculated it (key-owners.ts; unless ATTAIN_ALLOW_SELF_APPROVAL=1). The approval seals the period's entry
 * sequence first, with a seal that names the run and the approving key, so exactly the
 * adjustments before the seal are inside it; then it writes the approval that the first seal
 * stands for under the plan period's `_id`. Of two approvals racing, the first seal decides what
 * is approved and one insert wins; the other gets ALREADY_APPROVED. A seal whose process died
 * before the approval was written is completed by the next write that meets it
 * (sealed-approval.ts), or by this approval sent again. A stale run (stale-runs.ts: an earlier
 * period it read was calculated again) is refused with STALE_RUN, checked against the sequence
 * the seal is appended to: a correction of that earlier period placed here first takes the slot,
 * so the seal's insert fails and the check runs again with that calculation in view.
 */
export async function approveRun(
  repositories: Repositories,
  request: { runId: string; approvedBy: string },
): Promise<PayoutApproval> {
  const [run] = await repositories.payoutRuns.findByIds([request.runId]);
  if (!run) throw new NotFoundError('No payout run has this id; list them with the payoutRuns query.');
  const existing = await repositories.payoutApprovals.find(run.planId, run.periodId);
  if (existing) throw alreadyApproved(existing, run.id);
  if (run.status !== 'complete') {
    throw new RunNotReadyError(`The run is ${run.status}; only a complete run can be approved.`);
  }
  const current = (await repositories.payoutRuns.findCurrent(run.planId, [run.periodId])).get(run.periodId);
  if (current?.id !== run.id) {
    throw new RunNotReadyError(
      `A later calculation of ${run.periodId} replaced this run; approve the current one (payoutRuns(planId, period)).`,
    );
  }
  const people = await approvalPeople(repositories, run.createdBy, request.approvedBy);
  if (people.samePerson && !repositories.payoutApprovals.allowSelfApproval) {
    throw new SameKeyApprovalError(run.createdBy === request.approvedBy ? null : people.calculatedByOwner);
  }

  const { seal, sequence } = await sealOnce(
    repositories,
    run.id,
    run.planId,
    run.periodId,
    request.approvedBy,
    async (before) => {
      // Sealed by another approval meanwhile: this seal loses anyway, whatever the run read.
      if (before.some((entry) => entry.kind === 'seal')) return;
      const stale = await stalenessOf(repositories, run);
      if (stale) throw new StaleRunError(stale.periodId, stale.message);
    },
  );
  let approval: PayoutApproval;
  if (seal.sourceRunId !== null) {
    // The first seal decides. Another approval's: it stands and this one lost (its own process,
    // or the next write that meets the seal, writes it). This key's for this run (this request's,
    // or one it sent before that stopped): of the requests that write it, the one whose insert
    // lands succeeds.
    if (seal.sourceRunId !== run.id || seal.createdBy !== request.approvedBy) {
      throw alreadyApproved(
        { runId: seal.sourceRunId, approvedAt: seal.createdAt, periodId: run.periodId },
        run.id,
      );
    }
    const decided = (await approvalOfSeal(repositories, seal, sequence))!;
    if (!decided.written) throw alreadyApproved(decided.approval, run.id);
    approval = decided.approval;
  } else {
    approval = await approveAtLegacySeal(repositories, run, request.approvedBy, people, seal, sequence);
  }
  // A calculation that completed after the check above found no approval to carry against:
  // carry it now, or its differences would wait for the next recalculation.
  await carryLatest(repositories, approval);
  return approval;
}

/**
 * Completes an approval that sealed its period and stopped before writing it (sealed-approval.ts),
 * and carries a later calculation's differences as approveRun does; the approval or null.
 */
export async function recoverApproval(
  repositories: Repositories,
  planId: string,
  periodId: string,
): Promise<PayoutApproval | null> {
  const existing = await repositories.payoutApprovals.find(planId, periodId);
  if (existing) return existing;
  const approval = await completedApproval(repositories, planId, periodId);
  if (approval) await carryLatest(repositories, approval);
  return approval;
}

async function carryLatest(repositories: Repositories, approval: PayoutApproval): Promise<void> {
  const latest = (await repositories.payoutRuns.findCurrent(approval.planId, [approval.periodId])).get(
    approval.periodId,
  );
  if (latest && latest.id !== approval.runId) await carryCorrections(repositories, latest);
}

/**
 * A seal written before seals named their run (no `sourceRunId`): this approval is the one, with
 * the entries before that seal, as approvals were decided then.
 */
async function approveAtLegacySeal(
  repositories: Repositories,
  run: PayoutRun,
  approvedBy: string,
  people: ApprovalPeople,
  seal: PayoutEntry,
  sequence: readonly PayoutEntry[],
): Promise<PayoutApproval> {
  const included = await claimPayingEntries(repositories, sequence.slice(0, seal.slot));
  const entriesTotalMinor = entriesTotal(included);
  const approval: PayoutApproval = {
    id: approvalId(run.planId, run.periodId),
    runId: run.id,
    planId: run.planId,
    periodId: run.periodId,
    currency: run.currency ?? '',
    calculatedBy: run.createdBy,
    approvedBy,
    calculatedByOwner: people.calculatedByOwner,
    approvedByOwner: people.approvedByOwner,
    approvedAt: new Date(),
    selfApproved: people.samePerson,
    sealSlot: seal.slot,
    entryIds: included.map((entry) => entry.id),
    runTotalMinor: run.totalMinor,
    entriesTotalMinor,
    totalMinor: run.totalMinor + entriesTotalMinor,
  };
  if (!(await repositories.payoutApprovals.insert(approval))) {
    const winner = await repositories.payoutApprovals.find(run.planId, run.periodId);
    throw alreadyApproved(winner ?? approval, run.id);
  }
  return approval;
}

/**
 * The first seal of the sequence, taking one (naming the run and the approver) when there is none
 * yet, if `check` passes on the entries before its slot.
 */
async function sealOnce(
  repositories: Repositories,
  runId: string,
  planId: string,
  periodId: string,
  by: string,
  check: (before: readonly PayoutEntry[]) => Promise<void>,
): Promise<{ seal: PayoutEntry; sequence: PayoutEntry[] }> {
  let sequence = await repositories.payoutEntries.list(planId, periodId);
  let found = sequence.find((entry) => entry.kind === 'seal');
  if (!found) {
    await repositories.payoutEntries.append(
      {
        planId,
        periodId,
        kind: 'seal',
        currency: null,
        lines: [],
        reason: 'Approval: the entries before this one are inside it.',
        createdBy: by,
        sourceRunId: runId,
        correctionId: null,
        disputeId: null,
      },
      check,
    );
    // Another approval may have sealed an earlier slot meanwhile: the first seal is the one.
    sequence = await repositories.payoutEntries.list(planId, periodId);
    found = sequence.find((entry) => entry.kind === 'seal');
  }
  return { seal: found!, sequence };
}

function alreadyApproved(
  approval: Pick<PayoutApproval, 'runId' | 'approvedAt' | 'periodId'>,
  runId: string,
): AlreadyApprovedError {
  return new AlreadyApprovedError(
    approval.runId,
    approval.runId === runId
      ? `This run was approved already (${approval.approvedAt.toISOString()}); an approved run never changes.`
      : `${approval.periodId} of this plan is approved with another run; it is locked. A recalculation's differences are paid in the next open period as prior-period adjustments.`,
  );
}
