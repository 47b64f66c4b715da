import { type PartitionRun, type PartitionTask, runPartitionTask } from '@attain/engine';

/**
 * Runs one team partition of a payout run or backtest in a pool thread (engine-pool.ts): the
 * task is data (plan text, a packed slice of the columns), and so is the answer.
 */
export default function evaluatePartition(task: PartitionTask): PartitionRun[] {
  return runPartitionTask(task);
}
