import type { VacuumCounts } from '../repositories/facts.js';
import type { Repositories } from '../repositories/index.js';

/**
 * Removes the fact blocks and generations nothing needs any more (docs/storage.md, "Vacuum"):
 * it keeps the current generation, every generation a stored payout run or backtest read (so
 * each can still be read again and compared with "what changed since"), and those current in
 * the last `graceMs` (runs in progress).
 */
export async function vacuumFacts(
  repositories: Repositories,
  options: { graceMs?: number } = {},
): Promise<VacuumCounts> {
  const [runs, backtests] = await Promise.all([
    repositories.payoutRuns.factsGenerations(),
    repositories.backtests.factsGenerations(),
  ]);
  return repositories.facts.vacuum(new Set([...runs, ...backtests]), options);
}
