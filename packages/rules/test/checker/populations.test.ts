import { describe, expect, it } from 'vitest';
import { checkPlan, formatPlan } from '../../src/index.js';
import { codes, header } from '../helpers.js';

const measures = `${header}measure revenue = sum of order.amount
measure churn_rate = sum of churn.amount / revenue
`;

/** The one diagnostic of a code, and the text it underlines. */
function diagnostic(text: string, code: string) {
  const found = checkPlan(text).diagnostics.filter((d) => d.code === code);
  expect(found, JSON.stringify(checkPlan(text).diagnostics.map((d) => d.code))).toHaveLength(1);
  const d = found[0]!;
  return { ...d, underlined: text.slice(d.range.start.offset, d.range.end.offset) };
}

describe('checker: statistics over teams', () => {
  it('accepts the mean, the median and the pooled value over each kind of population', () => {
    const text = `${measures}measure a = mean of churn_rate over teams on this plan
measure b = median of churn_rate over teams in vertical "Retail"
measure c = pooled churn_rate over teams in geography "EMEA"
measure d = mean of (sum of churn.amount / revenue) over teams "T1", "T2" in prior period
component "C" pays 1% of revenue * (a + b + c + d)`;
    expect(codes(text, 'error')).toEqual([]);
  });

  it("refuses the old 'for all teams' at the clause, showing the new forms with the measure's name", () => {
    const text = `${measures}component "C" pays curve on churn_rate for all teams - churn_rate:
  from 0%: 100%`;
    const d = diagnostic(text, 'POPULATION_UNSTATED');
    expect(d.underlined).toBe('all teams');
    // 'component "C" pays curve on churn_rate for ' is 43 characters.
    expect(d.range.start).toMatchObject({ line: 7, column: 44 });
    expect(d.message).toContain("'mean of churn_rate over teams on this plan'");
    expect(d.message).toContain("'pooled churn_rate over teams on this plan'");
    expect(d.message).toContain("'median of churn_rate over teams on this plan'");
  });

  it("refuses 'for all teams combined' and a given 'for all teams' in an example", () => {
    const text = `${measures}measure everyone = sum of churn.amount for all teams combined
component "C" pays 1% of revenue
example "E":
  given churn_rate for all teams = 4%
  expect total pays 0`;
    expect(codes(text, 'error')).toEqual(['POPULATION_UNSTATED', 'POPULATION_UNSTATED']);
  });

  it("names 'average of' over teams as an unknown statistic and suggests 'mean of'", () => {
    const text = `${measures}measure a = average of churn_rate over teams on this plan`;
    const d = diagnostic(text, 'UNKNOWN_STATISTIC');
    expect(d.underlined).toBe('average of churn_rate');
    expect(d.message).toContain("'mean of churn_rate over ...'");
    expect(codes(text, 'error')).toEqual(['UNKNOWN_STATISTIC']);
  });

  it("asks for the statistic when 'over teams' has none", () => {
    const text = `${measures}measure a = churn_rate over teams on this plan`;
    expect(diagnostic(text, 'POPULATION_STATISTIC_MISSING').underlined).toBe(
      'churn_rate over teams on this plan',
    );
  });

  it("asks for the teams when 'mean of' has no 'over'", () => {
    const text = `${measures}measure a = median of churn_rate`;
    const d = diagnostic(text, 'POPULATION_MISSING');
    expect(d.underlined).toBe('median of churn_rate');
    expect(d.message).toContain("'over teams on this plan'");
  });

  it('refuses a bare teams and an empty team id, and warns of a team named twice', () => {
    expect(
      diagnostic(`${measures}measure a = mean of churn_rate over teams`, 'POPULATION_EMPTY').underlined,
    ).toBe('teams');
    const text = `${measures}measure a = mean of churn_rate over teams "T1", "", "T1"`;
    expect(diagnostic(text, 'POPULATION_EMPTY').underlined).toBe('""');
    // 'measure a = mean of churn_rate over teams "T1", "", ' is 52 characters: the second "T1".
    expect(diagnostic(text, 'POPULATION_DUPLICATE_TEAM').range.start.column).toBe(53);
    expect(
      diagnostic(`${measures}measure a = mean of churn_rate over teams in vertical ""`, 'POPULATION_EMPTY')
        .message,
    ).toContain('vertical');
  });

  it('refuses a statistic of something that is not measured from facts', () => {
    const text = `${measures}measure a = mean of 5% over teams on this plan`;
    expect(diagnostic(text, 'POPULATION_NOT_A_MEASURE').underlined).toBe('5%');
  });

  it('refuses goals, other scopes and nested statistics inside the operand, pointing at them', () => {
    expect(
      diagnostic(
        `${measures}measure a = mean of (revenue / goal "Revenue") over teams on this plan`,
        'POPULATION_OPERAND',
      ).underlined,
    ).toBe('goal "Revenue"');
    expect(
      diagnostic(
        `${measures}measure a = mean of (revenue for individual) over teams on this plan`,
        'POPULATION_SCOPE',
      ).underlined,
    ).toBe('individual');
    const nested = `${measures}measure a = mean of churn_rate over teams on this plan
measure b = pooled (churn_rate - a) over teams on this plan`;
    // Found through the measure 'a': the underline is where 'a' is used.
    expect(diagnostic(nested, 'POPULATION_NESTED').underlined).toBe('a');
  });

  it("refuses a 'for' clause around a statistic over teams", () => {
    const text = `${measures}measure a = (mean of churn_rate over teams on this plan) for individual`;
    expect(diagnostic(text, 'POPULATION_SCOPE').underlined).toBe('individual');
  });

  it('asks for a measure of its own to give a statistic in an example', () => {
    const text = `${measures}component "C" pays 1% of revenue
example "E":
  given churn_rate over teams on this plan = 4%
  expect total pays 0`;
    expect(diagnostic(text, 'POPULATION_IN_EXAMPLE').message).toContain(
      "'measure average_churn_rate = mean of churn_rate over teams on this plan'",
    );
  });

  it('formats statistics so that the formatted text means the same plan', () => {
    const text = `${measures}measure a = mean   of (sum of churn.amount / revenue)   over teams "T1","T2"
measure b = pooled churn_rate in prior period over teams in vertical "Retail"
measure c = -median of churn_rate over teams on this plan in year to date`;
    const formatted = formatPlan(text).text;
    expect(formatted).toContain('measure a = mean of (sum of churn.amount / revenue) over teams "T1", "T2"');
    expect(formatted).toContain(
      'measure b = pooled churn_rate in prior period over teams in vertical "Retail"',
    );
    expect(formatted).toContain('measure c = -median of churn_rate over teams on this plan in year to date');
    expect(formatPlan(formatted).text).toBe(formatted);
  });
});
