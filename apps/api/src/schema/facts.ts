import { z } from 'zod';
import type { Context } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { FACT_KIND_NAMES, FACT_KINDS, type FactFieldSpec, type FactKind } from '../facts/fact-kinds.js';
import { type Credit, type Fact, FactsChangedError } from '../repositories/facts.js';
import { audited } from './audit.js';
import { BacktestRef } from './backtests.js';
import { builder, isReader, READERS } from './builder.js';
import { idOfType } from './global-ids.js';
import { IMPORT_ERRORS, ImportResultRef, importForMutation } from './imports.js';
import { toConnection, toPageRequest } from './pagination.js';
import { ParticipantRef } from './participants.js';
import { PayoutRunRef } from './payouts.js';
import { AttributesScalar, DayScalar, MinorUnitsScalar } from './scalars.js';
import { AccountRef } from './teams.js';

export const FactKindEnum = builder.enumType('FactKind', {
  description: 'The kinds of fact (docs/api.md lists the fields of each).',
  values: Object.fromEntries(
    FACT_KIND_NAMES.map((kind) => [kind, { description: describeFactKind(kind) }]),
  ) as Record<FactKind, { description: string }>,
});

/** "order: amount (minor units; order amount), ..." from the fact model, so a new field is described. */
function describeFactKind(kind: FactKind): string {
  const fields = Object.entries(FACT_KINDS[kind] as Record<string, FactFieldSpec>).map(([name, field]) => {
    const unit =
      field.spec.type === 'money'
        ? 'minor units of `currency`; '
        : field.spec.type === 'number'
          ? `${field.spec.min} to ${field.spec.max}; `
          : '';
    return `\`${name}\` (${unit}${field.description}${field.required ? '' : ', optional'})`;
  });
  return `A${/^[aeiou]/.test(kind) ? 'n' : ''} ${kind} fact, with ${fields.join(', ')}.`;
}

const CreditRef = builder.objectRef<Credit>('Credit').implement({
  description: "A participant's share of a fact.",
  authScopes: READERS,
  fields: (t) => ({
    participant: t.field({
      type: ParticipantRef,
      nullable: true,
      description: 'The credited participant; null when this key may not see them.',
      resolve: (credit) => credit.participantId,
    }),
    participantExternalId: t.exposeString('participantId', {
      description: "The credited participant's external id.",
    }),
    share: t.exposeFloat('share', { description: 'Between 0 and 1; the shares of a fact add up to 1.' }),
  }),
});

const money = (field: string) => (fact: Fact) => (fact.values[field] as number | undefined) ?? null;
const text = (field: string) => (fact: Fact) => (fact.values[field] as string | undefined) ?? null;
const flag = (field: string) => (fact: Fact) => (fact.values[field] as boolean | undefined) ?? null;
const number = (field: string) => (fact: Fact) => (fact.values[field] as number | undefined) ?? null;

