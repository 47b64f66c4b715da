import type { Db } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { SIMPLE_PLAN_TEXT } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PUBLISH = `mutation ($planId: String!, $from: Day!, $to: Day, $text: String, $expected: Int) {
  publishPlanVersion(planId: $planId, effectiveFrom: $from, effectiveTo: $to, text: $text, expectedVersion: $expected) {
    __typename
    ... on PlanVersion { version effectiveFrom effectiveTo }
    ... on PlanHasErrors { diagnostics { code severity range { start { line column } } } }
    ... on Error { code message }
  }
}`;

const CREATE = `mutation ($id: String!, $name: String!) {
  createPlan(id: $id, name: $name) { __typename ... on Plan { externalId name } ... on Error { code message } }
}`;

describe('plans over GraphQL', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    const created = await api.graphql(CREATE, { id: 'simple', name: 'Simple revenue' }, api.keys.admin);
    expect(created.data).toEqual({
      createPlan: { __typename: 'Plan', externalId: 'simple', name: 'Simple revenue' },
    });
  });

  it('refuses a second plan with the same id as a typed conflict that names the id', async () => {
    const again = await api.graphql(CREATE, { id: 'simple', name: 'Other name' }, api.keys.admin);
    expect(again.data?.createPlan).toEqual({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      message: 'The plan id "simple" is taken (by the plan named "Simple revenue"); choose another id.',
    });
  });

  it('refuses a second plan with the same name as a conflict that names the name and its holder', async () => {
    const again = await api.graphql(CREATE, { id: 'simple-copy', name: 'Simple revenue' }, api.keys.admin);
    expect(again.data?.createPlan).toEqual({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      message:
        'The plan name "Simple revenue" is taken (by the plan with id "simple"); plan names are unique, choose another name.',
    });
  });

  it('refuses a plan name with a double quote, which no plan text could carry', async () => {
    const bad = await api.graphql(CREATE, { id: 'quoted', name: 'The "best" plan' }, api.keys.admin);
    expect(bad.data?.createPlan).toMatchObject({
      __typename: 'InvalidInputError',
      message:
        'A plan name cannot hold a double quote or a line break: published texts carry it as plan "<name>".',
    });
  });

  it('refuses a plan id with capitals or spaces and says what an id looks like', async () => {
    const bad = await api.graphql(CREATE, { id: 'My Plan', name: 'Mine' }, api.keys.admin);
    expect(bad.data?.createPlan).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT' });
    expect(JSON.stringify(bad.data)).toContain('lowercase letters, digits and dashes');
  });

  it('saves a draft with errors and returns diagnostics with line and column, not a GraphQL error', async () => {
    const text = 'plan "Simple revenue"\n  period fortnight\n';
    const saved = await api.graphql<{ savePlanDraft: { valid: boolean; diagnostics: unknown[] } }>(
      `mutation ($text: String!) { savePlanDraft(planId: "simple", text: $text) {
        __typename ... on PlanCheck { valid diagnostics { severity code range { start { line column } } } }
      } }`,
      { text },
      api.keys.admin,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data?.savePlanDraft.valid).toBe(false);
    // "fortnight" is on line 2, after "  period " (9 characters): column 10.
    expect(saved.data?.savePlanDraft.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        range: expect.objectContaining({ start: { line: 2, column: 10 } }),
      }),
    );
    const plan = await api.graphql<{ plan: { draftText: string } }>(
      '{ plan(id: "simple") { draftText } }',
      {},
      api.keys.admin,
    );
    expect(plan.data?.plan.draftText).toBe(text);
  });

  it('refuses to publish text with errors, and stores no version', async () => {
    const before = await snapshotPlans(store.db);
    const result = await api.graphql(
      PUBLISH,
      { planId: 'simple', from: '2025-01-01', text: 'plan "Simple revenue"\n  period fortnight\n' },
      api.keys.admin,
    );
    expect(result.data?.publishPlanVersion).toMatchObject({ __typename: 'PlanHasErrors' });
    expect(await snapshotPlans(store.db)).toEqual(before);
  });

  it('refuses an effective range that ends before it starts', async () => {
    const result = await api.graphql(
      PUBLISH,
      { planId: 'simple', from: '2025-06-01', to: '2025-05-31', text: SIMPLE_PLAN_TEXT },
      api.keys.admin,
    );
    expect(result.data?.publishPlanVersion).toMatchObject({ __typename: 'InvalidInputError' });
  });

  it('numbers published versions 1, 2, ... and keeps each text unchanged', async () => {
    const first = await api.graphql(
      PUBLISH,
      { planId: 'simple', from: '2025-01-01', text: SIMPLE_PLAN_TEXT },
      api.keys.admin,
    );
    expect(first.data?.publishPlanVersion).toEqual({
      __typename: 'PlanVersion',
      version: 1,
      effectiveFrom: '2025-01-01',
      effectiveTo: null,
    });
    const changed = SIMPLE_PLAN_TEXT.replace('above 150%: 150%', 'above 150%: 160%').replace(
      'from 50% up to and including 150%: 50% to 150%',
      'from 50% up to and including 150%: 50% to 160%',
    );
    const second = await api.graphql(
      PUBLISH,
      { planId: 'simple', from: '2025-07-01', text: changed },
      api.keys.admin,
    );
    expect(second.data?.publishPlanVersion).toMatchObject({ version: 2 });

    const versions = await api.graphql<{ plan: { versions: { version: number; text: string }[] } }>(
      '{ plan(id: "simple") { versions { version text } } }',
      {},
      api.keys.analyst,
    );
    expect(versions.data?.plan.versions).toEqual([
      { version: 1, text: SIMPLE_PLAN_TEXT },
      { version: 2, text: changed },
    ]);
  });

  it('diffs two versions line by line', async () => {
    const diff = await api.graphql<{ plan: { diff: { data: { change: string; text: string }[] } } }>(
      '{ plan(id: "simple") { diff(from: 1, to: 2) { ... on PlanDiffSuccess { data { change oldLine newLine text } } } } }',
      {},
      api.keys.analyst,
    );
    const changes = diff.data?.plan.diff.data.filter((line) => line.change !== 'same');
    // Lines 11 and 12 of the text changed: each is removed and added back with the new rate.
    expect(changes).toEqual([
      {
        change: 'removed',
        oldLine: 11,
        newLine: null,
        text: '    from 50% up to and including 150%: 50% to 150%',
      },
      { change: 'removed', oldLine: 12, newLine: null, text: '    above 150%: 150%' },
      {
        change: 'added',
        oldLine: null,
        newLine: 11,
        text: '    from 50% up to and including 150%: 50% to 160%',
      },
      { change: 'added', oldLine: null, newLine: 12, text: '    above 150%: 160%' },
    ]);
  });

  it('lets exactly one of 10 concurrent publishes based on version 2 win; the others get a conflict', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.graphql<{ publishPlanVersion: { __typename: string } }>(
          PUBLISH,
          { planId: 'simple', from: '2026-01-01', text: SIMPLE_PLAN_TEXT, expected: 2 },
          api.keys.admin,
        ),
      ),
    );
    const kinds = results.map((result) => result.data?.publishPlanVersion.__typename).sort();
    const winners = kinds.filter((kind) => kind === 'PlanVersion');
    expect(winners).toHaveLength(1);
    expect(kinds.filter((kind) => kind !== 'PlanVersion').every((kind) => kind === 'ConflictError')).toBe(
      true,
    );
    expect(await store.db.collection('plan_versions').countDocuments({ planId: 'simple' })).toBe(3);
  });

  it('answers a diff with a version that does not exist with NotFoundError', async () => {
    const diff = await api.graphql(
      '{ plan(id: "simple") { diff(from: 1, to: 99) { __typename ... on Error { code message } } } }',
      {},
      api.keys.analyst,
    );
    expect(diff.data?.plan).toEqual({
      diff: { __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Plan "simple" has no version 99.' },
    });
  });

  it('validates text for editors without writing anything', async () => {
    const before = await snapshotPlans(store.db);
    const check = await api.graphql<{
      validatePlan: { valid: boolean; measures: { key: string }[]; maxPayout: number };
    }>(
      'query ($text: String!) { validatePlan(text: $text) { valid maxPayout measures { factKind field scope } } }',
      { text: SIMPLE_PLAN_TEXT },
      api.keys.analyst,
    );
    expect(check.data?.validatePlan).toMatchObject({
      valid: true,
      // The curve tops out at 150% of a 100%-weight component.
      maxPayout: 1.5,
      measures: [{ factKind: 'order', field: 'amount', scope: 'individual' }],
    });
    expect(await snapshotPlans(store.db)).toEqual(before);
  });

  it('keeps plans from participant keys and writes from non-admin keys', async () => {
    const read = await api.graphql('{ plan(id: "simple") { name } }', {}, api.keys.participant);
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const write = await api.graphql(CREATE, { id: 'sneaky', name: 'Sneaky' }, api.keys.analyst);
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await store.db.collection('plans').countDocuments({ _id: 'sneaky' as never })).toBe(0);
  });
});

