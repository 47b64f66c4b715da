import { createHash } from 'node:crypto';
import type { DrawSummary, HoldSummary, StatementLine } from '@attain/engine';
import type { EvaluationWarning, Explanation } from '@attain/rules';
import { BSON, type Collection, type Db, type Long } from 'mongodb';
import { isDuplicateKeyError } from '../db/errors.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { fromStoredMinor, toStoredMinor } from '../db/money.js';
import { findPage, type Page, type PageRequest } from '../db/page.js';
import { millisecondsSetting } from '../env-settings.js';
import { LoadingCache } from './loading-cache.js';

export type PayoutRunStatus = 'running' | 'complete' | 'failed';

/** A problem that made a run fail, e.g. a fact in a currency without an exchange rate. */
export interface RunError {
  code: string;
  message: string;
  factId: string | null;
  participantId: string | null;
}

/** One calculation of a plan for a period. Its statements are visible only once it is complete. */
export interface PayoutRun {
  id: string;
  planId: string;
  periodId: string;
  status: PayoutRunStatus;
  /** The engine's fingerprint of every input; equal fingerprints mean equal results. */
  fingerprint: string;
  /** Ids of the plan versions the run applied. */
  versionIds: string[];
  currency: string | null;
  statementCount: number;
  /** Sum of the statements' totals, in minor units of `currency`. */
  totalMinor: number;
  errors: RunError[];
  createdAt: Date;
  finishedAt: Date | null;
  createdBy: string | null;
  /** How many ledger documents hold what the run paid; absent on runs stored before ledgers. */
  ledgerChunks?: number;
  /** The fact store generation the run read (docs/storage.md); absent on runs before fact blocks. */
  factsGeneration?: number;
  /**
   * The stored runs of earlier periods the calculation read (paid to date, draw balance, holds,
   * clawbacks), one per period; absent on runs stored before they were recorded.
   */
  earlierRuns?: EarlierRun[];
}

/** An earlier period's run that a calculation read. */
export interface EarlierRun {
  periodId: string;
  runId: string;
}

export interface StoredLine {
  component: string;
  /** The component's code (its identity across plan versions); absent on lines stored before codes, whose code is `component`. */
  componentCode?: string;
  kind: StatementLine['kind'];
  amountMinor: number;
  attainment: number | null;
  from: string;
  to: string;
  teamId: string | null;
  dealId: string | null;
  explanation: Explanation;
  warnings: EvaluationWarning[];
  /** The line in the participant's pay currency; null (or absent on older statements) when paid in the plan's. */
  pay?: StoredLinePay | null;
}

/** A line converted into the pay currency (the engine's `LineConversion`). */
export interface StoredLinePay {
  currency: string;
  amountMinor: number;
  rate: number;
  at: 'fact date' | 'payment date' | 'clawed-back rate';
  rates: { on: string; rate: number; rateFrom: string | null; share: number }[];
}

/** What a statement pays in the participant's currency (the engine's `StatementPay`). */
export interface StoredStatementPay {
  currency: string;
  totalMinor: number;
  conversion: 'fact date' | 'payment date';
  paymentDate: string;
}

/** What the ledger keeps of a payout line (a statement's line, or an engine line with its deals). */
export function ledgerLine(
  line: Omit<LedgerLine, 'dealId' | 'transactions' | 'transactionPayouts' | 'pay'> & {
    dealId?: string | undefined;
    pay?: { currency: string; amountMinor: number } | null | undefined;
    transactions?: { factIds: readonly string[]; valuesMinor: readonly number[] } | undefined;
    transactionPayouts?: readonly number[] | undefined;
  },
): LedgerLine {
  return {
    component: line.component,
    componentCode: line.componentCode ?? line.component,
    kind: line.kind,
    amountMinor: line.amountMinor,
    from: line.from,
    to: line.to,
    teamId: line.teamId,
    dealId: line.dealId ?? null,
    transactions: line.transactions
      ? { factIds: [...line.transactions.factIds], valuesMinor: [...line.transactions.valuesMinor] }
      : null,
    transactionPayouts: line.transactionPayouts ? [...line.transactionPayouts] : null,
    pay: line.pay ? { currency: line.pay.currency, amountMinor: line.pay.amountMinor } : null,
  };
}

