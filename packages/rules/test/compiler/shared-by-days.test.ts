/**
 * Which components pay money once a period (`sharedByDays`): the engine shares their amount
 * between a period's stretches by days, so a person who moves mid-period is not paid it twice.
 */
import { describe, expect, it } from 'vitest';
import { compile, header } from '../helpers.js';

const marked = (text: string) =>
  compile(`${header}measure revenue = sum of order.amount\n\n${text}`)
    .components.filter((c) => c.sharedByDays)
    .map((c) => c.name);

describe('components paid once a period', () => {
  it('marks fixed amounts, money bands on attainment and commissions on another window', () => {
    expect(
      marked(`component "Fixed" for team
  pays 1,500

component "Club" for team
  pays curve on revenue / goal "Quota":
    below 100%: 0
    from 100%: 5,000

component "Lagged" for team
  pays 2% of revenue in prior period

component "Lagged rates" for team
  pays rates on revenue in prior period, marginal, on the period total:
    up to 50,000: 1%
    from 50,000: 3%
`),
    ).toEqual(['Fixed', 'Club', 'Lagged', 'Lagged rates']);
  });

  it("leaves money made of the stretch's own facts and shares of the target unmarked", () => {
    expect(
      marked(`component "Commission" for team
  pays 2% of revenue

component "Rates" for team
  pays rates on revenue against goal "Quota", marginal, on the period total:
    up to 100%: 2%
    from 100%: 4%

component "Attainment" for team
  pays curve on revenue / goal "Quota":
    below 100%: 0
    from 100%: 100%

component "Tenth of target" for team
  pays 10% of target incentive

component "Per account" for each account
  pays 100
`),
    ).toEqual([]);
  });

  it('marks nothing under a true-up, which already subtracts what earlier stretches paid', () => {
    const plan = compile(`plan "Test"
  period quarter
  currency USD
  target incentive: annual, not prorated
  true-up year to date

measure revenue = sum of order.amount

component "Club" for team
  pays curve on revenue in year to date / goal "Quota" in year to date:
    below 100%: 0
    from 100%: 5,000
`);
    expect(plan.components.filter((c) => c.sharedByDays)).toEqual([]);
  });
});
