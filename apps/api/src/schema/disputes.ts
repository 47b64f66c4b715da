import type { Context } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import {
  answerDispute,
  type DisputeStatus,
  disputeStatus,
  raiseDispute,
  rejectDispute,
  resolveByAdjustment,
} from '../paycycle/disputes.js';
import { DisputeClosedError, PeriodLockedError } from '../paycycle/errors.js';
import type { DisputeEvent, PayoutDispute } from '../repositories/payout-disputes.js';
import type { StoredStatement } from '../repositories/payout-runs.js';
import { audited } from './audit.js';
import { builder } from './builder.js';
import { ErrorInterface } from './errors.js';
import { idOfType } from './global-ids.js';
import { AdjustmentRef, linesOf } from './paycycle.js';
import { StatementRef } from './payouts.js';
import { MinorUnitsScalar } from './scalars.js';

const DisputeStatusEnum = builder.enumType('PayoutDisputeStatus', {
  description:
    'open: raised, not answered; answered: an admin answered, not resolved; resolved_by_adjustment: an adjustment settles it; rejected: refused with a reason.',
  values: {
    open: { description: 'Raised, not answered yet.' },
    answered: { description: 'An admin answered; not resolved yet.' },
    resolved_by_adjustment: { description: 'An adjustment settles it.' },
    rejected: { description: 'Refused with a reason.' },
  } as const,
});

/** An event with the participant whose dispute it is, for the type's scope. */
type OwnedEvent = DisputeEvent & { participantId: string };

const DisputeAnswerRef = builder.objectRef<OwnedEvent>('PayoutDisputeAnswer').implement({
  description: "An admin's answer to a dispute.",
  authScopes: (event) => ({ admin: true, self: event.participantId }),
  fields: (t) => ({
    message: t.exposeString('message', { description: "The admin's answer, as written." }),
    at: t.string({ description: 'ISO timestamp.', resolve: (event) => event.at.toISOString() }),
  }),
});

const DisputeResolutionRef = builder.objectRef<OwnedEvent>('PayoutDisputeResolution').implement({
  description: 'How a dispute ended: by an adjustment or by a rejection. A dispute has at most one.',
  authScopes: (event) => ({ admin: true, self: event.participantId }),
  fields: (t) => ({
    status: t.field({
      type: DisputeStatusEnum,
      description: 'resolved_by_adjustment or rejected.',
      resolve: (event): DisputeStatus => (event.kind === 'adjusted' ? 'resolved_by_adjustment' : 'rejected'),
    }),
    message: t.exposeString('message', {
      description: "The adjustment's reason, or the reason for the rejection.",
    }),
    at: t.string({ description: 'ISO timestamp.', resolve: (event) => event.at.toISOString() }),
    adjustment: t.field({
      type: AdjustmentRef,
      nullable: true,
      description: 'The adjustment that settles the dispute; null for a rejection.',
      resolve: async (event, _args, context) => {
        if (event.entryId === null) return null;
        const [planId, periodId] = splitEntryId(event.entryId);
        const sequence = await context.repositories.payoutEntries.list(planId, periodId);
        const entry = sequence.find((e) => e.id === event.entryId);
        return entry ? (linesOf([entry])[0] ?? null) : null;
      },
    }),
  }),
});

/** `<planId>/<periodId>/<slot>` back to its plan and period (a plan id may itself hold '/'). */
function splitEntryId(id: string): [string, string] {
  const parts = id.split('/');
  return [parts.slice(0, -2).join('/'), parts[parts.length - 2]!];
}

const DisputeRef = builder.objectRef<PayoutDispute>('PayoutDispute').implement({
  description:
    "A participant's question on one line of their own statement. Only admins and that participant see it.",
  authScopes: (dispute) => ({ admin: true, self: dispute.participantId }),
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The dispute id, `<planId>/<period>/<number>`.' }),
    period: t.exposeString('periodId', { description: 'The period of the statement, e.g. "2025-Q1".' }),
    participantId: t.exposeString('participantId', { description: "The participant's external id." }),
    lineComponent: t.exposeString('lineComponent', {
      description:
        "The component of the line questioned, or the code of the adjustment line (e.g. 'adjustment').",
    }),
    question: t.exposeString('question', { description: "The participant's question, as written." }),
    raisedAt: t.string({ description: 'ISO timestamp.', resolve: (d) => d.raisedAt.toISOString() }),
    status: t.field({
      type: DisputeStatusEnum,
      description: 'Where the dispute stands now.',
      resolve: (dispute, _args, context) => disputeStatus(context.repositories, dispute),
    }),
    answers: t.field({
      type: [DisputeAnswerRef],
      description: 'Answers, oldest first.',
      resolve: async (dispute, _args, context) =>
        (await context.repositories.payoutDisputes.answers(dispute.id)).map((event) => ({
          ...event,
          participantId: dispute.participantId,
        })),
    }),
    resolution: t.field({
      type: DisputeResolutionRef,
      nullable: true,
      description: 'Null while the dispute is open or answered.',
      resolve: async (dispute, _args, context) => {
        const resolution = await context.repositories.payoutDisputes.resolution(dispute.id);
        return resolution ? { ...resolution, participantId: dispute.participantId } : null;
      },
    }),
  }),
});

