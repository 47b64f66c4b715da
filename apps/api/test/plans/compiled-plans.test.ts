import { beforeAll, describe, expect, it } from 'vitest';
import { CompiledPlanCache } from '../../src/plans/compiled-plans.js';
import type { PlanVersion } from '../../src/repositories/plans.js';
import { CALCULATE_Q1, PLAN_TEXT, seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const VERSION_CHECKS =
  '{ plan(id: "simple") { versions { version check { valid maxPayout components { component max } } } } }';

/** Version 1 with its curve running on to 200% instead of stopping at 150%. */
const STEEPER_TEXT = PLAN_TEXT.replace(
  'from 50% up to and including 150%: 50% to 150%\n    above 150%: 150%',
  'from 50% up to and including 200%: 50% to 200%\n    above 200%: 200%',
);

const version = (id: string, text: string): PlanVersion => ({
  id,
  planId: id.split('@')[0] as string,
  version: Number(id.split('@')[1]),
  text,
  effectiveFrom: '2025-01-01',
  effectiveTo: null,
  publishedAt: new Date(0),
  publishedBy: null,
});

describe('compiled published versions are cached by version id', () => {
  const store = useTestDatabase();
  let seeded: TestApp;

  beforeAll(async () => {
    seeded = await createTestApp(store.db);
    await seedPayouts((query, variables) => seeded.graphql(query, variables, seeded.keys.admin));
    const published = await seeded.graphql(
      `mutation ($text: String!) { publishPlanVersion(planId: "simple", effectiveFrom: "2025-04-01", text: $text) { __typename } }`,
      { text: STEEPER_TEXT },
      seeded.keys.admin,
    );
    expect(published.data).toEqual({ publishPlanVersion: { __typename: 'PlanVersion' } });
  });

  it('checks a version once: a second PlanVersion.check is answered from the cache', async () => {
    // A new app over the same database starts with an empty cache, as a restarted server does.
    const api = await createTestApp(store.db);
    const first = await api.graphql(VERSION_CHECKS, {}, api.keys.admin);
    expect(api.repositories.compiledPlans.stats().checks).toBe(2);
    const second = await api.graphql(VERSION_CHECKS, {}, api.keys.admin);
    expect(second).toEqual(first);
    expect(api.repositories.compiledPlans.stats().checks).toBe(2);
  });

  it('compiles the versions once: a second calculation does not compile them again', async () => {
    const api = await createTestApp(store.db);
    const calculate = () => api.graphql(CALCULATE_Q1, {}, api.keys.admin);
    expect((await calculate()).data).toEqual({
      calculatePayouts: { __typename: 'PayoutRun', status: 'complete' },
    });
    // Both versions of the plan are compiled: the engine gets every version with its dates.
    expect(api.repositories.compiledPlans.stats().compilations).toBe(2);
    await calculate();
    expect(api.repositories.compiledPlans.stats().compilations).toBe(2);
  });

  it('keeps each version its own entry: versions 1 and 2 report their own payout ranges', async () => {
    const api = await createTestApp(store.db);
    const checks = await api.graphql<{
      plan: { versions: { version: number; check: { maxPayout: number } }[] };
    }>(VERSION_CHECKS, {}, api.keys.admin);
    // The curve of version 1 stops at 150% of target, the curve of version 2 at 200%.
    expect(checks.data?.plan.versions.map((v) => [v.version, v.check.maxPayout])).toEqual([
      [1, 1.5],
      [2, 2],
    ]);
  });

  it('publishing keeps what it checked, so the first calculation after it compiles nothing', async () => {
    // The seeding app published both versions and calculated 2025-Q1 once.
    expect(seeded.repositories.compiledPlans.stats()).toMatchObject({ compilations: 0, checks: 0, size: 2 });
  });

  it('never caches a draft: checking the draft leaves the cache as it was', async () => {
    const api = await createTestApp(store.db);
    const saved = await api.graphql(
      'mutation ($text: String!) { savePlanDraft(planId: "simple", text: $text) { ... on PlanCheck { valid } } }',
      { text: STEEPER_TEXT },
      api.keys.admin,
    );
    expect(saved.data).toEqual({ savePlanDraft: { valid: true } });
    await api.graphql('{ plan(id: "simple") { draftCheck { valid } } }', {}, api.keys.admin);
    expect(api.repositories.compiledPlans.stats()).toEqual({ compilations: 0, checks: 0, size: 0 });
  });
});

describe('CompiledPlanCache', () => {
  it('compiles again when an id comes back with other text (another database reusing the id)', () => {
    const cache = new CompiledPlanCache();
    const first = cache.compile(version('simple@1', PLAN_TEXT));
    const other = cache.compile(version('simple@1', STEEPER_TEXT));
    expect(cache.stats()).toMatchObject({ compilations: 2, size: 1 });
    expect(other.payoutRange?.plan.max).toBe(2);
    expect(first.payoutRange?.plan.max).toBe(1.5);
  });

  it('holds at most its capacity, dropping the least recently used version first', () => {
    const cache = new CompiledPlanCache(2);
    const [a, b, c] = ['simple@1', 'simple@2', 'simple@3'].map((id) => version(id, PLAN_TEXT));
    cache.compile(a!);
    cache.compile(b!);
    cache.compile(a!); // a is now the most recent, so c pushes b out.
    cache.compile(c!);
    expect(cache.stats()).toMatchObject({ compilations: 3, size: 2 });
    cache.compile(a!);
    expect(cache.stats().compilations).toBe(3);
    cache.compile(b!);
    expect(cache.stats().compilations).toBe(4);
  });
});
