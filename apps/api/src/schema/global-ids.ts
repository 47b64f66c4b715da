import { decodeGlobalID } from '@pothos/plugin-relay';

/**
 * The id inside a global id of `typename`; null for a malformed one or one of another type.
 * Fields take a plain ID and decode it with this in the resolver, after authorization: relay's
 * globalID arguments are decoded before any scope runs, which answered a request without a key
 * with "Invalid global ID" and 200 instead of 401.
 */
export function idOfType(globalId: string, typename: string): string | null {
  try {
    const decoded = decodeGlobalID(globalId);
    return decoded.typename === typename ? decoded.id : null;
  } catch {
    return null;
  }
}
