import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanInput } from '../../src/index.js';
import { compile, header, input } from '../helpers.js';

const examples = ['team-performance', 'portfolio', 'renewal', 'mixed'].map((name) => ({
  name,
  text: readFileSync(
    fileURLToPath(new URL(`../../../../docs/examples/${name}.plan`, import.meta.url)),
    'utf8',
  ),
}));

describe('generated bulk evaluator', () => {
  for (const { name, text } of examples) {
    it(`gives the same cents as the explaining evaluator on random inputs for ${name}.plan`, () => {
      const plan = compile(text);
      const value = fc.oneof(
        fc.constant(null),
        fc.constant(0),
        fc.integer({ min: -1_000_000, max: 500_000_000 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
      );
      const planInput = fc.record({
        aggregates: fc.record(Object.fromEntries(plan.requirements.aggregates.map((a) => [a.key, value]))),
        goals: fc.record(Object.fromEntries(plan.requirements.goals.map((g) => [g.key, value]))),
        transactions: fc.record(
          Object.fromEntries(
            plan.requirements.factLists.map((l) => [
              l.key,
              fc.array(fc.integer({ min: 0, max: 100_000_000 }), { maxLength: 5 }),
            ]),
          ),
        ),
        populations: fc.record(
          Object.fromEntries(
            (plan.requirements.populations ?? []).map((p) => {
              const keys = p.aggregates.map((a) => a.key);
              const team = fc.record({
                teamId: fc.string({ maxLength: 3 }),
                aggregates: fc.record(Object.fromEntries(keys.map((k) => [k, value]))),
                factCounts: fc.record(Object.fromEntries(keys.map((k) => [k, fc.nat(3)]))),
              });
              return [
                p.key,
                fc.record({ teams: fc.array(team, { maxLength: 4 }), unknownTeamIds: fc.constant([]) }),
              ];
            }),
          ),
        ),
        targetIncentiveMinor: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 10_000_000 })),
        earlier: fc.record({ paidMinor: fc.constant({}) }),
      });
      fc.assert(
        fc.property(planInput, (i) => {
          const explained = plan.evaluate(i as PlanInput);
          const bulk = plan.evaluateAmounts!(i as PlanInput);
          expect(bulk.linesMinor).toEqual(explained.lines.map((l) => l.amountMinor));
          expect(bulk.totalMinor).toBe(explained.totalMinor);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('runs nothing written in hostile plan text: names, quotes, backticks and template placeholders stay data', () => {
    const marker = '__attainPwned';
    const text = `${header}measure __proto__ = sum of order.amount where productLine is "\`\${globalThis.${marker} = 1}\`"
measure constructor = sum of order.amount where productLine is "'); globalThis.${marker} = 2; ('"
component "\`\${globalThis.${marker} = 3}\`" weight 100% pays curve on (__proto__ + constructor) / goal "constructor":
  below 100%: 0%
  from 100%: 100%
multiply all components by goal "\\'; globalThis.${marker} = 4; //"
`;
    const plan = compile(text);
    const keys = plan.requirements.aggregates.map((a) => a.key);
    expect(keys[0]).toBe(
      `sum of order.amount where productLine is "\`\${globalThis.${marker} = 1}\`" for team in period`,
    );
    const result = plan.evaluateAmounts!(
      input({
        aggregates: { [keys[0]!]: 600, [keys[1]!]: 400 },
        goals: { 'goal "constructor" of team': 1_000, [plan.requirements.goals[1]!.key]: 1 },
        targetIncentiveMinor: 5_000,
      }),
    );
    // (600 + 400) / 1,000 = 100%: pays 100% of 50.00, times a factor of 1.
    expect(result.totalMinor).toBe(5_000);
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });
});
