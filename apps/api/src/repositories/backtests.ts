import { randomUUID } from 'node:crypto';
import { type BacktestRow, type CandidateSummary, type HistogramBin, histogram } from '@attain/engine';
import { type Binary, BSON, type Collection, type Db } from 'mongodb';
import { isDuplicateKeyError } from '../db/errors.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { fromStoredMinor, toStoredMinor } from '../db/money.js';
import { DEFAULT_PAGE_SIZE, findPage, type Page, type PageRequest } from '../db/page.js';
import {
  amountsOf,
  amountsOfRows,
  CHUNK_ROWS,
  positionOf,
  positionsOf,
  RowChunkReader,
  type RowDirectory,
  type RowOrder,
  sortPositions,
  writeRowChunks,
} from './backtest-rows.js';
import { LoadingCache } from './loading-cache.js';

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

/** A comparison row as stored; its id is `<backtestId>/<periodId>/<participantId>`. */
export interface StoredBacktestRow extends BacktestRow {
  id: string;
  backtestId: string;
}

/** A row of a page, with its place in the page's whole sequence (what its cursor encodes). */
export interface PagedBacktestRow extends StoredBacktestRow {
  index: number;
}

type BacktestDocument = Omit<Backtest, 'id' | 'summary'> & { _id: string; summary: unknown };
/**
 * A row as stored before rows were chunked (backtest-rows.ts): one document each, under its id,
 * with the rest of the row as one BSON document inside a Binary (or, before that, its fields at
 * the top level). Such rows are still read: all of a backtest's at once, kept in memory.
 */
type RowDocument = {
  _id: string;
  backtestId: string;
  participantId: string;
  periodId: string;
  row?: Binary;
} & Record<string, unknown>;

