import type { RoundingMode } from '../vocabulary.js';

/**
 * Doubles carry ~16 significant digits, so an exact half such as 12345 * 0.3 = 3703.5 can come
 * out as 3703.4999999999995. Values this close to a half are treated as the half itself; real
 * amounts are far coarser than this tolerance.
 */
const TIE_TOLERANCE = 1e-10;
/** About a hundred units in the last place of a double: what a handful of operations can drift. */
const RELATIVE_TOLERANCE = 1e-14;

/**
 * Rounds an exact amount in minor units (possibly fractional) to an integer, as the plan says.
 * Written without inner closures: it runs once per payout line in bulk evaluations.
 */
export function roundMinor(value: number, mode: RoundingMode = 'half-even'): number {
  if (!Number.isFinite(value)) return 0;
  const floor = Math.floor(value);
  const fraction = value - floor;
  const tolerance = Math.max(TIE_TOLERANCE, Math.abs(value) * RELATIVE_TOLERANCE);
  let result: number;
  if (fraction <= tolerance) result = floor;
  else if (1 - fraction <= tolerance) result = floor + 1;
  else if (mode === 'down') result = value < 0 ? floor + 1 : floor;
  else if (mode === 'up') result = value < 0 ? floor : floor + 1;
  else if (Math.abs(fraction - 0.5) <= tolerance) {
    if (mode === 'half-up') result = value < 0 ? floor : floor + 1;
    else result = floor % 2 === 0 ? floor : floor + 1;
  } else result = fraction < 0.5 ? floor : floor + 1;
  return result === 0 ? 0 : result;
}
