/**
 * Exact fractions for the numbers that must add up exactly: component weights. `33.33%` is
 * 3333/10000 and `1/3` is 1/3, so three thirds add up to exactly 1 and three 33.33% to
 * 9999/10000, with no binary rounding in between. Integers are kept as bigint while adding, so
 * no denominator can overflow.
 */

/** numerator / denominator, reduced, the denominator positive. */
export interface Ratio {
  numerator: number;
  denominator: number;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function reduced(numerator: bigint, denominator: bigint): { n: bigint; d: bigint } {
  if (denominator === 0n) throw new RangeError('A ratio cannot have a zero denominator.');
  const sign = denominator < 0n ? -1n : 1n;
  const g = gcd(numerator, denominator) || 1n;
  return { n: (sign * numerator) / g, d: (sign * denominator) / g };
}

function toRatio(n: bigint, d: bigint): Ratio {
  const r = reduced(n, d);
  return { numerator: Number(r.n), denominator: Number(r.d) };
}

/** The ratio numerator/denominator, reduced; throws on a zero denominator (a programmer error). */
export function ratio(numerator: number, denominator: number): Ratio {
  return toRatio(BigInt(numerator), BigInt(denominator));
}

/**
 * A decimal as written ('33.33', '1,000.5', '-2') divided by `scale` (100 for a percentage),
 * exactly: the digits are read as text, never through a double.
 */
export function ratioOfDecimal(text: string, scale = 1): Ratio {
  const clean = text.replace(/[,%\s]/g, '');
  const negative = clean.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? clean.slice(1) : clean).split('.');
  const numerator = BigInt(`${whole || '0'}${fraction}`) * (negative ? -1n : 1n);
  return toRatio(numerator, 10n ** BigInt(fraction.length) * BigInt(scale));
}

/** a + b, exactly. */
export function addRatios(a: Ratio, b: Ratio): Ratio {
  return toRatio(
    BigInt(a.numerator) * BigInt(b.denominator) + BigInt(b.numerator) * BigInt(a.denominator),
    BigInt(a.denominator) * BigInt(b.denominator),
  );
}

/** a / b, exactly; throws when b is 0 (a programmer error: callers check first). */
export function divideRatios(a: Ratio, b: Ratio): Ratio {
  return toRatio(BigInt(a.numerator) * BigInt(b.denominator), BigInt(a.denominator) * BigInt(b.numerator));
}

/** The sum of the ratios, exactly (0 for none). */
export function sumRatios(ratios: readonly Ratio[]): Ratio {
  return ratios.reduce(addRatios, { numerator: 0, denominator: 1 });
}

/** a compared with b: negative, 0 or positive. */
export function compareRatios(a: Ratio, b: Ratio): number {
  const left = BigInt(a.numerator) * BigInt(b.denominator);
  const right = BigInt(b.numerator) * BigInt(a.denominator);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The ratio as a double, for display and for comparisons that tolerate it. */
export function ratioValue(r: Ratio): number {
  return r.numerator / r.denominator;
}

/**
 * `amount` times the ratio, multiplying before dividing: an amount in whole minor units times
 * 1/3 or 3/10 is then the double nearest the exact product (one rounding, in the division),
 * so an exact half stays a half for the rounding of the line.
 */
export function scaleByRatio(amount: number, r: Ratio): number {
  return r.denominator === 1 ? amount * r.numerator : (amount * r.numerator) / r.denominator;
}

/** The ratio as an admin reads it: '1/3', '30%' (a fraction with a short decimal is a percentage). */
export function formatRatio(r: Ratio): string {
  let d = r.denominator;
  while (d % 2 === 0) d /= 2;
  while (d % 5 === 0) d /= 5;
  if (d === 1) return `${Number(((r.numerator / r.denominator) * 100).toFixed(10))}%`;
  return `${r.numerator}/${r.denominator}`;
}
