/**
 * Calls of every root field generated from the schema, with harmless sample arguments, for the
 * tests that must cover each field (access matrix, audit log): a new field is covered at once.
 */
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { schema } from '../../src/schema/index.js';
import { TEST_PARTICIPANT_ID } from '../support/test-app.js';

/**
 * A well-formed global id for an `ID` argument, of the type relay records in the argument's
 * extensions when it decodes it (our id arguments are plain IDs decoded after authorization, see
 * schema/global-ids.ts; the access matrix also sends malformed ones).
 */
function sampleGlobalId(arg: GraphQLArgument): string {
  const accepted = (arg.extensions as { relayGlobalIDFor?: { typename: string }[] }).relayGlobalIDFor;
  return Buffer.from(`${accepted?.[0]?.typename ?? 'Participant'}:sample`).toString('base64');
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

/** The root operation types: subscriptions are called as server-sent events. */
export type Root = 'query' | 'mutation' | 'subscription';

/** One operation calling `field` with sample values for its required arguments. */
export function callOf(root: Root, field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((arg) => isNonNullType(arg.type) || /participant/i.test(arg.name));
  const declarations = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passes = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const variables = Object.fromEntries(
    required.map((arg) => [arg.name, sampleValue(arg.type, arg.name, sampleGlobalId(arg))]),
  );
  const selection = isLeafType(getNamedType(field.type)) ? '' : '{ __typename }';
  const head = declarations ? `${root} (${declarations})` : root;
  return { query: `${head} { ${field.name}${passes ? `(${passes})` : ''} ${selection} }`, variables };
}

function rootFields(): { root: Root; type: GraphQLObjectType }[] {
  return [
    { root: 'query', type: schema.getQueryType()! },
    { root: 'mutation', type: schema.getMutationType()! },
    { root: 'subscription', type: schema.getSubscriptionType()! },
  ];
}

/** Every root field of the schema, named `Query.x`, `Mutation.x` or `Subscription.x`. */
export const SCHEMA_FIELDS = rootFields().flatMap(({ root, type }) =>
  Object.values(type.getFields()).map((field) => ({ root, name: `${type.name}.${field.name}`, field })),
);
