import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { schema } from '../../src/schema/index.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, TEST_PARTICIPANT_ID, type TestApp } from '../support/test-app.js';

/** A caller: one of the four key roles, or a request with no key. */
type Caller = Role | 'none';
const CALLERS: readonly Caller[] = ['none', 'admin', 'analyst', 'participant', 'service'];

const READERS: Caller[] = ['admin', 'analyst', 'service'];
const ADMIN: Caller[] = ['admin'];

/**
 * Who may call each root field: the access policy of docs/security.md, written out. Every query and
 * mutation of the schema must have an entry, so a new field fails this test until someone decides
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
  'Query.teamTotals': READERS,
  'Query.exchangeRates': READERS,
  'Query.plans': READERS,
  'Query.plan': READERS,
  'Query.payoutRuns': READERS,
  'Query.validatePlan': ['admin', 'analyst'],
  'Query.backtest': READERS,
  'Query.backtests': READERS,
  'Query.apiKeys': ADMIN,
  'Query.auditLog': ADMIN,
  'Mutation.createApiKey': ADMIN,
  'Mutation.revokeApiKey': ADMIN,
  'Mutation.importParticipants': ADMIN,
  'Mutation.importTeams': ADMIN,
  'Mutation.importAccounts': ADMIN,
  'Mutation.importGoals': ADMIN,
  'Mutation.importAssignments': ADMIN,
  'Mutation.importFacts': ADMIN,
  'Mutation.createPlan': ADMIN,
  'Mutation.savePlanDraft': ADMIN,
  'Mutation.publishPlanVersion': ADMIN,
  'Mutation.calculatePayouts': ADMIN,
  'Mutation.setExchangeRates': ADMIN,
  'Mutation.startBacktest': ['admin', 'analyst'],
  'Mutation.cancelBacktest': ['admin', 'analyst'],
};

/**
 * A well-formed global id for an `ID` argument of `field`: relay decodes global ids before
 * authorization runs, so a malformed one would hide the policy behind "Invalid global ID".
 */
function sampleGlobalId(field: GraphQLField<unknown, unknown>): string {
  const returned = getNamedType(field.type);
  const types = isUnionType(returned) ? returned.getTypes() : isObjectType(returned) ? [returned] : [];
  const node = types.find((type) => type.getInterfaces().some((face) => face.name === 'Node'));
  return Buffer.from(`${node?.name ?? 'Participant'}:sample`).toString('base64');
}

/**
 * A harmless value of an input type: an empty list (so imports write nothing), the required fields
 * of an input object, a valid day, the first enum value. Arguments named like a participant get
 * the test participant, so a participant key's own-data fields are allowed on their merits.
 */
function sampleValue(type: GraphQLInputType, name: string, globalId: string): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, name, globalId);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type)) value[field.name] = sampleValue(field.type, field.name, globalId);
    }
    return value;
  }
  if (isScalarType(type)) {
    if (type.name === 'Day') return '2025-01-01';
    if (type.name === 'Int' || type.name === 'MinorUnits') return 1;
    if (type.name === 'Float') return 1;
    if (type.name === 'Boolean') return false;
    if (type.name === 'Attributes') return {};
    if (type.name === 'ID') return globalId;
    if (/participant/i.test(name)) return TEST_PARTICIPANT_ID;
    if (name === 'period') return '2025-Q1';
    return 'sample';
  }
  throw new Error(`no sample for input type ${String(type)}`);
}

/** One operation calling `field` with sample values for its required arguments. */
function callOf(root: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((arg) => isNonNullType(arg.type) || /participant/i.test(arg.name));
  const declarations = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passes = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const globalId = sampleGlobalId(field);
  const variables = Object.fromEntries(
    required.map((arg) => [arg.name, sampleValue(arg.type, arg.name, globalId)]),
  );
  const selection = isLeafType(getNamedType(field.type)) ? '' : '{ __typename }';
  const head = declarations ? `${root} (${declarations})` : root;
  return { query: `${head} { ${field.name}${passes ? `(${passes})` : ''} ${selection} }`, variables };
}

function rootFields(): { root: 'query' | 'mutation'; type: GraphQLObjectType }[] {
  return [
    { root: 'query', type: schema.getQueryType()! },
    { root: 'mutation', type: schema.getMutationType()! },
  ];
}

const SCHEMA_FIELDS = rootFields().flatMap(({ root, type }) =>
  Object.values(type.getFields()).map((field) => ({ root, name: `${type.name}.${field.name}`, field })),
);

describe('access matrix generated from the schema', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
  });

  it('has an expected-access entry for every query and mutation field, and none for removed ones', () => {
    const names = SCHEMA_FIELDS.map(({ name }) => name).sort();
    expect(names).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(SCHEMA_FIELDS)(
    '$name is allowed to exactly the roles of the table',
    async ({ root, name, field }) => {
      const { query, variables } = callOf(root, field);
      const seen: Caller[] = [];
      for (const caller of CALLERS) {
        const response = await api.graphql(
          query,
          variables,
          caller === 'none' ? undefined : api.keys[caller],
        );
        const codes = (response.errors ?? []).map((error) => error.extensions?.code);
        const denied = codes.some((code) => code === 'UNAUTHENTICATED' || code === 'FORBIDDEN');
        if (denied) {
          // A refusal says only that: no data, and the status matches the code.
          expect(response.data?.[field.name] ?? null, `${caller} got data from ${name}`).toBeNull();
          expect([401, 403, 200]).toContain(response.status);
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
});
