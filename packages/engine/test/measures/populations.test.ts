import { describe, expect, it } from 'vitest';
import { populationMembers } from '../../src/measures/populations.js';
import { parsePeriod } from '../../src/periods/period.js';
import { account, org, participant } from '../helpers/org.js';

const q1 = parsePeriod('2025-Q1')!;
const snapshot = org({
  teams: ['T1', 'T2', 'T3', 'T4'].map((id) => ({ id, name: id })),
  accounts: [
    account('a1', 'T1', { vertical: 'Retail', geography: 'EMEA' }),
    account('a2', 'T1', { vertical: 'Retail', geography: 'APAC' }),
    account('a3', 'T2', { vertical: 'Retail', geography: 'EMEA' }),
    account('a4', 'T2', { vertical: 'Energy', geography: 'EMEA' }),
  ],
  participants: [
    participant('p1'),
    participant('p2', { terminationDate: '2024-12-31' }),
    participant('p3'),
    participant('p4'),
  ],
  memberships: [
    { participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01' },
    { participantId: 'p2', teamId: 'T2', role: 'KAM', from: '2020-01-01' },
    // On the plan all quarter, but on T3 only from Q2.
    { participantId: 'p3', teamId: 'T3', role: 'KAM', from: '2025-04-01' },
    { participantId: 'p4', teamId: 'T4', role: 'KAM', from: '2020-01-01' },
  ],
  assignments: [
    { participantId: 'p1', plan: 'Renewal', from: '2025-03-31' },
    { participantId: 'p2', plan: 'Renewal', from: '2020-01-01' },
    { participantId: 'p3', plan: 'Renewal', from: '2020-01-01' },
    { participantId: 'p4', plan: 'Other', from: '2020-01-01' },
  ],
});

describe('population members', () => {
  it('counts a team on the plan when one day of the period has its member assigned, on the team and employed', () => {
    // T1: p1 assigned from the last day of Q1. T2: p2 left in 2024. T3: p3 joins T3 in Q2.
    // T4: p4 is on another plan.
    expect(populationMembers({ kind: 'on this plan' }, snapshot, 'Renewal', q1)).toEqual({
      teamIds: ['T1'],
      unknownTeamIds: [],
    });
  });

  it('takes the teams whose accounts are all in the vertical or the geography', () => {
    // T1's accounts are both Retail; T2 has an Energy account; T3 and T4 have no accounts.
    expect(populationMembers({ kind: 'vertical', value: 'Retail' }, snapshot, 'Renewal', q1).teamIds).toEqual(
      ['T1'],
    );
    // T2's accounts are both EMEA; T1 has one in APAC.
    expect(populationMembers({ kind: 'geography', value: 'EMEA' }, snapshot, 'Renewal', q1).teamIds).toEqual([
      'T2',
    ]);
  });

  it('takes named teams by id and lists the ids no team has', () => {
    expect(
      populationMembers({ kind: 'named', teamIds: ['T4', 'T2', 'T9'] }, snapshot, 'Renewal', q1),
    ).toEqual({
      teamIds: ['T2', 'T4'],
      unknownTeamIds: ['T9'],
    });
  });
});
