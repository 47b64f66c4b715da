import { beforeAll, describe, expect, it } from 'vitest';
import { vacuumFacts } from '../../src/facts/vacuum-facts.js';
import { PAYOUT_DATA, seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { importMutation } from '../support/org-fixtures.js';
import { usdOrder } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const CHANGES = `query ($run: ID!) {
  factChangesSinceRun(runId: $run) {
    __typename
    ... on FactChanges { sinceGeneration generation changes { kind accountExternalId added changed removed } }
    ... on Error { code message }
  }
}`;

describe('factChangesSinceRun', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let runId: string;
  const send = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>) =>
    api.graphql<T>(query, variables, api.keys.admin);

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts(send);
    const runs = await send<{
      payoutRuns: { edges: { node: { id: string; factsGeneration: number | null } }[] };
    }>('{ payoutRuns(first: 10) { edges { node { id factsGeneration } } } }', {});
    const run = runs.data?.payoutRuns.edges[0]?.node;
    expect(run?.factsGeneration).toBeGreaterThan(0);
    runId = run!.id;
  });

  it('reports nothing changed when no fact was written after the run', async () => {
    const response = await send<{ factChangesSinceRun: { changes: unknown[] } }>(CHANGES, { run: runId });
    expect(response.data?.factChangesSinceRun.changes).toEqual([]);
  });

  it('counts facts added, changed and removed per kind and account since the run read them', async () => {
    const [ann, ben] = PAYOUT_DATA.Facts;
    // Ann's order grows, a new order arrives, Ben's order is cancelled; the re-sent unchanged
    // fixture fact (Ann's before the change) would count for nothing.
    await send(importMutation('Facts'), {
      records: [{ ...ann, amount: 12_000_000 }, usdOrder('o-new', '2025-02-02', 500, 'p-ann')],
    });
    await send('mutation { deleteFacts(ids: ["o-ben"]) { __typename } }', {});
    expect(ben.id).toBe('o-ben');
    const response = await send<{ factChangesSinceRun: Record<string, unknown> }>(CHANGES, { run: runId });
    expect(response.data?.factChangesSinceRun).toMatchObject({
      __typename: 'FactChanges',
      changes: [{ kind: 'order', accountExternalId: 'a-one', added: 1, changed: 1, removed: 1 }],
    });
  });

  it('still answers after a vacuum, which keeps the generation the run read and the current one', async () => {
    const before = await send<{ factChangesSinceRun: Record<string, unknown> }>(CHANGES, { run: runId });
    const { sinceGeneration, generation } = before.data!.factChangesSinceRun as {
      sinceGeneration: number;
      generation: number;
    };
    const counts = await vacuumFacts(api.repositories, { graceMs: 0 });
    // The import's generation lies between the run's and the current one (the deletion came
    // after it), and nothing read it: it goes.
    expect(counts.generationsKept).toContain(sinceGeneration);
    expect(counts.generationsKept).toContain(generation);
    expect(counts.generationsKept).not.toContain(generation - 1);
    const after = await send<{ factChangesSinceRun: Record<string, unknown> }>(CHANGES, { run: runId });
    expect(after.data?.factChangesSinceRun).toEqual(before.data?.factChangesSinceRun);
  });
});
