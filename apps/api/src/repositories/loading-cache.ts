/**
 * A bounded map of values that are loaded on a miss, for the read caches of the repositories
 * (docs/api.md, "Caches"). Entries are evicted least recently used first once the weights of the
 * loaded values add up to more than `maxWeight`; with `ttlMs` they also expire that long after
 * their load started, which bounds how stale a value can be. Concurrent gets of a missing key
 * share one load, so a burst of requests for the same thing costs one database round trip.
 */
export class LoadingCache<V> {
  /** Map order is use order: the first entry is the least recently used. */
  private readonly entries = new Map<string, Entry<V>>();
  private totalWeight = 0;
  private readonly maxWeight: number;
  private readonly ttlMs: number;
  private readonly weigh: (value: V) => number;
  private readonly now: () => number;

  constructor(options: {
    /** The most the loaded values may weigh together (with the default weight: how many). */
    maxWeight: number;
    /** How long a value is used after its load started; unset: until evicted (immutable values). */
    ttlMs?: number;
    /** A value's weight, e.g. its size in bytes (at least 1); 1 by default. */
    weigh?: (value: V) => number;
    now?: () => number;
  }) {
    this.maxWeight = options.maxWeight;
    this.ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
    this.weigh = options.weigh ?? (() => 1);
    this.now = options.now ?? Date.now;
  }

  /**
   * The value for `key`: the cached one while it is fresh, else `load()`'s, which is kept unless
   * `keep` says no (e.g. "not found" answers that may change). A failed load is not kept.
   */
  get(key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      if (hit.expiresAt > this.now()) {
        this.entries.set(key, hit);
        return hit.value;
      }
      this.totalWeight -= hit.weight;
    }
    if (!(this.ttlMs > 0)) return load();
    // Counted from before the read, so a value is never used longer than ttlMs after the
    // database state it reflects.
    const entry: Entry<V> = { value: load(), weight: 0, expiresAt: this.now() + this.ttlMs };
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        if (!keep(value)) {
          this.entries.delete(key);
          return;
        }
        entry.weight = Math.max(1, this.weigh(value));
        this.totalWeight += entry.weight;
        this.evict();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  /**
   * Forgets `key`, so the next get loads it again. A load already under way is forgotten too: the
   * callers that are waiting for it still get its answer, later callers a new load.
   */
  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalWeight -= entry.weight;
  }

  /** How many entries are held, loads under way included (for tests of the bound). */
  get size(): number {
    return this.entries.size;
  }

  /** The loaded values' weights added up (for tests of the bound and the benchmark). */
  get weight(): number {
    return this.totalWeight;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.totalWeight <= this.maxWeight) return;
      // A load under way weighs nothing yet; it is bounded by the requests waiting for it.
      if (entry.weight === 0) continue;
      this.entries.delete(key);
      this.totalWeight -= entry.weight;
    }
  }
}

interface Entry<V> {
  value: Promise<V>;
  /** 0 until the value is loaded. */
  weight: number;
  expiresAt: number;
}
