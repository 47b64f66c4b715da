import { parsePeriod } from '@attain/engine';
import { type EvaluationWarning, type Explanation, formatMinor, renderExplanation } from '@attain/rules';
import type { Context } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import {
  findAdjustmentOnlyStatements,
  withAdjustmentOnlyStatements,
} from '../paycycle/adjustment-statements.js';
import { carryCorrections } from '../paycycle/corrections.js';
import { lockedRuns } from '../paycycle/locked-runs.js';
import { teamAdjustments } from '../paycycle/team-adjustments.js';
import { calculatePayouts } from '../payouts/calculate-payouts.js';
import { PlanDoesNotCompileError } from '../plans/compile-versions.js';
import { FactsChangedError } from '../repositories/facts.js';
import type {
  PayoutRun,
  RunError,
  StoredLine,
  StoredPaidEarlier,
  StoredProration,
  StoredSegment,
  StoredStatement,
} from '../repositories/payout-runs.js';
import { canSeeParticipant, ownParticipantId } from './access.js';
import { audited } from './audit.js';
import { builder, READERS, readersOrSelf } from './builder.js';
import { ErrorInterface } from './errors.js';
import { toConnection, toPageRequest } from './pagination.js';
import { ParticipantRef } from './participants.js';
import { PlanRef, PlanVersionRef } from './plans.js';
import { DayScalar, MinorUnitsScalar } from './scalars.js';
import { TeamRef } from './teams.js';

interface Money {
  minor: number;
  currency: string;
}

export const MoneyRef = builder.objectRef<Money>('Money').implement({
  description: 'An exact amount: integer minor units of a currency, and the same formatted for display.',
  fields: (t) => ({
    minorUnits: t.field({
      type: MinorUnitsScalar,
      description:
        'The amount in integer minor units of `currency` (cents for USD); negative for a clawback.',
      resolve: (money) => money.minor,
    }),
    currency: t.exposeString('currency', { description: 'ISO 4217 code.' }),
    formatted: t.string({
      description: 'e.g. "1,234.50 USD".',
      resolve: (money) => formatMinor(money.minor, money.currency),
    }),
  }),
});

const ExplanationUnitEnum = builder.enumType('ExplanationUnit', {
  description: 'How to read an explanation value.',
  values: {
    money: { description: 'Integer minor units of the statement currency.' },
    percent: { description: 'A fraction: 1.05 means 105%.' },
    count: { description: 'A whole number of facts, deals or people.' },
    score: { description: 'A score on the scale of its facts, e.g. CSAT 1 to 5.' },
    number: { description: 'A plain number the plan computed or wrote.' },
  } as const,
});

export const ExplanationRef = builder.objectRef<Explanation>('Explanation');

ExplanationRef.implement({
  description:
    'Why a number is what it is: a labelled value and the values it was computed from. Money values are minor units; percentages are fractions (1.05 = 105%).',
  fields: (t) => ({
    label: t.exposeString('label', { description: 'What the value is, e.g. "revenue attainment".' }),
    value: t.float({
      nullable: true,
      description: 'The value in `unit`; null when it could not be computed (missing data, see warnings).',
      resolve: (node) => node.value,
    }),
    unit: t.field({
      type: ExplanationUnitEnum,
      description: 'How to read `value`.',
      resolve: (node) => node.unit,
    }),
    detail: t.string({
      nullable: true,
      description:
        'Text for a person: the tier, cell or rates applied, what a cap lowered. Money in it is written like `formatted` money ("1,234.50 USD"), never in minor units. Null when the node has nothing to add.',
      resolve: (node) => node.detail ?? null,
    }),
    children: t.field({
      type: [ExplanationRef],
      description: 'The values this one was computed from; empty for an input.',
      resolve: (node) => [...node.children],
    }),
  }),
});

/**
 * Rendered explanation texts by explanation tree. Stored statements are cached and shared between
 * requests (PayoutRunsRepository), so a line read again is rendered once, not on every read.
 */
const renderedExplanations = new WeakMap<Explanation, { currency: string; text: string }>();

function explanationText(explanation: Explanation, currency: string): string {
  const rendered = renderedExplanations.get(explanation);
  if (rendered?.currency === currency) return rendered.text;
  const text = renderExplanation(explanation, currency);
  renderedExplanations.set(explanation, { currency, text });
  return text;
}

