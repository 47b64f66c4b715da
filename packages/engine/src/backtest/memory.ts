/**
 * How much memory loading facts into columns takes, estimated before loading so that a scope too
 * large for the machine is refused up front instead of running out of memory half way.
 */

/** Bytes a row holds in any case: its id string and array slot (~64), date/kind/account/currency codes (16). */
const ROW_BYTES = 80;
/** Credits: about 1.5 per fact of participant code, share and row (16 each), plus the row's offset (4). */
const CREDIT_BYTES = 28;
/** A numeric attribute is 8 bytes a row (a string code is 4; count the larger). */
const FIELD_BYTES = 8;
/** While building, the unsorted growable arrays and the sorted copies are both alive. */
const BUILD_FACTOR = 2;

/** Estimated peak bytes of building columns for `factCount` facts with `fieldCount` projected fields. */
export function estimateColumnBytes(factCount: number, fieldCount: number): number {
  return factCount * BUILD_FACTOR * (ROW_BYTES + CREDIT_BYTES + FIELD_BYTES * fieldCount);
}
