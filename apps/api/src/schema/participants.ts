import type { ParticipantField } from '@attain/engine';
import { formatMinor } from '@attain/rules';
import type { Context } from '../context.js';
import type { Participant } from '../repositories/participants.js';
import type { Team, TeamMembership } from '../repositories/teams.js';
import { canSeeParticipant, ownParticipantId } from './access.js';
import { audited } from './audit.js';
import { builder, READERS, readersOrSelf } from './builder.js';
import { IMPORT_ERRORS, ImportResultRef, importForMutation } from './imports.js';
import { toConnection, toPageRequest } from './pagination.js';
import { AttributesScalar, DayScalar, MinorUnitsScalar } from './scalars.js';

/** A membership together with its team, so reading the team costs no further query. */
export interface MembershipWithTeam {
  membership: TeamMembership;
  team: Team;
}

export const TeamMembershipRef = builder.objectRef<MembershipWithTeam>('TeamMembership');

const ParticipantFieldRef = builder.objectRef<ParticipantField>('ParticipantField').implement({
  description: "One value of a participant's numeric field, effective over an inclusive date range.",
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The field, e.g. "baseSalary".' }),
    value: t.exposeFloat('value', {
      description:
        'Money (currency set): whole minor units of `currency`, a salary a year. Otherwise a plain number.',
    }),
    currency: t.exposeString('currency', {
      nullable: true,
      description: 'ISO 4217 code of a money value; null for a plain number.',
    }),
    formatted: t.string({
      nullable: true,
      description: 'A money value for a person ("100,000.00 USD"); null for a plain number.',
      resolve: (field) => (field.currency === null ? null : formatMinor(field.value, field.currency)),
    }),
    from: t.field({
      type: DayScalar,
      description: 'First day the value holds.',
      resolve: (field) => field.from,
    }),
    to: t.field({
      type: DayScalar,
      nullable: true,
      description: 'Last day the value holds, inclusive; null while it lasts.',
      resolve: (field) => field.to ?? null,
    }),
  }),
});

/** Participants by id: one query per request batch; invisible ones come back as null. */
export const ParticipantRef = builder.loadableNode('Participant', {
  description: 'A person paid by a plan. A participant key sees only its own participant.',
  authScopes: (participant) => readersOrSelf(participant.id),
  id: { resolve: (participant: Participant) => participant.id },
  load: async (ids: string[], context: Context) => {
    const visible = ids.filter((id) => canSeeParticipant(context, id));
    return visible.length === 0 ? [] : context.repositories.participants.findByIds(visible);
  },
  sort: (participant) => participant.id,
  fields: (t) => ({
    externalId: t.exposeString('id', { description: 'The id your systems gave the participant.' }),
    name: t.exposeString('name', { description: "The person's display name." }),
    role: t.exposeString('role', { description: 'Job role as imported, e.g. "account executive".' }),
    geography: t.exposeString('geography', { description: 'Geography as imported, e.g. "EMEA".' }),
    vertical: t.exposeString('vertical', { description: 'Vertical (industry) as imported, e.g. "retail".' }),
    currency: t.exposeString('currency', { description: 'ISO 4217 pay currency.' }),
    annualTargetIncentiveMinor: t.expose('annualTargetIncentiveMinor', {
      type: MinorUnitsScalar,
      nullable: true,
      description: 'Variable pay at 100% for a full year, in minor units of `currency`.',
    }),
    hireDate: t.expose('hireDate', {
      type: DayScalar,
      description: 'First day employed; proration counts from it.',
    }),
    terminationDate: t.expose('terminationDate', {
      type: DayScalar,
      nullable: true,
      description: 'Last day employed, inclusive; null while employed.',
    }),
    attributes: t.expose('attributes', {
      type: AttributesScalar,
      description: 'Free-form attributes as imported; `{}` when none.',
    }),
    fields: t.field({
      type: [ParticipantFieldRef],
      description:
        "Numeric fields over time (e.g. `baseSalary`, which 'target incentive: 8% of base salary' reads), ordered by name then start; empty when none.",
      resolve: (participant) =>
        [...(participant.fields ?? [])].sort((a, b) =>
          a.name === b.name ? (a.from < b.from ? -1 : 1) : a.name < b.name ? -1 : 1,
        ),
    }),
    memberships: t.loadableList({
      type: TeamMembershipRef,
      description: 'Team memberships, past and present (one query for a whole page of participants).',
      load: async (participantIds: string[], context: Context) => {
        const teams = await context.repositories.teams.findWithMembers(participantIds);
        return participantIds.map((participantId) =>
          teams.flatMap((team) =>
            team.members
              .filter((membership) => membership.participantId === participantId)
              .map((membership) => ({ membership, team })),
          ),
        );
      },
      resolve: (participant) => participant.id,
    }),
  }),
});

