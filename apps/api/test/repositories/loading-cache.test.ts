import { describe, expect, it } from 'vitest';
import { LoadingCache } from '../../src/repositories/loading-cache.js';

/** A load that answers when the test says so, and counts how often it was started. */
function deferredLoads<V>() {
  const pending: ((value: V) => void)[] = [];
  return {
    started: () => pending.length,
    load: () => new Promise<V>((resolve) => pending.push(resolve)),
    answer: (index: number, value: V) => pending[index]?.(value),
  };
}

describe('LoadingCache', () => {
  it('answers a second get from memory without loading again', async () => {
    const cache = new LoadingCache<string>({ maxWeight: 10 });
    let loads = 0;
    const load = async () => `value ${++loads}`;
    expect(await cache.get('a', load)).toBe('value 1');
    expect(await cache.get('a', load)).toBe('value 1');
    expect(loads).toBe(1);
  });

  it('gives concurrent gets of a missing key one shared load', async () => {
    const cache = new LoadingCache<string>({ maxWeight: 10 });
    const loads = deferredLoads<string>();
    const first = cache.get('a', loads.load);
    const second = cache.get('a', loads.load);
    loads.answer(0, 'shared');
    expect(await Promise.all([first, second])).toEqual(['shared', 'shared']);
    expect(loads.started()).toBe(1);
  });

  it('loads again once ttlMs has passed since the load started', async () => {
    let now = 1_000;
    const cache = new LoadingCache<number>({ maxWeight: 10, ttlMs: 500, now: () => now });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    now = 1_499;
    expect(await cache.get('a', load)).toBe(1);
    now = 1_500;
    expect(await cache.get('a', load)).toBe(2);
  });

  it('keeps nothing with a ttlMs of 0', async () => {
    const cache = new LoadingCache<number>({ maxWeight: 10, ttlMs: 0 });
    let loads = 0;
    await cache.get('a', async () => ++loads);
    await cache.get('a', async () => ++loads);
    expect(loads).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used values once their weights exceed maxWeight', async () => {
    const cache = new LoadingCache<string>({ maxWeight: 10, weigh: (value) => value.length });
    await cache.get('a', async () => 'aaaa');
    await cache.get('b', async () => 'bbbb');
    // Using "a" makes "b" the least recently used.
    await cache.get('a', async () => 'reloaded');
    // 4 + 4 + 4 = 12 > 10: "b" goes, "a" and "c" (8) stay.
    await cache.get('c', async () => 'cccc');
    expect(cache.weight).toBe(8);
    expect(await cache.get('a', async () => 'reloaded')).toBe('aaaa');
    expect(await cache.get('b', async () => 'reloaded')).toBe('reloaded');
  });

  it('does not keep a value that keep refuses, nor a failed load', async () => {
    const cache = new LoadingCache<string | null>({ maxWeight: 10 });
    const notFound = () => Promise.resolve(null);
    await cache.get('missing', notFound, (value) => value !== null);
    await expect(cache.get('broken', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(cache.size).toBe(0);
    expect(await cache.get('broken', async () => 'back')).toBe('back');
  });

  it('forgets a load under way when its key is deleted: later gets load again', async () => {
    const cache = new LoadingCache<string>({ maxWeight: 10 });
    const loads = deferredLoads<string>();
    const before = cache.get('a', loads.load);
    cache.delete('a');
    const after = cache.get('a', loads.load);
    loads.answer(0, 'read before the delete');
    loads.answer(1, 'read after the delete');
    expect(await before).toBe('read before the delete');
    expect(await after).toBe('read after the delete');
    expect(await cache.get('a', loads.load)).toBe('read after the delete');
    expect(loads.started()).toBe(2);
  });
});
