import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlan, type PlanInput } from '../../src/index.js';

/**
 * The explaining evaluator (`evaluate`, used for statements and explanations) and the bulk one
 * (`evaluateAmounts`, used by backtests and payout runs) must pay the same cents on any plan:
 * plans here are generated over every payout kind and every step of the order of evaluation.
 */

const ratesModes = ['marginal', 'retroactive'] as const;
const ratesApplies = ['on the period total', 'per deal', 'on the running total'] as const;

/** One component's payout, as plan text, reading figures of `window` (' in year to date' or ''). */
const payoutText = (window: string) =>
  fc.oneof(
    fc.constant(`pays curve on sum of order.amount${window} / goal "Revenue"${window}:
    below 80%: 0%
    from 80% up to 100%: 50% to 100%
    from 100% up to and including 150%: 100% to 200%
    above 150%: 200%`),
    fc.constant(`pays curve on sum of order.amount${window} / goal "Revenue"${window}:
    below 50%: 0%
    from 50%: 75%`),
    fc.constant(`pays table of sum of order.amount${window} / goal "Revenue"${window} by (sum of order.amount${window} - sum of order.cost${window}) / sum of order.amount${window}:
    columns: below 25% | from 25% up to 35% | from 35%
    below 80%: 0% | 0% | 25%
    from 80% up to 100%: 50% | 75% | 100%
    from 100%: 100% | 125% | 150%`),
    fc.tuple(fc.constantFrom(...ratesModes), fc.constantFrom(...ratesApplies)).map(
      ([
        mode,
        apply,
      ]) => `pays rates on sum of renewal.valueAfter${apply === 'on the period total' ? window : ''}, ${mode}, ${apply}:
    up to 500,000: 3%
    from 500,000: 5%`,
    ),
    fc.constantFrom(`pays 5% of sum of order.amount${window}`, 'pays 80%', 'pays 120%'),
  );

const componentOptions = fc.tuple(
  fc.option(fc.constantFrom('25%', '10'), { nil: null }),
  fc.option(fc.constantFrom('150%', '1,000'), { nil: null }),
);

const ruleText = fc.constantFrom(
  'when average of survey.score is below 4.0: team components pay 50%',
  'when average of survey.score is below 3.0: individual components pay 0%',
  'multiply all components by goal "Company factor"',
  'cap "C0", "C1" at 100% unless sum of order.amount / goal "Revenue" reaches 100%',
  'cap total at 200% of target incentive',
  'cap total at 1.01',
);

const planText = fc
  .record({
    rounding: fc.constantFrom('half-even', 'half-up', 'down', 'up'),
    trueUp: fc.boolean(),
    components: fc.array(
      fc.record({
        individual: fc.boolean(),
        payout: fc.boolean().chain((ytd) => payoutText(ytd ? ' in year to date' : '')),
        options: componentOptions,
      }),
      { minLength: 2, maxLength: 4 },
    ),
    rules: fc.array(ruleText, { maxLength: 3 }),
  })
  .map(({ rounding, trueUp, components, rules }) => {
    const weight = Math.floor(100 / components.length);
    const lines = components.map((c, i) => {
      const w = i === 0 ? 100 - weight * (components.length - 1) : weight;
      const [floor, cap] = c.options;
      return [
        `component "C${i}" weight ${w}%${c.individual ? ' for individual' : ''}`,
        `  ${c.payout}`,
        ...(floor ? [`  at least ${floor}`] : []),
        ...(cap ? [`  capped at ${cap}`] : []),
      ].join('\n');
    });
    return `plan "Generated"
  period month
  currency USD
  target incentive: annual, not prorated
  rounding ${rounding}
${trueUp ? '  true-up year to date\n' : ''}${lines.join('\n')}
${rules.join('\n')}
`;
  });

const value = fc.oneof(
  fc.constant(null),
  fc.constant(0),
  fc.integer({ min: -1_000_000, max: 500_000_000 }),
  fc.double({ min: 0, max: 5, noNaN: true }),
);

describe('the explaining and the bulk evaluator', () => {
  it('pay the same cents per line and in total on generated plans and inputs', () => {
    let compiled = 0;
    fc.assert(
      fc.property(planText, (text) => {
        const result = checkPlan(text);
        const plan = result.plan;
        fc.pre(plan !== null && !result.diagnostics.some((d) => d.severity === 'error'));
        compiled++;
        const planInput = fc.record({
          aggregates: fc.record(Object.fromEntries(plan.requirements.aggregates.map((a) => [a.key, value]))),
          goals: fc.record(Object.fromEntries(plan.requirements.goals.map((g) => [g.key, value]))),
          transactions: fc.record(
            Object.fromEntries(
              plan.requirements.factLists.map((l) => [
                l.key,
                fc.array(fc.integer({ min: -10_000_000, max: 100_000_000 }), { maxLength: 5 }),
              ]),
            ),
          ),
          targetIncentiveMinor: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
          targetIncentiveToDateMinor: fc.option(fc.integer({ min: 0, max: 30_000_000 }), { nil: undefined }),
          earlier: fc.record({
            paidMinor: fc.record(
              Object.fromEntries(
                plan.components.map((c) => [c.name, fc.integer({ min: -100_000, max: 5_000_000 })]),
              ),
              { requiredKeys: [] },
            ),
          }),
        });
        for (const i of fc.sample(planInput, 20)) {
          const explained = plan.evaluate(i as PlanInput);
          const bulk = plan.evaluateAmounts!(i as PlanInput);
          expect(bulk.linesMinor, text).toEqual(explained.lines.map((l) => l.amountMinor));
          expect(bulk.totalMinor, text).toBe(explained.totalMinor);
          expect(explained.totalMinor).toBe(explained.lines.reduce((sum, l) => sum + l.amountMinor, 0));
        }
      }),
      { numRuns: 300 },
    );
    // Most generated plans must compile, or the property tests little.
    expect(compiled).toBeGreaterThan(100);
  });
});
