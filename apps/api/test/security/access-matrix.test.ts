import { getNamedType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import type { Role } from '../../src/auth/roles.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { callOf, type Root, SCHEMA_FIELDS } from './sample-calls.js';

/** A caller: one of the four key roles, or a request with no key. */
type Caller = Role | 'none';
const CALLERS: readonly Caller[] = ['none', 'admin', 'analyst', 'participant', 'service'];

const READERS: Caller[] = ['admin', 'analyst', 'service'];
const ADMIN: Caller[] = ['admin'];

/**
 * Who may call each root field: the access policy of docs/security.md, written out. Every query,
 * mutation and subscription of the schema must have an entry, so a new field fails this test until someone decides
 * who may call it. Fields a participant key may call are called with its own participant id.
 */
const EXPECTED: Record<string, Caller[]> = {
  'Query.health': ['none', 'admin', 'analyst', 'participant', 'service'],
  'Query.node': ['admin', 'analyst', 'participant', 'service'],
  'Query.participants': [...READERS, 'participant'],
  'Query.assignments': [...READERS, 'participant'],
  'Query.goals': [...READERS, 'participant'],
  'Query.statements': [...READERS, 'participant'],
  'Query.accounts': READERS,
  'Query.teams': READERS,
  'Query.facts': READERS,
  'Query.factChangesSinceRun': READERS,
  'Query.teamTotals': READERS,
  'Query.estimatePayout': [...READERS, 'participant'],
  'Query.exchangeRates': READERS,
  'Query.exchangeRatesConnection': READERS,
  'Query.plans': READERS,
  'Query.plan': READERS,
  'Query.payoutRuns': READERS,
  'Query.validatePlan': ['admin', 'analyst'],
  'Query.backtest': READERS,
  'Query.backtests': READERS,
  'Query.backtestExplanation': READERS,
  'Query.apiKeys': ADMIN,
  'Query.apiKeysConnection': ADMIN,
  'Query.viewer': ['admin', 'analyst', 'participant', 'service'],
  'Query.auditLog': ADMIN,
  'Mutation.createApiKey': ADMIN,
  'Mutation.revokeApiKey': ADMIN,
  'Mutation.importParticipants': ADMIN,
  'Mutation.importTeams': ADMIN,
  'Mutation.importAccounts': ADMIN,
  'Mutation.importGoals': ADMIN,
  'Mutation.importAssignments': ADMIN,
  'Mutation.importFacts': ADMIN,
  'Mutation.deleteFacts': ADMIN,
  'Mutation.compactFacts': ADMIN,
  'Mutation.createPlan': ADMIN,
  'Mutation.savePlanDraft': ADMIN,
  'Mutation.publishPlanVersion': ADMIN,
  'Mutation.calculatePayouts': ['admin', 'analyst'],
  'Mutation.approvePayoutRun': ADMIN,
  'Mutation.addPayoutAdjustment': ADMIN,
  'Mutation.exportPayroll': ADMIN,
  'Query.payoutAdjustments': READERS,
  'Query.payoutDisputes': ADMIN,
  'Query.heldPayouts': ['admin', 'analyst'],
  'Mutation.raisePayoutDispute': ['participant'],
  'Mutation.answerPayoutDispute': ADMIN,
  'Mutation.resolvePayoutDisputeByAdjustment': ADMIN,
  'Mutation.rejectPayoutDispute': ADMIN,
  'Mutation.setExchangeRates': ADMIN,
  'Mutation.startBacktest': ['admin', 'analyst'],
  'Mutation.cancelBacktest': ['admin', 'analyst'],
  'Mutation.restartBacktest': ADMIN,
  'Subscription.backtestProgress': READERS,
};

describe('access matrix generated from the schema', () => {
  const store = useTestDatabase();
  let api: TestApp;

  /**
   * Calls a root field as a client would: a subscription over server-sent events, answered by its
   * first event (a refusal is the only event, with the status of the stream).
   */
  async function call(root: Root, query: string, variables: Record<string, unknown>, key?: string) {
    if (root !== 'subscription') return api.graphql(query, variables, key);
    const { status, events } = await api.subscribe(query, variables, key);
    return { status, ...events[0] };
  }

  let revokedAdminKey: string;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    const revoked = await createApiKey(api.repositories, {
      name: 'revoked admin',
      role: 'admin',
      participantId: null,
    });
    await api.repositories.apiKeys.revoke(revoked.key.id);
    revokedAdminKey = revoked.secret;
  });

  it('has an expected-access entry for every query, mutation and subscription field, and none for removed ones', () => {
    const names = SCHEMA_FIELDS.map(({ name }) => name).sort();
    expect(names).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(SCHEMA_FIELDS)(
    '$name is allowed to exactly the roles of the table',
    async ({ root, name, field }) => {
      const { query, variables } = callOf(root, field);
      const seen: Caller[] = [];
      for (const caller of CALLERS) {
        const response = await call(root, query, variables, caller === 'none' ? undefined : api.keys[caller]);
        const codes = (response.errors ?? []).map((error) => error.extensions?.code);
        const denied = codes.some((code) => code === 'UNAUTHENTICATED' || code === 'FORBIDDEN');
        if (denied) {
          // A refusal says only that: no data, and the status matches the code.
          expect(response.data?.[field.name] ?? null, `${caller} got data from ${name}`).toBeNull();
          expect(response.status).toBe(caller === 'none' ? 401 : 403);
          continue;
        }
        // Anything else than a refusal must be a well-formed call: the generator's sample arguments
        // are valid, so a GraphQL error here means the generator (not the policy) is wrong.
        const invalid = (response.errors ?? []).filter(
          (error) => error.extensions?.code === 'GRAPHQL_VALIDATION_FAILED',
        );
        expect(invalid, `${name} as ${caller}: ${JSON.stringify(response.errors)}`).toEqual([]);
        seen.push(caller);
      }
      expect(seen).toEqual(CALLERS.filter((caller) => EXPECTED[name]?.includes(caller)));
    },
  );

  const TAKES_IDS = SCHEMA_FIELDS.filter(
    ({ name, field }) =>
      !EXPECTED[name]?.includes('none') && field.args.some((arg) => getNamedType(arg.type).name === 'ID'),
  );

  it.each(TAKES_IDS)(
    '$name answers a malformed id with 401 without a key, and as a missing record with one',
    async ({ root, field }) => {
      const { query, variables } = callOf(root, field);
      for (const arg of field.args)
        if (getNamedType(arg.type).name === 'ID') variables[arg.name] = 'not a global id';
      const anonymous = await call(root, query, variables);
      expect(anonymous.status).toBe(401);
      expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      const admin = await call(root, query, variables, api.keys.admin);
      expect(JSON.stringify(admin)).not.toContain('Invalid global ID');
    },
  );

  it.each(SCHEMA_FIELDS.filter(({ name }) => !EXPECTED[name]?.includes('none')))(
    '$name answers a wrong key and a revoked admin key exactly as it answers no key',
    async ({ root, field }) => {
      const { query, variables } = callOf(root, field);
      const missing = await call(root, query, variables);
      expect(missing.status).toBe(401);
      expect(await call(root, query, variables, 'attain_wrong-key')).toEqual(missing);
      expect(await call(root, query, variables, revokedAdminKey)).toEqual(missing);
    },
  );
});
