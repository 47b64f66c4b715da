import type { Repositories } from '../repositories/index.js';
import type { PayoutRun } from '../repositories/payout-runs.js';

/**
 * The runs statements show, one per plan: for an approved plan period its approved run (nothing
 * approved ever changes, whatever was calculated later), else the current run as given.
 */
export async function lockedRuns(
  repositories: Repositories,
  current: readonly PayoutRun[],
): Promise<PayoutRun[]> {
  return Promise.all(
    current.map(async (run) => {
      const approval = await repositories.payoutApprovals.findForReading(run.planId, run.periodId);
      if (!approval || approval.runId === run.id) return run;
      const [approved] = await repositories.payoutRuns.findByIds([approval.runId]);
      return approved ?? run;
    }),
  );
}
