// The benchmark pool's worker entry: registers tsx (a worker's first module loads before any
// loader given in execArgv), then serves the engine's partition tasks, as the API's worker does.
import { register } from 'tsx/esm/api';

register();
const { runPartitionTask } = await import('../src/partitions/partition-task.ts');

export default runPartitionTask;