/** One earlier period a statement subtracted: the run it read (null = computed, none was stored) and what it paid. */
export interface StoredPaidEarlier {
  periodId: string;
  runId: string | null;
  amountMinor: number;
}

/**
 * What a run paid one participant, compact: the record later runs read for true-ups, running
 * totals and clawbacks. `transactionPayouts` are exact per-deal amounts before the line was
 * rounded (fractional minor units), kept so a clawback reverses a deal at the rate it was paid.
 */
export interface LedgerStatement {
  participantId: string;
  targetIncentiveMinor: number | null;
  lines: LedgerLine[];
  /**
   * What the statement held and released and the deals still held after its period, which the
   * next period carries on from (so a deal is released however long it waits); absent for plans
   * without holds and on ledgers stored before it was kept.
   */
  holds?: HoldSummary;
}

export interface LedgerLine {
  component: string;
  /** What paid to date and corrections match the line by; absent on ledgers stored before codes (read as `component`). */
  componentCode?: string;
  kind: StatementLine['kind'];
  amountMinor: number;
  from: string;
  to: string;
  teamId: string | null;
  dealId: string | null;
  transactions: { factIds: string[]; valuesMinor: number[] } | null;
  transactionPayouts: number[] | null;
  /** The line in the participant's pay currency; null when paid in the plan's (and on ledgers stored before pay currencies). */
  pay: { currency: string; amountMinor: number } | null;
}

/** How a stretch's target incentive was prorated (the engine's `TargetProration`). */
export interface StoredProration {
  annualTargetIncentiveMinor: number;
  periodsPerYear: number;
  dayCount: string | null;
  daysEmployed: number;
  daysInPeriod: number;
  wholePeriod: boolean;
  fraction: number;
}

/** A stretch of the period with one team, plan version and assignment, and its target incentive. */
export interface StoredSegment {
  from: string;
  to: string;
  teamId: string | null;
  version: string | null;
  targetIncentiveMinor: number | null;
  proration: StoredProration | null;
  targetIncentiveExplanation: Explanation | null;
}

/** One participant's statement in a run. */
export interface StoredStatement {
  /** `<runId>/<participantId>`. */
  id: string;
  runId: string;
  planId: string;
  periodId: string;
  participantId: string;
  /** Teams the participant was paid with during the period (from the lines). */
  teamIds: string[];
  currency: string;
  targetIncentiveMinor: number | null;
  totalMinor: number;
  /** The stretches of the period; empty on statements stored before segments were kept. */
  segments: StoredSegment[];
  lines: StoredLine[];
  adjustments: Explanation[];
  warnings: EvaluationWarning[];
  /** The earlier periods of the year this statement subtracted (true-ups, running totals); empty otherwise. */
  paidEarlier: StoredPaidEarlier[];
  /** Under a year-to-date true-up: the target incentive from the start of the year through the period. */
  targetIncentiveToDateMinor: number | null;
  /** The plan's draw in the period (earnings, minimum, top-up, recovery, balance); null when it has none there. */
  draw: DrawSummary | null;
  /** What the statement held and released, and every deal still held after it; null when the plan holds nothing. */
  holds: HoldSummary | null;
  /** What it pays in the participant's currency; null when that is the plan's currency. */
  pay: StoredStatementPay | null;
}

/** A hold summary as stored: its amounts as int64. */
interface HoldsDocument {
  heldMinor: Long;
  releasedMinor: Long;
  outstanding: { component: string; dealId: string; periodId: string; amountMinor: Long }[];
}

function toHoldsDocument(holds: HoldSummary): HoldsDocument {
  return {
    heldMinor: toStoredMinor(holds.heldMinor),
    releasedMinor: toStoredMinor(holds.releasedMinor),
    outstanding: holds.outstanding.map((d) => ({ ...d, amountMinor: toStoredMinor(d.amountMinor) })),
  };
}

function fromHoldsDocument(document: HoldsDocument): HoldSummary {
  return {
    heldMinor: fromStoredMinor(document.heldMinor),
    releasedMinor: fromStoredMinor(document.releasedMinor),
    outstanding: document.outstanding.map((d) => ({ ...d, amountMinor: fromStoredMinor(d.amountMinor) })),
  };
}

/** A draw summary as stored: its amounts as int64. */
type DrawDocument = Omit<
  DrawSummary,
  | 'earningsMinor'
  | 'minimumMinor'
  | 'openingBalanceMinor'
  | 'topUpMinor'
  | 'recoveredMinor'
  | 'closingBalanceMinor'
