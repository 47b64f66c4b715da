import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLanguageServices, PlanDocument } from '../../src/index.js';
import { header, positionOf, textAt } from './support.js';

const plan = `${header}measure revenue = sum of order.amount
measure revenue_last_year = revenue in same period last year
measure growth = revenue / revenue_last_year - 1

component "Team revenue" weight 30% for team
  pays curve on revenue / goal "Team revenue":
    below 80%: 0%
    from 80% up to 100%: 50% to 100%
    from 100% up to and including 150%: 100% to 200%
    above 150%: 200%

component "Growth" weight 70% for individual
  pays curve on growth:
    below 0%: 0%
    from 0%: 100%
`;

const doc = new PlanDocument(plan);
const services = createLanguageServices({
  goals: () => [{ name: 'Team revenue', unit: 'money', description: 'set for 3 teams in 2025' }],
});
const hover = (needle: string, delta = 0, nth = 0) =>
  services.hover(doc, positionOf(doc, needle, delta, nth));

describe('hover', () => {
  it("shows a measure's definition, unit, scope and window on its declaration", () => {
    const found = hover('revenue =', 2);
    expect(found?.contents).toBe(
      [
        '**measure revenue** = `sum of order.amount`',
        '',
        '- unit: money (USD)',
        "- scope: the scope of the component that uses it ('for team' or 'for individual')",
        "- window: the plan's period (a quarter)",
      ].join('\n'),
    );
    expect(textAt(doc, found!.range)).toBe('revenue');
  });

  it('shows the window a measure reads when it is another period, on a use of it', () => {
    const found = hover('revenue_last_year - 1', 3);
    expect(found?.contents).toContain('**measure revenue_last_year** = `revenue in same period last year`');
    expect(found?.contents).toContain('- window: same period last year');
  });

  it('shows that growth, money over money, is a percentage', () => {
    expect(hover('growth =', 1)?.contents).toContain('- unit: a percentage');
  });

  it("says which boundary a band includes: 'from' includes, 'up to' excludes", () => {
    const found = hover('from 80%', 2);
    expect(found?.contents).toBe(
      [
        '**band** from 80% up to 100%: 80% included, 100% excluded',
        '',
        'pays 50% at 80%, rising in a straight line to 100% at 100%',
        "(a share of the component's target)",
      ].join('\n'),
    );
    expect(textAt(doc, found!.range)).toBe('from 80% up to 100%: 50% to 100%');
  });

  it("says 'up to and including' includes its bound and 'above' excludes it", () => {
    expect(hover('from 100% up to and including', 2)?.contents).toContain(
      'from 100% up to and including 150%: 100% included, 150% included',
    );
    expect(hover('above 150%', 2)?.contents).toContain('above 150% upwards: 150% excluded, no upper limit');
    expect(hover('below 80%', 2)?.contents).toContain('everything below 80%: 80% excluded, no lower limit');
  });

  it('shows the unit a goal is used in and what the data says about it', () => {
    const found = hover('goal "Team revenue"', 8);
    expect(found?.contents).toBe(
      [
        '**goal "Team revenue"**',
        '',
        '- used as money (USD)',
        '- stored as money',
        '- set for 3 teams in 2025',
      ].join('\n'),
    );
  });

  it("shows a component's weight, target share and payout range", () => {
    // The curve pays 0% to 200% of the component's target, which is 30% of the target
    // incentive: 0% x 30% = 0% to 200% x 30% = 60% of the target incentive.
    const found = hover('"Team revenue" weight', 3);
    expect(found?.contents).toBe(
      [
        '**component "Team revenue"**',
        '',
        '- weight 30%: its target is 30% of the target incentive',
        '- measured for team',
        '- no code: it is known by its name, and what it paid earlier in the year (a true-up), corrections and backtest rows follow it from version to version; before renaming it, add code "Team revenue" to keep them',
        '- pays from 0% to 60% of the target incentive (0% to 200% of its target)',
      ].join('\n'),
    );
    expect(textAt(doc, found!.range)).toBe('"Team revenue"');
  });

  it("explains a component's code as what keeps it the same component across versions", () => {
    const coded = new PlanDocument(
      `${header}measure revenue = sum of order.amount\ncomponent "New deals" code "NB" pays 1% of revenue\n`,
    );
    const found = services.hover(coded, positionOf(coded, '"NB"', 1));
    expect(found?.contents).toBe(
      '**code "NB"**\n\n- code "NB": what it paid earlier in the year (a true-up), corrections and backtest rows follow it from version to version, so a version that renames the component keeps the code to stay the same component',
    );
    expect(textAt(coded, found!.range)).toBe('"NB"');
  });

  it('says nothing on a keyword that needs no explanation', () => {
    expect(hover('period quarter', 2)).toBeNull();
  });
});

describe('hover on the phrases of quotas, thirds, per-deal curves, SPIFFs and roll-ups', () => {
  const text = readFileSync(
    new URL('../../../../docs/examples/quota-and-deals.plan', import.meta.url),
    'utf8',
  );
  const quotaDoc = new PlanDocument(text);
  const at = (needle: string, delta = 0) =>
    createLanguageServices().hover(quotaDoc, positionOf(quotaDoc, needle, delta))?.contents ?? '';

  it("says what a goal's quota rule does to the stored goal, step by step", () => {
    const contents = at('goal "Quota":\n    below', 7);
    expect(contents).toContain(
      '- stored for the year, cut to each quarter by its seasonal weight (20% / 20% / 20% / 40%)',
    );
    expect(contents).toContain('- prorated by the days employed in the quarter (actual/actual)');
    expect(contents).toContain(
      '- ramped for new hires: 50% in month 1, 75% in month 2 of tenure, whole from month 3',
    );
  });

  it('gives a weight of 1/3 as the exact fraction of the target incentive', () => {
    expect(at('"Churn better than average" weight', 2)).toContain(
      '- weight 1/3: its target is 1/3 of the target incentive',
    );
  });

  it('says that a per-deal curve is read at each deal, and that a SPIFF pays per deal', () => {
    expect(at('"Deal commission" for', 2)).toContain(
      "- per deal: the payout is read at each deal's amount and the results added up",
    );
    expect(at('"Strategic SPIFF" for', 2)).toContain(
      '- a SPIFF: the amount is paid once for each deal counted',
    );
  });

  it('says what managed teams and each account measure', () => {
    const rollUp = new PlanDocument(
      `${header}measure revenue = sum of order.amount\n\ncomponent "Region" for managed teams\n  pays 1% of revenue\n\ncomponent "Accounts" for each account\n  pays 2% of revenue\n`,
    );
    const on = (needle: string) =>
      createLanguageServices().hover(rollUp, positionOf(rollUp, needle, 2))?.contents ?? '';
    expect(on('"Region" for')).toContain(
      "- measured for every team the participant manages (team memberships with 'manages: true'), added up",
    );
    expect(on('"Accounts" for')).toContain(
      "- measured for each account of the participant's team on its own, the payouts added up",
    );
  });
});
