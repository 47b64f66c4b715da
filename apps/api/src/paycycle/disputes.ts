import { InvalidInputError, NotFoundError } from '../errors.js';
import type { Repositories } from '../repositories/index.js';
import type { DisputeEvent, PayoutDispute } from '../repositories/payout-disputes.js';
import { findAdjustmentOnlyStatements } from './adjustment-statements.js';
import { addManualAdjustment, MAX_REASON_LENGTH, nextOpenPeriod, planPeriod } from './adjustments.js';
import { DisputeClosedError } from './errors.js';
import { readPayingEntries } from './period-entries.js';

/** Where a dispute stands, as the participant and the admins see it. */
export type DisputeStatus = 'open' | 'answered' | 'resolved_by_adjustment' | 'rejected';

/** The status follows from the events: the resolution if there is one, else whether it was answered. */
export async function disputeStatus(
  repositories: Repositories,
  dispute: PayoutDispute,
): Promise<DisputeStatus> {
  const resolution = await repositories.payoutDisputes.resolution(dispute.id);
  if (resolution) return resolution.kind === 'adjusted' ? 'resolved_by_adjustment' : 'rejected';
  return (await repositories.payoutDisputes.answers(dispute.id)).length > 0 ? 'answered' : 'open';
}

function text(field: string, value: string, what: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new InvalidInputError(field, `Write ${what}; it may not be empty.`);
  if (trimmed.length > MAX_REASON_LENGTH) {
    throw new InvalidInputError(
      field,
      `This has ${trimmed.length} characters; keep it to ${MAX_REASON_LENGTH}.`,
    );
  }
  return trimmed;
}

/**
 * A participant questions one line of their own statement: a line of the run (by component) or
 * one of its adjustment lines (by code: 'adjustment', or a correction's code), also on a
 * statement that has only adjustment lines (adjustment-statements.ts). A statement of anyone
 * else, or one that does not exist, is the same NOT_FOUND: the answer tells nothing about other
 * people.
 */
export async function raiseDispute(
  repositories: Repositories,
  request: {
    statementId: string;
    lineComponent: string;
    question: string;
    participantId: string;
    keyId: string;
  },
): Promise<PayoutDispute> {
  const question = text('question', request.question, 'the question');
  const [stored] = await repositories.payoutRuns.findStatementsByIds([request.statementId]);
  const complete = stored ? await repositories.payoutRuns.completeRunIds([stored.runId]) : new Set();
  const statement =
    stored && complete.has(stored.runId)
      ? stored
      : stored
        ? undefined
        : (await findAdjustmentOnlyStatements(repositories, [request.statementId]))[0];
  if (!statement || statement.participantId !== request.participantId) {
    throw new NotFoundError(
      'No statement of yours has this id; read your statements with the statements query.',
    );
  }
  const adjustmentCodes = (await readPayingEntries(repositories, statement.planId, statement.periodId))
    .flatMap((entry) => entry.lines)
    .filter((line) => line.participantId === statement.participantId)
    .map((line) => line.code);
  const components = [...new Set([...statement.lines.map((line) => line.component), ...adjustmentCodes])];
  if (!components.includes(request.lineComponent)) {
    throw new InvalidInputError(
      'lineComponent',
      `The statement has no line "${request.lineComponent}"; its lines are ${components.map((c) => `"${c}"`).join(', ') || 'none'}.`,
    );
  }
  return repositories.payoutDisputes.raise({
    planId: statement.planId,
    periodId: statement.periodId,
    participantId: statement.participantId,
    statementId: statement.id,
    lineComponent: request.lineComponent,
    question,
    raisedBy: request.keyId,
  });
}

async function openDispute(repositories: Repositories, disputeId: string): Promise<PayoutDispute> {
  const dispute = await repositories.payoutDisputes.findById(disputeId);
  if (!dispute)
    throw new NotFoundError(`No dispute has the id "${disputeId}"; list them with payoutDisputes.`);
  const resolution = await repositories.payoutDisputes.resolution(dispute.id);
  if (resolution) throw closed(resolution);
  return dispute;
}

function closed(resolution: DisputeEvent): DisputeClosedError {
  return new DisputeClosedError(
    `The dispute was ${resolution.kind === 'adjusted' ? 'resolved by an adjustment' : 'rejected'} at ${resolution.at.toISOString()}; it takes nothing more.`,
  );
}

/** An admin answers an open dispute; the participant reads the answer. */
export async function answerDispute(
  repositories: Repositories,
  request: { disputeId: string; message: string; by: string },
): Promise<PayoutDispute> {
  const message = text('message', request.message, 'the answer');
  const dispute = await openDispute(repositories, request.disputeId);
  await repositories.payoutDisputes.answer({ disputeId: dispute.id, message, by: request.by });
  return dispute;
}

/**
 * Resolves a dispute by a manual adjustment for its participant, in `periodId` or, when none is
 * given, in the first open period from the dispute's own. The adjustment is entered first and
 * the resolution names it; of two admins resolving at once one resolution stands, and an
 * adjustment no resolution names never pays (period-entries.ts). An approval that seals the
 * period between the two writes writes the resolution itself, so the adjustment pays and the
 * dispute is resolved, or neither.
 */
export async function resolveByAdjustment(
  repositories: Repositories,
  request: { disputeId: string; amountMinor: number; reason: string; periodId: string | null; by: string },
): Promise<PayoutDispute> {
  const dispute = await openDispute(repositories, request.disputeId);
  let periodId = request.periodId;
  if (periodId === null) {
    const { period } = await planPeriod(repositories, dispute.planId, dispute.periodId);
    periodId = (await nextOpenPeriod(repositories, dispute.planId, period)).id;
  }
  const entry = await addManualAdjustment(repositories, {
    planId: dispute.planId,
    periodId,
    participantId: dispute.participantId,
    amountMinor: request.amountMinor,
    reason: request.reason,
    createdBy: request.by,
    disputeId: dispute.id,
  });
  const { resolution, first } = await repositories.payoutDisputes.resolve({
    disputeId: dispute.id,
    kind: 'adjusted',
    message: entry.reason,
    entryId: entry.id,
    by: request.by,
  });
  // The approval that sealed the period after this adjustment may have written the resolution
  // for it (period-entries.ts, claimPayingEntries): then it is resolved, by this adjustment.
  if (!first && resolution.entryId !== entry.id) throw closed(resolution);
  return dispute;
}

/** Rejects a dispute with a reason the participant reads. */
export async function rejectDispute(
  repositories: Repositories,
  request: { disputeId: string; reason: string; by: string },
): Promise<PayoutDispute> {
  const reason = text('reason', request.reason, 'the reason for the rejection');
  const dispute = await openDispute(repositories, request.disputeId);
  const { resolution, first } = await repositories.payoutDisputes.resolve({
    disputeId: dispute.id,
    kind: 'rejected',
    message: reason,
    entryId: null,
    by: request.by,
  });
  if (!first) throw closed(resolution);
  return dispute;
}
