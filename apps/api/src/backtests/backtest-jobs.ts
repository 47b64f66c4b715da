import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createPubSub } from 'graphql-yoga';
import { AppError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Backtest, BacktestProgress } from '../repositories/backtests.js';
import type { Repositories } from '../repositories/index.js';
import { BacktestCancelledError } from './errors.js';
import { type BacktestInput, type PreparedBacktest, prepareBacktest } from './prepare-backtest.js';
import { runBacktest } from './run-backtest.js';

/**
 * A job's lease expires when its owner has not written a heartbeat for this long (default 30 s;
 * ATTAIN_BACKTEST_LEASE_MS). The owner writes one every third of it.
 */
export function leaseTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.ATTAIN_BACKTEST_LEASE_MS ?? 30_000);
  return Number.isFinite(value) && value >= 100 ? value : 30_000;
}

/** This process, as a lease owner: unique even for two processes with one pid on two hosts. */
export const PROCESS_OWNER = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** Progress of every job of this process, by job id; the subscription listens here. */
export const backtestEvents = createPubSub<{ backtest: [id: string, backtest: Backtest] }>();

/**
 * Jobs run one at a time per process, in the order started: each may hold up to the configured
 * limit of facts in memory, so two at once could need twice that. The others wait as queued.
 */
let queue: Promise<void> = Promise.resolve();

/** Resolves once every job started so far has ended (tests and the CLI wait on it). */
export function backtestsIdle(): Promise<void> {
  return queue;
}

/**
 * Checks the request, stores a queued job and starts it in the background (not awaited). Bad
 * input throws a typed error and stores nothing.
 */
export async function startBacktest(
  repositories: Repositories,
  input: BacktestInput,
  requestedBy: string | null,
): Promise<Backtest> {
  const prepared = await prepareBacktest(repositories, input);
  const job = await repositories.backtests.create({
    request: prepared.request,
    periods: prepared.periods,
    currency: prepared.currency,
    createdBy: requestedBy,
  });
  // A new job's first attempt: the id is fresh, so the claim always succeeds.
  await repositories.backtests.claimLease(job.id, 1, PROCESS_OWNER);
  const stopHeartbeat = startHeartbeat(repositories, job.id, 1);
  queue = queue.then(() => executeJob(repositories, job, prepared, 1)).finally(stopHeartbeat);
  return job;
}

/**
 * Writes the lease's heartbeat until stopped, also while the job waits in this process's queue.
 * A heartbeat lost to a database outage is retried at the next beat.
 */
