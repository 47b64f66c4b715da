import type {
  CandidateAmount,
  CandidateSummary,
  ComponentComparison,
  DeltaDistribution,
  HistogramBin,
  ParticipantDelta,
  PeriodTotal,
  StatementLine,
} from '@attain/engine';
import { renderExplanation } from '@attain/rules';
import { GraphQLError } from 'graphql';
import { hasEnded } from '../backtests/backtest-jobs.js';
import { BacktestTooLargeError } from '../backtests/errors.js';
import { type ExplainedStatement, explainBacktestLine } from '../backtests/explain-line.js';
import type { Context } from '../context.js';
import { ConflictError } from '../db/errors.js';
import { InvalidInputError, NotFoundError, quoted } from '../errors.js';
import { PlanDoesNotCompileError } from '../plans/compile-versions.js';
import { PlanHasErrors } from '../plans/errors.js';
import type { RowOrder, RowSortField } from '../repositories/backtest-rows.js';
import type {
  Backtest,
  BacktestPlanRef,
  BacktestProgress,
  DeltaHistogram,
  StoredBacktestRow,
} from '../repositories/backtests.js';
import { audited } from './audit.js';
import { builder, READERS } from './builder.js';
import { ErrorInterface } from './errors.js';
import { idOfType } from './global-ids.js';
import { toConnection, toPageRequest, toPlaceConnection, toPlacePageRequest } from './pagination.js';
import { ExplanationRef, MoneyRef } from './payouts.js';
import { MinorUnitsScalar } from './scalars.js';

/** Who may start and cancel backtests; readers (also service keys) may read them. Participants never. */
const RUNNERS = { admin: true, analyst: true } as const;

const money = (minor: number, currency: string) => ({ minor, currency });

const StatusEnum = builder.enumType('BacktestStatus', {
  description:
    'queued: waiting for the job before it; running; complete: results are final; failed or cancelled: no results are kept (see error).',
  values: {
    queued: { description: 'Waiting for the job before it.' },
    running: { description: 'Loading facts, evaluating or storing; see `progress`.' },
    complete: { description: 'Finished; `summaries` and `rows` are final.' },
    failed: { description: 'Stopped; `error` says why and no results are kept.' },
    cancelled: { description: 'Stopped on request; no results are kept.' },
  } as const,
});

const PhaseEnum = builder.enumType('BacktestPhase', {
  description: 'The step a backtest job is at.',
  values: {
    queued: { description: 'Not started yet.' },
    loading: { description: 'Reading facts (`factsRead` of `factsTotal`).' },
    evaluating: { description: 'Computing statements (`participantsEvaluated`).' },
    storing: { description: 'Writing result rows.' },
    done: { description: 'Ended: complete, failed or cancelled.' },
  } as const,
});

const ProgressRef = builder.objectRef<BacktestProgress>('BacktestProgress').implement({
  authScopes: READERS,
  description: 'Where a backtest job is.',
  fields: (t) => ({
    phase: t.field({ type: PhaseEnum, description: 'The current step.', resolve: (p) => p.phase }),
    factsRead: t.exposeInt('factsRead', { description: 'Facts loaded so far, of `factsTotal`.' }),
    factsTotal: t.exposeInt('factsTotal', { description: 'Facts the job reads, counted before loading.' }),
    participantsEvaluated: t.exposeInt('participantsEvaluated', {
      description: 'Participant-period statements computed so far, over the baseline and every candidate.',
    }),
    percent: t.exposeInt('percent', { description: '0 to 100.' }),
  }),
});

const PlanRefRef = builder.objectRef<BacktestPlanRef>('BacktestPlan').implement({
  authScopes: READERS,
  description: 'The baseline or a candidate: a published plan version, or draft text.',
  fields: (t) => ({
    label: t.exposeString('label', {
      description: 'The name results are reported under, e.g. "team-performance@2".',
    }),
    planId: t.exposeString('planId', { nullable: true, description: 'The plan id; null for draft text.' }),
    version: t.exposeInt('version', {
      nullable: true,
      description: 'null on a baseline: every published version as it was in force.',
    }),
    draft: t.boolean({ description: 'True for unsaved draft text.', resolve: (ref) => ref.text !== null }),
  }),
});

