/**
 * Statement reads are served from the API process's caches (PayoutRunsRepository): a period's
 * current runs for ATTAIN_RUN_CACHE_MS, dropped when a run of the period completes in the process,
 * and statements by id. The clock of these caches only moves when a test moves it, so nothing here
 * passes because time ran out on a slow machine.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { type CommandStartedEvent, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PayoutRunsRepository } from '../../src/repositories/payout-runs.js';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importRecords } from '../support/org-fixtures.js';
import { SIMPLE_PLAN_TEXT, usdOrder, usdParticipant } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const RUN_CACHE_MS = 1_000;

const CALCULATE = `mutation { calculatePayouts(planId: "simple", period: "2025-Q1") {
  ... on PayoutRun { id status } ... on Error { code message } } }`;

const STATEMENTS = `{ statements(participantId: "p-ann", period: "2025-Q1") {
  runId total { minorUnits } lines { explanationText } } }`;

interface StatementView {
  runId: string;
  total: { minorUnits: number };
  lines: { explanationText: string }[];
}

describe('statement reads from the caches', () => {
  const store = useTestDatabase();
  let monitored: MongoClient;
  const commands: CommandStartedEvent[] = [];
  let clock = 0;
  /** The process that calculates. */
  let api: TestApp;
  /** Another API process on the same database. */
  let other: TestApp;

  beforeAll(async () => {
    // Every command of both apps is recorded, to count round trips.
    monitored = await MongoClient.connect(inject('mongoUri'), { monitorCommands: true });
    monitored.on('commandStarted', (event) => commands.push(event));
    const db = monitored.db(store.db.databaseName);
    const ownCaches = () => ({
      payoutRuns: new PayoutRunsRepository(db, { runCacheMs: RUN_CACHE_MS, now: () => clock }),
    });
    api = await createTestApp(db, ownCaches());
    other = await createTestApp(db, ownCaches());
    await createPublishedPlan(api, { id: 'simple', name: 'Simple revenue', text: SIMPLE_PLAN_TEXT });
    await importRecords(api, {
      Participants: [usdParticipant('p-ann', 'Ann', 4_000_000)],
      Teams: [
        {
          id: 't-one',
          name: 'Team one',
          members: [{ participantId: 'p-ann', role: 'lead', from: '2020-01-01' }],
        },
      ],
      Accounts: [
        {
          id: 'a-one',
          name: 'Acme',
          teamId: 't-one',
          geography: 'EMEA',
          vertical: 'retail',
          segment: 'strategic',
        },
      ],
      Goals: [
        {
          id: 'g-ann',
          name: 'Quota',
          ownerId: 'p-ann',
          periodId: '2025-Q1',
          value: 10_000_000,
          currency: 'USD',
        },
      ],
      Facts: [usdOrder('o1', '2025-01-15', 6_000_000, 'p-ann')],
      Assignments: [{ id: 'as-ann', participantId: 'p-ann', planId: 'simple', from: '2025-01-01' }],
    });
  });

  afterAll(async () => {
    await monitored?.close();
  });

  /** The stored id of the run the calculation returned (statements show it as runId). */
  async function calculate(): Promise<string> {
    const result = await api.graphql<{ calculatePayouts: { id: string; status: string } }>(
      CALCULATE,
      {},
      api.keys.admin,
    );
    expect(result.data?.calculatePayouts.status, JSON.stringify(result)).toBe('complete');
    return decodeGlobalID(result.data!.calculatePayouts.id).id;
  }

  async function statementIn(app: TestApp): Promise<StatementView> {
    const result = await app.graphql<{ statements: StatementView[] }>(STATEMENTS, {}, app.keys.analyst);
    expect(result.data?.statements, JSON.stringify(result)).toHaveLength(1);
    return result.data!.statements[0]!;
  }

  async function addOrder(id: string, amountMinor: number): Promise<void> {
    await importRecords(api, { Facts: [usdOrder(id, '2025-02-15', amountMinor, 'p-ann')] });
  }

  it('reads a statement it read before with no database round trip', async () => {
    await calculate();
    const first = await statementIn(api);
    const before = commands.length;
    const again = await statementIn(api);
    const payoutReads = commands
      .slice(before)
      .filter((command) => String(command.command[command.commandName]).startsWith('payout_'));
    expect(payoutReads.map((command) => command.commandName)).toEqual([]);
    expect(again).toEqual(first);
    // 60,000.00 of a 100,000.00 quota: 60% on the 50%-150% line pays 60% of the quarter's target,
    // 40,000.00 / 4 = 10,000.00 -> 6,000.00.
    expect(again.total.minorUnits).toBe(600_000);
  });

  it('shows the new run on the first read after a recalculation completes in this process', async () => {
    const old = await statementIn(api);
    await addOrder('o2', 2_000_000);
    const newRun = await calculate();
    expect(newRun).not.toBe(old.runId);
    // The clock has not moved: only the completion can have dropped the cached run.
    const after = await statementIn(api);
    expect(after.runId).toBe(newRun);
    // 80,000.00 of 100,000.00: 80% of 10,000.00 = 8,000.00.
    expect(after.total.minorUnits).toBe(800_000);
  });

  it("shows another process's new run once ATTAIN_RUN_CACHE_MS has passed, and its cached run until then", async () => {
    const seen = await statementIn(other);
    await addOrder('o3', 2_000_000);
    const newRun = await calculate();
    // Within the window the other process still shows the run it read: the documented staleness.
    expect((await statementIn(other)).runId).toBe(seen.runId);
    clock += RUN_CACHE_MS;
    const after = await statementIn(other);
    expect(after.runId).toBe(newRun);
    // 100,000.00 of 100,000.00: 100% of 10,000.00.
    expect(after.total.minorUnits).toBe(1_000_000);
  });
});
