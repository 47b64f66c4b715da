import { type Diagnostic, MAX_PLAN_TEXT_LENGTH } from '@attain/rules';
import type { Context } from '../context.js';
import { ConflictError } from '../db/errors.js';
import { DEFAULT_PAGE_SIZE, type Page, type PageRequest } from '../db/page.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { checkPlanOffThread, type PlanCheckSummary } from '../plans/check-off-thread.js';
import { PlanHasErrors } from '../plans/errors.js';
import { diffLines } from '../plans/line-diff.js';
import { createPlan, publishPlanVersion, savePlanDraft } from '../plans/plan-service.js';
import { renameWarnings } from '../plans/renamed-components.js';
import type { Plan, PlanVersion } from '../repositories/plans.js';
import { audited } from './audit.js';
import { builder, READERS } from './builder.js';
import { ErrorInterface } from './errors.js';
import { badArgument, toConnection, toPageRequest } from './pagination.js';
import { DayScalar } from './scalars.js';

const SeverityEnum = builder.enumType('Severity', {
  description:
    'error: the plan cannot be published; warning: probably unintended; info: for your information.',
  values: {
    error: { description: 'The text cannot be published or run until this is fixed.' },
    warning: { description: 'Allowed, but probably not what the author meant.' },
    info: { description: 'A note, e.g. how a rule will be read; nothing to fix.' },
  } as const,
});

const PositionRef = builder.simpleObject('Position', {
  description: 'A place in the plan text.',
  fields: (t) => ({
    line: t.int({ description: '1-based line.' }),
    column: t.int({ description: '1-based column.' }),
    offset: t.int({ description: '0-based character offset.' }),
  }),
});

const RangeRef = builder.simpleObject('TextRange', {
  description: 'A stretch of the plan text, for underlining in an editor.',
  fields: (t) => ({
    start: t.field({ type: PositionRef, description: 'Where the stretch begins (inclusive).' }),
    end: t.field({ type: PositionRef, description: 'Where the stretch ends (exclusive).' }),
  }),
});

const DiagnosticRef = builder.objectRef<Diagnostic>('Diagnostic').implement({
  description: 'A problem or note about plan text: what, where, and how to fix it.',
  fields: (t) => ({
    severity: t.field({ type: SeverityEnum, description: 'How serious it is.', resolve: (d) => d.severity }),
    code: t.exposeString('code', { description: 'Stable code, e.g. unknown-name.' }),
    message: t.exposeString('message', {
      description: 'What is wrong and how to fix it, for the plan author.',
    }),
    range: t.field({ type: RangeRef, description: 'The text it is about.', resolve: (d) => d.range }),
  }),
});

builder.objectType(PlanHasErrors, {
  name: 'PlanHasErrors',
  description:
    'The plan text has errors: nothing was published, or (for a backtest candidate) no backtest was started.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof PlanHasErrors,
  fields: (t) => ({
    diagnostics: t.field({
      type: [DiagnosticRef],
      description: 'Every diagnostic of the text, errors first; at least one error.',
      resolve: (error) => [...error.diagnostics],
    }),
  }),
});

const MeasureRequirementRef = builder.simpleObject('MeasureRequirement', {
  description: 'A number the engine computes from facts for the plan (what it must load).',
  fields: (t) => ({
    key: t.string({ description: 'Canonical description, e.g. sum(order.amount) team period.' }),
    aggregation: t.string({ description: 'How the facts are combined: sum, count, average, min or max.' }),
    factKind: t.string({ description: 'The kind of fact read, e.g. order.' }),
    field: t.string({
      nullable: true,
      description: 'The fact field aggregated, e.g. amount; null for a count.',
    }),
    scope: t.string({
      description:
        'team, individual or account. The aggregates a statistic over teams reads for each team are listed with team scope.',
    }),
    window: t.string({ description: 'period, prior period, same period last year or year to date.' }),
  }),
});

/** One entry per key: a team aggregate read for the participant and for a statistic over teams is one load. */
function uniqueByKey<T extends { key: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((item) => [item.key, item] as const)).values()];
}