export function startHeartbeat(repositories: Repositories, jobId: string, attempt: number): () => void {
  const timer = setInterval(() => {
    repositories.backtests.heartbeat(jobId, attempt).catch(() => undefined);
  }, leaseTimeoutMs() / 3);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Takes over the jobs whose owner stopped writing its heartbeat (the process died or hung): for
 * each, claims the next attempt (an insert: of several processes doing this at once, one wins)
 * and ends the job as failed with INTERRUPTED, which a client can start again. Runs at start-up
 * and then once per lease timeout. Returns the ids it took over.
 */
export async function reapAbandonedBacktests(
  repositories: Repositories,
  now = new Date(),
): Promise<string[]> {
  const store = repositories.backtests;
  const reaped: string[] = [];
  for (const job of await store.findUnfinished()) {
    const lease = await store.latestLease(job.id);
    const lastSign = lease?.heartbeatAt ?? job.createdAt;
    if (now.getTime() - lastSign.getTime() < leaseTimeoutMs()) continue;
    if (!(await store.claimLease(job.id, (lease?.attempt ?? 0) + 1, `${PROCESS_OWNER}:takeover`))) continue;
    const reason = {
      code: 'INTERRUPTED',
      message:
        'The process running this backtest stopped before it ended (no heartbeat). Nothing of it was kept; start it again.',
    };
    const ended = await store.finish(job.id, 'failed', reason);
    if (ended) backtestEvents.publish('backtest', ended.id, ended);
    reaped.push(job.id);
  }
  return reaped;
}

/** Runs reapAbandonedBacktests now and once per lease timeout, until stopped. */
export function startBacktestReaper(repositories: Repositories): () => void {
  const reap = () => {
    reapAbandonedBacktests(repositories).catch((error) => console.error('backtest reaper failed', error));
  };
  reap();
  const timer = setInterval(reap, leaseTimeoutMs());
  timer.unref();
  return () => clearInterval(timer);
}

/** Asks a queued or running job to stop. A job that has already ended cannot be cancelled. */
export async function cancelBacktest(repositories: Repositories, id: string): Promise<Backtest> {
  const job = await repositories.backtests.findById(id);
  if (!job) throw new NotFoundError(`No backtest has the id "${id}".`);
  if (job.status !== 'queued' && job.status !== 'running') {
    throw new InvalidInputError(
      'id',
      `Backtest "${id}" has already ended (${job.status}); there is nothing to cancel.`,
    );
  }
  await repositories.backtests.requestCancel(id);
  return { ...job, cancelRequested: true };
}

/**
 * Runs one job to its end and records how it ended. Rows are written before the job is marked
 * complete; a failed or cancelled job keeps none. Never throws: the queue goes on.
 */
async function executeJob(
  repositories: Repositories,
  queued: Backtest,
  prepared: PreparedBacktest,
  attempt: number,
): Promise<void> {
  const store = repositories.backtests;
  /** False once another process took the job over: this one must write nothing more. */
  const stillOwned = async () => (await store.latestLease(queued.id))?.attempt === attempt;
  let job = queued;
  const publish = (changes: Partial<Backtest>) => {
    job = { ...job, ...changes };
    backtestEvents.publish('backtest', job.id, job);
  };
  try {
    if (await store.isCancelRequested(job.id)) throw new BacktestCancelledError();
    let lastPhase = '';
    let lastStored = -1;
    const onProgress = async (progress: BacktestProgress) => {
      if (job.status === 'queued') {
        await store.setRunning(job.id, progress);
        publish({ status: 'running', progress });
      } else publish({ progress });
      // The polling query reads the stored progress; writing every tenth of the way is enough.
      const tenth = Math.floor(progress.percent / 10);
      if (progress.phase !== lastPhase || tenth !== lastStored) {
        lastPhase = progress.phase;
        lastStored = tenth;
        await store.setProgress(job.id, progress);
      }
    };
    const shouldStop = () => store.isCancelRequested(job.id);
    const comparison = await runBacktest(repositories, prepared, { onProgress, shouldStop });
    const storing: BacktestProgress = { ...job.progress, phase: 'storing', percent: 95 };
    await onProgress(storing);
    if (!(await stillOwned())) return;
    await store.insertRows(job.id, comparison.rows);
    if (await shouldStop()) throw new BacktestCancelledError();
    if (!(await stillOwned())) return;
    const done: BacktestProgress = { ...storing, phase: 'done', percent: 100 };
    const completed = await store.complete(
      job.id,
      { participants: comparison.participants, candidates: [...comparison.candidates] },
      done,
    );
    if (completed) publish(completed);
  } catch (error) {
    const cancelled = error instanceof BacktestCancelledError;
    const reason =
      error instanceof AppError
        ? { code: error.code, message: error.message }
        : {
            code: 'INTERNAL',
            message: 'The backtest failed unexpectedly; see the server log, then start it again.',
          };
    if (!(error instanceof AppError)) console.error(`backtest ${job.id} failed`, error);
    try {
      const ended = await store.finish(job.id, cancelled ? 'cancelled' : 'failed', reason);
      publish(ended ?? { status: cancelled ? 'cancelled' : 'failed', error: reason });
    } catch (storeError) {
      // The database is gone (e.g. shut down mid-job); listeners still learn the job ended.
      console.error(`backtest ${job.id}: recording the end failed`, storeError);
      publish({ status: cancelled ? 'cancelled' : 'failed', error: reason });
    }
  }
}

/** True once a job can change no more. */
export function hasEnded(job: Backtest): boolean {
  return job.status === 'complete' || job.status === 'failed' || job.status === 'cancelled';
}