export const FactRef = builder.loadableNode('Fact', {
  description: 'One dated business event on an account. Kind-specific fields are null on other kinds.',
  authScopes: READERS,
  id: { resolve: (fact: Fact) => fact.id },
  load: async (ids: string[], context: Context) =>
    isReader(context) ? context.repositories.facts.findByIds(ids) : [],
  sort: (fact) => fact.id,
  fields: (t) => ({
    externalId: t.exposeString('id', { description: 'The id your systems gave the fact.' }),
    kind: t.field({
      type: FactKindEnum,
      description: 'What kind of event it is; says which fields are set.',
      resolve: (fact) => fact.kind,
    }),
    date: t.expose('date', {
      type: DayScalar,
      description: 'The day the event happened; periods are counted by it.',
    }),
    account: t.field({
      type: AccountRef,
      nullable: true,
      description: 'The account; null when it is not (or no longer) imported.',
      resolve: (fact) => fact.accountId,
    }),
    accountExternalId: t.exposeString('accountId', { description: "The account's external id." }),
    currency: t.exposeString('currency', {
      nullable: true,
      description: 'ISO 4217 currency of the money fields; null on kinds without money.',
    }),
    credits: t.field({
      type: [CreditRef],
      description: 'Who is credited with the fact and by what share; empty when nobody is.',
      resolve: (fact) => fact.credits,
    }),
    amount: t.field({
      type: MinorUnitsScalar,
      nullable: true,
      description:
        'Minor units of `currency`, on order, churn, opportunity, payment and wallet; null on other kinds.',
      resolve: money('amount'),
    }),
    cost: t.field({
      type: MinorUnitsScalar,
      nullable: true,
      description: 'Minor units of `currency`, on order; null on other kinds.',
      resolve: money('cost'),
    }),
    valueBefore: t.field({
      type: MinorUnitsScalar,
      nullable: true,
      description: 'Contract value before the renewal, minor units of `currency`; null on other kinds.',
      resolve: money('valueBefore'),
    }),
    valueAfter: t.field({
      type: MinorUnitsScalar,
      nullable: true,
      description: 'Contract value after the renewal, minor units of `currency`; null on other kinds.',
      resolve: money('valueAfter'),
    }),
    productLine: t.string({
      nullable: true,
      description: 'Product line, on order, renewal, churn and opportunity; null on other kinds.',
      resolve: text('productLine'),
    }),
    repeat: t.boolean({
      nullable: true,
      description: 'A repeat order from an existing customer, on order; null on other kinds.',
      resolve: flag('repeat'),
    }),
    dealId: t.string({
      nullable: true,
      description: 'The order or opportunity that churned, on churn; null on other kinds or when not given.',
      resolve: text('dealId'),
    }),
    won: t.boolean({
      nullable: true,
      description: 'Won (true) or lost, on opportunity; null on other kinds.',
      resolve: flag('won'),
    }),
    strategic: t.boolean({
      nullable: true,
      description: 'A named strategic opportunity, on opportunity; null on other kinds.',
      resolve: flag('strategic'),
    }),
    score: t.float({
      nullable: true,
      description: 'On survey (1 to 5) and objective (0 to 1); null on other kinds.',
      resolve: number('score'),
    }),
    objective: t.string({
      nullable: true,
      description: 'Name of the objective scored, on objective; null on other kinds.',
      resolve: text('objective'),
    }),
    attributes: t.expose('attributes', {
      type: AttributesScalar,
      description: 'Free-form attributes as imported; `{}` when none.',
    }),
  }),
});

builder.queryField('facts', (t) =>
  t.connection({
    type: FactRef,
    description:
      'Facts by external id, at most 100 a page, filtered by account, kind and inclusive date range (readers).',
    authScopes: READERS,
    args: {
      accountId: t.arg.string({ required: false, description: "The account's external id." }),
      kinds: t.arg({
        type: [FactKindEnum],
        required: false,
        description: 'Only facts of these kinds; null: every kind.',
      }),
      from: t.arg({ type: DayScalar, required: false, description: 'First day, inclusive.' }),
      to: t.arg({ type: DayScalar, required: false, description: 'Last day, inclusive.' }),
    },
    validate: z
      .looseObject({ from: z.string().nullish(), to: z.string().nullish() })
      .refine((args) => args.from == null || args.to == null || args.from <= args.to, {
        message: '"from" is after "to"; the range is inclusive, so pass from <= to',
        path: ['to'],
      }),
    resolve: async (_root, args, { repositories }) => {
      const page = await repositories.facts.findPage(toPageRequest(args), {
        accountId: args.accountId ?? undefined,
        kinds: args.kinds ?? undefined,
        from: args.from ?? undefined,
        to: args.to ?? undefined,
      });
      return toConnection(page);
    },
  }),
);

const CreditInput = builder.inputType('CreditInput', {
  description: "One participant's share of a fact.",
  fields: (t) => ({
    participantId: t.string({ description: "The participant's external id." }),
    share: t.float({ description: 'More than 0, at most 1; the shares of a fact add up to 1.' }),
  }),
});

