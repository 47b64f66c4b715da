import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { BacktestEvents } from '../../src/backtests/backtest-jobs.js';
import type { Backtest } from '../../src/repositories/backtests.js';
import { seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Every event published for `id`, as it arrives. Listening starts before this returns. */
function listen(events: BacktestEvents, id: string): Backtest[] {
  const seen: Backtest[] = [];
  const iterator = events.subscribe('backtest', id)[Symbol.asyncIterator]();
  const pump = (): void => {
    iterator.next().then((event) => {
      if (event.done) return;
      seen.push(event.value);
      pump();
    });
  };
  pump();
  return seen;
}

describe('backtest jobs belong to their app', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
  });

  it('publishes a job’s progress only to the app that runs it, not to a second app in the same process', async () => {
    const other = createApp({ db: store.db, repositories: api.repositories });
    const job = await api.app.backtestJobs.start(
      {
        baseline: { planId: 'simple' },
        candidates: [{ planId: 'simple', version: 1 }],
        from: '2025-Q1',
        to: '2025-Q1',
      },
      null,
    );
    // The job's first step reads the database, so nothing is published before both listen.
    const onRunner = listen(api.app.backtestJobs.events, job.id);
    const onOther = listen(other.backtestJobs.events, job.id);
    await api.app.backtestJobs.idle();
    // Let both listeners take whatever was published.
    await new Promise((resolve) => setImmediate(resolve));

    expect(onRunner.at(-1)).toMatchObject({ id: job.id, status: 'complete' });
    expect(onOther).toEqual([]);
  });
});
