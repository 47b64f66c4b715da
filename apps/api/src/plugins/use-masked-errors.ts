import { GraphQLError } from 'graphql';
import { maskError, type YogaMaskedErrorOpts } from 'graphql-yoga';
import { isDatabaseUnavailable } from '../db/errors.js';
import { AppError } from '../errors.js';

/**
 * What a client reads while the database is down. A write cut short may have landed in part;
 * sending it again completes it (imports are idempotent, payout runs recalculate).
 */
export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database is not reachable. Try again in a moment; sending the same request again is safe.';

/** Error codes we raise on purpose; their messages are written for clients and stay visible. */
const PUBLIC_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT']);

/**
 * By name, not instanceof: graphql ships CommonJS and ES module builds, and plugins may load the
 * other one, so two GraphQLError classes can meet here.
 */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/**
 * Masked errors: anything unexpected becomes "Unexpected error." with no stack or detail (in
 * every environment), while GraphQL's own errors (bad query, wrong variable types, armor limits)
 * and the codes above pass through.
 */
export function maskedErrors(): YogaMaskedErrorOpts {
  return {
    errorMessage: 'Unexpected error.',
    maskError: (error, message) => {
      if (isDatabaseUnavailable(isGraphQLError(error) ? error.originalError : error)) {
        return new GraphQLError(DATABASE_UNAVAILABLE_MESSAGE, {
          nodes: isGraphQLError(error) ? error.nodes : undefined,
          path: isGraphQLError(error) ? error.path : undefined,
          extensions: { code: 'DATABASE_UNAVAILABLE', http: { status: 503 } },
        });
      }
      if (isGraphQLError(error)) {
        const code = error.extensions?.code;
        if (typeof code === 'string' && PUBLIC_CODES.has(code)) return error;
        // Validation plugin errors (InputValidationError, named PothosValidationError) carry the
        // argument path and the reason.
        if (error.originalError?.name === 'PothosValidationError') {
          error.extensions.code = 'BAD_USER_INPUT';
          return error;
        }
        // Expected failures (bad period, unknown id) thrown by queries, which have no typed
        // error results: their messages are written for clients.
        if (error.originalError instanceof AppError) {
          error.extensions.code = error.originalError.code;
          return error;
        }
      }
      return maskError(error, message, false);
    },
  };
}