const ErrorInfoRef = builder.simpleObject('BacktestError', {
  authScopes: READERS,
  description: 'Why a job failed, or that it was cancelled.',
  fields: (t) => ({
    code: t.string({ description: 'Stable machine-readable code, e.g. INTERRUPTED or CANCELLED.' }),
    message: t.string({ description: 'What happened and what to do about it.' }),
  }),
});

type WithCurrency<T> = T & { currency: string; label?: string };

const AmountRef = builder.objectRef<WithCurrency<CandidateAmount>>('BacktestAmount').implement({
  authScopes: READERS,
  description: "A candidate's amount and its change from the baseline.",
  fields: (t) => ({
    candidate: t.string({ description: "The candidate's label.", resolve: (a) => a.label ?? '' }),
    total: t.field({
      type: MoneyRef,
      description: 'What the candidate pays.',
      resolve: (a) => money(a.totalMinor, a.currency),
    }),
    delta: t.field({
      type: MoneyRef,
      description: 'Candidate minus baseline; negative when it pays less.',
      resolve: (a) => money(a.deltaMinor, a.currency),
    }),
    percentChange: t.float({
      nullable: true,
      description: 'delta / baseline as a fraction (0.05 = +5%); null when the baseline is 0.',
      resolve: (a) => a.percentChange,
    }),
  }),
});

const ComponentRef = builder.objectRef<WithCurrency<ComponentComparison> & { labels: string[] }>(
  'BacktestComponent',
);
ComponentRef.implement({
  authScopes: READERS,
  description: 'One component of a row: all its lines summed, under the baseline and each candidate.',
  fields: (t) => ({
    component: t.exposeString('component', {
      description:
        "The component's name as the plan texts give it: the baseline's, or a candidate's when the baseline has no component of this code.",
    }),
    componentCode: t.string({
      description:
        'The code the runs\' lines are matched by (`code "NB"` in the plan text, else the name), so a candidate that renames a component keeping its code shows a change on one row. Never null; on rows stored before codes it is the name.',
      // The repository gives rows stored before codes their name as code.
      resolve: (c) => c.componentCode,
    }),
    baseline: t.field({
      type: MoneyRef,
      description: 'What the baseline pays for the component.',
      resolve: (c) => money(c.baselineMinor, c.currency),
    }),
    candidates: t.field({
      type: [AmountRef],
      description: 'What each candidate pays for it, in the order the candidates were given.',
      resolve: (c) => c.candidates.map((a, i) => ({ ...a, currency: c.currency, label: c.labels[i] })),
    }),
  }),
});

type RowParent = StoredBacktestRow & { currency: string; labels: string[] };

const RowRef = builder.objectRef<RowParent>('BacktestRow').implement({
  authScopes: READERS,
  description: 'One participant in one period: the baseline payout, each candidate payout, and the deltas.',
  fields: (t) => ({
    participantId: t.exposeString('participantId', { description: "The participant's external id." }),
    period: t.exposeString('periodId', { description: "The period, e.g. '2025-Q1'." }),
    baseline: t.field({
      type: MoneyRef,
      description: 'What the baseline pays the participant in the period.',
      resolve: (r) => money(r.baselineMinor, r.currency),
    }),
    candidates: t.field({
      type: [AmountRef],
      description: 'What each candidate pays, in the order the candidates were given.',
      resolve: (r) => r.candidates.map((a, i) => ({ ...a, currency: r.currency, label: r.labels[i] })),
    }),
    components: t.field({
      type: [ComponentRef],
      description: 'The same per component name, over the baseline and candidates together.',
      resolve: (r) => r.components.map((c) => ({ ...c, currency: r.currency, labels: r.labels })),
    }),
  }),
});

const PeriodTotalRef = builder.objectRef<WithCurrency<PeriodTotal>>('BacktestPeriodTotal').implement({
  authScopes: READERS,
  description: "One period's totals over every participant compared, under the baseline and one candidate.",
  fields: (t) => ({
    period: t.exposeString('periodId', { description: "The period, e.g. '2025-Q1'." }),
    baseline: t.field({
      type: MoneyRef,
      description: 'What the baseline pays in the period.',
      resolve: (p) => money(p.baselineMinor, p.currency),
    }),
    candidate: t.field({
      type: MoneyRef,
      description: 'What the candidate pays in the period.',
      resolve: (p) => money(p.candidateMinor, p.currency),
    }),
    delta: t.field({
      type: MoneyRef,
      description: 'Candidate minus baseline.',
      resolve: (p) => money(p.deltaMinor, p.currency),
    }),
    percentChange: t.float({
      nullable: true,
      description: 'delta / baseline as a fraction (0.05 = +5%); null when the baseline is 0.',
      resolve: (p) => p.percentChange,
    }),
  }),
});

