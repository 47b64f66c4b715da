import { NotFoundError } from '../errors.js';
import type { Repositories } from '../repositories/index.js';
import { approvalId, type PayoutApproval } from '../repositories/payout-approvals.js';
import type { PayoutEntry } from '../repositories/payout-entries.js';
import { carryCorrections } from './corrections.js';
import { AlreadyApprovedError, RunNotReadyError, SameKeyApprovalError } from './errors.js';
import { claimPayingEntries, entriesTotal } from './period-entries.js';

/**
 * Approves a complete run, the current one of its plan period, by an admin key that did not
 * calculate it (unless ATTAIN_ALLOW_SELF_APPROVAL=1). The approval seals the period's entry
 * sequence first, so exactly the adjustments before the seal are inside it, then inserts the
 * approval under the plan period's `_id`: of two approvals racing, one insert wins and the other
 * gets ALREADY_APPROVED. A seal left by an approval that lost (or whose process died) seals the
 * same entries, so whichever approval wins includes the same ones.
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
  const selfApproved = run.createdBy === request.approvedBy;
  if (selfApproved && !repositories.payoutApprovals.allowSelfApproval) throw new SameKeyApprovalError();

  const { sealSlot, sequence } = await seal(repositories, run.planId, run.periodId, request.approvedBy);
  const included = await claimPayingEntries(repositories, sequence.slice(0, sealSlot));
  const entriesTotalMinor = entriesTotal(included);
  const approval: PayoutApproval = {
    id: approvalId(run.planId, run.periodId),
    runId: run.id,
    planId: run.planId,
    periodId: run.periodId,
    currency: run.currency ?? '',
    calculatedBy: run.createdBy,
    approvedBy: request.approvedBy,
    approvedAt: new Date(),
    selfApproved,
    sealSlot,
    entryIds: included.map((entry) => entry.id),
    runTotalMinor: run.totalMinor,
    entriesTotalMinor,
    totalMinor: run.totalMinor + entriesTotalMinor,
  };
  if (!(await repositories.payoutApprovals.insert(approval))) {
    const winner = await repositories.payoutApprovals.find(run.planId, run.periodId);
    throw alreadyApproved(winner ?? approval, run.id);
  }
  // A calculation that completed after the check above found no approval to carry against:
  // carry it now, or its differences would wait for the next recalculation.
  const latest = (await repositories.payoutRuns.findCurrent(run.planId, [run.periodId])).get(run.periodId);
  if (latest && latest.id !== run.id) await carryCorrections(repositories, latest);
  return approval;
}

/** The first seal of the sequence, taking one when there is none yet. */
async function seal(
  repositories: Repositories,
  planId: string,
  periodId: string,
  by: string,
): Promise<{ sealSlot: number; sequence: PayoutEntry[] }> {
  let sequence = await repositories.payoutEntries.list(planId, periodId);
  let found = sequence.find((entry) => entry.kind === 'seal');
  if (!found) {
    await repositories.payoutEntries.append({
      planId,
      periodId,
      kind: 'seal',
      currency: null,
      lines: [],
      reason: 'Approval: the entries before this one are inside it.',
      createdBy: by,
      sourceRunId: null,
      correctionId: null,
      disputeId: null,
    });
    // Another approval may have sealed an earlier slot meanwhile: the first seal is the one.
    sequence = await repositories.payoutEntries.list(planId, periodId);
    found = sequence.find((entry) => entry.kind === 'seal');
  }
  return { sealSlot: found!.slot, sequence };
}

function alreadyApproved(approval: PayoutApproval, runId: string): AlreadyApprovedError {
  return new AlreadyApprovedError(
    approval.runId,
    approval.runId === runId
      ? `This run was approved already (${approval.approvedAt.toISOString()}); an approved run never changes.`
      : `${approval.periodId} of this plan is approved with another run; it is locked. A recalculation's differences are paid in the next open period as prior-period adjustments.`,
  );
}