export const WarningRef = builder.objectRef<EvaluationWarning>('PayoutWarning').implement({
  description: 'Missing data or another case with a defined result (e.g. a goal that does not exist pays 0).',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable machine-readable code, e.g. missing-goal.' }),
    message: t.exposeString('message', { description: 'What was missing and what was paid instead.' }),
  }),
});

const LineKindEnum = builder.enumType('PayoutLineKind', {
  description: 'Whether a line pays or takes back.',
  values: {
    payout: { description: "A component's payout for the period." },
    clawback: { description: 'A reversal of an earlier payout for a churned deal; its amount is negative.' },
    draw: {
      description: "The plan's draw topping the period's earnings up to its guaranteed minimum; positive.",
    },
    draw_recovery: {
      value: 'draw-recovery',
      description:
        'Recovery of earlier draw top-ups from earnings above the minimum; negative (positive when an over-recovery is paid back).',
    },
    hold: { description: "A held component's pay on deals not released yet, held back; negative." },
    release: {
      description: 'Pay held in earlier periods, paid once its release fact names the deal; positive.',
    },
  } as const,
});

export const PayoutLineRef = builder.objectRef<StoredLine & { currency: string }>('PayoutLine').implement({
  description: 'One component of a statement (or a clawback), with its explanation.',
  fields: (t) => ({
    component: t.exposeString('component', {
      description: "The component's name as the plan text gives it.",
    }),
    componentCode: t.string({
      description:
        "The component's code: its identity across plan versions, which paid to date, corrections and backtests match lines by (`code \"NB\"` in the plan text; the name when the text gives none, and on lines stored before codes). Never null. The draw's lines have 'draw' and 'draw recovery'.",
      resolve: (line) => line.componentCode ?? line.component,
    }),
    kind: t.field({
      type: LineKindEnum,
      description: 'Payout, clawback, draw top-up, draw recovery, hold or release.',
      resolve: (line) => line.kind,
    }),
    amount: t.field({
      type: MoneyRef,
      description: 'What the line pays, rounded half-even to the minor unit unless the plan says otherwise.',
      resolve: (line) => ({ minor: line.amountMinor, currency: line.currency }),
    }),
    attainment: t.float({
      nullable: true,
      description: 'The main attainment of the component as a fraction (1.05 = 105%).',
      resolve: (line) => line.attainment,
    }),
    from: t.expose('from', { type: DayScalar, description: 'First day this line pays for.' }),
    to: t.expose('to', { type: DayScalar, description: 'Last day this line pays for.' }),
    team: t.field({
      type: TeamRef,
      nullable: true,
      description:
        'The team the line was paid with; null for an individual line without a team, or a team this key may not see.',
      resolve: (line) => line.teamId,
    }),
    dealId: t.exposeString('dealId', { nullable: true, description: 'On clawbacks: the deal reversed.' }),
    explanation: t.field({
      type: ExplanationRef,
      description: 'Why the line pays what it does, as a tree of values.',
      resolve: (line) => line.explanation,
    }),
    explanationText: t.string({
      description: 'The explanation as indented plain text.',
      resolve: (line) => explanationText(line.explanation, line.currency),
    }),
    warnings: t.field({
      type: [WarningRef],
      description: 'Missing data that affected this line; empty when none.',
      resolve: (line) => line.warnings,
    }),
  }),
});

const PaidEarlierRef = builder.objectRef<StoredPaidEarlier & { currency: string }>('PaidEarlier').implement({
  description:
    'An earlier period of the year whose payments a statement subtracted (a year-to-date true-up, or a retroactive rate table on the running total).',
  fields: (t) => ({
    period: t.exposeString('periodId', { description: "e.g. '2025-06'." }),
    runId: t.exposeString('runId', {
      nullable: true,
      description:
        'The stored payout run the payments were read from; null when the period was never calculated, so the engine computed what it would have paid.',
    }),
    computed: t.boolean({
      description: 'True when no run was stored for the period and the amount was computed, not read.',
      resolve: (paid) => paid.runId === null,
    }),
    amount: t.field({
      type: MoneyRef,
      description: "What the participant's payout lines of that period paid (clawbacks excluded).",
      resolve: (paid) => ({ minor: paid.amountMinor, currency: paid.currency }),
    }),
  }),
});

