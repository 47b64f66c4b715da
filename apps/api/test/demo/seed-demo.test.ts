import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { type DemoResult, seedDemo } from '../../src/demo/seed-demo.js';
import { createRepositories, ensureAllIndexes } from '../../src/repositories/index.js';
import { useTestDatabase } from '../support/database.js';

describe('the demo dataset', () => {
  const store = useTestDatabase();
  let demo: DemoResult | null;

  beforeAll(async () => {
    await ensureAllIndexes(store.db);
    demo = await seedDemo(createRepositories(store.db), () => {});
  });

  it('loads three teams of four with the archetype plans published and one period calculated', async () => {
    expect(demo?.participants).toBe(12);
    expect(await store.db.collection('teams').countDocuments({})).toBe(3);
    const runs = await store.db
      .collection('payout_runs')
      .find({}, { projection: { _id: 0, planId: 1, periodId: 1, status: 1 } })
      .sort({ planId: 1 })
      .toArray();
    expect(runs).toEqual([
      { planId: 'portfolio', periodId: '2025-H2', status: 'complete' },
      { planId: 'renewal', periodId: '2025-Q4', status: 'complete' },
      { planId: 'team-performance', periodId: '2025-Q4', status: 'complete' },
    ]);
  });

  it('gives a working admin key that reads a statement with its explanation', async () => {
    const app = createApp({ db: store.db });
    const [statement] = await store.db.collection('payout_statements').find({}).limit(1).toArray();
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${demo?.adminKey}` },
      body: JSON.stringify({
        query:
          'query ($p: String!, $period: String!) { statements(participantId: $p, period: $period) { total { formatted } lines { component explanationText } } }',
        variables: { p: statement?.participantId, period: statement?.periodId },
      }),
    });
    const body = (await response.json()) as {
      data: { statements: { lines: { component: string; explanationText: string }[] }[] };
    };
    const lines = body.data.statements[0]?.lines ?? [];
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.explanationText.length > 0)).toBe(true);
  });

  it('leaves a database that already has plans alone', async () => {
    const before = await createRepositories(store.db).facts.current();
    expect(before.generation).toBeGreaterThan(0);
    expect(await seedDemo(createRepositories(store.db), () => {})).toBeNull();
    expect((await createRepositories(store.db).facts.current()).generation).toBe(before.generation);
  });
});
