import { describe, expect, it } from 'vitest';
import type { TeamMembership } from '../../src/model/org.js';
import { partitionOrg } from '../../src/partitions/partition-org.js';
import { org, participant } from '../helpers/org.js';

const member = (participantId: string, teamId: string, from = '2024-01-01', to: string | null = null) =>
  ({ participantId, teamId, role: 'Key Account Manager', from, to }) satisfies TeamMembership;

/** Teams t5, t3, t2a, t2b with 5, 3, 2 and 2 members. */
function sizedOrg() {
  const sizes: [string, number][] = [
    ['t5', 5],
    ['t3', 3],
    ['t2a', 2],
    ['t2b', 2],
  ];
  const memberships = sizes.flatMap(([teamId, size]) =>
    Array.from({ length: size }, (_, i) => member(`${teamId}-p${i}`, teamId)),
  );
  return org({
    teams: sizes.map(([id]) => ({ id, name: id })),
    participants: memberships.map((m) => participant(m.participantId)),
    memberships,
  });
}

describe('partitionOrg', () => {
  it('puts every participant in exactly one partition, with all of their home team', () => {
    const partitions = partitionOrg(sizedOrg(), 3);
    const all = partitions.flatMap((p) => p.participantIds);
    expect(all.sort()).toEqual(
      sizedOrg()
        .participants.map((p) => p.id)
        .sort(),
    );
    for (const partition of partitions) {
      for (const id of partition.participantIds) expect(partition.teamIds).toContain(id.split('-')[0]);
    }
  });

  it('deals the largest teams first to the partition with the fewest participants', () => {
    // Into 2: t5 -> P0 (5); t3 -> P1 (3); t2a -> P1 (3 < 5, now 5); t2b -> P0 (tie, the first; now 7).
    const partitions = partitionOrg(sizedOrg(), 2);
    expect(partitions.map((p) => p.teamIds)).toEqual([
      ['t2b', 't5'],
      ['t2a', 't3'],
    ]);
    expect(partitions.map((p) => p.participantIds.length)).toEqual([7, 5]);
  });

  it('gives the same partitions whatever order the org lists its teams, people and memberships in', () => {
    const given = sizedOrg();
    const reversed = org({
      teams: [...given.teams].reverse(),
      participants: [...given.participants].reverse(),
      memberships: [...given.memberships].reverse(),
    });
    expect(partitionOrg(reversed, 3)).toEqual(partitionOrg(given, 3));
  });

  it('places someone who moved teams with the team of their latest membership', () => {
    const moved = org({
      teams: [
        { id: 'north', name: 'North' },
        { id: 'south', name: 'South' },
      ],
      participants: [participant('ann'), participant('bob'), participant('cy')],
      memberships: [
        member('ann', 'north', '2024-01-01', '2025-03-31'),
        member('ann', 'south', '2025-04-01'),
        member('bob', 'north'),
        member('cy', 'south'),
      ],
    });
    const [first, second] = partitionOrg(moved, 2);
    // south has ann and cy (2), north has bob (1): south is dealt first, to P0.
    expect(first).toEqual({ index: 0, teamIds: ['south'], participantIds: ['ann', 'cy'] });
    expect(second).toEqual({ index: 1, teamIds: ['north'], participantIds: ['bob'] });
  });

  it('places someone on no team by their id alone, so every process agrees where they are', () => {
    const alone = org({ participants: [participant('solo')] });
    const once = partitionOrg(alone, 4).findIndex((p) => p.participantIds.includes('solo'));
    expect(once).toBeGreaterThanOrEqual(0);
    expect(partitionOrg(alone, 4).findIndex((p) => p.participantIds.includes('solo'))).toBe(once);
  });

  it('refuses a partition count that is not a whole number of at least 1', () => {
    expect(() => partitionOrg(sizedOrg(), 0)).toThrow(/at least 1/);
    expect(() => partitionOrg(sizedOrg(), 1.5)).toThrow(/at least 1/);
  });
});
