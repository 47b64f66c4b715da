import {
  type CalculateStatementsInput,
  calculateStatements,
  earlierPeriodsNeeded,
  type FactColumns,
  formatDay,
  lineCode,
  type PaidRun,
  type Period,
  type PlanVersion,
  runFingerprint,
  type Statement,
  type StatementRun,
} from '@attain/engine';
import { evaluateOnPool } from '../engine-pool/engine-pool.js';
import { InvalidInputError, NotFoundError, quoted } from '../errors.js';
import { compileVersions } from '../plans/compile-versions.js';
import { parsePlanPeriod } from '../plans/periods.js';
import type { Repositories } from '../repositories/index.js';
import {
  type LedgerStatement,
  ledgerLine,
  type PayoutRun,
  type StoredStatement,
  statementId,
} from '../repositories/payout-runs.js';
import { factRangeFor, loadFactColumns, loadFxRates, loadOrgSnapshot } from './load-inputs.js';

/**
 * Calculates a plan for one period and stores the result as an immutable payout run. The run is
 * recorded as running, its statements are written, and only then is it marked complete, so a
 * reader never sees a half-written run as complete. Calculating again with unchanged inputs
 * returns the existing run (complete, or still being written by another request) instead of a
 * duplicate; a run whose process died half-way is marked failed and calculated again.
 */
export async function calculatePayouts(
  repositories: Repositories,
  request: { planId: string; periodId: string; requestedBy: string | null },
): Promise<PayoutRun> {
  const plan = await repositories.plans.findById(request.planId);
  if (!plan) throw new NotFoundError(`No plan has the id ${quoted(request.planId)}.`);
  const versions = await repositories.plans.findVersions(plan.id);
  if (versions.length === 0) {
    throw new InvalidInputError(
      'planId',
      `Plan "${plan.id}" has no published version yet; publish one first.`,
    );
  }
  const engineVersions = compileVersions(plan, versions, repositories.compiledPlans);
  const planPeriod = engineVersions[0]!.plan.period;
  const period = parsePlanPeriod(request.periodId, planPeriod, 'period', `plan "${plan.name}"`);
  const inForce = engineVersions.filter(
    (v) =>
      (v.effectiveFrom ?? '') <= formatDay(period.end) &&
      (v.effectiveTo ?? '9999-12-31') >= formatDay(period.start),
  );
  if (inForce.length === 0) {
    throw new InvalidInputError(
      'period',
      `No published version of plan "${plan.name}" is in force during ${request.periodId}; publish one whose dates cover it.`,
    );
  }

  const org = await loadOrgSnapshot(repositories, plan.id, engineVersions[0]!.plan.name);
  const { columns, generation: factsGeneration } = await loadFactColumns(
    repositories,
    factRangeFor(engineVersions, period),
  );
  const fxRates = await loadFxRates(repositories);
  const history = await loadPaidRuns(repositories, plan.id, engineVersions, period);
  const result = await evaluate({
    plans: engineVersions,
    period: request.periodId,
    org,
    facts: columns,
    fxRates,
    history,
  });

  const { run, started } = await repositories.payoutRuns.startOrJoin({
    planId: plan.id,
    periodId: request.periodId,
    fingerprint: result.fingerprint,
    versionIds: [...new Set(inForce.map((v) => v.version as string))],
    createdBy: request.requestedBy,
    factsGeneration,
    // The fingerprint covers them too, so runs with one fingerprint read the same earlier runs.
    earlierRuns: history
      .map((paid) => ({ periodId: paid.periodId, runId: paid.runId }))
      .sort((a, b) => (a.periodId < b.periodId ? -1 : 1)),
  });
  // The same calculation is already complete, or another request is writing it right now.
  if (!started) return run;
  if (result.errors.length > 0) {
    const failed = await repositories.payoutRuns.fail(
      run.id,
      result.errors.map((error) => ({
        code: error.code,
        message: error.message,
        factId: error.factId ?? null,
        participantId: error.participantId ?? null,
      })),
    );
    return failed ?? run;
  }
  try {
    const statements = result.statements.map((statement) => toStoredStatement(run.id, plan.id, statement));
    await repositories.payoutRuns.insertStatements(statements);
    const ledgerChunks = await repositories.payoutRuns.insertLedger(run.id, result.statements.map(toLedger));
    const completed = await repositories.payoutRuns.complete(run.id, {
      currency: result.statements[0]?.currency ?? engineVersions[0]!.plan.currency,
      statementCount: statements.length,
      totalMinor: statements.reduce((sum, statement) => sum + statement.totalMinor, 0),
      ledgerChunks,
    });
    return completed ?? run;
  } catch (error) {
    await repositories.payoutRuns.fail(run.id, [
      {
        code: 'STORAGE_FAILED',
        message: 'Storing the statements failed; calculate again.',
        factId: null,
        participantId: null,
      },
    ]);
    throw error;
  }
}

/**
 * calculateStatements over the engine pool's team partitions when the run is large enough
 * (engine-pool.ts), on this thread otherwise: the same statements either way.
 */
