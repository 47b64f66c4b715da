/**
 * A second API process for backtest-leases.test.ts, on the same database. Modes:
 * - `hold <templateJobId>`: stores a copy of a job, claims its lease and writes heartbeats, as a
 *   process running it does; prints `JOB <id>` and runs until killed.
 * - `reap <jobId>`: waits for "go" on stdin, then takes over abandoned jobs until that job has
 *   ended; prints `REAPED <json ids>`.
 */
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';
import { BacktestJobs, PROCESS_OWNER, startHeartbeat } from '../../src/backtests/backtest-jobs.js';
import { createRepositories } from '../../src/repositories/index.js';

const [mode, id] = process.argv.slice(2);
const client = await MongoClient.connect(process.env.LEASE_TEST_URI as string);
const repositories = createRepositories(client.db(process.env.LEASE_TEST_DB as string));
const jobs = new BacktestJobs(repositories);

if (mode === 'hold') {
  const template = await repositories.backtests.findById(id as string);
  if (!template) throw new Error(`no job ${id}`);
  const job = await repositories.backtests.create({
    request: template.request,
    periods: template.periods,
    currency: template.currency,
    createdBy: null,
  });
  await repositories.backtests.claimLease(job.id, 1, PROCESS_OWNER);
  startHeartbeat(repositories, job.id, 1);
  // The heartbeat timer is unref'd, as in the API; this keeps the process up until it is killed.
  setInterval(() => undefined, 60_000);
  console.log(`JOB ${job.id}`);
} else if (mode === 'reap') {
  await new Promise<void>((resolve) => {
    createInterface({ input: process.stdin }).once('line', () => resolve());
  });
  const reaped: string[] = [];
  for (;;) {
    reaped.push(...(await jobs.reapAbandoned()));
    const job = await repositories.backtests.findById(id as string);
    if (job && job.status !== 'queued' && job.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  console.log(`REAPED ${JSON.stringify(reaped)}`);
  await client.close();
  process.exit(0);
}
