import type { Context } from '../context.js';
import type { Team } from '../repositories/teams.js';
import { isReader } from './builder.js';

/**
 * Who may see which record, as predicates. Types declare the same rules as `authScopes`, and the
 * node loaders filter with these, so `node(id:)` answers null (not an error that confirms the id
 * exists) for a record the key may not see.
 */
export function ownParticipantId(context: Context): string | null {
  return context.apiKey?.role === 'participant' ? context.apiKey.participantId : null;
}

export function canSeeParticipant(context: Context, participantId: string): boolean {
  return isReader(context) || ownParticipantId(context) === participantId;
}

/** Participants see the teams they are (or were) members of, not the teams' other data. */
export function canSeeTeam(context: Context, team: Team): boolean {
  const self = ownParticipantId(context);
  return isReader(context) || (self !== null && team.members.some((member) => member.participantId === self));
}
