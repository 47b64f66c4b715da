/**
 * A one-component plan small enough to pay by hand, and record builders for the people and
 * orders it pays on. Several test files build their own data from these.
 */

/** The payout is the attainment of a quarterly quota "Quota", linear between 50% and 150%. */
export const SIMPLE_PLAN_TEXT = `plan "Simple revenue"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure revenue = sum of order.amount

component "Revenue" weight 100% for individual
  pays curve on revenue / goal "Quota":
    below 50%: 0%
    from 50% up to and including 150%: 50% to 150%
    above 150%: 150%
`;

/** A participant paid in USD, hired in 2020 (so never prorated in 2025). */
export const usdParticipant = (id: string, name: string, annualTargetIncentiveMinor: number) => ({
  id,
  name,
  role: 'key account manager',
  geography: 'EMEA',
  vertical: 'retail',
  currency: 'USD',
  annualTargetIncentiveMinor,
  hireDate: '2020-01-01',
});

/** Team "t-one" with these members (participant id and role), all members since 2020. */
export const teamOne = (...members: readonly (readonly [participantId: string, role: string])[]) => ({
  id: 't-one',
  name: 'Team one',
  members: members.map(([participantId, role]) => ({ participantId, role, from: '2020-01-01' })),
});

/** Account a-one, owned by team t-one: the account every usdOrder is on. */
export const ACME = {
  id: 'a-one',
  name: 'Acme',
  teamId: 't-one',
  geography: 'EMEA',
  vertical: 'retail',
  segment: 'strategic',
} as const;

/** A USD goal "Quota" of `valueMinor` cents for one participant and period. */
export const usdQuota = (id: string, ownerId: string, periodId: string, valueMinor: number) => ({
  id,
  name: 'Quota',
  ownerId,
  periodId,
  value: valueMinor,
  currency: 'USD',
});

/** An order on account a-one, credited wholly to one participant. */
export const usdOrder = (id: string, date: string, amount: number, participantId: string) => ({
  id,
  kind: 'order',
  date,
  accountId: 'a-one',
  currency: 'USD',
  amount,
  cost: 0,
  productLine: 'Core',
  repeat: false,
  credits: [{ participantId, share: 1 }],
});
