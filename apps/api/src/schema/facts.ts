import { z } from 'zod';
import type { Context } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { FACT_KIND_NAMES } from '../facts/fact-kinds.js';
import type { Credit, Fact } from '../repositories/facts.js';
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
  values: FACT_KIND_NAMES,
});

const CreditRef = builder.objectRef<Credit>('Credit').implement({
  description: "A participant's share of a fact.",
  authScopes: READERS,
  fields: (t) => ({
    participant: t.field({ type: ParticipantRef, nullable: true, resolve: (credit) => credit.participantId }),
    participantExternalId: t.exposeString('participantId'),
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
    externalId: t.exposeString('id'),
    kind: t.field({ type: FactKindEnum, resolve: (fact) => fact.kind }),
    date: t.expose('date', { type: DayScalar }),
    account: t.field({ type: AccountRef, nullable: true, resolve: (fact) => fact.accountId }),
    accountExternalId: t.exposeString('accountId'),
    currency: t.exposeString('currency', { nullable: true, description: 'Currency of the money fields.' }),
    credits: t.field({ type: [CreditRef], resolve: (fact) => fact.credits }),
    amount: t.field({
      type: MinorUnitsScalar,
      nullable: true,
      description: 'order, churn, opportunity, wallet.',
      resolve: money('amount'),
    }),
    cost: t.field({ type: MinorUnitsScalar, nullable: true, description: 'order.', resolve: money('cost') }),
    valueBefore: t.field({
      type: MinorUnitsScalar,
      nullable: true,
      description: 'renewal.',
      resolve: money('valueBefore'),
    }),
    valueAfter: t.field({
      type: MinorUnitsScalar,
      nullable: true,
      description: 'renewal.',
      resolve: money('valueAfter'),
    }),
    productLine: t.string({ nullable: true, resolve: text('productLine') }),
    repeat: t.boolean({ nullable: true, description: 'order.', resolve: flag('repeat') }),
    dealId: t.string({ nullable: true, description: 'churn.', resolve: text('dealId') }),
    won: t.boolean({ nullable: true, description: 'opportunity.', resolve: flag('won') }),
    strategic: t.boolean({ nullable: true, description: 'opportunity.', resolve: flag('strategic') }),
    score: t.float({
      nullable: true,
      description: 'survey (1..5), objective (0..1).',
      resolve: number('score'),
    }),
    objective: t.string({ nullable: true, description: 'objective.', resolve: text('objective') }),
    attributes: t.expose('attributes', { type: AttributesScalar }),
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
      kinds: t.arg({ type: [FactKindEnum], required: false }),
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
  fields: (t) => ({
    participantId: t.string({ description: "The participant's external id." }),
    share: t.float({ description: 'More than 0, at most 1; the shares of a fact add up to 1.' }),
  }),
});

const FactInput = builder.inputType('FactInput', {
  description: 'One fact: the common fields plus those of its kind (fields of other kinds are refused).',
  fields: (t) => ({
    id: t.string({ description: 'Your external id; the key for re-imports.' }),
    kind: t.field({ type: FactKindEnum }),
    date: t.string({ description: 'YYYY-MM-DD.' }),
    accountId: t.string({ description: "The account's external id (import accounts first)." }),
    currency: t.string({ required: false, description: 'ISO 4217; required on kinds with money fields.' }),
    credits: t.field({ type: [CreditInput], required: false }),
    attributes: t.field({ type: AttributesScalar, required: false }),
    amount: t.field({ type: MinorUnitsScalar, required: false }),
    cost: t.field({ type: MinorUnitsScalar, required: false }),
    valueBefore: t.field({ type: MinorUnitsScalar, required: false }),
    valueAfter: t.field({ type: MinorUnitsScalar, required: false }),
    productLine: t.string({ required: false }),
    repeat: t.boolean({ required: false }),
    dealId: t.string({ required: false }),
    won: t.boolean({ required: false }),
    strategic: t.boolean({ required: false }),
    score: t.float({ required: false }),
    objective: t.string({ required: false }),
  }),
});

builder.mutationField('importFacts', (t) =>
  t.field({
    type: ImportResultRef,
    description: 'Stores facts by external id; all or nothing (admin, at most 100,000 a call).',
    authScopes: { admin: true },
    errors: { types: IMPORT_ERRORS },
    args: { records: t.arg({ type: [FactInput] }) },
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
    kind: t.field({ type: FactKindEnum }),
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
    errors: { types: [NotFoundError, InvalidInputError] },
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
