/**
 * Exact money arithmetic in integer minor units.
 *
 * Temporary: `@attain/rules` is growing a money helper (half-even rounding, largest-remainder
 * splits, formatting); once it lands this file re-exports it instead of its own versions.
 */
import type { RoundingMode } from '@attain/rules';

/** Digits of the minor unit for the currencies we know; everything else has 2. */
const CURRENCY_DIGITS: Readonly<Record<string, number>> = {
  BHD: 3,
  CLP: 0,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  OMR: 3,
  TND: 3,
  VND: 0,
};

/** Digits of the minor unit of an ISO 4217 currency (2 unless listed otherwise). */
export function currencyDigits(code: string): number {
  return CURRENCY_DIGITS[code] ?? 2;
}

/** Rounds a real number of minor units to an integer with the given mode (ties and 'down'/'up' by magnitude). */
export function roundMinor(value: number, mode: RoundingMode = 'half-even'): number {
  if (!Number.isFinite(value)) return 0;
  const sign = value < 0 ? -1 : 1;
  const magnitude = Math.abs(value);
  const floor = Math.floor(magnitude);
  const fraction = magnitude - floor;
  let rounded: number;
  switch (mode) {
    case 'down':
      rounded = floor;
      break;
    case 'up':
      rounded = fraction > 0 ? floor + 1 : floor;
      break;
    case 'half-up':
      rounded = fraction >= 0.5 ? floor + 1 : floor;
      break;
    case 'half-even':
      rounded = fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
      break;
  }
  // `|| 0` turns -0 into 0 so that statements serialise identically.
  return sign * rounded || 0;
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

/**
 * Splits an integer amount by shares so that the parts add up exactly to the amount: each part
 * gets the floor of its exact share, and the leftover units go to the largest remainders (earlier
 * positions win ties, so the result is deterministic). Shares are normalised by their sum.
 */
export function splitLargestRemainder(totalMinor: number, shares: readonly number[]): number[] {
  const parts = new Array<number>(shares.length).fill(0);
  writeLargestRemainder(totalMinor, shares, 0, shares.length, parts, 0);
  return parts;
}

/**
 * The allocation loop of `splitLargestRemainder` over `shares[from..to)`, writing into `out`
 * from `outOffset`; exported so the fact columns can split millions of credits without arrays.
 */
export function writeLargestRemainder(
  totalMinor: number,
  shares: ArrayLike<number>,
  from: number,
  to: number,
  out: { [index: number]: number },
  outOffset: number,
): void {
  const count = to - from;
  if (count <= 0) return;
  let shareSum = 0;
  for (let i = from; i < to; i++) shareSum += shares[i] ?? 0;
  if (!(shareSum > 0)) {
    for (let i = 0; i < count; i++) out[outOffset + i] = 0;
    return;
  }
  const sign = totalMinor < 0 ? -1 : 1;
  const magnitude = Math.abs(totalMinor);
  if (count === 1) {
    out[outOffset] = totalMinor;
    return;
  }
  let allocated = 0;
  for (let i = 0; i < count; i++) {
    const part = Math.floor((magnitude * (shares[from + i] ?? 0)) / shareSum);
    out[outOffset + i] = part;
    allocated += part;
  }
  let leftover = magnitude - allocated;
  while (leftover > 0) {
    let best = -1;
    let bestRemainder = -1;
    for (let i = 0; i < count; i++) {
      const exact = (magnitude * (shares[from + i] ?? 0)) / shareSum;
      const remainder = exact - (out[outOffset + i] as number);
      if (remainder > bestRemainder) {
        bestRemainder = remainder;
        best = i;
      }
    }
    out[outOffset + best] = (out[outOffset + best] as number) + 1;
    leftover--;
  }
  if (sign < 0) for (let i = 0; i < count; i++) out[outOffset + i] = -(out[outOffset + i] as number) || 0;
}
