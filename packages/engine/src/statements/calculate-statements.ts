/**
 * The payout run: for every plan, period and participant assigned to the plan, gather the
 * numbers the plan asks for, call its evaluator, and assemble a statement.
 */
import {
  type AccountValues,
  type CompiledPlan,
  type CreditShare,
  type EvaluationWarning,
  type Explanation,
  formatMinor,
  type GoalReference,
  type PayoutLine,
  type PlanInput,
  type PlanResult,
  type PopulationRequirement,
  type PopulationValues,
  type TimeWindow,
} from '@attain/rules';
import { buildFactColumns, type FactColumns } from '../facts/fact-columns.js';
import { MeasureContext, type MeasureSource, type MeasureSubject } from '../measures/measure-context.js';
import { populationMembers } from '../measures/populations.js';
import type { IncomingFact } from '../model/fact.js';
import type { Account, Assignment, Goal, OrgSnapshot, Participant, TeamMembership } from '../model/org.js';
import type { FxRates } from '../money/fx.js';
import { PayConverter, type StatementPay } from '../money/pay-currency.js';
import { type DayRange, formatDay, parseDay } from '../periods/day.js';
import {
  type Period,
  parsePeriod,
  periodContaining,
  periodOf,
  periodRange,
  priorPeriod,
  samePeriodLastYear,
  windowRange,
} from '../periods/period.js';
import { ClawbackFinder, clawbackBasis, clawedBackDeals } from './clawbacks.js';
import { drawFor, drawShare } from './draws.js';
import { canonicalJson, canonicalSet, planFingerprintData, sha256 } from './fingerprint.js';
import { holdAsClawback, holdOf, holdsFor, ReleaseFinder } from './holds.js';
import { shareByDays } from './period-money.js';
import { quotaShare, storedGoalPeriod } from './quotas.js';
import { type Segment, segmentsOf } from './segments.js';
import type {
  EngineError,
  LineTransactions,
  PaidEarlier,
  PaidRun,
  PlanVersion,
  Statement,
  StatementLine,
  StatementRun,
  StatementSegment,
} from './statement.js';
import { lineCode } from './statement.js';
import { stretchTargets } from './target-incentive.js';

/** Everything a payout run reads. Give `plan` or `plans`, and `period` or `periods`. */
export interface CalculateStatementsInput {
  plan?: CompiledPlan | PlanVersion;
  /** Several plans, or several versions of a plan (same name, different effective dates). */
  plans?: readonly (CompiledPlan | PlanVersion)[];
  /** A period id ('2025-Q1'); a longer period pays every plan period inside it. */
  period?: string;
  periods?: readonly string[];
  org: OrgSnapshot;
  /** Loaded columns (build once, reuse for several runs), or the facts themselves. */
  facts: FactColumns | Iterable<IncomingFact>;
  fxRates?: FxRates;
  /**
   * The stored payout runs of earlier periods: what was actually paid. They give paid-to-date
   * for true-ups and running totals and the original payouts for clawbacks. An earlier period
   * of the year (or of the longest clawback window) with no run here is computed by the engine,
   * assumed paid as computed, and every statement that relies on it says so.
   */
  history?: readonly PaidRun[];
  /**
   * Where the numbers come from; by default the columnar measures over `facts`. The benchmark
   * passes a naive source here to compare against; nothing else needs to.
   */
  measures?: (columns: FactColumns) => MeasureSource;
  /**
   * Only these participants' statements; all assigned participants when absent. The org still
   * decides teams and populations ("teams on this plan"), so their cents are those of a full run.
   */
  participantIds?: readonly string[];
  /**
   * Bulk runs (backtests, payout-run totals): the same cents through the plan's amounts-only
   * evaluator; lines carry no explanation, attainment or plan warnings, and the statement no
   * adjustments. Plans with clawbacks, or without `evaluateAmounts`, are still fully evaluated
   * (a clawback needs each deal's exact payout). Explain a line afterwards with a normal run.
   */
  amountsOnly?: boolean;
}

