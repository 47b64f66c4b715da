import type { Repositories } from '../repositories/index.js';
import type { PayoutRun, StoredStatement } from '../repositories/payout-runs.js';
import { statementId } from '../repositories/payout-runs.js';
import { readPayingEntries } from './period-entries.js';

/**
 * The statement of a run for a participant it pays no line to while adjustments of its plan
 * period pay them (a correction for someone who has left, a manual line for someone the plan
 * does not pay this period): no lines, total 0, its id the one a stored statement would have.
 */
function adjustmentOnlyStatement(run: PayoutRun, participantId: string): StoredStatement {
  return {
    id: statementId(run.id, participantId),
    runId: run.id,
    planId: run.planId,
    periodId: run.periodId,
    participantId,
    teamIds: [],
    currency: run.currency ?? '',
    targetIncentiveMinor: null,
    totalMinor: 0,
    segments: [],
    lines: [],
    adjustments: [],
    warnings: [],
    paidEarlier: [],
    targetIncentiveToDateMinor: null,
    // The run calculated nothing for them: no draw minimum, nothing held or released.
    draw: null,
    holds: null,
    // No lines were converted; adjustment lines carry their own pay-currency amounts.
    pay: null,
  };
}

/** Whether adjustments of the run's plan period pay the participant. */
async function hasAdjustments(repositories: Repositories, run: PayoutRun, participantId: string) {
  const entries = await readPayingEntries(repositories, run.planId, run.periodId);
  return entries.some((entry) => entry.lines.some((line) => line.participantId === participantId));
}

/**
 * The participant's statements of these runs, with an adjustments-only statement for each run
 * that has none of theirs while its plan period's adjustments pay them: what the payroll export
 * pays them is on a statement they can read.
 */
export async function withAdjustmentOnlyStatements(
  repositories: Repositories,
  participantId: string,
  runs: readonly PayoutRun[],
  stored: readonly StoredStatement[],
): Promise<StoredStatement[]> {
  const paid = new Set(stored.map((statement) => statement.runId));
  const extra: StoredStatement[] = [];
  for (const run of runs) {
    if (paid.has(run.id) || run.status !== 'complete') continue;
    if (await hasAdjustments(repositories, run, participantId))
      extra.push(adjustmentOnlyStatement(run, participantId));
  }
  return [...stored, ...extra].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The adjustments-only statements among ids no stored statement has (`<runId>/<participantId>`),
 * so `node(id)` finds what `statements` showed.
 */
export async function findAdjustmentOnlyStatements(
  repositories: Repositories,
  ids: readonly string[],
): Promise<StoredStatement[]> {
  const wanted = ids.flatMap((id) => {
    const slash = id.indexOf('/');
    return slash > 0 ? [{ runId: id.slice(0, slash), participantId: id.slice(slash + 1) }] : [];
  });
  if (wanted.length === 0) return [];
  const runs = await repositories.payoutRuns.findByIds([...new Set(wanted.map((w) => w.runId))]);
  const found: StoredStatement[] = [];
  for (const { runId, participantId } of wanted) {
    const run = runs.find((r) => r.id === runId);
    if (run?.status !== 'complete') continue;
    // An approved period shows its approved run only (locked-runs.ts).
    const approval = await repositories.payoutApprovals.findForReading(run.planId, run.periodId);
    if (approval && approval.runId !== run.id) continue;
    if (await hasAdjustments(repositories, run, participantId))
      found.push(adjustmentOnlyStatement(run, participantId));
  }
  return found;
}
