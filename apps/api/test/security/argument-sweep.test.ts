/**
 * Every argument of every query and mutation, sent hostile values one at a time: empty, huge,
 * control characters, operator-looking text, out-of-range numbers, malformed ids and periods.
 * Each call must end as a refusal a client can act on (a coded error or a typed error result),
 * never as a masked internal error. Generated from the schema, so a new argument is swept at once.
 */
import {
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { seedPayouts } from './payout-fixture.js';
import { callOf, SCHEMA_FIELDS } from './sample-calls.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Hostile strings: each is a plausible mistake or attack on a text argument. */
const HOSTILE_STRINGS = [
  '',
  '   ',
  'x'.repeat(20_000),
  'nul\u0000and\u202ebidi',
  '{"$gt": ""}',
  '$where',
  '../../etc/passwd',
  '2025-Q5',
  '0000-00',
  '9999-12-31T99:99',
  'naïve 😀',
];
const HOSTILE_INTS = [-1, 0, 2_147_483_647, -2_147_483_648];
/** Malformed and misdirected global ids: another type's id, an empty id, one of raw bytes. */
const HOSTILE_IDS = [
  '',
  'not a global id',
  base64('Plan:'),
  base64('Nope:x'),
  base64('\u0000:\u0000'),
  base64('PayoutRun:../x'),
];
const HOSTILE_DAYS = ['2025-02-30', '0000-01-01', '99999-01-01', ''];

/** Ids and periods of `seedPayouts`' records, by argument name. */
const SEEDED: Record<string, string> = { planId: 'simple', participantId: 'p-ann', period: '2025-Q1' };

/** The required part of a value: the sample values `callOf` uses, so one leaf at a time is hostile. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields()))
      if (isNonNullType(field.type)) value[field.name] = sample(field.type);
    return value;
  }
  const name = getNamedType(type).name;
  if (name === 'Day') return '2025-01-01';
  if (name === 'Int' || name === 'MinorUnits' || name === 'Float') return 1;
  if (name === 'Boolean') return false;
  if (name === 'Attributes') return {};
  return 'sample';
}

/** Values of `type` with exactly one hostile leaf each (a leaf inside a list or an input object). */
function hostileValues(type: GraphQLInputType, depth = 0): unknown[] {
  if (isNonNullType(type)) return hostileValues(type.ofType, depth);
  if (depth > 3) return [];
  if (isListType(type)) {
    const inner = type.ofType as GraphQLInputType;
    return [
      ...hostileValues(inner, depth + 1).map((value) => [value]),
      Array.from({ length: 2_000 }, () => sample(inner)),
    ];
  }
  if (isEnumType(type)) return type.getValues().map((value) => value.value);
  if (isInputObjectType(type)) {
    const base = sample(type) as Record<string, unknown>;
    return Object.values(type.getFields()).flatMap((field) =>
      hostileValues(field.type, depth + 1).map((value) => ({ ...base, [field.name]: value })),
    );
  }
  if (!isScalarType(type)) return [];
  switch (type.name) {
    case 'Int':
    case 'MinorUnits':
      return HOSTILE_INTS;
    case 'Float':
      return [-1, 0, 1e308];
    case 'Boolean':
      return [true, false];
    case 'ID':
      return HOSTILE_IDS;
    case 'Day':
      return HOSTILE_DAYS;
    case 'Attributes':
      return [{ $where: 'x' }, { 'a.b': 1 }, { nested: { deep: [1, { x: null }] } }];
    default:
      return HOSTILE_STRINGS;
  }
}

/** `... on Error { code }` where the field can return a typed error, so a coded INTERNAL is seen. */
function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return '';
  const errorInterface = schema.getType('Error');
  const canBeError =
    (isUnionType(named) || isInterfaceType(named)) &&
    isInterfaceType(errorInterface) &&
    schema
      .getPossibleTypes(named)
      .some((type) => isObjectType(type) && type.getInterfaces().includes(errorInterface));
  return canBeError ? '{ __typename ... on Error { code message } }' : '{ __typename }';
}

interface Call {
  name: string;
  argument: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Every field, every argument, every hostile value of it, with samples for the other required arguments. */
function sweep(): Call[] {
  const calls: Call[] = [];
  for (const { root, name, field } of SCHEMA_FIELDS) {
    if (root === 'subscription') continue;
    const { variables } = callOf(root, field);
    // Real records of the seeded data where an argument names one, so that a hostile value in
    // another argument meets the code past the lookup.
    for (const arg of field.args)
      if (arg.name in SEEDED && getNamedType(arg.type).name === 'String')
        variables[arg.name] = SEEDED[arg.name];
    const declarations = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
    const passes = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
    const head = declarations ? `${root} (${declarations})` : root;
    const query = `${head} { ${field.name}${passes ? `(${passes})` : ''} ${selectionOf(field)} }`;
    for (const arg of field.args)
      for (const value of hostileValues(arg.type))
        calls.push({ name, argument: arg.name, query, variables: { ...variables, [arg.name]: value } });
  }
  return calls;
}

describe('hostile values in every argument are refused with a code, never an internal error', () => {
  const store = useTestDatabase();
  let api: TestApp;
  const calls = sweep();

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
  });

  it('sweeps more than a thousand calls (the generator reaches the arguments)', () => {
    expect(calls.length).toBeGreaterThan(1_000);
  });

  it.each(SCHEMA_FIELDS.filter(({ root }) => root !== 'subscription'))(
    '$name answers every hostile argument without a 5xx or an INTERNAL code',
    async ({ name }) => {
      const failures: string[] = [];
      for (const call of calls.filter((candidate) => candidate.name === name)) {
        let response = await api.graphql(call.query, call.variables, api.keys.admin);
        // Fields only a participant may call (raising a dispute) are swept with a participant key.
        if (response.errors?.[0]?.extensions?.code === 'FORBIDDEN')
          response = await api.graphql(call.query, call.variables, api.keys.participant);
        const codes = (response.errors ?? []).map((error) => error.extensions?.code ?? 'NO_CODE');
        const typed = JSON.stringify(response.data ?? null).match(/"code":"INTERNAL"/);
        if (
          response.status >= 500 ||
          codes.some((code) => code === 'INTERNAL_SERVER_ERROR' || code === 'NO_CODE') ||
          typed
        ) {
          const shown = JSON.stringify(call.variables[call.argument]).slice(0, 80);
          failures.push(
            `${call.argument} = ${shown}: ${response.status} ${JSON.stringify(response.errors ?? response.data).slice(0, 300)}`,
          );
        }
      }
      expect(failures).toEqual([]);
    },
    300_000,
  );
});