const ParticipantDeltaRef = builder
  .objectRef<WithCurrency<ParticipantDelta>>('BacktestParticipantDelta')
  .implement({
    authScopes: READERS,
    description: "A participant's change summed over all periods.",
    fields: (t) => ({
      participantId: t.exposeString('participantId', { description: "The participant's external id." }),
      baseline: t.field({
        type: MoneyRef,
        description: 'What the baseline pays them over all periods.',
        resolve: (d) => money(d.baselineMinor, d.currency),
      }),
      candidate: t.field({
        type: MoneyRef,
        description: 'What the candidate pays them over all periods.',
        resolve: (d) => money(d.candidateMinor, d.currency),
      }),
      delta: t.field({
        type: MoneyRef,
        description: 'Candidate minus baseline.',
        resolve: (d) => money(d.deltaMinor, d.currency),
      }),
      percentChange: t.float({
        nullable: true,
        description: 'delta / baseline as a fraction (0.05 = +5%); null when the baseline is 0.',
        resolve: (d) => d.percentChange,
      }),
    }),
  });

const HistogramBinRef = builder.objectRef<HistogramBin>('BacktestHistogramBin').implement({
  authScopes: READERS,
  description: 'Participants whose total delta lies in [from, to] (minor units, inclusive).',
  fields: (t) => ({
    from: t.field({
      type: MinorUnitsScalar,
      description: 'Lowest delta of the bin, minor units.',
      resolve: (b) => b.fromMinor,
    }),
    to: t.field({
      type: MinorUnitsScalar,
      description: 'Highest delta of the bin, minor units.',
      resolve: (b) => b.toMinor,
    }),
    count: t.exposeInt('count', { description: 'Participants in the bin.' }),
  }),
});

const DistributionRef = builder.objectRef<WithCurrency<DeltaDistribution>>('BacktestDistribution').implement({
  authScopes: READERS,
  description: "How a candidate's change falls on people (each participant's delta over all periods).",
  fields: (t) => ({
    gain: t.exposeInt('gain', { description: 'Participants the candidate pays more.' }),
    lose: t.exposeInt('lose', { description: 'Participants the candidate pays less.' }),
    unchanged: t.exposeInt('unchanged', { description: 'Participants paid the same to the cent.' }),
    largestGains: t.field({
      type: [ParticipantDeltaRef],
      description: 'The participants with the largest gains, largest first (a few).',
      resolve: (d) => d.largestGains.map((g) => ({ ...g, currency: d.currency })),
    }),
    largestLosses: t.field({
      type: [ParticipantDeltaRef],
      description: 'The participants with the largest losses, largest first (a few).',
      resolve: (d) => d.largestLosses.map((l) => ({ ...l, currency: d.currency })),
    }),
    histogram: t.field({
      type: [HistogramBinRef],
      description: 'Equal-width bins of deltas, from the smallest to the largest, for a chart.',
      resolve: (d) => [...d.histogram],
    }),
  }),
});

const SummaryRef = builder.objectRef<WithCurrency<CandidateSummary>>('BacktestCandidateSummary').implement({
  authScopes: READERS,
  description: 'One candidate against the baseline: the cost of the change per period and overall.',
  fields: (t) => ({
    candidate: t.exposeString('label', { description: "The candidate's label." }),
    baseline: t.field({
      type: MoneyRef,
      description: 'What the baseline pays over every period and participant.',
      resolve: (s) => money(s.baselineMinor, s.currency),
    }),
    total: t.field({
      type: MoneyRef,
      description: 'What the candidate pays over every period and participant.',
      resolve: (s) => money(s.totalMinor, s.currency),
    }),
    delta: t.field({
      type: MoneyRef,
      description: 'total minus baseline.',
      resolve: (s) => money(s.deltaMinor, s.currency),
    }),
    percentChange: t.float({
      nullable: true,
      description: 'delta / baseline as a fraction (0.05 = +5%); null when the baseline is 0.',
      resolve: (s) => s.percentChange,
    }),
    periods: t.field({
      type: [PeriodTotalRef],
      description: 'The same per period, in period order.',
      resolve: (s) => s.periods.map((p) => ({ ...p, currency: s.currency })),
    }),
    distribution: t.field({
      type: DistributionRef,
      description: 'How the change falls on people.',
      resolve: (s) => ({ ...s.distribution, currency: s.currency }),
    }),
  }),
});

