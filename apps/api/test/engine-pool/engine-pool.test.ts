/**
 * Payout runs and backtests over the engine pool (two worker threads, one team partition each)
 * against the same calculations on the main thread: the demo organisation (three teams, two
 * years of facts, the three archetype plans) seeded twice, once per way, must give the same
 * statements line by line, the same run fingerprints and the same backtest.
 */
import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { prepareBacktest } from '../../src/backtests/prepare-backtest.js';
import { runBacktest } from '../../src/backtests/run-backtest.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { enginePoolSize, engineThreads, stopEnginePool } from '../../src/engine-pool/engine-pool.js';
import { createRepositories, ensureAllIndexes, type Repositories } from '../../src/repositories/index.js';
import { useTestDatabase } from '../support/database.js';

const ON_POOL = { ATTAIN_WORKERS: '2', ATTAIN_WORKERS_MIN_WORK: '0' };
const ON_MAIN_THREAD = { ATTAIN_WORKERS: '1' };

/** Runs `work` with these environment settings, then puts the old ones back. */
async function withEnv<T>(settings: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const old = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  try {
    return await work();
  } finally {
    for (const [name, value] of Object.entries(old)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Every stored statement line of every run, as `plan|period|participant|component|from|to cents`. */
async function storedLines(repositories: Repositories): Promise<string[]> {
  const runs = await repositories.payoutRuns.findPage({ first: 10 });
  const lines: string[] = [];
  for (const run of runs.items) {
    const page = await repositories.payoutRuns.findStatementPage({ first: 100 }, run.id);
    for (const s of page.items) {
      for (const l of s.lines) {
        lines.push(
          `${run.planId}|${s.periodId}|${s.participantId}|${l.component}|${l.from}|${l.to} ${l.amountMinor}`,
        );
      }
    }
  }
  return lines.sort();
}

async function fingerprints(db: Db): Promise<unknown[]> {
  return db
    .collection('payout_runs')
    .find({}, { projection: { _id: 0, planId: 1, periodId: 1, fingerprint: 1, totalMinor: 1 } })
    .sort({ planId: 1 })
    .toArray();
}

describe('the engine pool', () => {
  const store = useTestDatabase();
  let singleDb: Db;
  let pooled: Repositories;
  let single: Repositories;
  let threadsAfterSeeding = 0;

  beforeAll(async () => {
    singleDb = store.client.db(`${store.db.databaseName}_main_thread`);
    await ensureAllIndexes(store.db);
    await ensureAllIndexes(singleDb);
    pooled = createRepositories(store.db);
    single = createRepositories(singleDb);
    await withEnv(ON_MAIN_THREAD, () => seedDemo(single, () => {}));
    await withEnv(ON_POOL, () => seedDemo(pooled, () => {}));
    threadsAfterSeeding = engineThreads();
  }, 120_000);

  afterAll(async () => {
    await stopEnginePool();
    await singleDb?.dropDatabase();
  });

  it('calculates payout runs on worker threads to the same cents and fingerprints as on the main thread', async () => {
    // The pooled seeding ran on threads (they are kept for the next run), not on this one.
    expect(threadsAfterSeeding).toBeGreaterThan(0);
    const lines = await storedLines(pooled);
    // 12 people: team performance and renewal pay a quarter, portfolio a half, several lines each.
    expect(lines.length).toBeGreaterThan(12 * 3);
    expect(lines).toEqual(await storedLines(single));
    expect(await fingerprints(store.db)).toEqual(await fingerprints(singleDb));
  });

  it('runs a backtest on worker threads to the same comparison as on the main thread', async () => {
    const input = {
      baseline: { planId: 'team-performance' },
      candidates: [
        { planId: 'renewal', version: 1 },
        { planId: 'team-performance', version: 1, label: 'same' },
      ],
      from: '2025-Q1',
      to: '2025-Q4',
    };
    const onPool = await withEnv(ON_POOL, async () =>
      runBacktest(pooled, await prepareBacktest(pooled, input)),
    );
    const onMain = await withEnv(ON_MAIN_THREAD, async () =>
      runBacktest(pooled, await prepareBacktest(pooled, input)),
    );
    expect(onPool.rows.length).toBeGreaterThan(0);
    expect(onPool).toEqual(onMain);
  });

  it('keeps a run smaller than ATTAIN_WORKERS_MIN_WORK on the main thread, starting no thread', async () => {
    await stopEnginePool();
    const settings = { ATTAIN_WORKERS: '2', ATTAIN_WORKERS_MIN_WORK: '1000000000' };
    const comparison = await withEnv(settings, async () =>
      runBacktest(
        pooled,
        await prepareBacktest(pooled, {
          baseline: { planId: 'team-performance' },
          candidates: [{ planId: 'team-performance', version: 1, label: 'again' }],
          from: '2025-Q4',
          to: '2025-Q4',
        }),
      ),
    );
    expect(comparison.rows.length).toBeGreaterThan(0);
    expect(engineThreads()).toBe(0);
  });

  it('stops its threads when the app is disposed', async () => {
    await withEnv(ON_POOL, async () => {
      await runBacktest(
        pooled,
        await prepareBacktest(pooled, {
          baseline: { planId: 'team-performance' },
          candidates: [{ planId: 'team-performance', version: 1, label: 'again' }],
          from: '2025-Q4',
          to: '2025-Q4',
        }),
      );
    });
    // Piscina keeps a finished run's threads for the next one, until they idle out.
    expect(engineThreads()).toBeGreaterThan(0);
    const app = createApp({ db: store.db });
    await app.dispose();
    expect(engineThreads()).toBe(0);
  });

  it('reads its size from ATTAIN_WORKERS and says what is wrong with a bad value', () => {
    expect(enginePoolSize({ ATTAIN_WORKERS: '3' })).toBe(3);
    // Off unless asked for: the pool has not been faster than one thread yet.
    expect(enginePoolSize({})).toBe(1);
    expect(() => enginePoolSize({ ATTAIN_WORKERS: 'two' })).toThrow(
      'ATTAIN_WORKERS must be a whole number of threads, at least 1 (1 runs the engine on the main thread), got "two"',
    );
    expect(() => enginePoolSize({ ATTAIN_WORKERS: '0' })).toThrow(/at least 1/);
  });
});
