import { z } from 'zod';
import type { Context } from '../context.js';
import { PERIOD_ID } from '../imports/goals.js';
import type { Goal } from '../repositories/goals.js';
import { ownParticipantId } from './access.js';
import { audited } from './audit.js';
import { builder, isReader, READERS, readersOrSelf } from './builder.js';
import { IMPORT_ERRORS, ImportResultRef, importForMutation } from './imports.js';
import { toConnection, toPageRequest } from './pagination.js';

/** Readers see every goal; a participant key only its own participant's goals. */
function canSeeGoal(context: Context, goal: Goal): boolean {
  return (
    isReader(context) || (goal.ownerKind === 'participant' && goal.ownerId === ownParticipantId(context))
  );
}

const GoalOwnerKindEnum = builder.enumType('GoalOwnerKind', {
  description: 'Whose goal it is.',
  values: {
    participant: { description: "One participant's goal; `ownerExternalId` is the participant's id." },
    team: { description: "A team's goal; `ownerExternalId` is the team's id." },
  } as const,
});

export const GoalRef = builder.loadableNode('Goal', {
  description: 'The expected value of a measure for a participant or a team in one period.',
  authScopes: (goal) => (goal.ownerKind === 'participant' ? readersOrSelf(goal.ownerId) : READERS),
  id: { resolve: (goal: Goal) => goal.id },
  load: async (ids: string[], context: Context) =>
    (await context.repositories.goals.findByIds(ids)).filter((goal) => canSeeGoal(context, goal)),
  sort: (goal) => goal.id,
  fields: (t) => ({
    externalId: t.exposeString('id', { description: 'The id your systems gave the goal.' }),
    name: t.exposeString('name', { description: 'The name plans look the goal up by.' }),
    ownerKind: t.field({
      type: GoalOwnerKindEnum,
      description: 'Whether a participant or a team owns it.',
      resolve: (goal) => goal.ownerKind,
    }),
    ownerExternalId: t.exposeString('ownerId', { description: 'External id of the participant or team.' }),
    periodId: t.exposeString('periodId', { description: '"2025", "2025-H1", "2025-Q3" or "2025-07".' }),
    value: t.exposeFloat('value', {
      description: "In the measure's unit; for money goals (currency set) whole minor units.",
    }),
    currency: t.exposeString('currency', { nullable: true, description: 'Set for money goals.' }),
  }),
});

builder.queryField('goals', (t) =>
  t.connection({
    type: GoalRef,
    description: "Goals, at most 100 a page. A participant key gets only its own participant's goals.",
    authScopes: { ...READERS, participant: true },
    args: {
      ownerId: t.arg.string({ required: false, description: 'External id of a participant or team.' }),
      periodId: t.arg.string({
        required: false,
        description:
          'Only goals of this period, "2025", "2025-H1", "2025-Q3" or "2025-07"; null: every period.',
        validate: z
          .string()
          .regex(PERIOD_ID, 'periodId must look like "2025", "2025-H1", "2025-Q3" or "2025-07"'),
      }),
    },
    resolve: async (_root, args, context) => {
      const self = ownParticipantId(context);
      const ownerIds = self !== null ? [self] : args.ownerId ? [args.ownerId] : undefined;
      // A participant asking for someone else's goals gets an empty page, not theirs.
      const forbidden = self !== null && args.ownerId != null && args.ownerId !== self;
      const page = await context.repositories.goals.findPage(toPageRequest(args), {
        ownerIds: forbidden ? [] : ownerIds,
        periodId: args.periodId ?? undefined,
      });
      return toConnection(page);
    },
  }),
);

const GoalInput = builder.inputType('GoalInput', {
  description: 'One goal. Give `currency` for a money goal; its value is then whole minor units.',
  fields: (t) => ({
    id: t.string({ description: 'Your external id of the goal; the key for re-imports.' }),
    name: t.string({ description: 'The name plans look the goal up by, e.g. "revenue".' }),
    ownerId: t.string({ description: 'External id of an imported participant or team.' }),
    periodId: t.string({ description: '"2025", "2025-H1", "2025-Q3" or "2025-07".' }),
    value: t.float({ description: "In the measure's unit; with `currency`, whole minor units." }),
    currency: t.string({
      required: false,
      description: 'ISO 4217 code for a money goal; leave out otherwise.',
    }),
  }),
});

builder.mutationField('importGoals', (t) =>
  t.field({
    type: ImportResultRef,
    description: 'Stores goals by external id; all or nothing (admin, at most 50,000 a call).',
    authScopes: { admin: true },
    errors: { types: IMPORT_ERRORS },
    args: {
      records: t.arg({
        type: [GoalInput],
        description: 'The goals, at most 50,000; a problem names its record by 0-based `index`.',
      }),
    },
    resolve: audited((_root, { records }, context) => importForMutation('goals', records, context)),
  }),
);