const ComponentRangeRef = builder.simpleObject('ComponentPayoutRange', {
  description: 'The least and most a component can pay, as fractions of the target incentive.',
  fields: (t) => ({
    component: t.string({ description: "The component's name as the plan text gives it." }),
    min: t.float({
      nullable: true,
      description: 'Least it can pay (0.5 = 50% of target); null when the checker cannot bound it below.',
    }),
    max: t.float({ nullable: true, description: 'null when the component has no upper bound.' }),
  }),
});

const PlanCheckRef = builder.objectRef<PlanCheckSummary>('PlanCheck').implement({
  description: 'What the checker says about a plan text: diagnostics, what it needs, what it can cost.',
  fields: (t) => ({
    valid: t.boolean({
      description: 'True when the text has no errors and can be published.',
      resolve: (check) => check.plan !== null,
    }),
    diagnostics: t.field({
      type: [DiagnosticRef],
      description: 'Errors, warnings and notes in text order; empty when there are none.',
      resolve: (check) => check.diagnostics,
    }),
    name: t.string({
      nullable: true,
      description: 'The name the text declares; null when the text has errors.',
      resolve: (check) => check.plan?.name ?? null,
    }),
    period: t.string({
      nullable: true,
      description: 'month, quarter, half or year; null when the text has errors.',
      resolve: (check) => check.plan?.period ?? null,
    }),
    currency: t.string({
      nullable: true,
      description: 'ISO 4217 code the plan pays in; null when the text has errors.',
      resolve: (check) => check.plan?.currency ?? null,
    }),
    measures: t.field({
      type: [MeasureRequirementRef],
      description:
        'The fact aggregates the plan reads, for the participant paid and for each team of a statistic over teams; empty when the text has errors.',
      resolve: (check) =>
        uniqueByKey([
          ...(check.plan?.requirements.aggregates ?? []),
          ...(check.plan?.requirements.populations ?? []).flatMap((p) => p.aggregates),
        ]).map((aggregate) => ({
          key: aggregate.key,
          aggregation: aggregate.aggregation,
          factKind: aggregate.factKind,
          field: aggregate.field,
          scope: aggregate.scope,
          window: aggregate.window,
        })),
    }),
    goals: t.stringList({
      description: 'Names of the goals the plan looks up.',
      resolve: (check) => [...new Set((check.plan?.requirements.goals ?? []).map((goal) => goal.name))],
    }),
    minPayout: t.float({
      nullable: true,
      description: 'Least the plan can pay, as a fraction of target incentive (0.5 = 50%).',
      resolve: (check) => check.payoutRange?.plan.min ?? null,
    }),
    maxPayout: t.float({
      nullable: true,
      description: 'Most the plan can pay, as a fraction of target incentive; null when unbounded.',
      resolve: (check) => check.payoutRange?.plan.max ?? null,
    }),
    components: t.field({
      type: [ComponentRangeRef],
      description: 'The payout range of each component, in text order; empty when the text has errors.',
      resolve: (check) =>
        (check.payoutRange?.components ?? []).map(({ name, min, max }) => ({ component: name, min, max })),
    }),
  }),
});

const DiffChangeEnum = builder.enumType('DiffChange', {
  description: 'How a line differs between the two texts.',
  values: {
    same: { description: 'In both texts; `oldLine` and `newLine` are set.' },
    removed: { description: 'Only in the older text; `newLine` is null.' },
    added: { description: 'Only in the newer text; `oldLine` is null.' },
  } as const,
});

const DiffLineRef = builder.simpleObject('DiffLine', {
  description: 'One line of a line diff between two plan texts.',
  fields: (t) => ({
    change: t.field({ type: DiffChangeEnum, description: 'Same, removed or added.' }),
    oldLine: t.int({
      nullable: true,
      description: '1-based line number in the older text; null for an added line.',
    }),
    newLine: t.int({
      nullable: true,
      description: '1-based line number in the newer text; null for a removed line.',
    }),
    text: t.string({ description: 'The line, without its line break.' }),
  }),
});