export const BacktestRef = builder.loadableNode('Backtest', {
  description:
    'A backtest job: candidates replayed against a baseline over past periods. Results appear once it is complete.',
  authScopes: READERS,
  id: { resolve: (job: Backtest) => job.id },
  load: (ids: string[], context: Context) => context.repositories.backtests.findByIds(ids),
  sort: (job) => job.id,
  fields: (t) => ({
    status: t.field({
      type: StatusEnum,
      description: 'Where the job is in its life.',
      resolve: (job) => job.status,
    }),
    progress: t.field({
      type: ProgressRef,
      description: 'How far it has got.',
      resolve: (job) => job.progress,
    }),
    cancelRequested: t.exposeBoolean('cancelRequested', {
      description: 'True once cancelBacktest was called; the job stops at its next step.',
    }),
    error: t.field({
      type: ErrorInfoRef,
      nullable: true,
      description: 'Why it failed or that it was cancelled; null otherwise.',
      resolve: (job) => job.error,
    }),
    baseline: t.field({
      type: PlanRefRef,
      description: 'What the candidates are compared with.',
      resolve: (job) => job.request.baseline,
    }),
    candidates: t.field({
      type: [PlanRefRef],
      description: 'The plans replayed, in the order given.',
      resolve: (job) => job.request.candidates,
    }),
    periods: t.stringList({
      description: "The periods replayed, in order, e.g. ['2025-Q1', '2025-Q2'].",
      resolve: (job) => job.periods,
    }),
    teamIds: t.stringList({
      description: 'External ids of the teams compared; empty: every team.',
      resolve: (job) => job.request.teamIds,
    }),
    participantIds: t.stringList({
      description: 'External ids of the participants compared; empty: every participant.',
      resolve: (job) => job.request.participantIds,
    }),
    currency: t.exposeString('currency', {
      description: "ISO 4217 code of every amount: the baseline plan's currency.",
    }),
    createdAt: t.string({
      description: 'When it was started, ISO timestamp (UTC).',
      resolve: (job) => job.createdAt.toISOString(),
    }),
    finishedAt: t.string({
      nullable: true,
      description: 'When it ended, ISO timestamp (UTC); null until then.',
      resolve: (job) => job.finishedAt?.toISOString() ?? null,
    }),
    participants: t.int({
      nullable: true,
      description: 'Participants compared; null until complete.',
      resolve: (job) => (job.status === 'complete' ? (job.summary?.participants ?? null) : null),
    }),
    summaries: t.field({
      type: [SummaryRef],
      description: 'One per candidate; empty until complete.',
      resolve: (job) =>
        job.status === 'complete'
          ? (job.summary?.candidates ?? []).map((s) => ({ ...s, currency: job.currency }))
          : [],
    }),
    rows: t.connection(
      {
        type: RowRef,
        description:
          'Per participant and period, by period then participant unless `orderBy` says otherwise, at most 100 a page; empty unless complete.',
        args: {
          participantId: t.arg.string({
            required: false,
            description: "Only this participant's rows (external id); null: all.",
          }),
          orderBy: t.arg({
            type: RowOrderInput,
            required: false,
            description:
              'How to sort the rows; null: by period, then participant. Equal amounts are listed by participant, then period.',
          }),
        },
        resolve: async (job, args, context) => {
          const request = toPlacePageRequest(args);
          if (job.status !== 'complete')
            return toPlaceConnection({ items: [], hasNextPage: false, hasPreviousPage: false });
          const labels = job.request.candidates.map((c) => c.label);
          const order = args.orderBy ? toRowOrder(args.orderBy, labels) : undefined;
          const page = await context.repositories.backtests.findRowPage(job.id, request, {
            ...(args.participantId != null ? { participantId: args.participantId } : {}),
            ...(order ? { order } : {}),
          });
          return {
            ...toPlaceConnection({
              ...page,
              items: page.items.map((row) => ({ ...row, currency: job.currency, labels })),
            }),
            totalCount: page.totalCount,
          };
        },
      },
      {
        fields: (c) => ({
          totalCount: c.int({
            description:
              "Rows over every page (only `participantId`'s when given), read from the stored directory; 0 unless complete.",
            resolve: (connection) => (connection as { totalCount?: number }).totalCount ?? 0,
          }),
        }),
      },
    ),
    deltaHistogram: t.field({
      type: DeltaHistogramRef,
      nullable: true,
      description:
        "How one candidate's deltas spread over the rows (a participant in a period), in equal-width bins of whole minor units, computed from the stored amounts without reading the rows; null until complete.",
      args: {
        candidate: t.arg.string({ description: "The candidate's label, as `candidates` gives it." }),
        bins: t.arg.int({
          required: false,
          defaultValue: 20,
          description:
            'Most bins to return, 1 to 100 (BAD_USER_INPUT outside); fewer when the deltas span fewer minor units.',
        }),
      },
      resolve: async (job, args, context) => {
        const labels = job.request.candidates.map((c) => c.label);
        const candidate = candidateIndex(args.candidate, labels, 'candidate');
        const bins = args.bins ?? 20;
        if (!Number.isInteger(bins) || bins < 1 || bins > 100) {
          throw new GraphQLError(`bins must be between 1 and 100, got ${bins}.`, {
            extensions: { code: 'BAD_USER_INPUT' },
          });
        }
        if (job.status !== 'complete') return null;
        const spread = await context.repositories.backtests.deltaHistogram(job.id, candidate, bins);
        return { ...spread, candidate: args.candidate, currency: job.currency };
      },
    }),
  }),
});

