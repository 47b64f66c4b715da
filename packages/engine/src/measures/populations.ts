/**
 * Which teams a population statistic is over ("mean of churn_rate over teams on this plan"),
 * decided from the org snapshot for the period being paid. The plan states the population; this
 * is the only place that turns it into team ids.
 */
import type { TeamPopulation } from '@attain/rules';
import type { OrgSnapshot } from '../model/org.js';
import { formatDay } from '../periods/day.js';
import type { Period } from '../periods/period.js';

/** The teams of a population, by id in id order, and the named ids no team has. */
export interface PopulationMembers {
  teamIds: string[];
  unknownTeamIds: string[];
}

/**
 * - on this plan: teams that, on some day of the period, had a member assigned to the plan
 *   (the assignment, the membership and the member's employment all cover that day);
 * - vertical / geography: teams with accounts, all of them in that vertical or geography (a
 *   team's value covers all its accounts, so only such a team is measured on that market alone);
 * - named: the teams with those ids.
 */
export function populationMembers(
  population: TeamPopulation,
  org: OrgSnapshot,
  planName: string,
  period: Period,
): PopulationMembers {
  const known = new Set(org.teams.map((t) => t.id));
  const sorted = (ids: Iterable<string>) => [...new Set(ids)].filter((id) => known.has(id)).sort();
  switch (population.kind) {
    case 'named':
      return {
        teamIds: sorted(population.teamIds),
        unknownTeamIds: population.teamIds.filter((id) => !known.has(id)),
      };
    case 'vertical':
    case 'geography': {
      const field = population.kind;
      const matches = new Map<string, boolean>();
      for (const account of org.accounts) {
        matches.set(
          account.teamId,
          (matches.get(account.teamId) ?? true) && account[field] === population.value,
        );
      }
      return { teamIds: sorted([...matches].filter(([, all]) => all).map(([id]) => id)), unknownTeamIds: [] };
    }
    case 'on this plan':
      return { teamIds: sorted(teamsOnPlan(org, planName, period)), unknownTeamIds: [] };
  }
}

function teamsOnPlan(org: OrgSnapshot, planName: string, period: Period): string[] {
  const first = formatDay(period.start);
  const last = formatDay(period.end);
  const employed = new Map(org.participants.map((p) => [p.id, p]));
  const memberships = new Map<string, OrgSnapshot['memberships'][number][]>();
  // A manager overseeing a team is not one of its members (TeamMembership.manages).
  for (const m of org.memberships.filter((m) => !m.manages))
    memberships.set(m.participantId, [...(memberships.get(m.participantId) ?? []), m]);
  const teams: string[] = [];
  for (const assignment of org.assignments) {
    if (assignment.plan !== planName) continue;
    const participant = employed.get(assignment.participantId);
    if (!participant) continue;
    for (const membership of memberships.get(assignment.participantId) ?? []) {
      // ISO days compare as text; a missing end date is open.
      const from = [first, assignment.from, membership.from, participant.hireDate].sort().at(-1)!;
      const to = [
        last,
        assignment.to ?? last,
        membership.to ?? last,
        participant.terminationDate ?? last,
      ].sort()[0]!;
      if (from <= to) teams.push(membership.teamId);
    }
  }
  return teams;
}
