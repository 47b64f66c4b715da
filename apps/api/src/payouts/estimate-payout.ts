import {
  calculateStatements,
  formatDay,
  type IncomingFact,
  lineCode,
  type Period,
  parseDay,
  periodContaining,
  type Statement,
} from '@attain/engine';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { factImporter } from '../imports/facts.js';
import { checkReferences } from '../imports/importer.js';
import { type ImportRecordError, RecordChecker, type RecordReference } from '../imports/record-checker.js';
import { compileVersions } from '../plans/compile-versions.js';
import { parsePlanPeriod } from '../plans/periods.js';
import type { Repositories } from '../repositories/index.js';
import type { StoredLine, StoredStatement } from '../repositories/payout-runs.js';
import { loadPaidRuns, toStoredStatement } from './calculate-payouts.js';
import {
  factRangeFor,
  loadFactColumns,
  loadFxRates,
  loadOrgSnapshot,
  toIncomingFact,
} from './load-inputs.js';

/** An order that has not happened, credited wholly to the participant whose pay is estimated. */
export interface HypotheticalDeal {
  accountId: string;
  date: string;
  amountMinor: number;
  costMinor?: number | null;
  currency?: string | null;
  productLine?: string | null;
  repeat?: boolean | null;
}

/** Most hypothetical deals one estimate takes: a what-if is a handful of deals, not an import. */
export const MAX_HYPOTHETICAL_DEALS = 100;

/** One component's line with and without the hypothetical deals; null where that side has no such line. */
export interface LineDifference {
  component: string;
  kind: StoredLine['kind'];
  from: string;
  to: string;
  baselineMinor: number | null;
  estimateMinor: number | null;
  differenceMinor: number;
}

export interface PayoutEstimate {
  participantId: string;
  planId: string;
  periodId: string;
  currency: string;
  /** The statement on the stored facts alone, calculated now. */
  baseline: StoredStatement;
  /** The statement with the hypothetical deals added. */
  estimate: StoredStatement;
  lines: LineDifference[];
}

/** The id prefix of hypothetical facts; they live only in this calculation's memory. */
const HYPOTHETICAL_ID = 'what-if:';

/**
 * What a participant would be paid in a period if some deals closed: the period calculated twice
 * on the stored facts, once as they are and once with the deals added, and the difference line by
 * line. Nothing is written: the deals exist only in the columns of this calculation, and no payout
 * run is recorded.
 */
export async function estimatePayout(
  repositories: Repositories,
  request: {
    participantId: string;
    planId: string | null;
    periodId: string | null;
    deals: readonly HypotheticalDeal[];
    /** Today, YYYY-MM-DD: the open period is the plan's period that contains it. */
    today: string;
  },
): Promise<PayoutEstimate> {
  const { participantId } = request;
  if (request.deals.length > MAX_HYPOTHETICAL_DEALS) {
    throw new InvalidInputError(
      'deals',
      `An estimate takes at most ${MAX_HYPOTHETICAL_DEALS} deals; got ${request.deals.length}.`,
    );
  }
  const [participant] = await repositories.participants.findByIds([participantId]);
  if (!participant) throw new NotFoundError(`No participant your key may see has the id "${participantId}".`);
  const planId = request.planId ?? (await onlyPlanOf(repositories, participantId, request.today));
  const plan = await repositories.plans.findById(planId);
  if (!plan) throw new NotFoundError(`No plan has the id "${planId}".`);
  const versions = await repositories.plans.findVersions(plan.id);
  if (versions.length === 0) {
    throw new InvalidInputError('planId', `Plan "${plan.id}" has no published version yet.`);
  }
  const engineVersions = compileVersions(plan, versions, repositories.compiledPlans);
  const { currency, period: kind } = engineVersions[0]!.plan;
  const period: Period =
    request.periodId === null
      ? periodContaining(kind, parseDay(request.today) as number)
      : parsePlanPeriod(request.periodId, kind, 'period', `plan "${plan.name}"`);
  const facts = await checkDeals(repositories, request.deals, participantId, currency, period);

  const org = await loadOrgSnapshot(repositories, plan.id, engineVersions[0]!.plan.name);
  const range = factRangeFor(engineVersions, period);
  // Read twice rather than sliced (the columns are in date order, so the deals are among the
  // rows), both times the same generation, so an import in between cannot reach one side only.
  const stored = await loadFactColumns(repositories, range);
  const withDeals = await loadFactColumns(repositories, range, {
    extraFacts: facts,
    generation: stored.generation,
  });
  const input = {
    plans: engineVersions,
    period: period.id,
    org,
    fxRates: await loadFxRates(repositories),
    history: await loadPaidRuns(repositories, plan.id, engineVersions, period),
    participantIds: [participantId],
  };
  const baseline = statementOf(calculateStatements({ ...input, facts: stored.columns }));
  const estimate = statementOf(calculateStatements({ ...input, facts: withDeals.columns }));
  if (!baseline || !estimate) {
    throw new InvalidInputError(
      'period',
      `${participant.name} is not paid by plan "${plan.name}" in ${period.id}: no assignment covers it.`,
    );
  }
  const asStored = (statement: Statement) => toStoredStatement('estimate', plan.id, statement);
  return {
    participantId,
    planId: plan.id,
    periodId: period.id,
    currency: estimate.currency,
    baseline: asStored(baseline),
    estimate: asStored(estimate),
    lines: lineDifferences(baseline, estimate),
  };

  function statementOf(run: ReturnType<typeof calculateStatements>): Statement | undefined {
    const error = run.errors.find((e) => !e.participantId || e.participantId === participantId);
    if (error) throw new InvalidInputError('period', `${period.id} cannot be calculated: ${error.message}`);
    return run.statements.find((statement) => statement.participantId === participantId);
  }
}