const DeltaHistogramBinRef = builder.objectRef<HistogramBin>('DeltaHistogramBin').implement({
  authScopes: READERS,
  description:
    'Rows (a participant in a period) whose delta lies in [from, to], minor units, both inclusive.',
  fields: (t) => ({
    from: t.field({
      type: MinorUnitsScalar,
      description: 'Lowest delta the bin holds, minor units of the backtest currency.',
      resolve: (b) => b.fromMinor,
    }),
    to: t.field({
      type: MinorUnitsScalar,
      description: 'Highest delta the bin holds, minor units of the backtest currency.',
      resolve: (b) => b.toMinor,
    }),
    count: t.exposeInt('count', { description: 'Rows in the bin; 0 for an empty bin between others.' }),
  }),
});

const DeltaHistogramRef = builder
  .objectRef<DeltaHistogram & { candidate: string; currency: string }>('DeltaHistogram')
  .implement({
    authScopes: READERS,
    description:
      "One candidate's delta (candidate minus baseline) per row of a complete backtest, counted in bins: the counts add up to `rows`.",
    fields: (t) => ({
      candidate: t.exposeString('candidate', { description: "The candidate's label." }),
      rows: t.exposeInt('rows', { description: 'Rows counted: every participant in every period.' }),
      zero: t.exposeInt('zero', {
        description: 'Rows whose delta is exactly 0 (paid the same to the cent).',
      }),
      min: t.field({
        type: MoneyRef,
        nullable: true,
        description: 'The smallest delta; null when the backtest has no rows.',
        resolve: (h) => (h.minMinor === null ? null : money(h.minMinor, h.currency)),
      }),
      max: t.field({
        type: MoneyRef,
        nullable: true,
        description:
          'The largest delta; equal to `min` when every delta is the same; null when there are no rows.',
        resolve: (h) => (h.maxMinor === null ? null : money(h.maxMinor, h.currency)),
      }),
      bins: t.field({
        type: [DeltaHistogramBinRef],
        description:
          'Equal-width bins from `min` to `max`, in order; one bin when every delta is equal; empty with no rows.',
        resolve: (h) => h.bins,
      }),
    }),
  });