async function evaluate(
  input: CalculateStatementsInput & { plans: PlanVersion[]; facts: FactColumns; period: string },
): Promise<StatementRun> {
  const parallel = await evaluateOnPool({
    evaluations: [{ label: 'run', versions: input.plans }],
    periods: [input.period],
    org: input.org,
    columns: input.facts,
    ...(input.fxRates ? { fxRates: input.fxRates } : {}),
    ...(input.history ? { history: input.history } : {}),
  });
  const run = parallel?.get('run');
  if (!run) return calculateStatements(input);
  return {
    statements: run.statements,
    errors: run.errors,
    factIssues: input.facts.issues,
    fingerprint: runFingerprint(input, input.facts),
  };
}

/**
 * What was actually paid in the earlier periods the calculation builds on (the year so far for
 * true-ups and running totals, the clawback windows): each period's current run, read from its
 * ledger. Periods never calculated are left out; the engine computes them and says so.
 */
export async function loadPaidRuns(
  repositories: Repositories,
  planId: string,
  versions: readonly PlanVersion[],
  period: Period,
): Promise<PaidRun[]> {
  const periodIds = earlierPeriodsNeeded(versions, period).map((p) => p.id);
  if (periodIds.length === 0) return [];
  const current = await repositories.payoutRuns.findCurrent(planId, periodIds);
  const planName = versions[0]!.plan.name;
  const paid: PaidRun[] = [];
  for (const run of current.values()) {
    const ledger = await repositories.payoutRuns.readLedger(run);
    paid.push({
      runId: run.id,
      planName,
      periodId: run.periodId,
      statements: ledger.map((entry) => fromLedger(entry, planName, run)),
    });
  }
  return paid;
}

/** A ledger entry as the engine's statement of an earlier period (explanations are not needed there). */
function fromLedger(entry: LedgerStatement, planName: string, run: PayoutRun): Statement {
  const lines = entry.lines.map((line) => ({
    component: line.component,
    componentCode: lineCode(line),
    kind: line.kind,
    amountMinor: line.amountMinor,
    attainment: null,
    from: line.from,
    to: line.to,
    teamId: line.teamId,
    explanation: { label: line.component, value: line.amountMinor, unit: 'money' as const, children: [] },
    warnings: [],
    ...(line.dealId ? { dealId: line.dealId } : {}),
    ...(line.transactions ? { transactions: line.transactions } : {}),
    ...(line.transactionPayouts ? { transactionPayouts: line.transactionPayouts } : {}),
    // What it paid in the pay currency: a clawback of it reverses at that rate.
    ...(line.pay ? { paidInPayCurrency: { ...line.pay } } : {}),
  }));
  return {
    participantId: entry.participantId,
    planName,
    periodId: run.periodId,
    currency: run.currency ?? '',
    segments: [],
    targetIncentiveMinor: entry.targetIncentiveMinor,
    lines,
    adjustments: [],
    warnings: [],
    totalMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0),
    ...(entry.holds ? { holds: entry.holds } : {}),
  };
}

function toLedger(statement: Statement): LedgerStatement {
  return {
    participantId: statement.participantId,
    targetIncentiveMinor: statement.targetIncentiveMinor,
    lines: statement.lines.map(ledgerLine),
    ...(statement.holds ? { holds: statement.holds } : {}),
  };
}

/** An engine statement as a run stores it (also the shape a payout estimate answers with). */
export function toStoredStatement(runId: string, planId: string, statement: Statement): StoredStatement {
  const teamIds = new Set<string>();
  for (const segment of statement.segments) if (segment.teamId) teamIds.add(segment.teamId);
  return {
    id: statementId(runId, statement.participantId),
    runId,
    planId,
    periodId: statement.periodId,
    participantId: statement.participantId,
    teamIds: [...teamIds].sort(),
    currency: statement.currency,
    targetIncentiveMinor: statement.targetIncentiveMinor,
    totalMinor: statement.totalMinor,
    segments: statement.segments.map((segment) => ({
      from: segment.from,
      to: segment.to,
      teamId: segment.teamId,
      version: segment.version,
      targetIncentiveMinor: segment.targetIncentiveMinor,
      proration: segment.proration && { ...segment.proration },
      targetIncentiveExplanation: segment.targetIncentiveExplanation,
    })),
    lines: statement.lines.map((line) => ({
      component: line.component,
      componentCode: line.componentCode,
      kind: line.kind,
      amountMinor: line.amountMinor,
      attainment: line.attainment,
      from: line.from,
      to: line.to,
      teamId: line.teamId,
      dealId: line.dealId ?? null,
      explanation: line.explanation,
      warnings: [...line.warnings],
      pay: line.pay ? { ...line.pay, rates: line.pay.rates.map((r) => ({ ...r })) } : null,
    })),
    adjustments: [...statement.adjustments],
    warnings: [...statement.warnings],
    paidEarlier: (statement.paidEarlier ?? []).map((paid) => ({ ...paid })),
    targetIncentiveToDateMinor: statement.targetIncentiveToDateMinor ?? null,
    draw: statement.draw ? { ...statement.draw } : null,
    holds: statement.holds
      ? { ...statement.holds, outstanding: statement.holds.outstanding.map((d) => ({ ...d })) }
      : null,
    pay: statement.pay ? { ...statement.pay } : null,
  };
}
