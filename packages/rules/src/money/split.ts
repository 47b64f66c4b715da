/**
 * Splits an integer amount by shares so the parts add up exactly to the amount: each part gets
 * the floor of its exact share, and the units left over go to the largest remainders (ties to
 * the earlier share, so the result is deterministic).
 */
export function splitByShares(amountMinor: number, shares: readonly number[]): number[] {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError('amountMinor must be a safe integer');
  const total = shares.reduce((sum, s) => sum + Math.max(s, 0), 0);
  if (shares.length === 0) return [];
  if (total <= 0) return shares.map((_, i) => (i === 0 ? amountMinor : 0));
  const sign = amountMinor < 0 ? -1 : 1;
  const magnitude = Math.abs(amountMinor);
  const exact = shares.map((s) => (Math.max(s, 0) / total) * magnitude);
  const parts = exact.map((e) => Math.floor(e + 1e-9));
  let left = magnitude - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, remainder: e - Math.floor(e + 1e-9) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (let k = 0; left > 0 && k < order.length; k++, left--) {
    parts[order[k]!.i]! += 1;
  }
  // Rounding of `exact` can leave a unit over when there are very many tiny shares.
  for (let k = 0; left > 0; k = (k + 1) % parts.length, left--) parts[order[k]!.i]! += 1;
  return parts.map((p) => (p === 0 ? 0 : p * sign));
}
