import type { Team, TeamMembership } from '../repositories/teams.js';
import type { Importer } from './importer.js';

/** Teams with their full member lists (re-importing a team replaces its members). */
export const teamImporter: Importer<Team> = {
  noun: 'teams',
  fields: ['id', 'name', 'members'],
  check(c) {
    const id = c.id('id');
    const name = c.text('name');
    const members = c.list<TeamMembership>('members', (m) => {
      m.onlyFields(['participantId', 'role', 'from', 'to', 'manages']);
      const participantId = m.id('participantId');
      m.refersTo('participantId', participantId, 'participant');
      const role = m.text('role');
      const from = m.day('from');
      const to = m.endDay('to', from, 'from');
      const manages = m.boolean('manages', false);
      if (participantId === undefined || role === undefined || from === undefined) return undefined;
      if ((m.has('to') && to === undefined) || (m.has('manages') && manages === undefined)) return undefined;
      return { participantId, teamId: id ?? '', role, from, to: to ?? null, ...(manages ? { manages } : {}) };
    });
    if (id === undefined || name === undefined || members === undefined) return undefined;
    return { id, name, members };
  },
  write: (repositories, records) => repositories.teams.upsertMany(records),
};