/** Computes statements for every participant assigned to the plans in the periods; never throws on bad data. */
export function calculateStatements(input: CalculateStatementsInput): StatementRun {
  const columns = isFactColumns(input.facts) ? input.facts : buildFactColumns(input.facts);
  const fx = input.fxRates ?? {};
  const errors: EngineError[] = [];
  const versionsByPlan = groupVersions(plans(input));
  const requested = requestedPeriods(input);
  const periods: Period[] = [];
  for (const id of requested) {
    const period = parsePeriod(id);
    if (period) periods.push(period);
    else
      errors.push({
        code: 'invalid-period',
        message: `'${id}' is not a period id; write '2025', '2025-H1', '2025-Q3' or '2025-07'.`,
      });
  }
  const context = input.measures ? input.measures(columns) : new MeasureContext(columns, input.org, fx);
  const run = new Run(
    input.org,
    context,
    new ClawbackFinder(columns),
    fx,
    input.history,
    errors,
    input.amountsOnly === true,
    new ReleaseFinder(columns),
  );
  if (input.participantIds) run.only(input.participantIds);
  const statements: Statement[] = [];
  for (const [planName, versions] of versionsByPlan) {
    const kind = versions[0]!.plan.period;
    const wanted = planPeriods(kind, periods);
    for (const period of run.leadIn(planName, versions, wanted))
      run.statementsFor(planName, versions, period);
    for (const period of wanted) statements.push(...run.statementsFor(planName, versions, period));
  }
  statements.sort(compareStatements);
  for (const error of context.errors) errors.push(error);
  // Hashing the org and the inputs costs as much as evaluating a small run: only when read
  // (a payout run stores it; backtests and partition workers never read it).
  let fingerprint: string | undefined;
  return {
    statements,
    errors,
    factIssues: columns.issues,
    get fingerprint() {
      fingerprint ??= runFingerprint(input, columns);
      return fingerprint;
    },
  };
}

/**
 * The fingerprint of a run's inputs, as calculateStatements reports it: the same inputs give the
 * same fingerprint, also when the run is computed in partitions (each partition's own run
 * fingerprints only its part).
 */
export function runFingerprint(input: CalculateStatementsInput, columns: FactColumns): string {
  const fx = input.fxRates ?? {};
  return sha256(
    canonicalJson({
      // 2: whole periods earn exactly their cut under every day count (issue 10). 3: a stretch
      // pays money on its own facts, weighted targets share the cents, split deals tier by the whole.
      // 4: largest-remainder splits of decimal shares are exact (a true tie goes to the first).
      // 5: a clawback of a deal still held cancels the hold; holds carry what is still held;
      // a draw's minimum is prorated in a partial period.
      // 6: money paid once a period is shared between stretches by days; rates against a goal
      // pay a stretch at the whole period's rates; the year to date runs to the stretch's end.
      engine: 6,
      plans: [...groupVersions(plans(input)).values()].flat().map((v) => ({
        plan: planFingerprintData(v.plan),
        effectiveFrom: v.effectiveFrom ?? null,
        effectiveTo: v.effectiveTo ?? null,
        version: v.version ?? null,
      })),
      periods: [...requestedPeriods(input)].sort(),
      org: {
        participants: canonicalSet(input.org.participants),
        teams: canonicalSet(input.org.teams),
        memberships: canonicalSet(input.org.memberships),
        accounts: canonicalSet(input.org.accounts),
        goals: canonicalSet(input.org.goals),
        assignments: canonicalSet(input.org.assignments),
      },
      fxRates: fx,
      history: input.history ? canonicalSet(input.history) : null,
      // Same cents, but the statements lack explanations, so a stored copy must not pass for a full one.
      ...(input.amountsOnly ? { amountsOnly: true } : {}),
      ...(input.participantIds ? { participantIds: [...new Set(input.participantIds)].sort() } : {}),
      facts: columns.fingerprint(),
    }),
  );
}

function plans(input: CalculateStatementsInput): (CompiledPlan | PlanVersion)[] {
  return [...(input.plan ? [input.plan] : []), ...(input.plans ?? [])];
}

function requestedPeriods(input: CalculateStatementsInput): string[] {
  return [...(input.period !== undefined ? [input.period] : []), ...(input.periods ?? [])];
}

/** Whose figures a stretch reads: the participant, with the stretch's team and managed teams. */
function subjectOf(participant: Participant, segment: Segment): MeasureSubject {
  return {
    participantId: participant.id,
    teamId: segment.teamId,
    ...(segment.managedTeamIds.length > 0 ? { managedTeamIds: segment.managedTeamIds } : {}),
    geography: participant.geography,
    vertical: participant.vertical,
  };
}

/** The order of a run's statements: by period, plan, then participant (also of runs merged from partitions). */
export function compareStatements(a: Statement, b: Statement): number {
  return (
    compare(periodStart(a.periodId), periodStart(b.periodId)) ||
    compare(a.planName, b.planName) ||
    compare(a.participantId, b.participantId)
  );
}

/** The state of one run: org lookups and the statements computed so far (for true-ups and clawbacks). */
class Run {
  private participants: Participant[];
  private readonly assignmentsByParticipant = new Map<string, Assignment[]>();
  private readonly membershipsByParticipant = new Map<string, TeamMembership[]>();
  private readonly goals = new Map<string, Goal>();
  private readonly paid = new Map<string, Statement[]>();
  /** The stored run each statement of the history came from; computed statements have none. */
  private readonly runOf = new Map<Statement, string>();
  /** 'plan|period' of every period the history has a run for. */
  private readonly stored = new Set<string>();
  /** Accounts by team, for components `for each account`; built when a plan first needs it. */
  private accountsByTeam: Map<string, Account[]> | null = null;
  /** Per plan, period and population: the same for every participant, so computed once. */
  private readonly populations = new Map<string, PopulationValues>();
  private readonly payConverter: PayConverter;