> &
  Record<
    | 'earningsMinor'
    | 'minimumMinor'
    | 'openingBalanceMinor'
    | 'topUpMinor'
    | 'recoveredMinor'
    | 'closingBalanceMinor',
    Long
  >;

const DRAW_AMOUNTS = [
  'earningsMinor',
  'minimumMinor',
  'openingBalanceMinor',
  'topUpMinor',
  'recoveredMinor',
  'closingBalanceMinor',
] as const;

function toDrawDocument(draw: DrawSummary): DrawDocument {
  const out = { ...draw } as unknown as DrawDocument;
  for (const key of DRAW_AMOUNTS) out[key] = toStoredMinor(draw[key]);
  return out;
}

function fromDrawDocument(document: DrawDocument): DrawSummary {
  const out = { ...document } as unknown as DrawSummary;
  for (const key of DRAW_AMOUNTS) out[key] = fromStoredMinor(document[key]);
  return out;
}

interface PayoutRunDocument extends Omit<PayoutRun, 'id' | 'totalMinor'> {
  _id: string;
  totalMinor: Long;
}

interface StoredLineDocument extends Omit<StoredLine, 'amountMinor' | 'pay'> {
  amountMinor: Long;
  pay?: (Omit<StoredLinePay, 'amountMinor'> & { amountMinor: Long }) | null;
}

interface StoredSegmentDocument extends Omit<StoredSegment, 'targetIncentiveMinor' | 'proration'> {
  targetIncentiveMinor: Long | null;
  proration:
    | (Omit<StoredProration, 'annualTargetIncentiveMinor'> & { annualTargetIncentiveMinor: Long })
    | null;
}

interface StatementDocument
  extends Omit<
    StoredStatement,
    | 'id'
    | 'totalMinor'
    | 'targetIncentiveMinor'
    | 'lines'
    | 'segments'
    | 'paidEarlier'
    | 'targetIncentiveToDateMinor'
    | 'draw'
    | 'holds'
    | 'pay'
  > {
  _id: string;
  totalMinor: Long;
  targetIncentiveMinor: Long | null;
  /** Absent on statements stored before segments were kept. */
  segments?: StoredSegmentDocument[];
  lines: StoredLineDocument[];
  /** Absent on statements stored before true-ups read stored runs. */
  paidEarlier?: { periodId: string; runId: string | null; amountMinor: Long }[];
  targetIncentiveToDateMinor?: Long | null;
  /** Absent on statements of plans without a draw, and on those stored before draws. */
  draw?: DrawDocument;
  /** Absent on statements of plans without holds, and on those stored before holds. */
  holds?: HoldsDocument;
  /** Absent on statements stored before pay currencies (and on those paid in the plan's). */
  pay?: (Omit<StoredStatementPay, 'totalMinor'> & { totalMinor: Long }) | null;
}

interface LedgerDocument {
  /** `<runId>/<chunk>`: read by _id, the one lookup FerretDB answers without a scan. */
  _id: string;
  runId: string;
  statements: {
    participantId: string;
    targetIncentiveMinor: Long | null;
    lines: (Omit<LedgerLine, 'amountMinor' | 'transactions' | 'pay'> & {
      amountMinor: Long;
      transactions: { factIds: string[]; valuesMinor: Long[] } | null;
      /** Absent on ledgers stored before pay currencies. */
      pay?: { currency: string; amountMinor: Long } | null;
    })[];
    holds?: {
      heldMinor: Long;
      releasedMinor: Long;
      outstanding: { component: string; dealId: string; periodId: string; amountMinor: Long }[];
    };
  }[];
}

/** Ledger entries (statements plus their deals) per document: a few MB, well under 16 MB. */
const LEDGER_ENTRIES_PER_DOCUMENT = 20_000;

/** How long a run may stay running before it counts as interrupted (a killed process). */
const STALE_AFTER_MS = 15 * 60_000;

/** The id of the n-th attempt of one calculation: the same inputs give the same ids. */
function attemptId(planId: string, periodId: string, fingerprint: string, attempt: number): string {
  const digest = createHash('sha256').update(`${planId}\u0000${periodId}\u0000${fingerprint}`).digest('hex');
  return `${digest.slice(0, 32)}-${attempt}`;
}

