import type { GraphQLFieldResolver } from 'graphql';
import type { Context } from '../context.js';
import { ConflictError } from '../db/errors.js';
import { AppError } from '../errors.js';

const SECRET_NAME = /secret|password|token/i;
const MAX_VALUE = 200;

/** Arguments as the audit log keeps them: lists by size, long text cut, secrets dropped. */
export function summarizeArguments(args: Record<string, unknown>): Record<string, string> {
  const summary: Record<string, string> = {};
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined) continue;
    // Mongo refuses "." in field names and "$" at the start; argument names never have them,
    // but input object keys could, and the summary is stored as a document.
    const key = name.replaceAll('.', '_').replace(/^\$/, '_');
    if (SECRET_NAME.test(name)) summary[key] = '[redacted]';
    else if (Array.isArray(value)) summary[key] = `${value.length} item${value.length === 1 ? '' : 's'}`;
    else {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      summary[key] = text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}...` : text;
    }
  }
  return summary;
}

function codeOf(error: unknown): string {
  if (error instanceof AppError) return error.code;
  if (error instanceof ConflictError) return 'CONFLICT';
  return 'INTERNAL';
}

/**
 * Wraps a mutation resolver so the call is recorded: who (key id and role), what (mutation name,
 * argument summary), when, and the outcome ("ok" or the error code). The audit plugin writes the
 * entries when the operation ends.
 */
export function audited<Parent, Args extends Record<string, unknown>, Result>(
  resolve: (parent: Parent, args: Args, context: Context) => Promise<Result>,
): GraphQLFieldResolver<Parent, Context, Args, Promise<Result>> {
  return async (parent, args, context, info) => {
    const entry = {
      at: new Date(),
      keyId: context.apiKey?.id ?? null,
      role: context.apiKey?.role ?? null,
      mutation: info.fieldName,
      arguments: summarizeArguments(args),
      outcome: 'ok',
    };
    try {
      return await resolve(parent, args, context);
    } catch (error) {
      entry.outcome = codeOf(error);
      throw error;
    } finally {
      context.audit.push(entry);
    }
  };
}