export const PlanVersionRef = builder.loadableNodeRef<PlanVersion, string, string>('PlanVersion', {
  id: { resolve: (version) => version.id },
  load: (ids: string[], context: Context) => context.repositories.plans.findVersionsByIds(ids),
  sort: (version) => version.id,
});

export const PlanRef = builder.loadableNodeRef<Plan, string, string>('Plan', {
  id: { resolve: (plan) => plan.id },
  load: (ids: string[], context: Context) => context.repositories.plans.findByIds(ids),
  sort: (plan) => plan.id,
});

PlanVersionRef.implement({
  description: 'A published version of a plan: immutable text in force over a date range.',
  authScopes: READERS,
  fields: (t) => ({
    version: t.exposeInt('version', { description: '1, 2, 3, ...; never reused.' }),
    text: t.exposeString('text', {
      description: 'The plan text of this version as published, its plan "…" line naming this plan.',
    }),
    effectiveFrom: t.expose('effectiveFrom', { type: DayScalar, description: 'First day it is in force.' }),
    effectiveTo: t.expose('effectiveTo', {
      type: DayScalar,
      nullable: true,
      description: 'Last day, inclusive; null until replaced.',
    }),
    publishedAt: t.string({
      description: 'When it was published, ISO timestamp (UTC).',
      resolve: (version) => version.publishedAt.toISOString(),
    }),
    check: t.field({
      type: PlanCheckRef,
      description:
        'Diagnostics (warnings and notes), the measures it needs and its payout range. The warnings include COMPONENT_RENAMED: a component of the version in force the day before this one (in the same year) renamed without its code.',
      resolve: async (version, _args, context) => {
        const summary = await context.repositories.compiledPlans.check(version);
        const earlier = (await context.repositories.plans.findVersions(version.planId)).filter(
          (v) => v.version < version.version,
        );
        return withDiagnostics(summary, renameWarnings(version.text, version.effectiveFrom, earlier));
      },
    }),
    plan: t.field({
      type: PlanRef,
      nullable: true,
      description: 'The plan it is a version of; null when this key may not see it.',
      resolve: (version) => version.planId,
    }),
  }),
});

PlanRef.implement({
  description:
    'An incentive plan: a draft being edited and its published versions. A participant key reads only the id, externalId and name, of the plans of its own statements.',
  // Participants reach a plan only through their own statements (node answers null for them),
  // to label a statement; every field beyond the name is for readers.
  authScopes: { ...READERS, participant: true },
  fields: (t) => ({
    externalId: t.exposeString('id', { description: 'The id given at creation, e.g. "team-performance".' }),
    name: t.exposeString('name', {
      description:
        'The display name, unique among plans; every published version says plan "<name>" with it.',
    }),
    description: t.exposeString('description', {
      nullable: true,
      authScopes: READERS,
      description: 'Free text given at creation; null when none was.',
    }),
    draftText: t.exposeString('draftText', {
      description: 'The draft being edited; may have errors.',
      authScopes: READERS,
    }),
    draftSavedAt: t.string({
      nullable: true,
      authScopes: READERS,
      description: 'When the draft was last saved, ISO timestamp (UTC); null when it never was.',
      resolve: (plan) => plan.draftSavedAt?.toISOString() ?? null,
    }),
    draftCheck: t.field({
      type: PlanCheckRef,
      authScopes: READERS,
      description: 'What the checker says about the draft.',
      resolve: (plan) => checkPlanOffThread(plan.draftText),
    }),
    versions: t.field({
      type: [PlanVersionRef],
      authScopes: READERS,
      description: 'Published versions, oldest first.',
      deprecationReason:
        'Unpaged: it returns every version however many there are. Use versionsConnection, at most 100 a page.',
      resolve: (plan, _args, context) => context.repositories.plans.findVersions(plan.id),
    }),
    versionsConnection: t.connection({
      type: PlanVersionRef,
      authScopes: READERS,
      description:
        'Published versions, oldest first (version 1 first), at most 100 a page (20 when neither `first` nor `last` is given); each version is read by its id.',
      resolve: async (plan, args, context) => {
        const page = await versionPage(context, plan.id, toPageRequest(args));
        return toConnection(page);
      },
    }),
    version: t.field({
      type: PlanVersionRef,
      nullable: true,
      authScopes: READERS,
      description: 'One published version by number; null when there is no such version.',
      args: { number: t.arg.int({ description: 'The version number, 1 for the first.' }) },
      resolve: (plan, args, context) => context.repositories.plans.findVersion(plan.id, args.number),
    }),
    diff: t.field({
      type: [DiffLineRef],
      authScopes: READERS,
      description: 'A line diff from one version to another (pass 0 as `to` for the draft).',
      args: {
        from: t.arg.int({ description: 'The older version number.' }),
        to: t.arg.int({ description: 'The newer version number, or 0 for the draft.' }),
      },
      errors: {
        types: [NotFoundError],
        dataField: { description: 'Every line of both texts in order, each marked same, removed or added.' },
      },
      resolve: async (plan, args, context) => {
        const text = async (number: number) => {
          if (number === 0) return plan.draftText;
          const version = await context.repositories.plans.findVersion(plan.id, number);
          if (!version) throw new NotFoundError(`Plan "${plan.id}" has no version ${number}.`);
          return version.text;
        };
        return diffLines(await text(args.from), await text(args.to));
      },
    }),
  }),
});