export const payoutRunIndexes: CollectionIndexes = {
  collection: 'payout_runs',
  indexes: [
    { key: { planId: 1, periodId: 1, createdAt: -1 }, options: { name: 'plan_period_created' } },
    { key: { planId: 1, periodId: 1, fingerprint: 1 }, options: { name: 'plan_period_fingerprint' } },
  ],
};

/** The ledger is only ever read by _id; it needs no index of its own. */
export const LEDGER_COLLECTION = 'payout_ledgers';

export const statementIndexes: CollectionIndexes = {
  collection: 'payout_statements',
  indexes: [
    { key: { runId: 1 }, options: { name: 'run' } },
    { key: { participantId: 1, periodId: 1 }, options: { name: 'participant_period' } },
  ],
};

/** How long a period's current runs are used before they are read again, unless configured. */
export const DEFAULT_RUN_CACHE_MS = 1_000;

/** Most periods whose current runs are held at once. */
export const RUN_CACHE_MAX_PERIODS = 1_000;

/**
 * Most bytes (as stored, BSON) of statements held at once: about 1,000 statements of the demo's
 * size (15 KB each, mostly explanation trees); decoded, they take a few times that in heap.
 */
export const STATEMENT_CACHE_MAX_BYTES = 16 * 2 ** 20;

/** `ATTAIN_RUN_CACHE_MS`: milliseconds a period's current runs are cached; 0 reads them every time. */
export function readRunCacheMs(env: NodeJS.ProcessEnv = process.env): number {
  return millisecondsSetting(env, 'ATTAIN_RUN_CACHE_MS', DEFAULT_RUN_CACHE_MS);
}

/** A statement as cached: null when the run has none for the participant; `bytes` as stored. */
interface CachedStatement {
  statement: StoredStatement | null;
  bytes: number;
}

/** The id of a participant's statement in a run. */
export function statementId(runId: string, participantId: string): string {
  return `${runId}/${participantId}`;
}

/** Complete run ids remembered by completeRunIds before the set starts again. */
const COMPLETE_RUNS_REMEMBERED = 100_000;

/**
 * Payout runs and their statements: written once, never changed but for the run's status.
 *
 * Statement reads are served from two caches of this process (docs/api.md, "Caches"): each
 * period's current runs, for ATTAIN_RUN_CACHE_MS (1 s) and dropped as soon as a run of the period
 * completes through this repository; and statements by id, kept until evicted since a statement
 * never changes once written.
 */
export class PayoutRunsRepository {
  private readonly runs: Collection<PayoutRunDocument>;
  private readonly statements: Collection<StatementDocument>;
  private readonly ledgers: Collection<LedgerDocument>;
  /** findLatestComplete by period; a run completing here drops its period's entry. */
  private readonly currentRuns: LoadingCache<PayoutRun[]>;
  private readonly completeRuns = new Set<string>();
  /** Statements by id, and "none" for a participant a complete run did not pay. */
  private readonly statementCache: LoadingCache<CachedStatement>;

  constructor(db: Db, options: { runCacheMs?: number; now?: () => number } = {}) {
    this.runs = db.collection<PayoutRunDocument>(payoutRunIndexes.collection);
    this.statements = db.collection<StatementDocument>(statementIndexes.collection);
    this.ledgers = db.collection<LedgerDocument>(LEDGER_COLLECTION);
    this.currentRuns = new LoadingCache({
      maxWeight: RUN_CACHE_MAX_PERIODS,
      ttlMs: options.runCacheMs ?? readRunCacheMs(),
      now: options.now,
    });
    this.statementCache = new LoadingCache({
      maxWeight: STATEMENT_CACHE_MAX_BYTES,
      weigh: (cached) => cached.bytes,
      now: options.now,
    });
  }

  /** What the read caches hold, for the load benchmark's memory figures. */
  cacheSizes(): { periods: number; statements: number; statementBytes: number } {
    return {
      periods: this.currentRuns.size,
      statements: this.statementCache.size,
      statementBytes: this.statementCache.weight,
    };
  }