const ProrationRef = builder.objectRef<StoredProration & { currency: string }>('TargetProration').implement({
  description:
    "How a stretch's target incentive follows from the annual one: annual target / periodsPerYear x fraction. The stretches of a period are rounded together, so their targets add up to the cent.",
  fields: (t) => ({
    annualTargetIncentive: t.field({
      type: MoneyRef,
      description:
        "The annual target incentive used (the assignment's, else the participant's), in the plan currency.",
      resolve: (p) => ({ minor: p.annualTargetIncentiveMinor, currency: p.currency }),
    }),
    periodsPerYear: t.exposeInt('periodsPerYear', {
      description: "12, 4, 2 or 1: the period's cut of the annual target is 1 / periodsPerYear.",
    }),
    dayCount: t.exposeString('dayCount', {
      nullable: true,
      description:
        "'actual/actual', 'actual/365' or '30/360' as the plan says; null when the plan does not prorate (the stretches then share the whole cut by their actual days).",
    }),
    daysEmployed: t.exposeInt('daysEmployed', {
      description:
        'Days of this stretch the participant was employed and on the plan, counted by the day count (actual days; under 30/360 every month counts 30).',
    }),
    daysInPeriod: t.exposeFloat('daysInPeriod', {
      description:
        'Days of the period by the day count: its actual days under actual/actual and when not prorated; 30 a month under 30/360; under actual/365, 365 / periodsPerYear for a partial period (a quarter is 91.25, never fewer than the days employed) and the actual days when the participant is on the plan the whole period.',
    }),
    wholePeriod: t.exposeBoolean('wholePeriod', {
      description:
        "True when the participant is on the plan every day of the period: the stretches then earn exactly the period's cut, whatever the day count.",
    }),
    fraction: t.exposeFloat('fraction', {
      description:
        "This stretch's share of the period's cut, 0 to 1: daysEmployed / daysInPeriod when prorated; its days over all the days on the plan otherwise.",
    }),
  }),
});

export const SegmentRef = builder
  .objectRef<StoredSegment & { currency: string }>('StatementSegment')
  .implement({
    description:
      'A stretch of the period with one team, one plan version and one assignment while employed; each has its own lines and its own target incentive.',
    fields: (t) => ({
      from: t.expose('from', { type: DayScalar, description: 'First day of the stretch.' }),
      to: t.expose('to', { type: DayScalar, description: 'Last day of the stretch.' }),
      team: t.field({
        type: TeamRef,
        nullable: true,
        description: 'The team during the stretch; null when the participant was on no team.',
        resolve: (s) => s.teamId,
      }),
      version: t.exposeString('version', {
        nullable: true,
        description: 'The plan version applied (its id); null when the version has no label.',
      }),
      targetIncentive: t.field({
        type: MoneyRef,
        nullable: true,
        description:
          'The target incentive for this stretch, cut and prorated; null when the participant has none (or none in the plan currency).',
        resolve: (s) =>
          s.targetIncentiveMinor === null ? null : { minor: s.targetIncentiveMinor, currency: s.currency },
      }),
      proration: t.field({
        type: ProrationRef,
        nullable: true,
        description: 'How targetIncentive was derived; null when targetIncentive is null.',
        resolve: (s) => (s.proration ? { ...s.proration, currency: s.currency } : null),
      }),
      targetIncentiveExplanation: t.field({
        type: ExplanationRef,
        nullable: true,
        description: 'The proration as an explanation tree; null when targetIncentive is null.',
        resolve: (s) => s.targetIncentiveExplanation,
      }),
      targetIncentiveExplanationText: t.string({
        nullable: true,
        description: 'The same as indented plain text, money formatted; null when targetIncentive is null.',
        resolve: (s) =>
          s.targetIncentiveExplanation ? explanationText(s.targetIncentiveExplanation, s.currency) : null,
      }),
    }),
  });

