import {
  canPartition,
  type EngineError,
  type PartitionedRunInput,
  type PartitionRun,
  runPartitioned,
  type Statement,
} from '@attain/engine';
import { Piscina } from 'piscina';

/**
 * Below this many fact rows x plans a run stays on the calling thread: slicing the columns,
 * starting the evaluation in the workers and bringing the statements back cost more than the
 * second core saves (docs/performance.md, "Both cores").
 */
export const MIN_POOL_WORK = 200_000;

/**
 * Threads of the engine pool: ATTAIN_WORKERS when set, else 1 (no pool). The pool gives the same
 * cents, but it has not yet been faster than one thread in any measurement: `parallel_speedup`
 * was 0.47 to 1.13 in four runs, 0.47 with nearly two free cores (docs/performance.md, "Both
 * cores"). So it is opt-in until it is; `availableParallelism()` says what a machine could use.
 */
export function enginePoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.ATTAIN_WORKERS?.trim();
  if (!text) return 1;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `ATTAIN_WORKERS must be a whole number of threads, at least 1 (1 runs the engine on the main thread), got "${env.ATTAIN_WORKERS}"`,
    );
  }
  return value;
}

/** Fact rows x plans from which runs go to the pool: ATTAIN_WORKERS_MIN_WORK when set (tests set 0), else MIN_POOL_WORK. */
export function minPoolWork(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.ATTAIN_WORKERS_MIN_WORK ?? MIN_POOL_WORK);
  return Number.isFinite(value) && value >= 0 ? value : MIN_POOL_WORK;
}

/** How long an idle thread waits for the next run before it stops (it restarts on demand). */
const IDLE_MS = 60_000;

let pool: Piscina | null = null;

/**
 * The pool, started on first use: a process that never runs a large calculation starts no
 * thread. Idle threads do not keep the process alive (piscina unrefs them).
 */
function thePool(size: number): Piscina {
  pool ??= new Piscina({
    filename: new URL('./engine-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: size,
    idleTimeout: IDLE_MS,
    // A worker waits on a message port, not on Atomics: an idle thread then needs no CPU.
    atomics: 'disabled',
  });
  return pool;
}

/** Threads the pool has running now (0 before the first run and after stopEnginePool). */
export function engineThreads(): number {
  return pool?.threads.length ?? 0;
}

/** Stops the pool's threads once their tasks are done; the next run starts it again. */
export async function stopEnginePool(): Promise<void> {
  const stopping = pool;
  pool = null;
  await stopping?.close();
}

/** A run for evaluateOnPool: a PartitionedRunInput without the partition count (the pool's size). */
export type PoolRunInput = Omit<PartitionedRunInput, 'partitions'>;

/**
 * Evaluates a run over the pool, one team partition per thread, and merges the partitions into
 * one run per evaluation label, with the statements and errors calculateStatements gives. null
 * when the run should stay on the calling thread: the pool is off (ATTAIN_WORKERS=1), the run is
 * small (see MIN_POOL_WORK), or a plan has no source text to send.
 */
export async function evaluateOnPool(
  input: PoolRunInput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Map<string, { statements: Statement[]; errors: EngineError[] }> | null> {
  const size = enginePoolSize(env);
  const work = input.columns.size * input.evaluations.length;
  if (size < 2 || work < minPoolWork(env) || !canPartition(input)) return null;
  const runner = thePool(size);
  return runPartitioned(
    { ...input, partitions: size },
    (task) => runner.run(task) as Promise<PartitionRun[]>,
  );
}
