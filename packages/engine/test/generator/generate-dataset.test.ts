import { describe, expect, it } from 'vitest';
import { ARCHETYPE_PLANS, GENERATED_GOALS, generateDataset } from '../../src/generator/generate-dataset.js';
import { createRandom } from '../../src/generator/random.js';

const options = {
  seed: 7,
  teams: 4,
  participantsPerTeam: 6,
  accountsPerTeam: 5,
  from: '2024-01-01',
  to: '2025-12-31',
};
const dataset = generateDataset(options);

describe('generateDataset', () => {
  it('gives the same dataset for the same seed', () => {
    expect(JSON.stringify(generateDataset(options))).toBe(JSON.stringify(dataset));
  });

  it('gives another dataset for another seed', () => {
    expect(JSON.stringify(generateDataset({ ...options, seed: 8 }).facts)).not.toBe(
      JSON.stringify(dataset.facts),
    );
  });

  it('creates the requested numbers of teams, participants and accounts', () => {
    expect(dataset.org.teams).toHaveLength(4);
    expect(dataset.org.participants).toHaveLength(24);
    expect(dataset.org.accounts).toHaveLength(20);
  });

  it('produces facts of every kind, inside the date range, in date order', () => {
    const kinds = new Set(dataset.facts.map((f) => f.kind));
    expect([...kinds].sort()).toEqual([
      'churn',
      'objective',
      'opportunity',
      'order',
      'renewal',
      'survey',
      'wallet',
    ]);
    const dates = dataset.facts.map((f) => f.date);
    expect(dates.every((d) => d >= '2024-01-01' && d <= '2025-12-31')).toBe(true);
    expect([...dates].sort()).toEqual(dates);
  });

  it('credits facts only to people on the account team that day, with shares adding up to 1', () => {
    const teamOf = new Map(dataset.org.accounts.map((a) => [a.id, a.teamId]));
    for (const fact of dataset.facts) {
      if (!fact.credits || fact.kind === 'objective') continue;
      expect(fact.credits.reduce((sum, c) => sum + c.share, 0)).toBeCloseTo(1, 12);
      for (const credit of fact.credits) {
        const onTeam = dataset.org.memberships.some(
          (m) =>
            m.participantId === credit.participantId &&
            m.teamId === teamOf.get(fact.accountId) &&
            m.from <= fact.date &&
            (!m.to || m.to >= fact.date),
        );
        expect(onTeam).toBe(true);
      }
    }
  });

  it('includes mid-period joiners, leavers and team changes', () => {
    const big = generateDataset({ ...options, teams: 6, participantsPerTeam: 10 });
    expect(big.org.participants.some((p) => p.hireDate > '2024-01-01')).toBe(true);
    expect(big.org.participants.some((p) => p.terminationDate !== undefined)).toBe(true);
    const teamsPerPerson = new Map<string, Set<string>>();
    for (const m of big.org.memberships)
      teamsPerPerson.set(m.participantId, (teamsPerPerson.get(m.participantId) ?? new Set()).add(m.teamId));
    expect([...teamsPerPerson.values()].some((teams) => teams.size > 1)).toBe(true);
  });

  it('assigns the archetype plans to teams in turn, in their currencies', () => {
    const planOf = (teamIndex: number) => {
      const member = dataset.org.memberships.find((m) => m.teamId === dataset.org.teams[teamIndex]?.id);
      return dataset.org.assignments.find((a) => a.participantId === member?.participantId)?.plan;
    };
    expect([planOf(0), planOf(1), planOf(2), planOf(3)]).toEqual([
      ARCHETYPE_PLANS[0]?.name,
      ARCHETYPE_PLANS[1]?.name,
      ARCHETYPE_PLANS[2]?.name,
      ARCHETYPE_PLANS[0]?.name,
    ]);
    const portfolioTeam = dataset.org.teams[1]!.id;
    const portfolioAccount = dataset.org.accounts.find((a) => a.teamId === portfolioTeam)!.id;
    expect(dataset.facts.find((f) => f.accountId === portfolioAccount && f.kind === 'order')?.currency).toBe(
      'EUR',
    );
  });

  it('sets quarterly goals under the names the example plans use', () => {
    const q = dataset.org.goals.filter((g) => g.periodId === '2025-Q3');
    expect(new Set(q.map((g) => g.name))).toEqual(new Set(Object.values(GENERATED_GOALS)));
    expect(q.filter((g) => g.name === GENERATED_GOALS.teamRevenue)).toHaveLength(4);
  });

  it('sells more in the last quarter of a year than in the first (seasonality)', () => {
    const revenue = (prefix: string[]) =>
      dataset.facts
        .filter((f) => f.kind === 'order' && prefix.some((p) => f.date.startsWith(p)))
        .reduce((sum, f) => sum + (f.kind === 'order' ? f.amount : 0), 0);
    expect(revenue(['2025-10', '2025-11', '2025-12'])).toBeGreaterThan(
      revenue(['2025-01', '2025-02', '2025-03']),
    );
  });
});

describe('createRandom', () => {
  it('repeats its sequence for a seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect([a.next(), a.next(), a.int(1, 6)]).toEqual([b.next(), b.next(), b.int(1, 6)]);
  });

  it('draws integers inside the bounds', () => {
    const random = createRandom(1);
    const draws = Array.from({ length: 1000 }, () => random.int(3, 5));
    expect(new Set(draws)).toEqual(new Set([3, 4, 5]));
  });
});