export const StatementRef = builder.loadableNode('Statement', {
  description: "One participant's payout statement for one plan and period, from a complete payout run.",
  authScopes: (statement) => readersOrSelf(statement.participantId),
  id: { resolve: (statement: StoredStatement) => statement.id },
  load: async (ids: string[], context: Context) => {
    const statements = (await context.repositories.payoutRuns.findStatementsByIds(ids)).filter((statement) =>
      canSeeParticipant(context, statement.participantId),
    );
    // A run writes its statements before it completes; until then (or if it fails) they are not shown.
    const complete = await context.repositories.payoutRuns.completeRunIds(statements.map((s) => s.runId));
    const shown = statements.filter((statement) => complete.has(statement.runId));
    const missing = ids.filter((id) => !shown.some((statement) => statement.id === id));
    const adjustmentOnly = await findAdjustmentOnlyStatements(context.repositories, missing);
    return [...shown, ...adjustmentOnly.filter((s) => canSeeParticipant(context, s.participantId))];
  },
  sort: (statement) => statement.id,
  fields: (t) => ({
    participant: t.field({
      type: ParticipantRef,
      nullable: true,
      description: 'The participant paid; null when no longer imported.',
      resolve: (s) => s.participantId,
    }),
    plan: t.field({
      type: PlanRef,
      nullable: true,
      description: 'The plan calculated; null when this key may not see it.',
      resolve: (s) => s.planId,
    }),
    period: t.exposeString('periodId', { description: "e.g. '2025-Q1'." }),
    currency: t.exposeString('currency', {
      description: 'ISO 4217 code the plan pays in; every amount here is in it.',
    }),
    targetIncentive: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        "The target incentive for the period, cut and prorated: the sum of the segments' target incentives; null when the participant has none.",
      resolve: (s) =>
        s.targetIncentiveMinor === null ? null : { minor: s.targetIncentiveMinor, currency: s.currency },
    }),
    targetIncentiveToDate: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        "Under 'true-up year to date': the target incentive from the start of the year through this period, which shares of target are taken of; null for other plans.",
      resolve: (s) =>
        s.targetIncentiveToDateMinor === null
          ? null
          : { minor: s.targetIncentiveToDateMinor, currency: s.currency },
    }),
    paidEarlier: t.field({
      type: [PaidEarlierRef],
      description:
        'The earlier periods of the year this statement subtracted, each with the run it was read from; empty for plans that do not subtract what was paid.',
      resolve: (s) => s.paidEarlier.map((paid) => ({ ...paid, currency: s.currency })),
    }),
    segments: t.field({
      type: [SegmentRef],
      description:
        'The stretches of the period, in date order, with the proration of each target incentive; empty for statements stored before stretches were kept.',
      resolve: (s) => s.segments.map((segment) => ({ ...segment, currency: s.currency })),
    }),
    total: t.field({
      type: MoneyRef,
      description: 'The sum of the lines.',
      resolve: (s) => ({ minor: s.totalMinor, currency: s.currency }),
    }),
    lines: t.field({
      type: [PayoutLineRef],
      description:
        'The payout and clawback lines, each explained; `total` is their sum. Empty when nothing was earned.',
      resolve: (s) => s.lines.map((line) => ({ ...line, currency: s.currency })),
    }),
    adjustments: t.field({
      type: [ExplanationRef],
      description: 'Gates, modifiers and caps the plan applied, in order.',
      resolve: (s) => s.adjustments,
    }),
    warnings: t.field({
      type: [WarningRef],
      description: 'Missing data that affected the statement as a whole; empty when none.',
      resolve: (s) => s.warnings,
    }),
    runId: t.exposeString('runId', {
      description: 'Global id of the payout run it belongs to (a PayoutRun `id`).',
    }),
  }),
});

const RunStatusEnum = builder.enumType('PayoutRunStatus', {
  description: 'running: being written; complete: its statements are final; failed: see errors.',
  values: {
    running: { description: 'Being calculated or written; its statements are not shown yet.' },
    complete: { description: 'Finished; its statements are final and never change.' },
    failed: { description: 'Stopped on bad inputs; `errors` says which. No statements are shown.' },
  } as const,
});

const RunErrorRef = builder.objectRef<RunError>('PayoutRunError').implement({
  description: 'A problem with the inputs that made the run fail.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable machine-readable code, e.g. MISSING_FX_RATE.' }),
    message: t.exposeString('message', { description: 'What is wrong with the inputs and how to fix it.' }),
    factId: t.exposeString('factId', {
      nullable: true,
      description: 'External id of the fact at fault; null when no one fact is.',
    }),
    participantId: t.exposeString('participantId', {
      nullable: true,
      description: 'External id of the participant at fault; null when no one participant is.',
    }),
  }),
});

