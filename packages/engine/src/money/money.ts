/**
 * Exact money arithmetic in integer minor units. Rounding, largest-remainder splits and
 * currency digits come from the plan language's money helper, so the engine and the plans
 * round alike; the engine adds only the exact division it needs for proration.
 */
import { digitsOf, splitByShares } from '@attain/rules';

export { roundMinor, splitByShares } from '@attain/rules';

/** Digits of the minor unit of an ISO 4217 currency (2 for a code the language does not list). */
export function currencyDigits(code: string): number {
  return digitsOf(code) ?? 2;
}

/**
 * `splitByShares` of the rules helper, written into `out[outOffset..]` for `shares[from..to)`
 * without allocating: the engine splits every credited fact of a run, millions of times. The
 * same steps as the helper (floor of each exact share, leftover units to the largest remainders,
 * ties to the earlier share); test/money/money.test.ts checks that they agree.
 */
export function splitSharesInto(
  amountMinor: number,
  shares: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
  outOffset: number,
): void {
  const count = to - from;
  let total = 0;
  for (let i = from; i < to; i++) total += Math.max(shares[i] as number, 0);
  if (count <= 0) return;
  if (total <= 0) {
    for (let i = 0; i < count; i++) out[outOffset + i] = i === 0 ? amountMinor : 0;
    return;
  }
  const sign = amountMinor < 0 ? -1 : 1;
  const magnitude = Math.abs(amountMinor);
  let left = magnitude;
  for (let i = 0; i < count; i++) {
    const exact = (Math.max(shares[from + i] as number, 0) / total) * magnitude;
    const part = Math.floor(exact + 1e-9);
    out[outOffset + i] = part;
    left -= part;
  }
  // Hand out the leftover units one by one to the largest remainder not yet served, earliest first.
  let served = 0;
  while (left > 0) {
    let best = -1;
    let bestRemainder = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      if (served & (1 << (i % 31))) continue;
      const exact = (Math.max(shares[from + i] as number, 0) / total) * magnitude;
      const remainder = exact - Math.floor(exact + 1e-9);
      if (remainder > bestRemainder) {
        bestRemainder = remainder;
        best = i;
      }
    }
    if (best < 0 || count > 31) {
      // Very many shares (or every share served): defer to the helper for its exact tie rules.
      const parts = splitByShares(
        amountMinor,
        Array.from({ length: count }, (_, i) => shares[from + i] as number),
      );
      for (let i = 0; i < count; i++) out[outOffset + i] = parts[i] as number;
      return;
    }
    served |= 1 << best;
    out[outOffset + best] = (out[outOffset + best] as number) + 1;
    left--;
  }
  if (sign < 0) for (let i = 0; i < count; i++) out[outOffset + i] = -(out[outOffset + i] as number) || 0;
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