const RowSortFieldEnum = builder.enumType('BacktestRowSortField', {
  description: 'What backtest rows can be sorted by.',
  values: {
    PERIOD: { value: 'key', description: 'Period, then participant (the stored order).' },
    PARTICIPANT: { value: 'participant', description: 'Participant external id, then period.' },
    BASELINE: { value: 'baseline', description: 'The baseline payout, in minor units.' },
    CANDIDATE: { value: 'candidate', description: "The candidate's payout, in minor units." },
    DELTA: { value: 'delta', description: 'Candidate minus baseline, in minor units.' },
  } as const,
});

const RowOrderInput = builder.inputType('BacktestRowOrder', {
  description: 'A sort of backtest rows: a field, the candidate it reads, and the direction.',
  fields: (t) => ({
    by: t.field({ type: RowSortFieldEnum, description: 'What to sort by.' }),
    candidate: t.string({
      required: false,
      description:
        "The candidate's label, for CANDIDATE and DELTA; null: the first candidate. Ignored by the other fields.",
    }),
    descending: t.boolean({
      required: false,
      description: 'Largest (or last) first; null or false: smallest first.',
    }),
  }),
});

/** The repository's order for a request's `orderBy`; an unknown candidate label is a bad argument. */
function toRowOrder(
  orderBy: { by: RowSortField; candidate?: string | null; descending?: boolean | null },
  labels: readonly string[],
): RowOrder {
  let candidate = 0;
  if (orderBy.candidate != null && (orderBy.by === 'candidate' || orderBy.by === 'delta')) {
    candidate = candidateIndex(orderBy.candidate, labels, 'orderBy.candidate');
  }
  return { by: orderBy.by, candidate, descending: orderBy.descending === true };
}