  /**
   * Records a run as running, unless the same calculation (plan, period, input fingerprint) is
   * already complete or in progress: then that run is returned and `started` is false. Attempts
   * of one calculation have derived ids, so two that race insert the same id and the unique _id
   * lets one win. A run left running longer than STALE_AFTER_MS (its process was killed) is
   * marked failed and a new attempt replaces it.
   */
  async startOrJoin(run: {
    planId: string;
    periodId: string;
    fingerprint: string;
    versionIds: string[];
    createdBy: string | null;
    factsGeneration?: number;
    earlierRuns?: EarlierRun[];
  }): Promise<{ run: PayoutRun; started: boolean }> {
    const key = { planId: run.planId, periodId: run.periodId, fingerprint: run.fingerprint };
    const attempts = await this.runs.find(key).toArray();
    const staleBefore = Date.now() - STALE_AFTER_MS;
    // A complete attempt is reused only while it is the period's current run: once a run with
    // other inputs completed after it, returning it would leave statements showing that other one.
    const currentId = (await this.findCurrent(run.planId, [run.periodId])).get(run.periodId)?.id;
    const joinable = attempts.find(
      (attempt) =>
        (attempt.status === 'complete' && attempt._id === currentId) ||
        (attempt.status === 'running' && attempt.createdAt.getTime() > staleBefore),
    );
    if (joinable) return { run: toRun(joinable), started: false };
    for (const stale of attempts.filter((attempt) => attempt.status === 'running')) {
      await this.fail(stale._id, [
        {
          code: 'INTERRUPTED',
          message:
            'The calculation stopped before it finished (the process ended); a later attempt replaced it.',
          factId: null,
          participantId: null,
        },
      ]);
    }
    const document: PayoutRunDocument = {
      _id: attemptId(run.planId, run.periodId, run.fingerprint, attempts.length + 1),
      ...run,
      status: 'running',
      currency: null,
      statementCount: 0,
      totalMinor: toStoredMinor(0),
      errors: [],
      createdAt: new Date(),
      finishedAt: null,
    };
    try {
      await this.runs.insertOne(document);
      return { run: toRun(document), started: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.runs.findOne({ _id: document._id });
      if (!winner) throw error;
      return { run: toRun(winner), started: false };
    }
  }

  /** Writes a run's statements in unordered bulk inserts. */
  async insertStatements(statements: readonly StoredStatement[]): Promise<void> {
    const CHUNK = 1_000;
    for (let start = 0; start < statements.length; start += CHUNK) {
      const chunk = statements.slice(start, start + CHUNK).map(toStatementDocument);
      if (chunk.length > 0) await this.statements.insertMany(chunk, { ordered: false });
    }
  }

  /**
   * Writes what a run paid, in documents addressed by _id (`<runId>/<n>`), before the run is
   * marked complete; returns how many documents it took.
   */
  async insertLedger(runId: string, statements: readonly LedgerStatement[]): Promise<number> {
    const documents: LedgerDocument[] = [];
    let chunk: LedgerDocument['statements'] = [];
    let entries = 0;
    const flush = () => {
      documents.push({ _id: `${runId}/${documents.length}`, runId, statements: chunk });
      chunk = [];
      entries = 0;
    };
    for (const statement of statements) {
      const size =
        1 + statement.lines.reduce((sum, line) => sum + (line.transactions?.factIds.length ?? 0), 0);
      if (entries > 0 && entries + size > LEDGER_ENTRIES_PER_DOCUMENT) flush();
      chunk.push(toLedgerStatementDocument(statement));
      entries += size;
    }
    if (chunk.length > 0 || documents.length === 0) flush();
    // One document a write: a ledger document can be several MB.
    for (const document of documents) await this.ledgers.insertOne(document);
    return documents.length;
  }

  /** What a complete run paid each participant; runs stored before ledgers are read from their statements. */
  async readLedger(run: PayoutRun): Promise<LedgerStatement[]> {
    if (run.ledgerChunks === undefined) {
      const statements = await this.statements.find({ runId: run.id }).toArray();
      return statements.map((document) => {
        const statement = toStatement(document);
        return {
          participantId: statement.participantId,
          targetIncentiveMinor: statement.targetIncentiveMinor,
          lines: statement.lines.map((line) => ledgerLine({ ...line, dealId: line.dealId ?? undefined })),
        };
      });
    }
    const out: LedgerStatement[] = [];
    for (let chunk = 0; chunk < run.ledgerChunks; chunk++) {
      const document = await this.ledgers.findOne({ _id: `${run.id}/${chunk}` });
      if (!document) throw new Error(`The ledger of payout run ${run.id} is missing document ${chunk}.`);
      out.push(...document.statements.map(fromLedgerStatementDocument));
    }
    return out;
  }

  /**
   * The current run of each period: the complete run that finished last. It is the one a
   * calculation returned last and the one statements show.
   */
  async findCurrent(planId: string, periodIds: readonly string[]): Promise<Map<string, PayoutRun>> {
    const documents = await this.runs
      .find({ planId, periodId: { $in: [...periodIds] }, status: 'complete' })
      .sort({ finishedAt: -1, createdAt: -1, _id: 1 })
      .toArray();
    const current = new Map<string, PayoutRun>();
    for (const document of documents)
      if (!current.has(document.periodId)) current.set(document.periodId, toRun(document));
    return current;
  }

  /** Marks a run complete; only now do readers see its statements. */
  async complete(
    runId: string,
    summary: { currency: string | null; statementCount: number; totalMinor: number; ledgerChunks: number },
  ): Promise<PayoutRun | null> {
    const done = await this.runs.findOneAndUpdate(
      { _id: runId },
      {
        $set: {
          status: 'complete',
          currency: summary.currency,
          statementCount: summary.statementCount,
          totalMinor: toStoredMinor(summary.totalMinor),
          ledgerChunks: summary.ledgerChunks,
          finishedAt: new Date(),
        },
      },
      { returnDocument: 'after' },
    );
    // Only once the write is acknowledged: every entry whose read may predate the completion
    // is in the cache by now and goes, and every read that starts later sees the run complete.
    if (done) this.currentRuns.delete(done.periodId);
    return done ? toRun(done) : null;
  }

  /** Marks a run failed with the reasons; its statements (if any were written) stay invisible. */
  async fail(runId: string, errors: readonly RunError[]): Promise<PayoutRun | null> {
    const failed = await this.runs.findOneAndUpdate(
      { _id: runId },
      { $set: { status: 'failed', errors: [...errors], finishedAt: new Date() } },
      { returnDocument: 'after' },
    );
    return failed ? toRun(failed) : null;
  }

  /**
   * The ids among these whose runs are complete. A complete run never changes again, so those are
   * remembered; the others are read again next time (by `_id`, one lookup each).
   */
  async completeRunIds(runIds: Iterable<string>): Promise<Set<string>> {
    const complete = new Set<string>();
    await Promise.all(
      [...new Set(runIds)].map(async (id) => {
        if (!this.completeRuns.has(id)) {
          const run = await this.runs.findOne({ _id: id }, { projection: { status: 1 } });
          if (run?.status !== 'complete') return;
          if (this.completeRuns.size >= COMPLETE_RUNS_REMEMBERED) this.completeRuns.clear();
          this.completeRuns.add(id);
        }
        complete.add(id);
      }),
    );
    return complete;
  }

  /** The fact generations stored runs read (for a vacuum to keep); a scan of the runs, which are few. */
  async factsGenerations(): Promise<Set<number>> {
    const runs = await this.runs.find({}, { projection: { factsGeneration: 1 } }).toArray();
    return new Set(
      runs.flatMap((run) => (typeof run.factsGeneration === 'number' ? [run.factsGeneration] : [])),
    );
  }

  async findByIds(ids: readonly string[]): Promise<PayoutRun[]> {
    return (await this.runs.find({ _id: { $in: [...ids] } }).toArray()).map(toRun);
  }

  async findPage(request: PageRequest, filter: { planId?: string; periodId?: string } = {}) {
    const query: Record<string, unknown> = {};
    if (filter.planId !== undefined) query.planId = filter.planId;
    if (filter.periodId !== undefined) query.periodId = filter.periodId;
    const page = await findPage(this.runs, query, request);
    return { ...page, items: page.items.map(toRun) } satisfies Page<PayoutRun>;
  }

  /**
   * The current run of each plan for a period: the complete run that finished last (see
   * findCurrent). Cached per period (see the class comment): a run completed by another process
   * shows here within ATTAIN_RUN_CACHE_MS.
   */
  async findLatestComplete(periodId: string, planIds?: readonly string[]): Promise<PayoutRun[]> {
    const runs = await this.currentRuns.get(periodId, () => this.readLatestComplete(periodId));
    return planIds ? runs.filter((run) => planIds.includes(run.planId)) : runs;
  }

  private async readLatestComplete(periodId: string): Promise<PayoutRun[]> {
    const documents = await this.runs
      .find({ periodId, status: 'complete' })
      .sort({ finishedAt: -1, createdAt: -1, _id: 1 })
      .toArray();
    const latest = new Map<string, PayoutRunDocument>();
    for (const document of documents) if (!latest.has(document.planId)) latest.set(document.planId, document);
    return [...latest.values()].map(toRun);
  }

  /** The statements with these ids that exist, in no particular order. */
  async findStatementsByIds(ids: readonly string[]): Promise<StoredStatement[]> {
    // A missing id is not remembered: its run may still be writing its statements.
    const found = await Promise.all(
      ids.map((id) =>
        this.statementCache.get(
          id,
          () => this.readStatement(id),
          (cached) => cached.statement !== null,
        ),
      ),
    );
    return found.flatMap((cached) => (cached.statement ? [cached.statement] : []));
  }

  /** Statements of these complete runs for one participant, in id order. */
  async findStatementsOf(participantId: string, runIds: readonly string[]): Promise<StoredStatement[]> {
    // A complete run wrote all its statements before it completed, so "none" is final too.
    const found = await Promise.all(
      runIds.map((runId) => {
        const id = statementId(runId, participantId);
        return this.statementCache.get(id, () => this.readStatement(id));
      }),
    );
    return found
      .flatMap((cached) => (cached.statement ? [cached.statement] : []))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * One statement by _id: the one query FerretDB answers without decoding every stored statement
   * (a filter on participantId or an `$in` of ids reads them all, and they are several KB each).
   */
  private async readStatement(id: string): Promise<CachedStatement> {
    const document = await this.statements.findOne({ _id: id });
    if (!document) return { statement: null, bytes: id.length };
    return { statement: toStatement(document), bytes: BSON.calculateObjectSize(document) };
  }

  /** Statements of these runs whose lines paid with one of the teams. */
  async findStatementsOfTeam(teamId: string, runIds: readonly string[]): Promise<StoredStatement[]> {
    const documents = await this.statements
      .find({ teamIds: teamId, runId: { $in: [...runIds] } })
      .sort({ _id: 1 })
      .toArray();
    return documents.map(toStatement);
  }

  async findStatementPage(request: PageRequest, runId: string): Promise<Page<StoredStatement>> {
    const page = await findPage(this.statements, { runId }, request);
    return { ...page, items: page.items.map(toStatement) };
  }
}

function toRun(document: PayoutRunDocument): PayoutRun {
  const { _id, totalMinor, ...rest } = document;
  return { id: _id, ...rest, totalMinor: fromStoredMinor(totalMinor) };
}

function toStatementDocument(statement: StoredStatement): StatementDocument {
  const {
    id,
    totalMinor,
    targetIncentiveMinor,
    lines,
    segments,
    paidEarlier,
    targetIncentiveToDateMinor,
    draw,
    holds,
    pay,
    ...rest
  } = statement;
  return {
    _id: id,
    ...rest,
    totalMinor: toStoredMinor(totalMinor),
    targetIncentiveMinor: nullableMinor(targetIncentiveMinor),
    segments: segments.map(toSegmentDocument),
    lines: lines.map(({ pay: linePay, ...line }) => ({
      ...line,
      amountMinor: toStoredMinor(line.amountMinor),
      ...(linePay ? { pay: { ...linePay, amountMinor: toStoredMinor(linePay.amountMinor) } } : {}),
    })),
    ...(pay ? { pay: { ...pay, totalMinor: toStoredMinor(pay.totalMinor) } } : {}),
    paidEarlier: paidEarlier.map((paid) => ({ ...paid, amountMinor: toStoredMinor(paid.amountMinor) })),
    targetIncentiveToDateMinor: nullableMinor(targetIncentiveToDateMinor),
    ...(draw ? { draw: toDrawDocument(draw) } : {}),
    ...(holds ? { holds: toHoldsDocument(holds) } : {}),
  };
}

function toStatement(document: StatementDocument): StoredStatement {
  const {
    _id,
    totalMinor,
    targetIncentiveMinor,
    lines,
    segments,
    paidEarlier,
    targetIncentiveToDateMinor,
    draw,
    holds,
    pay,
    ...rest
  } = document;
  return {
    id: _id,
    ...rest,
    totalMinor: fromStoredMinor(totalMinor),
    targetIncentiveMinor: targetIncentiveMinor == null ? null : fromStoredMinor(targetIncentiveMinor),
    segments: (segments ?? []).map(toSegment),
    lines: lines.map(({ pay: linePay, ...line }) => ({
      ...line,
      amountMinor: fromStoredMinor(line.amountMinor),
      pay: linePay ? { ...linePay, amountMinor: fromStoredMinor(linePay.amountMinor) } : null,
    })),
    pay: pay ? { ...pay, totalMinor: fromStoredMinor(pay.totalMinor) } : null,
    paidEarlier: (paidEarlier ?? []).map((paid) => ({
      ...paid,
      amountMinor: fromStoredMinor(paid.amountMinor),
    })),
    targetIncentiveToDateMinor:
      targetIncentiveToDateMinor == null ? null : fromStoredMinor(targetIncentiveToDateMinor),
    draw: draw ? fromDrawDocument(draw) : null,
    holds: holds ? fromHoldsDocument(holds) : null,
  };
}

function nullableMinor(minor: number | null): Long | null {
  return minor === null ? null : toStoredMinor(minor);
}

function toLedgerStatementDocument(statement: LedgerStatement): LedgerDocument['statements'][number] {
  return {
    participantId: statement.participantId,
    targetIncentiveMinor: nullableMinor(statement.targetIncentiveMinor),
    lines: statement.lines.map(({ pay, ...line }) => ({
      ...line,
      amountMinor: toStoredMinor(line.amountMinor),
      transactions: line.transactions && {
        factIds: line.transactions.factIds,
        valuesMinor: line.transactions.valuesMinor.map(toStoredMinor),
      },
      ...(pay ? { pay: { currency: pay.currency, amountMinor: toStoredMinor(pay.amountMinor) } } : {}),
    })),
    ...(statement.holds
      ? {
          holds: {
            heldMinor: toStoredMinor(statement.holds.heldMinor),
            releasedMinor: toStoredMinor(statement.holds.releasedMinor),
            outstanding: statement.holds.outstanding.map((deal) => ({
              ...deal,
              amountMinor: toStoredMinor(deal.amountMinor),
            })),
          },
        }
      : {}),
  };
}

function fromLedgerStatementDocument(document: LedgerDocument['statements'][number]): LedgerStatement {
  return {
    participantId: document.participantId,
    targetIncentiveMinor:
      document.targetIncentiveMinor == null ? null : fromStoredMinor(document.targetIncentiveMinor),
    lines: document.lines.map(({ pay, ...line }) => ({
      ...line,
      amountMinor: fromStoredMinor(line.amountMinor),
      transactions: line.transactions && {
        factIds: line.transactions.factIds,
        valuesMinor: line.transactions.valuesMinor.map(fromStoredMinor),
      },
      pay: pay ? { currency: pay.currency, amountMinor: fromStoredMinor(pay.amountMinor) } : null,
    })),
    ...(document.holds
      ? {
          holds: {
            heldMinor: fromStoredMinor(document.holds.heldMinor),
            releasedMinor: fromStoredMinor(document.holds.releasedMinor),
            outstanding: document.holds.outstanding.map((deal) => ({
              ...deal,
              amountMinor: fromStoredMinor(deal.amountMinor),
            })),
          },
        }
      : {}),
  };
}

function toSegmentDocument(segment: StoredSegment): StoredSegmentDocument {
  const { targetIncentiveMinor, proration } = segment;
  return {
    ...segment,
    targetIncentiveMinor: targetIncentiveMinor === null ? null : toStoredMinor(targetIncentiveMinor),
    proration: proration && {
      ...proration,
      annualTargetIncentiveMinor: toStoredMinor(proration.annualTargetIncentiveMinor),
    },
  };
}

function toSegment(document: StoredSegmentDocument): StoredSegment {
  const { targetIncentiveMinor, proration } = document;
  return {
    ...document,
    targetIncentiveMinor: targetIncentiveMinor == null ? null : fromStoredMinor(targetIncentiveMinor),
    proration: proration && {
      ...proration,
      annualTargetIncentiveMinor: fromStoredMinor(proration.annualTargetIncentiveMinor),
    },
  };
}
