import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, header, input } from '../helpers.js';

const D = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });

const revenueKey = 'sum of order.amount for team in period';
const goalKey = 'goal "Revenue" of team';

/**
 * Component A's target when A (weight%) and B (the rest) share the target incentive by largest
 * remainder: the floor of its exact part, plus the cent left over when A's remainder is the
 * larger or equal (A is declared first).
 */
function referenceTarget(targetMinor: number, weightPercent: number): InstanceType<typeof D> {
  const exactA = new D(targetMinor).times(weightPercent).div(100);
  const exactB = new D(targetMinor).times(100 - weightPercent).div(100);
  const floorA = exactA.floor();
  const left = new D(targetMinor).minus(floorA).minus(exactB.floor());
  const first = exactA.minus(floorA).gte(exactB.minus(exactB.floor()));
  return left.gt(0) && first ? floorA.plus(1) : floorA;
}

/** The team revenue curve, computed exactly: 34 significant digits, then one rounding. */
function referenceCurve(
  revenue: number,
  goal: number,
  targetMinor: number,
  weightPercent: number,
  rounding: Decimal.Rounding,
): number {
  const a = new D(revenue).div(goal);
  let share: InstanceType<typeof D>;
  if (a.lt(0.8)) share = new D(0);
  else if (a.lt(1)) share = new D(0.5).plus(a.minus(0.8).div(0.2).times(0.5));
  else if (a.lte(1.5)) share = new D(1).plus(a.minus(1).div(0.5));
  else share = new D(2);
  return share.times(referenceTarget(targetMinor, weightPercent)).toDecimalPlaces(0, rounding).toNumber();
}

describe('cents against a decimal.js reference (34 digits)', () => {
  it('a weighted, interpolated curve gives the same cents as exact decimal arithmetic', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300_000_000 }),
        fc.integer({ min: 1, max: 200_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 99 }),
        (revenue, goal, target, weight) => {
          const plan = compile(`${header}component "A" weight ${weight}% for team
  pays curve on sum of order.amount / goal "Revenue":
    below 80%: 0%
    from 80% up to 100%: 50% to 100%
    from 100% up to and including 150%: 100% to 200%
    above 150%: 200%
component "B" weight ${100 - weight}% pays 0%`);
          const result = plan.evaluate(
            input({
              aggregates: { [revenueKey]: revenue },
              goals: { [goalKey]: goal },
              targetIncentiveMinor: target,
            }),
          );
          expect(result.lines[0]!.amountMinor).toBe(
            referenceCurve(revenue, goal, target, weight, Decimal.ROUND_HALF_EVEN),
          );
          expect(result.totalMinor).toBe(result.lines[0]!.amountMinor + result.lines[1]!.amountMinor);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a commission with a three-decimal rate rounds exact halves like decimal arithmetic, in both modes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.constantFrom('half-even', 'half-up'),
        (amount, rateThousandths, mode) => {
          const rate = new D(rateThousandths).div(1000);
          const plan = compile(
            `${header}  rounding ${mode}\ncomponent "C" pays ${rate.toFixed()}% of sum of order.amount`,
          );
          const paid = plan.evaluate(input({ aggregates: { [revenueKey]: amount } })).totalMinor;
          const exact = new D(amount).times(rate).div(100);
          const rounding = mode === 'half-even' ? Decimal.ROUND_HALF_EVEN : Decimal.ROUND_HALF_UP;
          expect(paid).toBe(exact.toDecimalPlaces(0, rounding).toNumber());
        },
      ),
      { numRuns: 1000 },
    );
  });
});
