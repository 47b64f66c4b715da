import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvaluationOrder } from '../../src/evaluator/evaluation-order.js';
import { splitByShares } from '../../src/money/split.js';
import { ratio } from '../../src/ratio.js';

/** An order over components with these weights (null: no weight). */
const orderOf = (weights: readonly ({ n: number; d: number } | null)[]) =>
  new EvaluationOrder({
    components: weights.map((w, i) => ({
      name: `C${i}`,
      code: `C${i}`,
      weight: w ? ratio(w.n, w.d) : null,
      floor: null,
      cap: null,
    })),
    scaleRules: [],
    capRules: [],
    rounding: 'half-even',
    trueUp: false,
  });

describe('component targets', () => {
  it('share the target incentive by largest remainder, adding up to it, as splitByShares does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 8 }),
        fc.integer({ min: -5_000_000_000, max: 5_000_000_000 }),
        (parts, ti) => {
          // Weights parts[i] / sum add up to exactly 1.
          const sum = parts.reduce((a, b) => a + b, 0);
          const targets = orderOf(parts.map((n) => ({ n, d: sum }))).targets(ti);
          expect(targets.reduce((a, b) => a + b, 0)).toBe(ti);
          expect([...targets]).toEqual(splitByShares(ti, parts));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('give the cent of an exact tie to the component declared first', () => {
    // 86% and 14% of 60,470.75: 52,004.845 and 8,465.905, floors 52,004.84 + 8,465.90 leave a
    // cent, and both remainders are half a cent: the first component gets it (52,004.85).
    expect(
      orderOf([
        { n: 86, d: 100 },
        { n: 14, d: 100 },
      ]).targets(6_047_075),
    ).toEqual([5_200_485, 846_590]);
  });

  it('gives a component without a weight the whole target incentive', () => {
    // Weighted 1/4 and 3/4 of 1,000,001: 250,000.25 and 750,000.75 -> floors 250,000 + 750,000,
    // the cent left to the larger remainder: 250,000 and 750,001; the unweighted one has it all.
    expect(orderOf([{ n: 1, d: 4 }, null, { n: 3, d: 4 }]).targets(1_000_001)).toEqual([
      250_000, 1_000_001, 750_001,
    ]);
  });
});
