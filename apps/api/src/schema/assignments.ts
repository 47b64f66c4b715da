import type { Context } from '../context.js';
import type { Assignment } from '../repositories/assignments.js';
import { canSeeParticipant, ownParticipantId } from './access.js';
import { audited } from './audit.js';
import { builder, READERS, readersOrSelf } from './builder.js';
import { IMPORT_ERRORS, ImportResultRef, importForMutation } from './imports.js';
import { toConnection, toPageRequest } from './pagination.js';
import { ParticipantRef } from './participants.js';
import { DayScalar, MinorUnitsScalar } from './scalars.js';

export const AssignmentRef = builder.loadableNode('Assignment', {
  description: 'A participant on a plan over an inclusive date range.',
  authScopes: (assignment) => readersOrSelf(assignment.participantId),
  id: { resolve: (assignment: Assignment) => assignment.id },
  load: async (ids: string[], context: Context) =>
    (await context.repositories.assignments.findByIds(ids)).filter((assignment) =>
      canSeeParticipant(context, assignment.participantId),
    ),
  sort: (assignment) => assignment.id,
  fields: (t) => ({
    externalId: t.exposeString('id', { description: 'The id your systems gave the assignment.' }),
    participant: t.field({
      type: ParticipantRef,
      nullable: true,
      description: 'The assigned participant; null when this key may not see them.',
      resolve: (assignment) => assignment.participantId,
    }),
    planId: t.exposeString('planId', { description: 'The id of the assigned plan.' }),
    from: t.expose('from', { type: DayScalar, description: 'First day on the plan.' }),
    to: t.expose('to', {
      type: DayScalar,
      nullable: true,
      description: 'Last day, inclusive; null while it lasts.',
    }),
    annualTargetIncentiveMinor: t.expose('annualTargetIncentiveMinor', {
      type: MinorUnitsScalar,
      nullable: true,
      description:
        "Overrides the participant's annual target incentive while the assignment lasts, in minor units of the participant's currency; null: the participant's own applies.",
    }),
  }),
});

builder.queryField('assignments', (t) =>
  t.connection({
    type: AssignmentRef,
    description: 'Plan assignments, at most 100 a page. A participant key gets only its own.',
    authScopes: { ...READERS, participant: true },
    args: {
      participantId: t.arg.string({ required: false, description: "The participant's external id." }),
      planId: t.arg.string({
        required: false,
        description: 'Only assignments to this plan (its id); null: every plan.',
      }),
    },
    resolve: async (_root, args, context) => {
      const self = ownParticipantId(context);
      const participantId = self ?? args.participantId ?? undefined;
      const forbidden = self !== null && args.participantId != null && args.participantId !== self;
      const page = await context.repositories.assignments.findPage(toPageRequest(args), {
        participantId: forbidden ? '' : participantId,
        planId: args.planId ?? undefined,
      });
      return toConnection(page);
    },
  }),
);

const AssignmentInput = builder.inputType('AssignmentInput', {
  description:
    'One assignment of a participant to a plan; `id` is your external id and the key for re-imports.',
  fields: (t) => ({
    id: t.string({ description: 'Your external id of the assignment.' }),
    participantId: t.string({ description: "The participant's external id (import participants first)." }),
    planId: t.string({ description: 'The id of the plan (create it first).' }),
    from: t.string({ description: 'First day, YYYY-MM-DD.' }),
    to: t.string({ required: false, description: 'Last day, YYYY-MM-DD, inclusive.' }),
    annualTargetIncentiveMinor: t.field({
      type: MinorUnitsScalar,
      required: false,
      description:
        "Annual target incentive on this plan, in minor units of the participant's currency; leave out to use the participant's.",
    }),
  }),
});

builder.mutationField('importAssignments', (t) =>
  t.field({
    type: ImportResultRef,
    description: 'Stores plan assignments by external id; all or nothing (admin, at most 10,000 a call).',
    authScopes: { admin: true },
    errors: { types: IMPORT_ERRORS },
    args: {
      records: t.arg({
        type: [AssignmentInput],
        description: 'The assignments, at most 10,000; a problem names its record by 0-based `index`.',
      }),
    },
    resolve: audited((_root, { records }, context) => importForMutation('assignments', records, context)),
  }),
);