builder.objectFields(StatementRef, (t) => ({
  disputes: t.field({
    type: [DisputeRef],
    description: "The participant's disputes on this statement's plan period, oldest first; empty when none.",
    resolve: async (statement: StoredStatement, _args, context: Context) =>
      (await context.repositories.payoutDisputes.list(statement.planId, statement.periodId)).filter(
        (dispute) => dispute.participantId === statement.participantId,
      ),
  }),
}));

builder.objectType(DisputeClosedError, {
  name: 'DisputeClosedError',
  description: 'The dispute is resolved already (code DISPUTE_CLOSED).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof DisputeClosedError,
  fields: () => ({}),
});

builder.queryField('payoutDisputes', (t) =>
  t.field({
    type: [DisputeRef],
    description: 'The dispute queue of a plan period, oldest first; `status` filters it (admin).',
    authScopes: { admin: true },
    args: {
      planId: t.arg.string({ description: 'The plan whose statements were disputed.' }),
      period: t.arg.string({ description: "e.g. '2025-Q1'." }),
      status: t.arg({
        type: DisputeStatusEnum,
        required: false,
        description: 'Only disputes with this status; null for all.',
      }),
    },
    resolve: async (_root, args, context) => {
      const disputes = await context.repositories.payoutDisputes.list(args.planId, args.period);
      if (!args.status) return disputes;
      const statuses = await Promise.all(disputes.map((d) => disputeStatus(context.repositories, d)));
      return disputes.filter((_d, i) => statuses[i] === args.status);
    },
  }),
);

builder.mutationField('raisePayoutDispute', (t) =>
  t.field({
    type: DisputeRef,
    description:
      "Raises a question on a line of the caller's own statement (participant keys only; admins answer and resolve).",
    authScopes: { participant: true },
    errors: { types: [NotFoundError, InvalidInputError] },
    args: {
      statementId: t.arg.id({ description: 'The statement (its global id, from statements).' }),
      lineComponent: t.arg.string({
        description:
          "The component of the line questioned, e.g. 'Revenue', or the code of one of the statement's adjustment lines: 'adjustment' for a manual line, a correction's code (e.g. 'Revenue', 'draw:top-up').",
      }),
      question: t.arg.string({ description: 'What the participant asks; at most 500 characters.' }),
    },
    resolve: audited(async (_root, args, context) =>
      raiseDispute(context.repositories, {
        statementId: idOfType(args.statementId, 'Statement') ?? '',
        lineComponent: args.lineComponent,
        question: args.question,
        participantId: context.apiKey!.participantId ?? '',
        keyId: context.apiKey!.id,
      }),
    ),
  }),
);

builder.mutationField('answerPayoutDispute', (t) =>
  t.field({
    type: DisputeRef,
    description: 'Answers an open dispute; the participant reads the answer (admin).',
    authScopes: { admin: true },
    errors: { types: [NotFoundError, InvalidInputError, DisputeClosedError] },
    args: {
      disputeId: t.arg.string({ description: 'The dispute id.' }),
      message: t.arg.string({ description: 'At most 500 characters.' }),
    },
    resolve: audited(async (_root, args, context) =>
      answerDispute(context.repositories, { ...args, by: context.apiKey!.id }),
    ),
  }),
);

builder.mutationField('resolvePayoutDisputeByAdjustment', (t) =>
  t.field({
    type: DisputeRef,
    description:
      "Resolves a dispute by a manual adjustment for its participant, in `period` or by default the first open period from the dispute's own (admin).",
    authScopes: { admin: true },
    errors: { types: [NotFoundError, InvalidInputError, PeriodLockedError, DisputeClosedError] },
    args: {
      disputeId: t.arg.string({ description: 'The dispute id.' }),
      amountMinorUnits: t.arg({
        type: MinorUnitsScalar,
        description: "Signed minor units of the plan's currency; never 0.",
      }),
      reason: t.arg.string({
        description: 'Shown with the adjustment on the statement; at most 500 characters.',
      }),
      period: t.arg.string({
        required: false,
        description:
          "The open period that pays it, e.g. '2025-Q2'; null for the first open one from the dispute's period.",
      }),
    },
    resolve: audited(async (_root, args, context) =>
      resolveByAdjustment(context.repositories, {
        disputeId: args.disputeId,
        amountMinor: args.amountMinorUnits,
        reason: args.reason,
        periodId: args.period ?? null,
        by: context.apiKey!.id,
      }),
    ),
  }),
);

builder.mutationField('rejectPayoutDispute', (t) =>
  t.field({
    type: DisputeRef,
    description: 'Rejects a dispute with a reason the participant reads (admin).',
    authScopes: { admin: true },
    errors: { types: [NotFoundError, InvalidInputError, DisputeClosedError] },
    args: {
      disputeId: t.arg.string({ description: 'The dispute id.' }),
      reason: t.arg.string({ description: 'At most 500 characters.' }),
    },
    resolve: audited(async (_root, args, context) =>
      rejectDispute(context.repositories, { ...args, by: context.apiKey!.id }),
    ),
  }),
);
