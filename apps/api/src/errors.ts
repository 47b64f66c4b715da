/**
 * Expected failures: each has a stable `code` clients can switch on. Resolvers throw these and
 * the errors plugin turns them into typed results (schema/errors.ts); anything else is a bug and
 * is masked.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The id names nothing this key may see. */
export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** An argument is well-typed but unacceptable; `field` names it. */
export class InvalidInputError extends AppError {
  override name = 'InvalidInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('INVALID_INPUT', message);
  }
}
