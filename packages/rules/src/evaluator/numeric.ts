/**
 * The one tolerance of the plan language's comparisons: doubles that differ by less than a
 * relative 1e-12 compare equal, so 0.1 + 0.2 reaches 30% and a band bound written as 80% is
 * reached by an attainment computed as 0.8000000000000002. Every evaluator (explaining,
 * bulk, generated code) compares through this module so they cannot disagree on a bound.
 */

/** Relative tolerance of comparisons, applied to the magnitude of the right-hand side (at least 1). */
export const TOLERANCE = 1e-12;

/** How far from `b` a value still counts as equal to it. */
export function tolerance(b: number): number {
  return TOLERANCE * Math.max(1, Math.abs(b));
}

/** `a` equals the finite bound `b` within the tolerance (never equal to an infinite bound). */
export function sameAs(a: number, b: number): boolean {
  if (!Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tolerance(b);
}

/** The comparison operators of conditions, with the tolerance. */
export const lt = (a: number, b: number): boolean => a < b - tolerance(b);
/** `a <= b` with the tolerance. */
export const le = (a: number, b: number): boolean => a <= b + tolerance(b);
/** `a > b` with the tolerance. */
export const gt = (a: number, b: number): boolean => a > b + tolerance(b);
/** `a >= b` with the tolerance. */
export const ge = (a: number, b: number): boolean => a >= b - tolerance(b);
/** `a = b` with the tolerance. */
export const eq = (a: number, b: number): boolean => Math.abs(a - b) <= tolerance(b);
/** `a != b` with the tolerance. */
export const ne = (a: number, b: number): boolean => Math.abs(a - b) > tolerance(b);