const FactInput = builder.inputType('FactInput', {
  description: 'One fact: the common fields plus those of its kind (fields of other kinds are refused).',
  fields: (t) => ({
    id: t.string({ description: 'Your external id; the key for re-imports.' }),
    kind: t.field({ type: FactKindEnum, description: 'The kind; says which other fields apply.' }),
    date: t.string({ description: 'YYYY-MM-DD.' }),
    accountId: t.string({ description: "The account's external id (import accounts first)." }),
    currency: t.string({ required: false, description: 'ISO 4217; required on kinds with money fields.' }),
    credits: t.field({
      type: [CreditInput],
      required: false,
      description: 'Who is credited, shares adding up to 1; leave out for none.',
    }),
    attributes: t.field({
      type: AttributesScalar,
      required: false,
      description: 'Free-form attributes plans can filter on; leave out for none.',
    }),
    amount: t.field({
      type: MinorUnitsScalar,
      required: false,
      description: 'Minor units of `currency`: order, churn, opportunity, payment and wallet.',
    }),
    cost: t.field({
      type: MinorUnitsScalar,
      required: false,
      description: 'Minor units of `currency`: order.',
    }),
    valueBefore: t.field({
      type: MinorUnitsScalar,
      required: false,
      description: 'Contract value before, minor units of `currency`: renewal.',
    }),
    valueAfter: t.field({
      type: MinorUnitsScalar,
      required: false,
      description: 'Contract value after, minor units of `currency`: renewal.',
    }),
    productLine: t.string({
      required: false,
      description: 'Product line: order, renewal, churn, opportunity.',
    }),
    repeat: t.boolean({ required: false, description: 'A repeat order from an existing customer: order.' }),
    dealId: t.string({
      required: false,
      description:
        'The order or opportunity that churned (optional): churn; the deal paid, which releases a commission held until payment (required): payment.',
    }),
    won: t.boolean({ required: false, description: 'Won (true) or lost: opportunity.' }),
    strategic: t.boolean({ required: false, description: 'A named strategic opportunity: opportunity.' }),
    score: t.float({ required: false, description: 'survey: 1 to 5; objective: 0 to 1.' }),
    objective: t.string({ required: false, description: 'Name of the objective scored: objective.' }),
  }),
});

builder.mutationField('importFacts', (t) =>
  t.field({
    type: ImportResultRef,
    description: 'Stores facts by external id; all or nothing (admin, at most 100,000 a call).',
    authScopes: { admin: true },
    errors: { types: IMPORT_ERRORS },
    args: {
      records: t.arg({
        type: [FactInput],
        description: 'The facts, at most 100,000; a problem names its record by 0-based `index`.',
      }),
    },
    resolve: audited((_root, { records }, context) => importForMutation('facts', records, context)),
  }),
);

/** Most external ids one deleteFacts call takes (docs/api.md, "Limits"). */
export const MAX_DELETED_FACTS = 10_000;

const FactDeletionRef = builder.simpleObject('FactDeletion', {
  authScopes: { admin: true },
  description: 'Facts deleted by external id, in one step: readers see all of them gone or none.',
  fields: (t) => ({
    deleted: t.int({ description: 'Facts that were current and are now deleted.' }),
    notFound: t.stringList({
      description:
        'Ids that name no current fact (never imported, or already deleted); empty when all were found.',
    }),
  }),
});

builder.mutationField('deleteFacts', (t) =>
  t.field({
    type: FactDeletionRef,
    description:
      'Deletes facts by external id, e.g. a cancelled order (admin, audited, at most 10,000 ids a call). Importing the id again adds it as a new fact.',
    authScopes: { admin: true },
    errors: { types: [InvalidInputError] },
    args: { ids: t.arg.stringList({ description: 'External ids of the facts to delete.' }) },
    resolve: audited(async (_root, { ids }, { repositories }) => {
      if (ids.length > MAX_DELETED_FACTS) {
        throw new InvalidInputError(
          'ids',
          `deleteFacts takes at most ${MAX_DELETED_FACTS.toLocaleString('en-US')} ids; got ${ids.length.toLocaleString('en-US')}. Split them into several calls.`,
        );
      }
      return repositories.facts.deleteByIds(ids);
    }),
  }),
);

