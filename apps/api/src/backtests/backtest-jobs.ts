import { createPubSub } from 'graphql-yoga';
import { AppError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Backtest, BacktestProgress } from '../repositories/backtests.js';
import type { Repositories } from '../repositories/index.js';
import { BacktestCancelledError } from './errors.js';
import { type BacktestInput, type PreparedBacktest, prepareBacktest } from './prepare-backtest.js';
import { runBacktest } from './run-backtest.js';

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
  queue = queue.then(() => executeJob(repositories, job, prepared));
  return job;
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
): Promise<void> {
  const store = repositories.backtests;
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
    await store.insertRows(job.id, comparison.rows);
    if (await shouldStop()) throw new BacktestCancelledError();
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
