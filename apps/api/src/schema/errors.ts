import { ConflictError } from '../db/errors.js';
import { AppError, InvalidInputError, NotFoundError } from '../errors.js';
import { FactsChangedError } from '../repositories/facts.js';
import { builder } from './builder.js';

/** The code of any error class we expose. */
function codeOf(error: Error): string {
  if (error instanceof AppError) return error.code;
  if (error instanceof ConflictError) return 'CONFLICT';
  return 'INTERNAL';
}

/** The shared interface of every typed error result. */
export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'An expected failure, returned as data. Switch on `code`; `message` says how to fix it.',
  fields: (t) => ({
    code: t.string({ description: 'Stable machine-readable code, e.g. NOT_FOUND.', resolve: codeOf }),
    message: t.exposeString('message', { description: 'What went wrong and how to fix it.' }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The id names nothing this key may see (code NOT_FOUND).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: () => ({}),
});

builder.objectType(InvalidInputError, {
  name: 'InvalidInputError',
  description: 'An argument was refused (code INVALID_INPUT).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidInputError,
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The argument that was refused.' }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The write collided with an existing record (code CONFLICT).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
  fields: () => ({}),
});

builder.objectType(FactsChangedError, {
  name: 'FactsChangedError',
  description:
    'The facts changed while they were being read: a vacuum removed a block the read needed (code FACTS_CHANGED). Nothing was written; send the same request again.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof FactsChangedError,
  fields: () => ({}),
});
