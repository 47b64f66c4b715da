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
