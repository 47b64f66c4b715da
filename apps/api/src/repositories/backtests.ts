import { randomUUID } from 'node:crypto';
import type { BacktestRow, CandidateSummary } from '@attain/engine';
import { Binary, BSON, type Collection, type Db } from 'mongodb';
import { isDuplicateKeyError } from '../db/errors.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { fromStoredMinor, toStoredMinor } from '../db/money.js';
import { findPage, type Page, type PageRequest } from '../db/page.js';

export type BacktestStatus = 'queued' | 'running' | 'complete' | 'failed' | 'cancelled';

export type BacktestPhase = 'queued' | 'loading' | 'evaluating' | 'storing' | 'done';

/** Where a job is; `percent` runs 0..100 over loading (most of the time) and evaluating. */
export interface BacktestProgress {
  phase: BacktestPhase;
  factsRead: number;
  /** Facts the job will read (counted before loading); 0 until counted. */
  factsTotal: number;
  /** Participant-period statements computed so far, over the baseline and every candidate. */
  participantsEvaluated: number;
  percent: number;
}

/** A plan as the backtest was asked for it: a published version, or draft text. */
export interface BacktestPlanRef {
  label: string;
  planId: string | null;
  /** null = every published version as it was in force (baseline only). */
  version: number | null;
  /** Unsaved draft text; set instead of planId/version. */
  text: string | null;
}

export interface BacktestRequest {
  baseline: BacktestPlanRef;
  candidates: BacktestPlanRef[];
  /** First and last period, inclusive. */
  from: string;
  to: string;
  teamIds: string[];
  participantIds: string[];
}

/** The stored summary: totals and distribution per candidate, written with the rows before completion. */
export interface BacktestSummary {
  participants: number;
  candidates: CandidateSummary[];
}

/** One backtest job. Its rows and summary are visible only once it is complete. */
export interface Backtest {
  id: string;
  status: BacktestStatus;
  request: BacktestRequest;
  periods: string[];
  currency: string;
  progress: BacktestProgress;
  cancelRequested: boolean;
  summary: BacktestSummary | null;
  /** Why it failed, or that it was cancelled. */
  error: { code: string; message: string } | null;
  createdAt: Date;
  finishedAt: Date | null;
  createdBy: string | null;
  /** The fact store generation the run read (docs/storage.md); null until complete, and on backtests run before it was recorded. */
  factsGeneration: number | null;
}

/** A comparison row as stored, under `<backtestId>/<periodId>/<participantId>`. */
export interface StoredBacktestRow extends BacktestRow {
  id: string;
  backtestId: string;
}

type BacktestDocument = Omit<Backtest, 'id' | 'summary'> & { _id: string; summary: unknown };
/**
 * A stored row: the keys a reader filters and pages by, and the rest of the row as one BSON
 * document inside a Binary. FerretDB's cost is per stored value, and a row of three candidates
 * and a handful of components has about a hundred: 7,461 rows took 20 s to insert and a first
 * page 30 s; as one Binary each, 3.6 s and 2.2 s. Rows stored before carry their fields at the
 * top level instead of `row`, and read the same.
 */
type RowDocument = {
  _id: string;
  backtestId: string;
  participantId: string;
  periodId: string;
  row?: Binary;
} & Record<string, unknown>;

export const backtestIndexes: CollectionIndexes = {
  collection: 'backtests',
  indexes: [{ key: { createdAt: -1 }, options: { name: 'created' } }],
};

export const backtestRowIndexes: CollectionIndexes = {
  collection: 'backtest_rows',
  indexes: [{ key: { backtestId: 1, participantId: 1 }, options: { name: 'backtest_participant' } }],
};

/**
 * Who runs a job: one document per attempt, `<jobId>#<attempt>`. Claiming an attempt is an
 * insert, so of two processes that claim the same attempt the unique `_id` lets exactly one win
 * (FerretDB has no atomic compare-and-swap). Only the owner writes its heartbeat.
 */
export interface BacktestLease {
  jobId: string;
  attempt: number;
  /** The process that holds it, e.g. "host:pid:random". */
  owner: string;
  heartbeatAt: Date;
}

type LeaseDocument = BacktestLease & { _id: string };

