import {
  type PlanVersion as EngineVersion,
  estimateColumnBytes,
  type Period,
  periodRange,
} from '@attain/engine';
import { checkPlan } from '@attain/rules';
import { InvalidInputError, NotFoundError, quoted } from '../errors.js';
import type { FactKind } from '../facts/fact-kinds.js';
import { factFieldsFor, factRangeFor } from '../payouts/load-inputs.js';
import { checkPlanOffThread } from '../plans/check-off-thread.js';
import { compileVersions } from '../plans/compile-versions.js';
import { PlanHasErrors } from '../plans/errors.js';
import { parsePlanPeriod } from '../plans/periods.js';
import type { BacktestPlanRef, BacktestRequest } from '../repositories/backtests.js';
import type { Repositories } from '../repositories/index.js';
import { BacktestTooLargeError } from './errors.js';
import { maxBacktestFacts } from './limits.js';

/** A candidate: a published version (planId + version) or unsaved draft text. */
export interface CandidateInput {
  label?: string | null;
  planId?: string | null;
  version?: number | null;
  text?: string | null;
}

/** What a caller (GraphQL, CLI, benchmark) asks for. */
export interface BacktestInput {
  /** A published plan; without a version, every version as it was in force. */
  baseline: { planId: string; version?: number | null };
  candidates: readonly CandidateInput[];
  /** First and last period (inclusive), of the baseline plan's period kind. */
  from: string;
  to: string;
  /** Compare only these teams' members and these participants; both empty = everyone. */
  teamIds?: readonly string[];
  participantIds?: readonly string[];
}

/** A plan the backtest evaluates: a label and the engine's versions. */
export interface BacktestPlan {
  label: string;
  versions: EngineVersion[];
}

/** A checked request, ready to run: everything resolved and sized, nothing stored yet. */
export interface PreparedBacktest {
  request: BacktestRequest;
  baselinePlanId: string;
  baseline: BacktestPlan;
  candidates: BacktestPlan[];
  periods: string[];
  currency: string;
  /** The union of the fact ranges every plan needs over all the periods: read once. */
  factRange: { kinds: FactKind[]; from: string; to: string };
  /** Only these fact fields are read. */
  fields: string[];
  factCount: number;
  estimatedBytes: number;
}

/** More would be a different question (a model, not a comparison); the limit keeps one job bounded. */
export const MAX_CANDIDATES = 5;
/** Three years of months. */
export const MAX_PERIODS = 36;

/**
 * Checks a backtest request and resolves it: the baseline's and candidates' versions, the
 * periods, and the facts to read, counted and sized against ATTAIN_BACKTEST_MAX_FACTS. Throws a
 * typed error (and stores nothing) for anything wrong, before any fact is loaded.
 */
export async function prepareBacktest(
  repositories: Repositories,
  input: BacktestInput,
): Promise<PreparedBacktest> {
  if (input.candidates.length === 0) {
    throw new InvalidInputError('candidates', 'Give at least one candidate: a plan version or draft text.');
  }
  if (input.candidates.length > MAX_CANDIDATES) {
    throw new InvalidInputError(
      'candidates',
      `A backtest compares at most ${MAX_CANDIDATES} candidates, got ${input.candidates.length}; split it into several backtests.`,
    );
  }
  const baselinePlan = await repositories.plans.findById(input.baseline.planId);
  if (!baselinePlan) throw new NotFoundError(`No plan has the id ${quoted(input.baseline.planId)}.`);
  const baselineVersion = input.baseline.version ?? null;
  const baseline: BacktestPlan =
    baselineVersion === null
      ? {
          label: baselinePlan.id,
          versions: compileVersions(
            baselinePlan,
            await repositories.plans.findVersions(baselinePlan.id),
            repositories.compiledPlans,
          ),
        }
      : {
          label: `${baselinePlan.id}@${baselineVersion}`,
          versions: await publishedVersion(repositories, 'baseline', baselinePlan.id, baselineVersion),
        };
  if (baseline.versions.length === 0) {
    throw new InvalidInputError(
      'baseline',
      `Plan "${baselinePlan.id}" has no published version yet; publish one first.`,
    );
  }
  const { period: periodKind, currency } = baseline.versions[0]!.plan;

  const candidates: BacktestPlan[] = [];
  const refs: BacktestPlanRef[] = [];
  for (const [index, candidate] of input.candidates.entries()) {
    const field = `candidates[${index}]`;
    const resolved = await resolveCandidate(repositories, candidate, index, field);
    const plan = resolved.versions[0]!.plan;
    if (plan.period !== periodKind) {
      throw new InvalidInputError(
        field,
        `Candidate "${resolved.label}" pays per ${plan.period} but the baseline pays per ${periodKind}; compare plans with the same period.`,
      );
    }
    if (plan.currency !== currency) {
      throw new InvalidInputError(
        field,
        `Candidate "${resolved.label}" pays in ${plan.currency} but the baseline pays in ${currency}; compare plans in the same currency.`,
      );
    }
    if (resolved.label === baseline.label || candidates.some((c) => c.label === resolved.label)) {
      throw new InvalidInputError(
        field,
        `Two plans are labelled "${resolved.label}"; give each candidate its own label.`,
      );
    }
    candidates.push(resolved);
    refs.push({
      label: resolved.label,
      planId: candidate.text ? null : (candidate.planId ?? null),
      version: candidate.text ? null : (candidate.version ?? null),
      text: candidate.text ?? null,
    });
  }

  const periods = checkPeriods(input.from, input.to, periodKind);
  const teamIds = [...new Set(input.teamIds ?? [])].sort();
  const participantIds = [...new Set(input.participantIds ?? [])].sort();
  await checkScope(repositories, teamIds, participantIds);

  const allVersions = [baseline, ...candidates].flatMap((plan) => plan.versions);
  const span: Period = { ...periods[0]!, end: periods.at(-1)!.end };
  const factRange = factRangeFor(allVersions, span);
  const fields = factFieldsFor(allVersions);
  const factCount = await repositories.facts.countMatching(factRange);
  const estimatedBytes = estimateColumnBytes(factCount, fields.length);
  const maxFacts = maxBacktestFacts();
  if (factCount > maxFacts) throw new BacktestTooLargeError(factCount, maxFacts, estimatedBytes);

  return {
    request: {
      baseline: { label: baseline.label, planId: baselinePlan.id, version: baselineVersion, text: null },
      candidates: refs,
      from: input.from,
      to: input.to,
      teamIds,
      participantIds,
    },
    baselinePlanId: baselinePlan.id,
    baseline,
    candidates,
    periods: periods.map((p) => p.id),
    currency,
    factRange,
    fields,
    factCount,
    estimatedBytes,
  };
}