  constructor(
    private readonly org: OrgSnapshot,
    private readonly context: MeasureSource,
    private readonly clawbacks: ClawbackFinder,
    private readonly fx: FxRates,
    history: readonly PaidRun[] | undefined,
    private readonly errors: EngineError[],
    private readonly amountsOnly: boolean,
    private readonly releases: ReleaseFinder,
  ) {
    this.payConverter = new PayConverter(fx, context, errors);
    this.participants = [...org.participants].sort((a, b) => compare(a.id, b.id));
    for (const a of org.assignments) push(this.assignmentsByParticipant, a.participantId, a);
    for (const m of org.memberships) push(this.membershipsByParticipant, m.participantId, m);
    for (const g of org.goals) this.goals.set(goalKey(g.ownerId, g.name, g.periodId), g);
    for (const paidRun of history ?? []) {
      this.stored.add(`${paidRun.planName}|${paidRun.periodId}`);
      for (const s of paidRun.statements) {
        push(this.paid, `${s.participantId}|${s.planName}`, s);
        this.runOf.set(s, paidRun.runId);
      }
    }
  }

  /** Computes statements only for these participants. */
  only(participantIds: readonly string[]): void {
    const wanted = new Set(participantIds);
    this.participants = this.participants.filter((p) => wanted.has(p.id));
  }

  /**
   * Earlier periods the engine computes itself because no stored run covers them: the year so
   * far for plans that subtract what was paid, and back over clawback windows.
   */
  leadIn(planName: string, versions: readonly PlanVersion[], wanted: readonly Period[]): Period[] {
    if (wanted.length === 0) return [];
    return earlierPeriodsNeeded(versions, wanted[0] as Period).filter(
      (p) => !this.stored.has(`${planName}|${p.id}`),
    );
  }

  statementsFor(planName: string, versions: readonly PlanVersion[], period: Period): Statement[] {
    const out: Statement[] = [];
    for (const participant of this.participants) {
      const assignments = (this.assignmentsByParticipant.get(participant.id) ?? []).filter(
        (a) => a.plan === planName,
      );
      if (assignments.length === 0) continue;
      const segments = segmentsOf(
        period,
        participant,
        assignments,
        versions,
        this.membershipsByParticipant.get(participant.id) ?? [],
      );
      if (segments.length === 0) continue;
      const statement = this.statement(planName, period, participant, segments);
      push(this.paid, `${participant.id}|${planName}`, statement);
      out.push(statement);
    }
    return out;
  }

