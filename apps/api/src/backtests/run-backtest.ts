import {
  type BacktestComparison,
  calculateStatements,
  compareRuns,
  type FactColumns,
  type FxRates,
  formatDay,
  MeasureContext,
  type OrgSnapshot,
  parsePeriod,
  type Statement,
} from '@attain/engine';
import { evaluateOnPool } from '../engine-pool/engine-pool.js';
import { loadFactColumns, loadFxRates, loadOrgSnapshot } from '../payouts/load-inputs.js';
import type { BacktestProgress } from '../repositories/backtests.js';
import type { Repositories } from '../repositories/index.js';
import { BacktestCancelledError, BacktestInputError } from './errors.js';
import type { BacktestPlan, PreparedBacktest } from './prepare-backtest.js';

/** How a caller follows and stops a run. */
export interface RunHooks {
  onProgress?(progress: BacktestProgress): void | Promise<void>;
  /** Asked between steps and every PROGRESS_EVERY facts while loading; true stops the run. */
  shouldStop?(): boolean | Promise<boolean>;
}

/** The data every plan of a backtest is evaluated on: loaded once. */
export interface BacktestData {
  org: OrgSnapshot;
  columns: FactColumns;
  fxRates: FxRates;
  /** The fact store generation the columns were read from (docs/storage.md). */
  factsGeneration: number;
}

/** Reporting and cancel checks while loading happen this often (facts). */
export const PROGRESS_EVERY = 25_000;
/** Loading is most of a run; it fills the first part of the percentage. */
const LOADING_SHARE = 80;
const EVALUATING_SHARE = 15;

/**
 * Runs a prepared backtest: reads the facts once into columns, evaluates the baseline and every
 * candidate on them, and compares. Throws BacktestCancelledError when `shouldStop` says so.
 */
export async function runBacktest(
  repositories: Repositories,
  prepared: PreparedBacktest,
  hooks: RunHooks = {},
): Promise<BacktestComparison & { factsGeneration: number }> {
  const data = await loadBacktestData(repositories, prepared, hooks);
  await stopIfAsked(hooks);
  const runs =
    (await evaluateOnWorkers(data, prepared, hooks)) ?? (await evaluateInThread(data, prepared, hooks));
  await stopIfAsked(hooks);
  const comparison = compareRuns({
    baseline: runs[0]!,
    candidates: runs.slice(1),
    periods: prepared.periods,
    participantIds: scopeParticipants(data.org, prepared),
  });
  return { ...comparison, factsGeneration: data.factsGeneration };
}

type PlanRuns = { label: string; statements: readonly Statement[] }[];

/** Every plan on this thread, one after the other, reporting progress after each. */
async function evaluateInThread(
  data: BacktestData,
  prepared: PreparedBacktest,
  hooks: RunHooks,
): Promise<PlanRuns> {
  const plans = [prepared.baseline, ...prepared.candidates];
  // Every plan reads the same columns and org: a measure computed for one is reused by the next.
  const measures = new MeasureContext(data.columns, data.org, data.fxRates);
  const runs: PlanRuns = [];
  let participantsEvaluated = 0;
  for (const [index, plan] of plans.entries()) {
    await stopIfAsked(hooks);
    // Rows only need cents; a line is explained on demand (explain-line.ts) by a full run.
    const statements = evaluatePlan(data, prepared, plan, { amountsOnly: true, measures });
    runs.push({ label: plan.label, statements });
    participantsEvaluated += statements.length;
    await hooks.onProgress?.(evaluating(data, prepared, participantsEvaluated, index + 1, plans.length));
  }
  return runs;
}

/**
 * Every plan over the engine pool, one team partition per thread (engine-pool.ts), each thread
 * evaluating all plans on one measure context as evaluateInThread does; null when the run stays
 * on this thread. Fails on the first plan with an engine error, as evaluatePlan does.
 */
async function evaluateOnWorkers(
  data: BacktestData,
  prepared: PreparedBacktest,
  hooks: RunHooks,
): Promise<PlanRuns | null> {
  const plans = [prepared.baseline, ...prepared.candidates];
  const baselineName = prepared.baseline.versions[0]!.plan.name;
  const merged = await evaluateOnPool({
    evaluations: plans.map((plan) => ({
      label: plan.label,
      versions: plan.versions,
      assignmentsOf: baselineName,
    })),
    periods: prepared.periods,
    org: data.org,
    columns: data.columns,
    fxRates: data.fxRates,
    amountsOnly: true,
  });
  if (!merged) return null;
  const runs: PlanRuns = plans.map((plan) => {
    const run = merged.get(plan.label)!;
    const [error] = run.errors;
    if (error) throw new BacktestInputError(plan.label, error.message);
    return { label: plan.label, statements: run.statements };
  });
  const participantsEvaluated = runs.reduce((sum, run) => sum + run.statements.length, 0);
  await hooks.onProgress?.(evaluating(data, prepared, participantsEvaluated, plans.length, plans.length));
  return runs;
}