export const PayoutRunRef = builder.loadableNode('PayoutRun', {
  description: 'An immutable calculation of a plan for one period.',
  authScopes: READERS,
  id: { resolve: (run: PayoutRun) => run.id },
  load: (ids: string[], context: Context) => context.repositories.payoutRuns.findByIds(ids),
  sort: (run) => run.id,
  fields: (t) => ({
    plan: t.field({
      type: PlanRef,
      nullable: true,
      description: 'The plan calculated; null when it no longer exists.',
      resolve: (run) => run.planId,
    }),
    period: t.exposeString('periodId', { description: "The period calculated, e.g. '2025-Q1'." }),
    status: t.field({
      type: RunStatusEnum,
      description: 'Running, complete or failed.',
      resolve: (run) => run.status,
    }),
    fingerprint: t.exposeString('fingerprint', {
      description: 'sha256 of every input; two runs with the same fingerprint have the same results.',
    }),
    versions: t.field({
      type: [PlanVersionRef],
      description: 'The plan versions in force during the period, that the run applied.',
      resolve: (run, _args, context) => context.repositories.plans.findVersionsByIds(run.versionIds),
    }),
    total: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'Sum of the statement totals; null until complete.',
      resolve: (run) =>
        run.status === 'complete' && run.currency ? { minor: run.totalMinor, currency: run.currency } : null,
    }),
    statementCount: t.exposeInt('statementCount', {
      description: 'Statements the run wrote, one per participant paid.',
    }),
    errors: t.field({
      type: [RunErrorRef],
      description: 'Why a failed run failed; empty for other runs.',
      resolve: (run) => run.errors,
    }),
    createdAt: t.string({
      description: 'When the run started, ISO timestamp (UTC).',
      resolve: (run) => run.createdAt.toISOString(),
    }),
    finishedAt: t.string({
      nullable: true,
      description: 'When it completed or failed, ISO timestamp (UTC); null while running.',
      resolve: (run) => run.finishedAt?.toISOString() ?? null,
    }),
    statements: t.connection({
      type: StatementRef,
      description: 'The statements, at most 100 a page; empty unless the run is complete.',
      resolve: async (run, args, context) => {
        const request = toPageRequest(args);
        if (run.status !== 'complete')
          return toConnection({ items: [], hasNextPage: false, hasPreviousPage: false });
        return toConnection(await context.repositories.payoutRuns.findStatementPage(request, run.id));
      },
    }),
  }),
});

function checkPeriod(periodId: string): void {
  if (!parsePeriod(periodId)) {
    throw new InvalidInputError(
      'period',
      `"${periodId}" is not a period; write '2025', '2025-H1', '2025-Q3' or '2025-07'.`,
    );
  }
}

builder.mutationField('calculatePayouts', (t) =>
  t.field({
    type: PayoutRunRef,
    description:
      'Calculates a plan for a period and stores an immutable payout run. With unchanged inputs it returns the existing run. For an approved period the new run changes nothing approved: its differences become prior-period adjustments of the next open period (admin, analyst; docs/api-paycycle.md).',
    authScopes: { admin: true, analyst: true },
    errors: { types: [NotFoundError, InvalidInputError, PlanDoesNotCompileError, FactsChangedError] },
    args: {
      planId: t.arg.string({ description: 'The plan id given at creation.' }),
      period: t.arg.string({ description: "A period of the plan's kind, e.g. '2025-Q1'." }),
    },
    resolve: audited(async (_root, args, context) => {
      checkPeriod(args.period);
      const run = await calculatePayouts(context.repositories, {
        planId: args.planId,
        periodId: args.period,
        requestedBy: context.apiKey?.id ?? null,
      });
      await carryCorrections(context.repositories, run);
      return run;
    }),
  }),
);

builder.objectType(PlanDoesNotCompileError, {
  name: 'PlanDoesNotCompile',
  description: 'A published version no longer compiles; publish a corrected version.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof PlanDoesNotCompileError,
  fields: () => ({}),
});

builder.queryField('payoutRuns', (t) =>
  t.connection({
    type: PayoutRunRef,
    description: 'Payout runs, newest last by id, at most 100 a page.',
    authScopes: READERS,
    args: {
      planId: t.arg.string({
        required: false,
        description: 'Only runs of this plan (its id); null: every plan.',
      }),
      period: t.arg.string({
        required: false,
        description: "Only runs of this period, e.g. '2025-Q1'; null: every period.",
      }),
    },
    resolve: async (_root, args, context) =>
      toConnection(
        await context.repositories.payoutRuns.findPage(toPageRequest(args), {
          planId: args.planId ?? undefined,
          periodId: args.period ?? undefined,
        }),
      ),
  }),
);