  private statement(
    planName: string,
    period: Period,
    participant: Participant,
    segments: Segment[],
  ): Statement {
    const lines: StatementLine[] = [];
    const adjustments: Statement['adjustments'][number][] = [];
    const warnings: EvaluationWarning[] = [];
    const statementSegments: StatementSegment[] = [];
    const earlier = (this.paid.get(`${participant.id}|${planName}`) ?? []).filter(
      (s) => periodStart(s.periodId) < period.start,
    );
    const stretches = stretchTargets(period, participant, segments, this.fx, warnings);
    let currency = segments[0]!.version.plan.currency;
    for (const [index, segment] of segments.entries()) {
      const plan = segment.version.plan;
      currency = plan.currency;
      const subject = subjectOf(participant, segment);
      const { targetIncentiveMinor: target, proration, explanation } = stretches[index]!;
      const targetToDate = plan.trueUp
        ? targetIncentiveToDate(target, earlier, period, statementSegments)
        : undefined;
      statementSegments.push({
        from: formatDay(segment.start),
        to: formatDay(segment.end),
        teamId: segment.teamId,
        version: segment.version.version ?? segment.version.effectiveFrom ?? null,
        targetIncentiveMinor: target,
        proration,
        targetIncentiveExplanation: explanation,
      });
      if (
        segment.teamId === null &&
        plan.components.some((c) => c.scope === 'team' || c.scope === 'account')
      ) {
        warnings.push({
          code: 'no-team',
          message: `${participant.name} is on no team from ${formatDay(segment.start)} to ${formatDay(segment.end)}; team measures are 0 (sums, counts) or missing (averages).`,
        });
      }
      if (segment.managedTeamIds.length === 0 && plan.components.some((c) => c.scope === 'managed teams')) {
        warnings.push({
          code: 'no-managed-teams',
          message: `${participant.name} manages no team from ${formatDay(segment.start)} to ${formatDay(segment.end)}; measures over managed teams are 0 (sums, counts) or missing (averages). Mark the teams they oversee with "manages" in their memberships.`,
        });
      }
      const planInput: PlanInput = {
        ...this.planInput(plan, period, segment, subject, target, earlier, lines, warnings),
        ...(explanation ? { targetIncentiveExplanation: explanation } : {}),
      };
      if (targetToDate !== undefined) planInput.targetIncentiveToDateMinor = targetToDate;
      let result: EvaluatedStretch;
      try {
        result = this.evaluate(plan, planInput, period, subject, segment);
      } catch (error) {
        this.errors.push({
          code: 'evaluation-failed',
          participantId: participant.id,
          message: `Plan '${plan.name}' failed for ${participant.id} in ${period.id}: ${error instanceof Error ? error.message : String(error)}`,
        });
        continue;
      }
      for (const line of result.lines) lines.push(line);
      adjustments.push(...result.adjustments);
      warnings.push(...result.warnings);
    }
    // Money paid once a period (a fixed amount, a commission on another window) is shared by days.
    shareByDays(period, segments, lines, (line) => line.explanation !== NOT_EXPLAINED);
    const plan = segments.at(-1)!.version.plan;
    const clawbacks =
      plan.clawbacks.length > 0
        ? this.clawbacks.linesFor(plan, period, earlier, clawedBackDeals(earlier))
        : [];
    const holds = holdsFor(plan, period, lines, earlier, this.releases, clawbacks);
    lines.push(...(holds ? holds.clawbacks : clawbacks));
    if (holds) lines.push(...holds.lines);
    const draw = plan.draw
      ? drawFor(
          plan.draw,
          period.id,
          { from: formatDay(period.start), to: formatDay(period.end) },
          lines,
          earlier,
          currency,
          (s) => !this.runOf.has(s),
          { share: drawShare(plan, period, segments), rounding: plan.rounding, stretches: segments },
        )
      : null;
    if (draw) {
      lines.push(...draw.lines);
      warnings.push(...draw.warnings);
    }
    // Every line, the draw's too, converts into the pay currency last.
    const pay = this.payIn(period, participant, segments, lines, warnings);
    const targets = statementSegments.map((s) => s.targetIncentiveMinor);
    const paidEarlier = readsPaidEarlier(plan)
      ? this.paidEarlier(earlier, period, plan.currency, warnings)
      : null;
    return {
      participantId: participant.id,
      planName,
      periodId: period.id,
      currency,
      segments: statementSegments,
      targetIncentiveMinor: targets.every((t) => t === null)
        ? null
        : targets.reduce<number>((sum, t) => sum + (t ?? 0), 0),
      lines,
      adjustments,
      warnings,
      totalMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0),
      ...(pay ? { pay } : {}),
      ...(paidEarlier ? { paidEarlier } : {}),
      ...(plan.trueUp
        ? { targetIncentiveToDateMinor: targetIncentiveToDate(null, earlier, period, statementSegments) }
        : {}),
      ...(draw ? { draw: draw.summary } : {}),
      ...(holds ? { holds: holds.summary } : {}),
    };
  }

  /**
   * Converts the lines (in place) into the participant's pay currency when it is not the plan's
   * and the plan says when money converts; null (lines as they were) otherwise, with a warning
   * when the plan does not say, and an engine error when a rate is missing.
   */
  private payIn(
    period: Period,
    participant: Participant,
    segments: readonly Segment[],
    lines: StatementLine[],
    warnings: EvaluationWarning[],
  ): StatementPay | null {
    const plan = segments.at(-1)!.version.plan;
    const payCurrency = participant.currency || plan.currency;
    if (payCurrency === plan.currency) return null;
    if (!plan.payConversion) {
      warnings.push({
        code: 'pay-conversion-unstated',
        message: `${participant.name} is paid in ${payCurrency} but the plan pays in ${plan.currency} and does not say when money converts, so this statement is in ${plan.currency} only. Add 'convert to pay currency at payment date' (or 'at fact date') to the plan's header.`,
      });
      return null;
    }
    let complete = true;
    for (const [i, line] of lines.entries()) {
      const segment = segments.find((s) => formatDay(s.start) === line.from) ?? segments.at(-1)!;
      const converted = this.payConverter.convert(
        segment.version.plan,
        plan.payConversion,
        period,
        subjectOf(participant, segment),
        line,
        payCurrency,
      );
      if (converted) lines[i] = converted;
      else complete = false;
    }
    if (!complete) return null;
    return {
      currency: payCurrency,
      totalMinor: lines.reduce((sum, line) => sum + (line.pay?.amountMinor ?? 0), 0),
      conversion: plan.payConversion,
      paymentDate: formatDay(period.end),
    };
  }

  /** The plan's lines for one stretch: amounts only when the run asks for them and the plan allows it. */
  private evaluate(
    plan: CompiledPlan,
    planInput: PlanInput,
    period: Period,
    subject: MeasureSubject,
    segment: Segment,
  ): EvaluatedStretch {
    if (!this.amountsOnly || !plan.evaluateAmounts || plan.clawbacks.length > 0 || plan.holds?.length) {
      const result = plan.evaluate(planInput);
      return {
        lines: result.lines.map((line) => this.statementLine(plan, period, subject, line, segment)),
        adjustments: result.adjustments,
        warnings: result.warnings,
      };
    }
    const { linesMinor } = plan.evaluateAmounts(planInput);
    const from = formatDay(segment.start);
    const to = formatDay(segment.end);
    // Built whole (no spread): no clawback rule, so no transactions to keep.
    return {
      lines: plan.components.map((component, i) => ({
        component: component.name,
        componentCode: component.code ?? component.name,
        amountMinor: linesMinor[i]!,
        attainment: null,
        explanation: NOT_EXPLAINED,
        warnings: NO_WARNINGS,
        kind: 'payout',
        from,
        to,
        teamId: segment.teamId,
      })),
      adjustments: NO_WARNINGS,
      warnings: NO_WARNINGS,
    };
  }

  /** What each earlier period of the year paid, and from which stored run; says so when a period had none. */
  private paidEarlier(
    earlier: readonly Statement[],
    period: Period,
    currency: string,
    warnings: EvaluationWarning[],
  ): PaidEarlier[] {
    const out: PaidEarlier[] = [];
    for (const statement of earlier) {
      if (periodYear(statement.periodId) !== period.year) continue;
      const amountMinor = statement.lines.reduce(
        (sum, line) => sum + (line.kind === 'payout' ? line.amountMinor : 0),
        0,
      );
      const runId = this.runOf.get(statement) ?? null;
      out.push({ periodId: statement.periodId, runId, amountMinor });
      if (runId === null) {
        warnings.push({
          code: 'paid-earlier-computed',
          message: `No payout run is stored for ${statement.periodId}; what it would have paid (${formatMinor(amountMinor, currency)}) was computed and counted as paid earlier. Calculate ${statement.periodId} to use what was actually paid.`,
        });
      }
    }
    return out.sort((a, b) => compare(periodStart(a.periodId), periodStart(b.periodId)));
  }

  private statementLine(
    plan: CompiledPlan,
    period: Period,
    subject: MeasureSubject,
    line: PayoutLine,
    segment: Segment,
  ): StatementLine {
    // Lines that may be clawed back or held keep the deals they paid on.
    const hold = holdOf(plan, line.component);
    const rule = plan.clawbacks.find((r) => r.component === line.component) ?? (hold && holdAsClawback(hold));
    const basis = rule ? clawbackBasis(plan, rule) : undefined;
    let paidOn: LineTransactions | undefined;
    if (basis) {
      const deals = this.context.factEntries(
        basis,
        paidWindow(period, basis.window, segment),
        plan.currency,
        subject,
      );
      paidOn = { factIds: deals.factIds, valuesMinor: deals.values };
    }
    return {
      ...line,
      kind: 'payout',
      from: formatDay(segment.start),
      to: formatDay(segment.end),
      teamId: segment.teamId,
      ...(paidOn ? { transactions: paidOn } : {}),
    };
  }

  private planInput(
    plan: CompiledPlan,
    period: Period,
    stretch: DayRange,
    subject: MeasureSubject,
    targetIncentiveMinor: number | null,
    earlier: readonly Statement[],
    earlierStretches: readonly StatementLine[],
    warnings: EvaluationWarning[],
  ): PlanInput {
    const { requirements } = plan;
    const aggregates: Record<string, number | null> = {};
    const aggregateCredits: Record<string, CreditShare> = {};
    for (const aggregate of requirements.aggregates) {
      if (aggregate.scope === 'account') continue; // per account, below
      const range = windowRange(period, aggregate.window);
      if (this.context.aggregateWithCredit) {
        const { value, credit } = this.context.aggregateWithCredit(aggregate, range, plan.currency, subject);
        aggregates[aggregate.key] = value;
        if (credit) aggregateCredits[aggregate.key] = credit;
      } else aggregates[aggregate.key] = this.context.aggregate(aggregate, range, plan.currency, subject);
    }
    // A stretch shorter than the period: money paid from facts counts the stretch's facts only.
    const partial = stretch.start > period.start || stretch.end < period.end;
    const stretchAggregates: Record<string, number | null> = {};
    const stretchCredits: Record<string, CreditShare> = {};
    if (partial) {
      for (const aggregate of requirements.aggregates) {
        // Marked on the period and the year to date only (the year to date runs to the stretch's end).
        if (!aggregate.withinStretch || aggregate.scope === 'account') continue;
        const range = paidWindow(period, aggregate.window, stretch);
        if (this.context.aggregateWithCredit) {
          const { value, credit } = this.context.aggregateWithCredit(
            aggregate,
            range,
            plan.currency,
            subject,
          );
          stretchAggregates[aggregate.key] = value;
          if (credit) stretchCredits[aggregate.key] = credit;
        } else
          stretchAggregates[aggregate.key] = this.context.aggregate(aggregate, range, plan.currency, subject);
      }
    }
    const lists: Record<string, readonly number[]> = {};
    const credits: Record<string, readonly (CreditShare | null)[]> = {};
    for (const list of requirements.factLists) {
      const entries = this.context.factEntries(
        list,
        paidWindow(period, list.window, stretch),
        plan.currency,
        subject,
      );
      lists[list.key] = entries.values;
      if (entries.credits) credits[list.key] = entries.credits;
    }
    const goals: Record<string, number | null> = {};
    const derivations: Record<string, string> = {};
    for (const reference of requirements.goals) {
      const ownerId = reference.owner === 'team' ? subject.teamId : subject.participantId;
      goals[reference.key] = this.goalValue(reference, ownerId, period, plan.currency, warnings, derivations);
    }
    // Paid to date: earlier periods of the year, and earlier stretches of this period (so a
    // true-up over two stretches does not subtract what was paid twice, nor pay it twice).
    const paidMinor: Record<string, number> = {};
    const addPaid = (line: StatementLine) => {
      // By code: a later version that renames the component (and keeps its code) still subtracts it.
      if (line.kind === 'payout')
        paidMinor[lineCode(line)] = (paidMinor[lineCode(line)] ?? 0) + line.amountMinor;
    };
    for (const statement of earlier) {
      if (periodYear(statement.periodId) === period.year) statement.lines.forEach(addPaid);
    }
    earlierStretches.forEach(addPaid);
    const populations: Record<string, PopulationValues> = {};
    for (const requirement of requirements.populations ?? []) {
      populations[requirement.key] = this.population(plan, period, requirement);
    }
    const accounts = plan.components.some((c) => c.scope === 'account')
      ? accountValues(this.context, this.accountsOfTeam(subject.teamId), plan, period, stretch)
      : null;
    return {
      ...(accounts ? { accounts } : {}),
      aggregates,
      ...(partial
        ? {
            stretch: { from: formatDay(stretch.start), to: formatDay(stretch.end) },
            stretchAggregates,
            ...(Object.keys(stretchCredits).length > 0 ? { stretchAggregateCredits: stretchCredits } : {}),
          }
        : {}),
      transactions: lists,
      ...(Object.keys(credits).length > 0 ? { transactionCredits: credits } : {}),
      ...(Object.keys(aggregateCredits).length > 0 ? { aggregateCredits } : {}),
      goals,
      ...(Object.keys(derivations).length > 0 ? { goalDerivations: derivations } : {}),
      targetIncentiveMinor,
      earlier: { paidMinor },
      populations,
    };
  }

  /** The accounts of a team, in id order; none without a team. */
  private accountsOfTeam(teamId: string | null): readonly Account[] {
    if (teamId === null) return [];
    if (!this.accountsByTeam) {
      this.accountsByTeam = new Map();
      for (const account of [...this.org.accounts].sort((a, b) => compare(a.id, b.id)))
        push(this.accountsByTeam, account.teamId, account);
    }
    return this.accountsByTeam.get(teamId) ?? [];
  }

  /** Each team of a population with its own values of the aggregates the statistic reads. */
  private population(
    plan: CompiledPlan,
    period: Period,
    requirement: PopulationRequirement,
  ): PopulationValues {
    const key = [
      plan.name,
      period.id,
      plan.currency,
      requirement.key,
      ...requirement.aggregates.map((a) => a.key),
    ].join('\u0000');
    const cached = this.populations.get(key);
    if (cached) return cached;
    const members = populationMembers(requirement.population, this.org, plan.name, period);
    const values: PopulationValues = {
      teams: members.teamIds.map((teamId) => {
        const aggregates: Record<string, number | null> = {};
        const factCounts: Record<string, number> = {};
        for (const aggregate of requirement.aggregates) {
          const range = windowRange(period, aggregate.window);
          const { value, facts } = this.context.teamAggregate(aggregate, range, plan.currency, teamId);
          aggregates[aggregate.key] = value;
          factCounts[aggregate.key] = facts;
        }
        return { teamId, aggregates, factCounts };
      }),
      unknownTeamIds: members.unknownTeamIds,
    };
    this.populations.set(key, values);
    return values;
  }

  /** Participants by id, built on first use (only quota rules ask). */
  private participantsById: Map<string, Participant> | null = null;

  /** A participant's days employed, hire to termination (open ends far away), for quota rules. */
  private employment(participantId: string): DayRange | null {
    this.participantsById ??= new Map(this.org.participants.map((p) => [p.id, p]));
    const participant = this.participantsById.get(participantId);
    if (!participant) return null;
    return {
      start: (participant.hireDate ? parseDay(participant.hireDate) : null) ?? -1_000_000,
      end: (participant.terminationDate ? parseDay(participant.terminationDate) : null) ?? 1_000_000,
    };
  }

  /**
   * The goal a reference names, in its window: the paid period's, the prior period's, the same
   * period's last year, or (year to date) the sum of the goals of the plan periods from the first
   * of the year through the paid one. Goals are stored per plan period, which is what a
   * year-to-date measure spans, so the sum matches it; a year-to-date goal with a period missing
   * is missing (a partial sum would overstate attainment), and the warning names each such period.
   */
  private goalValue(
    reference: GoalReference,
    ownerId: string | null,
    period: Period,
    currency: string,
    warnings: EvaluationWarning[],
    derivations: Record<string, string> = {},
  ): number | null {
    const periods = goalPeriods(period, reference.window);
    const steps: string[] = [];
    const missing: string[] = [];
    let total = 0;
    const quota = reference.quota;
    const employment =
      quota && reference.owner === 'participant' && ownerId ? this.employment(ownerId) : null;
    for (const p of periods) {
      const storedId = quota ? storedGoalPeriod(quota, p) : p.id;
      const goal = ownerId === null ? undefined : this.goals.get(goalKey(ownerId, reference.name, storedId));
      const unitProblem = goal ? goalUnitProblem(goal, reference, currency) : null;
      if (unitProblem) {
        warnings.push({
          code: 'goal-unit',
          message: `Goal '${reference.name}' of ${reference.owner} ${ownerId} in ${p.id} ${unitProblem}; the plan receives no goal and says what that pays.`,
        });
        return null;
      }
      if (goal && quota) {
        const share = quotaShare(quota, p, employment);
        total += goal.value * share.factor;
        const stored = reference.unit === 'money' ? formatMinor(goal.value, currency) : String(goal.value);
        steps.push([stored, ...share.steps].join(' x '));
      } else if (goal) total += goal.value;
      else if (quota?.annual) {
        // Named by a period of its year: a bare year reads like an amount.
        const year = `the year of ${p.id}`;
        if (!missing.some((m) => m.startsWith(`the year of ${p.year}`))) missing.push(year);
      } else missing.push(storedId);
    }
    if (steps.length > 0) derivations[reference.key] = steps.join(' + ');
    if (missing.length === 0) return total;
    const window = reference.window === 'period' ? '' : ` (${reference.window} of ${period.id})`;
    warnings.push({
      code: 'goal-missing',
      message: `No goal '${reference.name}' for ${reference.owner} ${ownerId ?? '(no team)'} in ${missing.join(', ')}${window}; the plan receives no goal and says what that pays.`,
    });
    return null;
  }
}