async function resolveCandidate(
  repositories: Repositories,
  candidate: CandidateInput,
  index: number,
  field: string,
): Promise<BacktestPlan> {
  const hasText = candidate.text != null;
  const hasVersion = candidate.planId != null || candidate.version != null;
  if (hasText === hasVersion) {
    throw new InvalidInputError(
      field,
      'Give a candidate either draft text, or a planId and version of a published version, not both or neither.',
    );
  }
  if (hasText) {
    const label = candidate.label ?? `draft ${index + 1}`;
    // Vetted in the worker first: text that would stall the checker never runs on the event loop.
    const vetted = await checkPlanOffThread(candidate.text as string);
    if (!vetted.plan) throw new PlanHasErrors(vetted.diagnostics, { candidate: label });
    const result = checkPlan(candidate.text as string);
    if (!result.plan) throw new PlanHasErrors(result.diagnostics, { candidate: label });
    // A draft is compared as if it had been in force over the whole range.
    return { label, versions: [{ plan: result.plan, version: label }] };
  }
  if (candidate.planId == null || candidate.version == null) {
    throw new InvalidInputError(field, 'A published candidate needs both planId and version.');
  }
  return {
    label: candidate.label ?? `${candidate.planId}@${candidate.version}`,
    versions: await publishedVersion(repositories, field, candidate.planId, candidate.version),
  };
}

/** One published version, compiled, applied over the whole range (not only its effective dates). */
async function publishedVersion(
  repositories: Repositories,
  field: string,
  planId: string,
  version: number,
): Promise<EngineVersion[]> {
  const plan = await repositories.plans.findById(planId);
  if (!plan) throw new NotFoundError(`No plan has the id ${quoted(planId)}.`);
  const found = await repositories.plans.findVersion(planId, version);
  if (!found) {
    throw new NotFoundError(`Plan ${quoted(planId)} has no published version ${version} (${field}).`);
  }
  const [compiled] = compileVersions(plan, [found], repositories.compiledPlans);
  return [{ plan: compiled!.plan, version: found.id }];
}

function checkPeriods(from: string, to: string, kind: Period['kind']): Period[] {
  const first = parsePlanPeriod(from, kind, 'from', 'the baseline');
  const last = parsePlanPeriod(to, kind, 'to', 'the baseline');
  if (first.start > last.start) {
    throw new InvalidInputError(
      'to',
      `The range ends (${to}) before it starts (${from}); give the earlier period as "from".`,
    );
  }
  const periods = periodRange(first, last);
  if (periods.length > MAX_PERIODS) {
    throw new InvalidInputError(
      'to',
      `${from} to ${to} is ${periods.length} periods; a backtest covers at most ${MAX_PERIODS}.`,
    );
  }
  return periods;
}

async function checkScope(
  repositories: Repositories,
  teamIds: readonly string[],
  participantIds: readonly string[],
): Promise<void> {
  if (teamIds.length > 0) {
    const known = new Set((await repositories.teams.findAll()).map((team) => team.id));
    const unknown = teamIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new NotFoundError(`No team has the id ${quoteList(unknown)}.`);
  }
  if (participantIds.length > 0) {
    const known = new Set((await repositories.participants.findAll()).map((p) => p.id));
    const unknown = participantIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new NotFoundError(`No participant has the id ${quoteList(unknown)}.`);
  }
}

function quoteList(ids: readonly string[]): string {
  const shown = ids.slice(0, 5).map(quoted);
  return ids.length > 5 ? `${shown.join(', ')} and ${ids.length - 5} more` : shown.join(', ');
}