builder.queryField('statements', (t) =>
  t.field({
    type: [StatementRef],
    description:
      "A participant's statements for a period, one per plan, from each plan's current run (the complete run that finished last; for an approved period its approved run). A plan whose run pays them no line while adjustments of the plan period pay them (a prior-period correction after they left) gives a statement with no lines, `total` 0 and those `adjustmentLines`. A participant key reads only its own.",
    authScopes: { ...READERS, participant: true },
    args: {
      participantId: t.arg.string({ description: "The participant's external id." }),
      period: t.arg.string({ description: "e.g. '2025-Q1'." }),
    },
    resolve: async (_root, args, context) => {
      checkPeriod(args.period);
      const self = ownParticipantId(context);
      if (self !== null && self !== args.participantId) return [];
      const runs = await lockedRuns(
        context.repositories,
        await context.repositories.payoutRuns.findLatestComplete(args.period),
      );
      if (runs.length === 0) return [];
      const stored = await context.repositories.payoutRuns.findStatementsOf(
        args.participantId,
        runs.map((run) => run.id),
      );
      return withAdjustmentOnlyStatements(context.repositories, args.participantId, runs, stored);
    },
  }),
);

const TeamMemberTotalRef = builder.simpleObject('TeamMemberTotal', {
  description: "One member's payouts with the team in one currency.",
  fields: (t) => ({
    participantId: t.string({ description: "The member's external id." }),
    total: t.field({
      type: MoneyRef,
      description:
        "The sum of the member's lines paid with this team, plus their adjustment lines when they count with it.",
    }),
  }),
});

const TeamTotalsRef = builder.simpleObject('TeamTotals', {
  description:
    "A team's payouts for a period, from each plan's current run (the complete run that finished last; for an approved period its approved run and adjustments).",
  fields: (t) => ({
    teamId: t.string({ description: "The team's external id." }),
    period: t.string({ description: "The period, e.g. '2025-Q1'." }),
    totals: t.field({ type: [MoneyRef], description: 'One total per currency.' }),
    members: t.field({ type: [TeamMemberTotalRef], description: 'Per participant and currency.' }),
  }),
});

builder.queryField('teamTotals', (t) =>
  t.field({
    type: TeamTotalsRef,
    description:
      "The sum of a team's statement lines for a period plus the adjustment lines (manual, prior-period) of its members that pay in it, so it adds up to what the statements and the payroll file pay; an adjustment counts with the team its participant last joined on or before the period's last day (readers only).",
    authScopes: READERS,
    args: {
      teamId: t.arg.string({ description: "The team's external id." }),
      period: t.arg.string({ description: "e.g. '2025-Q1'; a malformed period is an INVALID_INPUT error." }),
    },
    resolve: async (_root, args, context) => {
      checkPeriod(args.period);
      const runs = await lockedRuns(
        context.repositories,
        await context.repositories.payoutRuns.findLatestComplete(args.period),
      );
      const statements = runs.length
        ? await context.repositories.payoutRuns.findStatementsOfTeam(
            args.teamId,
            runs.map((run) => run.id),
          )
        : [];
      const byCurrency = new Map<string, number>();
      const byMember = new Map<string, Money & { participantId: string }>();
      // Only the lines paid with this team: someone who moved teams mid-period has lines for both.
      for (const statement of statements) {
        const minor = statement.lines
          .filter((line) => line.teamId === args.teamId)
          .reduce((sum, line) => sum + line.amountMinor, 0);
        byCurrency.set(statement.currency, (byCurrency.get(statement.currency) ?? 0) + minor);
        const key = `${statement.participantId}|${statement.currency}`;
        const member = byMember.get(key) ?? {
          participantId: statement.participantId,
          minor: 0,
          currency: statement.currency,
        };
        member.minor += minor;
        byMember.set(key, member);
      }
      const period = parsePeriod(args.period)!;
      for (const line of await teamAdjustments(context.repositories, args.teamId, period, runs)) {
        byCurrency.set(line.currency, (byCurrency.get(line.currency) ?? 0) + line.amountMinor);
        const key = `${line.participantId}|${line.currency}`;
        const member = byMember.get(key) ?? {
          participantId: line.participantId,
          minor: 0,
          currency: line.currency,
        };
        member.minor += line.amountMinor;
        byMember.set(key, member);
      }
      return {
        teamId: args.teamId,
        period: args.period,
        totals: [...byCurrency].sort().map(([currency, minor]) => ({ currency, minor })),
        members: [...byMember.values()]
          .sort((a, b) => a.participantId.localeCompare(b.participantId))
          .map(({ participantId, minor, currency }) => ({ participantId, total: { minor, currency } })),
      };
    },
  }),
);