const FactCompactionRef = builder.simpleObject('FactCompaction', {
  authScopes: { admin: true },
  description: 'What a compaction of the fact blocks rewrote (docs/storage.md).',
  fields: (t) => ({
    blocksBefore: t.int({ description: 'Current blocks before.' }),
    blocksAfter: t.int({ description: 'Current blocks after.' }),
    rowsDropped: t.int({ description: 'Superseded or deleted facts no longer held by a current block.' }),
  }),
});

builder.mutationField('compactFacts', (t) =>
  t.field({
    type: FactCompactionRef,
    description:
      'Rewrites fact blocks without superseded or deleted rows and merges small blocks of a kind and month (admin, audited). Readers see the old blocks or the new ones, never a mix; the facts do not change.',
    authScopes: { admin: true },
    resolve: audited(async (_root, _args, { repositories }) => repositories.facts.compact()),
  }),
);

builder.objectField(PayoutRunRef, 'factsGeneration', (t) =>
  t.int({
    nullable: true,
    description:
      'The fact store generation the run read (docs/storage.md); pass the run to factChangesSinceRun to see what changed since. Null on runs calculated before fact blocks.',
    resolve: (run) => run.factsGeneration ?? null,
  }),
);

builder.objectField(BacktestRef, 'factsGeneration', (t) =>
  t.int({
    nullable: true,
    description:
      'The fact store generation the backtest read (docs/storage.md); backtestExplanation explains its rows on these same facts. Null until it is complete, and on backtests completed before generations were recorded.',
    resolve: (job) => job.factsGeneration,
  }),
);

const FactChangeRef = builder.simpleObject('FactChange', {
  authScopes: READERS,
  description: 'How the facts of one kind on one account changed between two fact generations.',
  fields: (t) => ({
    kind: t.field({ type: FactKindEnum, description: 'The kind of the facts counted.' }),
    accountExternalId: t.string({ description: "The account's external id." }),
    added: t.int({ description: 'Facts with an id the earlier generation did not have.' }),
    changed: t.int({
      description:
        'Facts whose content differs from the earlier generation (counted under their current kind and account).',
    }),
    removed: t.int({ description: 'Facts of the earlier generation that are deleted now.' }),
  }),
});

const FactChangesRef = builder.simpleObject('FactChanges', {
  authScopes: READERS,
  description: 'What changed in the facts since a payout run read them.',
  fields: (t) => ({
    sinceGeneration: t.int({ description: 'The generation the run read.' }),
    generation: t.int({ description: 'The current generation.' }),
    changes: t.field({
      type: [FactChangeRef],
      description:
        'One entry per kind and account with a change, by kind then account; empty when nothing changed.',
    }),
  }),
});

builder.queryField('factChangesSinceRun', (t) =>
  t.field({
    type: FactChangesRef,
    description:
      'Facts added, changed and removed per kind and account since a payout run read them: why a recalculation would differ (readers).',
    authScopes: READERS,
    errors: { types: [NotFoundError, InvalidInputError, FactsChangedError] },
    args: { runId: t.arg.id({ description: 'The payout run.' }) },
    resolve: async (_root, args, { repositories }) => {
      const runId = idOfType(args.runId, 'PayoutRun');
      const [run] = runId === null ? [] : await repositories.payoutRuns.findByIds([runId]);
      if (!run) throw new NotFoundError('No payout run has this id; list them with the payoutRuns query.');
      if (run.factsGeneration === undefined) {
        throw new InvalidInputError(
          'runId',
          'This run was calculated before facts were stored in blocks, so it recorded no fact generation to compare with; calculate the period again.',
        );
      }
      const result = await repositories.facts.changesSince(run.factsGeneration);
      if (!result) {
        throw new NotFoundError(
          `The facts this run read (generation ${run.factsGeneration}) are no longer stored (vacuumed); there is nothing to compare with.`,
        );
      }
      return {
        sinceGeneration: run.factsGeneration,
        generation: result.generation,
        changes: result.changes.map(({ accountId, ...change }) => ({
          ...change,
          accountExternalId: accountId,
        })),
      };
    },
  }),
);
