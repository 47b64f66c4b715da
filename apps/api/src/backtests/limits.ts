/**
 * Facts one backtest may load when ATTAIN_BACKTEST_MAX_FACTS is not set: the benchmark peaked at
 * about 1 GB for 1,000,000 facts (docs/performance.md), so about 5 GB at this limit: lower it
 * on smaller machines.
 */
export const DEFAULT_MAX_FACTS = 5_000_000;

/**
 * The most facts a backtest may load, from ATTAIN_BACKTEST_MAX_FACTS (read at each request, so
 * an operator can change it without a restart of the CLI, and tests can set it).
 */
export function maxBacktestFacts(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ATTAIN_BACKTEST_MAX_FACTS;
  if (raw === undefined || raw === '') return DEFAULT_MAX_FACTS;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`ATTAIN_BACKTEST_MAX_FACTS must be a whole number of facts, got "${raw}"`);
  }
  return value;
}