/**
 * Each account of the stretch's team with its own values of the plan's account-scope
 * aggregates, for components `for each account`. Every account is listed, with or without facts:
 * a component may pay an account that had none (a fixed amount per account).
 */
function accountValues(
  context: MeasureSource,
  accounts: readonly Account[],
  plan: CompiledPlan,
  period: Period,
  stretch: DayRange,
): AccountValues[] {
  const scoped = plan.requirements.aggregates.filter((a) => a.scope === 'account');
  return accounts.map((account) => {
    const aggregates: Record<string, number | null> = {};
    for (const aggregate of scoped) {
      // Each account is paid money: on its facts dated inside the stretch.
      const range = paidWindow(period, aggregate.window, stretch);
      aggregates[aggregate.key] = context.accountAggregate(aggregate, range, plan.currency, account.id).value;
    }
    return { accountId: account.id, name: account.name, aggregates };
  });
}

/**
 * The days whose facts are paid money in a stretch: the stretch itself for the period window
 * (facts dated in another stretch are that stretch's), the year to date through the stretch's
 * last day (a running total continues where the earlier stretch ended), the window's days for
 * other windows.
 */
function paidWindow(period: Period, window: TimeWindow, stretch: DayRange): DayRange {
  if (window === 'period') return stretch;
  const range = windowRange(period, window);
  return window === 'year to date' ? { start: range.start, end: stretch.end } : range;
}

