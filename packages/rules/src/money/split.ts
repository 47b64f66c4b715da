/**
 * Splits an integer amount by shares so the parts add up exactly to the amount: each part gets
 * the floor of its exact share, and the units left over go to the largest remainders (ties to
 * the earlier share, so the result is deterministic).
 *
 * Exact, not floating point, whenever the shares are decimals of at most nine places (weights
 * 86/14, credit splits 0.86/0.14): in floating point 0.86 × 6,047,075 is 5,200,484.4999…, which
 * would hand the cent of a true tie (5,200,484.5 and 846,590.5) to the second share. Other shares
 * (1/3) are split in floating point, with a tolerance of 1e-9 of a unit.
 */
export function splitByShares(amountMinor: number, shares: readonly number[]): number[] {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError('amountMinor must be a safe integer');
  if (shares.length === 0) return [];
  const parts = new Array<number>(shares.length);
  splitInto(amountMinor, shares, 0, shares.length, parts, 0);
  return parts;
}

/** Something parts can be written into: an array or a typed array. */
export interface Writable {
  [index: number]: number;
}

/** Scratch for the integer form of a split's shares, so the hot path allocates nothing. */
let scratch = new Float64Array(32);

/**
 * `splitByShares` of `shares[from..to)`, written into `out[outOffset..]` without allocating for
 * decimal shares: the engine splits every credited fact of a run this way, millions of times.
 */
export function splitInto(
  amountMinor: number,
  shares: ArrayLike<number>,
  from: number,
  to: number,
  out: Writable,
  outOffset: number,
): void {
  const count = to - from;
  if (count <= 0) return;
  let total = 0;
  for (let i = from; i < to; i++) total += Math.max(shares[i] as number, 0);
  if (!(total > 0)) {
    for (let i = 0; i < count; i++) out[outOffset + i] = i === 0 ? amountMinor : 0;
    return;
  }
  const negative = amountMinor < 0;
  const magnitude = Math.abs(amountMinor);
  if (count === 1) out[outOffset] = magnitude;
  else {
    if (scratch.length < count) scratch = new Float64Array(count * 2);
    const exact =
      asIntegers(shares, from, to, scratch) && splitIntegers(magnitude, scratch, count, out, outOffset);
    if (!exact) splitFloats(magnitude, shares, from, count, total, out, outOffset);
  }
  if (negative) for (let i = 0; i < count; i++) out[outOffset + i] = -(out[outOffset + i] as number) || 0;
}

const SCALES = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/**
 * Writes the shares into `into` as integers in the same proportions, scaled by the smallest power
 * of ten (up to 10⁹) that makes every one whole; false when none does (thirds).
 */
function asIntegers(shares: ArrayLike<number>, from: number, to: number, into: Float64Array): boolean {
  let scale = 0;
  for (let i = from; i < to; i++) {
    const share = Math.max(shares[i] as number, 0);
    while (scale < SCALES.length && !isWhole(share * SCALES[scale]!)) scale++;
    if (scale === SCALES.length) return false;
  }
  const factor = SCALES[scale]!;
  for (let i = from; i < to; i++) into[i - from] = Math.round(Math.max(shares[i] as number, 0) * factor);
  return true;
}

/**
 * Whole within the error of a share's decimal representation and one multiplication, a few
 * units in the last place (0.29 × 100 is 28.999999999999996).
 */
function isWhole(value: number): boolean {
  if (!(value <= Number.MAX_SAFE_INTEGER)) return false;
  return Math.abs(value - Math.round(value)) <= value * 4 * Number.EPSILON;
}

/**
 * The split in integers: part i is ⌊sᵢ·m / Σs⌋ and its remainder (sᵢ·m) mod Σs, both exact while
 * sᵢ·m is a safe integer; false when it is not (the float split then serves).
 */
function splitIntegers(
  magnitude: number,
  shares: Float64Array,
  count: number,
  out: Writable,
  outOffset: number,
): boolean {
  let total = 0;
  let largest = 0;
  for (let i = 0; i < count; i++) {
    total += shares[i]!;
    if (shares[i]! > largest) largest = shares[i]!;
  }
  if (!Number.isSafeInteger(total) || largest * magnitude > Number.MAX_SAFE_INTEGER) return false;
  let left = magnitude;
  for (let i = 0; i < count; i++) {
    const part = quotient(shares[i]! * magnitude, total);
    out[outOffset + i] = part;
    left -= part;
  }
  // Fewer units than shares are left: each goes to the largest remainder not yet served.
  for (; left > 0; left--) {
    let best = -1;
    let bestRemainder = -1;
    for (let i = 0; i < count; i++) {
      const remainder = shares[i]! * magnitude - quotient(shares[i]! * magnitude, total) * total;
      // A share already served has part > its floor; skip it by comparing with the floor.
      if (out[outOffset + i] !== quotient(shares[i]! * magnitude, total)) continue;
      if (remainder > bestRemainder) {
        best = i;
        bestRemainder = remainder;
      }
    }
    if (best < 0) break;
    out[outOffset + best] = (out[outOffset + best] as number) + 1;
  }
  return true;
}

/** ⌊a / b⌋ for safe non-negative integers, corrected where the float division rounds up. */
function quotient(a: number, b: number): number {
  let q = Math.floor(a / b);
  const r = a - q * b;
  if (r < 0) q--;
  else if (r >= b) q++;
  return q;
}

/** Share `index`'s exact part of `magnitude`, in floating point. */
function exactShare(shares: ArrayLike<number>, index: number, total: number, magnitude: number): number {
  return (Math.max(shares[index] as number, 0) / total) * magnitude;
}

/** The split in floating point, for shares that are not short decimals (thirds). */
function splitFloats(
  magnitude: number,
  shares: ArrayLike<number>,
  from: number,
  count: number,
  total: number,
  out: Writable,
  outOffset: number,
): void {
  let left = magnitude;
  for (let i = 0; i < count; i++) {
    const part = Math.floor(exactShare(shares, from + i, total, magnitude) + 1e-9);
    out[outOffset + i] = part;
    left -= part;
  }
  // Few shares: each leftover unit to the largest remainder not yet served, earliest first.
  let served = 0;
  while (left > 0 && count <= 31) {
    let best = -1;
    let bestRemainder = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      if (served & (1 << i)) continue;
      const remainder =
        exactShare(shares, from + i, total, magnitude) -
        Math.floor(exactShare(shares, from + i, total, magnitude) + 1e-9);
      if (remainder > bestRemainder) {
        best = i;
        bestRemainder = remainder;
      }
    }
    if (best < 0) break;
    served |= 1 << best;
    out[outOffset + best] = (out[outOffset + best] as number) + 1;
    left--;
  }
  if (left === 0) return;
  // Many shares, or (float error over very many tiny shares) units left after one each: by
  // remainder, largest first, round and round.
  const order = Array.from({ length: count }, (_, i) => ({
    i,
    remainder:
      exactShare(shares, from + i, total, magnitude) -
      Math.floor(exactShare(shares, from + i, total, magnitude) + 1e-9),
  })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % count, left--) {
    out[outOffset + order[k]!.i] = (out[outOffset + order[k]!.i] as number) + 1;
  }
}
