// The benchmark pool's worker entry: registers tsx (a worker's first module loads before any
// loader given in execArgv), then serves the engine's partition tasks, as the API's worker does.
import { register } from 'tsx/esm/api';

register();
const { runPartitionTask } = await import('../src/partitions/partition-task.ts');

export default runPartitionTask;

/** A fixed amount of pure arithmetic: what the machine gives one thread, against two. */
export function spin(rounds) {
  const values = new Float64Array(1_000_000).map((_, i) => i);
  let sum = 0;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < values.length; i++) sum += values[i] * 1.0000001;
  }
  return sum;
}
