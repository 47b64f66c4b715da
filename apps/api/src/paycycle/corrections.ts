import { nextPeriod, parsePeriod } from '@attain/engine';
import { formatMinor } from '@attain/rules';
import { withCorrectionPay } from '../payouts/adjustment-pay.js';
import type { Repositories } from '../repositories/index.js';
import type { PayoutEntry, PayoutEntryLine } from '../repositories/payout-entries.js';
import type { PayoutRun } from '../repositories/payout-runs.js';
import { lineCode, payingEntries } from './period-entries.js';
import { completedApproval } from './sealed-approval.js';

/** How many periods past the corrected one a correction may look for an open one. */
const MAX_PERIODS_AHEAD = 240;

/**
 * After a recalculation of an approved plan period: what the new run pays differently from what
 * was approved (with the corrections already carried), per participant and line, is recorded in
 * the approved period (a `correction` entry after its seal, which later recalculations diff
 * against) and paid in the next open period (a `prior-period` entry there). Idempotent: calling
 * it again for the same run finds its correction and its placement and writes nothing.
 * Returns the placed entry, or null when nothing differs (or the period is not approved).
 */
export async function carryCorrections(
  repositories: Repositories,
  run: PayoutRun,
): Promise<PayoutEntry | null> {
  if (run.status !== 'complete') return null;
  const approval = await completedApproval(repositories, run.planId, run.periodId);
  if (!approval || approval.runId === run.id) return null;
  const sequence = await repositories.payoutEntries.list(run.planId, run.periodId);
  const corrections = firstPerSourceRun(sequence.slice(approval.sealSlot + 1));
  let correction = corrections.find((entry) => entry.sourceRunId === run.id);
  if (!correction) {
    const lines = await differences(repositories, run, approval.runId, corrections);
    if (lines.length === 0) return null;
    await repositories.payoutEntries.append({
      planId: run.planId,
      periodId: run.periodId,
      kind: 'correction',
      currency: run.currency,
      lines,
      reason: `Recalculation of ${run.periodId} after the approval (run ${run.id}); paid in the next open period.`,
      createdBy: run.createdBy,
      sourceRunId: run.id,
      correctionId: null,
      disputeId: null,
    });
    // Two recalculations racing may both record it: the first slot is the correction.
    const after = await repositories.payoutEntries.list(run.planId, run.periodId);
    correction = firstPerSourceRun(after.slice(approval.sealSlot + 1)).find(
      (entry) => entry.sourceRunId === run.id,
    )!;
  }
  return place(repositories, correction);
}

/** Corrections, keeping the first entry of each recalculated run. */
function firstPerSourceRun(entries: readonly PayoutEntry[]): PayoutEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    if (entry.kind !== 'correction' || entry.sourceRunId === null || seen.has(entry.sourceRunId))
      return false;
    seen.add(entry.sourceRunId);
    return true;
  });
}

/** New run minus (approved run + corrections so far), per participant and line code; zero lines left out. */
async function differences(
  repositories: Repositories,
  run: PayoutRun,
  approvedRunId: string,
  corrections: readonly PayoutEntry[],
): Promise<PayoutEntryLine[]> {
  const [approvedRun] = await repositories.payoutRuns.findByIds([approvedRunId]);
  if (!approvedRun) throw new Error(`The approved run ${approvedRunId} is missing.`);
  const delta = new Map<string, { participantId: string; code: string; amountMinor: number }>();
  const add = (participantId: string, code: string, amountMinor: number) => {
    const key = `${participantId}\u0000${code}`;
    const entry = delta.get(key) ?? { participantId, code, amountMinor: 0 };
    entry.amountMinor += amountMinor;
    delta.set(key, entry);
  };
  const recalculated = await repositories.payoutRuns.readLedger(run);
  const approved = await repositories.payoutRuns.readLedger(approvedRun);
  for (const statement of recalculated)
    for (const line of statement.lines) add(statement.participantId, lineCode(line), line.amountMinor);
  for (const statement of approved)
    for (const line of statement.lines) add(statement.participantId, lineCode(line), -line.amountMinor);
  for (const correction of corrections)
    for (const line of correction.lines) add(line.participantId, line.code, -line.amountMinor);
  const lines = [...delta.values()]
    .filter((line) => line.amountMinor !== 0)
    .sort((a, b) =>
      a.participantId < b.participantId
        ? -1
        : a.participantId > b.participantId
          ? 1
          : a.code < b.code
            ? -1
            : 1,
    )
    .map((line) => ({ ...line, correctsPeriodId: run.periodId }));
  // In the pay currency at the rate the corrected line was paid at (payouts/adjustment-pay.ts).
  return withCorrectionPay(lines, {
    approved,
    recalculated,
    corrections,
    planCurrency: run.currency ?? '',
    code: lineCode,
  });
}

/**
 * Places a correction in the first open period after the one it corrects, unless it is paying
 * there already. A placement that an approval sealed out while it was written never pays; the
 * walk then goes on to the next period.
 */
async function place(repositories: Repositories, correction: PayoutEntry): Promise<PayoutEntry> {
  let period = nextPeriod(parsePeriod(correction.periodId)!);
  for (let step = 0; step < MAX_PERIODS_AHEAD; step++, period = nextPeriod(period)) {
    const sequence = await repositories.payoutEntries.list(correction.planId, period.id);
    const paying = payingEntries(sequence, new Set()).find((entry) => entry.correctionId === correction.id);
    if (paying) return paying;
    if (sequence.some((entry) => entry.kind === 'seal')) {
      // Sealed: never pays here. Complete an approval that stopped after sealing, so the period
      // it sealed reads as approved rather than waiting for someone to approve it again.
      await completedApproval(repositories, correction.planId, period.id);
      continue;
    }
    const total = correction.lines.reduce((sum, line) => sum + line.amountMinor, 0);
    const { entry, before } = await repositories.payoutEntries.append({
      planId: correction.planId,
      periodId: period.id,
      kind: 'prior-period',
      currency: correction.currency,
      lines: correction.lines,
      reason: `Corrects ${correction.periodId} by ${formatMinor(total, correction.currency ?? '')} in total: it was recalculated after its approval.`,
      createdBy: correction.createdBy,
      sourceRunId: correction.sourceRunId,
      correctionId: correction.id,
      disputeId: null,
    });
    if (!before.some((earlier) => earlier.kind === 'seal')) {
      const placed = payingEntries([...before, entry], new Set()).find(
        (e) => e.correctionId === correction.id,
      );
      if (placed) return placed;
    }
  }
  throw new Error(`No open period within ${MAX_PERIODS_AHEAD} periods after ${correction.periodId}.`);
}