function evaluating(
  data: BacktestData,
  prepared: PreparedBacktest,
  participantsEvaluated: number,
  plansDone: number,
  plans: number,
): BacktestProgress {
  return {
    phase: 'evaluating',
    factsRead: data.columns.size,
    factsTotal: prepared.factCount,
    participantsEvaluated,
    percent: LOADING_SHARE + Math.floor((EVALUATING_SHARE * plansDone) / plans),
  };
}

/**
 * The org snapshot, exchange rates and the facts as columns: one pass over the facts, only the
 * fields the plans read; the current facts, or those of `factsGeneration` (to explain a stored
 * result on the facts it was computed from).
 */
export async function loadBacktestData(
  repositories: Repositories,
  prepared: PreparedBacktest,
  hooks: RunHooks = {},
  factsGeneration?: number,
): Promise<BacktestData> {
  const progress = (factsRead: number): BacktestProgress => ({
    phase: 'loading',
    factsRead,
    factsTotal: prepared.factCount,
    participantsEvaluated: 0,
    percent:
      prepared.factCount === 0
        ? 0
        : Math.min(LOADING_SHARE, Math.floor((LOADING_SHARE * factsRead) / prepared.factCount)),
  });
  await hooks.onProgress?.(progress(0));
  const [org, fxRates] = await Promise.all([
    loadOrgSnapshot(repositories, prepared.baselinePlanId, prepared.baseline.versions[0]!.plan.name),
    loadFxRates(repositories),
  ]);
  let reported = 0;
  const { columns, generation } = await loadFactColumns(repositories, prepared.factRange, {
    fields: prepared.fields,
    ...(factsGeneration === undefined ? {} : { generation: factsGeneration }),
    onRead: async (read) => {
      if (read - reported < PROGRESS_EVERY) return;
      reported = read;
      await stopIfAsked(hooks);
      await hooks.onProgress?.(progress(read));
    },
  });
  await stopIfAsked(hooks);
  await hooks.onProgress?.(progress(columns.size));
  return { org, columns, fxRates, factsGeneration: generation };
}

/**
 * One plan's statements for the backtest's periods. Every plan is evaluated for the baseline
 * plan's participants: the engine matches assignments by plan name, so they are renamed to the
 * candidate's. Fails on engine errors (e.g. a missing exchange rate), as a payout run does.
 * `amountsOnly` gives the same cents without explanations (see calculateStatements); `measures`
 * is a context shared by the plans of one run (it reads no assignments, so renaming them is safe).
 */
export function evaluatePlan(
  data: BacktestData,
  prepared: PreparedBacktest,
  plan: BacktestPlan,
  options: { amountsOnly?: boolean; measures?: MeasureContext } = {},
): readonly Statement[] {
  const name = plan.versions[0]!.plan.name;
  const org =
    name === prepared.baseline.versions[0]!.plan.name
      ? data.org
      : { ...data.org, assignments: data.org.assignments.map((a) => ({ ...a, plan: name })) };
  const shared = options.measures;
  const result = calculateStatements({
    plans: plan.versions,
    periods: prepared.periods,
    org,
    facts: data.columns,
    fxRates: data.fxRates,
    amountsOnly: options.amountsOnly === true,
    ...(shared ? { measures: () => shared } : {}),
  });
  const [error] = result.errors;
  if (error) throw new BacktestInputError(plan.label, error.message);
  return result.statements;
}

/**
 * The participants a scope names: the given participants and everyone who was a member of a
 * given team at some time during the periods; undefined = everyone. Everyone is still evaluated,
 * since team and population measures read the whole org.
 */
export function scopeParticipants(org: OrgSnapshot, prepared: PreparedBacktest): Set<string> | undefined {
  const { teamIds, participantIds } = prepared.request;
  if (teamIds.length === 0 && participantIds.length === 0) return undefined;
  const start = formatDay(parsePeriod(prepared.periods[0]!)!.start);
  const end = formatDay(parsePeriod(prepared.periods.at(-1)!)!.end);
  const teams = new Set(teamIds);
  const scope = new Set(participantIds);
  for (const m of org.memberships) {
    if (teams.has(m.teamId) && m.from <= end && (m.to == null || m.to >= start)) scope.add(m.participantId);
  }
  return scope;
}

async function stopIfAsked(hooks: RunHooks): Promise<void> {
  if (hooks.shouldStop && (await hooks.shouldStop())) throw new BacktestCancelledError();
}
