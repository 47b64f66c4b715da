import { Long } from 'mongodb';

/**
 * Money is stored as a BSON 64-bit integer of minor units. Plain JS numbers above 2^31 would be
 * written as doubles, so every money field goes through these two functions.
 */
export function toStoredMinor(minor: number): Long {
  if (!Number.isSafeInteger(minor)) {
    throw new RangeError(`A money amount must be a whole number of minor units, got ${minor}`);
  }
  return Long.fromNumber(minor);
}

/** Reads a stored amount back; accepts int32/int64/double as written by other tools. */
export function fromStoredMinor(stored: Long | number | bigint): number {
  const minor = typeof stored === 'number' ? stored : Number(stored);
  if (!Number.isSafeInteger(minor)) {
    throw new RangeError(`Stored money amount ${stored} is not a whole number of minor units`);
  }
  return minor;
}