export const backtestLeaseIndexes: CollectionIndexes = {
  collection: 'backtest_leases',
  indexes: [{ key: { jobId: 1, attempt: -1 }, options: { name: 'job_attempt' } }],
};

const ROWS_PER_INSERT = 1_000;

/** The progress of a job that has not started. */
const QUEUED: BacktestProgress = {
  phase: 'queued',
  factsRead: 0,
  factsTotal: 0,
  participantsEvaluated: 0,
  percent: 0,
};

/** Backtest jobs and their result rows. Rows are written once; the job document carries the status. */
export class BacktestsRepository {
  private readonly jobs: Collection<BacktestDocument>;
  private readonly rows: Collection<RowDocument>;

  private readonly leases: Collection<LeaseDocument>;

  constructor(db: Db) {
    this.jobs = db.collection<BacktestDocument>(backtestIndexes.collection);
    this.rows = db.collection<RowDocument>(backtestRowIndexes.collection);
    this.leases = db.collection<LeaseDocument>(backtestLeaseIndexes.collection);
  }

  /** Claims attempt `attempt` of a job for `owner`; false when another process claimed it first. */
  async claimLease(jobId: string, attempt: number, owner: string): Promise<boolean> {
    try {
      await this.leases.insertOne({
        _id: `${jobId}#${attempt}`,
        jobId,
        attempt,
        owner,
        heartbeatAt: new Date(),
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** The owner's sign of life. */
  async heartbeat(jobId: string, attempt: number): Promise<void> {
    await this.leases.updateOne({ _id: `${jobId}#${attempt}` }, { $set: { heartbeatAt: new Date() } });
  }

  /** The newest claimed attempt of a job, or null for a job from before leases. */
  async latestLease(jobId: string): Promise<BacktestLease | null> {
    const [lease] = await this.leases.find({ jobId }).sort({ attempt: -1 }).limit(1).toArray();
    if (!lease) return null;
    const { _id, ...rest } = lease;
    return rest;
  }

  /** Jobs that have not ended: few, as jobs end within minutes. */
  async findUnfinished(): Promise<Backtest[]> {
    return (await this.jobs.find({ status: { $in: ['queued', 'running'] } }).toArray()).map(toBacktest);
  }

  /** Records a job as queued. */
  async create(job: {
    request: BacktestRequest;
    periods: string[];
    currency: string;
    createdBy: string | null;
  }): Promise<Backtest> {
    const document: BacktestDocument = {
      _id: randomUUID(),
      ...job,
      status: 'queued',
      progress: QUEUED,
      cancelRequested: false,
      summary: null,
      error: null,
      createdAt: new Date(),
      finishedAt: null,
      factsGeneration: null,
    };
    await this.jobs.insertOne(document);
    return toBacktest(document);
  }

  /**
   * Puts an ended job back in the queue to run again (a restart after INTERRUPTED): no error, no
   * summary, progress from the start. Its rows were removed when it ended.
   */
  async requeue(id: string): Promise<Backtest | null> {
    const queued = await this.jobs.findOneAndUpdate(
      { _id: id },
      {
        $set: {
          status: 'queued',
          progress: QUEUED,
          cancelRequested: false,
          summary: null,
          error: null,
          finishedAt: null,
          factsGeneration: null,
        },
      },
      { returnDocument: 'after' },
    );
    return queued ? toBacktest(queued) : null;
  }

  /** The fact generations complete backtests read (for a vacuum to keep). */
  async factsGenerations(): Promise<Set<number>> {
    const jobs = await this.jobs.find({}, { projection: { factsGeneration: 1 } }).toArray();
    return new Set(
      jobs.flatMap((job) => (typeof job.factsGeneration === 'number' ? [job.factsGeneration] : [])),
    );
  }

  async findById(id: string): Promise<Backtest | null> {
    const document = await this.jobs.findOne({ _id: id });
    return document ? toBacktest(document) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Backtest[]> {
    return (await this.jobs.find({ _id: { $in: [...ids] } }).toArray()).map(toBacktest);
  }

  async findPage(request: PageRequest): Promise<Page<Backtest>> {
    const page = await findPage(this.jobs, {}, request);
    return { ...page, items: page.items.map(toBacktest) };
  }

  async setRunning(id: string, progress: BacktestProgress): Promise<void> {
    await this.jobs.updateOne({ _id: id }, { $set: { status: 'running', progress } });
  }

  async setProgress(id: string, progress: BacktestProgress): Promise<void> {
    await this.jobs.updateOne({ _id: id }, { $set: { progress } });
  }

  /** Asks a queued or running job to stop; the job sees the flag between steps. */
  async requestCancel(id: string): Promise<void> {
    await this.jobs.updateOne({ _id: id }, { $set: { cancelRequested: true } });
  }

  async isCancelRequested(id: string): Promise<boolean> {
    const document = await this.jobs.findOne({ _id: id }, { projection: { cancelRequested: 1 } });
    return document?.cancelRequested === true;
  }

  /** Writes result rows in unordered bulk inserts; invisible until the job is complete. */
  async insertRows(backtestId: string, rows: readonly BacktestRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + ROWS_PER_INSERT).map(
        (row): RowDocument => ({
          _id: `${backtestId}/${row.periodId}/${row.participantId}`,
          backtestId,
          participantId: row.participantId,
          periodId: row.periodId,
          row: new Binary(BSON.serialize(toStoredMoney(row) as Record<string, unknown>)),
        }),
      );
      if (chunk.length > 0) await this.rows.insertMany(chunk, { ordered: false });
    }
  }

  /** Marks a job complete with its summary; only now do readers see its rows. */
  async complete(
    id: string,
    summary: BacktestSummary,
    progress: BacktestProgress,
    factsGeneration: number,
  ): Promise<Backtest | null> {
    const done = await this.jobs.findOneAndUpdate(
      { _id: id },
      {
        $set: {
          status: 'complete',
          summary: toStoredMoney(summary),
          progress,
          finishedAt: new Date(),
          factsGeneration,
        },
      },
      { returnDocument: 'after' },
    );
    return done ? toBacktest(done) : null;
  }

  /** Ends a job as failed or cancelled; rows already written stay invisible and are removed. */
  async finish(
    id: string,
    status: 'failed' | 'cancelled',
    error: { code: string; message: string },
  ): Promise<Backtest | null> {
    const done = await this.jobs.findOneAndUpdate(
      { _id: id },
      { $set: { status, error, finishedAt: new Date() } },
      { returnDocument: 'after' },
    );
    await this.rows.deleteMany({ backtestId: id });
    return done ? toBacktest(done) : null;
  }

  /** A page of a job's rows, by period then participant. */
  async findRowPage(
    backtestId: string,
    request: PageRequest,
    participantId?: string,
  ): Promise<Page<StoredBacktestRow>> {
    const filter: Record<string, string> = { backtestId };
    if (participantId !== undefined) filter.participantId = participantId;
    const page = await findPage(this.rows, filter, request);
    return { ...page, items: page.items.map(toRow) };
  }

  async findRowsByIds(ids: readonly string[]): Promise<StoredBacktestRow[]> {
    return (await this.rows.find({ _id: { $in: [...ids] } }).toArray()).map(toRow);
  }
}

function toBacktest(document: BacktestDocument): Backtest {
  const { _id, summary, ...rest } = document;
  return {
    id: _id,
    ...rest,
    factsGeneration: rest.factsGeneration ?? null,
    summary: summary == null ? null : (fromStoredMoney(summary) as BacktestSummary),
  };
}

function toRow(document: RowDocument): StoredBacktestRow {
  const { _id, row, ...rest } = document;
  // Int64 money stays Long inside the row (as it would at the top level) for fromStoredMoney.
  const fields = row ? BSON.deserialize(row.buffer.subarray(0, row.length()), { promoteLongs: false }) : rest;
  return {
    id: _id,
    ...(fromStoredMoney({ ...fields, backtestId: document.backtestId }) as Omit<StoredBacktestRow, 'id'>),
  };
}

/** Every `...Minor` field, at any depth, as a 64-bit integer (money is never a double in storage, docs/storage.md). */
function toStoredMoney(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toStoredMoney);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] =
      key.endsWith('Minor') && typeof field === 'number' ? toStoredMinor(field) : toStoredMoney(field);
  }
  return out;
}

function fromStoredMoney(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromStoredMoney);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if ((value as { _bsontype?: string })._bsontype === 'Long') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] =
      key.endsWith('Minor') && field !== null && field !== undefined
        ? fromStoredMinor(field as number)
        : fromStoredMoney(field);
  }
  return out;
}
