import type { Repositories } from '../repositories/index.js';
import type { PayoutRun } from '../repositories/payout-runs.js';

/** Why a run is stale: the first earlier period it read whose current run is another one now. */
export interface Staleness {
  /** The earlier period calculated again after the run read it. */
  periodId: string;
  /** The run of that period the stale run read. */
  readRunId: string;
  /** That period's current run now. */
  currentRunId: string;
  message: string;
}

/**
 * Whether the earlier periods a run read (its `earlierRuns`: paid to date, draw balance, holds,
 * clawbacks) still have the current runs it read; null when they do. One query by plan and
 * periods, the same `findCurrent` the calculation read them with, so it agrees with what
 * calculating again would read. Runs stored before `earlierRuns` was recorded are never stale.
 */
export async function stalenessOf(repositories: Repositories, run: PayoutRun): Promise<Staleness | null> {
  const read = run.earlierRuns ?? [];
  if (run.status !== 'complete' || read.length === 0) return null;
  const current = await repositories.payoutRuns.findCurrent(
    run.planId,
    read.map((earlier) => earlier.periodId),
  );
  for (const earlier of read) {
    const now = current.get(earlier.periodId);
    if (now && now.id !== earlier.runId) {
      return {
        periodId: earlier.periodId,
        readRunId: earlier.runId,
        currentRunId: now.id,
        message: `${earlier.periodId} was calculated again after this run of ${run.periodId} read it, so its draw balance, holds and paid to date may be out of date; calculate ${run.periodId} again and approve that run.`,
      };
    }
  }
  return null;
}
