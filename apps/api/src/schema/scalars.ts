import { GraphQLError, Kind } from 'graphql';
import { isIsoDay } from '../db/days.js';
import type { Attributes } from '../repositories/attributes.js';
import { builder } from './builder.js';

/** A calendar day 'YYYY-MM-DD'. */
export const DayScalar = builder.scalarType('Day', {
  description: 'A calendar day written \'YYYY-MM-DD\', e.g. "2025-03-31".',
  serialize: (value) => value as string,
  parseValue: (value) => {
    if (!isIsoDay(value))
      throw new GraphQLError(`Expected a calendar day written YYYY-MM-DD, got ${JSON.stringify(value)}.`);
    return value;
  },
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING || !isIsoDay(node.value)) {
      throw new GraphQLError('Expected a calendar day written YYYY-MM-DD, e.g. "2025-03-31".');
    }
    return node.value;
  },
});

/** Integer minor units beyond GraphQL's 32-bit Int (up to 2^53 - 1). */
export const MinorUnitsScalar = builder.scalarType('MinorUnits', {
  description:
    'An amount of money in integer minor units of its currency (cents for USD), up to 2^53 - 1. GraphQL Int stops at 2^31 - 1, about 21 million dollars.',
  serialize: (value) => value as number,
  parseValue: (value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new GraphQLError(
        `Expected a whole number of minor units (e.g. 123456 for 1,234.56), got ${JSON.stringify(value)}.`,
      );
    }
    return value;
  },
  parseLiteral: (node) => {
    if (node.kind !== Kind.INT || !Number.isSafeInteger(Number(node.value))) {
      throw new GraphQLError('Expected a whole number of minor units, e.g. 123456 for 1,234.56.');
    }
    return Number(node.value);
  },
});

/**
 * Free-form scalar attributes. Parsing only checks the shape is an object; names and values are
 * checked per record by the import validation, so a bad one comes back as a record error.
 */
export const AttributesScalar = builder.scalarType('Attributes', {
  description:
    'An object of free-form attributes: names without "$" at the start or "." anywhere, values that are strings, numbers or booleans.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new GraphQLError(`Expected an object of attributes, got ${JSON.stringify(value)}.`);
    }
    return value as Attributes;
  },
});
