import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Long enough that a loaded machine (load 20 and more while other suites run) never misses its
 * heartbeats (one every 2 s), short for a test.
 */
const LEASE_MS = 6_000;
const CHILD = new URL('./backtest-lease-child.ts', import.meta.url).pathname;

describe('backtest jobs hold a lease: a job whose process died is taken over once', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let templateId: string;
  const children: ChildProcess[] = [];

  /** Starts the child script in `mode` as a separate API process on the test's database. */
  function child(
    mode: string,
    id: string,
  ): { process: ChildProcess; line: (prefix: string) => Promise<string> } {
    // node itself with tsx's loader, not the tsx CLI, which runs the script in a grandchild that a
    // SIGKILL of the CLI would leave running.
    const started = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, id], {
      env: {
        ...process.env,
        LEASE_TEST_URI: inject('mongoUri'),
        LEASE_TEST_DB: store.db.databaseName,
        ATTAIN_BACKTEST_LEASE_MS: String(LEASE_MS),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    children.push(started);
    const lines = createInterface({ input: started.stdout as NodeJS.ReadableStream });
    return {
      process: started,
      line: (prefix) =>
        new Promise((resolve) => {
          lines.on('line', (text) => {
            if (text.startsWith(prefix)) resolve(text.slice(prefix.length));
          });
        }),
    };
  }

  beforeAll(async () => {
    process.env.ATTAIN_BACKTEST_LEASE_MS = String(LEASE_MS);
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
    const started = await api.graphql<{ startBacktest: { id: string } }>(
      `mutation { startBacktest(input: { baseline: { planId: "simple" }, candidates: [{ planId: "simple", version: 1 }],
         from: "2025-Q1", to: "2025-Q1" }) { ... on Backtest { id } } }`,
      {},
      api.keys.admin,
    );
    templateId = decodeGlobalID(started.data?.startBacktest.id ?? '').id;
    for (;;) {
      const job = await api.repositories.backtests.findById(templateId);
      if (job?.status === 'complete') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  afterAll(() => {
    delete process.env.ATTAIN_BACKTEST_LEASE_MS;
    for (const started of children) if (started.exitCode === null) started.kill('SIGKILL');
  });

  it('leaves a job alone while its process writes heartbeats, and ends it INTERRUPTED exactly once after the process is killed, with two processes taking over', async () => {
    const holder = child('hold', templateId);
    const jobId = await holder.line('JOB ');
    // Longer than the lease: the heartbeats keep it.
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 1_000));
    expect(await api.app.backtestJobs.reapAbandoned()).toEqual([]);
    expect((await api.repositories.backtests.findById(jobId))?.status).toBe('queued');

    holder.process.kill('SIGKILL');
    // Two more API processes race to take the abandoned job over.
    const reapers = [child('reap', jobId), child('reap', jobId)];
    const results = reapers.map((reaper) => reaper.line('REAPED '));
    for (const reaper of reapers) reaper.process.stdin?.write('go\n');
    const reaped = (await Promise.all(results)).map((text) => JSON.parse(text) as string[]);
    expect(reaped.flat()).toEqual([jobId]);

    const job = await api.repositories.backtests.findById(jobId);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
    const leases = await store.db
      .collection('backtest_leases')
      .find({ jobId })
      .sort({ attempt: 1 })
      .toArray();
    expect(leases.map((lease) => lease.attempt)).toEqual([1, 2]);
    // Three API processes start under tsx: on a loaded machine that alone can take a minute.
  }, 180_000);
});
