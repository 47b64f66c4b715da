import type { Context } from '../context.js';
import { pageOfSorted } from '../db/page.js';
import type { Account } from '../repositories/accounts.js';
import type { Team } from '../repositories/teams.js';
import { canSeeTeam } from './access.js';
import { audited } from './audit.js';
import { builder, READERS } from './builder.js';
import { IMPORT_ERRORS, ImportResultRef, importForMutation } from './imports.js';
import { toConnection, toPageRequest } from './pagination.js';
import { TeamMembershipRef } from './participants.js';
import { AttributesScalar } from './scalars.js';

/** Teams by id; a participant key sees only the teams it belongs to. */
export const TeamRef = builder.loadableNodeRef<Team, string, string>('Team', {
  id: { resolve: (team) => team.id },
  load: async (ids: string[], context: Context) => {
    const teams = await context.repositories.teams.findByIds(ids);
    return teams.filter((team) => canSeeTeam(context, team));
  },
  sort: (team) => team.id,
});

/** Accounts by id: readers only. */
export const AccountRef = builder.loadableNodeRef<Account, string, string>('Account', {
  id: { resolve: (account) => account.id },
  load: (ids: string[], context: Context) =>
    context.apiKey?.role === 'participant'
      ? Promise.resolve([])
      : context.repositories.accounts.findByIds(ids),
  sort: (account) => account.id,
});

TeamRef.implement({
  description: 'A key account team: its members and its accounts.',
  authScopes: (team, context) => canSeeTeam(context, team),
  fields: (t) => ({
    externalId: t.exposeString('id', { description: 'The id your systems gave the team.' }),
    name: t.exposeString('name', { description: "The team's display name." }),
    members: t.field({
      type: [TeamMembershipRef],
      description: 'Memberships, past and present (readers only: not for participant keys).',
      authScopes: READERS,
      deprecationReason:
        'Unpaged: it returns every membership however many there are. Use membersConnection, at most 100 a page.',
      resolve: (team) => team.members.map((membership) => ({ membership, team })),
    }),
    membersConnection: t.connection({
      type: TeamMembershipRef,
      description:
        'Memberships, past and present, at most 100 a page (20 when neither `first` nor `last` is given), by participant external id, then first day, then role (readers only: not for participant keys).',
      authScopes: READERS,
      resolve: (team, args) => {
        const memberships = team.members
          .map((membership) => ({ membership, team }))
          .sort((a, b) => compareKeys(membershipKey(a.membership), membershipKey(b.membership)));
        const keyOf = (m: { membership: Team['members'][number] }) => membershipKey(m.membership);
        return toConnection(pageOfSorted(memberships, keyOf, toPageRequest(args)), keyOf);
      },
    }),
    accountsConnection: t.connection({
      type: AccountRef,
      description:
        "The team's accounts by external id, at most 100 a page (20 when neither `first` nor `last` is given) (readers only).",
      authScopes: READERS,
      resolve: async (team, args, context) =>
        toConnection(await context.repositories.accounts.findPage(toPageRequest(args), { teamId: team.id })),
    }),
    accounts: t.loadableList({
      type: AccountRef,
      description: "The team's accounts (readers only).",
      deprecationReason:
        'Unpaged: it returns every account of the team however many there are. Use accountsConnection, at most 100 a page.',
      authScopes: READERS,
      load: async (teamIds: string[], context: Context) => {
        const accounts = await context.repositories.accounts.findByTeams(teamIds);
        return teamIds.map((teamId) => accounts.filter((account) => account.teamId === teamId));
      },
      resolve: (team) => team.id,
    }),
  }),
});

AccountRef.implement({
  description: 'A customer account, owned by one team.',
  authScopes: READERS,
  fields: (t) => ({
    externalId: t.exposeString('id', { description: 'The id your systems gave the account.' }),
    name: t.exposeString('name', { description: "The account's display name." }),
    team: t.field({
      type: TeamRef,
      nullable: true,
      description: 'The owning team; null when that team is not visible to this key.',
      resolve: (account) => account.teamId,
    }),
    geography: t.exposeString('geography', { description: 'Geography as imported, e.g. "EMEA".' }),
    vertical: t.exposeString('vertical', { description: 'Vertical (industry) as imported, e.g. "retail".' }),
    segment: t.exposeString('segment', { description: 'Segment as imported, e.g. "enterprise".' }),
    attributes: t.expose('attributes', {
      type: AttributesScalar,
      description: 'Free-form attributes as imported; `{}` when none.',
    }),
  }),
});