/** One stretch's statement lines, and what the plan applied and warned about. */
interface EvaluatedStretch {
  lines: readonly StatementLine[];
  adjustments: PlanResult['adjustments'];
  warnings: PlanResult['warnings'];
}

/** The explanation of every line of an amounts-only run: shared, so bulk runs allocate no trees. */
export const NOT_EXPLAINED: Explanation = Object.freeze({
  label: 'not explained in an amounts-only run',
  value: null,
  unit: 'money',
  children: Object.freeze([]) as readonly Explanation[],
});
export const NO_WARNINGS: readonly never[] = Object.freeze([]);

/**
 * The earlier periods a calculation of `first` builds on: the plan year so far for plans that
 * subtract what was paid, back over the longest clawback window, and back to the first period of
 * a recoverable draw. A caller loads their stored
 * runs as the `history`; the engine computes the ones it is not given.
 */
export function earlierPeriodsNeeded(versions: readonly PlanVersion[], first: Period): Period[] {
  const plan = versions[0]?.plan;
  if (!plan) return [];
  const needsYear = versions.some((v) => readsPaidEarlier(v.plan));
  const longestClawback = Math.max(0, ...versions.flatMap((v) => v.plan.clawbacks.map((c) => c.withinDays)));
  let start = first.start;
  if (needsYear) start = Math.min(start, periodOf(plan.period, first.year, 1).start);
  if (longestClawback > 0) start = Math.min(start, first.start - longestClawback);
  // What is still held is read from the hold and release lines of two years of periods.
  if (versions.some((v) => v.plan.holds?.length)) start = Math.min(start, first.start - HOLD_LOOKBACK_DAYS);
  // A recoverable draw's balance is the sum of its top-ups and recoveries since its first period.
  for (const v of versions) {
    const drawStart = v.plan.draw?.recoverable ? parsePeriod(v.plan.draw.firstPeriod)?.start : undefined;
    if (drawStart !== undefined) start = Math.min(start, drawStart);
  }
  const periods: Period[] = [];
  for (
    let p = periodContaining(plan.period, start);
    p.start < first.start;
    p = periodOf(p.kind, p.year, p.index + 1)
  ) {
    periods.push(p);
  }
  return periods;
}

