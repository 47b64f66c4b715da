import { millisecondsSetting } from '../env-settings.js';
import type { ApiKey } from '../repositories/api-keys.js';

/** How long a verified key is trusted without asking the database again, unless configured. */
export const DEFAULT_KEY_CACHE_MS = 5_000;

/**
 * Most keys held at once. Only keys that verified are stored, so this bounds memory even if
 * a deployment has far more keys than clients; wrong keys are never stored at all.
 */
export const KEY_CACHE_MAX_ENTRIES = 1_000;

/** `ATTAIN_KEY_CACHE_MS`: milliseconds a verified key is cached; 0 turns the cache off. */
export function readKeyCacheMs(env: NodeJS.ProcessEnv = process.env): number {
  return millisecondsSetting(env, 'ATTAIN_KEY_CACHE_MS', DEFAULT_KEY_CACHE_MS);
}

/**
 * Verified keys by the hash of their secret, each trusted for `ttlMs` after it was read from the
 * database, least recently used evicted first beyond `maxEntries`. It saves the database round trip
 * that otherwise costs as much as a whole small request; the price is that a key revoked by
 * another process keeps working here for up to `ttlMs`.
 */
export class KeyCache {
  /** Map order is use order: the first entry is the least recently used. */
  private readonly entries = new Map<string, { key: ApiKey; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number = KEY_CACHE_MAX_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached key for this hash, or undefined when unknown or expired (then it is dropped). */
  get(hash: string): ApiKey | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    this.entries.delete(hash);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(hash, entry);
    return entry.key;
  }

  /** Remembers a key that verified; callers must never store a wrong or revoked one. */
  set(hash: string, key: ApiKey): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(hash);
    this.entries.set(hash, { key, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** Forgets the key with this hash, so a revocation through this process applies at once. */
  delete(hash: string): void {
    this.entries.delete(hash);
  }

  /** How many keys are held (for tests of the bound). */
  get size(): number {
    return this.entries.size;
  }
}
