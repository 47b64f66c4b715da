/**
 * Exact money arithmetic in integer minor units. Rounding, largest-remainder splits and
 * currency digits come from the plan language's money helper, so the engine and the plans
 * round alike; the engine adds only the exact division it needs for proration.
 */
import { digitsOf } from '@attain/rules';

/**
 * `splitSharesInto` is the rules helper's allocation-free split (`splitInto`): the engine splits
 * every credited fact of a run with it, millions of times, and the plans split alike.
 */
export { roundMinor, splitByShares, splitInto as splitSharesInto } from '@attain/rules';

/** Digits of the minor unit of an ISO 4217 currency (2 for a code the language does not list). */
export function currencyDigits(code: string): number {
  return digitsOf(code) ?? 2;
}

/** Minor units of `to` per minor unit of `from` at a rate of 1 between their major units (JPY to USD: 100). */
export function minorUnitScale(from: string, to: string): number {
  return 10 ** (currencyDigits(to) - currencyDigits(from));
}

/** Exact `numerator / denominator` rounded half-even, for proration where floats would drift. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator < 0n) return divideHalfEven(-numerator, -denominator);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const twiceRemainder = (magnitude % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n))
    quotient += 1n;
  return negative ? -quotient : quotient;
}
