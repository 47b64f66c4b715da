/**
 * Team partitions: the unit of work that threads of one process, or processes on several
 * machines, share out (docs/scaling.md). A participant's statements read their own credited
 * facts and the accounts of the teams they were on, so whoever owns a partition needs only
 * those facts (see sliceFactColumns). Partitions are a pure function of the org: every process
 * that reads the same org computes the same partitions without talking to the others.
 */
import type { OrgSnapshot, TeamMembership } from '../model/org.js';

/** One partition: the teams it owns and the participants whose statements it computes. */
export interface OrgPartition {
  index: number;
  /** Teams whose members' statements this partition computes (their home team), sorted. */
  teamIds: string[];
  /** Participants whose statements this partition computes, sorted; every participant is in exactly one partition. */
  participantIds: string[];
}

/**
 * Splits the org into `count` partitions by team. Teams are dealt, largest first (ties by id),
 * to the partition with the fewest participants so far, so that partitions do about the same
 * work; a participant goes with their home team (the team of their latest membership), and a
 * participant on no team with the partition a hash of their id names. Deterministic: the same
 * org and count give the same partitions, whatever order the org lists things in.
 */
export function partitionOrg(org: OrgSnapshot, count: number): OrgPartition[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`partitionOrg: count must be a whole number of at least 1, got ${count}`);
  }
  const home = homeTeams(org.memberships);
  const membersOf = new Map<string, string[]>();
  for (const team of org.teams) membersOf.set(team.id, []);
  const teamless: string[] = [];
  for (const participant of org.participants) {
    const teamId = home.get(participant.id);
    if (teamId === undefined) {
      teamless.push(participant.id);
      continue;
    }
    let members = membersOf.get(teamId);
    if (!members) {
      // A membership of a team the org does not list: still a team to deal out.
      members = [];
      membersOf.set(teamId, members);
    }
    members.push(participant.id);
  }
  const partitions: OrgPartition[] = Array.from({ length: count }, (_, index) => ({
    index,
    teamIds: [],
    participantIds: [],
  }));
  const teams = [...membersOf].sort(
    ([a, membersA], [b, membersB]) => membersB.length - membersA.length || compare(a, b),
  );
  for (const [teamId, members] of teams) {
    let target = partitions[0] as OrgPartition;
    for (const partition of partitions) {
      if (partition.participantIds.length < target.participantIds.length) target = partition;
    }
    target.teamIds.push(teamId);
    target.participantIds.push(...members);
  }
  for (const participantId of teamless) {
    (partitions[hashText(participantId) % count] as OrgPartition).participantIds.push(participantId);
  }
  for (const partition of partitions) {
    partition.teamIds.sort(compare);
    partition.participantIds.sort(compare);
  }
  return partitions;
}

/** Each participant's home team: the team of their latest membership (by start day, then team id). */
function homeTeams(memberships: readonly TeamMembership[]): Map<string, string> {
  const latest = new Map<string, TeamMembership>();
  for (const m of memberships) {
    const current = latest.get(m.participantId);
    if (!current || m.from > current.from || (m.from === current.from && m.teamId > current.teamId)) {
      latest.set(m.participantId, m);
    }
  }
  return new Map([...latest].map(([participantId, m]) => [participantId, m.teamId]));
}

/** FNV-1a over the UTF-16 code units: stable across processes and machines. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