builder.queryField('teams', (t) =>
  t.connection({
    type: TeamRef,
    description: 'Teams by external id, at most 100 a page (readers).',
    authScopes: READERS,
    resolve: async (_root, args, { repositories }) =>
      toConnection(await repositories.teams.findPage(toPageRequest(args))),
  }),
);

builder.queryField('accounts', (t) =>
  t.connection({
    type: AccountRef,
    description: 'Accounts by external id, at most 100 a page, optionally of one team (readers).',
    authScopes: READERS,
    args: { teamId: t.arg.string({ required: false, description: "The team's external id." }) },
    resolve: async (_root, args, { repositories }) =>
      toConnection(
        await repositories.accounts.findPage(toPageRequest(args), { teamId: args.teamId ?? undefined }),
      ),
  }),
);

const MemberInput = builder.inputType('TeamMemberInput', {
  description: 'One membership of a team: who, in which role, over which inclusive days.',
  fields: (t) => ({
    participantId: t.string({ description: "The participant's external id (import participants first)." }),
    role: t.string({ description: 'The role in the team, e.g. "lead".' }),
    from: t.string({ description: 'First day, YYYY-MM-DD.' }),
    to: t.string({
      required: false,
      description: 'Last day, YYYY-MM-DD, inclusive; leave out while it lasts.',
    }),
    manages: t.boolean({
      required: false,
      description:
        "True when the participant oversees the team (a manager or director paid on it with 'for managed teams') rather than working in it; default false.",
    }),
  }),
});

const TeamInput = builder.inputType('TeamInput', {
  description: 'One team with its complete member list: re-importing a team replaces its members.',
  fields: (t) => ({
    id: t.string({ description: 'Your external id of the team; the key for re-imports.' }),
    name: t.string({ description: "The team's display name." }),
    members: t.field({
      type: [MemberInput],
      required: false,
      description: 'Every membership of the team; leave out for none.',
    }),
  }),
});

const AccountInput = builder.inputType('AccountInput', {
  description: 'One account; `id` is your external id and the key for re-imports.',
  fields: (t) => ({
    id: t.string({ description: 'Your external id of the account.' }),
    name: t.string({ description: "The account's display name." }),
    teamId: t.string({ description: "The owning team's external id (import teams first)." }),
    geography: t.string({ description: 'Geography, e.g. "EMEA".' }),
    vertical: t.string({ description: 'Vertical (industry), e.g. "retail".' }),
    segment: t.string({ description: 'Segment, e.g. "enterprise".' }),
    attributes: t.field({
      type: AttributesScalar,
      required: false,
      description: 'Free-form attributes plans can filter on; leave out for none.',
    }),
  }),
});

builder.mutationField('importTeams', (t) =>
  t.field({
    type: ImportResultRef,
    description:
      'Stores teams and their members by external id; all or nothing (admin, at most 10,000 a call).',
    authScopes: { admin: true },
    errors: { types: IMPORT_ERRORS },
    args: {
      records: t.arg({
        type: [TeamInput],
        description: 'The teams, at most 10,000; a problem names its record by 0-based `index`.',
      }),
    },
    resolve: audited((_root, { records }, context) => importForMutation('teams', records, context)),
  }),
);

builder.mutationField('importAccounts', (t) =>
  t.field({
    type: ImportResultRef,
    description: 'Stores accounts by external id; all or nothing (admin, at most 10,000 a call).',
    authScopes: { admin: true },
    errors: { types: IMPORT_ERRORS },
    args: {
      records: t.arg({
        type: [AccountInput],
        description: 'The accounts, at most 10,000; a problem names its record by 0-based `index`.',
      }),
    },
    resolve: audited((_root, { records }, context) => importForMutation('accounts', records, context)),
  }),
);

/** A membership's place in `membersConnection`: participant, first day, role (unique in a team). */
function membershipKey(membership: Team['members'][number]): string {
  return `${membership.participantId}\u0000${membership.from}\u0000${membership.role}`;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