/** A check with more diagnostics, kept in text order. */
function withDiagnostics(summary: PlanCheckSummary, more: readonly Diagnostic[]): PlanCheckSummary {
  if (more.length === 0) return summary;
  const diagnostics = [...summary.diagnostics, ...more].sort(
    (a, b) => a.range.start.offset - b.range.start.offset,
  );
  return { ...summary, diagnostics };
}

builder.queryField('plans', (t) =>
  t.connection({
    type: PlanRef,
    description: 'Every plan, at most 100 a page.',
    authScopes: READERS,
    resolve: async (_root, args, context) =>
      toConnection(await context.repositories.plans.findPage(toPageRequest(args))),
  }),
);

builder.queryField('plan', (t) =>
  t.field({
    type: PlanRef,
    nullable: true,
    description: 'A plan by the id given at creation.',
    authScopes: READERS,
    args: {
      id: t.arg.string({ description: 'The id given at creation (`externalId`), e.g. "team-performance".' }),
    },
    resolve: (_root, args, context) => context.repositories.plans.findById(args.id),
  }),
);

builder.queryField('validatePlan', (t) =>
  t.field({
    type: PlanCheckRef,
    description: `Checks plan text without storing anything, for editors (text up to ${MAX_PLAN_TEXT_LENGTH.toLocaleString('en-US')} characters).`,
    authScopes: { admin: true, analyst: true },
    args: {
      text: t.arg.string({ description: 'The plan text to check.' }),
      planId: t.arg.string({
        required: false,
        description:
          'With `effectiveFrom`: the plan the text would be published to, so a component renamed without its code is warned about (COMPONENT_RENAMED). Absent = the text alone.',
      }),
      effectiveFrom: t.arg({
        type: DayScalar,
        required: false,
        description: 'With `planId`: the day the text would be in force from; absent = the text alone.',
      }),
    },
    resolve: async (_root, args, context) => {
      const summary = await checkPlanOffThread(args.text);
      if (!args.planId || !args.effectiveFrom) return summary;
      const earlier = await context.repositories.plans.findVersions(args.planId);
      return withDiagnostics(summary, renameWarnings(args.text, args.effectiveFrom, earlier));
    },
  }),
);

builder.mutationField('createPlan', (t) =>
  t.field({
    type: PlanRef,
    description: 'Creates a plan with an empty draft (admin).',
    authScopes: { admin: true },
    errors: { types: [InvalidInputError, ConflictError] },
    args: {
      id: t.arg.string({ description: 'Lowercase letters, digits and dashes, e.g. "team-performance".' }),
      name: t.arg.string({
        description:
          'Unique among plans, without double quotes or line breaks; published texts are given it as plan "<name>".',
      }),
      description: t.arg.string({
        required: false,
        description: 'Free text for people reading the plan list.',
      }),
    },
    resolve: audited(async (_root, args, context) => createPlan(context.repositories, args)),
  }),
);