/** The index of a candidate label among a backtest's; an unknown label is a BAD_USER_INPUT error naming the known ones. */
function candidateIndex(label: string, labels: readonly string[], argument: string): number {
  const index = labels.indexOf(label);
  if (index < 0) {
    throw new GraphQLError(
      `${argument} ${quoted(label)} is not a candidate of this backtest; its candidates are ${labels.map((l) => quoted(l)).join(', ')}.`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  return index;
}

builder.objectType(BacktestTooLargeError, {
  name: 'BacktestTooLargeError',
  description:
    'The backtest would load more facts than ATTAIN_BACKTEST_MAX_FACTS allows; nothing was stored.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof BacktestTooLargeError,
  fields: (t) => ({
    factCount: t.exposeInt('factCount', { description: 'Facts the backtest would load, counted up front.' }),
    maxFacts: t.exposeInt('maxFacts', { description: 'The limit: ATTAIN_BACKTEST_MAX_FACTS.' }),
    estimatedMegabytes: t.int({
      description: 'Memory those facts would take, MiB, rounded up.',
      resolve: (error) => Math.ceil(error.estimatedBytes / 2 ** 20),
    }),
  }),
});

const BaselineInput = builder.inputType('BacktestBaselineInput', {
  description: 'The published plan the candidates are compared with.',
  fields: (t) => ({
    planId: t.string({ description: 'The plan id given at creation.' }),
    version: t.int({ required: false, description: 'Omit for every published version as it was in force.' }),
  }),
});

const CandidateInput = builder.inputType('BacktestCandidateInput', {
  description: 'A published version (planId and version) or unsaved draft text, not both.',
  fields: (t) => ({
    label: t.string({ required: false, description: 'Defaults to planId@version, or "draft N".' }),
    planId: t.string({ required: false, description: 'The plan id, with `version`; leave out with `text`.' }),
    version: t.int({ required: false, description: 'The published version number, with `planId`.' }),
    text: t.string({ required: false, description: 'Plan text; checked, never stored as a version.' }),
  }),
});

const StartInput = builder.inputType('StartBacktestInput', {
  description: 'What to replay: a baseline, candidates, a range of periods and optionally who.',
  fields: (t) => ({
    baseline: t.field({ type: BaselineInput, description: 'What the candidates are compared with.' }),
    candidates: t.field({ type: [CandidateInput], description: 'One or more plans to replay.' }),
    from: t.string({ description: "First period, of the baseline plan's kind, e.g. '2025-Q1'." }),
    to: t.string({ description: "Last period, inclusive, e.g. '2025-Q4'." }),
    teamIds: t.stringList({ required: false, description: "Compare only these teams' members." }),
    participantIds: t.stringList({ required: false, description: 'Compare only these participants.' }),
  }),
});

builder.mutationField('startBacktest', (t) =>
  t.field({
    type: BacktestRef,
    description:
      'Checks the request and starts a backtest job; follow it with the backtestProgress subscription or the backtest query (admin, analyst).',
    authScopes: RUNNERS,
    errors: {
      types: [
        NotFoundError,
        InvalidInputError,
        PlanDoesNotCompileError,
        PlanHasErrors,
        BacktestTooLargeError,
      ],
    },
    args: { input: t.arg({ type: StartInput, description: 'The backtest to run.' }) },
    resolve: audited(async (_root, { input }, context) => {
      return context.backtestJobs.start(
        {
          baseline: { planId: input.baseline.planId, version: input.baseline.version ?? null },
          candidates: input.candidates,
          from: input.from,
          to: input.to,
          teamIds: input.teamIds ?? [],
          participantIds: input.participantIds ?? [],
        },
        context.apiKey?.id ?? null,
      );
    }),
  }),
);

builder.mutationField('cancelBacktest', (t) =>
  t.field({
    type: BacktestRef,
    description:
      'Asks a queued or running backtest to stop; it ends as cancelled at its next step, keeping no results (admin, analyst).',
    authScopes: RUNNERS,
    errors: { types: [NotFoundError, InvalidInputError] },
    args: { id: t.arg.id({ description: "The backtest's global id." }) },
    resolve: audited(async (_root, args, context) => context.backtestJobs.cancel(backtestId(args.id))),
  }),
);

builder.mutationField('restartBacktest', (t) =>
  t.field({
    type: BacktestRef,
    description:
      'Starts again, under the same id, a backtest whose process stopped before it ended (status failed, error code INTERRUPTED), from its stored request; any other job is refused with an InvalidInputError (admin).',
    authScopes: { admin: true },
    errors: {
      types: [
        NotFoundError,
        InvalidInputError,
        ConflictError,
        PlanDoesNotCompileError,
        PlanHasErrors,
        BacktestTooLargeError,
      ],
    },
    args: { id: t.arg.id({ description: "The backtest's global id." }) },
    resolve: audited(async (_root, args, context) => context.backtestJobs.restart(backtestId(args.id))),
  }),
);

builder.queryField('backtest', (t) =>
  t.field({
    type: BacktestRef,
    nullable: true,
    description: 'A backtest job by id, for polling its progress and reading its results.',
    authScopes: READERS,
    args: { id: t.arg.id({ description: "The backtest's global id." }) },
    resolve: (_root, args, context) => {
      const id = idOfType(args.id, 'Backtest');
      return id === null ? null : context.repositories.backtests.findById(id);
    },
  }),
);

builder.queryField('backtests', (t) =>
  t.connection({
    type: BacktestRef,
    description: 'Backtest jobs, at most 100 a page.',
    authScopes: READERS,
    resolve: async (_root, args, context) =>
      toConnection(await context.repositories.backtests.findPage(toPageRequest(args))),
  }),
);

builder.subscriptionType({
  description: 'Live updates, served as server-sent events.',
  authScopes: READERS,
});

builder.subscriptionField('backtestProgress', (t) =>
  t.field({
    type: BacktestRef,
    description:
      "A backtest's state now, then at each change of progress, until it ends (complete, failed or cancelled).",
    authScopes: READERS,
    args: { id: t.arg.id({ description: "The backtest's global id." }) },
    subscribe: (_root, args, context) => followBacktest(context, backtestId(args.id)),
    resolve: (job) => job,
  }),
);

/** The job id inside a Backtest global id; a malformed one names no backtest. */
function backtestId(globalId: string): string {
  const id = idOfType(globalId, 'Backtest');
  if (id === null) throw new NotFoundError(`No backtest has the id ${quoted(globalId)}.`);
  return id;
}

/** The job's stored state first, then every published change until the job ends. */
async function* followBacktest(context: Context, id: string): AsyncGenerator<Backtest> {
  const events = context.backtestJobs.events.subscribe('backtest', id)[Symbol.asyncIterator]();
  // Listening starts with the first next(), before the stored state is read, so no change is missed.
  let pending = events.next();
  try {
    const current = await context.repositories.backtests.findById(id);
    if (!current) throw new NotFoundError(`No backtest has the id ${quoted(id)}.`);
    yield current;
    if (hasEnded(current)) return;
    for (;;) {
      const event = await pending;
      if (event.done) return;
      yield event.value;
      if (hasEnded(event.value)) return;
      pending = events.next();
    }
  } finally {
    await events.return?.();
  }
}

const ExplainedLineRef = builder.objectRef<StatementLine & { currency: string }>('BacktestLine').implement({
  authScopes: READERS,
  description: 'A payout line of a backtest statement, with its explanation.',
  fields: (t) => ({
    component: t.exposeString('component', {
      description: "The component's name as the plan text gives it.",
    }),
    amount: t.field({
      type: MoneyRef,
      description: 'What the line pays.',
      resolve: (l) => money(l.amountMinor, l.currency),
    }),
    attainment: t.float({
      nullable: true,
      description: 'The main attainment as a fraction (1.05 = 105%); null when the component has none.',
      resolve: (l) => l.attainment,
    }),
    from: t.exposeString('from', { description: 'First day the line pays for, YYYY-MM-DD.' }),
    to: t.exposeString('to', { description: 'Last day the line pays for, YYYY-MM-DD.' }),
    explanation: t.field({
      type: ExplanationRef,
      description: 'Why it pays what it does.',
      resolve: (l) => l.explanation,
    }),
    explanationText: t.string({
      description: 'The explanation as indented plain text, money formatted.',
      resolve: (l) => renderExplanation(l.explanation, l.currency),
    }),
  }),
});

const ExplainedRef = builder.objectRef<ExplainedStatement & { participantId: string; periodId: string }>(
  'BacktestExplanation',
);
ExplainedRef.implement({
  authScopes: READERS,
  description: "One participant's statement for one period under the baseline or a candidate, line by line.",
  fields: (t) => ({
    plan: t.exposeString('label', { description: "The baseline's or candidate's label." }),
    participantId: t.exposeString('participantId', { description: "The participant's external id." }),
    period: t.exposeString('periodId', { description: "The period, e.g. '2025-Q1'." }),
    total: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'null when the participant has no statement under this plan in this period.',
      resolve: (e) => (e.statement ? money(e.statement.totalMinor, e.statement.currency) : null),
    }),
    matchesStored: t.boolean({
      description:
        'False when the data changed since the backtest ran, so this explanation no longer gives the stored amount.',
      resolve: (e) =>
        (e.statement?.totalMinor ?? null) === e.storedMinor || (e.statement === null && e.storedMinor === 0),
    }),
    lines: t.field({
      type: [ExplainedLineRef],
      description: 'The payout lines; empty when there is no statement.',
      resolve: (e) => (e.statement?.lines ?? []).map((l) => ({ ...l, currency: e.statement!.currency })),
    }),
    adjustments: t.field({
      type: [ExplanationRef],
      description: 'Gates, modifiers and caps applied, in order; empty when none.',
      resolve: (e) => [...(e.statement?.adjustments ?? [])],
    }),
  }),
});

builder.queryField('backtestExplanation', (t) =>
  t.field({
    type: ExplainedRef,
    description:
      'Why a participant is paid what they are in one period of a complete backtest, under the baseline (no candidate) or a candidate: computed on demand, so it reads the facts of that period again.',
    authScopes: READERS,
    errors: { types: [NotFoundError, InvalidInputError] },
    args: {
      id: t.arg.id({ description: "The backtest's global id." }),
      participantId: t.arg.string({ description: "The participant's external id." }),
      period: t.arg.string({ description: "One of the backtest's periods, e.g. '2025-Q1'." }),
      candidate: t.arg.string({
        required: false,
        description: "A candidate's label; omit for the baseline.",
      }),
    },
    resolve: async (_root, args, context) => {
      const job = await context.repositories.backtests.findById(backtestId(args.id));
      if (!job) throw new NotFoundError(`No backtest has the id ${quoted(args.id)}.`);
      const explained = await explainBacktestLine(
        context.repositories,
        job,
        args.participantId,
        args.period,
        args.candidate ?? null,
      );
      return { ...explained, participantId: args.participantId, periodId: args.period };
    },
  }),
);
