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

/** Longest piece of a client's text an error message repeats. */
const MAX_QUOTED = 60;

/**
 * A client's id or name as an error message repeats it: in double quotes, and cut short with
 * its length when long, so a 1 MB id does not come back as a 1 MB error.
 */
export function quoted(text: string): string {
  if (text.length <= MAX_QUOTED) return `"${text}"`;
  return `"${text.slice(0, MAX_QUOTED - 3)}..." (${text.length.toLocaleString('en-US')} characters)`;
}