/** The rows of one backtest as a reader sees them, chunked or not. */
interface RowTable {
  directory: RowDirectory;
  /** What it costs to keep, in directory rows (about 30 bytes each): a table holding its rows weighs more. */
  weight: number;
  rowsAt(positions: readonly number[]): Promise<StoredBacktestRow[]>;
  /** Every row, in key order (a full read; for sorting and exports). */
  allRows(): Promise<StoredBacktestRow[]>;
}

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
  private readonly chunks: RowChunkReader<StoredBacktestRow>;
  /**
   * Rows are immutable once their job is complete, and only then read, so what is read of them
   * is kept: tables (directories, or all rows of one stored before chunks) and chunks weighed in
   * rows, sorted orders in positions.
   */
  private readonly tables = new LoadingCache<RowTable | null>({
    maxWeight: 2_000_000,
    weigh: (table) => table?.weight ?? 1,
  });
  private readonly chunkCache = new LoadingCache<StoredBacktestRow[]>({
    maxWeight: 20_000,
    weigh: (rows) => rows.length,
  });
  private readonly orders = new LoadingCache<Int32Array>({
    maxWeight: 4_000_000,
    weigh: (positions) => positions.length,
  });

  constructor(db: Db) {
    this.jobs = db.collection<BacktestDocument>(backtestIndexes.collection);
    this.rows = db.collection<RowDocument>(backtestRowIndexes.collection);
    this.leases = db.collection<LeaseDocument>(backtestLeaseIndexes.collection);
    this.chunks = new RowChunkReader(this.rows as unknown as Collection, (stored, backtestId) =>
      toRow(stored as RowDocument, backtestId),
    );
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

  /** Writes result rows in chunks (backtest-rows.ts); invisible until the job is complete. */
  async insertRows(backtestId: string, rows: readonly BacktestRow[]): Promise<void> {
    await writeRowChunks(
      this.rows as unknown as Collection,
      backtestId,
      rows,
      (row) => toStoredMoney(row) as Record<string, unknown>,
    );
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

  /**
   * A page of a complete job's rows: by period then participant unless `order` says otherwise,
   * optionally one participant's. Cursors are places in that sequence (`index`); the rows never
   * change, so a place names the same row on every request with the same arguments.
   */
  async findRowPage(
    backtestId: string,
    request: RowPageRequest,
    options: { participantId?: string; order?: RowOrder } = {},
  ): Promise<Page<PagedBacktestRow> & { totalCount: number }> {
    const table = await this.table(backtestId);
    if (!table) return { items: [], hasNextPage: false, hasPreviousPage: false, totalCount: 0 };
    const order = options.order ?? { by: 'key', candidate: 0, descending: false };
    const sequence =
      order.by === 'key' && !order.descending
        ? null
        : await this.orders.get(
            `${backtestId}|${order.by}|${order.candidate}|${order.descending}`,
            async () =>
              sortPositions(
                table.directory,
                order,
                amountsOf(table.directory.amounts ?? amountsOfRows(await table.allRows()), order),
              ),
          );
    let positions: ArrayLike<number> | null = sequence;
    if (options.participantId !== undefined) {
      // positionsOf gives them in key order already: only a sorted sequence needs filtering.
      const own = positionsOf(table.directory, options.participantId);
      const mine = new Set(own);
      positions = sequence ? Array.from(sequence).filter((p) => mine.has(p)) : own;
    }
    const length = positions ? positions.length : table.directory.rowCount;
    const { start, end, hasNextPage, hasPreviousPage } = pageWindow(request, length);
    const indexes = Array.from({ length: end - start }, (_, i) => start + i);
    const rows = await table.rowsAt(indexes.map((i) => (positions ? (positions[i] as number) : i)));
    return {
      items: rows.map((row, i) => ({ ...row, index: indexes[i] as number })),
      hasNextPage,
      hasPreviousPage,
      totalCount: length,
    };
  }

  /**
   * Equal-width bins (at most `bins`) of every row's delta under candidate `candidate` (its
   * index), from the directory's amounts: no chunk is read, except for a backtest stored before
   * the directory had amounts.
   */
  async deltaHistogram(backtestId: string, candidate: number, bins: number): Promise<DeltaHistogram> {
    const table = await this.table(backtestId);
    if (!table) return { rows: 0, zero: 0, minMinor: null, maxMinor: null, bins: [] };
    const amounts = table.directory.amounts ?? amountsOfRows(await table.allRows());
    const deltas = Array.from(amounts.deltas[candidate] ?? new Float64Array(table.directory.rowCount));
    let zero = 0;
    for (const delta of deltas) if (delta === 0) zero++;
    const binned = histogram(deltas, bins);
    return {
      rows: deltas.length,
      zero,
      minMinor: binned[0]?.fromMinor ?? null,
      maxMinor: binned.at(-1)?.toMinor ?? null,
      bins: binned,
    };
  }

  /** One participant's row in one period of a complete job, or null. */
  async findRow(
    backtestId: string,
    periodId: string,
    participantId: string,
  ): Promise<StoredBacktestRow | null> {
    const table = await this.table(backtestId);
    if (!table) return null;
    const position = positionOf(table.directory, periodId, participantId);
    if (position < 0) return null;
    const [row] = await table.rowsAt([position]);
    return row ?? null;
  }

  /** Every row of a complete job, by period then participant. */
  async allRows(backtestId: string): Promise<StoredBacktestRow[]> {
    return (await this.table(backtestId))?.allRows() ?? [];
  }

  /** The rows of a job as chunks and a directory, or (stored before chunks) all in memory; null: none. */
  private table(backtestId: string): Promise<RowTable | null> {
    return this.tables.get(
      backtestId,
      async () => {
        const directory = await this.chunks.directory(backtestId);
        if (directory) return this.chunkedTable(backtestId, directory);
        return this.legacyTable(backtestId);
      },
      (table) => table !== null,
    );
  }

  private chunkedTable(backtestId: string, directory: RowDirectory): RowTable {
    const chunkOf = (chunk: number) =>
      this.chunkCache.get(`${backtestId}|${chunk}`, () => this.chunks.chunk(backtestId, chunk));
    const chunkCount = Math.ceil(directory.rowCount / CHUNK_ROWS);
    return {
      directory,
      weight: directory.rowCount,
      rowsAt: async (positions) => {
        const chunks = new Map<number, StoredBacktestRow[]>();
        for (const chunk of new Set(positions.map((p) => Math.floor(p / CHUNK_ROWS)))) {
          chunks.set(chunk, await chunkOf(chunk));
        }
        return positions.map(
          (p) =>
            (chunks.get(Math.floor(p / CHUNK_ROWS)) as StoredBacktestRow[])[
              p % CHUNK_ROWS
            ] as StoredBacktestRow,
        );
      },
      // Read past the chunk cache: a full read would only evict what pages use.
      allRows: async () => {
        const rows: StoredBacktestRow[] = [];
        for (let chunk = 0; chunk < chunkCount; chunk++)
          rows.push(...(await this.chunks.chunk(backtestId, chunk)));
        return rows;
      },
    };
  }

  /** A backtest stored one document per row: read once (it reads the whole collection on FerretDB). */
  private async legacyTable(backtestId: string): Promise<RowTable | null> {
    const documents = await this.rows.find({ backtestId, kind: { $exists: false } }).toArray();
    if (documents.length === 0) return null;
    const rows = documents
      .map((document) => toRow(document, backtestId))
      .sort((a, b) => compareText(a.periodId, b.periodId) || compareText(a.participantId, b.participantId));
    const periods = [...new Set(rows.map((r) => r.periodId))].sort(compareText);
    const participants = [...new Set(rows.map((r) => r.participantId))].sort(compareText);
    const periodIndex = new Map(periods.map((p, i) => [p, i]));
    const participantIndex = new Map(participants.map((p, i) => [p, i]));
    const directory: RowDirectory = {
      rowCount: rows.length,
      periods,
      participants,
      rowPeriod: Uint16Array.from(rows, (r) => periodIndex.get(r.periodId) as number),
      rowParticipant: Int32Array.from(rows, (r) => participantIndex.get(r.participantId) as number),
      amounts: amountsOfRows(rows),
    };
    return {
      directory,
      // Whole rows in memory (about 1 KB each, against a directory row's 30 bytes).
      weight: rows.length * 30,
      rowsAt: async (positions) => positions.map((p) => rows[p] as StoredBacktestRow),
      allRows: async () => rows,
    };
  }
}

/** How one candidate's row deltas spread: minor units; min and max are null when there are no rows. */
export interface DeltaHistogram {
  rows: number;
  zero: number;
  minMinor: number | null;
  maxMinor: number | null;
  bins: HistogramBin[];
}

/** Relay arguments for rows: cursors decoded to places in the sequence. */
export interface RowPageRequest {
  first?: number | null;
  last?: number | null;
  /** The place of the row the page starts after. */
  after?: number | null;
  /** The place of the row the page ends before. */
  before?: number | null;
}

/** The slice [start, end) of a sequence of `length` rows that a request asks for. */
function pageWindow(
  request: RowPageRequest,
  length: number,
): { start: number; end: number; hasNextPage: boolean; hasPreviousPage: boolean } {
  const lowest = request.after == null ? 0 : Math.min(request.after + 1, length);
  const highest = request.before == null ? length : Math.max(lowest, Math.min(request.before, length));
  if (request.last != null && request.first == null) {
    const start = Math.max(lowest, highest - request.last);
    return { start, end: highest, hasNextPage: request.before != null, hasPreviousPage: start > lowest };
  }
  const size = request.first ?? DEFAULT_PAGE_SIZE;
  const end = Math.min(highest, lowest + size);
  return { start: lowest, end, hasNextPage: end < highest, hasPreviousPage: request.after != null };
}

/** Plain code-unit order, as keys and `_id`s compare. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toBacktest(document: BacktestDocument): Backtest {
  const { _id, summary, ...rest } = document;
  return {
    id: _id,
    ...rest,
    factsGeneration: rest.factsGeneration ?? null,
    summary: summary == null ? null : (fromStoredMoney(summary) as BacktestSummary),
  };
}

/** A stored row (a legacy document, or an entry of a chunk, which has no `_id`) as a reader sees it. */
function toRow(document: RowDocument | Record<string, unknown>, backtestId: string): StoredBacktestRow {
  const { _id, row, ...rest } = document as RowDocument;
  // Int64 money stays Long inside the row (as it would at the top level) for fromStoredMoney.
  const fields = row ? BSON.deserialize(row.buffer.subarray(0, row.length()), { promoteLongs: false }) : rest;
  const { backtestId: _stored, ...values } = fields as Record<string, unknown>;
  const stored = fromStoredMoney(values) as BacktestRow;
  // Rows stored before component codes matched components by name: that name is their code.
  const components = stored.components.map((c) => ({ ...c, componentCode: c.componentCode ?? c.component }));
  return {
    id: `${backtestId}/${stored.periodId}/${stored.participantId}`,
    backtestId,
    ...stored,
    components,
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