TeamMembershipRef.implement({
  description: "A participant's membership of a team over an inclusive date range.",
  authScopes: ({ membership }) => readersOrSelf(membership.participantId),
  fields: (t) => ({
    participantExternalId: t.string({
      description: "The member's external id.",
      resolve: ({ membership }) => membership.participantId,
    }),
    teamExternalId: t.string({ description: "The team's external id.", resolve: ({ team }) => team.id }),
    teamName: t.string({ description: "The team's display name.", resolve: ({ team }) => team.name }),
    role: t.string({
      description: 'The role in the team, e.g. "lead".',
      resolve: ({ membership }) => membership.role,
    }),
    from: t.field({
      type: DayScalar,
      description: 'First day of the membership.',
      resolve: ({ membership }) => membership.from,
    }),
    to: t.field({
      type: DayScalar,
      nullable: true,
      description: 'Last day, inclusive; null while the membership lasts.',
      resolve: ({ membership }) => membership.to,
    }),
    manages: t.boolean({
      description:
        "True when the participant oversees the team rather than working in it: plans pay them on it with 'for managed teams', and it is not their own team for 'for team'.",
      resolve: ({ membership }) => membership.manages === true,
    }),
  }),
});

builder.queryField('participants', (t) =>
  t.connection({
    type: ParticipantRef,
    description: 'Participants by external id, at most 100 a page. A participant key gets only its own.',
    authScopes: { ...READERS, participant: true },
    resolve: async (_root, args, context) => {
      const self = ownParticipantId(context);
      const page = await context.repositories.participants.findPage(toPageRequest(args), self ?? undefined);
      return toConnection(page);
    },
  }),
);

const ParticipantFieldInput = builder.inputType('ParticipantFieldInput', {
  description:
    'One value of a numeric field from a day on. Records of one name must not overlap: end the earlier one the day before the next starts.',
  fields: (t) => ({
    name: t.string({ description: 'Letters, digits and "_", e.g. "baseSalary".' }),
    value: t.float({
      description:
        'With `currency`: money in whole minor units (a base salary is annual). Without: a plain number.',
    }),
    currency: t.string({ required: false, description: 'ISO 4217 code for a money value, e.g. "EUR".' }),
    from: t.string({ description: 'First day, YYYY-MM-DD.' }),
    to: t.string({
      required: false,
      description: 'Last day, YYYY-MM-DD, inclusive; absent: until further notice.',
    }),
  }),
});

const ParticipantInput = builder.inputType('ParticipantInput', {
  description: 'One participant; `id` is your external id and the key for re-imports.',
  fields: (t) => ({
    id: t.string({ description: 'Your external id of the participant.' }),
    name: t.string({ description: "The person's display name." }),
    role: t.string({ description: 'Job role, e.g. "account executive".' }),
    geography: t.string({ description: 'Geography, e.g. "EMEA".' }),
    vertical: t.string({ description: 'Vertical (industry), e.g. "retail".' }),
    currency: t.string({ description: 'ISO 4217, e.g. "EUR".' }),
    annualTargetIncentiveMinor: t.field({
      type: MinorUnitsScalar,
      required: false,
      description:
        'Variable pay at 100% for a full year, in minor units of `currency`; leave out when assignments set it.',
    }),
    hireDate: t.string({ description: 'YYYY-MM-DD.' }),
    terminationDate: t.string({ required: false, description: 'Last day employed, YYYY-MM-DD, inclusive.' }),
    attributes: t.field({
      type: AttributesScalar,
      required: false,
      description: 'Free-form attributes plans can filter on; leave out for none.',
    }),
    fields: t.field({
      type: [ParticipantFieldInput],
      required: false,
      description:
        'Numeric fields over time, e.g. the base salary; re-importing the participant replaces them.',
    }),
  }),
});

builder.mutationField('importParticipants', (t) =>
  t.field({
    type: ImportResultRef,
    description: 'Stores participants by external id; all or nothing (admin, at most 10,000 a call).',
    authScopes: { admin: true },
    errors: { types: IMPORT_ERRORS },
    args: {
      records: t.arg({
        type: [ParticipantInput],
        description: 'The participants, at most 10,000; a problem names its record by 0-based `index`.',
      }),
    },
    resolve: audited((_root, { records }, context) => importForMutation('participants', records, context)),
  }),
);
