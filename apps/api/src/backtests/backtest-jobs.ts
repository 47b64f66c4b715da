import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createPubSub, type PubSub } from 'graphql-yoga';
import { ConflictError } from '../db/errors.js';
import { AppError, InvalidInputError, NotFoundError, quoted } from '../errors.js';
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

/** The events a job publishes: its whole state at each change, by job id. */
export type BacktestEvents = PubSub<{ backtest: [id: string, backtest: Backtest] }>;

/**
 * The backtest jobs of one app: its queue, the events its subscriptions follow, and the lease
 * owner it claims jobs as. One per createApp (and per CLI run), so two apps in one process share
 * neither a queue nor events.
 */
export class BacktestJobs {
  /** Progress of every job this app runs, by job id; the subscription listens here. */
  readonly events: BacktestEvents = createPubSub();
  /**
   * Jobs run one at a time, in the order started: each may hold up to the configured limit of
   * facts in memory, so two at once could need twice that. The others wait as queued.
   */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly repositories: Repositories,
    /** The lease owner this app claims jobs as. */
    readonly owner: string = PROCESS_OWNER,
  ) {}

  /** Resolves once every job started so far has ended (tests and the CLI wait on it). */
  idle(): Promise<void> {
    return this.queue;
  }

  /**
   * Checks the request, stores a queued job and starts it in the background (not awaited). Bad
   * input throws a typed error and stores nothing.
   */
  async start(input: BacktestInput, requestedBy: string | null): Promise<Backtest> {
    const prepared = await prepareBacktest(this.repositories, input);
    const job = await this.repositories.backtests.create({
      request: prepared.request,
      periods: prepared.periods,
      currency: prepared.currency,
      createdBy: requestedBy,
    });
    // A new job's first attempt: the id is fresh, so the claim always succeeds.
    await this.repositories.backtests.claimLease(job.id, 1, this.owner);
    this.enqueue(job, prepared, 1);
    return job;
  }

  /**
   * Starts again a job that ended INTERRUPTED (its process died), under the same id, from its
   * stored request. Claiming the next attempt is an insert, so of two restarts racing one wins;
   * the other is a ConflictError. Any other job is refused: it ran to an end of its own.
   */
  async restart(id: string): Promise<Backtest> {
    const store = this.repositories.backtests;
    const job = await store.findById(id);
    if (!job) throw new NotFoundError(`No backtest has the id ${quoted(id)}.`);
    if (job.status !== 'failed' || job.error?.code !== 'INTERRUPTED') {
      const state = job.error ? `${job.status} (${job.error.code})` : job.status;
      throw new InvalidInputError(
        'id',
        `Backtest "${id}" is ${state}, not interrupted; only a job whose process stopped (failed with INTERRUPTED) can be restarted. Start a new backtest instead.`,
      );
    }
    const { request } = job;
    // Prepared again: the candidates' versions and the fact count are read as they are now.
    const prepared = await prepareBacktest(this.repositories, {
      baseline: { planId: request.baseline.planId as string, version: request.baseline.version },
      candidates: request.candidates,
      from: request.from,
      to: request.to,
      teamIds: request.teamIds,
      participantIds: request.participantIds,
    });
    const attempt = ((await store.latestLease(id))?.attempt ?? 0) + 1;
    if (!(await store.claimLease(id, attempt, this.owner))) {
      throw new ConflictError(`Backtest "${id}" is being restarted by another request.`, 'backtest_leases');
    }
    const queued = await store.requeue(id);
    if (!queued) throw new NotFoundError(`No backtest has the id ${quoted(id)}.`);
    this.events.publish('backtest', queued.id, queued);
    this.enqueue(queued, prepared, attempt);
    return queued;
  }

  /** Asks a queued or running job to stop. A job that has already ended cannot be cancelled. */
  async cancel(id: string): Promise<Backtest> {
    const job = await this.repositories.backtests.findById(id);
    if (!job) throw new NotFoundError(`No backtest has the id ${quoted(id)}.`);
    if (job.status !== 'queued' && job.status !== 'running') {
      throw new InvalidInputError(
        'id',
        `Backtest "${id}" has already ended (${job.status}); there is nothing to cancel.`,
      );
    }
    await this.repositories.backtests.requestCancel(id);
    return { ...job, cancelRequested: true };
  }

  /**
   * Takes over the jobs whose owner stopped writing its heartbeat (the process died or hung): for
   * each, claims the next attempt (an insert: of several processes doing this at once, one wins)
   * and ends the job as failed with INTERRUPTED, which an admin can restart. Runs at start-up and
   * then once per lease timeout. Returns the ids it took over.
   */
  async reapAbandoned(now = new Date()): Promise<string[]> {
    const store = this.repositories.backtests;
    const reaped: string[] = [];
    for (const job of await store.findUnfinished()) {
      const lease = await store.latestLease(job.id);
      const lastSign = lease?.heartbeatAt ?? job.createdAt;
      if (now.getTime() - lastSign.getTime() < leaseTimeoutMs()) continue;
      if (!(await store.claimLease(job.id, (lease?.attempt ?? 0) + 1, `${this.owner}:takeover`))) continue;
      const reason = {
        code: 'INTERRUPTED',
        message:
          'The process running this backtest stopped before it ended (no heartbeat). Nothing of it was kept; restart it (restartBacktest) or start it again.',
      };
      const ended = await store.finish(job.id, 'failed', reason);
      if (ended) this.events.publish('backtest', ended.id, ended);
      reaped.push(job.id);
    }
    return reaped;
  }

  /** Runs reapAbandoned now and once per lease timeout, until stopped. */
  startReaper(): () => void {
    const reap = () => {
      this.reapAbandoned().catch((error) => console.error('backtest reaper failed', error));
    };
    reap();
    const timer = setInterval(reap, leaseTimeoutMs());
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Queues a job whose attempt this app holds, with its heartbeat running until it ends. */
  private enqueue(job: Backtest, prepared: PreparedBacktest, attempt: number): void {
    const stopHeartbeat = startHeartbeat(this.repositories, job.id, attempt);
    this.queue = this.queue.then(() => this.execute(job, prepared, attempt)).finally(stopHeartbeat);
  }

  /**
   * Runs one job to its end and records how it ended. Rows are written before the job is marked
   * complete; a failed or cancelled job keeps none. Never throws: the queue goes on.
   */
  private async execute(queued: Backtest, prepared: PreparedBacktest, attempt: number): Promise<void> {
    const { repositories } = this;
    const store = repositories.backtests;
    /** False once another process took the job over: this one must write nothing more. */
    const stillOwned = async () => (await store.latestLease(queued.id))?.attempt === attempt;
    let job = queued;
    const publish = (changes: Partial<Backtest>) => {
      job = { ...job, ...changes };
      this.events.publish('backtest', job.id, job);
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
        comparison.factsGeneration,
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
}

/**
 * Writes the lease's heartbeat until stopped, also while the job waits in its app's queue.
 * A heartbeat lost to a database outage is retried at the next beat.
 */
export function startHeartbeat(repositories: Repositories, jobId: string, attempt: number): () => void {
  const timer = setInterval(() => {
    repositories.backtests.heartbeat(jobId, attempt).catch(() => undefined);
  }, leaseTimeoutMs() / 3);
  timer.unref();
  return () => clearInterval(timer);
}

/** True once a job can change no more. */
export function hasEnded(job: Backtest): boolean {
  return job.status === 'complete' || job.status === 'failed' || job.status === 'cancelled';
}
