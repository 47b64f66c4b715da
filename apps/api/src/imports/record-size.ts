/** Nesting deeper than this is left to JSON.stringify, which measures it exactly. */
const MAX_DEPTH = 32;

/**
 * An upper bound of a record's size as UTF-8 JSON, without building the JSON: a string of n
 * UTF-16 units takes at most 6n + 2 bytes (every unit escaped as \uXXXX), a number at most 25.
 * Returns Infinity for anything it cannot bound cheaply (deep nesting, objects that are not
 * plain data), so the caller falls back to the exact size.
 */
export function jsonBytesBound(value: unknown, depth = 0): number {
  switch (typeof value) {
    case 'string':
      return 6 * value.length + 2;
    case 'number':
      return 25;
    case 'boolean':
      return 5;
    case 'undefined':
      return 0;
    case 'object': {
      if (value === null) return 4;
      if (depth >= MAX_DEPTH) return Number.POSITIVE_INFINITY;
      let bytes = 2;
      if (Array.isArray(value)) {
        for (const item of value) bytes += jsonBytesBound(item, depth + 1) + 1;
        return bytes;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return Number.POSITIVE_INFINITY;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        bytes += 6 * key.length + 4 + jsonBytesBound((value as Record<string, unknown>)[key], depth + 1);
      }
      return bytes;
    }
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/** A record's exact size as UTF-8 JSON when it may exceed `limit`; otherwise a bound at most `limit`. */
export function recordBytes(record: object, limit: number): number {
  const bound = jsonBytesBound(record);
  return bound <= limit ? bound : Buffer.byteLength(JSON.stringify(record));
}
