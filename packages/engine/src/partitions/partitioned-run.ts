/**
 * A run split by team partition: the tasks a pool of workers (or machines) computes, and their
 * results merged back into one run. Pure: the caller decides where each task runs.
 */
import type { CompiledPlan } from '@attain/rules';
import { IDS_NOT_SENT, shareFactColumns } from '../facts/column-slices.js';
import type { FactColumns } from '../facts/fact-columns.js';
import type { OrgSnapshot } from '../model/org.js';
import type { FxRates } from '../money/fx.js';
import type { EngineError, PaidRun, PlanVersion, Statement } from '../statements/statement.js';
import { partitionOrg } from './partition-org.js';
import { mergePartitionRuns, type PartitionRun, type PartitionTask } from './partition-task.js';

/** A run to split: one or more plans evaluated over the same org and facts. */
export interface PartitionedRunInput {
  /** `assignmentsOf`: see PartitionEvaluation. */
  evaluations: readonly { label: string; versions: readonly PlanVersion[]; assignmentsOf?: string }[];
  periods: readonly string[];
  org: OrgSnapshot;
  columns: FactColumns;
  fxRates?: FxRates;
  history?: readonly PaidRun[];
  amountsOnly?: boolean;
  /** How many partitions (workers) to split into. */
  partitions: number;
}

/** Whether a run can be split: every plan carries the text it was compiled from (workers compile it). */
export function canPartition(input: Pick<PartitionedRunInput, 'evaluations'>): boolean {
  return input.evaluations.every((e) => e.versions.every((v) => typeof v.plan.source === 'string'));
}

/**
 * The partitions' tasks, one per non-empty partition, over the columns shared once. Each worker
 * keeps only the rows its participants' statements read, unless a plan reads other teams (a
 * statistic over teams, a clawback), which needs every row.
 */
export function partitionTasks(input: PartitionedRunInput, withIds = false): PartitionTask[] {
  if (!canPartition(input)) throw new Error('partitionTasks: every plan needs its source text');
  const plans = input.evaluations.flatMap((e) => e.versions.map((v) => v.plan));
  const allRows = plans.some(readsOtherTeams);
  // Fact lists and clawbacks name facts; other evaluations read an id only to report a data error.
  const columns = shareFactColumns(input.columns, withIds || plans.some(readsFactIds));
  return partitionOrg(input.org, input.partitions)
    .filter((partition) => partition.participantIds.length > 0)
    .map((partition) => {
      const task: PartitionTask = {
        columns,
        org: input.org,
        fxRates: input.fxRates ?? {},
        periods: [...input.periods],
        partition,
        allRows,
        amountsOnly: input.amountsOnly === true,
        ...(input.history ? { history: input.history } : {}),
        evaluations: input.evaluations.map(({ label, versions, assignmentsOf }) => ({
          label,
          ...(assignmentsOf !== undefined ? { assignmentsOf } : {}),
          versions: versions.map((v) => ({
            text: v.plan.source as string,
            ...(v.effectiveFrom !== undefined ? { effectiveFrom: v.effectiveFrom } : {}),
            ...(v.effectiveTo !== undefined ? { effectiveTo: v.effectiveTo } : {}),
            ...(v.version !== undefined ? { version: v.version } : {}),
          })),
        })),
      };
      return task;
    });
}

/** The tasks' results (one list of runs per task, in evaluation order) as one run per evaluation label. */
export function mergePartitionResults(
  results: readonly (readonly PartitionRun[])[],
): Map<string, { statements: Statement[]; errors: EngineError[] }> {
  const byLabel = new Map<string, PartitionRun[]>();
  for (const runs of results) {
    for (const run of runs) {
      const list = byLabel.get(run.label) ?? [];
      list.push(run);
      byLabel.set(run.label, list);
    }
  }
  return new Map([...byLabel].map(([label, runs]) => [label, mergePartitionRuns(runs)]));
}

/**
 * Runs a split run: its tasks through `runTask` (a worker pool's, or any other), merged. A task
 * that needed fact ids it was not sent (to report a data error) fails with IDS_NOT_SENT; then
 * every task runs again with the ids.
 */
export async function runPartitioned(
  input: PartitionedRunInput,
  runTask: (task: PartitionTask) => Promise<readonly PartitionRun[]>,
): Promise<Map<string, { statements: Statement[]; errors: EngineError[] }>> {
  const run = (withIds: boolean) => Promise.all(partitionTasks(input, withIds).map(runTask));
  let results: (readonly PartitionRun[])[];
  try {
    results = await run(false);
  } catch (error) {
    if (!(error instanceof Error && error.message.includes(IDS_NOT_SENT))) throw error;
    results = await run(true);
  }
  return mergePartitionResults(results);
}

function readsFactIds(plan: CompiledPlan): boolean {
  return plan.requirements.factLists.length > 0 || plan.clawbacks.length > 0;
}

/** Plans whose statements read teams other than the participant's own. */
function readsOtherTeams(plan: CompiledPlan): boolean {
  return (plan.requirements.populations ?? []).length > 0 || plan.clawbacks.length > 0;
}
