/**
 * One partition's share of a payout run or backtest, as a worker thread runs it. Everything in a
 * task is data: plans come as text (a compiled plan holds functions) and are compiled here; the
 * facts come as a packed slice (column-slices.ts). A run split into partition tasks and merged
 * gives the statements a single calculateStatements gives, to the cent.
 */
import { type CompiledPlan, checkPlan } from '@attain/rules';
import {
  openSharedFactColumns,
  partitionRows,
  type SharedFactColumns,
  sliceFactColumns,
} from '../facts/column-slices.js';
import { MeasureContext } from '../measures/measure-context.js';
import type { OrgSnapshot } from '../model/org.js';
import type { FxRates } from '../money/fx.js';
import {
  calculateStatements,
  compareStatements,
  NO_WARNINGS,
  NOT_EXPLAINED,
} from '../statements/calculate-statements.js';
import type { EngineError, PaidRun, PlanVersion, Statement, StatementLine } from '../statements/statement.js';
import type { OrgPartition } from './partition-org.js';

/** A plan version as text, with the days it applies to. */
export interface PlanSource {
  text: string;
  effectiveFrom?: string | null;
  effectiveTo?: string | null;
  version?: string;
}

/** One plan (its versions) to evaluate. */
export interface PartitionEvaluation {
  label: string;
  versions: PlanSource[];
  /** Read the assignments to this plan name as assignments to the evaluated plan (a backtest's candidates). */
  assignmentsOf?: string;
}

/** What a worker needs for one partition. */
export interface PartitionTask {
  /** All the run's facts, shared: the worker slices out the rows its partition reads. */
  columns: SharedFactColumns;
  org: OrgSnapshot;
  fxRates: FxRates;
  periods: string[];
  /** Only the statements of the partition's participants are computed. */
  partition: OrgPartition;
  /** Keep every row: a plan reads teams other than the participant's own (see partitionTasks). */
  allRows: boolean;
  amountsOnly: boolean;
  history?: readonly PaidRun[];
  /** Evaluated in order on one measure context: later plans reuse what earlier ones measured. */
  evaluations: PartitionEvaluation[];
}

/** One evaluation's statements and errors for the partition. */
export interface PartitionRun {
  label: string;
  /** Statements in amountsOf form: merging gives them their lines' shared explanation again. */
  amountsOnly: boolean;
  statements: readonly Statement[];
  errors: EngineError[];
}

/** Compiled plans by text: a worker serves many tasks with the same plans. */
const compiled = new Map<string, CompiledPlan>();
const COMPILED_KEPT = 64;

/** Compiles a plan text once per thread; throws when it does not compile (the caller checked it already). */
export function compilePlanText(text: string): CompiledPlan {
  let plan = compiled.get(text);
  if (!plan) {
    const result = checkPlan(text);
    if (!result.plan) {
      const first = result.diagnostics.find((d) => d.severity === 'error');
      throw new Error(`a plan sent to a worker does not compile: ${first?.message ?? 'unknown error'}`);
    }
    plan = result.plan;
    if (compiled.size >= COMPILED_KEPT) compiled.delete(compiled.keys().next().value as string);
    compiled.set(text, plan);
  }
  return plan;
}

/** Runs one partition task: the partition's statements of every evaluation. */
export function runPartitionTask(task: PartitionTask): PartitionRun[] {
  const shared = openSharedFactColumns(task.columns, `partition ${task.partition.index}`);
  const columns = task.allRows
    ? shared
    : sliceFactColumns(shared, partitionRows(shared, task.org, task.partition));
  const measures = new MeasureContext(columns, task.org, task.fxRates);
  return task.evaluations.map(({ label, versions, assignmentsOf }) => {
    const plans: PlanVersion[] = versions.map((source) => ({
      plan: compilePlanText(source.text),
      ...(source.effectiveFrom !== undefined ? { effectiveFrom: source.effectiveFrom } : {}),
      ...(source.effectiveTo !== undefined ? { effectiveTo: source.effectiveTo } : {}),
      ...(source.version !== undefined ? { version: source.version } : {}),
    }));
    const errorsBefore = measures.errors.length;
    const result = calculateStatements({
      plans,
      periods: task.periods,
      org: assignmentsOf === undefined ? task.org : assignedTo(task.org, assignmentsOf, plans[0]!.plan.name),
      facts: columns,
      fxRates: task.fxRates,
      amountsOnly: task.amountsOnly,
      participantIds: task.partition.participantIds,
      measures: () => measures,
      ...(task.history ? { history: task.history } : {}),
    });
    // The context is shared: its errors from earlier evaluations are not this one's.
    const contextErrors = new Set<unknown>(measures.errors.slice(0, errorsBefore));
    return {
      label,
      amountsOnly: task.amountsOnly,
      statements: task.amountsOnly ? result.statements.map(amountsOf) : result.statements,
      errors: result.errors.filter((error) => !contextErrors.has(error)),
    };
  });
}

/**
 * An amounts-only statement as it crosses back from a worker: the cents and what says where they
 * belong, without segments, warnings or explanations (an amounts-only run explains nothing, and
 * copying those trees between threads cost more than the evaluation saved). See withAmountsOnly.
 */
function amountsOf(statement: Statement): Statement {
  return {
    participantId: statement.participantId,
    planName: statement.planName,
    periodId: statement.periodId,
    currency: statement.currency,
    segments: [],
    targetIncentiveMinor: statement.targetIncentiveMinor,
    lines: statement.lines.map(
      ({ explanation: _explanation, warnings: _warnings, ...line }) => line,
    ) as never,
    adjustments: [],
    warnings: [],
    totalMinor: statement.totalMinor,
    ...(statement.pay ? { pay: statement.pay } : {}),
  };
}

/**
 * A statement from amountsOf with its lines' shared "not explained" explanation and no warnings
 * again; set in place, since the statement is the receiving thread's own copy.
 */
function withAmountsOnly(statement: Statement): Statement {
  for (const line of statement.lines as StatementLine[]) {
    line.explanation = NOT_EXPLAINED;
    line.warnings = NO_WARNINGS;
  }
  return statement;
}

/**
 * The org with the assignments to plan `from` read as assignments to plan `to`: the engine
 * matches assignments by plan name, and a backtest evaluates candidates for the baseline's
 * participants.
 */
export function assignedTo(org: OrgSnapshot, from: string, to: string): OrgSnapshot {
  if (from === to) return org;
  return { ...org, assignments: org.assignments.map((a) => (a.plan === from ? { ...a, plan: to } : a)) };
}

/**
 * The partitions' runs of one evaluation as one run: statements in calculateStatements' order,
 * and each distinct error once (partitions that read the same fact report it each).
 */
export function mergePartitionRuns(runs: readonly PartitionRun[]): {
  statements: Statement[];
  errors: EngineError[];
} {
  const statements = runs
    .flatMap((run) => (run.amountsOnly ? run.statements.map(withAmountsOnly) : run.statements))
    .sort(compareStatements);
  const seen = new Set<string>();
  const errors: EngineError[] = [];
  for (const error of runs.flatMap((run) => run.errors)) {
    const key = JSON.stringify([
      error.code,
      error.factId ?? null,
      error.participantId ?? null,
      error.message,
    ]);
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(error);
  }
  return { statements, errors };
}