/** How far back a calculation looks for deals still held: two years. */
export const HOLD_LOOKBACK_DAYS = 2 * 366;

/** Whether a plan's evaluation subtracts what was paid earlier in the year. */
function readsPaidEarlier(plan: CompiledPlan): boolean {
  return plan.trueUp || plan.readsPaidEarlier === true;
}

/**
 * The target incentive from the start of the year through this stretch: earlier periods' targets
 * as their statements had them, earlier stretches of this period, and this one (null when none is known).
 */
function targetIncentiveToDate(
  current: number | null,
  earlier: readonly Statement[],
  period: Period,
  earlierStretches: readonly StatementSegment[],
): number | null {
  let total = current ?? 0;
  let known = current !== null;
  for (const statement of earlier) {
    if (periodYear(statement.periodId) !== period.year || statement.targetIncentiveMinor === null) continue;
    total += statement.targetIncentiveMinor;
    known = true;
  }
  for (const stretch of earlierStretches) {
    if (stretch.targetIncentiveMinor === null) continue;
    total += stretch.targetIncentiveMinor;
    known = true;
  }
  return known ? total : null;
}

/** The plan's own periods that cover the requested ones (a monthly plan paid for '2025-Q1' pays three months). */
function planPeriods(kind: CompiledPlan['period'], requested: readonly Period[]): Period[] {
  const out = new Map<string, Period>();
  for (const r of requested) {
    for (let p = periodContaining(kind, r.start); p.start <= r.end; p = periodOf(kind, p.year, p.index + 1)) {
      out.set(p.id, p);
    }
  }
  return [...out.values()].sort((a, b) => a.start - b.start);
}