/** The one plan the participant is assigned to on `day`; asks for planId when there are several. */
async function onlyPlanOf(repositories: Repositories, participantId: string, day: string): Promise<string> {
  const assignments = await repositories.assignments.findByParticipants([participantId]);
  const current = [
    ...new Set(
      assignments.filter((a) => a.from <= day && (a.to === null || a.to >= day)).map((a) => a.planId),
    ),
  ];
  if (current.length === 1) return current[0]!;
  if (current.length === 0) {
    throw new InvalidInputError(
      'planId',
      `${participantId} is on no plan on ${day}; name the plan with planId.`,
    );
  }
  throw new InvalidInputError(
    'planId',
    `${participantId} is on ${current.length} plans on ${day} (${current.sort().join(', ')}); name one with planId.`,
  );
}

/**
 * The deals as order facts, checked by the same code as imported facts (an account that exists,
 * a real currency, amounts in minor units) and dated inside the period; the first problem is
 * refused with the deal's position, e.g. `deals[1].accountId`.
 */
async function checkDeals(
  repositories: Repositories,
  deals: readonly HypotheticalDeal[],
  participantId: string,
  planCurrency: string,
  period: Period,
): Promise<IncomingFact[]> {
  const errors: ImportRecordError[] = [];
  const references: RecordReference[] = [];
  const checked = deals.flatMap((deal, index) => {
    const record = {
      id: `${HYPOTHETICAL_ID}${index + 1}`,
      kind: 'order',
      date: deal.date,
      accountId: deal.accountId,
      currency: deal.currency ?? planCurrency,
      amount: deal.amountMinor,
      cost: deal.costMinor ?? 0,
      productLine: deal.productLine ?? 'What-if',
      repeat: deal.repeat ?? false,
      credits: [{ participantId, share: 1 }],
    };
    const value = factImporter.check(new RecordChecker(record, index, errors, undefined, references));
    if (value && (deal.date < formatDay(period.start) || deal.date > formatDay(period.end))) {
      errors.push({
        index,
        field: 'date',
        reason: `${deal.date} is outside ${period.id} (${formatDay(period.start)} to ${formatDay(period.end)}); the estimate adds deals to that period only`,
      });
      return [];
    }
    return value ? [{ index, value }] : [];
  });
  await checkReferences(references, repositories, errors);
  const first = errors.sort((a, b) => a.index - b.index)[0];
  if (first) {
    const field = { amount: 'amountMinor', cost: 'costMinor' }[first.field] ?? first.field;
    throw new InvalidInputError(
      `deals[${first.index}].${field}`,
      `Deal ${first.index + 1}: ${first.reason}.`,
    );
  }
  return checked.map(({ value }) => toIncomingFact(value));
}

/** The lines of the two statements paired by component, kind and days; estimate order, then baseline-only lines. */
function lineDifferences(baseline: Statement, estimate: Statement): LineDifference[] {
  const keyOf = (line: Statement['lines'][number]) =>
    [line.kind, lineCode(line), line.from, line.to, line.teamId ?? '', line.dealId ?? ''].join('\u0000');
  const before = new Map<string, Statement['lines'][number]>();
  for (const line of baseline.lines) before.set(keyOf(line), line);
  const paired: LineDifference[] = [];
  for (const line of estimate.lines) {
    const key = keyOf(line);
    const old = before.get(key);
    before.delete(key);
    paired.push({
      component: line.component,
      kind: line.kind,
      from: line.from,
      to: line.to,
      baselineMinor: old ? old.amountMinor : null,
      estimateMinor: line.amountMinor,
      differenceMinor: line.amountMinor - (old?.amountMinor ?? 0),
    });
  }
  for (const old of before.values()) {
    paired.push({
      component: old.component,
      kind: old.kind,
      from: old.from,
      to: old.to,
      baselineMinor: old.amountMinor,
      estimateMinor: null,
      differenceMinor: -old.amountMinor,
    });
  }
  return paired;
}
