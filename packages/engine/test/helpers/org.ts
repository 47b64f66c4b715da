/** Builders for small hand-made org snapshots. */
import type { Fact } from '../../src/model/fact.js';
import type { Account, OrgSnapshot, Participant } from '../../src/model/org.js';

export function participant(id: string, overrides: Partial<Participant> = {}): Participant {
  return {
    id,
    name: id,
    role: 'Key Account Manager',
    geography: 'EMEA',
    vertical: 'Retail',
    currency: 'USD',
    annualTargetIncentiveMinor: 4_000_000,
    hireDate: '2020-01-01',
    ...overrides,
  };
}

export function account(id: string, teamId: string, overrides: Partial<Account> = {}): Account {
  return { id, name: id, teamId, geography: 'EMEA', vertical: 'Retail', segment: 'strategic', ...overrides };
}

export function org(overrides: Partial<OrgSnapshot> = {}): OrgSnapshot {
  return {
    participants: [],
    teams: [],
    memberships: [],
    accounts: [],
    goals: [],
    assignments: [],
    ...overrides,
  };
}

/** A USD order on an account, with no cost; `extra` adds credits or other fields. */
export function order(id: string, date: string, accountId: string, amount: number, extra: object = {}): Fact {
  return {
    id,
    kind: 'order',
    date,
    accountId,
    currency: 'USD',
    amount,
    cost: 0,
    productLine: 'Core',
    repeat: false,
    ...extra,
  } as Fact;
}
