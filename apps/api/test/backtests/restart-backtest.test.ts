import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backtest } from '../../src/repositories/backtests.js';
import { seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const START = `mutation { startBacktest(input: { baseline: { planId: "simple" },
  candidates: [{ planId: "simple", version: 1 }], from: "2025-Q1", to: "2025-Q1" }) { ... on Backtest { id } } }`;

const RESTART = `mutation ($id: ID!) { restartBacktest(id: $id) {
  __typename
  ... on Backtest { id status error { code } }
  ... on InvalidInputError { field }
  ... on Error { code message }
} }`;

/** A lease's heartbeat this far in the past is long expired (the default lease is 30 s). */
const LONG_AGO_MS = 10 * 60_000;

describe('restartBacktest', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let completed: Backtest;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
    const started = await api.graphql<{ startBacktest: { id: string } }>(START, {}, api.keys.admin);
    await api.app.backtestJobs.idle();
    completed = (await api.repositories.backtests.findById(
      decodeGlobalID(started.data?.startBacktest.id ?? '').id,
    )) as Backtest;
    expect(completed.status).toBe('complete');
  });

  /** A copy of the completed job as a process that died while running it leaves it, reaped. */
  async function interruptedJob(): Promise<string> {
    const job = await api.repositories.backtests.create({
      request: completed.request,
      periods: completed.periods,
      currency: completed.currency,
      createdBy: null,
    });
    await api.repositories.backtests.claimLease(job.id, 1, 'dead-host:1:0000');
    // The reaper's clock, moved on past the lease: no sleeping, and no race with a busy machine.
    const reaped = await api.app.backtestJobs.reapAbandoned(new Date(Date.now() + LONG_AGO_MS));
    expect(reaped).toEqual([job.id]);
    return job.id;
  }

  it('runs an interrupted job again under its id to the same result as the run that completed', async () => {
    const id = await interruptedJob();
    expect(await api.repositories.backtests.findById(id)).toMatchObject({
      status: 'failed',
      error: { code: 'INTERRUPTED' },
    });

    const restarted = await api.graphql(RESTART, { id: encodeGlobalID('Backtest', id) }, api.keys.admin);
    expect(restarted.data?.restartBacktest).toMatchObject({
      __typename: 'Backtest',
      status: 'queued',
      error: null,
    });
    await api.app.backtestJobs.idle();

    const ended = await api.repositories.backtests.findById(id);
    expect(ended).toMatchObject({ status: 'complete', error: null });
    // Same inputs, same cents: Ann and Ben are each paid 10,000.00 under baseline and candidate.
    expect(ended?.summary).toEqual(completed.summary);
    // Attempt 1 died, 2 was the takeover that marked it interrupted, 3 is the restart.
    const leases = await store.db
      .collection('backtest_leases')
      .find({ jobId: id })
      .sort({ attempt: 1 })
      .toArray();
    expect(leases.map((lease) => lease.attempt)).toEqual([1, 2, 3]);
  });

  it('refuses a job that is not interrupted, saying why, and leaves it as it was', async () => {
    const refused = await api.graphql(
      RESTART,
      { id: encodeGlobalID('Backtest', completed.id) },
      api.keys.admin,
    );
    expect(refused.data?.restartBacktest).toMatchObject({
      __typename: 'InvalidInputError',
      code: 'INVALID_INPUT',
      field: 'id',
      message: expect.stringContaining('is complete, not interrupted'),
    });
    expect(await api.repositories.backtests.findById(completed.id)).toEqual(completed);
  });

  it('answers an unknown id with NotFoundError', async () => {
    const missing = await api.graphql(
      RESTART,
      { id: encodeGlobalID('Backtest', 'no-such-job') },
      api.keys.admin,
    );
    expect(missing.data?.restartBacktest).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it('records the restart in the audit log with its outcome', async () => {
    const id = await interruptedJob();
    await api.graphql(RESTART, { id: encodeGlobalID('Backtest', id) }, api.keys.admin);
    await api.app.backtestJobs.idle();
    const log = await api.graphql<{ auditLog: { edges: { node: { mutation: string; outcome: string } }[] } }>(
      '{ auditLog(mutation: "restartBacktest") { edges { node { mutation outcome } } } }',
      {},
      api.keys.admin,
    );
    expect(log.data?.auditLog.edges.map((edge) => edge.node)).toContainEqual({
      mutation: 'restartBacktest',
      outcome: 'ok',
    });
  });
});
