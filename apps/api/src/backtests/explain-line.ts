import type { Statement } from '@attain/engine';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { Backtest } from '../repositories/backtests.js';
import type { Repositories } from '../repositories/index.js';
import { prepareBacktest } from './prepare-backtest.js';
import { evaluatePlan, loadBacktestData } from './run-backtest.js';

/** A participant's statement under one plan of a backtest, with every line's explanation. */
export interface ExplainedStatement {
  label: string;
  statement: Statement | null;
  /** The amount the backtest stored for this participant, period and plan. */
  storedMinor: number | null;
}

/**
 * Explains one participant and period of a complete backtest under the baseline (no candidate)
 * or a candidate, by evaluating that plan again for that period: explanations are too large to
 * store for every line, and the same inputs give the same cents. If the stored data changed since
 * the backtest ran, `statement.totalMinor` differs from `storedMinor`, and the caller says so.
 */
export async function explainBacktestLine(
  repositories: Repositories,
  job: Backtest,
  participantId: string,
  periodId: string,
  candidate: string | null,
): Promise<ExplainedStatement> {
  if (job.status !== 'complete') {
    throw new InvalidInputError(
      'id',
      `Backtest "${job.id}" is ${job.status}; only a complete backtest is explained.`,
    );
  }
  if (!job.periods.includes(periodId)) {
    throw new InvalidInputError(
      'period',
      `"${periodId}" is not a period of this backtest (${job.periods.join(', ')}).`,
    );
  }
  const index = candidate === null ? -1 : job.request.candidates.findIndex((c) => c.label === candidate);
  if (candidate !== null && index < 0) {
    throw new NotFoundError(
      `This backtest has no candidate "${candidate}"; its candidates are ${job.request.candidates.map((c) => `"${c.label}"`).join(', ')}.`,
    );
  }
  const { request } = job;
  // Only the plan asked for, over only this period: the read is as small as it can be.
  const ref = index < 0 ? request.candidates[0]! : request.candidates[index]!;
  const prepared = await prepareBacktest(repositories, {
    baseline: { planId: request.baseline.planId as string, version: request.baseline.version },
    candidates: [{ label: ref.label, planId: ref.planId, version: ref.version, text: ref.text }],
    from: periodId,
    to: periodId,
  });
  const plan = index < 0 ? prepared.baseline : prepared.candidates[0]!;
  // The facts the backtest read, not today's: the explanation must add up to the stored row.
  const data = await loadBacktestData(repositories, prepared, {}, job.factsGeneration ?? undefined);
  const statement =
    evaluatePlan(data, prepared, plan).find(
      (s) => s.participantId === participantId && s.periodId === periodId,
    ) ?? null;
  const row = await repositories.backtests.findRow(job.id, periodId, participantId);
  const storedMinor = row
    ? index < 0
      ? row.baselineMinor
      : (row.candidates[index]?.totalMinor ?? null)
    : null;
  return { label: index < 0 ? request.baseline.label : ref.label, statement, storedMinor };
}
