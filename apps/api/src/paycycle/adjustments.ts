import { type PlanVersion as EngineVersion, formatDay, nextPeriod, type Period } from '@attain/engine';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { manualAdjustmentPay } from '../payouts/adjustment-pay.js';
import { compileVersions } from '../plans/compile-versions.js';
import { parsePlanPeriod } from '../plans/periods.js';
import type { Repositories } from '../repositories/index.js';
import type { PayoutEntry } from '../repositories/payout-entries.js';
import { recoverApproval } from './approve-run.js';
import { PeriodLockedError } from './errors.js';

/** Longest reason kept; a reason is for a person reading a statement. */
export const MAX_REASON_LENGTH = 500;

/** The plan, its period (of the plan's kind) and its currency, or the error that says what is wrong. */
export async function planPeriod(
  repositories: Repositories,
  planId: string,
  periodId: string,
): Promise<{ period: Period; currency: string; planName: string; versions: EngineVersion[] }> {
  const plan = await repositories.plans.findById(planId);
  if (!plan) throw new NotFoundError(`No plan has the id "${planId}".`);
  const versions = await repositories.plans.findVersions(plan.id);
  if (versions.length === 0) {
    throw new InvalidInputError(
      'planId',
      `Plan "${plan.id}" has no published version yet; publish one first.`,
    );
  }
  const compiled = compileVersions(plan, versions, repositories.compiledPlans);
  const first = compiled[0]!.plan;
  const period = parsePlanPeriod(periodId, first.period, 'period', `plan "${plan.name}"`);
  return { period, currency: first.currency, planName: plan.name, versions: compiled };
}

/**
 * The first period from `from` on that no approval has locked (an approval that sealed a
 * period and stopped before writing it is completed on the way: recoverApproval).
 */
export async function nextOpenPeriod(
  repositories: Repositories,
  planId: string,
  from: Period,
): Promise<Period> {
  let period = from;
  while (await recoverApproval(repositories, planId, period.id)) period = nextPeriod(period);
  return period;
}

/**
 * Enters a one-off line for a participant in an open plan period: positive or negative minor
 * units of the plan's currency, with a reason. It shows on the participant's statement and is
 * inside the period's approval. An approved period refuses it (PERIOD_LOCKED, naming the next
 * open period); so does one sealed while the entry was written (it then sits after the seal and
 * never pays). A seal whose approval stopped before it was written is completed here.
 */
export async function addManualAdjustment(
  repositories: Repositories,
  request: {
    planId: string;
    periodId: string;
    participantId: string;
    amountMinor: number;
    reason: string;
    createdBy: string | null;
    disputeId?: string | null;
  },
): Promise<PayoutEntry> {
  const reason = request.reason.trim();
  if (reason === '')
    throw new InvalidInputError('reason', 'Say why: a reason is required and shows on the statement.');
  if (reason.length > MAX_REASON_LENGTH) {
    throw new InvalidInputError(
      'reason',
      `The reason has ${reason.length} characters; keep it to ${MAX_REASON_LENGTH}.`,
    );
  }
  if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor === 0) {
    throw new InvalidInputError(
      'amountMinorUnits',
      'The amount must be a whole, non-zero number of minor units (cents): positive pays more, negative pays less.',
    );
  }
  const { period, currency, versions } = await planPeriod(repositories, request.planId, request.periodId);
  const [participant] = await repositories.participants.findByIds([request.participantId]);
  if (!participant) throw new NotFoundError(`No participant has the id "${request.participantId}".`);
  // Paid in another currency: converted now, at the rate of the day the period pays.
  const pay = manualAdjustmentPay({
    versions,
    period,
    paymentDate: formatDay(period.end),
    participantId: participant.id,
    participantCurrency: participant.currency,
    amountMinor: request.amountMinor,
    fx: await repositories.exchangeRates.fxRates(),
  });
  const locked = async () => {
    const open = await nextOpenPeriod(repositories, request.planId, period);
    return new PeriodLockedError(
      period.id,
      `${period.id} of this plan is approved and locked; enter the adjustment in the next open period, ${open.id}.`,
    );
  };
  if (await repositories.payoutApprovals.find(request.planId, period.id)) throw await locked();
  const { entry, before } = await repositories.payoutEntries.append({
    planId: request.planId,
    periodId: period.id,
    kind: 'manual',
    currency,
    lines: [
      {
        participantId: participant.id,
        code: 'adjustment',
        amountMinor: request.amountMinor,
        correctsPeriodId: null,
        ...(pay ? { pay } : {}),
      },
    ],
    reason,
    createdBy: request.createdBy,
    sourceRunId: null,
    correctionId: null,
    disputeId: request.disputeId ?? null,
  });
  if (before.some((earlier) => earlier.kind === 'seal')) {
    // Sealed: the approval is written, being written, or stopped half-way; the seal says what it
    // approves, so complete it and send the adjustment to the next open period.
    if (await recoverApproval(repositories, request.planId, period.id)) throw await locked();
    throw new PeriodLockedError(
      period.id,
      `${period.id} of this plan is being approved; enter the adjustment in a later period, or approve the run of ${period.id} and then use the next open period.`,
    );
  }
  return entry;
}