async function snapshotPlans(db: Db) {
  return {
    plans: await db.collection('plans').find({}).sort({ _id: 1 }).toArray(),
    versions: await db.collection('plan_versions').find({}).sort({ _id: 1 }).toArray(),
  };
}

describe('the plan record owns its name', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    for (const [id, name] of [
      ['simple', 'Simple revenue'],
      ['simple-test', 'Simple revenue (test copy)'],
    ]) {
      const created = await api.graphql(CREATE, { id, name }, api.keys.admin);
      expect(created.data?.createPlan).toMatchObject({ __typename: 'Plan' });
    }
  });

  it("publishes one text to a second plan under that plan's name, changing only the plan line", async () => {
    const published = await api.graphql<{ publishPlanVersion: { version: number; text: string } }>(
      `mutation ($text: String!) { publishPlanVersion(planId: "simple-test", effectiveFrom: "2025-01-01", text: $text) {
        __typename ... on PlanVersion { version text } ... on Error { code message } } }`,
      { text: SIMPLE_PLAN_TEXT },
      api.keys.admin,
    );
    expect(SIMPLE_PLAN_TEXT.startsWith('plan "Simple revenue"\n')).toBe(true);
    expect(published.data?.publishPlanVersion).toEqual({
      __typename: 'PlanVersion',
      version: 1,
      text: SIMPLE_PLAN_TEXT.replace('plan "Simple revenue"', 'plan "Simple revenue (test copy)"'),
    });
  });

  it('publishes the same text to the plan it names unchanged', async () => {
    const published = await api.graphql<{ publishPlanVersion: { text: string } }>(
      `mutation ($text: String!) { publishPlanVersion(planId: "simple", effectiveFrom: "2025-01-01", text: $text) {
        ... on PlanVersion { text } ... on Error { code message } } }`,
      { text: SIMPLE_PLAN_TEXT },
      api.keys.admin,
    );
    expect(published.data?.publishPlanVersion).toEqual({ text: SIMPLE_PLAN_TEXT });
  });
});