function groupVersions(items: readonly (CompiledPlan | PlanVersion)[]): Map<string, PlanVersion[]> {
  const byName = new Map<string, PlanVersion[]>();
  for (const item of items) {
    const version: PlanVersion = 'plan' in item ? item : { plan: item };
    push(byName, version.plan.name, version);
  }
  return new Map([...byName].sort(([a], [b]) => compare(a, b)));
}

function isFactColumns(facts: CalculateStatementsInput['facts']): facts is FactColumns {
  return (
    typeof (facts as FactColumns).fingerprint === 'function' &&
    (facts as FactColumns).dates instanceof Int32Array
  );
}

/**
 * Why a stored goal cannot be read as the plan reads it (a money goal is money in the plan
 * currency), or null. Goals that do not say whether they are money are not checked.
 */
function goalUnitProblem(goal: Goal, reference: GoalReference, currency: string): string | null {
  if (goal.currency === undefined || reference.unit === 'number') return null;
  if (reference.unit === 'money') {
    if (goal.currency === null) {
      return `is a plain number, but the plan uses it as money: import it with currency "${currency}" and its value in minor units`;
    }
    if (goal.currency !== currency) {
      return `is in ${goal.currency}, but the plan pays in ${currency}: import it in ${currency}`;
    }
    return null;
  }
  if (goal.currency !== null) {
    return `is money (${goal.currency}), but the plan uses it as ${reference.unit === 'percent' ? 'a percentage or a factor' : `a ${reference.unit}`}: import it without a currency`;
  }
  return null;
}

/** The plan periods whose goals a goal window reads when `period` is paid. */
function goalPeriods(period: Period, window: TimeWindow): Period[] {
  switch (window) {
    case 'period':
      return [period];
    case 'prior period':
      return [priorPeriod(period)];
    case 'same period last year':
      return [samePeriodLastYear(period)];
    case 'year to date':
      return periodRange(periodOf(period.kind, period.year, 1), period);
  }
}

function goalKey(ownerId: string, name: string, periodId: string): string {
  return `${ownerId}\u0000${name}\u0000${periodId}`;
}

/** Period ids are few and sorting asks for each many times: parsed once. */
const periodStarts = new Map<string, number>();

function periodStart(id: string): number {
  let start = periodStarts.get(id);
  if (start === undefined) {
    start = parsePeriod(id)?.start ?? 0;
    if (periodStarts.size > 10_000) periodStarts.clear();
    periodStarts.set(id, start);
  }
  return start;
}

function periodYear(id: string): number {
  return parsePeriod(id)?.year ?? Number.NaN;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