builder.mutationField('savePlanDraft', (t) =>
  t.field({
    type: PlanCheckRef,
    description:
      "Saves the plan's draft text and returns the checker's diagnostics. Text with errors is saved too: errors are a normal result (admin).",
    authScopes: { admin: true },
    errors: { types: [NotFoundError, InvalidInputError] },
    args: {
      planId: t.arg.string({ description: 'The plan id given at creation.' }),
      text: t.arg.string({ description: 'The whole draft text; replaces the saved one.' }),
    },
    resolve: audited(async (_root, args, context) =>
      savePlanDraft(context.repositories, args.planId, args.text),
    ),
  }),
);

builder.mutationField('publishPlanVersion', (t) =>
  t.field({
    type: PlanVersionRef,
    description:
      'Publishes the draft (or the given text) as the next immutable version, in force from `effectiveFrom`. A newer version replaces older ones on the days it covers (admin).',
    authScopes: { admin: true },
    errors: { types: [NotFoundError, InvalidInputError, PlanHasErrors, ConflictError] },
    args: {
      planId: t.arg.string({ description: 'The plan id given at creation.' }),
      effectiveFrom: t.arg({ type: DayScalar, description: 'First day the version is in force.' }),
      effectiveTo: t.arg({ type: DayScalar, required: false, description: 'Last day, inclusive.' }),
      text: t.arg.string({ required: false, description: 'Defaults to the saved draft.' }),
      expectedVersion: t.arg.int({
        required: false,
        description:
          'The newest version number you saw (0 for none). Give it so that a publish racing yours makes yours a ConflictError instead of silently publishing on top.',
      }),
    },
    resolve: audited(async (_root, args, context) =>
      publishPlanVersion(context.repositories, { ...args, publishedBy: context.apiKey?.id ?? null }),
    ),
  }),
);

/**
 * A page of a plan's versions by number: versions are numbered 1, 2, ... with no gaps, so a page
 * is a run of numbers, each read by `_id`; only `last` without `before` asks for the newest number.
 */
async function versionPage(
  context: Context,
  planId: string,
  request: PageRequest,
): Promise<Page<PlanVersion>> {
  const numberOf = (id: string | null | undefined, argument: string) => {
    if (id == null) return null;
    const match = id.startsWith(`${planId}@`) ? /^[1-9]\d{0,8}$/.exec(id.slice(planId.length + 1)) : null;
    if (!match) {
      throw badArgument(
        `"${argument}" is not a cursor of this plan's versions; pass an edge's cursor back unchanged.`,
      );
    }
    return Number(match[0]);
  };
  const after = numberOf(request.after, 'after') ?? 0;
  const before = numberOf(request.before, 'before');
  const backwards = request.last != null && request.first == null;
  const size = (backwards ? request.last : request.first) ?? DEFAULT_PAGE_SIZE;
  const repositories = context.repositories.plans;
  if (!backwards) {
    // One more than asked, to know whether another page follows.
    const end = Math.min(after + size + 1, before === null ? Number.POSITIVE_INFINITY : before - 1);
    const numbers = Array.from({ length: Math.max(0, end - after) }, (_, i) => after + 1 + i);
    const found = await repositories.findVersionsByNumbers(planId, numbers);
    return {
      items: found.slice(0, size),
      hasNextPage: found.length > size,
      hasPreviousPage: request.after != null,
    };
  }
  const top = before ?? (await repositories.latestVersionNumber(planId)) + 1;
  const start = Math.max(after + 1, top - size - 1);
  const numbers = Array.from({ length: Math.max(0, top - start) }, (_, i) => start + i);
  const found = await repositories.findVersionsByNumbers(planId, numbers);
  const more = found.length > size;
  return {
    items: more ? found.slice(1) : found,
    hasNextPage: before !== null,
    hasPreviousPage: more,
  };
}
